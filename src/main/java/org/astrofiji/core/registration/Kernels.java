package org.astrofiji.core.registration;

/**
 * One-axis interpolation weights. For a sample at position {@code x} (pixel centres at integers),
 * {@link #weights} fills one weight per tap and returns the index of the first tap; taps outside the
 * image are mirrored by {@link #mirror}.
 */
final class Kernels {

	/** Pole of the cubic B-spline's inverse filter. */
	static final double POLE = Math.sqrt(3) - 2;
	/** Taps of the cubic B-spline's cardinal (interpolating) kernel kept on each side beyond the 4 coefficient taps. */
	static final int CARDINAL_TAIL = 5;
	/** Taps of the cardinal kernel: the 4 coefficient taps plus the tails. */
	static final int CARDINAL_TAPS = 4 + 2 * CARDINAL_TAIL;

	private static final double[] COS3 = new double[6], SIN3 = new double[6];
	/** sqrt(3) z^d: the prefilter's impulse response at distance d, for every distance a cardinal tap needs. */
	private static final double[] PREFILTER = new double[CARDINAL_TAIL + 4];
	static {
		for (int d = 0; d < PREFILTER.length; d++) PREFILTER[d] = Math.sqrt(3) * Math.pow(POLE, d);
		// cos, sin of pi m / 3 for the Lanczos taps m = -2..3
		for (int m = -2; m <= 3; m++) {
			COS3[m + 2] = Math.cos(Math.PI * m / 3);
			SIN3[m + 2] = Math.sin(Math.PI * m / 3);
		}
	}

	private Kernels() {}

	/** Fills {@code w} (length {@code interpolation.taps}) and returns the index of the first tap. */
	static int weights(Interpolation interpolation, double x, double[] w) {
		switch (interpolation) {
			case NEAREST: {
				w[0] = 1;
				return (int) Math.floor(x + 0.5);
			}
			case BILINEAR: {
				int i = (int) Math.floor(x);
				double f = x - i;
				w[0] = 1 - f;
				w[1] = f;
				return i;
			}
			case CUBIC: {
				int i = (int) Math.floor(x);
				bspline(x - i, w);
				return i - 1;
			}
			default: {
				int i = (int) Math.floor(x);
				lanczos3(x - i, w);
				return i - 2;
			}
		}
	}

	/** Cubic B-spline weights of the taps -1, 0, 1, 2 for a fraction f in [0, 1). */
	static void bspline(double f, double[] w) {
		double g = 1 - f, f2 = f * f, g2 = g * g;
		w[0] = g2 * g / 6;
		w[1] = 2.0 / 3 - f2 + 0.5 * f2 * f;
		w[2] = 2.0 / 3 - g2 + 0.5 * g2 * g;
		w[3] = f2 * f / 6;
	}

	/**
	 * Lanczos-3 weights of the taps -2..3 for a fraction f in [0, 1), normalized to sum 1: linear
	 * interpolation in a table at 1/{@link #LANCZOS_STEPS} px steps (within 1e-7 of the exact weights;
	 * the sines would cost most of the resampling time), exactly the pixel itself at f = 0.
	 */
	static void lanczos3(double f, double[] w) {
		double u = f * LANCZOS_STEPS;
		int k = (int) u;
		double a = u - k;
		int p = k * 6;
		for (int i = 0; i < 6; i++) w[i] = LANCZOS[p + i] + a * (LANCZOS[p + 6 + i] - LANCZOS[p + i]);
	}

	static final int LANCZOS_STEPS = 4096;
	private static final double[] LANCZOS = new double[(LANCZOS_STEPS + 1) * 6];
	static {
		double[] w = new double[6];
		for (int k = 0; k <= LANCZOS_STEPS; k++) {
			lanczos3Exact((double) k / LANCZOS_STEPS, w);
			System.arraycopy(w, 0, LANCZOS, k * 6, 6);
		}
	}

	/**
	 * The exact normalized Lanczos-3 weights, sinc(t) sinc(t / 3) at t = f - m: sin(pi (f - m)) =
	 * (-1)^m sin(pi f), and sin(pi (f - m) / 3) by the angle sum; integer f give the single pixel.
	 */
	static void lanczos3Exact(double f, double[] w) {
		if (f == 0 || f == 1) {
			for (int k = 0; k < 6; k++) w[k] = k == (f == 0 ? 2 : 3) ? 1 : 0;
			return;
		}
		double s1 = Math.sin(Math.PI * f), s3 = Math.sin(Math.PI * f / 3), c3 = Math.cos(Math.PI * f / 3);
		double sum = 0;
		for (int k = 0; k < 6; k++) {
			int m = k - 2;
			double t = f - m;
			double a = (m % 2 == 0 ? s1 : -s1) * (s3 * COS3[k] - c3 * SIN3[k]);
			w[k] = 3 * a / (Math.PI * Math.PI * t * t);
			sum += w[k];
		}
		for (int k = 0; k < 6; k++) w[k] /= sum;
	}

	/**
	 * Effective weights on the original pixels of the cubic spline at fraction f (prefilter and
	 * B-spline together: the cardinal spline), for the taps -1 - tail .. 2 + tail with tail =
	 * {@link #CARDINAL_TAIL}; the first tap is at floor(x) - 1 - tail. The prefilter's impulse response
	 * is sqrt(3) z^|d|, z = {@link #POLE}; the kept taps carry all but ~1e-7 of the squared weight.
	 */
	static void cardinal(double f, double[] bspline, double[] w) {
		bspline(f, bspline);
		for (int k = 0; k < CARDINAL_TAPS; k++) {
			int n = k - 1 - CARDINAL_TAIL;
			double s = 0;
			for (int m = -1; m <= 2; m++) s += bspline[m + 1] * PREFILTER[Math.abs(m - n)];
			w[k] = s;
		}
	}

	/** Index of tap {@code i} in a line of n samples extended by mirroring about the first and last sample. */
	static int mirror(int i, int n) {
		if (i >= 0 && i < n) return i;
		if (n == 1) return 0;
		int period = 2 * n - 2;
		int j = Math.floorMod(i, period);
		return j < n ? j : period - j;
	}
}
