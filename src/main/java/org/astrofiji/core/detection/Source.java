package org.astrofiji.core.detection;

/**
 * One detected source. Positions are FITS pixel coordinates (1-based, y up; see
 * {@link org.astrofiji.core.Coordinates}); values are in image units.
 */
public final class Source {

	/** Flag bits (the {@code flags} column). */
	public static final int EDGE = 1, SATURATED = 2, NAN = 4, BLENDED = 8, FALLBACK = 16;
	/** A pixel of the source is flagged bad, hot, dead or cosmic ray in the image's DQ. */
	public static final int BAD_PIXEL = 32;
	/** The flags exclude_flagged leaves out. */
	static final int EXCLUDED = EDGE | SATURATED | NAN | BAD_PIXEL;

	/** Label number in the label image (label method), or rank + 1 (peaks method, highest first). */
	public final int id;
	/** Centre (FITS): centre of mass with the chosen weights, or the peak pixel (peaks method). */
	public final double x, y;
	public final int npix;
	/** Sum of the pixel values, and of (value - background). */
	public final double sum, flux;
	/** Highest pixel value and its position (FITS; the first in FITS raster order when tied). */
	public final double peak, xPeak, yPeak;
	/** Mean background under the source. */
	public final double background;
	/** Semi-major and semi-minor axes (second moments of value - background), pixels. */
	public final double a, b;
	/** Position angle of the major axis, degrees counter-clockwise from +x (FITS, y up), in (-90, 90]. */
	public final double theta;
	/**
	 * FWHM estimate from the area A of the pixels at or above half the peak (value - background):
	 * 2 sqrt(A / pi).
	 */
	public final double fwhm;
	/** 1 - b / a. */
	public final double ellipticity;
	/** Bounding box (FITS pixel numbers, inclusive). */
	public final int xmin, xmax, ymin, ymax;
	public final int flags;

	Source(int id, double x, double y, int npix, double sum, double flux, double peak, double xPeak, double yPeak,
		double background, double a, double b, double theta, double fwhm, int xmin, int xmax, int ymin, int ymax, int flags)
	{
		this.id = id;
		this.x = x;
		this.y = y;
		this.npix = npix;
		this.sum = sum;
		this.flux = flux;
		this.peak = peak;
		this.xPeak = xPeak;
		this.yPeak = yPeak;
		this.background = background;
		this.a = a;
		this.b = b;
		this.theta = theta;
		this.fwhm = fwhm;
		this.ellipticity = a > 0 ? 1 - b / a : Double.NaN;
		this.xmin = xmin;
		this.xmax = xmax;
		this.ymin = ymin;
		this.ymax = ymax;
		this.flags = flags;
	}

	Source withFlags(int moreFlags) {
		return moreFlags == 0 ? this : withCentre(x, y, moreFlags);
	}

	Source withCentre(double cx, double cy, int moreFlags) {
		return new Source(id, cx, cy, npix, sum, flux, peak, xPeak, yPeak, background, a, b, theta, fwhm, xmin, xmax, ymin,
			ymax, flags | moreFlags);
	}

	/** Flags as text, e.g. "edge,saturated"; "" when none. */
	public static String describeFlags(int flags) {
		StringBuilder sb = new StringBuilder();
		String[] names = { "edge", "saturated", "nan", "blended", "fallback", "bad_pixel" };
		for (int i = 0; i < names.length; i++) if ((flags & (1 << i)) != 0) sb.append(sb.length() == 0 ? "" : ",").append(names[i]);
		return sb.toString();
	}

	@Override
	public String toString() {
		return "source " + id + " at (" + x + ", " + y + "), " + npix + " px" + (flags == 0 ? "" : " [" + describeFlags(flags) + "]");
	}
}
