package org.astrofiji.core.photometry;

import java.util.Locale;

import org.astrofiji.core.stats.FloatSort;

/**
 * The sky level under an aperture, from the pixels of its annulus or from a given background map.
 * <ul>
 * <li>{@code median}: numpy's median of the annulus pixels (photutils' ApertureStats median);</li>
 * <li>{@code clipped_mean}: the mean after astropy's sigma clipping ({@code SigmaClip(sigma,
 * maxiters)}: median centre, population standard deviation, values outside
 * {@code median -/+ sigma std} rejected until none are or the iterations run out);</li>
 * <li>{@code mode}: {@code 2.5 median - 1.5 mean} of the clipped pixels (SExtractor's estimator,
 * photutils' {@code ModeEstimatorBackground(2.5, 1.5)});</li>
 * <li>{@code map}: the background map under the aperture;</li>
 * <li>{@code none}: 0.</li>
 * </ul>
 * Every annulus estimate also reports the standard deviation of the clipped pixels and their count.
 */
public final class Sky {

	/** Sky estimators. */
	public enum Method {
		MEDIAN, CLIPPED_MEAN, MODE, MAP, NONE;

		public static Method of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("sky must be median, clipped_mean, mode, map or none (got '" + name + "')");
			}
		}

		/** Whether the estimate comes from annulus pixels. */
		public boolean usesAnnulus() {
			return this == MEDIAN || this == CLIPPED_MEAN || this == MODE;
		}

		/**
		 * The variance of the estimate in units of (pixel variance / pixel count), for normal noise: 1 for
		 * a mean, pi/2 for a median, and for {@code 2.5 median - 1.5 mean}
		 * {@code 2.5^2 pi/2 + 1.5^2 - 2 2.5 1.5 = 4.567} (the sample mean and median of normal data have
		 * covariance var/n); 0 when the sky is given.
		 */
		public double varianceFactor() {
			switch (this) {
				case MEDIAN: return Math.PI / 2;
				case CLIPPED_MEAN: return 1;
				case MODE: return 2.5 * 2.5 * Math.PI / 2 + 1.5 * 1.5 - 2 * 2.5 * 1.5;
				default: return 0;
			}
		}
	}

	/** One sky estimate. */
	public static final class Estimate {

		/** Sky per pixel; NaN when there were no pixels. */
		public final double value;
		/** Standard deviation of the sigma-clipped pixels (population). */
		public final double std;
		/** Pixels the estimate used, and those rejected by clipping (median: the clipping of std only). */
		public final int pixels, rejected;

		Estimate(double value, double std, int pixels, int rejected) {
			this.value = value;
			this.std = std;
			this.pixels = pixels;
			this.rejected = rejected;
		}
	}

	/** One thread's work buffers for {@link #estimate}. */
	static final class Buffers {

		final FloatSort sorter = new FloatSort();
		/** Running sums of (v - median) and its square over the sorted values: prefix[i] holds values 0..i. */
		private double[] prefix1 = new double[0], prefix2 = new double[0];
	}

	private Sky() {}

	/**
	 * The estimate from the first n values (no NaN), sorted ascending (by {@link Buffers#sorter}).
	 * Clipping runs on the sorted values: each iteration is a median of the kept range and its standard
	 * deviation from sums in double precision, and the kept range shrinks by binary search. The sums of
	 * the whole range are kept at every index: a range clipped only at its top (the usual case, a star's
	 * wing in the annulus) reads its sums there, added in the same order as summing it again.
	 */
	static Estimate estimate(float[] v, int n, Method method, double sigma, int iterations, Buffers buffers) {
		if (n == 0) return new Estimate(Double.NaN, Double.NaN, 0, 0);
		double median = median(v, 0, n);
		// sums relative to the median keep the variance free of cancellation
		int lo = 0, hi = n;
		double[] stats = new double[2];
		prefixMoments(v, n, median, buffers, stats);
		for (int it = 0; it < iterations; it++) {
			double c = median(v, lo, hi), s = stats[1];
			double min = c - s * sigma, max = c + s * sigma;
			int nlo = lowerBound(v, lo, hi, min), nhi = upperBound(v, lo, hi, max);
			if (nlo == lo && nhi == hi) break;
			lo = nlo;
			hi = nhi;
			if (lo >= hi) break;
			if (lo == 0) moments(buffers.prefix1[hi - 1], buffers.prefix2[hi - 1], hi, median, stats);
			else moments(v, lo, hi, median, stats);
		}
		int kept = hi - lo, rejected = n - kept;
		if (kept == 0) return new Estimate(Double.NaN, Double.NaN, 0, n);
		double mean = stats[0], std = stats[1];
		switch (method) {
			case CLIPPED_MEAN: return new Estimate(mean, std, kept, rejected);
			case MODE: return new Estimate(2.5 * median(v, lo, hi) - 1.5 * mean, std, kept, rejected);
			default: return new Estimate(median, std, n, rejected);
		}
	}

	/** numpy's median of the sorted range [lo, hi). */
	static double median(double[] sorted, int lo, int hi) {
		int n = hi - lo, m = lo + n / 2;
		return (n & 1) == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
	}

	/** numpy's median (in double precision) of the sorted float range [lo, hi). */
	static double median(float[] sorted, int lo, int hi) {
		int n = hi - lo, m = lo + n / 2;
		return (n & 1) == 1 ? sorted[m] : ((double) sorted[m - 1] + sorted[m]) / 2;
	}

	/** Mean and population standard deviation of [lo, hi), summed about {@code ref}. */
	private static void moments(float[] v, int lo, int hi, double ref, double[] out) {
		double s1 = 0, s2 = 0;
		for (int i = lo; i < hi; i++) {
			double d = v[i] - ref;
			s1 += d;
			s2 += d * d;
		}
		moments(s1, s2, hi - lo, ref, out);
	}

	/** {@link #moments} of [0, n), keeping the running sums at every index in the buffers. */
	private static void prefixMoments(float[] v, int n, double ref, Buffers b, double[] out) {
		if (b.prefix1.length < n) {
			b.prefix1 = new double[Math.max(n, 2 * b.prefix1.length)];
			b.prefix2 = new double[b.prefix1.length];
		}
		double[] p1 = b.prefix1, p2 = b.prefix2;
		double s1 = 0, s2 = 0;
		for (int i = 0; i < n; i++) {
			double d = v[i] - ref;
			p1[i] = s1 += d;
			p2[i] = s2 += d * d;
		}
		moments(s1, s2, n, ref, out);
	}

	/** Mean and population standard deviation of n values from their sums about {@code ref}. */
	private static void moments(double s1, double s2, int n, double ref, double[] out) {
		double m = s1 / n;
		out[0] = ref + m;
		out[1] = Math.sqrt(Math.max(0, s2 / n - m * m));
	}

	/** First index in [lo, hi) whose value is >= x. */
	private static int lowerBound(float[] v, int lo, int hi, double x) {
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (v[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** First index in [lo, hi) whose value is > x. */
	private static int upperBound(float[] v, int lo, int hi, double x) {
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (v[mid] <= x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
