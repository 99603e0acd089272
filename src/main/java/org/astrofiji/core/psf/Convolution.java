package org.astrofiji.core.psf;

import java.util.Arrays;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.fft.Fft2;

/**
 * 2-D convolution of a float image (row-major, w x h) with a {@link Kernel}:
 * out(x, y) = sum over i, j of k(i, j) image(x + rx - i, y + ry - j) (the kernel is flipped, as in
 * scipy.ndimage.convolve; symmetric kernels do not care). Sums run in double precision.
 * <p>
 * {@link #convolve} picks the cheaper of {@link #direct} (two 1-D passes for a separable kernel) and
 * {@link #fft} (overlap-save tiles through JTransforms, zero-padded, so nothing wraps around), which
 * agree to about 1e-12 relative before rounding to float. NaN pixels are no data: left out of every
 * sum, and NaN in the output. Results do not depend on the thread count.
 */
public final class Convolution {

	/** What lies beyond the image edge (and at NaN pixels). */
	public enum Border {
		/** Zeros: the output fades near the edges (scipy's mode='constant', astroscrappy). */
		ZERO,
		/**
		 * The kernel renormalized over the pixels that exist (inside the image and not NaN): edges and
		 * holes neither darken nor brighten the result (SEP's and SExtractor's filtering).
		 */
		NORMALIZE
	}

	private static final int ROWS_PER_TASK = 32;
	/** An FFT tile costs about this many multiply-adds per complex point per log2(points); measured with JTransforms 3.1. */
	private static final double FFT_COST = 2.5;

	private Convolution() {}

	/** The convolution by whichever of {@link #direct} and {@link #fft} costs less for this kernel and image. */
	public static float[] convolve(float[] image, int w, int h, Kernel k, Border border) {
		return prefersFft(w, h, k) ? fft(image, w, h, k, border) : direct(image, w, h, k, border);
	}

	/**
	 * Whether the FFT costs less than the direct sums: the direct way costs w h (kw kh) multiply-adds
	 * (kw + kh when separable), the FFT about {@link #FFT_COST} N log2 N per tile of N points, two
	 * transforms each.
	 */
	public static boolean prefersFft(int w, int h, Kernel k) {
		double direct = k.isSeparable() ? k.width() + k.height() : (double) k.width() * k.height();
		Tiles t = new Tiles(w, h, k);
		double points = (double) t.nx * t.ny;
		double fft = 2 * FFT_COST * points * (Math.log(points) / Math.log(2)) * t.count() / ((double) w * h);
		return fft < direct;
	}

	/**
	 * The convolution by direct sums: a separable kernel as a pass down the columns and one along the
	 * rows ({@link #separable}), any other row by row.
	 */
	public static float[] direct(float[] image, int w, int h, Kernel k, Border border) {
		check(image, w, h, border);
		if (k.isSeparable()) return separable(image, w, h, k.xFactor(), k.yFactor(), border, null, 0);
		int kw = k.width(), kh = k.height(), rx = kw / 2, ry = kh / 2;
		double[] kv = k.values();
		boolean nan = hasNaN(image);
		float[] out = new float[image.length];
		Parallel.forRange(h, ROWS_PER_TASK, (y0, y1) -> {
			double[] num = new double[w], den = border == Border.NORMALIZE ? new double[w] : null;
			for (int y = y0; y < y1; y++) {
				Arrays.fill(num, 0);
				if (den != null) Arrays.fill(den, 0);
				for (int j = 0; j < kh; j++) {
					int yy = y + ry - j;
					if (yy < 0 || yy >= h) continue;
					int row = yy * w;
					for (int i = 0; i < kw; i++) {
						double c = kv[j * kw + i];
						int dx = rx - i, x0 = Math.max(0, -dx), x1 = Math.min(w, w - dx);
						if (!nan) {
							for (int x = x0, q = row + x0 + dx; x < x1; x++, q++) num[x] += c * image[q];
							if (den != null) for (int x = x0; x < x1; x++) den[x] += c;
						}
						else {
							for (int x = x0, q = row + x0 + dx; x < x1; x++, q++) {
								float v = image[q];
								if (v != v) continue;
								num[x] += c * v;
								if (den != null) den[x] += c;
							}
						}
					}
				}
				for (int x = 0, p = y * w; x < w; x++, p++) {
					out[p] = nan && image[p] != image[p] ? Float.NaN : (float) (den == null ? num[x] : num[x] / den[x]);
				}
			}
		});
		return out;
	}

	/**
	 * The convolution by FFTs, in overlap-save tiles: each tile of the output is read from the input
	 * region it depends on (zeros beyond the edges), transformed with the kernel on a grid large enough
	 * that the circular convolution equals the linear one there. For {@link Border#NORMALIZE} the
	 * pixels that exist ride along as the imaginary part and give the weights in the same transform
	 * (its error, ~1e-16 of the kernel's sum, is relative to the weight that exists: large only where
	 * holes leave a pixel nothing but the kernel's far wings).
	 */
	public static float[] fft(float[] image, int w, int h, Kernel k, Border border) {
		check(image, w, h, border);
		Tiles t = new Tiles(w, h, k);
		int nx = t.nx, ny = t.ny, kw = k.width(), kh = k.height();
		// the kernel's spectrum, with the kernel at the grid's corner
		double[] kernel = new double[2 * nx * ny];
		for (int j = 0; j < kh; j++) for (int i = 0; i < kw; i++) kernel[2 * (j * nx + i)] = k.at(i, j);
		new Fft2(nx, ny).forward(kernel);
		boolean normalize = border == Border.NORMALIZE;
		float[] out = new float[image.length];
		Parallel.forRange(t.count(), 1, (from, to) -> {
			Fft2 fft = new Fft2(nx, ny);
			double[] a = new double[2 * nx * ny];
			for (int tile = from; tile < to; tile++) {
				int ox = (tile % t.across) * t.tx, oy = (tile / t.across) * t.ty;
				int ex = Math.min(w, ox + t.tx), ey = Math.min(h, oy + t.ty);
				// input region [ox - 2rx, ...) so that output pixel (ox + u) is at grid index u + kw - 1
				int sx = ox - (kw - 1), sy = oy - (kh - 1);
				Arrays.fill(a, 0);
				for (int gy = 0; gy < ny; gy++) {
					int yy = sy + gy + kh / 2;
					if (yy < 0 || yy >= h) continue;
					for (int gx = 0; gx < nx; gx++) {
						int xx = sx + gx + kw / 2;
						if (xx < 0 || xx >= w) continue;
						float v = image[yy * w + xx];
						if (v != v) continue;
						a[2 * (gy * nx + gx)] = v;
						if (normalize) a[2 * (gy * nx + gx) + 1] = 1;
					}
				}
				fft.forward(a);
				for (int p = 0; p < a.length; p += 2) {
					double re = a[p], im = a[p + 1], kr = kernel[p], ki = kernel[p + 1];
					a[p] = re * kr - im * ki;
					a[p + 1] = re * ki + im * kr;
				}
				fft.inverse(a);
				for (int y = oy; y < ey; y++) {
					int g = (y - oy + kh - 1) * nx + kw - 1;
					for (int x = ox, p = y * w + ox; x < ex; x++, p++, g++) {
						float v = image[p];
						out[p] = v != v ? Float.NaN : (float) (normalize ? a[2 * g] / a[2 * g + 1] : a[2 * g]);
					}
				}
			}
		});
		return out;
	}

	/**
	 * The separable convolution by factors {@code kx} (along x) and {@code ky} (along y) of
	 * {@code image - back} ({@code back} per pixel, or the constant {@code backValue} when it is null):
	 * first the weighted sum of rows down the columns, then along the row, in double precision. With
	 * {@link Border#NORMALIZE} the weight of the pixels that exist is the product of the factors' sums
	 * over the rows and columns inside the image (or summed pixel by pixel where there are NaN), which
	 * is what the detection matched filter has always computed; its numbers do not change.
	 */
	public static float[] separable(float[] image, int w, int h, double[] kx, double[] ky, Border border, float[] back,
		double backValue)
	{
		Separable c = new Separable(image, w, h, kx, ky, border, back, backValue);
		float[] out = new float[image.length];
		Parallel.forRange(h, ROWS_PER_TASK, (y0, y1) -> {
			Separable.Rows rows = c.rows();
			for (int y = y0; y < y1; y++) rows.row(y, out, y * w);
		});
		return out;
	}

	/**
	 * {@link #separable(float[], int, int, double[], double[], Border, float[], double)} one output row
	 * or row segment at a time, with the same double-precision operations in the same order, so the
	 * values are exactly its output: for a caller that needs the result row by row (a threshold) and
	 * again at some pixels, without the full-size output array. Safe to share between threads (each its
	 * own {@link #rows()}).
	 */
	public static final class Separable {

		private final float[] image, back;
		private final double backValue;
		private final int w, h, rx, ry;
		private final double[] gx, gy, wx, wy;
		private final int[] nanRows;
		private final boolean hasNaN, normalize;

		public Separable(float[] image, int w, int h, double[] kx, double[] ky, Border border, float[] back, double backValue) {
			check(image, w, h, border);
			if (kx.length % 2 == 0 || ky.length % 2 == 0) throw new IllegalArgumentException("kernel size must be odd (got " +
				kx.length + "x" + ky.length + ")");
			if (back != null && back.length != image.length) throw new IllegalArgumentException("back: " + back.length +
				" values for " + image.length + " pixels");
			this.image = image;
			this.back = back;
			this.backValue = backValue;
			this.w = w;
			this.h = h;
			// the loops below correlate; flipping the factors makes it a convolution
			gx = reversed(kx);
			gy = reversed(ky);
			rx = gx.length / 2;
			ry = gy.length / 2;
			nanRows = new int[h];
			Parallel.forRange(h, ROWS_PER_TASK, (y0, y1) -> {
				for (int y = y0; y < y1; y++) for (int p = y * w; p < (y + 1) * w; p++) if (image[p] != image[p]) nanRows[y]++;
			});
			boolean nan = false;
			for (int c : nanRows) nan |= c > 0;
			hasNaN = nan;
			normalize = border == Border.NORMALIZE;
			wx = edgeWeights(gx, w);
			wy = edgeWeights(gy, h);
		}

		/** A cursor with its own scratch, for one thread's rows. */
		public Rows rows() {
			return new Rows();
		}

		/** Output rows, see {@link Separable}. */
		public final class Rows {

			private final double[] col = new double[w + 2 * rx], den = hasNaN && normalize ? new double[w + 2 * rx] : null;

			private Rows() {}

			/** Output row y into {@code out[off .. off + w)}. */
			public void row(int y, float[] out, int off) {
				segment(y, 0, w, out, off);
			}

			/**
			 * Output pixels x0 .. x1 - 1 of row y into {@code out[off ..]}: the row's sums for those
			 * columns only (the column sums they need, each the same as the whole row's).
			 */
			public void segment(int y, int x0, int x1, float[] out, int off) {
				// the fields in locals: the one-shot JVM's C1 code would load them again on every pixel
				float[] image = Separable.this.image, back = Separable.this.back;
				double[] col = this.col, den = this.den, gx = Separable.this.gx, gy = Separable.this.gy;
				int w = Separable.this.w, rx = Separable.this.rx, ry = Separable.this.ry;
				double backValue = Separable.this.backValue;
				boolean hasNaN = Separable.this.hasNaN, normalize = Separable.this.normalize;
				// column sums of the rows around y, column c at col[c - x0 + rx] (zero beyond the image and at NaN)
				int n = x1 - x0 + 2 * rx, c0 = Math.max(0, x0 - rx), c1 = Math.min(w, x1 + rx), shift = rx - x0;
				Arrays.fill(col, 0, n, 0);
				if (den != null) Arrays.fill(den, 0, n, 0);
				for (int j = Math.max(-ry, -y), j1 = Math.min(ry, h - 1 - y); j <= j1; j++) {
					double gj = gy[j + ry];
					int q = (y + j) * w;
					boolean rowNaN = nanRows[y + j] > 0;
					for (int x = c0; x < c1; x++) {
						float v = image[q + x];
						if (rowNaN && v != v) continue;
						col[x + shift] += gj * (v - (back == null ? backValue : back[q + x]));
						if (den != null) den[x + shift] += gj;
					}
				}
				// along the row
				int base = y * w;
				for (int x = x0; x < x1; x++) {
					int p = base + x, k = x - x0;
					if (hasNaN && image[p] != image[p]) {
						out[off + k] = Float.NaN;
						continue;
					}
					double num = 0;
					for (int i = 0; i < gx.length; i++) num += gx[i] * col[k + i];
					if (!normalize) {
						out[off + k] = (float) num;
						continue;
					}
					double d = 0;
					if (den != null) for (int i = 0; i < gx.length; i++) d += gx[i] * den[k + i];
					else d = wx[x] * wy[y];
					out[off + k] = (float) (num / d);
				}
			}
		}
	}

	/**
	 * Direct convolution summed in single precision, kernel row by kernel row, zeros beyond the edges:
	 * astroscrappy's arithmetic for L.A.Cosmic's fsmode=convolve, kept so that its cosmic-ray masks
	 * agree pixel for pixel (a double-precision or FFT sum differs in the last bits, and a mask
	 * compares against a threshold). No NaN is expected (L.A.Cosmic replaces them first).
	 *
	 * @param kernel kw x kh, row-major
	 */
	public static float[] directSinglePrecision(float[] image, int w, int h, float[] kernel, int kw, int kh) {
		check(image, w, h, Border.ZERO);
		if (kw % 2 == 0 || kh % 2 == 0 || kernel.length != kw * kh) throw new IllegalArgumentException("kernel: " +
			kernel.length + " values are not an odd " + kw + "x" + kh);
		int rx = kw / 2, ry = kh / 2;
		float[] out = new float[image.length];
		Parallel.forRange(h, ROWS_PER_TASK / 2, (y0, y1) -> {
			for (int j = y0; j < y1; j++) {
				for (int i = 0; i < w; i++) {
					float sum = 0;
					for (int l = -ry; l <= ry; l++) {
						int y = j + l;
						int krow = (ry - l) * kw;
						for (int m = -rx; m <= rx; m++) {
							int x = i + m;
							float v = y >= 0 && y < h && x >= 0 && x < w ? image[y * w + x] : 0;
							sum += kernel[krow + rx - m] * v;
						}
					}
					out[j * w + i] = sum;
				}
			}
		});
		return out;
	}

	/** The overlap-save tiling: FFT grid nx x ny, output tiles tx x ty, across x down of them. */
	private static final class Tiles {

		final int nx, ny, tx, ty, across, down;

		Tiles(int w, int h, Kernel k) {
			nx = grid(w, k.width());
			ny = grid(h, k.height());
			tx = Math.min(w, nx - (k.width() - 1));
			ty = Math.min(h, ny - (k.height() - 1));
			across = (w + tx - 1) / tx;
			down = (h + ty - 1) / ty;
		}

		int count() {
			return across * down;
		}

		/**
		 * The grid along one axis: the whole line plus the kernel when that is small, else a power of two
		 * at least four kernel widths (so that at least three quarters of each tile is output).
		 */
		private static int grid(int n, int k) {
			int tile = Integer.highestOneBit(Math.max(64, 4 * (k - 1)) - 1) << 1;
			return n + k - 1 <= tile ? smooth(n + k - 1) : tile;
		}

		/** The smallest 2^a 3^b 5^c at least n: lengths JTransforms transforms by its fast mixed-radix plan. */
		private static int smooth(int n) {
			return Fft2.smooth(n);
		}
	}

	/** Sum of the correlation weights g[i] whose pixel t + i - r lies in [0, n), for each t. */
	private static double[] edgeWeights(double[] g, int n) {
		int r = g.length / 2;
		double[] s = new double[n];
		for (int t = 0; t < n; t++) {
			for (int i = Math.max(-r, -t); i <= Math.min(r, n - 1 - t); i++) s[t] += g[i + r];
		}
		return s;
	}

	private static double[] reversed(double[] a) {
		double[] r = new double[a.length];
		for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
		return r;
	}

	private static boolean hasNaN(float[] a) {
		for (float v : a) if (v != v) return true;
		return false;
	}

	private static void check(float[] image, int w, int h, Border border) {
		if (w < 1 || h < 1 || image.length != (long) w * h) throw new IllegalArgumentException("image: " + image.length +
			" pixels do not fit " + w + "x" + h);
		if (border == null) throw new IllegalArgumentException("border must be zero or normalize");
	}
}
