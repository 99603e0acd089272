package org.astrofiji.core.stats;

/**
 * Selection in place: the k-th smallest of the first n values of an array, without sorting it, and
 * the median and median absolute deviation of small float samples (the values of one pixel through a
 * stack) held in scratch arrays. The order of the first {@code n} values is changed. Whole images
 * are {@link Medians}'. Floats (short stacks) use Wirth's FIND, which moves the fewest values at a few
 * dozen; doubles (long samples of residuals) the median-of-three quickselect, which guards against
 * poor pivots on structured data.
 */
public final class Select {

	private Select() {}

	/**
	 * Moves the k-th smallest of {@code a[0..n)} to {@code a[k]}, with nothing larger before it and
	 * nothing smaller after it (Hoare's FIND as Wirth writes it), and returns it. No NaN allowed.
	 */
	public static float kth(float[] a, int n, int k) {
		if (n <= 12) {
			insertionSort(a, n);
			return a[k];
		}
		int l = 0, m = n - 1;
		while (l < m) {
			float x = a[k];
			int i = l, j = m;
			do {
				while (a[i] < x) i++;
				while (x < a[j]) j--;
				if (i <= j) {
					float t = a[i];
					a[i] = a[j];
					a[j] = t;
					i++;
					j--;
				}
			}
			while (i <= j);
			if (j < k) l = i;
			if (k < i) m = j;
		}
		return a[k];
	}

	/**
	 * The median of {@code a[0..n)} (n > 0, no NaN), in double: for an even n the mean of the two
	 * middle values (numpy's and ccdproc's convention).
	 */
	public static double median(float[] a, int n) {
		if (n == 1) return a[0];
		if (n == 2) return 0.5 * ((double) a[0] + a[1]);
		int k = (n - 1) / 2;
		float lo = kth(a, n, k);
		if ((n & 1) == 1) return lo;
		// the upper middle value is the smallest of those after k
		float hi = a[k + 1];
		for (int i = k + 2; i < n; i++) if (a[i] < hi) hi = a[i];
		return 0.5 * ((double) lo + hi);
	}

	/**
	 * Rearranges the first n values so that v[k] holds the value of rank k, values before it are not
	 * larger and values after it are not smaller; returns v[k]. Quickselect with the median of three
	 * as pivot: expected linear time. No NaN allowed.
	 */
	public static double kth(double[] v, int n, int k) {
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

	/**
	 * The median absolute deviation from {@code center} of {@code a[0..n)}, using {@code scratch}
	 * (at least n long); {@code a} is left unchanged. Deviations are taken in float from the centre
	 * rounded to float (as the combiner's vectorized median path takes them).
	 */
	public static double mad(float[] a, int n, double center, float[] scratch) {
		float c = (float) center;
		for (int i = 0; i < n; i++) scratch[i] = Math.abs(a[i] - c);
		return median(scratch, n);
	}

	private static void insertionSort(float[] a, int n) {
		for (int i = 1; i < n; i++) {
			float v = a[i];
			int j = i - 1;
			while (j >= 0 && a[j] > v) {
				a[j + 1] = a[j];
				j--;
			}
			a[j + 1] = v;
		}
	}
}
