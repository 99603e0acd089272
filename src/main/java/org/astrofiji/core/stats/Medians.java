package org.astrofiji.core.stats;

import java.util.Arrays;

import org.astrofiji.core.Parallel;

/**
 * Medians of whole samples by selection (no full sort): numpy's median (the mean of the middle two
 * for an even count), the lower median, and the median absolute deviation. NaN values are skipped.
 * Large float samples are selected with a histogram of their order-preserving keys (two linear
 * passes); doubles with quickselect, or as floats when they all are floats exactly.
 */
public final class Medians {

	/** 1 / Phi^-1(3/4): scales a MAD to the standard deviation of a normal distribution. */
	public static final double MAD_TO_SIGMA = 1.4826;

	private static final int SMALL = 64;

	private Medians() {}

	/** numpy's median of the non-NaN values: the middle one, or the mean of the middle two; NaN if none. */
	public static double median(float[] values) {
		float[] v = new float[values.length];
		int n = 0;
		for (float f : values) if (f == f) v[n++] = f;
		return median(v, n);
	}

	/** As {@link #median(float[])}, for doubles. */
	public static double median(double[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (double d : values) if (d == d) v[n++] = d;
		return medianInPlace(v, n);
	}

	/** numpy's median of the first n floats (no NaN); they are not reordered. NaN if n is 0. */
	public static double median(float[] v, int n) {
		if (n == 0) return Double.NaN;
		float[] pair = selectPair(v, n, n / 2);
		return (n & 1) == 1 ? pair[1] : ((double) pair[0] + pair[1]) / 2;
	}

	/** The median of the first n values (no NaN), reordering them. */
	public static double medianInPlace(double[] v, int n) {
		if (n == 0) return Double.NaN;
		if (n > 4096) {
			float[] f = asFloats(v, n);
			if (f != null) return median(f, n);
		}
		int k = n / 2;
		double hi = select(v, n, k);
		if ((n & 1) == 1) return hi;
		// after selection every value left of k is <= v[k]: the other middle one is their maximum
		double lo = v[0];
		for (int i = 1; i < k; i++) if (v[i] > lo) lo = v[i];
		return (lo + hi) / 2;
	}

	/**
	 * The element of rank (n - 1) / 2 of the first n values (the lower of the middle two for an even
	 * count); what astroscrappy's median returns. NaN if n is 0. The values may be reordered.
	 */
	public static float lowerMedianInPlace(float[] v, int n) {
		if (n == 0) return Float.NaN;
		return select(v, n, (n - 1) / 2);
	}

	/**
	 * Median absolute deviation about the median of the non-NaN values, times {@link #MAD_TO_SIGMA}:
	 * a standard deviation robust to outliers. NaN if there are no values.
	 */
	public static double madSigma(double[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (double d : values) if (d == d) v[n++] = d;
		if (n == 0) return Double.NaN;
		float[] f = n > 4096 ? asFloats(v, n) : null;
		double med = f != null ? median(f, n) : medianInPlace(Arrays.copyOf(v, n), n);
		for (int i = 0; i < n; i++) v[i] = Math.abs(v[i] - med);
		return MAD_TO_SIGMA * medianInPlace(v, n);
	}

	/** The value of rank k among the first n floats (no NaN); they are not reordered. */
	public static float select(float[] v, int n, int k) {
		return selectPair(v, n, k)[1];
	}

	/**
	 * The values of rank k - 1 and k (the first is NaN when k is 0) among the first n floats (no NaN),
	 * without reordering them: a histogram of the top 16 bits of their order-preserving integer keys
	 * finds the buckets that hold those ranks, and a selection among those buckets' values finishes.
	 */
	public static float[] selectPair(float[] v, int n, int k) {
		if (k < 0 || k >= n) throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1));
		if (n <= SMALL) {
			float[] s = Arrays.copyOf(v, n);
			Arrays.sort(s);
			return new float[] { k > 0 ? s[k - 1] : Float.NaN, s[k] };
		}
		int[] hist = histogram(v, n);
		int lo = Math.max(k - 1, 0);
		int b = 0, below = 0;
		while (below + hist[b] <= lo) below += hist[b++];
		int first = b, firstBelow = below;
		while (below + hist[b] <= k) below += hist[b++];
		int last = b;
		// the values in buckets first..last (those between are empty), then a selection among them
		double[] in = collect(v, n, first, last);
		int m = in.length;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (double x : in) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		// often (integer data) all these values are equal
		if (min == max) return new float[] { k > 0 ? (float) min : Float.NaN, (float) min };
		float hi = (float) select(in, m, k - firstBelow);
		if (k == 0) return new float[] { Float.NaN, hi };
		// everything left of the selected rank is not larger: the rank below is its maximum (or itself)
		int kk = k - firstBelow;
		double left = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < kk; i++) if (in[i] > left) left = in[i];
		return new float[] { (float) left, hi };
	}

	/**
	 * Rearranges the first n values so that v[k] holds the value of rank k, values before it are not
	 * larger and values after it are not smaller; returns v[k]. Expected linear time.
	 */
	public static double select(double[] v, int n, int k) {
		if (k < 0 || k >= n) throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1));
		int lo = 0, hi = n - 1;
		while (hi > lo + 1) {
			int mid = (lo + hi) >>> 1;
			// median of three to position lo+1 as the pivot, lo <= pivot <= hi as guards
			swap(v, mid, lo + 1);
			if (v[lo] > v[hi]) swap(v, lo, hi);
			if (v[lo + 1] > v[hi]) swap(v, lo + 1, hi);
			if (v[lo] > v[lo + 1]) swap(v, lo, lo + 1);
			int i = lo + 1, j = hi;
			double pivot = v[lo + 1];
			while (true) {
				do i++; while (v[i] < pivot);
				do j--; while (v[j] > pivot);
				if (j < i) break;
				swap(v, i, j);
			}
			v[lo + 1] = v[j];
			v[j] = pivot;
			if (j >= k) hi = j - 1;
			if (j <= k) lo = i;
		}
		if (hi == lo + 1 && v[hi] < v[lo]) swap(v, lo, hi);
		return v[k];
	}

	/** Bucket counts of the first n values, counted in parallel chunks (the sum does not depend on them). */
	private static int[] histogram(float[] v, int n) {
		int chunks = Math.max(1, Math.min(Parallel.threads(), n >> 18));
		int[][] parts = new int[chunks][];
		int size = (n + chunks - 1) / chunks;
		Parallel.forRange(chunks, 1, (c0, c1) -> {
			for (int c = c0; c < c1; c++) {
				int[] h = new int[1 << 16];
				for (int i = c * size, end = Math.min(n, i + size); i < end; i++) h[bucket(v[i])]++;
				parts[c] = h;
			}
		});
		int[] hist = parts[0];
		for (int c = 1; c < chunks; c++) for (int i = 0; i < hist.length; i++) hist[i] += parts[c][i];
		return hist;
	}

	/** The values of the first n whose bucket lies in [first, last], in order. */
	private static double[] collect(float[] v, int n, int first, int last) {
		int chunks = Math.max(1, Math.min(Parallel.threads(), n >> 18));
		int size = (n + chunks - 1) / chunks;
		double[][] parts = new double[chunks][];
		Parallel.forRange(chunks, 1, (c0, c1) -> {
			for (int c = c0; c < c1; c++) {
				double[] buf = new double[64];
				int m = 0;
				for (int i = c * size, end = Math.min(n, i + size); i < end; i++) {
					int bk = bucket(v[i]);
					if (bk >= first && bk <= last) {
						if (m == buf.length) buf = Arrays.copyOf(buf, m * 2);
						buf[m++] = v[i];
					}
				}
				parts[c] = Arrays.copyOf(buf, m);
			}
		});
		int total = 0;
		for (double[] p : parts) total += p.length;
		double[] all = new double[total];
		int at = 0;
		for (double[] p : parts) {
			System.arraycopy(p, 0, all, at, p.length);
			at += p.length;
		}
		return all;
	}

	/** The first n values as floats when every one is a float exactly, else null. */
	private static float[] asFloats(double[] v, int n) {
		float[] f = new float[n];
		for (int i = 0; i < n; i++) {
			float x = (float) v[i];
			if (x != v[i]) return null;
			f[i] = x;
		}
		return f;
	}

	/** Top 16 bits of a float's order-preserving key, as an unsigned bucket number. */
	private static int bucket(float f) {
		int bits = Float.floatToIntBits(f);
		int key = bits ^ ((bits >> 31) & 0x7fffffff);
		return (key ^ 0x80000000) >>> 16;
	}

	private static void swap(double[] v, int a, int b) {
		double t = v[a];
		v[a] = v[b];
		v[b] = t;
	}
}
