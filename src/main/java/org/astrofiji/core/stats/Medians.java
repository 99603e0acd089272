package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * Medians of whole samples by selection (no full sort): numpy's median (the mean of the middle two
 * for an even count), the lower median, SExtractor's single-precision median, and the median absolute
 * deviation with the factors that turn it into a standard deviation. NaN values are skipped. Large
 * float samples are selected with a histogram of their order-preserving keys (two linear passes);
 * doubles with {@link Select#kth(double[], int, int)}, or as floats when they all are floats exactly.
 * Small samples held in scratch arrays (a pixel through a stack) are {@link Select}'s.
 */
public final class Medians {

	/**
	 * 1 / Phi^-1(3/4) = 1.482602218505602: scales a MAD to the standard deviation of a normal
	 * distribution, exactly as astropy's mad_std does (and ccdproc through it).
	 */
	public static final double MAD_TO_SIGMA = 1.482602218505602;
	/**
	 * The same factor rounded to 1.4826, as many recipes write it: the scipy median cosmic-ray recipe
	 * does, and the median cosmic-ray cleaner uses it to keep that recipe's numbers.
	 */
	public static final double MAD_TO_SIGMA_ROUNDED = 1.4826;

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

	/**
	 * numpy's nanmedian of a without a copy: its non-NaN values are moved to the front and selected
	 * there in place ({@link Select#median}; a single thread beats the key histogram on a whole frame
	 * of integer counts). NaN when there are none.
	 */
	public static double nanMedianInPlace(float[] a) {
		int m = 0;
		for (int i = 0; i < a.length; i++) if (!Float.isNaN(a[i])) a[m++] = a[i];
		return m == 0 ? Double.NaN : Select.median(a, m);
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
		double hi = Select.kth(v, n, k);
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
	 * SExtractor's (and SEP's) fqmedian of the first n values: sorts them in place and, for an even
	 * count, averages the middle two in single precision.
	 */
	public static float sortedMedian(float[] a, int n) {
		Arrays.sort(a, 0, n);
		if (n < 2) return a[0];
		return (n & 1) == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2f;
	}

	/**
	 * The median absolute deviation about the median of the non-NaN values (not scaled: multiply by
	 * {@link #MAD_TO_SIGMA} for a standard deviation robust to outliers). NaN if there are no values.
	 */
	public static double mad(double[] values) {
		double[] v = new double[values.length];
		int n = 0;
		for (double d : values) if (d == d) v[n++] = d;
		if (n == 0) return Double.NaN;
		float[] f = n > 4096 ? asFloats(v, n) : null;
		double med = f != null ? median(f, n) : medianInPlace(Arrays.copyOf(v, n), n);
		for (int i = 0; i < n; i++) v[i] = Math.abs(v[i] - med);
		return medianInPlace(v, n);
	}

	/** The value of rank k among the first n floats (no NaN); they are not reordered. */
	public static float select(float[] v, int n, int k) {
		return selectPair(v, n, k)[1];
	}

	/**
	 * The values of rank k - 1 and k (the first is NaN when k is 0) among the first n floats (no NaN),
	 * without reordering them: the key histogram finds the buckets that hold those ranks, and a
	 * selection among those buckets' values finishes.
	 */
	public static float[] selectPair(float[] v, int n, int k) {
		if (k < 0 || k >= n) throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1));
		if (n <= SMALL) {
			float[] s = Arrays.copyOf(v, n);
			Arrays.sort(s);
			return new float[] { k > 0 ? s[k - 1] : Float.NaN, s[k] };
		}
		KeyHistogram hist = new KeyHistogram(v, n, false);
		int first = hist.bucketOf(Math.max(k - 1, 0)), last = hist.bucketOf(k);
		long firstBelow = hist.below(first);
		// the values in buckets first..last (those between are empty), then a selection among them
		double[] in = hist.collect(first, last);
		int m = in.length;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (double x : in) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		// often (integer data) all these values are equal
		if (min == max) return new float[] { k > 0 ? (float) min : Float.NaN, (float) min };
		int kk = (int) (k - firstBelow);
		float hi = (float) Select.kth(in, m, kk);
		if (k == 0) return new float[] { Float.NaN, hi };
		// everything left of the selected rank is not larger: the rank below is its maximum (or itself)
		double left = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < kk; i++) if (in[i] > left) left = in[i];
		return new float[] { (float) left, hi };
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
}
