package org.astrofiji.core.registration;

import org.astrofiji.core.Parallel;

/**
 * Cubic B-spline coefficients of an image: the coefficients c whose B-spline sum passes through every
 * pixel value, (c[i-1] + 4 c[i] + c[i+1]) / 6 = v[i] along each axis. Computed per axis by the
 * recursive filter of Unser, Aldroubi and Eden (1991): gain 6, a causal then an anticausal first-order
 * pass with pole z = sqrt(3) - 2.
 * <p>
 * The boundary is the mirror-symmetric extension about the first and last pixel (v[-k] = v[k]),
 * which is what scipy.ndimage's spline filter uses for {@code mode='constant'} (found by comparing
 * against scipy 1.10.1: the coefficients then reproduce its shifts to rounding error over the whole
 * image). Rows and column blocks are filtered in parallel; each line is computed the same way whatever
 * the thread count.
 */
public final class SplinePrefilter {

	private static final double Z = Kernels.POLE;
	/** Terms of the causal initial sum: |z|^40 ~ 1e-23, far below double precision. */
	private static final int HORIZON = 40;
	/** Rows filtered together, interleaved (see {@link #filter}). */
	private static final int LANES = 8;
	/** Columns filtered together, so that the column passes walk memory row by row . */
	private static final int BLOCK = 64;

	private SplinePrefilter() {}

	/** The coefficients of a row-major w x h image (a new array; the input is not modified). NaN spreads. */
	public static float[] coefficients(float[] image, int w, int h) {
		if (image.length != (long) w * h) throw new IllegalArgumentException("pixel array of length " + image.length +
			" does not fit " + w + "x" + h);
		float[] c = new float[image.length];
		filter(image, c, w, h);
		return c;
	}

	/**
	 * Writes the coefficients of the row-major w x h image {@code in} to {@code c} (which may be
	 * {@code in}: in place). The row pass reads {@code in}, so no copy of the image is needed.
	 */
	static void filter(float[] in, float[] c, int w, int h) {
		if (w <= 1 && in != c) System.arraycopy(in, 0, c, 0, in.length);
		if (w > 1) {
			// rows in groups of LANES, interleaved: each row's recursion waits on its previous value, so
			// one row at a time runs at the latency of a multiply-add; 8 rows side by side fill the pipeline
			Parallel.forRange((h + LANES - 1) / LANES, 2, (g0, g1) -> {
				double[] buf = new double[LANES * w];
				for (int g = g0; g < g1; g++) {
					int y0 = g * LANES, y1 = Math.min(h, y0 + LANES);
					if (y1 - y0 == LANES && w > HORIZON) eightRows(in, c, w, y0, buf);
					else rows(in, c, w, y0, y1, buf);
				}
			});
		}
		if (h > 1) {
			int blocks = (w + BLOCK - 1) / BLOCK;
			Parallel.forRange(blocks, 1, (b0, b1) -> {
				double[][] rows = new double[h][BLOCK];
				for (int b = b0; b < b1; b++) columns(c, w, h, b * BLOCK, Math.min(w, (b + 1) * BLOCK), rows);
			});
		}
	}

	/**
	 * Filters the rows [y0, y1) together: buf holds them interleaved, value x of row y0 + r at
	 * x * (y1 - y0) + r: the gain 6, the causal pass from the initial sum, the anticausal pass
	 * from the last value, per row.
	 */
	private static void rows(float[] in, float[] c, int w, int y0, int y1, double[] buf) {
		int k = y1 - y0;
		for (int r = 0; r < k; r++) {
			int o = (y0 + r) * w;
			for (int x = 0; x < w; x++) buf[x * k + r] = 6.0 * in[o + x];
		}
		for (int r = 0; r < k; r++) buf[r] = causalInit(buf, r, k, w);
		for (int x = 1; x < w; x++) {
			int p = x * k, q = p - k;
			for (int r = 0; r < k; r++) buf[p + r] += Z * buf[q + r];
		}
		int last = (w - 1) * k;
		for (int r = 0; r < k; r++) buf[last + r] = Z / (Z * Z - 1) * (buf[last + r] + Z * buf[last - k + r]);
		for (int x = w - 2; x >= 0; x--) {
			int p = x * k, q = p + k;
			for (int r = 0; r < k; r++) buf[p + r] = Z * (buf[q + r] - buf[p + r]);
		}
		for (int r = 0; r < k; r++) {
			int o = (y0 + r) * w;
			for (int x = 0; x < w; x++) c[o + x] = (float) buf[x * k + r];
		}
	}

	/**
	 * {@link #rows} for {@link #LANES} = 8 rows of more than {@link #HORIZON} pixels, the same
	 * arithmetic in the same order (bit-identical), with the causal pass run while the rows are read
	 * and the anticausal one while they are written back: two sweeps instead of four (measured 1.9x
	 * faster; the lanes are written out, a loop over them measured slower).
	 */
	private static void eightRows(float[] in, float[] c, int w, int y0, double[] buf) {
		for (int r = 0; r < LANES; r++) {
			int o = (y0 + r) * w;
			double sum = 0, zk = 1;
			for (int k = 0; k <= HORIZON; k++) {
				sum += zk * (6.0 * in[o + k]);
				zk *= Z;
			}
			buf[r] = sum;
		}
		int o0 = y0 * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w, o4 = o3 + w, o5 = o4 + w, o6 = o5 + w, o7 = o6 + w;
		for (int x = 1; x < w; x++) {
			int p = x * LANES, q = p - LANES;
			buf[p] = 6.0 * in[o0 + x] + Z * buf[q];
			buf[p + 1] = 6.0 * in[o1 + x] + Z * buf[q + 1];
			buf[p + 2] = 6.0 * in[o2 + x] + Z * buf[q + 2];
			buf[p + 3] = 6.0 * in[o3 + x] + Z * buf[q + 3];
			buf[p + 4] = 6.0 * in[o4 + x] + Z * buf[q + 4];
			buf[p + 5] = 6.0 * in[o5 + x] + Z * buf[q + 5];
			buf[p + 6] = 6.0 * in[o6 + x] + Z * buf[q + 6];
			buf[p + 7] = 6.0 * in[o7 + x] + Z * buf[q + 7];
		}
		int last = (w - 1) * LANES;
		for (int r = 0; r < LANES; r++) {
			buf[last + r] = Z / (Z * Z - 1) * (buf[last + r] + Z * buf[last - LANES + r]);
			c[(y0 + r) * w + w - 1] = (float) buf[last + r];
		}
		for (int x = w - 2; x >= 0; x--) {
			int p = x * LANES, q = p + LANES;
			c[o0 + x] = (float) (buf[p] = Z * (buf[q] - buf[p]));
			c[o1 + x] = (float) (buf[p + 1] = Z * (buf[q + 1] - buf[p + 1]));
			c[o2 + x] = (float) (buf[p + 2] = Z * (buf[q + 2] - buf[p + 2]));
			c[o3 + x] = (float) (buf[p + 3] = Z * (buf[q + 3] - buf[p + 3]));
			c[o4 + x] = (float) (buf[p + 4] = Z * (buf[q + 4] - buf[p + 4]));
			c[o5 + x] = (float) (buf[p + 5] = Z * (buf[q + 5] - buf[p + 5]));
			c[o6 + x] = (float) (buf[p + 6] = Z * (buf[q + 6] - buf[p + 6]));
			c[o7 + x] = (float) (buf[p + 7] = Z * (buf[q + 7] - buf[p + 7]));
		}
	}

	/**
	 * Filters the columns [x0, x1) together: one scratch line per row ({@code rows}, each indexed from
	 * the block's first column), so that the recursions are loops over lines at [i], which the JIT
	 * vectorises (a loop over c[o + i] it leaves scalar; measured 1.6x faster). The causal pass runs
	 * as the rows are copied in, the anticausal one as they are copied back. The same arithmetic in
	 * the same order as a column at a time: bit-identical.
	 */
	private static void columns(float[] c, int w, int h, int x0, int x1, double[][] rows) {
		int bw = x1 - x0;
		double[] first = rows[0];
		// causal initial values from the first HORIZON rows (or the whole mirrored column)
		if (h > HORIZON) {
			for (int i = 0; i < bw; i++) {
				double sum = 0, zk = 1;
				for (int k = 0; k <= HORIZON; k++) {
					sum += zk * (6.0 * c[k * w + x0 + i]);
					zk *= Z;
				}
				first[i] = sum;
			}
		}
		else {
			double[] col = new double[h];
			for (int i = 0; i < bw; i++) {
				for (int y = 0; y < h; y++) col[y] = 6.0 * c[y * w + x0 + i];
				first[i] = causalInit(col, 0, 1, h);
			}
		}
		for (int y = 1; y < h; y++) {
			double[] cur = rows[y], prev = rows[y - 1];
			for (int i = 0, o = y * w + x0; i < bw; i++) cur[i] = c[o + i];
			for (int i = 0; i < bw; i++) cur[i] = 6.0 * cur[i] + Z * prev[i];
		}
		// anticausal pass from the last row up, written back as it goes
		double[] last = rows[h - 1], before = rows[h - 2];
		for (int i = 0; i < bw; i++) last[i] = Z / (Z * Z - 1) * (last[i] + Z * before[i]);
		for (int i = 0, o = (h - 1) * w + x0; i < bw; i++) c[o + i] = (float) last[i];
		for (int y = h - 2; y >= 0; y--) {
			double[] cur = rows[y], next = rows[y + 1];
			for (int i = 0; i < bw; i++) cur[i] = Z * (next[i] - cur[i]);
			for (int i = 0, o = y * w + x0; i < bw; i++) c[o + i] = (float) cur[i];
		}
	}

	/**
	 * c+[0] = sum over k >= 0 of z^k s[-k] for the mirror extension, whose period is 2n - 2: the exact
	 * periodic sum for short lines, the sum truncated at {@link #HORIZON} terms otherwise.
	 */
	private static double causalInit(double[] s, int offset, int stride, int n) {
		if (n > HORIZON) {
			double sum = 0, zk = 1;
			for (int k = 0; k <= HORIZON; k++) {
				sum += zk * s[offset + k * stride];
				zk *= Z;
			}
			return sum;
		}
		int period = 2 * n - 2;
		double sum = 0, zk = 1;
		for (int k = 0; k < period; k++) {
			sum += zk * s[offset + Kernels.mirror(k, n) * stride];
			zk *= Z;
		}
		return sum / (1 - zk);
	}
}
