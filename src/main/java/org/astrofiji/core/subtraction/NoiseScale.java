package org.astrofiji.core.subtraction;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.psf.Convolution;
import org.astrofiji.core.psf.Kernel;
import org.astrofiji.core.stats.Medians;

/**
 * How much more noise an image has at its PSF's scale than its background variance says: the
 * variance of the image filtered by its own PSF over source-free sky, divided by what white noise of
 * the given per-pixel variance would give there (V &Sigma;P&sup2;).
 * <p>
 * Why: ZOGY's S and S_corr are matched filters, so their noise is the image's noise power at the
 * PSF's spatial frequencies, while a background RMS or ERR plane describes single pixels. The two
 * agree for white noise (the factor is 1). They do not after resampling (an aligned image's cubic
 * spline averages neighbouring pixels: the pixel scatter drops, the noise at the PSF's scale does
 * not, measured 1.0-1.3 for sub-pixel shifts) or when an ERR plane's level is off (a median combine
 * of 2-3 frames: its MAD-based ERR was 0.45-0.7 of the true noise on the demo night). Multiplying the
 * variances by this factor gives S_corr unit noise in both cases.
 * <p>
 * Measured robustly: the filtered image in units of its white-noise expectation, over the pixels
 * farther than a PSF radius from left-out pixels, the edges and the matched filter's 3&sigma;
 * detections (sources); its MAD-based standard deviation, squared.
 */
final class NoiseScale {

	/** Fewer usable pixels than this: no measurement (factor 1). */
	private static final int MIN_PIXELS = 1000;
	/** Matched-filter significance above which a pixel belongs to a source (masked with a PSF stamp around it). */
	private static final double SOURCE = 3;

	private NoiseScale() {}

	/**
	 * @param sub background-subtracted pixels, left-out ones filled
	 * @param bvar background variance per pixel
	 * @param leftOut non-zero at left-out pixels
	 */
	static double of(float[] sub, float[] bvar, short[] leftOut, int w, int h, PsfField psf) {
		int size = psf.size(), r = size / 2;
		double[] k = psf.at(Coordinates.fitsX((w - 1) / 2.0), Coordinates.fitsY((h - 1) / 2.0, h));
		double sum = 0, sum2 = 0;
		for (double v : k) sum += v;
		if (!(sum > 0)) return 1;
		double[] unit = new double[k.length];
		for (int i = 0; i < k.length; i++) {
			unit[i] = k[i] / sum;
			sum2 += unit[i] * unit[i];
		}
		float[] f = Convolution.convolve(sub, w, h, Kernel.of(unit, size, size), Convolution.Border.ZERO);
		float[] z = new float[f.length], a = new float[f.length];
		for (int p = 0; p < f.length; p++) z[p] = bvar[p] > 0 ? (float) (f[p] / Math.sqrt(sum2 * bvar[p])) : Float.NaN;
		// twice: the sources' threshold is in units of the noise measured so far (correlated noise has more)
		double scale = 1;
		for (int round = 0; round < 2; round++) {
			short[] seen = leftOut.clone();
			double t = SOURCE * scale;
			for (int p = 0; p < f.length; p++) if (!(z[p] < t)) seen[p] |= 1;
			short[] near = ProperSubtraction.flags(seen, w, h, r);
			int n = 0;
			for (int p = 0; p < f.length; p++) if (near[p] == 0) a[n++] = z[p];
			if (n < MIN_PIXELS) return round == 0 ? 1 : scale * scale;
			double median = Medians.select(a, n, n / 2);
			for (int i = 0; i < n; i++) a[i] = (float) Math.abs(a[i] - median);
			double s = Medians.MAD_TO_SIGMA * Medians.select(a, n, n / 2);
			if (!(s > 0)) return 1;
			scale = s;
		}
		return scale * scale;
	}
}
