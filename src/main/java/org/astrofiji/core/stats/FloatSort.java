package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * Sorting many short float arrays (the few hundred pixels of a sky annulus, once per star): an LSD
 * radix sort of the floats' order-preserving integer keys over only the bits in which the keys differ
 * (pixels of one sky share sign, most of the exponent and, for whole counts, the low mantissa bits),
 * cut into as few digits of at most 8 bits as they need, all counted in one pass. Written by hand
 * because measured: 250 pixel values sort in a fraction of the time of {@link Arrays#sort(float[])},
 * whose comparisons mispredict on noise. The order is exactly Arrays.sort's (-0 before 0, NaN last).
 * <p>
 * A caller that reads the values anyway can write their {@link #key keys} straight into
 * {@link #keys(int)} with their OR and AND, and {@link #sortKeys} them: one pass less. An instance
 * holds its work buffers: one per thread.
 */
public final class FloatSort {

	/** Below this many values Arrays.sort is as fast. */
	private static final int SMALL = 64;

	private int[] keys = new int[0], other = new int[0];
	private final int[] counts = new int[4 * 256];

	/** Sorts the first n values ascending. */
	public void sort(float[] a, int n) {
		if (n < SMALL) {
			Arrays.sort(a, 0, n);
			return;
		}
		int[] k = keys(n);
		int or = 0, and = -1;
		for (int i = 0; i < n; i++) {
			int key = key(a[i]);
			k[i] = key;
			or |= key;
			and &= key;
		}
		sortKeys(n, or, and, a);
	}

	/**
	 * The unsigned-order key of a float: Float.compare order as unsigned integers (NaN of any payload
	 * as the canonical NaN, last).
	 */
	public static int key(float v) {
		int b = Float.floatToIntBits(v);
		return (b ^ ((b >> 31) & 0x7fffffff)) ^ 0x80000000;
	}

	/** The float of a key. */
	public static float value(int key) {
		int s = key ^ 0x80000000;
		return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7fffffff));
	}

	/** The key buffer, room for at least n keys (its contents are kept only until the next call). */
	public int[] keys(int n) {
		if (keys.length < n) {
			keys = new int[Math.max(n, 2 * keys.length)];
			other = new int[keys.length];
		}
		return keys;
	}

	/**
	 * Sorts the first n keys of {@link #keys(int)}, whose OR and AND the caller gives, and writes their
	 * values in ascending order to {@code out[0, n)}.
	 */
	public void sortKeys(int n, int or, int and, float[] out) {
		if (n == 0) return;
		int[] src = keys, dst = other;
		int varying = or ^ and;
		if (varying == 0) { // one value
			Arrays.fill(out, 0, n, value(src[0]));
			return;
		}
		// the bits [low, high) hold every difference: digits over them alone order the keys
		int low = Integer.numberOfTrailingZeros(varying), high = 32 - Integer.numberOfLeadingZeros(varying);
		int digits = (high - low + 7) / 8, width = (high - low + digits - 1) / digits, mask = (1 << width) - 1;
		Arrays.fill(counts, 0, digits << 8, 0);
		if (digits == 1) for (int i = 0; i < n; i++) counts[src[i] >>> low & mask]++;
		else if (digits == 2) {
			for (int i = 0; i < n; i++) {
				int key = src[i] >>> low;
				counts[key & mask]++;
				counts[256 + (key >>> width & mask)]++;
			}
		}
		else {
			for (int i = 0; i < n; i++) {
				int key = src[i] >>> low;
				for (int d = 0; d < digits; d++) counts[(d << 8) + (key >>> d * width & mask)]++;
			}
		}
		for (int d = 0, shift = low; d < digits; d++, shift += width) {
			int base = d << 8;
			if (counts[base + (src[0] >>> shift & mask)] == n) { // a digit all keys share: nothing to order
				if (d == digits - 1) for (int i = 0; i < n; i++) out[i] = value(src[i]);
				continue;
			}
			for (int b = 0, sum = 0; b <= mask; b++) {
				int c = counts[base + b];
				counts[base + b] = sum;
				sum += c;
			}
			if (d == digits - 1) { // the last digit places the values themselves
				for (int i = 0; i < n; i++) {
					int key = src[i];
					out[counts[base + (key >>> shift & mask)]++] = value(key);
				}
				return;
			}
			for (int i = 0; i < n; i++) {
				int key = src[i];
				dst[counts[base + (key >>> shift & mask)]++] = key;
			}
			int[] t = src;
			src = dst;
			dst = t;
		}
	}
}
