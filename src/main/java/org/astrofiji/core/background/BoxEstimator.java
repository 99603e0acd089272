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

	private boolean usable(int i) {
		return mask == null || mask[i] <= maskThreshold;
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
			for (int i = off + c0, end = off + c1; i < end; i++) {
				double pix = data[i];
				if (usable(i) && pix > -1e30) {
					mean += pix;
					sum2 += pix * pix;
					n++;
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
			for (int i = off + c0, end = off + c1; i < end; i++) {
				double pix = data[i];
				if (usable(i) && pix <= hcut && pix >= lcut) {
					mean += pix;
					sum2 += pix * pix;
					n++;
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
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			for (int i = off + c0, end = off + c1; i < end; i++) {
				float f = data[i] / qscale + cste;
				if (f != f) continue; // NaN: C's (int) gives INT_MIN, which SEP skips; Java's would give 0
				int bin = (int) f;
				if (bin >= 0 && bin < nlevels && usable(i)) histo[bin]++;
			}
		}
		guess(histo, nlevels, boxMean, qzero, qscale);
	}

	/** SExtractor's back_guess: iterative clipping of the histogram and the mode estimate. */
	private void guess(int[] histo, int nlevels, float boxMean, float qzero, float qscale) {
		int nlevelsm1 = nlevels - 1;
		int lcut = 0, hcut = nlevelsm1;
		double sig = 10.0 * nlevelsm1, sig1 = 1.0;
		double mea = boxMean, med = boxMean;
		for (int iter = 100; iter-- != 0 && sig >= 0.1 && Math.abs(sig / sig1 - 1.0) > EPS;) {
			sig1 = sig;
			long sum = 0, lowsum = 0, highsum = 0;
			mea = sig = 0.0;
			int hilow = lcut, hihigh = hcut;
			for (int i = lcut; i <= hcut; i++) {
				if (lowsum < highsum) lowsum += histo[hilow++];
				else highsum += histo[hihigh--];
				int pix = histo[i];
				sum += pix;
				double dpix = (double) pix * i;
				mea += dpix;
				sig += dpix * i;
			}
			med = hihigh >= 0 ? hihigh + 0.5 + ((double) highsum - lowsum) / (2.0 * Math.max(histo[hilow], histo[hihigh]))
				: 0.0;
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
}
