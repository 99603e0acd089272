package org.astrofiji.core.background;

import java.util.Arrays;

/**
 * SExtractor's back_guess (SEP 1.2): the mode and noise of a box from its histogram, by up to 100
 * rounds of clipping the histogram at median &plusmn; 3&sigma;, with the same results bit for bit.
 * The histogram is given as its bins in ascending order with their counts ({@link #add}); bins left
 * out are empty, so an integer-valued box hands over only its few hundred non-empty bins of ~4000.
 * <p>
 * SExtractor walks the clipped histogram from both ends in every round (the side with the smaller
 * sum advances; ties move the upper end) to find the median, and sums the counts, bin &middot; count
 * and bin&sup2; &middot; count in double precision. Those sums are integers far below 2^53, so they are
 * exact in any order: here they are differences of prefix sums over the listed bins. Where the walk
 * stops is the last bin k of the cut range with (counts below k) &lt; (counts above k): the walk is the
 * merge of the two non-decreasing sequences of partial sums from each end, the lower taken first only
 * when strictly smaller, and that condition holds up to some k and never after. It is found by one
 * binary search over the listed bins and the gaps between them (in a gap both counts are constant).
 * Each round costs O(log bins) instead of SExtractor's O(bins).
 */
final class HistogramMode {

	private static final double EPS = 1e-4;

	/** The listed bins, ascending, and the prefix sums of count, bin * count, bin^2 * count (index m: bins before m). */
	private int[] bins = new int[256];
	private long[] p0 = new long[257], p1 = new long[257], p2 = new long[257];
	private int m;

	/** Background and noise of the last {@link #estimate}. */
	float back, sigma;

	/** Empties the histogram. */
	void clear() {
		m = 0;
	}

	/** Adds {@code count} to bin {@code bin}, not below the last bin added. */
	void add(int bin, int count) {
		long c = count, cb = c * bin;
		if (m > 0 && bins[m - 1] == bin) {
			p0[m] += c;
			p1[m] += cb;
			p2[m] += cb * bin;
			return;
		}
		if (m == bins.length) {
			bins = Arrays.copyOf(bins, 2 * m);
			p0 = Arrays.copyOf(p0, 2 * m + 1);
			p1 = Arrays.copyOf(p1, 2 * m + 1);
			p2 = Arrays.copyOf(p2, 2 * m + 1);
		}
		bins[m] = bin;
		p0[m + 1] = p0[m] + c;
		p1[m + 1] = p1[m] + cb;
		p2[m + 1] = p2[m] + cb * bin;
		m++;
	}

	/** The dense histogram {@code histo[0 .. nlevels)}, every bin listed (no branch on empty bins). */
	void addAll(int[] histo, int nlevels) {
		m = 0;
		if (bins.length < nlevels) {
			bins = new int[nlevels];
			p0 = new long[nlevels + 1];
			p1 = new long[nlevels + 1];
			p2 = new long[nlevels + 1];
		}
		long c = 0, s1 = 0, s2 = 0;
		for (int k = 0; k < nlevels; k++) {
			long h = histo[k], hk = h * k;
			bins[k] = k;
			p0[k + 1] = c += h;
			p1[k + 1] = s1 += hk;
			p2[k + 1] = s2 += hk * k;
		}
		m = nlevels;
	}

	/** The first listed bin at or above {@code bin} (m when none). */
	private int lowerBound(int bin) {
		int lo = 0, hi = m;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (bins[mid] < bin) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** The count of a bin (0 when not listed, also beyond the histogram). */
	private long count(int bin) {
		int j = lowerBound(bin);
		return j < m && bins[j] == bin ? p0[j + 1] - p0[j] : 0;
	}

	/**
	 * SExtractor's back_guess on the histogram of {@code nlevels} bins (all listed bins are below
	 * nlevels): sets {@link #back} and {@link #sigma}.
	 */
	void estimate(int nlevels, float boxMean, float qzero, float qscale) {
		int nlevelsm1 = nlevels - 1;
		int lcut = 0, hcut = nlevelsm1;
		double sig = 10.0 * nlevelsm1, sig1 = 1.0;
		double mea = boxMean, med = boxMean;
		for (int iter = 100; iter-- != 0 && sig >= 0.1 && Math.abs(sig / sig1 - 1.0) > EPS;) {
			sig1 = sig;
			long sum, lowsum, highsum;
			int hilow, hihigh;
			if (hcut < lcut) {
				sum = lowsum = highsum = 0;
				hilow = lcut;
				hihigh = hcut;
				mea = sig = 0;
			}
			else {
				int jl = lowerBound(lcut), jh = lowerBound(hcut + 1);
				long base = p0[jl];
				sum = p0[jh] - base;
				int k = walkEnd(lcut, hcut, jl, jh, base, sum);
				hihigh = k;
				hilow = k + 1;
				lowsum = p0[lowerBound(k + 1)] - base;
				highsum = sum - lowsum;
				mea = p1[jh] - p1[jl];
				sig = p2[jh] - p2[jl];
			}
			med = hihigh >= 0 ? hihigh + 0.5 + ((double) highsum - lowsum) / (2.0 * Math.max(count(hilow), count(hihigh))) : 0.0;
			if (sum != 0) {
				mea /= sum;
				sig = sig / sum - mea * mea;
			}
			sig = sig > 0.0 ? Math.sqrt(sig) : 0.0;
			double t = med - 3.0 * sig;
			lcut = t > 0.0 ? (int) (t + 0.5) : 0;
			t = med + 3.0 * sig;
			hcut = t < nlevelsm1 ? (int) (t > 0.0 ? t + 0.5 : t - 0.5) : nlevelsm1;
		}
		double mode;
		if (Math.abs(sig) > 0.0) mode = Math.abs((mea - med) / sig) < 0.3 ? qzero + (2.5 * med - 1.5 * mea) * qscale
			: qzero + med * qscale;
		else mode = qzero + mea * qscale;
		back = (float) mode;
		sigma = (float) (sig * qscale);
	}

	/**
	 * Where SExtractor's median walk over bins [lcut, hcut] stops (its last lower bin, hilow - 1):
	 * the last bin k in the range with below(k) &lt; above(k), the counts of the range's bins below
	 * and above k; lcut - 1 when there is none. Listed bins jl .. jh-1 lie in the range; {@code base}
	 * is p0[jl] and {@code total} their count.
	 * <p>
	 * In bin order the items are: the gap before bin jl, then each listed bin j followed by the gap
	 * after it (to the next listed bin, or to hcut). At listed bin j the test is q(j) &lt; total -
	 * q(j + 1), in the gap after it q(j + 1) &lt; total - q(j + 1), before the first 0 &lt; total (q:
	 * the counts before a listed bin). The test holds on a prefix of this sequence, empty gaps
	 * included (each test implies the one before it), so a binary search finds the last item where it
	 * holds; the answer is that item's last bin, or for an empty gap the bin before it.
	 */
	private int walkEnd(int lcut, int hcut, int jl, int jh, long base, long total) {
		int items = 2 * (jh - jl) + 1;
		int lo = -1, hi = items - 1; // the last item that holds, in [-1, items - 1]
		while (lo < hi) {
			int t = (lo + hi + 1) >>> 1;
			if (holds(t, jl, base, total)) lo = t;
			else hi = t - 1;
		}
		if (lo < 0) return lcut - 1;
		if (lo == 0) return jl < jh ? bins[jl] - 1 : hcut; // the gap before the first listed bin (may be empty: lcut - 1)
		int j = jl + (lo - 1) / 2;
		if ((lo & 1) == 1) return bins[j]; // a listed bin
		int gapEnd = j + 1 < jh ? bins[j + 1] - 1 : hcut; // the gap after bin j; when empty, bin j itself
		return Math.max(gapEnd, bins[j]);
	}

	private boolean holds(int t, int jl, long base, long total) {
		if (t == 0) return 0 < total;
		int j = jl + (t - 1) / 2;
		long before = p0[j] - base, through = p0[j + 1] - base;
		return (t & 1) == 1 ? before < total - through : through < total - through;
	}
}
