package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How aperture photometry measures: public fields with photutils-like defaults (a circle of radius 5,
 * a sky annulus 8-12, exact overlap, the annulus median, fixed positions); {@link #validate()} names the
 * first bad setting.
 */
public final class PhotometrySettings {

	/** Where the per-pixel noise of the CCD equation comes from when the image has no ERR. */
	public enum SkyNoise {
		/** {@code (sky gain + dark + read_noise^2) / gain^2} per pixel (ADU^2). */
		MODEL,
		/** The variance of the sigma-clipped annulus pixels: for images without a known gain or bias. */
		MEASURED;

		public static SkyNoise of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("sky_noise must be model or measured (got '" + name + "')");
			}
		}
	}

	/** Apertures measured around every target that brings none of its own (several radii at once). */
	public List<Aperture> apertures = new ArrayList<>(List.of(Aperture.circle(5)));
	/** The sky annulus of targets that bring none (null: no annulus; then sky must be map or none). */
	public Aperture annulus = Aperture.annulus(8, 12);
	/** Pixel weighting of the apertures; the sky annulus always uses {@code center}, as photutils' statistics do. */
	public Overlap overlap = Overlap.exact();
	public Sky.Method sky = Sky.Method.MEDIAN;
	/** Sigma clipping of the annulus (astropy SigmaClip(sigma, maxiters)). */
	public double clipSigma = 3;
	public int clipIterations = 10;

	public Centroids.Method centroid = Centroids.Method.NONE;
	/** Centroid window radius (center of mass) or box half-size (Gaussian), px; NaN: the first aperture's size. */
	public double centroidRadius = Double.NaN;
	/** A centroid further than this from the given position is refused (the row is flagged), px. */
	public double maxShift = 3;
	/** Expected FWHM, px: the windowed centroid's window (s = FWHM / 2.3548) and the Gaussian fit's start. */
	public double fwhm = 3;

	/** CCD equation (used when the image has no ERR): gain e-/ADU, read noise e-, dark current e- per pixel in the exposure. */
	public double gain = 1, readNoise = 0, darkCurrent = 0;
	public SkyNoise skyNoise = SkyNoise.MODEL;

	/** Instrumental magnitude {@code zero_point - 2.5 log10(flux / exposure_time)}. */
	public double zeroPoint = 25, exposureTime = 1;

	public PhotometrySettings() {}

	/** Fails with a message naming the first setting out of range. */
	public PhotometrySettings validate() {
		require(apertures != null && !apertures.isEmpty(), "at least one aperture is needed");
		for (Aperture a : apertures) require(!a.isAnnulus(), "apertures must be circles or ellipses (got " + a + ")");
		require(annulus == null || annulus.isAnnulus(), "the sky annulus must be an annulus (got " + annulus + ")");
		require(!sky.usesAnnulus() || annulus != null, "sky=" + name(sky) + " needs a sky annulus");
		require(skyNoise == SkyNoise.MODEL || sky.usesAnnulus(), "sky_noise=measured needs a sky annulus");
		require(clipSigma > 0, "clip_sigma must be > 0 (got " + clipSigma + ")");
		require(clipIterations >= 0, "clip_iterations must be >= 0 (got " + clipIterations + ")");
		require(Double.isNaN(centroidRadius) || centroidRadius > 0, "centroid_radius must be > 0 (got " + centroidRadius + ")");
		require(maxShift > 0, "max_shift must be > 0 (got " + maxShift + ")");
		require(fwhm > 0 && Double.isFinite(fwhm), "fwhm must be > 0 (got " + fwhm + ")");
		require(gain > 0 && Double.isFinite(gain), "gain must be > 0 (got " + gain + ")");
		require(readNoise >= 0 && Double.isFinite(readNoise), "read_noise must be >= 0 (got " + readNoise + ")");
		require(darkCurrent >= 0 && Double.isFinite(darkCurrent), "dark_current must be >= 0 (got " + darkCurrent + ")");
		require(Double.isFinite(zeroPoint), "zero_point must be a finite number (got " + zeroPoint + ")");
		require(exposureTime > 0 && Double.isFinite(exposureTime), "exposure_time must be > 0 (got " + exposureTime + ")");
		return this;
	}

	/** A copy (lists copied) for a caller that changes a few settings. */
	public PhotometrySettings copy() {
		PhotometrySettings c = new PhotometrySettings();
		c.apertures = new ArrayList<>(apertures);
		c.annulus = annulus;
		c.overlap = overlap;
		c.sky = sky;
		c.clipSigma = clipSigma;
		c.clipIterations = clipIterations;
		c.centroid = centroid;
		c.centroidRadius = centroidRadius;
		c.maxShift = maxShift;
		c.fwhm = fwhm;
		c.gain = gain;
		c.readNoise = readNoise;
		c.darkCurrent = darkCurrent;
		c.skyNoise = skyNoise;
		c.zeroPoint = zeroPoint;
		c.exposureTime = exposureTime;
		return c;
	}

	private static String name(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT);
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}
}
