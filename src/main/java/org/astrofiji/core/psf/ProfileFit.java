package org.astrofiji.core.psf;

/**
 * The least-squares fit of a star profile ({@link StarFitter}): position in FITS pixel coordinates,
 * the profile's amplitude over a constant background, FWHM along the major and minor axes, position
 * angle, Moffat index, integrated flux, and 1&sigma; errors of each from the fit's covariance.
 * Immutable; values are NaN where they do not apply (beta of a Gaussian, the angle of a circular
 * fit) or when the fit failed ({@link #ok()} false, {@link #status} says why).
 */
public final class ProfileFit {

	/** Index of the star in the caller's list. */
	public final int index;
	public final StarProfile profile;
	public final boolean elliptical;
	/** Centre, FITS pixel coordinates (1-based, y up). */
	public final double x, y;
	public final double amplitude, background;
	/** FWHM along the major and minor axes, pixels (equal for circular fits). */
	public final double fwhmMajor, fwhmMinor;
	/** Position angle of the major axis, degrees counter-clockwise from +x (FITS, y up), in (-90, 90]. */
	public final double angle;
	/** Moffat index (NaN for a Gaussian). */
	public final double beta;
	/** Integral of the profile over the plane (flux above the background). */
	public final double flux;
	/** 1-sigma errors from the covariance. */
	public final double xErr, yErr, amplitudeErr, backgroundErr, fwhmMajorErr, fwhmMinorErr, angleErr, betaErr, fluxErr;
	/** Root mean square of the residuals (unweighted), image units. */
	public final double rms;
	/** Pixels fitted and iterations taken. */
	public final int pixels, iterations;
	/** "ok", or why the fit failed. */
	public final String status;

	ProfileFit(int index, StarProfile profile, boolean elliptical, double[] v, double[] e, double rms, int pixels,
		int iterations, String status)
	{
		this.index = index;
		this.profile = profile;
		this.elliptical = elliptical;
		this.x = v[0];
		this.y = v[1];
		this.amplitude = v[2];
		this.background = v[3];
		this.fwhmMajor = v[4];
		this.fwhmMinor = v[5];
		this.angle = v[6];
		this.beta = v[7];
		this.flux = v[8];
		this.xErr = e[0];
		this.yErr = e[1];
		this.amplitudeErr = e[2];
		this.backgroundErr = e[3];
		this.fwhmMajorErr = e[4];
		this.fwhmMinorErr = e[5];
		this.angleErr = e[6];
		this.betaErr = e[7];
		this.fluxErr = e[8];
		this.rms = rms;
		this.pixels = pixels;
		this.iterations = iterations;
		this.status = status;
	}

	/** Number of derived values in {@code v}/{@code e} order: x, y, amplitude, background, fwhm_major, fwhm_minor, angle, beta, flux. */
	static final int VALUES = 9;

	static ProfileFit failed(int index, StarProfile profile, boolean elliptical, int pixels, int iterations, String status) {
		double[] nan = new double[VALUES];
		java.util.Arrays.fill(nan, Double.NaN);
		return new ProfileFit(index, profile, elliptical, nan, nan, Double.NaN, pixels, iterations, status);
	}

	public boolean ok() {
		return "ok".equals(status);
	}

	/** Geometric mean FWHM, sqrt(major x minor): the FWHM of the round profile of the same area. */
	public double fwhm() {
		return Math.sqrt(fwhmMajor * fwhmMinor);
	}

	/** 1 - minor / major. */
	public double ellipticity() {
		return 1 - fwhmMinor / fwhmMajor;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%s fit %d at (%.3f, %.3f): fwhm %.3f/%.3f angle %.1f beta %.3f [%s]",
			profile.name().toLowerCase(java.util.Locale.ROOT), index, x, y, fwhmMajor, fwhmMinor, angle, beta, status);
	}
}
