package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * Sorting many short float arrays (the few hundred pixels of a sky annulus, once per star): an LSD
 * radix sort of the floats' order-preserving integer keys over only the bits in which the keys differ
 * (pixels of one sky share sign, most of the exponent and, for whole counts, the low mantissa bits),
 * cut into as few digits of at most 8 bits as they need. Written by hand because measured: 250 pixel
 * values sort in a fraction of the time of {@link Arrays#sort(float[])}, whose comparisons mispredict
 * on noise. The order is exactly Arrays.sort's (-0 before 0, NaN last). An instance holds its work
 * buffers: one per thread.
 */
public final class FloatSort {

	/** Below this many values Arrays.sort is as fast. */
	private static final int SMALL = 64;

	private int[] keys = new int[0], other = new int[0];
	private final int[] counts = new int[256];

	/** Sorts the first n values ascending. */
	public void sort(float[] a, int n) {
		if (n < SMALL) {
			Arrays.sort(a, 0, n);
			return;
		}
		if (keys.length < n) {
			keys = new int[n];
			other = new int[n];
		}
		int[] src = keys, dst = other;
		int or = 0, and = -1;
		for (int i = 0; i < n; i++) {
			int b = Float.floatToIntBits(a[i]);
			// signed order of the floats, then shifted to unsigned order for the digit buckets
			int key = (b ^ ((b >> 31) & 0x7fffffff)) ^ 0x80000000;
			src[i] = key;
			or |= key;
			and &= key;
		}
		int varying = or ^ and;
		if (varying == 0) return; // all the same bits: sorted already
		// the bits [low, high) hold every difference: digits over them alone order the keys
		int low = Integer.numberOfTrailingZeros(varying), high = 32 - Integer.numberOfLeadingZeros(varying);
		int digits = (high - low + 7) / 8, width = (high - low + digits - 1) / digits, mask = (1 << width) - 1;
		for (int d = 0, shift = low; d < digits; d++, shift += width) {
			if ((varying >>> shift & mask) == 0) continue;
			Arrays.fill(counts, 0, mask + 1, 0);
			for (int i = 0; i < n; i++) counts[src[i] >>> shift & mask]++;
			for (int b = 0, sum = 0; b <= mask; b++) {
				int c = counts[b];
				counts[b] = sum;
				sum += c;
			}
			for (int i = 0; i < n; i++) {
				int key = src[i];
				dst[counts[key >>> shift & mask]++] = key;
			}
			int[] t = src;
			src = dst;
			dst = t;
		}
		for (int i = 0; i < n; i++) {
			int s = src[i] ^ 0x80000000;
			a[i] = Float.intBitsToFloat(s ^ ((s >> 31) & 0x7fffffff));
		}
	}
}
