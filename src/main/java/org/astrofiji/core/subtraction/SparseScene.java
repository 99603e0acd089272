package org.astrofiji.core.subtraction;

import org.astrofiji.core.Parallel;

/**
 * The parts of an image's noise terms that are not smooth, as sparse rows (pixel, value): the
 * sources (pixels above {@link ZogyTile#SOURCE_SIGMAS} &sigma;: V_psf's scene) and the variance beyond
 * the background's (the sources' Poisson term, the filled pixels' interpolation variance). The
 * variance is split as V = (B + m) + E: B the mesh RMS&sup2; map (smooth), m the mean of V &minus; B
 * over the pixels that are neither sources nor left out (the sky's own Poisson term, max(0, value) /
 * gain, about 0.4 &sigma; / gain: its fluctuation about m is dropped), E the rest on the sources and
 * left-out pixels. A smooth map convolved with a compact kernel is the map times the kernel's sum, so
 * V(S) = (B + m) &Sigma;k&sup2; + E &otimes; k&sup2; needs sums over the few pixels of E only (ESO pair: 2.4 %).
 * Immutable.
 */
final class SparseScene {

	final int width, height;
	/** Smooth background variance B (not a copy) and the sky's mean excess m. */
	final float[] background;
	final double skyExcess;
	/**
	 * A variance excess above this many times &sigma;&sup2; (a saturated star's filled core, up to 10&#8310; &sigma;&sup2;) is
	 * summed with the uncut kernels ({@link NoiseKernels#kn2Wide}): the cut kernels' missing 10&#8315;&#8308; would not be
	 * small against the sky's variance there.
	 */
	static final double BIG = 100;

	/** Rows of (x, value): the sources' pixel values, the variance excess E, and its values above {@link #BIG} &sigma;&sup2; (not in E). */
	private final int[] srcStart, srcX, excStart, excX, bigStart, bigX;
	private final float[] srcV, excV, bigV;

	private SparseScene(Epoch e, short[] leftOut) {
		width = e.width();
		height = e.height();
		background = e.backgroundVariance();
		float[] sub = e.subtracted(), var = e.variance();
		int w = width, h = height;
		double level = ZogyTile.SOURCE_SIGMAS * e.sigma();
		double big = BIG * e.sigma() * e.sigma();
		int[] nSrc = new int[h], nExc = new int[h], nBig = new int[h];
		double[] rowSky = new double[h];
		int[] rowSkyCount = new int[h];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				double s = 0;
				int c = 0;
				for (int p = y * w, end = p + w; p < end; p++) {
					boolean src = sub[p] > level;
					if (src) nSrc[y]++;
					if (src || leftOut[p] != 0) {
						if (var[p] - background[p] > big) nBig[y]++;
						else nExc[y]++;
					}
					else {
						s += var[p] - background[p];
						c++;
					}
				}
				rowSky[y] = s;
				rowSkyCount[y] = c;
			}
		});
		double s = 0;
		long c = 0;
		for (int y = 0; y < h; y++) {
			s += rowSky[y];
			c += rowSkyCount[y];
		}
		skyExcess = c > 0 ? s / c : 0;
		srcStart = starts(nSrc);
		excStart = starts(nExc);
		srcX = new int[srcStart[h]];
		srcV = new float[srcStart[h]];
		excX = new int[excStart[h]];
		excV = new float[excStart[h]];
		bigStart = starts(nBig);
		bigX = new int[bigStart[h]];
		bigV = new float[bigStart[h]];
		double m = skyExcess;
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int a = srcStart[y], b = excStart[y], c2 = bigStart[y];
				for (int x = 0, p = y * w; x < w; x++, p++) {
					boolean src = sub[p] > level;
					if (src) {
						srcX[a] = x;
						srcV[a++] = sub[p];
					}
					if (src || leftOut[p] != 0) {
						double ex = var[p] - background[p];
						if (ex > big) {
							bigX[c2] = x;
							bigV[c2++] = (float) (ex - m);
						}
						else {
							excX[b] = x;
							excV[b++] = (float) (ex - m);
						}
					}
				}
			}
		});
	}

	/** The sparse scene of a (filled) epoch; {@code leftOut} = the pixels left out of either image. */
	static SparseScene of(Epoch e, short[] leftOut) {
		return new SparseScene(e, leftOut);
	}

	private static int[] starts(int[] counts) {
		int[] s = new int[counts.length + 1];
		for (int i = 0; i < counts.length; i++) s[i + 1] = s[i] + counts[i];
		return s;
	}

	/** Pixels of the sources and of the variance excess. */
	int sources() {
		return srcX.length;
	}

	int excess() {
		return excX.length + bigX.length;
	}

	/**
	 * Adds to {@code acc[x - x0]} (x in [x0, x1)) the convolution at row y of the sources (or, with
	 * {@code excess}, of E) with a (2r + 1)&sup2; kernel k (offset (i &minus; r, j &minus; r) at j (2r + 1) + i):
	 * &Sigma;<sub>j</sub> value(j) k(pixel &minus; j). Each pixel's terms are added in a fixed order (by row, then x of j).
	 */
	void gather(boolean excess, double[] k, int r, int y, int x0, int x1, double[] acc) {
		gather(excess ? excStart : srcStart, excess ? excX : srcX, excess ? excV : srcV, k, r, y, x0, x1, acc);
	}

	/** {@link #gather} of the variance excess above {@link #BIG} &sigma;&sup2; (with the uncut kernel). */
	void gatherBig(double[] k, int r, int y, int x0, int x1, double[] acc) {
		gather(bigStart, bigX, bigV, k, r, y, x0, x1, acc);
	}

	private void gather(int[] start, int[] xs, float[] vs, double[] k, int r, int y, int x0, int x1, double[] acc) {
		int s = 2 * r + 1;
		for (int yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
			int row = (y - yy + r) * s;
			for (int i = start[yy], end = start[yy + 1]; i < end; i++) {
				int xj = xs[i];
				if (xj + r < x0 || xj - r >= x1) continue;
				double v = vs[i];
				int a = Math.max(x0, xj - r), b = Math.min(x1, xj + r + 1);
				// pixel x gets k(x - xj) at index row + (x - xj + r); one counter, so the JIT vectorises the loop
				int o = a - x0, kk = row + a - xj + r, len = b - a;
				for (int t = 0; t < len; t++) acc[o + t] += v * k[kk + t];
			}
		}
	}
}
