package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * Percentiles of the finite values of a float image as numpy's
 * {@code nanpercentile(..., method='linear')} gives them: rank p/100 (n - 1) of the sorted values,
 * interpolated between its neighbours. Found with the key histogram of {@link Medians} and a sort of
 * one bucket, so it takes linear time and neither sorts nor reorders the image.
 */
public final class Percentiles {

	private Percentiles() {}

	/** The given percentiles (0..100) of the finite values; NaN for each when there are none. */
	public static double[] of(float[] a, double... p) {
		return ofScaled(a, 1, p);
	}

	/**
	 * The given percentiles (0..100) of the finite values of scale·a (scale &gt; 0, so the ranks are
	 * those of a): the two neighbouring values are scaled before they are interpolated, as numpy does
	 * on the scaled array.
	 */
	public static double[] ofScaled(float[] a, double scale, double... p) {
		for (double q : p) if (!(q >= 0 && q <= 100)) throw new IllegalArgumentException("percentile " + q +
			" is outside 0..100");
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be > 0 (got " + scale + ")");
		KeyHistogram hist = new KeyHistogram(a, a.length, true);
		long n = hist.total;
		double[] out = new double[p.length];
		if (n == 0) {
			Arrays.fill(out, Double.NaN);
			return out;
		}
		for (int k = 0; k < p.length; k++) {
			double idx = p[k] / 100.0 * (n - 1);
			long below = (long) Math.floor(idx);
			long above = Math.min(n - 1, below + 1);
			double t = idx - below;
			double lo = scale * rank(hist, below), hi = scale * rank(hist, above);
			// numpy's _lerp: a + (b - a)·t, from the upper end when t >= 0.5
			double d = hi - lo;
			out[k] = t >= 0.5 ? hi - d * (1 - t) : lo + d * t;
		}
		return out;
	}

	/** The value of the given 0-based rank among the counted values. */
	private static double rank(KeyHistogram hist, long rank) {
		int b = hist.bucketOf(rank);
		double[] in = hist.collect(b, b);
		Arrays.sort(in);
		return in[(int) (rank - hist.below(b))];
	}
}
