package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.psf.Convolution.Border;
import org.junit.jupiter.api.Test;

/** Direct and FFT convolution against each other and against sums worked out by hand. */
class ConvolutionTest {

	static float[] random(int w, int h, long seed, double offset) {
		Random r = new Random(seed);
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = (float) (offset + 10 * r.nextGaussian());
		return a;
	}

	static Kernel randomKernel(int kw, int kh, long seed) {
		Random r = new Random(seed);
		double[] v = new double[kw * kh];
		for (int i = 0; i < v.length; i++) v[i] = r.nextDouble();
		return Kernel.of(v, kw, kh);
	}

	/** The convolution sum at one pixel, written out: zeros or renormalization beyond the edges and at NaN. */
	static double bySum(float[] img, int w, int h, Kernel k, Border b, int x, int y) {
		double num = 0, den = 0;
		for (int j = 0; j < k.height(); j++) {
			for (int i = 0; i < k.width(); i++) {
				int xx = x + k.radiusX() - i, yy = y + k.radiusY() - j;
				if (xx < 0 || yy < 0 || xx >= w || yy >= h || Float.isNaN(img[yy * w + xx])) continue;
				num += k.at(i, j) * img[yy * w + xx];
				den += k.at(i, j);
			}
		}
		return b == Border.ZERO ? num : num / den;
	}

	@Test
	void fftEqualsDirectToOneMillionthOnRandomImagesAndKernels() {
		int[][] cases = { { 61, 47, 3, 5 }, { 200, 130, 15, 15 }, { 150, 301, 31, 9 }, { 97, 83, 41, 41 }, { 300, 260, 21, 35 } };
		long seed = 1;
		for (int[] c : cases) {
			int w = c[0], h = c[1];
			Kernel k = randomKernel(c[2], c[3], seed++);
			for (Border b : Border.values()) {
				for (double offset : new double[] { 100, 0 }) {
					float[] img = random(w, h, seed++, offset);
					float[] d = Convolution.direct(img, w, h, k, b), f = Convolution.fft(img, w, h, k, b);
					double max = 0;
					for (float v : d) max = Math.max(max, Math.abs(v));
					for (int p = 0; p < d.length; p++) {
						// positive images: each pixel to 1e-6 of itself; zero-mean ones to 1e-6 of the largest
						double scale = offset > 0 ? Math.abs(d[p]) : max;
						if (Math.abs(f[p] - d[p]) > 1e-6 * scale) throw new AssertionError(String.format(
							"%dx%d kernel %dx%d %s offset %s at (%d,%d): fft %s direct %s", w, h, c[2], c[3], b, offset, p % w, p / w, f[p], d[p]));
					}
				}
			}
		}
	}

	@Test
	void directEqualsTheSumWrittenOutAtEdgesAndHoles() {
		int w = 23, h = 17;
		float[] img = random(w, h, 5, 50);
		img[3 * w + 4] = Float.NaN;
		img[0] = Float.NaN;
		Kernel k = randomKernel(5, 3, 9);
		for (Border b : Border.values()) {
			float[] d = Convolution.direct(img, w, h, k, b), f = Convolution.fft(img, w, h, k, b);
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					if (Float.isNaN(img[p])) {
						assertTrue(Float.isNaN(d[p]) && Float.isNaN(f[p]), "NaN stays NaN");
						continue;
					}
					float want = (float) bySum(img, w, h, k, b, x, y);
					assertEquals(want, d[p], Math.ulp(want), b + " direct at " + x + "," + y);
					assertEquals(want, f[p], 1e-6 * Math.abs(want), b + " fft at " + x + "," + y);
				}
			}
		}
	}

	@Test
	void theKernelIsFlipped() {
		// a unit impulse convolved with an asymmetric kernel reproduces the kernel around it
		int w = 9, h = 7;
		float[] img = new float[w * h];
		img[3 * w + 4] = 1;
		double[] v = { 1, 2, 3, 4, 5, 6 , 7, 8, 9 };
		Kernel k = Kernel.of(v, 3, 3);
		for (float[] out : new float[][] { Convolution.direct(img, w, h, k, Border.ZERO), Convolution.fft(img, w, h, k, Border.ZERO) }) {
			for (int j = 0; j < 3; j++) for (int i = 0; i < 3; i++) assertEquals(v[j * 3 + i], out[(2 + j) * w + 3 + i], 1e-12);
		}
	}

	@Test
	void separableKernelsEqualTheirFullForm() {
		int w = 64, h = 40;
		float[] img = random(w, h, 11, 20);
		img[100] = Float.NaN;
		double[] x = { 0.1, 0.5, 1, 0.3, 0.2 }, y = { 1, 2, 0.5 };
		Kernel sep = Kernel.separable(x, y), full = Kernel.of(sep.values(), 5, 3);
		for (Border b : Border.values()) {
			float[] a = Convolution.direct(img, w, h, sep, b), c = Convolution.direct(img, w, h, full, b);
			for (int p = 0; p < a.length; p++) {
				if (p == 100) assertTrue(Float.isNaN(a[p]) && Float.isNaN(c[p]));
				else assertEquals(c[p], a[p], 2e-6 * Math.abs(c[p]), b + " at " + p);
			}
		}
	}

	@Test
	void normalizeKeepsAFlatImageFlatAndZeroDarkensItsEdges() {
		int w = 30, h = 20;
		float[] flat = new float[w * h];
		java.util.Arrays.fill(flat, 7);
		flat[5 * w + 5] = Float.NaN;
		Kernel k = Kernels.sampled(Moffat.circular(3, 2.5), 9);
		for (float[] out : new float[][] { Convolution.direct(flat, w, h, k, Border.NORMALIZE), Convolution.fft(flat, w, h, k, Border.NORMALIZE) }) {
			for (int p = 0; p < out.length; p++) if (p != 5 * w + 5) assertEquals(7, out[p], 1e-5, "at " + p);
		}
		float[] z = Convolution.direct(flat, w, h, k, Border.ZERO);
		// the corner sees only the kernel's quarter (plus its middle row and column)
		double quarter = 0;
		for (int j = 4; j < 9; j++) for (int i = 4; i < 9; i++) quarter += k.at(i, j);
		assertEquals(7 * quarter, z[0], 1e-5);
	}

	@Test
	void sameResultForAnyThreadCountAndTheChoiceFollowsTheCost() {
		int w = 300, h = 280;
		float[] img = random(w, h, 3, 0);
		Kernel k = randomKernel(25, 25, 4);
		int saved = Parallel.threads();
		try {
			Parallel.setThreads(1);
			float[] f1 = Convolution.fft(img, w, h, k, Border.ZERO), d1 = Convolution.direct(img, w, h, k, Border.NORMALIZE);
			Parallel.setThreads(3);
			assertArrayEquals(f1, Convolution.fft(img, w, h, k, Border.ZERO));
			assertArrayEquals(d1, Convolution.direct(img, w, h, k, Border.NORMALIZE));
		}
		finally {
			Parallel.setThreads(saved);
		}
		assertTrue(Convolution.prefersFft(2000, 2000, randomKernel(41, 41, 1)));
		assertFalse(Convolution.prefersFft(2000, 2000, randomKernel(3, 3, 1)));
		assertFalse(Convolution.prefersFft(2000, 2000, Kernels.gaussian(8, 25)), "separable: two 25-tap passes");
	}

	/**
	 * The separable convolution row by row and in row segments down to single pixels (star detection's
	 * threshold and deblending, without the full output) equals the full output to the last bit: both
	 * borders, with and without NaN, a background map or a constant, kernels of 3 and 5 (and 3 x 5), a
	 * one-row image.
	 */
	@Test
	void separableRowsAndPixelsAreTheFullOutput() {
		double[] k3 = { 1, 2, 1 }, k5 = { 0.2, 0.7, 1, 0.7, 0.2 };
		int[][] sizes = { { 37, 23 }, { 5, 1 }, { 3, 9 } };
		for (int[] sz : sizes) {
			int w = sz[0], h = sz[1];
			float[] img = random(w, h, 3, 100), back = random(w, h, 4, 90);
			float[] holes = img.clone();
			for (int p = 0; p < holes.length; p += 7) holes[p] = Float.NaN;
			for (float[] im : new float[][] { img, holes }) {
				for (Border b : Border.values()) {
					for (double[][] k : new double[][][] { { k3, k3 }, { k5, k5 }, { k3, k5 } }) {
						for (float[] bk : new float[][] { null, back }) {
							float[] full = Convolution.separable(im, w, h, k[0], k[1], b, bk, 97.5);
							Convolution.Separable c = new Convolution.Separable(im, w, h, k[0], k[1], b, bk, 97.5);
							Convolution.Separable.Rows rows = c.rows();
							float[] row = new float[w + 2], seg = new float[w + 2];
							String what = w + "x" + h + " " + b + " kernel " + k[0].length + "x" + k[1].length + (bk == null ? "" : " back") +
								(im == holes ? " NaN" : "");
							for (int y = 0; y < h; y++) {
								rows.row(y, row, 2);
								for (int x = 0; x < w; x++) {
									assertEquals(full[y * w + x], row[x + 2], 0, what + " row " + y + " x " + x);
									rows.segment(y, x, x + 1, seg, 1);
									assertEquals(full[y * w + x], seg[1], 0, what + " pixel " + x + ", " + y);
									int x1 = Math.min(w, x + 1 + (x * 7 + y) % 6);
									rows.segment(y, x, x1, seg, 0);
									for (int i = x; i < x1; i++) assertEquals(full[y * w + i], seg[i - x], 0, what + " segment " + x + ".." + x1 +
										" of row " + y + " at " + i);
								}
							}
						}
					}
				}
			}
		}
	}

	@Test
	void singlePrecisionIsAstroscrappysOrderOfSums() {
		int w = 12, h = 9;
		float[] img = random(w, h, 8, 10);
		float[] k = Kernels.sampled(Gaussian.circular(2.5), 5).floats();
		float[] out = Convolution.directSinglePrecision(img, w, h, k, 5, 5);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				float sum = 0;
				for (int l = -2; l <= 2; l++) {
					for (int m = -2; m <= 2; m++) {
						int yy = y + l, xx = x + m;
						float v = yy >= 0 && yy < h && xx >= 0 && xx < w ? img[yy * w + xx] : 0;
						sum += k[(2 - l) * 5 + 2 - m] * v;
					}
				}
				assertEquals(sum, out[y * w + x], 0);
			}
		}
	}
}
