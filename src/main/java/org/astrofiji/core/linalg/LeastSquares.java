package org.astrofiji.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Linear least squares min |W^1/2 (A c - b)| by EJML's Householder QR, in double precision. The
 * columns of A are scaled to unit length first (as numpy.polyfit scales its Vandermonde matrix),
 * which keeps polynomial fits on raw pixel indices well conditioned; solutions are returned for the
 * unscaled columns. One factorization serves any number of right-hand sides.
 * <p>
 * Not thread-safe (EJML's solver keeps scratch space): give each thread its own {@link #copy()}, or
 * share the {@link #pseudoInverse()}.
 */
public final class LeastSquares {

	private final int m, n;
	/** The weighted, column-scaled design (kept for copies), its column scales and the row weights' roots. */
	private final double[] design, scale, rootWeight;
	private final LinearSolverDense<DMatrixRMaj> solver;
	private final DMatrixRMaj rhs, solution;

	/**
	 * Factors the design matrix (unweighted).
	 *
	 * @param a row-major m x n matrix (not modified)
	 * @throws IllegalArgumentException when m &lt; n or the columns are linearly dependent
	 */
	public LeastSquares(double[] a, int m, int n) {
		this(a, m, n, null);
	}

	/**
	 * Factors the design matrix for weighted least squares: row i counts with weight w[i] (for
	 * Gaussian errors 1 / sigma_i^2; 0 leaves the row out).
	 */
	public static LeastSquares weighted(double[] a, int m, int n, double[] w) {
		if (w == null || w.length != m) throw new IllegalArgumentException("weights: " + (w == null ? "none" : w.length +
			" values") + " for " + m + " equations");
		double[] root = new double[m];
		for (int i = 0; i < m; i++) {
			if (!(w[i] >= 0) || Double.isInfinite(w[i])) throw new IllegalArgumentException("weight " + i + " must be finite and " +
				">= 0 (got " + w[i] + ")");
			root[i] = Math.sqrt(w[i]);
		}
		return new LeastSquares(a, m, n, root);
	}

	private LeastSquares(double[] a, int m, int n, double[] rootWeight) {
		if (m < 1 || n < 1 || a.length != (long) m * n) throw new IllegalArgumentException("design matrix of " + a.length +
			" values is not " + m + "x" + n);
		if (m < n) throw new IllegalArgumentException(m + " equations cannot determine " + n + " unknowns");
		this.m = m;
		this.n = n;
		this.rootWeight = rootWeight;
		design = a.clone();
		if (rootWeight != null) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) design[i * n + j] *= rootWeight[i];
		scale = new double[n];
		for (int j = 0; j < n; j++) {
			double s = 0;
			for (int i = 0; i < m; i++) s += design[i * n + j] * design[i * n + j];
			s = Math.sqrt(s);
			if (s == 0 || !Double.isFinite(s)) throw new IllegalArgumentException("column " + j +
				" of the design matrix is " + (s == 0 ? "zero" : "not finite"));
			scale[j] = s;
			for (int i = 0; i < m; i++) design[i * n + j] /= s;
		}
		solver = factor(design, m, n);
		rhs = new DMatrixRMaj(m, 1);
		solution = new DMatrixRMaj(n, 1);
	}

	private LeastSquares(LeastSquares o) {
		m = o.m;
		n = o.n;
		design = o.design;
		scale = o.scale;
		rootWeight = o.rootWeight;
		solver = factor(design, m, n);
		rhs = new DMatrixRMaj(m, 1);
		solution = new DMatrixRMaj(n, 1);
	}

	private static LinearSolverDense<DMatrixRMaj> factor(double[] design, int m, int n) {
		LinearSolverDense<DMatrixRMaj> s = LinearSolverFactory_DDRM.leastSquares(m, n);
		if (!s.setA(DMatrixRMaj.wrap(m, n, design.clone()))) throw degenerate(n);
		// columns scaled to unit length: |R_kk| tiny relative to 1 means dependence (numpy's rcond is m*eps)
		QRDecomposition<DMatrixRMaj> qr = s.getDecomposition();
		DMatrixRMaj r = qr.getR(null, true);
		for (int k = 0; k < n; k++) if (!(Math.abs(r.get(k, k)) > m * 1e-15)) throw degenerate(n);
		return s;
	}

	private static IllegalArgumentException degenerate(int n) {
		return new IllegalArgumentException("the fit is degenerate: the samples do not determine " + n + " coefficients");
	}

	/** The same factorization for use on another thread. */
	public LeastSquares copy() {
		return new LeastSquares(this);
	}

	public int equations() {
		return m;
	}

	public int unknowns() {
		return n;
	}

	/** The least-squares solution for right-hand side {@code b} (length m). */
	public double[] solve(double[] b) {
		double[] c = new double[n];
		solve(b, c);
		return c;
	}

	/** {@link #solve(double[])} into c (length n). */
	public void solve(double[] b, double[] c) {
		for (int i = 0; i < m; i++) rhs.data[i] = rootWeight == null ? b[i] : b[i] * rootWeight[i];
		solver.solve(rhs, solution);
		for (int k = 0; k < n; k++) c[k] = solution.data[k] / scale[k];
	}

	/**
	 * The solution operator as an n x m row-major matrix P (c = P b for every b): R^-1 Q^T of the
	 * factorization, scaled back. Applying it costs n*m multiply-adds, vectorizes across many
	 * right-hand sides, and may be shared between threads.
	 */
	public double[] pseudoInverse() {
		QRDecomposition<DMatrixRMaj> qr = solver.getDecomposition();
		DMatrixRMaj q = qr.getQ(null, true), r = qr.getR(null, true), p = new DMatrixRMaj(n, m);
		if (!CommonOps_DDRM.invert(r)) throw degenerate(n);
		CommonOps_DDRM.multTransB(r, q, p);
		double[] out = p.data;
		for (int k = 0; k < n; k++) {
			for (int i = 0; i < m; i++) out[k * m + i] = (rootWeight == null ? out[k * m + i] : out[k * m + i] * rootWeight[i]) / scale[k];
		}
		return out;
	}
}
