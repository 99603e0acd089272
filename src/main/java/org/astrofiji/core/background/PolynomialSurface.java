package org.astrofiji.core.background;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A smooth 2-D polynomial surface fitted to a whole frame, for gradients (twilight, moonlight,
 * vignetting residuals): the sum of c<sub>ij</sub>&middot;u<sup>i</sup>v<sup>j</sup> over
 * i + j &lt;= order, where u = 2&middot;col/(width&minus;1) &minus; 1 and v = 2&middot;row/(height&minus;1)
 * &minus; 1 run from &minus;1 to 1 across the frame (col, row: 0-based indices of the FITS array).
 * <p>
 * Every valid pixel (not NaN, not masked) is a sample; the least-squares normal equations are
 * accumulated in double precision over fixed blocks of rows and added in block order, so the result
 * does not depend on the number of threads, and solved by Cholesky decomposition (EJML; the scaled
 * coordinates keep them well conditioned). With {@code sigmaClip > 0} pixels whose residual exceeds
 * sigmaClip times the rms residual are left out and the fit repeated until the set of pixels no
 * longer changes (at most {@code maxIterations} fits), which removes stars and other sources.
 */
public final class PolynomialSurface {

	/** What to fit. */
	public static final class Settings {

		public int order = 2;
		/** Clip pixels beyond this many rms residuals; 0 fits once. */
		public double sigmaClip = 3;
		public int maxIterations = 10;
	}

	/** The fitted surface. */
	public static final class Result {

		public final int width, height, order;
		/** x (u) and y (v) powers of each term, in the order of {@link #coefficients}. */
		public final int[] xPowers, yPowers;
		public final double[] coefficients;
		/** Model in memory orientation, row-major. */
		public final float[] model;
		public final long used, clipped, skipped;
		public final double rms;
		public final int iterations;

		Result(int width, int height, int order, int[] xp, int[] yp, double[] c, float[] model, long used, long clipped,
			long skipped, double rms, int iterations)
		{
			this.width = width;
			this.height = height;
			this.order = order;
			this.xPowers = xp;
			this.yPowers = yp;
			this.coefficients = c;
			this.model = model;
			this.used = used;
			this.clipped = clipped;
			this.skipped = skipped;
			this.rms = rms;
			this.iterations = iterations;
		}

		/** The surface at 0-based FITS-array column and row. */
		public double at(double col, double row) {
			double u = scaled(col, width), v = scaled(row, height), s = 0;
			for (int t = 0; t < coefficients.length; t++) s += coefficients[t] * Math.pow(u, xPowers[t]) * Math.pow(v, yPowers[t]);
			return s;
		}

		/** One row per term: its name ("1", "u", "v", "u^2", "u v", ...), the powers and the coefficient. */
		public Table table() {
			Table t = new Table("Background surface", "term", "u_power", "v_power", "coefficient");
			for (int k = 0; k < coefficients.length; k++) t.addRow(termName(xPowers[k], yPowers[k]), (double) xPowers[k],
				(double) yPowers[k], coefficients[k]);
			return t;
		}

		/** {@code data - model}, a new array. */
		public float[] subtract(float[] data) {
			return BackgroundModel.difference(data, model);
		}
	}

	private static final int BLOCK_ROWS = 32;

	private PolynomialSurface() {}

	static double scaled(double index, int length) {
		return length < 2 ? 0 : 2 * index / (length - 1) - 1;
	}

	static String termName(int i, int j) {
		if (i == 0 && j == 0) return "1";
		String u = i == 0 ? "" : i == 1 ? "u" : "u^" + i, v = j == 0 ? "" : j == 1 ? "v" : "v^" + j;
		return u.isEmpty() ? v : v.isEmpty() ? u : u + " " + v;
	}

	/**
	 * Fits the surface.
	 *
	 * @param data pixels in memory orientation, row-major
	 * @param mask null, or one value per pixel: non-zero pixels are left out
	 */
	public static Result fit(float[] data, float[] mask, int width, int height, Settings s, Progress progress) {
		if (data.length != (long) width * height) throw new IllegalArgumentException("image: " + data.length +
			" pixels do not fit " + width + "x" + height);
		if (mask != null && mask.length != data.length) throw new IllegalArgumentException("mask: " + mask.length +
			" values for " + data.length + " pixels");
		if (s.order < 0) throw new IllegalArgumentException("order must be 0 or more (got " + s.order + ")");
		if (s.order > 0 && (width < s.order + 1 || height < s.order + 1)) throw new IllegalArgumentException("order " +
			s.order + " needs an image of at least " + (s.order + 1) + " pixels on each side (got " + width + "x" + height + ")");
		if (Double.isNaN(s.sigmaClip) || s.sigmaClip < 0) throw new IllegalArgumentException(
			"sigma_clip must be 0 (no clipping) or more (got " + s.sigmaClip + ")");
		int order = s.order;
		int nt = (order + 1) * (order + 2) / 2;
		int[] xp = new int[nt], yp = new int[nt];
		for (int d = 0, t = 0; d <= order; d++) {
			for (int j = 0; j <= d; j++, t++) {
				xp[t] = d - j;
				yp[t] = j;
			}
		}
		// powers of u for every column and of v for every memory row
		double[] upow = new double[width * (order + 1)], vpow = new double[height * (order + 1)];
		for (int c = 0; c < width; c++) {
			double u = scaled(c, width), p = 1;
			for (int k = 0; k <= order; k++, p *= u) upow[c * (order + 1) + k] = p;
		}
		for (int y = 0; y < height; y++) {
			double v = scaled(Coordinates.fitsArrayRow(y, height), height), p = 1;
			for (int k = 0; k <= order; k++, p *= v) vpow[y * (order + 1) + k] = p;
		}
		// 0 = not usable, 1 = used, 2 = clipped
		byte[] state = new byte[data.length];
		long skipped = 0;
		for (int i = 0; i < data.length; i++) {
			boolean ok = !Float.isNaN(data[i]) && (mask == null || mask[i] == 0);
			state[i] = (byte) (ok ? 1 : 0);
			if (!ok) skipped++;
		}
		if (data.length - skipped < nt) throw new IllegalArgumentException("image: only " + (data.length - skipped) +
			" valid pixels for " + nt + " surface coefficients");
		int blocks = (height + BLOCK_ROWS - 1) / BLOCK_ROWS;
		int nn = nt * nt;
		double[] coef = null;
		double rms = Double.NaN;
		int maxIter = Math.max(1, s.maxIterations), iter = 0;
		long used = 0, clipped = 0;
		while (iter < maxIter) {
			iter++;
			// normal equations over the used pixels, per block, then summed in block order
			double[][] partial = new double[blocks][];
			Parallel.forRange(blocks, 1, (from, to) -> {
				double[] phi = new double[nt];
				for (int b = from; b < to; b++) {
					double[] g = new double[nn + nt];
					for (int y = b * BLOCK_ROWS, ye = Math.min(height, y + BLOCK_ROWS); y < ye; y++) {
						for (int x = 0, i = y * width; x < width; x++, i++) {
							if (state[i] != 1) continue;
							basis(phi, upow, vpow, x, y, order, xp, yp);
							double z = data[i];
							for (int a = 0; a < nt; a++) {
								double pa = phi[a];
								for (int c = a; c < nt; c++) g[a * nt + c] += pa * phi[c];
								g[nn + a] += pa * z;
							}
						}
					}
					partial[b] = g;
				}
			});
			double[] g = new double[nn + nt];
			for (double[] p : partial) for (int k = 0; k < g.length; k++) g[k] += p[k];
			coef = cholesky(g, nt);
			final double[] cf = coef;
			progress.report("surface fit", Math.min(1.0, iter / (double) (maxIter + 1)));
			// residual rms over the used pixels
			double[][] sums = new double[blocks][];
			Parallel.forRange(blocks, 1, (from, to) -> {
				double[] phi = new double[nt];
				for (int b = from; b < to; b++) {
					double ss = 0, n = 0;
					for (int y = b * BLOCK_ROWS, ye = Math.min(height, y + BLOCK_ROWS); y < ye; y++) {
						for (int x = 0, i = y * width; x < width; x++, i++) {
							if (state[i] != 1) continue;
							double r = data[i] - eval(phi, cf, upow, vpow, x, y, order, xp, yp);
							ss += r * r;
							n++;
						}
					}
					sums[b] = new double[] { ss, n };
				}
			});
			double ss = 0, n = 0;
			for (double[] p : sums) {
				ss += p[0];
				n += p[1];
			}
			rms = Math.sqrt(ss / n);
			used = (long) n;
			if (s.sigmaClip <= 0 || !(rms > 0) || iter == maxIter) break;
			// new used/clipped states; stop when nothing changes or too few would remain
			double limit = s.sigmaClip * rms;
			long[] counts = new long[2 * blocks];
			byte[] next = new byte[state.length];
			Parallel.forRange(blocks, 1, (from, to) -> {
				double[] phi = new double[nt];
				for (int b = from; b < to; b++) {
					long changed = 0, keep = 0;
					for (int y = b * BLOCK_ROWS, ye = Math.min(height, y + BLOCK_ROWS); y < ye; y++) {
						for (int x = 0, i = y * width; x < width; x++, i++) {
							if (state[i] == 0) continue;
							double r = data[i] - eval(phi, cf, upow, vpow, x, y, order, xp, yp);
							byte st = (byte) (Math.abs(r) <= limit ? 1 : 2);
							next[i] = st;
							if (st != state[i]) changed++;
							if (st == 1) keep++;
						}
					}
					counts[2 * b] = changed;
					counts[2 * b + 1] = keep;
				}
			});
			long changed = 0, keep = 0;
			for (int b = 0; b < blocks; b++) {
				changed += counts[2 * b];
				keep += counts[2 * b + 1];
			}
			if (changed == 0 || keep < nt) break;
			System.arraycopy(next, 0, state, 0, state.length);
		}
		long valid = data.length - skipped;
		clipped = valid - used;
		float[] model = new float[data.length];
		final double[] cf = coef;
		Parallel.forRange(height, 16, (from, to) -> {
			double[] phi = new double[nt];
			for (int y = from; y < to; y++) {
				for (int x = 0, i = y * width; x < width; x++, i++) model[i] = (float) eval(phi, cf, upow, vpow, x, y, order, xp, yp);
			}
		});
		progress.report("surface fit", 1);
		return new Result(width, height, order, xp, yp, coef, model, used, clipped, skipped, rms, iter);
	}

	private static void basis(double[] phi, double[] upow, double[] vpow, int x, int y, int order, int[] xp, int[] yp) {
		int ou = x * (order + 1), ov = y * (order + 1);
		for (int t = 0; t < phi.length; t++) phi[t] = upow[ou + xp[t]] * vpow[ov + yp[t]];
	}

	private static double eval(double[] phi, double[] c, double[] upow, double[] vpow, int x, int y, int order, int[] xp,
		int[] yp)
	{
		int ou = x * (order + 1), ov = y * (order + 1);
		double s = 0;
		for (int t = 0; t < c.length; t++) s += c[t] * upow[ou + xp[t]] * vpow[ov + yp[t]];
		return s;
	}

	/**
	 * Solves the normal equations (upper triangle of G in g[0 .. n*n), right side after it) by EJML's
	 * Cholesky decomposition. Normal equations rather than QR of the design: the design has a row per
	 * pixel (millions), the scaled coordinates keep G well conditioned, and its blockwise sums make the
	 * result independent of the thread count.
	 */
	private static double[] cholesky(double[] g, int n) {
		DMatrixRMaj a = new DMatrixRMaj(n, n), b = new DMatrixRMaj(n, 1), c = new DMatrixRMaj(n, 1);
		for (int i = 0; i < n; i++) {
			for (int j = i; j < n; j++) {
				a.set(i, j, g[i * n + j]);
				a.set(j, i, g[i * n + j]);
			}
			b.set(i, 0, g[n * n + i]);
		}
		LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
		boolean ok = solver.setA(a);
		if (ok) {
			// a pivot L_jj^2 below 1e-12 of its diagonal entry: the valid pixels do not determine the terms
			CholeskyDecomposition_F64<DMatrixRMaj> chol = solver.getDecomposition();
			DMatrixRMaj l = chol.getT(null);
			for (int j = 0; j < n && ok; j++) ok = l.get(j, j) * l.get(j, j) > 1e-12 * Math.max(1, g[j * n + j]);
		}
		if (!ok) throw new IllegalArgumentException("the surface fit is degenerate: the valid pixels do not determine " + n +
			" coefficients (lower the order)");
		solver.solve(b, c);
		return c.data;
	}
}
