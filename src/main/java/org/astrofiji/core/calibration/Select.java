package org.astrofiji.core.calibration;

/**
 * Order statistics of small float arrays (the values of one pixel through a stack): selection
 * instead of sorting, in place. Callers pass scratch arrays; the order of their first {@code n}
 * values is changed.
 */
public final class Select {

	/** astropy's mad_std factor: 1 / Phi^-1(3/4), MAD to the standard deviation of a normal distribution. */
	public static final double MAD_TO_SIGMA = 1.482602218505602;

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
	 * The median absolute deviation from {@code center} of {@code a[0..n)}, using {@code scratch}
	 * (at least n long); {@code a} is left unchanged. Deviations are taken in float from the centre
	 * rounded to float (as the combiner's vectorized median path takes them).
	 */
	public static double mad(float[] a, int n, double center, float[] scratch) {
		float c = (float) center;
		for (int i = 0; i < n; i++) scratch[i] = Math.abs(a[i] - c);
		return median(scratch, n);
	}

	static void insertionSort(float[] a, int n) {
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
