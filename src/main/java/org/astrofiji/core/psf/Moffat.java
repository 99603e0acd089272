package org.astrofiji.core.psf;

/**
 * The elliptical Moffat profile (Moffat 1969), normalized: (beta - 1) / (pi alpha_a alpha_b) (1 +
 * r^2)^-beta with r^2 = (x'/alpha_a)^2 + (y'/alpha_b)^2 in axes rotated by the angle; beta &gt; 1.
 * Seeing-limited stars have beta of 2.5 to 4.765 (Trujillo et al. 2001).
 */
public final class Moffat extends Elliptical {

	private final double beta, norm;

	private Moffat(double fwhm, double alphaA, double alphaB, double beta, double ellipticity, double angle) {
		super(fwhm, alphaA, alphaB, ellipticity, angle);
		this.beta = beta;
		this.norm = (beta - 1) / Math.PI;
	}

	private static double beta(double beta) {
		if (!(beta > 1) || Double.isInfinite(beta)) throw new IllegalArgumentException("beta must be > 1 (got " + beta + ")");
		return beta;
	}

	/** alpha of a Moffat profile of this FWHM: fwhm / (2 sqrt(2^(1/beta) - 1)). */
	public static double alpha(double fwhm, double beta) {
		return fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
	}

	/** FWHM of a Moffat profile of this alpha: 2 alpha sqrt(2^(1/beta) - 1). */
	public static double fwhm(double alpha, double beta) {
		return 2 * alpha * Math.sqrt(Math.pow(2, 1 / beta) - 1);
	}

	/** A round Moffat profile of this FWHM (pixels). */
	public static Moffat circular(double fwhm, double beta) {
		return elliptical(fwhm, beta, 0, 0);
	}

	/**
	 * @param fwhm along the major axis, pixels
	 * @param ellipticity 1 - b/a, in [0, 1)
	 * @param angle of the major axis, radians from +x towards +y
	 */
	public static Moffat elliptical(double fwhm, double beta, double ellipticity, double angle) {
		double al = alpha(Elliptical.positive("fwhm", fwhm), beta(beta));
		return new Moffat(fwhm, al, minor(al, ellipticity), beta, ellipticity, angle);
	}

	/** From the alphas along the axis at {@code angle} and across it (either may be the larger). */
	public static Moffat ofAlpha(double alphaA, double alphaB, double beta, double angle) {
		return new Moffat(fwhm(Elliptical.positive("alpha", alphaA), beta(beta)), alphaA, Elliptical.positive("alpha", alphaB),
			beta, Double.NaN, angle);
	}

	/**
	 * The unnormalized Moffat profile (1 + r2 / alpha^2)^-beta (1 at the centre) at squared radius r2:
	 * what sampled kernels are made of before they are normalized.
	 */
	public static double shape(double r2, double alpha, double beta) {
		return Math.pow(1.0 + r2 / alpha / alpha, -beta);
	}

	/** alpha along the axis at the angle. */
	public double alpha() {
		return a;
	}

	/** alpha across it. */
	public double alphaMinor() {
		return b;
	}

	public double beta() {
		return beta;
	}

	@Override
	public double value(double dx, double dy) {
		double q = 1 + scaledRadius2(dx, dy);
		// q^-2.5 without pow (several times faster; the simulator's default profile, evaluated ~10^8 times a night)
		double f = beta == 2.5 ? 1 / (q * q * Math.sqrt(q)) : Math.pow(q, -beta);
		return f * norm / (a * b);
	}

	/**
	 * The radius (along the first axis) of the ellipse outside which {@code tail} of the light lies:
	 * alpha sqrt(tail^(1 / (1 - beta)) - 1), as the light inside r is 1 - (1 + r^2)^(1 - beta).
	 */
	@Override
	public double radiusOutside(double tail) {
		checkTail(tail);
		return Math.sqrt(Math.pow(tail, 1 / (1 - beta)) - 1) * a;
	}

	@Override
	public String toString() {
		return describe("moffat") + String.format(java.util.Locale.ROOT, " beta=%.3f", beta);
	}
}
