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
 * A box of integers (raw frames) gets the same results from one counting pass ({@link #exactly});
 * other boxes take SEP's passes ({@link #sepPasses}, or {@link #estimateRow} for four full boxes);
 * the histogram's mode is {@link HistogramMode}.
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
	 * Estimates the box of FITS-array rows [r0, r1) and columns [c0, c1) with SEP's three passes over
	 * the pixels, whatever the values; pixels are visited in SEP's order (FITS rows upwards, columns left
	 * to right), which fixes the rounding of the double sums.
	 */
	void sepPasses(int r0, int r1, int c0, int c1) {
		sums(r0, r1, c0, c1 - c0, VALID_LO, VALID_HI);
		if (first(r1 - r0, c1 - c0, nA, sumA, sqA)) {
			sums(r0, r1, c0, c1 - c0, lcut, hcut);
			second(r0, r1, c0, c1, nA, sumA, sqA, false);
		}
	}

	/** Boxes {@link #estimateRow} estimates side by side. */
	static final int RUN = 4;

	/**
	 * Estimates the {@link #RUN} full boxes of FITS-array rows [r0, r1) and columns [c0 + k w, c0 + (k + 1) w)
	 * (no mask) into {@code backOut[k0 + k], sigmaOut[k0 + k]}: each box gets exactly what {@link #sepPasses}
	 * gives it, but the boxes' sums (sequential chains of double additions, whose order SEP fixes) run
	 * side by side in one loop, so the processor overlaps their latencies. A box with too few valid
	 * pixels gets an empty range in pass 2 (lo &gt; hi), which no pixel, NaN included, falls in.
	 */
	void estimateRow(int r0, int r1, int c0, int w, float[] backOut, float[] sigmaOut, int k0) {
		int bh = r1 - r0;
		double[] lo = runLo, hi = runHi;
		Arrays.fill(lo, VALID_LO);
		Arrays.fill(hi, VALID_HI);
		boolean allValid = sums4All(r0, r1, c0, w);
		if (!allValid) sums4(r0, r1, c0, w, lo, hi);
		boolean[] ok = runOk;
		for (int k = 0; k < RUN; k++) {
			ok[k] = first(bh, w, runN[k], runSum[k], runSq[k]);
			lo[k] = ok[k] ? lcut : Double.POSITIVE_INFINITY;
			hi[k] = ok[k] ? hcut : Double.NEGATIVE_INFINITY;
		}
		sums4(r0, r1, c0, w, lo, hi);
		for (int k = 0; k < RUN; k++) {
			if (ok[k]) second(r0, r1, c0 + k * w, c0 + (k + 1) * w, runN[k], runSum[k], runSq[k], allValid);
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

	/**
	 * Pass 1 of {@link #sums4} without the validity test, when every pixel is valid: true when so (sums
	 * in runN, runSum, runSq), false when a box may hold an invalid pixel. A NaN makes a box's sum of
	 * squares NaN, a pixel at or below -1e30 (SEP's -BIG) makes it at least 1e60 or infinite (a sum of
	 * squares never decreases); a sum of squares below 1e59 (NaN is not) proves every pixel valid, and
	 * then the sums are those of the tested loop, term by term in the same order.
	 */
	private boolean sums4All(int r0, int r1, int c0, int w) {
		double m0 = 0, m1 = 0, m2 = 0, m3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width + c0;
			for (int i = off, end = off + w; i < end; i++) {
				double x0 = data[i], x1 = data[i + w], x2 = data[i + 2 * w], x3 = data[i + 3 * w];
				m0 += x0;
				q0 += x0 * x0;
				m1 += x1;
				q1 += x1 * x1;
				m2 += x2;
				q2 += x2 * x2;
				m3 += x3;
				q3 += x3 * x3;
			}
		}
		if (!(q0 < ALL_VALID && q1 < ALL_VALID && q2 < ALL_VALID && q3 < ALL_VALID)) return false;
		Arrays.fill(runN, (r1 - r0) * w);
		runSum[0] = m0;
		runSum[1] = m1;
		runSum[2] = m2;
		runSum[3] = m3;
		runSq[0] = q0;
		runSq[1] = q1;
		runSq[2] = q2;
		runSq[3] = q3;
		return true;
	}

	/** A bound on a box's sum of squares below which none of its pixels is NaN or at most -1e30 (squares 1e60 and more). */
	private static final double ALL_VALID = 1e59;

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
	private void second(int r0, int r1, int c0, int c1, int n, double sum, double sq, boolean noNaN) {
		binning(n, sum, sq);
		binPixels(r0, r1, c0, c1, noNaN);
		denseMode();
	}

	/** The histogram's binning, set by {@link #binning}. */
	private int nlevels;
	private float boxMean, qscale, qzero, cste;
	private final HistogramMode mode = new HistogramMode();

	/** The binning of pass 3 from pass 2's sums, in SEP's single-precision steps. */
	private void binning(int n, double sum, double sq) {
		clipped = n;
		double mean = sum / n;
		double s = sq / n - mean * mean;
		double sd = s > 0 ? Math.sqrt(s) : 0;
		boxMean = (float) mean;
		nlevels = (int) (STEP * n + 1);
		if (nlevels > MAX_LEVELS) nlevels = MAX_LEVELS;
		qscale = (float) (sd > 0 ? 2 * NSIGMA * sd / nlevels : 1.0);
		qzero = (float) (mean - NSIGMA * sd);
		cste = (float) (0.499999 - qzero / qscale);
	}

	/**
	 * Pass 3 over the pixels: the dense histogram in single precision, as SEP bins it. {@code noNaN}: the
	 * box has no NaN pixel (nor mask); then, with a positive qscale and a finite cste, no f is NaN.
	 */
	private void binPixels(int r0, int r1, int c0, int c1, boolean noNaN) {
		if (histogram.length < nlevels) histogram = new int[MAX_LEVELS];
		int[] histo = histogram;
		int nlevels = this.nlevels;
		float qscale = this.qscale, cste = this.cste;
		Arrays.fill(histo, 0, nlevels, 0);
		// NaN: C's (int) gives INT_MIN, which SEP skips; Java's would give 0, hence the f == f test
		// (left out where f cannot be NaN: 7 % of this pass)
		boolean noTest = noNaN && qscale > 0 && Float.isFinite(cste);
		for (int r = r0; r < r1; r++) {
			int off = (height - 1 - r) * width;
			if (noTest) {
				for (int i = off + c0, end = off + c1; i < end; i++) {
					int bin = (int) (data[i] / qscale + cste);
					if (bin >= 0 && bin < nlevels) histo[bin]++;
				}
			}
			else if (mask == null) {
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
	}

	/** SExtractor's back_guess on the bins listed in {@link #mode}; sets {@link #back} and {@link #sigma}. */
	private void estimateMode() {
		mode.estimate(nlevels, boxMean, qzero, qscale);
		back = mode.back;
		sigma = mode.sigma;
	}

	/** SExtractor's back_guess on the dense histogram of {@link #binPixels}; sets {@link #back} and {@link #sigma}. */
	private void denseMode() {
		mode.estimate(histogram, nlevels, boxMean, qzero, qscale);
		back = mode.back;
		sigma = mode.sigma;
	}

	// ------------------------------------------------------------------ integer-valued boxes

	/** Width of the window of pixel values counted one by one (a power of 2); values outside it are listed. */
	private static final int WINDOW = 1024;
	private final int[] counts = new int[WINDOW];
	private int[] outside = new int[0];
	/** The value the next box's window is centred on: the last box's background. */
	private int centre;
	private boolean centred;
	/** Sum of the pixels read ahead (kept so the reads are not optimised away). */
	private float readAhead;

	/**
	 * SEP's estimate of a box whose pixels are all integers (raw CCD frames) of magnitude at most
	 * {@link #exactLimit}, with the same results bit for bit from a single pass over the pixels: false
	 * (nothing estimated) when the box is not such a box.
	 * <p>
	 * Why the same bits: SEP sums x and x^2 in double precision in its pixel order. In such a box every
	 * term and every partial sum is an integer of magnitude at most npix * limit^2 &lt; 2^53, so no
	 * addition rounds and each double sum is the exact integer sum, in any order: the long sums here.
	 * Pass 2 keeps the pixels in [lcut, hcut], the integers in [ceil(lcut), floor(hcut)]; pass 3 bins a
	 * pixel by its value alone, so a value's count goes to the bin SEP's float formula gives that value.
	 * All of that needs only how often each value occurs: one pass counts the values in a window of
	 * {@link #WINDOW} values around the last box's background and lists the others (stars, mostly).
	 */
	boolean exactly(int r0, int r1, int c0, int c1) {
		int w = c1 - c0, npix = (r1 - r0) * w;
		long limit = exactLimit(npix);
		if (mask != null || limit < WINDOW) return false;
		float[] data = this.data;
		if (!centred) {
			float x = data[(height - 1 - r0) * width + c0];
			centre = Math.abs(x) < 1e9f ? (int) x : 0;
			centred = true;
		}
		int base = (int) Math.max(-limit, Math.min(limit - WINDOW + 1, (long) centre - WINDOW / 2)), top = base + WINDOW - 1;
		if (outside.length < npix) outside = new int[npix];
		int[] cnt = counts, out = outside;
		int nOut = 0;
		boolean ok = true;
		float ahead = 0;
		for (int r = r0; r < r1 && ok; r++) {
			int off = (height - 1 - r) * width;
			// the next box's row, one value per cache line, so that its memory is on the way (boxes are not contiguous)
			if (c1 + 64 <= width) ahead += data[off + c1] + data[off + c1 + 16] + data[off + c1 + 32] + data[off + c1 + 48];
			int odd = 0;
			for (int i = off + c0, end = off + c1; i < end; i++) {
				float x = data[i];
				int v = (int) x;
				odd |= (float) v != x ? 1 : 0; // a fraction, NaN, an infinity or beyond the int range
				int k = v - base;
				if ((k & -WINDOW) == 0) cnt[k]++;
				else out[nOut++] = v;
			}
			ok = odd == 0;
		}
		readAhead += ahead;
		Arrays.sort(out, 0, nOut);
		if (!ok || nOut > 0 && (out[0] < -limit || out[nOut - 1] > limit)) {
			Arrays.fill(cnt, 0);
			return false;
		}
		// pass 1: all pixels (none is NaN)
		long sk = 0, skk = 0;
		for (int k = 0; k < WINDOW; k++) {
			long c = cnt[k], ck = c * k;
			sk += ck;
			skk += ck * k;
		}
		long nIn = npix - nOut, b = base;
		long s = b * nIn + sk, q = b * b * nIn + 2 * b * sk + skk;
		for (int j = 0; j < nOut; j++) {
			long v = out[j];
			s += v;
			q += v * v;
		}
		first(r1 - r0, w, npix, s, q);
		// pass 2: the values in [lcut, hcut]
		long lo = (long) Math.ceil(lcut), hi = (long) Math.floor(hcut);
		long n2 = 0, s2 = 0, q2 = 0;
		for (long v = Math.max(lo, base), e = Math.min(hi, top); v <= e; v++) {
			long c = cnt[(int) (v - base)], cv = c * v;
			n2 += c;
			s2 += cv;
			q2 += cv * v;
		}
		for (int j = 0; j < nOut; j++) {
			long v = out[j];
			if (v >= lo && v <= hi) {
				n2++;
				s2 += v;
				q2 += v * v;
			}
		}
		binning((int) n2, s2, q2);
		// pass 3: bins in ascending value order (listed values below the window, the window, those above)
		if (qscale > 0) {
			mode.clear();
			int j = 0;
			for (; j < nOut && out[j] < base; j++) addValue(out[j], 1);
			// the window's values that can fall in a bin: bins grow with the value, so a value whose bin is
			// below 0 (above the last) has only such values below (above) it
			int va = base, vb = top;
			double approxLo = Math.floor(qzero - 2.0 * qscale), approxHi = Math.ceil(qzero + (nlevels + 1.0) * qscale);
			if (approxLo > va) va = (int) approxLo;
			if (approxHi < vb) vb = (int) approxHi;
			while (va > base && bin(va - 1) >= 0) va--;
			while (vb < top && bin(vb + 1) < nlevels) vb++;
			for (int v = va; v <= vb; v++) {
				int c = cnt[v - base];
				if (c != 0) addValue(v, c);
			}
			for (; j < nOut; j++) addValue(out[j], 1);
		}
		else {
			binPixels(r0, r1, c0, c1, false);
		}
		Arrays.fill(cnt, 0);
		if (qscale > 0) estimateMode();
		else denseMode();
		if (Math.abs(back) < 1e9f) centre = (int) back;
		return true;
	}

	/** SEP's bin of a pixel value (may be outside [0, nlevels)). */
	private int bin(int v) {
		return (int) ((float) v / qscale + cste);
	}

	/** Adds {@code count} pixels of value v to its bin, when it has one (values in ascending order). */
	private void addValue(int v, int count) {
		int bin = bin(v);
		if (bin >= 0 && bin < nlevels) mode.add(bin, count);
	}

	/**
	 * The largest magnitude L of the integer pixels of a box of npix pixels for which every sum of SEP's
	 * passes stays exact: npix * L^2 &lt; 2^53 (4096 pixels: L = 1482910).
	 */
	static long exactLimit(int npix) {
		long l = (long) Math.sqrt((double) (1L << 53) / npix);
		while (l > 0 && l * l * npix >= 1L << 53) l--;
		return l;
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
}
