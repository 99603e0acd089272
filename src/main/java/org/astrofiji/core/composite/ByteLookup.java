package org.astrofiji.core.composite;

import java.util.Arrays;

/**
 * The 8-bit value floor(255·v) of one channel's per-channel stretch, looked up per bucket of 2^12
 * consecutive float bit patterns (relative width 2^-11) instead of computed per pixel: the classic
 * asinh costs a log and two divisions per pixel, the lookup a shift and a load.
 * <p>
 * A bucket's byte is trusted only when its first and its last float give the same byte even with
 * their stretched values moved by a relative 10^-12 towards the next byte boundary; every other
 * bucket (and the buckets of infinities and NaN) computes its pixels one by one, exactly as
 * {@link #exact}. Why this gives the per-pixel bytes bit for bit: the computed value is a chain of
 * correctly rounded (monotone) operations and semi-monotone Math functions, except fdlibm's asinh,
 * which stays within a few ulps (~10^-15) of the increasing true asinh; so a float inside a bucket
 * cannot fall more than ~10^-15 below the bucket's first value nor above its last one, far inside
 * the margin. The ends themselves are evaluated with {@link Stretch#mapApprox} (also within a few
 * ulps of the true function, and cheaper), which the margin covers as well.
 * <p>
 * A bucket that holds one byte boundary j (its ends' bytes j - 1 and j) is split at the boundary's
 * float t<sub>j</sub> instead (about 5 % of a star field's pixels fall in such buckets, and a per-pixel
 * asinh costs ~20 ns): floats below t<sub>j</sub> give j - 1, the others j. t<sub>j</sub> is trusted
 * only when the same margin test proves it: the float just below it bounded above under j, t<sub>j</sub>
 * itself bounded below at j or more; the bounds are monotone up to the margin, so this places every
 * float of the line on its side of the boundary, and t<sub>j</sub> is unique. Unproven, the bucket is
 * computed per pixel.
 * <p>
 * Buckets are filled on first use. Threads share the table and the thresholds: a fill is a pure
 * function of the bucket, a short or float write is atomic, and a reader that finds a split bucket
 * but not yet its threshold computes the pixel, so a race only repeats the same work.
 */
final class ByteLookup {

	private static final int SHIFT = 12, BLOCK = 4096;
	private static final double MARGIN = 1e-12;
	/** Entries: 0 = not yet seen, -1 = compute per pixel, -2 - b = split at boundary b + 1, else byte + 1. */
	private static final short UNSEEN = 0, PER_PIXEL = -1;

	private final short[] table = new short[1 << (32 - SHIFT)];
	/** thresholds[j]: the smallest float whose byte is j or more, proven; NaN while not found. */
	private final float[] thresholds = new float[256];
	private final Stretch stretch;
	private final double scale, lo, hi, factor, nonLinear;

	ByteLookup(Stretch stretch, double scale, double lo, double hi, double nonLinear) {
		this.stretch = stretch;
		this.scale = scale;
		this.lo = lo;
		this.hi = hi;
		this.nonLinear = nonLinear;
		this.factor = stretch.factor(lo, hi, nonLinear);
		Arrays.fill(thresholds, Float.NaN);
	}

	/** The 8-bit value of a pixel, as {@link #exact}. */
	int byteOf(float f) {
		int k = Float.floatToRawIntBits(f) >>> SHIFT;
		int e = table[k];
		if (e == UNSEEN) e = fill(k);
		if (e > 0) return e - 1;
		if (e < PER_PIXEL) { // split: byte low or low + 1
			int low = -2 - e;
			float t = thresholds[low + 1];
			if (t == t) return f < t ? low : low + 1;
		}
		return exact(f);
	}

	/**
	 * Packs pixels [start, end) of three channels as 0xffRRGGBB (red by {@code r}, green by {@code g},
	 * blue by {@code b}), each byte as {@link #byteOf}; returns {no data, saturated red, green, blue}
	 * (no data: some channel NaN or infinite; saturated: byte 255).
	 */
	static long[] pack(ByteLookup r, ByteLookup g, ByteLookup b, float[] red, float[] green, float[] blue, int start, int end,
		int[] argb)
	{
		short[] tr = r.table, tg = g.table, tb = b.table;
		long satR = 0, satG = 0, satB = 0, noData = 0;
		// the loop over a block makes no call (byteOf is not inlined, and called from inside, C2 made the
		// whole loop ~12 % slower): the pixels of unseen, split or per-pixel buckets are noted and done after it
		int[] later = new int[Math.max(0, Math.min(BLOCK, end - start))];
		for (int from = start; from < end; from += BLOCK) {
			int to = Math.min(end, from + BLOCK), n = 0;
			for (int i = from; i < to; i++) {
				// all three buckets trusted (entry - 1 = the byte) in one test; NaN and infinities are never
				int br = tr[Float.floatToRawIntBits(red[i]) >>> SHIFT] - 1, bg = tg[Float.floatToRawIntBits(green[i]) >>> SHIFT] - 1,
					bb = tb[Float.floatToRawIntBits(blue[i]) >>> SHIFT] - 1;
				if ((br | bg | bb) < 0) {
					later[n++] = i;
					continue;
				}
				satR += (br + 1) >> 8; // 1 for 255, else 0
				satG += (bg + 1) >> 8;
				satB += (bb + 1) >> 8;
				argb[i] = 0xff000000 | br << 16 | bg << 8 | bb;
			}
			for (int k = 0; k < n; k++) {
				int i = later[k];
				float fr = red[i], fg = green[i], fb = blue[i];
				int br = tr[Float.floatToRawIntBits(fr) >>> SHIFT] - 1, bg = tg[Float.floatToRawIntBits(fg) >>> SHIFT] - 1,
					bb = tb[Float.floatToRawIntBits(fb) >>> SHIFT] - 1;
				if (br < 0) br = r.byteOf(fr);
				if (bg < 0) bg = g.byteOf(fg);
				if (bb < 0) bb = b.byteOf(fb);
				if (!Float.isFinite(fr) || !Float.isFinite(fg) || !Float.isFinite(fb)) noData++;
				satR += (br + 1) >> 8;
				satG += (bg + 1) >> 8;
				satB += (bb + 1) >> 8;
				argb[i] = 0xff000000 | br << 16 | bg << 8 | bb;
			}
		}
		return new long[] { noData, satR, satG, satB };
	}

	/** The stretched value v in [0, 1] (NaN for NaN). */
	double value(float f) {
		return stretch.map(scale * f, lo, hi, factor, nonLinear);
	}

	/** {@link #value} within a relative 1e-14, faster (the bucket ends' bounds). */
	private double approx(float f) {
		return stretch.mapApprox(scale * f, lo, hi, factor, nonLinear);
	}

	/** floor(255·v) of the stretched value, 255 for v >= 1, 0 for v <= 0 and NaN. */
	int exact(float f) {
		return quantise(value(f));
	}

	static int quantise(double v) {
		return v >= 1 ? 255 : v > 0 ? (int) (255.0 * v) : 0; // floor(255 v); NaN -> 0
	}

	private int fill(int k) {
		float first = Float.intBitsToFloat(k << SHIFT), last = Float.intBitsToFloat((k << SHIFT) | ((1 << SHIFT) - 1));
		if (first > last) { // negative floats: the bit patterns run downwards
			float t = first;
			first = last;
			last = t;
		}
		short e = PER_PIXEL;
		if (Float.isFinite(first) && Float.isFinite(last)) {
			int low = lowBound(first), high = highBound(last);
			if (low == high) e = (short) (low + 1);
			else if (high == low + 1) {
				float t = threshold(high, first, last);
				if (t == t) e = t <= first ? (short) (high + 1) : t > last ? (short) (low + 1) : (short) (-2 - low);
			}
		}
		table[k] = e;
		return e;
	}

	/** How many buckets are split at a byte boundary now (for tests). */
	int splitBuckets() {
		int n = 0;
		for (short e : table) if (e < PER_PIXEL) n++;
		return n;
	}

	/** A byte that f's byte is at least (the margin below {@link #approx}). */
	private int lowBound(float f) {
		return scale * f > hi ? 255 : quantise(approx(f) * (1 - MARGIN));
	}

	/** A byte that f's byte is at most. */
	private int highBound(float f) {
		return scale * f < lo ? 0 : quantise(approx(f) * (1 + MARGIN));
	}

	/**
	 * The proven threshold of boundary j (see the class comment), searched between the finite floats
	 * first < last; NaN when none there is proven.
	 */
	private float threshold(int j, float first, float last) {
		float t = thresholds[j];
		if (t == t) return t;
		// bisection on the floats' order (as sortable ints) for the first float whose bound reaches j
		int a = sortable(first), b = sortable(last);
		if (lowBound(last) < j) return Float.NaN;
		while (a < b) {
			int m = (int) (((long) a + b) >> 1);
			if (lowBound(unsortable(m)) >= j) b = m;
			else a = m + 1;
		}
		t = unsortable(a);
		float below = unsortable(a - 1); // -0.0 below +0.0: equal values, so that proof fails, as it must
		if (a == Integer.MIN_VALUE || !Float.isFinite(below) || highBound(below) >= j || !(below < t)) return Float.NaN;
		thresholds[j] = t;
		return t;
	}

	/** Float bits as an int of the same order (-0.0 just below +0.0). */
	private static int sortable(float f) {
		int b = Float.floatToRawIntBits(f);
		return b ^ (b >> 31 & 0x7fffffff);
	}

	private static float unsortable(int s) {
		return Float.intBitsToFloat(s ^ (s >> 31 & 0x7fffffff));
	}
}
