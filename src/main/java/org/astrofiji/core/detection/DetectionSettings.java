package org.astrofiji.core.detection;

import java.util.Locale;

import org.astrofiji.core.background.MeshBackground;

/**
 * How to find stars. Public fields with SExtractor/SEP-like defaults; {@link #validate()} names the
 * first bad setting by its command key.
 */
public final class DetectionSettings {

	/** How sources are found. */
	public enum Method {
		/** Threshold, connected pixels (labels), measurements: scipy.ndimage / SExtractor style. */
		LABEL,
		/** Local maxima above the threshold: skimage.feature.peak_local_max semantics. */
		PEAKS;

		public static Method of(String s) {
			return parse(Method.class, "method", s);
		}
	}

	/** Where the detection threshold comes from. */
	public enum ThresholdMode {
		/** Mesh background + k x background RMS per pixel (SExtractor/SEP). */
		BACKGROUND,
		/** Mean + k x standard deviation of the whole image (population std; the seed recipe). */
		GLOBAL,
		/** A threshold in image units (background taken as 0). */
		ABSOLUTE;

		public static ThresholdMode of(String s) {
			return parse(ThresholdMode.class, "threshold_mode", s);
		}
	}

	/** How the threshold applies to the filtered image. */
	public enum FilterType {
		/**
		 * The filtered image is compared with the unfiltered threshold (SExtractor's FILTER, SEP's
		 * filter_type='conv' and SEP's behaviour with a scalar err).
		 */
		CONV,
		/**
		 * The threshold is in units of the noise of the filtered image: k x rms x sqrt(sum K^2) / sum K
		 * (SEP's filter_type='matched' with a noise map): the optimal detection of point sources whose
		 * FWHM is the filter's.
		 */
		MATCHED;

		public static FilterType of(String s) {
			return parse(FilterType.class, "filter_type", s);
		}
	}

	/** Weights of the centre of mass. */
	public enum Weights {
		/** Pixel value minus background. */
		BACKGROUND_SUBTRACTED,
		/** The pixel values as they are (scipy.ndimage.center_of_mass on the image). */
		IMAGE,
		/** Pixel value minus the threshold. */
		EXCESS,
		/**
		 * SExtractor's windowed centroid: value minus background times a Gaussian window of the field's
		 * FWHM, re-centred iteratively (see {@link WindowedCentroid}).
		 */
		WINDOWED;

		public static Weights of(String s) {
			return parse(Weights.class, "weights", s);
		}
	}

	public Method method = Method.LABEL;
	public ThresholdMode mode = ThresholdMode.BACKGROUND;
	/** Threshold in units of the (background) standard deviation. */
	public double k = 3;
	/** The threshold of {@link ThresholdMode#ABSOLUTE}, image units. */
	public double threshold = Double.NaN;
	/** FWHM (pixels) of the Gaussian matched filter applied before thresholding; 0 = none. */
	public double fwhm = 2;
	public FilterType filterType = FilterType.CONV;
	/** Minimum number of pixels of a source (label method). */
	public int minArea = 5;
	/** 4 or 8. */
	public int connectivity = 8;
	public Weights weights = Weights.WINDOWED;
	/** Multi-threshold deblending of touching sources (label method). */
	public boolean deblend = true;
	public int deblendNthresh = 32;
	public double deblendCont = 0.005;
	/** Background mesh box and median filter sizes ({@link ThresholdMode#BACKGROUND}). */
	public int boxSize = 64, filterSize = 3;
	/** Pixels at or above this are saturated; NaN = no saturation check. */
	public double saturation = Double.NaN;
	/** Drop sources flagged edge, saturated or NaN from the results (they stay in the label image). */
	public boolean excludeFlagged = false;
	/** Peaks method: minimum distance between peaks (Chebyshev), pixels. */
	public int minDistance = 5;
	/** Peaks method: peaks closer than this to the border are dropped; -1 = min_distance (skimage's default). */
	public int excludeBorder = -1;
	/** The sky of the background mode (see {@link SkyEstimator}). */
	public SkyEstimator sky = SkyEstimator.MESH;

	/**
	 * The settings that reproduce scipy.ndimage's label + center_of_mass on {@code image > mean + k std}
	 * (the oracle's detection): global threshold, no filter, single pixels kept, 8-connected labels,
	 * value-weighted centres, no deblending.
	 */
	public static DetectionSettings scipyLabeling(double k) {
		DetectionSettings s = new DetectionSettings();
		s.mode = ThresholdMode.GLOBAL;
		s.k = k;
		s.fwhm = 0;
		s.minArea = 1;
		s.connectivity = 8;
		s.weights = Weights.IMAGE;
		s.deblend = false;
		return s;
	}

	/** Fails with a message naming the first setting out of range. */
	public DetectionSettings validate() {
		require(method != null, "method must be label or peaks");
		require(mode != null, "threshold_mode must be background, global or absolute");
		require(filterType != null, "filter_type must be conv or matched");
		require(weights != null, "weights must be background_subtracted, image, excess or windowed");
		require(k > 0 && Double.isFinite(k), "k must be > 0 (got " + k + ")");
		require(mode != ThresholdMode.ABSOLUTE || Double.isFinite(threshold),
			"threshold must be a number for threshold_mode absolute (got " + threshold + ")");
		require(fwhm == 0 || (fwhm >= 0.5 && fwhm <= 50), "fwhm must be 0 (no filter) or between 0.5 and 50 pixels (got " + fwhm + ")");
		require(minArea >= 1, "min_area must be at least 1 pixel (got " + minArea + ")");
		require(connectivity == 4 || connectivity == 8, "connectivity must be 4 or 8 (got " + connectivity + ")");
		require(deblendNthresh >= 2 && deblendNthresh <= 256, "deblend_nthresh must be between 2 and 256 (got " + deblendNthresh + ")");
		require(deblendCont >= 0 && deblendCont <= 1, "deblend_cont must be between 0 and 1 (got " + deblendCont + ")");
		require(boxSize >= 4, "box_size must be at least 4 pixels (got " + boxSize + ")");
		MeshBackground.Settings.checkFilter("filter_size", filterSize);
		require(minDistance >= 0, "min_distance must be >= 0 (got " + minDistance + ")");
		require(excludeBorder >= -1, "exclude_border must be -1 (= min_distance), 0 or a number of pixels (got " + excludeBorder + ")");
		require(sky != null, "no sky estimator");
		return this;
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	static <E extends Enum<E>> E parse(Class<E> type, String key, String s) {
		try {
			return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
		}
		catch (RuntimeException e) {
			StringBuilder names = new StringBuilder();
			for (E c : type.getEnumConstants()) names.append(names.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
			throw new IllegalArgumentException(key + " must be one of " + names + " (got '" + s + "')");
		}
	}

	static String name(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT);
	}
}
