package org.astrofiji.core.composite;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;

/**
 * Makes a colour composite of three aligned bands: the settings (fluent setters that check their
 * values and name the offending parameter) and the run. Two families of methods:
 * <ul>
 * <li>{@link Method#LUPTON}: Lupton et al. (2004) asinh of the summed intensity, colour preserving
 * ({@code minimum}, {@code stretch}, {@code Q}), exactly as astropy's {@code make_lupton_rgb};</li>
 * <li>per-channel stretches ({@link Method#CLASSIC} asinh as img_scale, {@link Method#LINEAR},
 * {@link Method#LOG}, {@link Method#SQRT}) between a black and a white point per channel, given or
 * automatic ({@link AutoLevels}).</li>
 * </ul>
 * Optional per-channel scale factors (e.g. from zero points) multiply each band first; minimum and
 * given levels are in those scaled units. The 8-bit value of a channel is floor(255·v) of its float
 * value v in [0, 1] (Lupton: astropy's truncation of its 0..255 values). Rows run in parallel; the
 * result does not depend on the number of threads.
 */
public final class RgbComposer {

	/** How the bands are mapped to colours. */
	public enum Method {
		/** Lupton et al. 2004, astropy make_lupton_rgb. */
		LUPTON(null),
		/** img_scale's per-channel asinh (the seed). */
		CLASSIC(Stretch.ASINH),
		/** Per-channel linear. */
		LINEAR(Stretch.LINEAR),
		/** Per-channel log (DS9's, exponent 1000). */
		LOG(Stretch.LOG),
		/** Per-channel square root (img_scale's). */
		SQRT(Stretch.SQRT);

		private final Stretch stretch;

		Method(Stretch stretch) {
			this.stretch = stretch;
		}

		/** The per-channel stretch, null for Lupton. */
		public Stretch stretch() {
			return stretch;
		}

		/** The method named as the command's choices name it ("lupton", "classic", ...). */
		public static Method of(String name) {
			for (Method m : values()) if (m.name().equalsIgnoreCase(name.trim())) return m;
			throw new IllegalArgumentException("method must be one of lupton, classic, linear, log, sqrt (got '" + name + "')");
		}
	}

	/** Automatic black and white points of a per-channel stretch, where not given. */
	public enum AutoLevels {
		/** mean + auto_low·std, mean + auto_high·std (the seed: 0.75 and 5). */
		SIGMA,
		/** The channel's minimum and maximum (img_scale's default). */
		MINMAX,
		/** The auto_low-th and auto_high-th percentiles (numpy's, linear interpolation). */
		PERCENTILE;

		public static AutoLevels of(String name) {
			for (AutoLevels l : values()) if (l.name().equalsIgnoreCase(name.trim())) return l;
			throw new IllegalArgumentException("levels must be one of sigma, minmax, percentile (got '" + name + "')");
		}
	}

	private Method method = Method.LUPTON;
	private double[] minimum = { 0, 0, 0 };
	private double stretch = 5, q = 8;
	private double[] scales = { 1, 1, 1 };
	private double[] scaleMin = { Double.NaN, Double.NaN, Double.NaN };
	private double[] scaleMax = { Double.NaN, Double.NaN, Double.NaN };
	private AutoLevels levels = AutoLevels.SIGMA;
	private double autoLow = 0.75, autoHigh = 5;
	private double nonLinear = 2;
	private boolean keepFloats;

	public RgbComposer method(Method m) {
		method = m;
		return this;
	}

	/** Lupton: the value mapped to black, one for all channels or one per channel. */
	public RgbComposer minimum(double... values) {
		minimum = perChannel("minimum", values, false);
		return this;
	}

	/** Lupton: the linear stretch (> 0). */
	public RgbComposer stretch(double s) {
		if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("stretch must be > 0 (got " + s + ")");
		stretch = s;
		return this;
	}

	/** Lupton: the asinh softening parameter Q (> 0). */
	public RgbComposer q(double value) {
		if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("q must be > 0 (got " + value + ")");
		q = value;
		return this;
	}

	/** Factors (> 0) that multiply each band before anything else; one for all or one per channel. */
	public RgbComposer scales(double... values) {
		double[] s = perChannel("scales", values, false);
		for (double v : s) if (!(v > 0)) throw new IllegalArgumentException("scales must be > 0 (got " + v + ")");
		scales = s;
		return this;
	}

	/** Black points of a per-channel stretch; NaN (or no value) = automatic. */
	public RgbComposer scaleMin(double... values) {
		scaleMin = perChannel("scale_min", values, true);
		return this;
	}

	/** White points of a per-channel stretch; NaN (or no value) = automatic. */
	public RgbComposer scaleMax(double... values) {
		scaleMax = perChannel("scale_max", values, true);
		return this;
	}

	/** How black and white points that are not given are found, and the two numbers that method takes. */
	public RgbComposer levels(AutoLevels how, double low, double high) {
		if (!Double.isFinite(low) || !Double.isFinite(high)) throw new IllegalArgumentException(
			"auto_low and auto_high must be numbers (got " + low + ", " + high + ")");
		if (how == AutoLevels.PERCENTILE && (low < 0 || high > 100 || !(low < high))) throw new IllegalArgumentException(
			"percentile levels need 0 <= auto_low < auto_high <= 100 (got " + low + ", " + high + ")");
		if (how == AutoLevels.SIGMA && !(low < high)) throw new IllegalArgumentException(
			"auto_high must be greater than auto_low (got " + low + ", " + high + ")");
		levels = how;
		autoLow = low;
		autoHigh = high;
		return this;
	}

	/** The classic asinh's softening: data units where the stretch turns from linear to logarithmic. */
	public RgbComposer nonLinear(double value) {
		if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("non_linear must be > 0 (got " +
			value + ")");
		nonLinear = value;
		return this;
	}

	/** Keep the float channels (0..1) as well as the 8-bit composite. */
	public RgbComposer keepFloats(boolean keep) {
		keepFloats = keep;
		return this;
	}

	public Method method() {
		return method;
	}

	/**
	 * The black and white points {low[3], high[3]} a per-channel stretch uses on these channels: given
	 * values, the others automatic. Fails, naming the channel, when a white point is not above its black
	 * point. Null for Lupton.
	 */
	public double[][] resolveLevels(Channels ch) {
		if (method == Method.LUPTON) return null;
		double[] lo = new double[3], hi = new double[3];
		for (int c = 0; c < 3; c++) {
			lo[c] = scaleMin[c];
			hi[c] = scaleMax[c];
			if (Double.isNaN(lo[c]) || Double.isNaN(hi[c])) {
				double[] auto = auto(ch, c);
				if (Double.isNaN(lo[c])) lo[c] = auto[0];
				if (Double.isNaN(hi[c])) hi[c] = auto[1];
			}
			if (!(hi[c] > lo[c])) {
				boolean given = !Double.isNaN(scaleMin[c]) && !Double.isNaN(scaleMax[c]);
				throw new IllegalArgumentException("scale_max must be greater than scale_min for " + ch.label(c) + " (got " +
					fmt(lo[c]) + " and " + fmt(hi[c]) + (given ? ")" : ", " + levelsText() + "; is the channel constant?)"));
			}
		}
		return new double[][] { lo, hi };
	}

	private double[] auto(Channels ch, int c) {
		float[] a = ch.data(c);
		switch (levels) {
			case MINMAX: return Levels.minMax(a, ch.width(), scales[c]);
			case PERCENTILE: return Levels.percentiles(a, ch.width(), scales[c], autoLow, autoHigh);
			default: return Levels.sigma(a, ch.width(), scales[c], autoLow, autoHigh);
		}
	}

	/** Makes the composite, with automatic levels found on these channels. */
	public Composite apply(Channels ch, Progress progress) {
		progress.report("composite: levels", 0);
		double[][] lv = resolveLevels(ch);
		return apply(ch, lv, progress);
	}

	/**
	 * Makes the composite with the given levels {low[3], high[3]} for a per-channel stretch (ignored
	 * for Lupton), e.g. levels found on the full image for a preview of a subsampled one.
	 */
	public Composite apply(Channels ch, double[][] lv, Progress progress) {
		int w = ch.width(), h = ch.height();
		int[] argb = new int[w * h];
		float[][] planes = keepFloats ? new float[][] { new float[w * h], new float[w * h], new float[w * h] } : null;
		AtomicLongArray counts = new AtomicLongArray(4);
		LuptonMapping lupton = method == Method.LUPTON ? new LuptonMapping(minimum, stretch, q) : null;
		if (lupton == null && lv == null) throw new IllegalArgumentException("a per-channel stretch needs levels");
		double[] lo = lupton != null ? nan3() : lv[0], hi = lupton != null ? nan3() : lv[1];
		ByteLookup[] bytes = lupton == null && planes == null ? lookups(lo, hi) : null;
		int minRows = Math.max(1, 16384 / Math.max(1, w));
		AtomicInteger done = new AtomicInteger();
		Parallel.forRange(h, minRows, (from, to) -> {
			long[] n = lupton != null ? lupton.rows(ch, scales, from, to, argb, planes)
				: bytes != null ? lookupRows(ch, bytes, from, to, argb) : stretchRows(ch, method.stretch(), lo, hi, from, to, argb, planes);
			for (int k = 0; k < 4; k++) counts.addAndGet(k, n[k]);
			progress.report("composite: " + method.name().toLowerCase(Locale.ROOT), (double) done.addAndGet(to - from) / h);
		});
		return new Composite(w, h, argb, planes, lo.clone(), hi.clone(), counts.get(0), new long[] { counts.get(1),
			counts.get(2), counts.get(3) });
	}

	private ByteLookup[] lookups(double[] lo, double[] hi) {
		ByteLookup[] b = new ByteLookup[3];
		for (int c = 0; c < 3; c++) b[c] = new ByteLookup(method.stretch(), scales[c], lo[c], hi[c], nonLinear);
		return b;
	}

	/** The 8-bit composite alone: the same bytes as {@link #stretchRows}, looked up per float bucket. */
	private static long[] lookupRows(Channels ch, ByteLookup[] bytes, int from, int to, int[] argb) {
		int w = ch.width();
		return ByteLookup.pack(bytes[0], bytes[1], bytes[2], ch.data(0), ch.data(1), ch.data(2), from * w, to * w, argb);
	}

	private long[] stretchRows(Channels ch, Stretch s, double[] lo, double[] hi, int from, int to, int[] argb,
		float[][] planes)
	{
		int w = ch.width();
		long[] counts = new long[4];
		int[] shift = { 16, 8, 0 };
		for (int c = 0; c < 3; c++) {
			float[] a = ch.data(c);
			double scale = scales[c], l = lo[c], u = hi[c];
			double factor = s.factor(l, u, nonLinear);
			long sat = 0;
			for (int i = from * w, end = to * w; i < end; i++) {
				double v = s.map(scale * a[i], l, u, factor, nonLinear);
				int b8 = ByteLookup.quantise(v);
				if (b8 == 255) sat++;
				argb[i] |= b8 << shift[c];
				if (planes != null) planes[c][i] = (float) v;
			}
			counts[c + 1] = sat;
		}
		long noData = 0;
		float[] r = ch.data(0), g = ch.data(1), b = ch.data(2);
		for (int i = from * w, end = to * w; i < end; i++) {
			argb[i] |= 0xff000000;
			if (!Float.isFinite(r[i]) || !Float.isFinite(g[i]) || !Float.isFinite(b[i])) noData++;
		}
		counts[0] = noData;
		return counts;
	}

	/** The settings as one line for the image info, e.g. "lupton minimum=0 stretch=5 Q=8". */
	public String describe() {
		StringBuilder sb = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
		if (method == Method.LUPTON) {
			sb.append(" minimum=").append(list(minimum)).append(" stretch=").append(fmt(stretch)).append(" Q=").append(fmt(q));
		}
		else {
			sb.append(" scale_min=").append(list(scaleMin)).append(" scale_max=").append(list(scaleMax)).append(" levels=")
				.append(levelsText());
			if (method == Method.CLASSIC) sb.append(" non_linear=").append(fmt(nonLinear));
		}
		if (scales[0] != 1 || scales[1] != 1 || scales[2] != 1) sb.append(" scales=").append(list(scales));
		return sb.toString();
	}

	private String levelsText() {
		switch (levels) {
			case MINMAX: return "minmax";
			case PERCENTILE: return "percentile " + fmt(autoLow) + "-" + fmt(autoHigh);
			default: return "sigma mean+" + fmt(autoLow) + "std..mean+" + fmt(autoHigh) + "std";
		}
	}

	private static double[] perChannel(String name, double[] values, boolean nanAllowed) {
		if (values == null || values.length == 0) {
			if (nanAllowed) return nan3();
			throw new IllegalArgumentException(name + ": give 1 or 3 values");
		}
		if (values.length != 1 && values.length != 3) throw new IllegalArgumentException(name +
			": give 1 value or 3 (red, green, blue), got " + values.length);
		for (double v : values) {
			if (Double.isInfinite(v) || (!nanAllowed && Double.isNaN(v))) throw new IllegalArgumentException(name +
				" must be a finite number (got " + v + ")");
		}
		return values.length == 3 ? values.clone() : new double[] { values[0], values[0], values[0] };
	}

	private static double[] nan3() {
		double[] d = new double[3];
		Arrays.fill(d, Double.NaN);
		return d;
	}

	private static String list(double[] v) {
		if (v[0] == v[1] && v[1] == v[2] || Double.isNaN(v[0]) && Double.isNaN(v[1]) && Double.isNaN(v[2])) return fmt(v[0]);
		return fmt(v[0]) + "," + fmt(v[1]) + "," + fmt(v[2]);
	}

	static String fmt(double d) {
		if (Double.isNaN(d)) return "auto";
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
		return String.valueOf(d);
	}
}
