package org.astrofiji.core.psf;

/**
 * A point spread function model: light per unit area at an offset from its centre, normalized so
 * that its integral over the plane is 1, with an elliptical shape whose first axis lies at
 * {@link #angle()} (radians, from +x towards +y of the array the offsets are measured in).
 * <p>
 * {@link #value} samples the profile at a point; {@link #pixel} integrates it over a unit pixel
 * (what a detector records). Kernels and stamps of either kind come from {@link Kernels}.
 */
public interface Profile {

	/** Light per unit area at offset (dx, dy) from the centre. */
	double value(double dx, double dy);

	/** Full width at half maximum along the first axis (the major axis when built from an ellipticity), pixels. */
	double fwhm();

	/** 1 - b/a: 0 for a round profile. */
	/** 1 - minor/major axis: 0 for a round profile. */
	double ellipticity();

	/** Direction of the first axis, radians from +x towards +y. */
	double angle();

	/**
	 * The radius along the first axis outside of which a fraction {@code tail} (0 &lt; tail &lt; 1) of
	 * the light falls, pixels: for a stamp that holds 1 - tail of it.
	 */
	double radiusOutside(double tail);

	/**
	 * The light falling in the unit pixel whose centre is (dx, dy) from the profile's centre: the profile
	 * integrated over the pixel by Gauss-Legendre quadrature, 6x6 points within 2 FWHM, 4x4 within 5 FWHM
	 * and 2x2 beyond (for a round Gaussian within 1e-5 of the exact error-function integral inside
	 * 2 FWHM, 1e-3 in the faint wings).
	 */
	default double pixel(double dx, double dy) {
		return PixelQuadrature.integrate(this, dx, dy);
	}
}
