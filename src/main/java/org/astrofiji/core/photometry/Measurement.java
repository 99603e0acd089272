package org.astrofiji.core.photometry;

import java.util.List;

/**
 * The photometry of one target: where it was measured, its sky, and per aperture the sums, areas,
 * net flux, error, S/N and instrumental magnitude. Positions are FITS pixel coordinates; values in
 * image units (ADU).
 */
public final class Measurement {

	/** Flag bits (the {@code flags} column). */
	public static final int EDGE = 1, OFF_IMAGE = 2, NAN = 4, BAD_PIXELS = 8, NO_SKY = 16, CENTROID = 32, NOT_POSITIVE = 64;

	public final Target target;
	/** Where the apertures were placed (after centring), FITS. */
	public final double x, y;
	/** The centroid's shift from the target position, px (0 without centring or when it was refused). */
	public final double shift;
	/** Sky per pixel, the standard deviation of the clipped sky pixels, and the sky pixels used. */
	public final double sky, skyStd;
	public final int skyPixels;
	public final List<Aperture> apertures;
	/**
	 * Per aperture: the weighted sum of the good pixels; the analytic area; the area on the image; the
	 * area of the good pixels (on the image, not NaN, no bad DQ bit), which the sky is subtracted for.
	 */
	public final double[] sum, area, areaOnImage, areaUsed;
	/** Per aperture: NaN pixels and DQ-flagged pixels left out. */
	public final int[] nanPixels, badPixels;
	/** Per aperture: sky under the used area, net flux, its 1-sigma error, S/N, magnitude and its error. */
	public final double[] background, flux, fluxError, snr, mag, magError;
	/** OR of the flag bits over all apertures and the sky. */
	public final int flags;

	Measurement(Target target, double x, double y, double shift, Sky.Estimate sky, List<Aperture> apertures, double[] sum,
		double[] area, double[] areaOnImage, double[] areaUsed, int[] nanPixels, int[] badPixels, double[] background,
		double[] flux, double[] fluxError, double[] snr, double[] mag, double[] magError, int flags)
	{
		this.target = target;
		this.x = x;
		this.y = y;
		this.shift = shift;
		this.sky = sky.value;
		this.skyStd = sky.std;
		this.skyPixels = sky.pixels;
		this.apertures = apertures;
		this.sum = sum;
		this.area = area;
		this.areaOnImage = areaOnImage;
		this.areaUsed = areaUsed;
		this.nanPixels = nanPixels;
		this.badPixels = badPixels;
		this.background = background;
		this.flux = flux;
		this.fluxError = fluxError;
		this.snr = snr;
		this.mag = mag;
		this.magError = magError;
		this.flags = flags;
	}

	/** Flag names for a flags value, e.g. "edge,nan". */
	public static String describe(int flags) {
		String[] names = { "edge", "off_image", "nan", "bad_pixels", "no_sky", "centroid", "not_positive" };
		StringBuilder sb = new StringBuilder();
		for (int b = 0; b < names.length; b++) if ((flags & (1 << b)) != 0) sb.append(sb.length() == 0 ? "" : ",").append(names[b]);
		return sb.toString();
	}
}
