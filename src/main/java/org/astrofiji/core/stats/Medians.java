package org.astrofiji.core.stats;

/**
 * Medians of whole samples by selection (no full sort): numpy's median (the mean of the middle two
 * for an even count), the lower median, and the median absolute deviation. NaN values are skipped.
 */
public final class Medians {

	/** 1 / Phi^-1(3/4): scales a MAD to the standard deviation of a normal distribution. */
	public static final double MAD_TO_SIGMA = 1.4826;

	private Medians() {}

	/** numpy's median of the non-NaN values: the middle one, or the mean of the middle two; NaN if none. */
	public static double median(float[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (float f : values) if (f == f) v[n++] = f;
		return medianInPlace(v, n);
	}

	/** As {@link #median(float[])}, for doubles. */
	public static double median(double[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (double d : values) if (d == d) v[n++] = d;
		return medianInPlace(v, n);
	}

	/** The median of the first n values (no NaN), reordering them. */
	public static double medianInPlace(double[] v, int n) {
		if (n == 0) return Double.NaN;
		if (n > 4096 && allFloats(v, n)) {
			// exactly floats (e.g. differences of integer-valued images): two histogram passes per rank
			float[] f = new float[n];
			for (int i = 0; i < n; i++) f[i] = (float) v[i];
			double hi = select(f, n, n / 2);
			return (n & 1) == 1 ? hi : ((double) select(f, n, n / 2 - 1) + hi) / 2;
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
	 * count), reordering them; what astroscrappy's median returns. NaN if n is 0.
	 */
	public static float lowerMedianInPlace(float[] v, int n) {
		if (n == 0) return Float.NaN;
		return select(v, n, (n - 1) / 2);
	}

	/**
	 * The value of rank k among the first n floats (no NaN), without reordering them: a histogram of
	 * the top 16 bits of their order-preserving integer keys finds the bucket that holds rank k, and
	 * a selection among that bucket's values finishes. Two linear passes for large samples.
	 */
	public static float select(float[] v, int n, int k) {
		if (k < 0 || k >= n) throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1));
		if (n <= 64) {
			double[] d = new double[n];
			for (int i = 0; i < n; i++) d[i] = v[i];
			return (float) select(d, n, k);
		}
		int[] hist = new int[1 << 16];
		for (int i = 0; i < n; i++) hist[bucket(v[i])]++;
		int b = 0, below = 0;
		while (below + hist[b] <= k) below += hist[b++];
		double[] in = new double[hist[b]];
		int m = 0;
		for (int i = 0; i < n; i++) if (bucket(v[i]) == b) in[m++] = v[i];
		return (float) select(in, m, k - below);
	}

	private static boolean allFloats(double[] v, int n) {
		for (int i = 0; i < n; i++) if ((double) (float) v[i] != v[i]) return false;
		return true;
	}

	/** Top 16 bits of a float's order-preserving key, as an unsigned bucket number. */
	private static int bucket(float f) {
		int bits = Float.floatToIntBits(f);
		int key = bits ^ ((bits >> 31) & 0x7fffffff);
		return (key ^ 0x80000000) >>> 16;
	}

	/**
	 * Median absolute deviation about the median of the non-NaN values, times {@link #MAD_TO_SIGMA}:
	 * a standard deviation robust to outliers. NaN if there are no values.
	 */
	public static double madSigma(double[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (double d : values) if (d == d) v[n++] = d;
		double[] copy = java.util.Arrays.copyOf(v, n);
		double med = medianInPlace(v, n);
		for (int i = 0; i < n; i++) copy[i] = Math.abs(copy[i] - med);
		return MAD_TO_SIGMA * medianInPlace(copy, n);
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

	private static void swap(double[] v, int a, int b) {
		double t = v[a];
		v[a] = v[b];
		v[b] = t;
	}
}
