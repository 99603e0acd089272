package org.astrofiji.core.composite;

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
 * Buckets are filled on first use. Threads share the table: a fill is a pure function of the bucket
 * and a short write is atomic, so a race only repeats the same work.
 */
final class ByteLookup {

	private static final int SHIFT = 12;
	private static final double MARGIN = 1e-12;
	/** Entries: 0 = not yet seen, -1 = compute per pixel, else byte + 1. */
	private static final short UNSEEN = 0, PER_PIXEL = -1;

	private final short[] table = new short[1 << (32 - SHIFT)];
	private final Stretch stretch;
	private final double scale, lo, hi, factor, nonLinear;

	ByteLookup(Stretch stretch, double scale, double lo, double hi, double nonLinear) {
		this.stretch = stretch;
		this.scale = scale;
		this.lo = lo;
		this.hi = hi;
		this.nonLinear = nonLinear;
		this.factor = stretch.factor(lo, hi, nonLinear);
	}

	/** The 8-bit value of a pixel, as {@link #exact}. */
	int byteOf(float f) {
		int k = Float.floatToRawIntBits(f) >>> SHIFT;
		int e = table[k];
		if (e == UNSEEN) e = fill(k);
		return e > 0 ? e - 1 : exact(f);
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
		for (int i = start; i < end; i++) {
			float fr = red[i], fg = green[i], fb = blue[i];
			int kr = Float.floatToRawIntBits(fr) >>> SHIFT, kg = Float.floatToRawIntBits(fg) >>> SHIFT,
				kb = Float.floatToRawIntBits(fb) >>> SHIFT;
			// the common case in one test: all three buckets filled and trusted (entry - 1 = the byte);
			// a negative one is unseen or per pixel, and so are the buckets of NaN and infinities
			int br = tr[kr] - 1, bg = tg[kg] - 1, bb = tb[kb] - 1;
			if ((br | bg | bb) < 0) {
				br = r.byteOf(fr);
				bg = g.byteOf(fg);
				bb = b.byteOf(fb);
				if (!Float.isFinite(fr) || !Float.isFinite(fg) || !Float.isFinite(fb)) noData++;
			}
			satR += (br + 1) >> 8; // 1 for 255, else 0
			satG += (bg + 1) >> 8;
			satB += (bb + 1) >> 8;
			argb[i] = 0xff000000 | br << 16 | bg << 8 | bb;
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
			int low = scale * first > hi ? 255 : quantise(approx(first) * (1 - MARGIN));
			int high = scale * last < lo ? 0 : quantise(approx(last) * (1 + MARGIN));
			if (low == high) e = (short) (low + 1);
		}
		table[k] = e;
		return e;
	}
}
