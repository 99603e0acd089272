package org.astrofiji.core.detection;

import org.astrofiji.core.psf.Convolution;
import org.astrofiji.core.psf.Gaussian;
import org.astrofiji.core.psf.Kernels;

/**
 * The Gaussian matched filter applied before thresholding. The kernel is a Gaussian of the given
 * FWHM sampled at pixel centres, (2r+1) x (2r+1) with r = max(1, ceil(0.75 FWHM - 0.5)) (SExtractor's
 * filter sizes: 3x3 up to FWHM 2, 5x5 up to 3, ...), normalized to sum 1. FWHM 2 gives exactly
 * SEP's default kernel {@code [[1,2,1],[2,4,2],[1,2,1]] / 16}.
 * <p>
 * The filter smooths the light above the background: {@code back + K * (image - back)}, with the
 * kernel renormalized over the pixels that exist (inside the image and not NaN, core.psf's
 * {@link Convolution.Border#NORMALIZE}), so edges and holes neither darken nor brighten the result.
 * NaN pixels stay NaN. These kernels are small and separable: the direct passes always beat an FFT.
 */
public final class MatchedFilter {

	private MatchedFilter() {}

	/** Half-size of the kernel for a FWHM. */
	public static int radius(double fwhm) {
		return Math.max(1, (int) Math.ceil(0.75 * fwhm - 0.5));
	}

	/** The 1-D Gaussian profile (not normalized); the 2-D kernel is its outer product. */
	public static double[] profile(double fwhm) {
		return Kernels.gaussianProfile(Gaussian.sigma(fwhm), radius(fwhm));
	}

	/**
	 * The factor by which the kernel (normalized to sum 1) scales white noise: sqrt(sum K^2) / sum K.
	 * SEP's default 3x3 kernel gives 6 / 16 = 0.375.
	 */
	public static double noiseFactor(double fwhm) {
		double[] g = profile(fwhm);
		double s = 0, s2 = 0;
		for (double a : g) {
			s += a;
			s2 += a * a;
		}
		return s2 / (s * s); // the 2-D kernel is the outer product of the profile: sqrt((s2)^2) / s^2
	}

	/**
	 * The filtered light above the background, {@code K * (image - back)} with the kernel renormalized
	 * over existing pixels (NaN where the image is NaN). {@code back} is the background per pixel
	 * (null = the constant {@code backValue}).
	 */
	public static float[] signal(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		double[] g = profile(fwhm);
		return Convolution.separable(image, w, h, g, g, Convolution.Border.NORMALIZE, back, backValue);
	}

	/**
	 * {@link #signal} row by row or in row segments, the same values, without the full-size array
	 * (star detection thresholds it row by row and deblends from its values at the detected pixels).
	 */
	public static Convolution.Separable signalRows(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		double[] g = profile(fwhm);
		return new Convolution.Separable(image, w, h, g, g, Convolution.Border.NORMALIZE, back, backValue);
	}

	/** The filtered image: {@code back + signal}, see {@link #signal}. */
	public static float[] apply(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		float[] s = signal(image, w, h, fwhm, back, backValue);
		for (int p = 0; p < s.length; p++) s[p] += back == null ? backValue : back[p];
		return s;
	}
}
