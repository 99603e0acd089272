package org.astrofiji.core.background;

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

	private final float[] data, mask;
	private final double maskThreshold;
	private final int width, height;
	private int[] histogram = new int[0];

	/** Background and noise of the last box estimated; {@link #BAD} for a bad box. */
	float back, sigma;
	/** Valid pixels of the last box, and how many survived the 2-sigma cut. */
	int valid, clipped;

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
		int bw = c1 - c0, bh = r1 - r0;
		// pass 1: mean and sigma of the valid pixels (SEP: pix > -BIG, which excludes NaN)
		double mean = 0, sum2 = 0;
		int n = 0;
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			if (mask == null) {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					double pix = data[i];
					if (pix > -1e30) {
						mean += pix;
						sum2 += pix * pix;
						n++;
					}
				}
			}
			else {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					double pix = data[i];
					if (mask[i] <= maskThreshold && pix > -1e30) {
						mean += pix;
						sum2 += pix * pix;
						n++;
					}
				}
			}
		}
		valid = n;
		clipped = 0;
		if ((float) n < (float) (bw * bh * MIN_GOOD_FRACTION)) {
			back = sigma = BAD;
			return;
		}
		mean /= n;
		double s = sum2 / n - mean * mean;
		double sd = s > 0 ? Math.sqrt(s) : 0;
		float lcut = (float) (mean - 2.0 * sd), hcut = (float) (mean + 2.0 * sd);
		// pass 2: the same within mean +- 2 sigma
		mean = 0;
		sum2 = 0;
		n = 0;
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			if (mask == null) {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					double pix = data[i];
					if (pix <= hcut && pix >= lcut) {
						mean += pix;
						sum2 += pix * pix;
						n++;
					}
				}
			}
			else {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					double pix = data[i];
					if (mask[i] <= maskThreshold && pix <= hcut && pix >= lcut) {
						mean += pix;
						sum2 += pix * pix;
						n++;
					}
				}
			}
		}
		clipped = n;
		mean /= n;
		s = sum2 / n - mean * mean;
		sd = s > 0 ? Math.sqrt(s) : 0;
		float boxMean = (float) mean, boxSigma = (float) sd;
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

	/** SExtractor's back_guess on this box's histogram; sets {@link #back} and {@link #sigma}. */
	private void guess(int[] histo, int nlevels, float boxMean, float qzero, float qscale) {
		if (prefix0.length < nlevels + 1) {
			prefix0 = new long[MAX_LEVELS + 1];
			prefix1 = new long[MAX_LEVELS + 1];
			prefix2 = new long[MAX_LEVELS + 1];
		}
		guess(histo, nlevels, boxMean, qzero, qscale, prefix0, prefix1, prefix2, out);
		back = out[0];
		sigma = out[1];
	}

	private long[] prefix0 = new long[0], prefix1 = new long[0], prefix2 = new long[0];
	private final float[] out = new float[2];

	/**
	 * SExtractor's back_guess: up to 100 rounds of clipping the histogram at median +- 3 sigma, then
	 * the mode estimate; out = {background, sigma}.
	 * <p>
	 * SExtractor walks the clipped histogram from both ends in every round (the side with the smaller
	 * sum advances; ties move the upper end) to find the median, and sums the counts, bin * count and
	 * bin^2 * count in double precision. All those sums are integers far below 2^53, so they are exact
	 * in any order: here they come from prefix sums in O(1) per round, and where the walk stops comes
	 * from a binary search (the walk is the merge of the two non-decreasing sequences of partial sums,
	 * lower before upper only when strictly smaller). The results are identical to the walk's, at
	 * O(log^2 n) instead of O(n) per round.
	 */
	static void guess(int[] histo, int nlevels, float boxMean, float qzero, float qscale, long[] p0, long[] p1, long[] p2,
		float[] out)
	{
		p0[0] = p1[0] = p2[0] = 0;
		for (int k = 0; k < nlevels; k++) {
			long h = histo[k];
			p0[k + 1] = p0[k] + h;
			p1[k + 1] = p1[k] + h * k;
			p2[k + 1] = p2[k] + h * k * k;
		}
		int nlevelsm1 = nlevels - 1;
		int lcut = 0, hcut = nlevelsm1;
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
				int a = lowSteps(p0, lcut, hcut, n);
				hilow = lcut + a;
				hihigh = hilow - 1;
				lowsum = p0[hilow] - p0[lcut];
				highsum = p0[hcut + 1] - p0[hilow];
				sum = p0[hcut + 1] - p0[lcut];
				mea = p1[hcut + 1] - p1[lcut];
				sig = p2[hcut + 1] - p2[lcut];
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
	 * end. With A(a) = counts in the a lowest bins and B(b) = counts in the b highest, the walk takes
	 * a lower step when A(a) &lt; B(b): A(a) is taken within the first n steps exactly when a plus the
	 * number of b in [0, n] with B(b) &lt;= A(a) is below n, a condition monotone in a.
	 */
	private static int lowSteps(long[] p0, int lcut, int hcut, int n) {
		int lo = 0, hi = n + 1; // first a in [0, n] that is not taken; a = n + 1 if all are
		while (lo < hi) {
			int a = (lo + hi) >>> 1;
			long va = p0[lcut + a] - p0[lcut];
			if (a + countHighAtMost(p0, hcut, n, va) < n) lo = a + 1;
			else hi = a;
		}
		return lo;
	}

	/** Number of b in [0, n] with B(b) = p0[hcut+1] - p0[hcut+1-b] &lt;= v (B is non-decreasing in b). */
	private static int countHighAtMost(long[] p0, int hcut, int n, long v) {
		long top = p0[hcut + 1];
		int lo = 0, hi = n + 1;
		while (lo < hi) {
			int b = (lo + hi) >>> 1;
			if (top - p0[hcut + 1 - b] <= v) lo = b + 1;
			else hi = b;
		}
		return lo;
	}
}
