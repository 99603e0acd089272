package org.astrofiji.core.calibration;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a stack of frames is combined pixel by pixel. Public fields with ccdproc's defaults (median;
 * for sigma clipping one pass of mean and population standard deviation with 3-sigma bounds);
 * {@link #validate} names the first bad setting.
 */
public final class CombineSettings {

	/** The combination of the values of one pixel. */
	public enum Method {
		/** The median; of an even number of values, the mean of the two middle ones. */
		MEDIAN,
		/** The (weighted) mean. */
		MEAN,
		/** The (weighted) mean of the values within [centre - low s, centre + high s], iterated. */
		SIGMA_CLIP,
		/** The (weighted) mean after dropping the nlow lowest and nhigh highest values. */
		MINMAX;

		public static Method of(String name) {
			return parse(Method.class, name, "method");
		}
	}

	/** Centre of the sigma-clipping bounds. */
	public enum Center {
		MEAN, MEDIAN;

		public static Center of(String name) {
			return parse(Center.class, name, "center");
		}
	}

	/** Spread of the sigma-clipping bounds. */
	public enum Deviation {
		/** Population standard deviation (ddof 0) about the mean, as numpy's std. */
		STD,
		/** 1.4826 x the median absolute deviation from the median (astropy's mad_std). */
		MAD_STD;

		public static Deviation of(String name) {
			return parse(Deviation.class, name, "deviation");
		}
	}

	/** Scaling of each frame before combining: frame i is multiplied by mean(s) / s_i. */
	public enum Scale {
		NONE,
		/** s_i = exposure time (from {@link CombineSettings#exposures}). */
		EXPOSURE,
		/** s_i = median of the frame. */
		MEDIAN,
		/** s_i = mean of the frame. */
		MEAN;

		public static Scale of(String name) {
			return parse(Scale.class, name, "scale");
		}
	}

	public Method method = Method.MEDIAN;
	public Center center = Center.MEAN;
	public Deviation deviation = Deviation.STD;
	/** Sigma-clipping bounds in units of the deviation. */
	public double sigmaLow = 3, sigmaHigh = 3;
	/** Sigma-clipping passes (each recomputes centre and deviation from the survivors); stops early when none is rejected. */
	public int iterations = 1;
	/** Values dropped at each end by {@link Method#MINMAX}. */
	public int nLow = 1, nHigh = 1;
	public Scale scale = Scale.NONE;
	/** Exposure time of each frame, for {@link Scale#EXPOSURE}. */
	public double[] exposures;
	/** Weight of each frame for the mean of mean, sigma_clip and minmax; null for equal weights. */
	public double[] weights;
	/** At most this many bytes of frame rows held at once when streaming (all threads together; {@link StackCombiner} keeps about 8 MB per thread within it). */
	public long memoryBudget = 256L << 20;

	public CombineSettings() {}

	/** A copy with the same settings (arrays shared). */
	public CombineSettings copy() {
		CombineSettings c = new CombineSettings();
		c.method = method;
		c.center = center;
		c.deviation = deviation;
		c.sigmaLow = sigmaLow;
		c.sigmaHigh = sigmaHigh;
		c.iterations = iterations;
		c.nLow = nLow;
		c.nHigh = nHigh;
		c.scale = scale;
		c.exposures = exposures;
		c.weights = weights;
		c.memoryBudget = memoryBudget;
		return c;
	}

	/** Fails with a message naming the first setting that does not fit a stack of {@code frames}. */
	public CombineSettings validate(int frames) {
		require(frames > 0, "no frames to combine");
		require(method != null && center != null && deviation != null && scale != null, "method, center, deviation and scale must be set");
		require(sigmaLow > 0 && sigmaHigh > 0, "sigma_low and sigma_high must be > 0 (got " + sigmaLow + ", " + sigmaHigh + ")");
		require(iterations >= 1, "iterations must be at least 1 (got " + iterations + ")");
		require(nLow >= 0 && nHigh >= 0, "nlow and nhigh must be >= 0");
		if (method == Method.MINMAX) require(nLow + nHigh < frames, "minmax drops nlow + nhigh = " + (nLow + nHigh) +
			" values but there are only " + frames + " frames");
		if (weights != null) {
			require(method != Method.MEDIAN, "weights are not used by the median; use mean, sigma_clip or minmax");
			require(weights.length == frames, "weights: " + weights.length + " values for " + frames + " frames");
			for (double w : weights) require(w > 0 && Double.isFinite(w), "weights must be positive numbers (got " +
				Arrays.toString(weights) + ")");
		}
		if (scale == Scale.EXPOSURE) {
			require(exposures != null && exposures.length == frames, "scale=exposure needs the exposure time of every frame");
			for (double t : exposures) require(t > 0 && Double.isFinite(t), "scale=exposure needs positive exposure times (got " +
				Arrays.toString(exposures) + ")");
		}
		require(memoryBudget >= 1 << 20, "memory budget must be at least 1 MB");
		return this;
	}

	/** "median", "sigma_clip (mean, std, 3/3, 1 iteration)" ... */
	public String describe() {
		String m = name(method);
		if (method == Method.SIGMA_CLIP) m += " (center " + name(center) + ", deviation " + name(deviation) + ", sigma " +
			fmt(sigmaLow) + "/" + fmt(sigmaHigh) + ", " + iterations + (iterations == 1 ? " iteration)" : " iterations)");
		if (method == Method.MINMAX) m += " (nlow " + nLow + ", nhigh " + nHigh + ")";
		if (scale != Scale.NONE) m += ", scaled by " + name(scale);
		if (weights != null) m += ", weighted";
		return m;
	}

	/** The lower-case name users type: "sigma_clip", "mad_std". */
	/**
	 * The rejection settings from their parameter values (method, centre and deviation by name), as the
	 * calibration commands take them; scaling, exposures and weights stay at their defaults.
	 */
	public static CombineSettings of(String method, String center, String deviation, double sigmaLow, double sigmaHigh,
		int iterations, int nLow, int nHigh)
	{
		CombineSettings s = new CombineSettings();
		s.method = Method.of(method);
		s.center = Center.of(center);
		s.deviation = Deviation.of(deviation);
		s.sigmaLow = sigmaLow;
		s.sigmaHigh = sigmaHigh;
		s.iterations = iterations;
		s.nLow = nLow;
		s.nHigh = nHigh;
		return s;
	}

	public static String name(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT);
	}

	private static String fmt(double d) {
		return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String name, String key) {
		for (E e : type.getEnumConstants()) if (name(e).equalsIgnoreCase(name.trim())) return e;
		StringBuilder known = new StringBuilder();
		for (E e : type.getEnumConstants()) known.append(known.length() == 0 ? "" : ", ").append(name(e));
		throw new IllegalArgumentException(key + " must be one of " + known + " (got '" + name + "')");
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}
}
