package org.astrofiji.core.background;

import org.astrofiji.core.IndexRanges;
import java.util.Arrays;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.linalg.LeastSquares;
import org.astrofiji.core.linalg.Polynomials;

/**
 * A background polynomial fitted along every column (or every row) of an image over chosen
 * background rows (or columns), as in long-slit spectroscopy: the python4astronomers STIS recipe
 * fits a quadratic over rows 10-199 and 300-479 of each column.
 * <p>
 * The fit equals numpy.polyfit / numpy.polyval: unweighted least squares on the raw 0-based index of
 * the FITS array (the row for {@link Axis#COLUMNS}, the column for {@link Axis#ROWS}), coefficients
 * highest power first, evaluated by Horner's rule in double precision; it is solved by Householder QR
 * of the column-scaled Vandermonde matrix ({@link LeastSquares}, EJML). NaN and masked samples are
 * left out of their line's fit (and counted); a line with fewer usable samples than coefficients gets
 * a NaN model. With {@code sigmaClip > 0} the fit is repeated leaving out samples whose residual
 * exceeds sigmaClip times the rms residual of the samples used, until the set of samples no longer
 * changes (at most {@link Settings#maxIterations} fits; a left-out sample returns when it fits the new curve).
 */
public final class PolynomialBackground {

	/** Which lines are fitted. */
	public enum Axis {
		/** One polynomial per column, in the FITS array row (the samples are rows). */
		COLUMNS,
		/** One polynomial per row, in the column (the samples are columns). */
		ROWS;

		public static Axis of(String s) {
			switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
				case "columns": case "column": return COLUMNS;
				case "rows": case "row": return ROWS;
				default: throw new IllegalArgumentException("axis must be columns or rows (got '" + s + "')");
			}
		}
	}

	/** What to fit. */
	public static final class Settings {

		public Axis axis = Axis.COLUMNS;
		public int order = 2;
		/**
		 * The background samples: 0-based FITS-array rows for {@link Axis#COLUMNS}, columns for
		 * {@link Axis#ROWS} (see {@link Ranges}); null or empty means all.
		 */
		public int[] samples;
		/** Clip samples beyond this many rms residuals; 0 fits once (numpy.polyfit). */
		public double sigmaClip = 0;
		public int maxIterations = 10;
		/** Name of the samples parameter in error messages. */
		public String samplesName = "ranges";
	}

	/** The fitted model and what went into it. */
	public static final class Result {

		public final Axis axis;
		public final int width, height, order;
		public final int[] samples;
		/** Model in memory orientation, row-major. */
		public final float[] model;
		/** Per line (column x, or FITS-array row y): coefficients highest power first; NaN when not fitted. */
		public final double[][] coefficients;
		/** Per line: samples used in the final fit, left out by clipping, skipped as NaN or masked. */
		public final int[] used, clipped, skipped;
		/** Per line: rms residual of the samples used. */
		public final double[] rms;

		Result(Axis axis, int width, int height, int order, int[] samples, int lines) {
			this.axis = axis;
			this.width = width;
			this.height = height;
			this.order = order;
			this.samples = samples;
			model = new float[width * height];
			coefficients = new double[lines][];
			used = new int[lines];
			clipped = new int[lines];
			skipped = new int[lines];
			rms = new double[lines];
		}

		public int lines() {
			return coefficients.length;
		}

		/** Lines left without a model (too few usable samples). */
		public int unfitted() {
			int n = 0;
			for (double[] c : coefficients) if (Double.isNaN(c[0])) n++;
			return n;
		}

		public long totalClipped() {
			long n = 0;
			for (int c : clipped) n += c;
			return n;
		}

		public long totalSkipped() {
			long n = 0;
			for (int c : skipped) n += c;
			return n;
		}

		/** {@code data - model}, a new array. */
		public float[] subtract(float[] data) {
			return BackgroundModel.difference(data, model);
		}

		/**
		 * The coefficient table: one row per line with its FITS position ({@code x_fits} of a column or
		 * {@code y_fits} of a row, 1-based), p0 .. pN in numpy order (highest power first, in the 0-based
		 * FITS-array index), samples used/clipped/skipped and the rms residual.
		 */
		public Table table() {
			String pos = axis == Axis.COLUMNS ? "x_fits" : "y_fits";
			Table t = new Table("Background coefficients", pos);
			for (int k = 0; k <= order; k++) t.addColumn("p" + k);
			t.addColumn("n_used");
			t.addColumn("n_clipped");
			t.addColumn("n_skipped");
			t.addColumn("rms");
			for (int line = 0; line < lines(); line++) {
				int r = t.addRow();
				t.set(r, pos, line + 1);
				for (int k = 0; k <= order; k++) t.set(r, "p" + k, coefficients[line][k]);
				t.set(r, "n_used", used[line]);
				t.set(r, "n_clipped", clipped[line]);
				t.set(r, "n_skipped", skipped[line]);
				t.set(r, "rms", rms[line]);
			}
			return t;
		}
	}

	/** Lines fitted together (neighbouring columns share cache lines). */
	private static final int BLOCK = 16;

	private PolynomialBackground() {}

	/**
	 * Fits every line of an image.
	 *
	 * @param data pixels in memory orientation, row-major
	 * @param mask null, or one value per pixel: non-zero pixels are left out
	 */
	public static Result fit(float[] data, float[] mask, int width, int height, Settings s, Progress progress) {
		if (data.length != (long) width * height) throw new IllegalArgumentException("image: " + data.length +
			" pixels do not fit " + width + "x" + height);
		if (mask != null && mask.length != data.length) throw new IllegalArgumentException("mask: " + mask.length +
			" values for " + data.length + " pixels");
		boolean columns = s.axis == Axis.COLUMNS;
		int along = columns ? height : width, lines = columns ? width : height;
		int[] samples = s.samples == null || s.samples.length == 0 ? IndexRanges.all(along) : s.samples;
		for (int x : samples) if (x < 0 || x >= along) throw new IllegalArgumentException(s.samplesName + ": " +
			(columns ? "row " : "column ") + x + " is outside the image (0-" + (along - 1) + ")");
		if (s.order < 0) throw new IllegalArgumentException("order must be 0 or more (got " + s.order + ")");
		if (s.order >= samples.length) throw new IllegalArgumentException("order " + s.order + " needs at least " +
			(s.order + 1) + " background " + (columns ? "rows" : "columns") + ", but " + s.samplesName + " give " +
			samples.length + " (" + IndexRanges.format(samples) + ")");
		if (Double.isNaN(s.sigmaClip) || s.sigmaClip < 0) throw new IllegalArgumentException(
			"sigma_clip must be 0 (no clipping) or more (got " + s.sigmaClip + ")");
		int n = s.order + 1, m = samples.length;
		double[] x = new double[m];
		for (int i = 0; i < m; i++) x[i] = samples[i];
		// every line with all its samples shares one solution operator: c = P y
		double[] pinv = new LeastSquares(Polynomials.vandermonde(x, m, s.order), m, n).pseudoInverse();
		// memory offset and stride of sample i along a line, and of the line itself
		int[] sampleOffset = new int[m];
		for (int i = 0; i < m; i++) sampleOffset[i] = columns ? Coordinates.memoryRow(samples[i], height) * width : samples[i];
		Result res = new Result(s.axis, width, height, s.order, samples.clone(), lines);
		int[] done = { 0 };
		int[] todo = s.sigmaClip == 0 && mask == null ? fast(data, width, height, columns, x, sampleOffset,
			pinv, n, along, lines, res, done, progress) : IndexRanges.all(lines);
		// the general path: lines with NaN or masked samples, or sigma clipping;
		// lines are processed in blocks of BLOCK neighbours, so that along COLUMNS both the samples and
		// the model are read and written row by row (contiguous memory) rather than down each column
		Parallel.forRange(todo.length, Math.max(BLOCK, linesPerTask(m, along)), (from, to) -> {
			double[][] yb = new double[BLOCK][m];
			double[] xs = new double[m], ys = new double[m], c = new double[n];
			double[] coef = new double[n];
			boolean[] valid = new boolean[m], keep = new boolean[m];
			for (int b0 = from; b0 < to; b0 += BLOCK) {
				int b1 = Math.min(to, b0 + BLOCK), nb = b1 - b0;
				for (int i = 0; i < m; i++) {
					for (int l = 0; l < nb; l++) {
						int idx = columns ? sampleOffset[i] + todo[b0 + l] : Coordinates.memoryRow(todo[b0 + l], height) * width + sampleOffset[i];
						yb[l][i] = mask != null && mask[idx] != 0 ? Double.NaN : data[idx];
					}
				}
				for (int l = 0; l < nb; l++) {
					int line = todo[b0 + l];
					double[] y = yb[l];
					int nValid = 0;
					for (int i = 0; i < m; i++) {
						valid[i] = !Double.isNaN(y[i]);
						if (valid[i]) nValid++;
					}
					System.arraycopy(valid, 0, keep, 0, m);
					int nKeep = nValid, nUsed = 0;
					double rms = Double.NaN;
					boolean fitted = false;
					for (int iter = 0; iter < Math.max(1, s.maxIterations) && nKeep >= n; iter++) {
						if (nKeep == m) {
							for (int k = 0; k < n; k++) {
								double sum = 0;
								for (int i = 0; i < m; i++) sum += pinv[k * m + i] * y[i];
								c[k] = sum;
							}
						}
						else {
							int k = 0;
							for (int i = 0; i < m; i++) {
								if (!keep[i]) continue;
								xs[k] = x[i];
								ys[k++] = y[i];
							}
							try {
								new LeastSquares(Polynomials.vandermonde(xs, k, s.order), k, n).solve(ys, c);
							}
							catch (IllegalArgumentException e) {
								break; // the remaining samples do not determine the curve: keep the last fit
							}
						}
						fitted = true;
						System.arraycopy(c, 0, coef, 0, n);
						nUsed = nKeep;
						double ss = 0;
						for (int i = 0; i < m; i++) {
							if (!keep[i]) continue;
							double r = y[i] - Polynomials.polyval(c, x[i]);
							ss += r * r;
						}
						rms = Math.sqrt(ss / nKeep);
						if (s.sigmaClip <= 0 || !(rms > 0)) break;
						double limit = s.sigmaClip * rms;
						boolean changed = false;
						int nNew = 0;
						for (int i = 0; i < m; i++) {
							boolean k = valid[i] && Math.abs(y[i] - Polynomials.polyval(c, x[i])) <= limit;
							changed |= k != keep[i];
							keep[i] = k;
							if (k) nNew++;
						}
						if (!changed) break;
						nKeep = nNew; // fewer than n left ends the loop with the last fit
					}
					if (!fitted) Arrays.fill(coef, Double.NaN);
					res.coefficients[line] = coef.clone();
					res.skipped[line] = m - nValid;
					res.used[line] = fitted ? nUsed : 0;
					res.clipped[line] = fitted ? nValid - nUsed : 0;
					res.rms[line] = fitted ? rms : Double.NaN;
				}
				// the model along the whole of each line (NaN coefficients give NaN)
				for (int p = 0; p < along; p++) {
					for (int l = 0; l < nb; l++) {
						int line = todo[b0 + l];
						int idx = columns ? Coordinates.memoryRow(p, height) * width + line : Coordinates.memoryRow(line, height) * width + p;
						res.model[idx] = (float) Polynomials.polyval(res.coefficients[line], p);
					}
				}
				synchronized (done) {
					done[0] += nb;
					progress.report("polynomial background", (double) done[0] / lines);
				}
			}
		});
		return res;
	}

	/**
	 * The plain least-squares case (no clipping, no mask): every line's coefficients are P y with the
	 * one pseudo-inverse P of the shared design. Along COLUMNS the sums run row by row across blocks
	 * of columns (contiguous, vectorizable), and so do the residuals and the model. Lines with NaN
	 * samples come out NaN and are returned for the general path.
	 */
	private static int[] fast(float[] data, int width, int height, boolean columns, double[] x, int[] sampleOffset,
		double[] pinv, int n, int along, int lines, Result res, int[] done, Progress progress)
	{
		int m = x.length;
		boolean[] redo = new boolean[lines];
		if (columns) {
			Parallel.forRange(width, linesPerTask(m, along), (from, to) -> {
				for (int c0 = from; c0 < to; c0 += 256) {
					int c1 = Math.min(to, c0 + 256), cw = c1 - c0;
					double[][] c = new double[n][cw];
					double[] v = new double[cw], rss = new double[cw];
					for (int i = 0; i < m; i++) {
						int off = sampleOffset[i] + c0;
						for (int k = 0; k < n; k++) {
							double pk = pinv[k * m + i];
							double[] ck = c[k];
							for (int j = 0; j < cw; j++) ck[j] += pk * data[off + j];
						}
					}
					for (int i = 0; i < m; i++) {
						horner(c, x[i], v, cw);
						int off = sampleOffset[i] + c0;
						for (int j = 0; j < cw; j++) {
							double r = data[off + j] - v[j];
							rss[j] += r * r;
						}
					}
					for (int p = 0; p < along; p++) {
						horner(c, p, v, cw);
						int off = Coordinates.memoryRow(p, height) * width + c0;
						for (int j = 0; j < cw; j++) res.model[off + j] = (float) v[j];
					}
					for (int j = 0; j < cw; j++) {
						double[] coef = new double[n];
						for (int k = 0; k < n; k++) coef[k] = c[k][j];
						finish(res, c0 + j, coef, rss[j], m, redo);
					}
					synchronized (done) {
						done[0] += cw;
						progress.report("polynomial background", (double) done[0] / lines);
					}
				}
			});
		}
		else {
			Parallel.forRange(height, linesPerTask(m, along), (from, to) -> {
				double[] y = new double[m];
				for (int line = from; line < to; line++) {
					int base = Coordinates.memoryRow(line, height) * width;
					for (int i = 0; i < m; i++) y[i] = data[base + sampleOffset[i]];
					double[] coef = new double[n];
					for (int k = 0; k < n; k++) {
						double sum = 0;
						for (int i = 0; i < m; i++) sum += pinv[k * m + i] * y[i];
						coef[k] = sum;
					}
					double rss = 0;
					for (int i = 0; i < m; i++) {
						double r = y[i] - Polynomials.polyval(coef, x[i]);
						rss += r * r;
					}
					for (int p = 0; p < along; p++) res.model[base + p] = (float) Polynomials.polyval(coef, p);
					finish(res, line, coef, rss, m, redo);
				}
				synchronized (done) {
					done[0] += to - from;
					progress.report("polynomial background", (double) done[0] / lines);
				}
			});
		}
		int count = 0;
		for (boolean r : redo) if (r) count++;
		int[] todo = new int[count];
		for (int l = 0, k = 0; l < lines; l++) if (redo[l]) todo[k++] = l;
		return todo;
	}

	/** Lines per thread task: enough work (~0.5 M samples and model pixels) to be worth a thread. */
	private static int linesPerTask(int m, int along) {
		return Math.max(16, 500_000 / (m + along));
	}

	/** v[j] = polyval(c[.][j], x) for j < cw: Horner's rule, the same operations as numpy.polyval. */
	private static void horner(double[][] c, double x, double[] v, int cw) {
		double[] c0 = c[0];
		for (int j = 0; j < cw; j++) v[j] = c0[j];
		for (int k = 1; k < c.length; k++) {
			double[] ck = c[k];
			for (int j = 0; j < cw; j++) v[j] = v[j] * x + ck[j];
		}
	}

	private static void finish(Result res, int line, double[] coef, double rss, int m, boolean[] redo) {
		boolean bad = Double.isNaN(rss);
		for (double v : coef) bad |= Double.isNaN(v);
		redo[line] = bad;
		res.coefficients[line] = coef;
		res.used[line] = m;
		res.rms[line] = Math.sqrt(rss / m);
	}
}
