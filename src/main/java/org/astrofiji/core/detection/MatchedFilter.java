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
	 * Filters {@code image} (memory order); {@code back} is the background per pixel (null = the
	 * constant {@code backValue}).
	 */
	public static float[] apply(float[] image, int w, int h, double fwhm, float[] back, double backValue) {
		double[] g = profile(fwhm);
		int r = g.length / 2;
		boolean hasNaN = false;
		for (float v : image) if (v != v) {
			hasNaN = true;
			break;
		}
		boolean nan = hasNaN;
		float[] sig = new float[image.length];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int p = y0 * w; p < y1 * w; p++) sig[p] = (float) (image[p] - (back == null ? backValue : back[p]));
		});
		float[] numH = new float[image.length];
		float[] denH = nan ? new float[image.length] : null;
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int base = y * w;
				for (int x = 0; x < w; x++) {
					double num = 0, den = 0;
					if (!nan && x >= r && x < w - r) { // inside: the whole kernel, no checks
						for (int i = -r, q = base + x - r; i <= r; i++, q++) num += g[i + r] * sig[q];
						numH[base + x] = (float) num;
						continue;
					}
					for (int i = Math.max(-r, -x), i1 = Math.min(r, w - 1 - x); i <= i1; i++) {
						float v = sig[base + x + i];
						if (v != v) continue;
						num += g[i + r] * v;
						den += g[i + r];
					}
					numH[base + x] = (float) num;
					if (denH != null) denH[base + x] = (float) den;
				}
			}
		});
		// without NaN the kernel weight inside the image is a product of its x and y parts
		double[] dx = edgeWeights(g, w), dy = edgeWeights(g, h);
		float[] out = new float[image.length];
		Parallel.forRange(h, 32, (y0, y1) -> {
			double[] num = new double[w];
			for (int y = y0; y < y1; y++) {
				int j0 = Math.max(-r, -y), j1 = Math.min(r, h - 1 - y);
				// row by row: the kernel's column sums, cache-friendly
				java.util.Arrays.fill(num, 0);
				for (int j = j0; j <= j1; j++) {
					double gj = g[j + r];
					int q = (y + j) * w;
					for (int x = 0; x < w; x++) num[x] += gj * numH[q + x];
				}
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					if (image[p] != image[p]) {
						out[p] = Float.NaN;
						continue;
					}
					double den;
					if (denH == null) den = dx[x] * dy[y];
					else {
						den = 0;
						for (int j = j0; j <= j1; j++) den += g[j + r] * denH[p + j * w];
					}
					double b = back == null ? backValue : back[p];
					out[p] = (float) (b + num[x] / den);
				}
			}
		});
		return out;
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
