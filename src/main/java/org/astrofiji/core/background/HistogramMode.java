package org.astrofiji.core.background;

import java.util.Arrays;

/**
 * SExtractor's back_guess (SEP 1.2): the mode and noise of a box from its histogram, by up to 100
 * rounds of clipping the histogram at median &plusmn; 3&sigma;, with the same results bit for bit.
 * The histogram is given either as its bins in ascending order with their counts ({@link #add}; bins
 * left out are empty, so an integer-valued box hands over only its few hundred non-empty bins of
 * ~4000) or as the dense array of a float box ({@link #estimate(int[], int, float, float, float)}).
 * <p>
 * SExtractor walks the clipped histogram from both ends in every round (the side with the smaller
 * sum advances; ties move the upper end) to find the median, and sums the counts, bin &middot; count
 * and bin&sup2; &middot; count in double precision. Those sums are integers far below 2^53, so they are
 * exact in any order: here they are differences of prefix sums (over the listed bins, or over blocks
 * of the dense histogram plus at most a block of bins). Where the walk
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
		if (dense != null) return bin >= 0 && bin < denseLevels ? dense[bin] : 0;
		int j = lowerBound(bin);
		return j < m && bins[j] == bin ? p0[j + 1] - p0[j] : 0;
	}

	/**
	 * SExtractor's back_guess on the listed bins of a histogram of {@code nlevels} bins (all listed bins
	 * are below nlevels): sets {@link #back} and {@link #sigma}.
	 */
	void estimate(int nlevels, float boxMean, float qzero, float qscale) {
		dense = null;
		guess(nlevels, boxMean, qzero, qscale);
	}

	/**
	 * The same on the dense histogram {@code histo[0 .. nlevels)} of a float box (about one pixel per
	 * bin: listing every bin with its prefix sums cost a pass over the bins with four stores each, a
	 * quarter of the box's time). Here one pass sums count, bin &middot; count and bin&sup2; &middot;
	 * count per block of {@link #BLOCK} bins (from running sums in int, exact); a round's sums up to a cut are a block prefix plus at most a block of bins,
	 * and the median walk's stop is found block by block, then bin by bin ({@link #denseRange}). All
	 * sums are exact integers, so the bits are those of listing every bin.
	 */
	void estimate(int[] histo, int nlevels, float boxMean, float qzero, float qscale) {
		int nb = (nlevels + BLOCK - 1) / BLOCK;
		if (b0.length < nb + 1) {
			b0 = new long[nb + 1];
			b1 = new long[nb + 1];
			b2 = new long[nb + 1];
		}
		long c = 0, s1 = 0, s2 = 0;
		for (int b = 0; b < nb; b++) {
			int from = b * BLOCK, n = Math.min(BLOCK, nlevels - from);
			// running sums only (no products): a = sum_j v_j (n - j), t = sum_j v_j (n - j)(n - j + 1) / 2 over
			// the block's counts v_j, j = 0 .. n-1; then sum j v_j = n n0 - a, sum j^2 v_j = n^2 n0 - 2 n a + 2 t - a
			int n0 = 0, a = 0, t = 0;
			for (int k = from, end = from + n; k < end; k++) {
				n0 += histo[k];
				a += n0;
				t += a;
			}
			long n1 = (long) n * n0 - a, n2 = (long) n * n * n0 - 2L * n * a + 2L * t - a;
			if (n0 > INT_BLOCK) { // over INT_BLOCK pixels (boxes of over half a million pixels), t may pass 2^31
				n1 = n2 = 0;
				for (int j = 0; j < n; j++) {
					long vj = (long) histo[from + j] * j;
					n1 += vj;
					n2 += vj * j;
				}
			}
			// with k = from + j: sum k c = from n0 + n1, sum k^2 c = from^2 n0 + 2 from n1 + n2
			b0[b + 1] = c += n0;
			b1[b + 1] = s1 += from * (long) n0 + n1;
			b2[b + 1] = s2 += (long) from * from * n0 + 2L * from * n1 + n2;
		}
		dense = histo;
		denseLevels = nlevels;
		guess(nlevels, boxMean, qzero, qscale);
		dense = null;
	}

	/** Bins per block of the dense histogram's prefix sums. */
	private static final int BLOCK = 64;
	/** Most pixels in a block whose running sums (at most count * BLOCK * (BLOCK + 1) / 2) stay below 2^31. */
	private static final int INT_BLOCK = Integer.MAX_VALUE / (BLOCK * (BLOCK + 1) / 2);
	/** The dense histogram of {@link #estimate(int[], int, float, float, float)}, else null. */
	private int[] dense;
	private int denseLevels;
	/** Prefix sums of count, bin * count, bin^2 * count over the dense histogram's blocks (index b: bins before b * BLOCK). */
	private long[] b0 = new long[65], b1 = new long[65], b2 = new long[65];
	/** One round's statistics of the cut range: its count, the counts up to and after the walk's stop, sums of bin * count and bin^2 * count. */
	private long sum, lowsum, highsum, sumB, sumBB;
	private int hihigh;
	/** The sums over the dense bins [0, x) of {@link #prefix}. */
	private long q0, q1, q2;

	private void guess(int nlevels, float boxMean, float qzero, float qscale) {
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
				if (dense != null) denseRange(lcut, hcut);
				else listedRange(lcut, hcut);
				sum = this.sum;
				lowsum = this.lowsum;
				highsum = this.highsum;
				hihigh = this.hihigh;
				hilow = hihigh + 1;
				mea = sumB;
				sig = sumBB;
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

	/** One round's statistics of the cut range [lcut, hcut] from the listed bins' prefix sums. */
	private void listedRange(int lcut, int hcut) {
		int jl = lowerBound(lcut), jh = lowerBound(hcut + 1);
		long base = p0[jl];
		sum = p0[jh] - base;
		hihigh = walkEnd(lcut, hcut, jl, jh, base, sum);
		lowsum = p0[lowerBound(hihigh + 1)] - base;
		highsum = sum - lowsum;
		sumB = p1[jh] - p1[jl];
		sumBB = p2[jh] - p2[jl];
	}

	/** The sums of count, bin * count, bin^2 * count over dense bins [0, x) into q0, q1, q2 (0 &lt;= x &lt;= nlevels). */
	private void prefix(int x) {
		int[] histo = dense;
		int b = x / BLOCK;
		long c = b0[b], s1 = b1[b], s2 = b2[b];
		for (int k = b * BLOCK; k < x; k++) {
			long v = histo[k], vk = v * k;
			c += v;
			s1 += vk;
			s2 += vk * k;
		}
		q0 = c;
		q1 = s1;
		q2 = s2;
	}

	/**
	 * One round's statistics of the cut range [lcut, hcut] of the dense histogram. The walk's stop (see
	 * {@link #walkEnd}; without gaps between listed bins it is the last bin k of the range whose
	 * counts below, P(k) - P(lcut), are below those above, sum - P(k + 1) + P(lcut), with P the counts
	 * before a bin; lcut - 1 when none) is where P(k) + P(k + 1) &lt; sum + 2 P(lcut) stops holding, and
	 * P(k) + P(k + 1) grows with k: the last block start in the range that holds, then bin by bin.
	 */
	private void denseRange(int lcut, int hcut) {
		int[] histo = dense;
		prefix(hcut + 1);
		long h0 = q0, h1 = q1, h2 = q2;
		prefix(lcut);
		long p = q0;
		sum = h0 - p;
		sumB = h1 - q1;
		sumBB = h2 - q2;
		long target = sum + 2 * p;
		int stop;
		if (p + p + histo[lcut] >= target) stop = lcut - 1;
		else {
			// the last block start above lcut in the range that holds, else lcut
			int k = lcut;
			for (int b = hcut / BLOCK; b > lcut / BLOCK; b--) {
				long pb = b0[b];
				if (pb + pb + histo[b * BLOCK] < target) {
					k = b * BLOCK;
					p = pb;
					break;
				}
			}
			while (k < hcut && p + histo[k] + p + histo[k] + histo[k + 1] < target) p += histo[k++];
			stop = k;
			p += histo[k];
		}
		// p: the counts before stop + 1
		lowsum = stop < lcut ? 0 : p - q0;
		highsum = sum - lowsum;
		hihigh = stop;
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
