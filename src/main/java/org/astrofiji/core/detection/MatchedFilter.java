package org.astrofiji.core.detection;

import org.astrofiji.core.Parallel;

/**
 * The Gaussian matched filter applied before thresholding. The kernel is a Gaussian of the given
 * FWHM sampled at pixel centres, (2r+1) x (2r+1) with r = max(1, ceil(0.75 FWHM - 0.5)) (SExtractor's
 * filter sizes: 3x3 up to FWHM 2, 5x5 up to 3, ...), normalized to sum 1. FWHM 2 gives exactly
 * SEP's default kernel {@code [[1,2,1],[2,4,2],[1,2,1]] / 16}.
 * <p>
 * The filter smooths the light above the background: {@code back + K * (image - back)}, with the
 * kernel renormalized over the pixels that exist (inside the image and not NaN), so edges and holes
 * neither darken nor brighten the result. NaN pixels stay NaN.
 */
public final class MatchedFilter {

	private MatchedFilter() {}

	/** Half-size of the kernel for a FWHM. */
	public static int radius(double fwhm) {
		return Math.max(1, (int) Math.ceil(0.75 * fwhm - 0.5));
	}

	/** The 1-D Gaussian profile (not normalized); the 2-D kernel is its outer product. */
	public static double[] profile(double fwhm) {
		int r = radius(fwhm);
		double sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
		double[] g = new double[2 * r + 1];
		for (int i = -r; i <= r; i++) g[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
		return g;
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
	 * (null = the constant {@code backValue}). Each output row is made from 2r+1 input rows: first
	 * their weighted sum down the columns, then along the row.
	 */
	public static float[] signal(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		double[] g = profile(fwhm);
		int r = g.length / 2;
		int[] nanRows = new int[h];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) for (int p = y * w; p < (y + 1) * w; p++) if (image[p] != image[p]) nanRows[y]++;
		});
		boolean nan = false;
		for (int c : nanRows) nan |= c > 0;
		boolean hasNaN = nan;
		double[] dx = edgeWeights(g, w), dy = edgeWeights(g, h);
		float[] out = new float[image.length];
		Parallel.forRange(h, 32, (y0, y1) -> {
			double[] col = new double[w + 2 * r], den = hasNaN ? new double[w + 2 * r] : null;
			for (int y = y0; y < y1; y++) {
				// column sums of the 2r+1 rows around y (zero beyond the image and at NaN)
				java.util.Arrays.fill(col, 0);
				if (den != null) java.util.Arrays.fill(den, 0);
				for (int j = Math.max(-r, -y), j1 = Math.min(r, h - 1 - y); j <= j1; j++) {
					double gj = g[j + r];
					int q = (y + j) * w;
					boolean rowNaN = nanRows[y + j] > 0;
					for (int x = 0; x < w; x++) {
						float v = image[q + x];
						if (rowNaN && v != v) continue;
						col[x + r] += gj * (v - (back == null ? backValue : back[q + x]));
						if (den != null) den[x + r] += gj;
					}
				}
				// along the row
				int base = y * w;
				for (int x = 0; x < w; x++) {
					int p = base + x;
					if (hasNaN && image[p] != image[p]) {
						out[p] = Float.NaN;
						continue;
					}
					double num = 0, d = 0;
					for (int i = 0; i < g.length; i++) num += g[i] * col[x + i];
					if (den != null) for (int i = 0; i < g.length; i++) d += g[i] * den[x + i];
					else d = dx[x] * dy[y];
					out[p] = (float) (num / d);
				}
			}
		});
		return out;
	}

	/** The filtered image: {@code back + signal}, see {@link #signal}. */
	public static float[] apply(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		float[] s = signal(image, w, h, fwhm, back, backValue);
		for (int p = 0; p < s.length; p++) s[p] += back == null ? backValue : back[p];
		return s;
	}

	/** Sum of the profile inside [0, n) around each position. */
	private static double[] edgeWeights(double[] g, int n) {
		int r = g.length / 2;
		double[] s = new double[n];
		for (int t = 0; t < n; t++) {
			for (int i = Math.max(-r, -t); i <= Math.min(r, n - 1 - t); i++) s[t] += g[i + r];
		}
		return s;
	}
}
