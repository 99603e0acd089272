package org.astrofiji.core.cosmics;

import java.util.Locale;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.stats.MedianFilter;
import org.astrofiji.core.stats.Medians;

/**
 * The median-filter recipe (python4astronomers' STIS tutorial): smooth with a k x k median filter,
 * flag pixels with |image - smoothed| / sigma > threshold (strict), replace flagged pixels by the
 * smoothed value, and leave protected pixels (e.g. the rows of a spectrum) as they are.
 * <p>
 * sigma is a given value, the median of an ERR image (the tutorial's choice), or by default the
 * robust 1.4826 MAD of (image - smoothed) over all pixels. With zero borders the smoothing is exactly
 * scipy.signal.medfilt, so border pixels of bright images are flagged just as scipy's recipe flags
 * them; reflect borders avoid that. The comparison runs in double precision, as numpy does. NaN
 * pixels are never flagged and are left out of the median windows and of sigma.
 */
public final class MedianCosmics {

	/** Where sigma comes from. */
	public enum SigmaSource { MAD, ERR, VALUE }

	/** Parameters; the names in messages are the command's keys. */
	public static final class Settings {

		/** Median filter size (odd, at least 3). */
		public int size = 5;
		/** Flag where |image - smoothed| / sigma exceeds this. */
		public double threshold = 8;
		public MedianFilter.Border border = MedianFilter.Border.ZERO;
		/** A given sigma; NaN to take it from {@link #err} or the MAD. */
		public double sigma = Double.NaN;
		/** An error image of the same size (sigma = its median); null to use {@link #sigma} or the MAD. */
		public float[] err;
		/** Memory rows to leave untouched (null: none). */
		public boolean[] protectedRows;
		/** Pixels to leave untouched, non-zero = protected, in-memory orientation (null: none). */
		public byte[] protectedPixels;

		public SigmaSource sigmaSource() {
			return !Double.isNaN(sigma) ? SigmaSource.VALUE : err != null ? SigmaSource.ERR : SigmaSource.MAD;
		}

		void validate(int w, int h) {
			if (size < 3 || size % 2 == 0) throw new IllegalArgumentException("size must be an odd number of pixels, at " +
				"least 3 (got " + size + ")");
			if (!(threshold > 0) || Double.isInfinite(threshold)) throw new IllegalArgumentException("threshold must be > 0 " +
				"(got " + threshold + ")");
			if (!Double.isNaN(sigma) && (!(sigma > 0) || Double.isInfinite(sigma))) throw new IllegalArgumentException(
				"sigma must be > 0 (got " + sigma + ")");
			if (border == null) throw new IllegalArgumentException("border must be zero or reflect");
			if (err != null && err.length != (long) w * h) throw new IllegalArgumentException("err must have the image's " +
				"size " + w + "x" + h + " (it has " + err.length + " pixels)");
			if (protectedRows != null && protectedRows.length != h) throw new IllegalArgumentException(
				"protect_rows: expected " + h + " rows, got " + protectedRows.length);
			if (protectedPixels != null && protectedPixels.length != (long) w * h) throw new IllegalArgumentException(
				"protected region must have the image's size " + w + "x" + h);
		}
	}

	private MedianCosmics() {}

	/** Finds and replaces the outliers of a w x h image (not modified). */
	public static CosmicRayMask run(float[] image, int w, int h, Settings s, Progress progress) {
		if (image.length != (long) w * h) throw new IllegalArgumentException("image: pixel array does not fit " + w + "x" + h);
		s.validate(w, h);
		progress.report("median filter " + s.size + "x" + s.size, 0);
		float[] smooth = MedianFilter.square(image, w, h, s.size, s.border);
		progress.report("sigma", 0.6);
		double sigma;
		String from;
		switch (s.sigmaSource()) {
			case VALUE:
				sigma = s.sigma;
				from = "given";
				break;
			case ERR:
				sigma = Medians.median(s.err);
				from = "median of err";
				if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("err: its median is " + sigma +
					"; sigma must be > 0");
				break;
			default:
				sigma = madSigma(image, smooth, h, w);
				from = "1.4826 MAD of image - smoothed";
				if (!(sigma > 0)) throw new IllegalArgumentException("sigma from the MAD of image - smoothed is " + sigma +
					" (a flat or empty image?); give sigma or err");
		}
		progress.report("flagging", 0.8);
		float[] cleaned = new float[image.length];
		byte[] mask = new byte[image.length];
		double thr = s.threshold, sg = sigma;
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				boolean rowProtected = s.protectedRows != null && s.protectedRows[y];
				for (int i = y * w, end = i + w; i < end; i++) {
					float v = image[i];
					boolean bad = !rowProtected && Math.abs((double) v - smooth[i]) / sg > thr &&
						(s.protectedPixels == null || s.protectedPixels[i] == 0);
					cleaned[i] = bad ? smooth[i] : v;
					mask[i] = bad ? (byte) 255 : 0;
				}
			}
		});
		progress.report("events", 0.95);
		String summary = String.format(Locale.ROOT, "median %dx%d (%s borders), sigma %.6g (%s), threshold %s", s.size, s.size,
			s.border, sigma, from, fmt(s.threshold));
		CosmicRayMask result = new CosmicRayMask(w, h, image, cleaned, mask, summary);
		progress.report("done", 1);
		return result;
	}

	/**
	 * 1.4826 ({@link Medians#MAD_TO_SIGMA_ROUNDED}, the recipe's literal) x the median of |d - median(d)| for d = image - smoothed over the non-NaN pixels, in double
	 * precision as numpy computes it; in float when every difference is a float exactly (integer data),
	 * which gives the same numbers faster.
	 */
	static double madSigma(float[] image, float[] smooth, int h, int w) {
		int n = image.length;
		float[] d = new float[n];
		boolean[] exact = new boolean[h];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				boolean ok = true;
				for (int i = y * w, end = i + w; i < end; i++) {
					double r = (double) image[i] - smooth[i];
					float f = (float) r;
					ok &= f == r || r != r;
					d[i] = f;
				}
				exact[y] = ok;
			}
		});
		boolean allExact = true;
		for (boolean e : exact) allExact &= e;
		if (!allExact) {
			double[] r = new double[n];
			for (int i = 0; i < n; i++) r[i] = (double) image[i] - smooth[i];
			return Medians.MAD_TO_SIGMA_ROUNDED * Medians.mad(r);
		}
		int m = 0;
		for (int i = 0; i < n; i++) if (d[i] == d[i]) d[m++] = d[i];
		if (m == 0) return Double.NaN;
		double med = Medians.median(d, m);
		boolean devExact = true;
		for (int i = 0; i < m; i++) {
			double a = Math.abs(d[i] - med);
			float f = (float) a;
			devExact &= f == a;
			d[i] = f;
		}
		if (!devExact) {
			double[] r = new double[n];
			for (int i = 0; i < n; i++) r[i] = (double) image[i] - smooth[i];
			return Medians.MAD_TO_SIGMA_ROUNDED * Medians.mad(r);
		}
		return Medians.MAD_TO_SIGMA_ROUNDED * Medians.median(d, m);
	}

	/** A number as macros write it: 8, not 8.0. */
	static String fmt(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
	}
}
