package org.astrofiji.core.psf;

/**
 * One PSF star: its centre (FITS pixel coordinates), the flux in its stamp and its unit-sum stamp
 * (row-major, memory orientation like the image, the star centred on the central pixel: exactly when
 * the stamps were recentred, to the nearest pixel otherwise).
 */
public final class PsfStar {

	/** Source id of the detection, or the 1-based index in the user's list. */
	public final int id;
	/** Centre, FITS pixel coordinates. */
	public final double x, y;
	/** Sum of the background-subtracted stamp before normalisation, image units. */
	public final double flux;
	/** FWHM estimate (detection's half-maximum area, or the Gaussian fit of a user position), pixels. */
	public final double fwhm;
	private final double[] stamp;

	PsfStar(int id, double x, double y, double flux, double fwhm, double[] stamp) {
		this.id = id;
		this.x = x;
		this.y = y;
		this.flux = flux;
		this.fwhm = fwhm;
		this.stamp = stamp;
	}

	/** A copy of the unit-sum stamp. */
	public double[] stamp() {
		return stamp.clone();
	}

	/** The stamp itself, for the package's numerics (not to be modified). */
	double[] stampView() {
		return stamp;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "PSF star %d at (%.3f, %.3f), flux %.6g", id, x, y, flux);
	}
}
