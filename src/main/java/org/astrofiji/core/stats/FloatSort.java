package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * Sorting many short float arrays (the few hundred pixels of a sky annulus, once per star): an LSD
 * radix sort of the floats' order-preserving integer keys, one counting pass for all four bytes, and
 * no pass over a byte every key shares (pixels of one sky share sign and exponent). Written by hand
 * because measured: 250 pixel values sort in about a fifth of the time of {@link Arrays#sort(float[])},
 * whose comparisons mispredict on noise. The order is exactly Arrays.sort's (-0 before 0, NaN last).
 * An instance holds its work buffers: one per thread.
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
		if (keys.length < n) {
			keys = new int[n];
			other = new int[n];
		}
		Arrays.fill(counts, 0);
		int[] src = keys, dst = other;
		for (int i = 0; i < n; i++) {
			int b = Float.floatToIntBits(a[i]);
			// signed order of the floats, then shifted to unsigned order for the byte buckets
			int key = (b ^ ((b >> 31) & 0x7fffffff)) ^ 0x80000000;
			src[i] = key;
			counts[key & 0xff]++;
			counts[256 + (key >>> 8 & 0xff)]++;
			counts[512 + (key >>> 16 & 0xff)]++;
			counts[768 + (key >>> 24)]++;
		}
		for (int pass = 0, shift = 0; pass < 4; pass++, shift += 8) {
			int base = pass << 8;
			if (counts[base + (src[0] >>> shift & 0xff)] == n) continue;
			for (int b = 0, sum = 0; b < 256; b++) {
				int c = counts[base + b];
				counts[base + b] = sum;
				sum += c;
			}
			for (int i = 0; i < n; i++) {
				int key = src[i];
				dst[counts[base + (key >>> shift & 0xff)]++] = key;
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
