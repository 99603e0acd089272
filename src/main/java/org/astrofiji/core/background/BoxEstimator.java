package org.astrofiji.core.background;

import java.util.Arrays;

/**
 * The background level and noise of one box of a {@link MeshBackground}, estimated as SExtractor
 * (and SEP 1.2) does it, with the same single- and double-precision steps so the results agree with
 * sep.Background to the last bit where the arithmetic allows:
 * <ol>
 * <li>mean and standard deviation of the valid pixels (not NaN, not masked); a box with fewer than
 * half of its pixels valid is marked bad ({@link #BAD}) and later filled from its neighbours;</li>
 * <li>mean and standard deviation again over the pixels within mean &plusmn; 2&sigma;;</li>
 * <li>a histogram of the valid pixels in mean &plusmn; 5&sigma; with about one bin per pixel
 * (sqrt(2/&pi;)&middot;5/4 bins per pixel, at most 4096), then up to 100 rounds of clipping the
 * histogram at median &plusmn; 3&sigma; until &sigma; changes by less than 1e-4 (relative) or drops
 * below 0.1 bin;</li>
 * <li>the mode estimate 2.5&middot;median &minus; 1.5&middot;mean when |mean &minus; median| &lt;
 * 0.3&sigma; (an uncrowded box), else the median (a crowded box); &sigma; of the clipped histogram
 * is the box's noise. SExtractor's third rule (the plain mean when &sigma; barely changed) is
 * disabled in SExtractor 2.x and SEP (its test compares with 0.0), so it is not applied here.</li>
 * </ol>
 */
final class BoxEstimator {

	/** SExtractor's "no value" marker (BIG = 1e30). */
	static final float BAD = -1e30f;

	private static final double MIN_GOOD_FRACTION = 0.5;
	private static final int NSIGMA = 5;
	private static final int MAX_LEVELS = 4096;
	private static final int AMIN = 4;
	/** sqrt(2/pi)*5/4 with SExtractor's value of pi. */
	private static final double STEP = Math.sqrt(2 / 3.1415926535898) * NSIGMA / AMIN;
	private static final double EPS = 1e-4;

	/** Pass 1's range: SEP's {@code pix > -BIG} as an inclusive double range (NaN is in no range). */
	private static final double VALID_LO = Math.nextUp(-1e30), VALID_HI = Double.POSITIVE_INFINITY;

	private final float[] data, mask;
	private final double maskThreshold;
	private final int width, height;
	private int[] histogram = new int[0];

	/** Background and noise of the last box estimated; {@link #BAD} for a bad box. */
	float back, sigma;
	/** Valid pixels of the last box, and how many survived the 2-sigma cut. */
	int valid, clipped;

	/** Count, sum and sum of squares of the last {@link #sums} pass. */
	private int nA;
	private double sumA, sqA;

	/**
	 * @param data pixels in memory orientation (row 0 = last row of the FITS array)
	 * @param mask null, or one value per pixel: a pixel is used when mask &lt;= maskThreshold
	 */
	BoxEstimator(float[] data, float[] mask, double maskThreshold, int width, int height) {
		this.data = data;
		this.mask = mask;
		this.maskThreshold = maskThreshold;
		this.width = width;
		this.height = height;
	}

	/**
	 * Estimates the box of FITS-array rows [r0, r1) and columns [c0, c1); pixels are visited in
	 * SEP's order (FITS rows upwards, columns left to right), which fixes the rounding of the sums.
	 */
	void estimate(int r0, int r1, int c0, int c1) {
		sums(r0, r1, c0, c1 - c0, VALID_LO, VALID_HI);
		if (first(r1 - r0, c1 - c0, nA, sumA, sqA)) {
			sums(r0, r1, c0, c1 - c0, lcut, hcut);
			second(r0, r1, c0, c1, nA, sumA, sqA);
		}
	}

	/** Boxes {@link #estimateRow} estimates side by side. */
	static final int RUN = 4;

	/**
	 * Estimates the {@link #RUN} full boxes of FITS-array rows [r0, r1) and columns [c0 + k w, c0 + (k + 1) w)
	 * (no mask) into {@code backOut[k0 + k], sigmaOut[k0 + k]}: each box gets exactly what {@link #estimate}
	 * gives it, but the boxes' sums (sequential chains of double additions, whose order SEP fixes) run
	 * side by side in one loop, so the processor overlaps their latencies. A box with too few valid
	 * pixels gets an empty range in pass 2 (lo &gt; hi), which no pixel, NaN included, falls in.
	 */
	void estimateRow(int r0, int r1, int c0, int w, float[] backOut, float[] sigmaOut, int k0) {
		int bh = r1 - r0;
		double[] lo = runLo, hi = runHi;
		Arrays.fill(lo, VALID_LO);
		Arrays.fill(hi, VALID_HI);
		sums4(r0, r1, c0, w, lo, hi);
		boolean[] ok = runOk;
		for (int k = 0; k < RUN; k++) {
			ok[k] = first(bh, w, runN[k], runSum[k], runSq[k]);
			lo[k] = ok[k] ? lcut : Double.POSITIVE_INFINITY;
			hi[k] = ok[k] ? hcut : Double.NEGATIVE_INFINITY;
		}
		sums4(r0, r1, c0, w, lo, hi);
		for (int k = 0; k < RUN; k++) {
			if (ok[k]) second(r0, r1, c0 + k * w, c0 + (k + 1) * w, runN[k], runSum[k], runSq[k]);
			else back = sigma = BAD;
			backOut[k0 + k] = back;
			sigmaOut[k0 + k] = sigma;
		}
	}

	private final double[] runLo = new double[RUN], runHi = new double[RUN], runSum = new double[RUN], runSq = new double[RUN];
	private final int[] runN = new int[RUN];
	private final boolean[] runOk = new boolean[RUN];

	/**
	 * Count, sum and sum of squares (in double, in SEP's order) of the pixels in [lo[k], hi[k]] of the
	 * {@link #RUN} boxes of columns [c0 + k w, c0 + (k + 1) w), into runN, runSum, runSq: four
	 * independent chains in one loop.
	 */
	private void sums4(int r0, int r1, int c0, int w, double[] lo, double[] hi) {
		double lo0 = lo[0], lo1 = lo[1], lo2 = lo[2], lo3 = lo[3], hi0 = hi[0], hi1 = hi[1], hi2 = hi[2], hi3 = hi[3];
		double m0 = 0, m1 = 0, m2 = 0, m3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
		int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width + c0;
			for (int i = off, end = off + w; i < end; i++) {
				double x0 = data[i], x1 = data[i + w], x2 = data[i + 2 * w], x3 = data[i + 3 * w];
				if (x0 <= hi0 && x0 >= lo0) {
					m0 += x0;
					q0 += x0 * x0;
					n0++;
				}
				if (x1 <= hi1 && x1 >= lo1) {
					m1 += x1;
					q1 += x1 * x1;
					n1++;
				}
				if (x2 <= hi2 && x2 >= lo2) {
					m2 += x2;
					q2 += x2 * x2;
					n2++;
				}
				if (x3 <= hi3 && x3 >= lo3) {
					m3 += x3;
					q3 += x3 * x3;
					n3++;
				}
			}
		}
		runN[0] = n0;
		runN[1] = n1;
		runN[2] = n2;
		runN[3] = n3;
		runSum[0] = m0;
		runSum[1] = m1;
		runSum[2] = m2;
		runSum[3] = m3;
		runSq[0] = q0;
		runSq[1] = q1;
		runSq[2] = q2;
		runSq[3] = q3;
	}

	/** The 2-sigma cuts of the last {@link #first}. */
	private float lcut, hcut;

	/**
	 * Pass 1's statistics: false (and a bad box) when fewer than half of the pixels are valid, else
	 * the cuts mean &plusmn; 2&sigma; in {@link #lcut}, {@link #hcut}.
	 */
	private boolean first(int bh, int bw, int n, double sum, double sq) {
		valid = n;
		clipped = 0;
		if ((float) n < (float) (bw * bh * MIN_GOOD_FRACTION)) {
			back = sigma = BAD;
			return false;
		}
		double mean = sum / n;
		double s = sq / n - mean * mean;
		double sd = s > 0 ? Math.sqrt(s) : 0;
		lcut = (float) (mean - 2.0 * sd);
		hcut = (float) (mean + 2.0 * sd);
		return true;
	}

	/** From pass 2's sums: the histogram of the box (pass 3) and its mode and noise. */
	private void second(int r0, int r1, int c0, int c1, int n, double sum, double sq) {
		clipped = n;
		double mean = sum / n;
		double s = sq / n - mean * mean;
		double sd = s > 0 ? Math.sqrt(s) : 0;
		float boxMean = (float) mean;
		int nlevels = (int) (STEP * n + 1);
		if (nlevels > MAX_LEVELS) nlevels = MAX_LEVELS;
		float qscale = (float) (sd > 0 ? 2 * NSIGMA * sd / nlevels : 1.0);
		float qzero = (float) (mean - NSIGMA * sd);
		// pass 3: histogram in single precision, as SEP bins it
		if (histogram.length < nlevels) histogram = new int[MAX_LEVELS];
		int[] histo = histogram;
		java.util.Arrays.fill(histo, 0, nlevels, 0);
		float cste = (float) (0.499999 - qzero / qscale);
		// NaN: C's (int) gives INT_MIN, which SEP skips; Java's would give 0, hence the f == f test
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			if (mask == null) {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					float f = data[i] / qscale + cste;
					int bin = (int) f;
					if (bin >= 0 && bin < nlevels && f == f) histo[bin]++;
				}
			}
			else {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					float f = data[i] / qscale + cste;
					int bin = (int) f;
					if (bin >= 0 && bin < nlevels && f == f && mask[i] <= maskThreshold) histo[bin]++;
				}
			}
		}
		guess(histo, nlevels, boxMean, qzero, qscale);
	}

	/**
	 * Count, sum and sum of squares (in double, in SEP's order) of the pixels in [lo, hi] of the box of
	 * columns [c0, c0 + w) into nA, sumA, sqA.
	 */
	private void sums(int r0, int r1, int c0, int w, double lo, double hi) {
		double m = 0, q = 0;
		int n = 0;
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			if (mask == null) {
				for (int i = off + c0, end = off + c0 + w; i < end; i++) {
					double x = data[i];
					if (x <= hi && x >= lo) {
						m += x;
						q += x * x;
						n++;
					}
				}
			}
			else {
				for (int i = off + c0, end = off + c0 + w; i < end; i++) {
					double x = data[i];
					if (mask[i] <= maskThreshold && x <= hi && x >= lo) {
						m += x;
						q += x * x;
						n++;
					}
				}
			}
		}
		nA = n;
		sumA = m;
		sqA = q;
	}

	/** SExtractor's back_guess on this box's histogram; sets {@link #back} and {@link #sigma}. */
	private void guess(int[] histo, int nlevels, float boxMean, float qzero, float qscale) {
		if (prefix.length < nlevels + 1) prefix = new long[MAX_LEVELS + 1];
		guess(histo, nlevels, boxMean, qzero, qscale, prefix, out);
		back = out[0];
		sigma = out[1];
	}

	private long[] prefix = new long[0];
	private final float[] out = new float[2];

	/**
	 * SExtractor's back_guess: up to 100 rounds of clipping the histogram at median +- 3 sigma, then
	 * the mode estimate; out = {background, sigma}; {@code p0} is scratch of at least nlevels + 1.
	 * <p>
	 * SExtractor walks the clipped histogram from both ends in every round (the side with the smaller
	 * sum advances; ties move the upper end) to find the median, and sums the counts, bin * count and
	 * bin^2 * count in double precision. All those sums are integers far below 2^53, so they are exact
	 * in any order: here the counts come from prefix sums, the two other sums are kept for the current
	 * cuts and updated by the bins the cuts move over, and where the walk stops comes from one binary
	 * search (the walk is the merge of the two non-decreasing sequences of partial sums from each end,
	 * the lower taken first only when strictly smaller). The results are identical to the walk's, at
	 * O(log n + bins moved) instead of O(n) per round.
	 */
	static void guess(int[] histo, int nlevels, float boxMean, float qzero, float qscale, long[] p0, float[] out) {
		p0[0] = 0;
		long c = 0, s1 = 0, s2 = 0;
		for (int k = 0; k < nlevels; k++) {
			long h = histo[k];
			c += h;
			p0[k + 1] = c;
			long hk = h * k;
			s1 += hk;
			s2 += hk * k;
		}
		int nlevelsm1 = nlevels - 1;
		int lcut = 0, hcut = nlevelsm1;
		// s1, s2 = sums of bin * count and bin^2 * count over [sl, sh] (an empty range when sl > sh)
		int sl = 0, sh = nlevelsm1;
		double sig = 10.0 * nlevelsm1, sig1 = 1.0;
		double mea = boxMean, med = boxMean;
		for (int iter = 100; iter-- != 0 && sig >= 0.1 && Math.abs(sig / sig1 - 1.0) > EPS;) {
			sig1 = sig;
			int n = hcut - lcut + 1;
			long sum, lowsum, highsum;
			int hilow, hihigh;
			if (n <= 0) {
				sum = lowsum = highsum = 0;
				hilow = lcut;
				hihigh = hcut;
				mea = sig = 0;
			}
			else {
				if (sl > sh) { // the last range was empty: sum this one afresh
					s1 = s2 = 0;
					for (int k = lcut; k <= hcut; k++) {
						long hk = (long) histo[k] * k;
						s1 += hk;
						s2 += hk * k;
					}
				}
				else {
					for (; sl < lcut; sl++) { // the cuts move over bins: take them out or put them in
						long hk = (long) histo[sl] * sl;
						s1 -= hk;
						s2 -= hk * sl;
					}
					for (; sl > lcut; ) {
						sl--;
						long hk = (long) histo[sl] * sl;
						s1 += hk;
						s2 += hk * sl;
					}
					for (; sh > hcut; sh--) {
						long hk = (long) histo[sh] * sh;
						s1 -= hk;
						s2 -= hk * sh;
					}
					for (; sh < hcut; ) {
						sh++;
						long hk = (long) histo[sh] * sh;
						s1 += hk;
						s2 += hk * sh;
					}
				}
				sl = lcut;
				sh = hcut;
				int a = lowSteps(p0, lcut, hcut, n);
				hilow = lcut + a;
				hihigh = hilow - 1;
				lowsum = p0[hilow] - p0[lcut];
				highsum = p0[hcut + 1] - p0[hilow];
				sum = p0[hcut + 1] - p0[lcut];
				mea = s1;
				sig = s2;
			}
			if (n <= 0) {
				sl = 1;
				sh = 0;
			}
			med = hihigh >= 0 ? hihigh + 0.5 + ((double) highsum - lowsum) / (2.0 * Math.max(histo[hilow], histo[hihigh])) : 0.0;
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
		out[0] = (float) mode;
		out[1] = (float) (sig * qscale);
	}

	/**
	 * How many of the n steps of SExtractor's median walk over bins [lcut, hcut] advance the lower
	 * end. With A(a) = counts in the a lowest bins and B(b) = counts in the b highest, the walk is the
	 * merge of A(0), A(1), ... and B(0), B(1), ..., A(a) taken before B(b) exactly when A(a) &lt; B(b):
	 * the first n taken hold a of the A's for the largest a with a = 0 or A(a - 1) &lt; B(n - a), a
	 * condition that holds up to some a and then never again.
	 */
	private static int lowSteps(long[] p0, int lcut, int hcut, int n) {
		long base = p0[lcut], top = p0[hcut + 1];
		int lo = 0, hi = n;
		while (lo < hi) {
			int a = (lo + hi + 1) >>> 1;
			if (p0[lcut + a - 1] - base < top - p0[hcut + 1 - (n - a)]) lo = a;
			else hi = a - 1;
		}
		return lo;
	}
}
