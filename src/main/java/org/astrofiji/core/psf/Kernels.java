package org.astrofiji.core.psf;

/**
 * Kernels and stamps made from PSF profiles: sampled at pixel centres or integrated over pixels,
 * normalized to sum 1, odd-sized and centred on the middle pixel (rows = y).
 */
public final class Kernels {

	private Kernels() {}

	/**
	 * The half-size of a stamp holding all but {@code tail} of a profile's light: its
	 * {@link Profile#radiusOutside radius} rounded up, plus one pixel for sub-pixel centring.
	 */
	public static int radius(Profile p, double tail) {
		return (int) Math.ceil(p.radiusOutside(tail) + 1);
	}

	/** A size x size kernel of the profile sampled at pixel centres, normalized to sum 1. */
	public static Kernel sampled(Profile p, int size) {
		checkSize(size);
		int c = size / 2;
		double[] k = new double[size * size];
		for (int j = 0; j < size; j++) for (int i = 0; i < size; i++) k[j * size + i] = p.value(i - c, j - c);
		return Kernel.wrap(k, size, size).normalized();
	}

	/**
	 * A size x size stamp of the profile integrated over each pixel ({@link Profile#pixel}), for a
	 * source at offset (fx, fy) from the stamp's central pixel, normalized to sum 1: the light a point
	 * source puts in each pixel.
	 */
	public static Kernel integrated(Profile p, int size, double fx, double fy) {
		return Kernel.wrap(integratedValues(p, size, fx, fy), size, size);
	}

	/**
	 * {@link #integrated}'s values, row-major, in a new array the caller owns: one allocation per stamp,
	 * for renderers that make thousands.
	 */
	public static double[] integratedValues(Profile p, int size, double fx, double fy) {
		checkSize(size);
		int c = size / 2;
		double[] k = new double[size * size];
		for (int j = 0; j < size; j++) for (int i = 0; i < size; i++) k[j * size + i] = p.pixel(i - c - fx, j - c - fy);
		return Kernel.normalize(k);
	}

	/** The 1-D Gaussian exp(-i^2 / (2 sigma^2)) for i = -radius .. radius, 1 at the centre (not normalized). */
	public static double[] gaussianProfile(double sigma, int radius) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be > 0 (got " + sigma + ")");
		if (radius < 0) throw new IllegalArgumentException("radius must be >= 0 (got " + radius + ")");
		double[] g = new double[2 * radius + 1];
		double s2 = sigma * sigma;
		for (int i = -radius; i <= radius; i++) g[i + radius] = Gaussian.shape(i * i, s2);
		return g;
	}

	/** A round Gaussian of this FWHM sampled at pixel centres, size x size, separable, normalized to sum 1. */
	public static Kernel gaussian(double fwhm, int size) {
		checkSize(size);
		double[] g = gaussianProfile(Gaussian.sigma(fwhm), size / 2);
		return Kernel.separable(g, g).normalized();
	}

	/**
	 * Divides a float kernel by its float32 sum as numpy sums it ({@code k /= k.sum()} on a float32
	 * array): tools built on numpy (astroscrappy) normalize their kernels this way, and parity with them
	 * needs the same roundings.
	 */
	public static void normalizeAsNumpy(float[] k) {
		float sum = numpySum(k);
		for (int i = 0; i < k.length; i++) k[i] /= sum;
	}

	/** numpy's float32 sum of a contiguous array (pairwise: eight running sums per block of 128). */
	static float numpySum(float[] a) {
		return pairwise(a, 0, a.length);
	}

	private static float pairwise(float[] a, int from, int n) {
		if (n < 8) {
			float s = 0;
			for (int i = 0; i < n; i++) s += a[from + i];
			return s;
		}
		if (n <= 128) {
			float[] r = new float[8];
			System.arraycopy(a, from, r, 0, 8);
			int i = 8;
			for (; i < n - n % 8; i += 8) for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
			float s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
			for (; i < n; i++) s += a[from + i];
			return s;
		}
		int n2 = n / 2;
		n2 -= n2 % 8;
		return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
	}

	static void checkSize(int size) {
		if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("kernel size must be odd and at least 1 (got " +
			size + ")");
	}
}
