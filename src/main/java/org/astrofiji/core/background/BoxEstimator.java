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
		if (!exactly(r0, r1, c0, c1)) sepPasses(r0, r1, c0, c1);
	}

	/** {@link #estimate} with SEP's three passes over the pixels and its double sums, whatever the values. */
	void sepPasses(int r0, int r1, int c0, int c1) {
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
		binning(n, sum, sq);
		binPixels(r0, r1, c0, c1);
		mode.addAll(histogram, nlevels);
		estimateMode();
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

	/** Pass 3 over the pixels: the dense histogram in single precision, as SEP bins it. */
	private void binPixels(int r0, int r1, int c0, int c1) {
		if (histogram.length < nlevels) histogram = new int[MAX_LEVELS];
		int[] histo = histogram;
		int nlevels = this.nlevels;
		float qscale = this.qscale, cste = this.cste;
		Arrays.fill(histo, 0, nlevels, 0);
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
	}

	/** SExtractor's back_guess on the histogram in {@link #mode}; sets {@link #back} and {@link #sigma}. */
	private void estimateMode() {
		mode.estimate(nlevels, boxMean, qzero, qscale);
		back = mode.back;
		sigma = mode.sigma;
	}

	// ------------------------------------------------------------------ integer-valued boxes

	/**
	 * Integers of magnitude below this (2^20) square to at most 2^40, so with at most
	 * {@link #MAX_EXACT_PIXELS} of them every partial sum of SEP's passes is an integer below 2^53.
	 */
	private static final int LIMIT = 1 << 20;
	private static final int MAX_EXACT_PIXELS = 1 << 12;
	/** Width of the window of pixel values counted one by one (a power of 2). */
	private static final int WINDOW = 4096;
	private final int[] counts = new int[WINDOW];
	/** The value the next box's window is centred on: the last box's mean. */
	private int centre = Integer.MIN_VALUE;

	/**
	 * SEP's estimate of a box whose pixels are all integers below 2^20 in magnitude (raw CCD frames),
	 * with the same results bit for bit and usually a single pass over the pixels: false (nothing
	 * estimated) when the box is not such a box.
	 * <p>
	 * Why the same bits: SEP sums x and x^2 in double precision in its pixel order. For such a box
	 * every term and every partial sum is an integer of magnitude at most sum(x^2) &lt;= 4096 * 2^40
	 * &lt; 2^53, so no addition rounds and each double sum is the exact integer sum, in any order:
	 * the long sums here. Pass 2 keeps the pixels in [lcut, hcut], the integers in [ceil(lcut),
	 * floor(hcut)]; pass 3 bins a pixel by its value alone, so a value's count goes to the bin SEP's
	 * float formula gives that value. Those counts come from one pass that counts every value in a
	 * window of {@link #WINDOW} values around the last box's mean; a pass the window does not cover
	 * runs over the pixels instead.
	 */
	boolean exactly(int r0, int r1, int c0, int c1) {
		int w = c1 - c0, npix = (r1 - r0) * w;
		if (mask != null || npix > MAX_EXACT_PIXELS) return false;
		float[] data = this.data;
		int[] cnt = counts;
		if (centre == Integer.MIN_VALUE) {
			float x = data[(height - 1 - r0) * width + c0];
			centre = x > -LIMIT && x < LIMIT ? (int) x : 0;
		}
		int base = centre - WINDOW / 2;
		long s = 0, q = 0;
		int vmin = Integer.MAX_VALUE, vmax = Integer.MIN_VALUE;
		boolean ok = true;
		for (int r = r0; r < r1 && ok; r++) {
			int off = (height - 1 - r) * width;
			int odd = 0;
			for (int i = off + c0, end = off + c1; i < end; i++) {
				float x = data[i];
				int v = (int) x;
				odd |= (float) v != x ? 1 : 0; // a fraction, NaN, an infinity or beyond the int range
				s += v;
				q += (long) v * v;
				vmin = Math.min(vmin, v);
				vmax = Math.max(vmax, v);
				int k = v - base;
				if (k >= 0 && k < WINDOW) cnt[k]++;
			}
			ok = odd == 0;
		}
		// the window's counted span, cleared before returning
		int clo = Math.max(vmin, base) - base, chi = Math.min(vmax, base + WINDOW - 1) - base;
		if (!ok || vmin <= -LIMIT || vmax >= LIMIT) {
			if (clo <= chi) Arrays.fill(cnt, clo, chi + 1, 0);
			return false;
		}
		first(r1 - r0, w, npix, s, q); // all pixels valid: never a bad box
		centre = (int) Math.round((double) s / npix);
		// pass 2: the pixels in [lcut, hcut]
		long lo = Math.max((long) Math.ceil(lcut), vmin), hi = Math.min((long) Math.floor(hcut), vmax);
		long n2 = 0, s2 = 0, q2 = 0;
		if (lo > hi) {}
		else if (lo >= base && hi < base + WINDOW) {
			for (int v = (int) lo; v <= hi; v++) {
				long c = cnt[v - base], cv = c * v;
				n2 += c;
				s2 += cv;
				q2 += cv * v;
			}
		}
		else {
			for (int r = r0; r < r1; r++) {
				int off = (height - 1 - r) * width;
				for (int i = off + c0, end = off + c1; i < end; i++) {
					int v = (int) data[i];
					if (v >= lo && v <= hi) {
						n2++;
						s2 += v;
						q2 += (long) v * v;
					}
				}
			}
		}
		binning((int) n2, s2, q2);
		// pass 3: the values that may fall in a bin ((int) truncates: bin 0 starts at f > -1, 1.5 bins below qzero), with a margin
		long va = Math.max((long) Math.floor(qzero - 2.0 * qscale) - 2, vmin);
		long vb = Math.min((long) Math.ceil(qzero + (nlevels + 1.0) * qscale) + 2, vmax);
		if (qscale > 0 && (va > vb || va >= base && vb < base + WINDOW)) {
			// ascending values give non-decreasing bins (division by qscale > 0 and the sum are monotone)
			mode.clear();
			int nlevels = this.nlevels;
			float qscale = this.qscale, cste = this.cste;
			for (int v = (int) va; v <= vb; v++) {
				int c = cnt[v - base];
				if (c == 0) continue;
				int bin = (int) ((float) v / qscale + cste);
				if (bin >= 0 && bin < nlevels) mode.add(bin, c);
			}
		}
		else {
			binPixels(r0, r1, c0, c1);
			mode.addAll(histogram, nlevels);
		}
		if (clo <= chi) Arrays.fill(cnt, clo, chi + 1, 0);
		estimateMode();
		return true;
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
