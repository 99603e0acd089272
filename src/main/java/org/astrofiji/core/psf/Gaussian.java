package org.astrofiji.core.psf;

/**
 * The elliptical Gaussian, normalized: exp(-r^2/2) / (2 pi sigma_a sigma_b) with r^2 = (x'/sigma_a)^2 +
 * (y'/sigma_b)^2 in axes rotated by the angle.
 */
public final class Gaussian extends Elliptical {

	/** FWHM / sigma = 2 sqrt(2 ln 2). */
	public static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

	private static final double NORM = 1 / (2 * Math.PI);

	private Gaussian(double fwhm, double sigmaA, double sigmaB, double ellipticity, double angle) {
		super(fwhm, sigmaA, sigmaB, ellipticity, angle);
	}

	/** sigma of a Gaussian of this FWHM. */
	public static double sigma(double fwhm) {
		return fwhm / FWHM_PER_SIGMA;
	}

	/** FWHM of a Gaussian of this sigma. */
	public static double fwhm(double sigma) {
		return sigma * FWHM_PER_SIGMA;
	}

	/** A round Gaussian of this FWHM (pixels). */
	public static Gaussian circular(double fwhm) {
		return elliptical(fwhm, 0, 0);
	}

	/**
	 * @param fwhm along the major axis, pixels
	 * @param ellipticity 1 - b/a, in [0, 1)
	 * @param angle of the major axis, radians from +x towards +y
	 */
	public static Gaussian elliptical(double fwhm, double ellipticity, double angle) {
		double s = sigma(Elliptical.positive("fwhm", fwhm));
		return new Gaussian(fwhm, s, minor(s, ellipticity), ellipticity, angle);
	}

	/** From the sigmas along the axis at {@code angle} and across it (either may be the larger). */
	public static Gaussian ofSigma(double sigmaA, double sigmaB, double angle) {
		return new Gaussian(fwhm(Elliptical.positive("sigma", sigmaA)), sigmaA, Elliptical.positive("sigma", sigmaB), Double.NaN,
			angle);
	}

	/**
	 * The unnormalized Gaussian exp(-r2 / (2 sigma2)) (1 at the centre) at squared radius r2, for a
	 * variance sigma2: what sampled kernels are made of before they are normalized.
	 */
	public static double shape(double r2, double sigma2) {
		return Math.exp(-0.5 * r2 / sigma2);
	}

	/** sigma along the axis at the angle. */
	public double sigma() {
		return a;
	}

	/** sigma across it. */
	public double sigmaMinor() {
		return b;
	}

	@Override
	public double value(double dx, double dy) {
		return Math.exp(-0.5 * scaledRadius2(dx, dy)) * NORM / (a * b);
	}

	/** The radius (along the first axis) of the ellipse outside which {@code tail} of the light lies: sqrt(-2 ln tail) sigma. */
	@Override
	public double radiusOutside(double tail) {
		checkTail(tail);
		return Math.sqrt(-2 * Math.log(tail)) * a;
	}

	@Override
	public String toString() {
		return describe("gaussian");
	}
}
