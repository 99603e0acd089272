package org.astrofiji.core.background;

/**
 * Linear least squares min |A c - b| by Householder QR, in double precision. The columns of A are
 * scaled to unit length first (as numpy.polyfit scales its Vandermonde matrix), which keeps
 * polynomial fits on raw pixel indices well conditioned; solutions are returned for the unscaled
 * columns. One factorization serves any number of right-hand sides.
 */
public final class LeastSquares {

	private final int m, n;
	/** Householder vectors below the diagonal and R on and above it, row-major m x n. */
	private final double[] qr;
	private final double[] rdiag, scale;

	/**
	 * Factors the design matrix.
	 *
	 * @param a row-major m x n matrix (not modified)
	 * @throws IllegalArgumentException when m &lt; n or the columns are linearly dependent
	 */
	public LeastSquares(double[] a, int m, int n) {
		if (a.length != (long) m * n) throw new IllegalArgumentException("design matrix of " + a.length +
			" values is not " + m + "x" + n);
		if (m < n) throw new IllegalArgumentException(m + " equations cannot determine " + n + " unknowns");
		this.m = m;
		this.n = n;
		qr = a.clone();
		scale = new double[n];
		for (int j = 0; j < n; j++) {
			double s = 0;
			for (int i = 0; i < m; i++) s += qr[i * n + j] * qr[i * n + j];
			s = Math.sqrt(s);
			if (s == 0 || !Double.isFinite(s)) throw new IllegalArgumentException("column " + j +
				" of the design matrix is " + (s == 0 ? "zero" : "not finite"));
			scale[j] = s;
			for (int i = 0; i < m; i++) qr[i * n + j] /= s;
		}
		rdiag = new double[n];
		for (int k = 0; k < n; k++) {
			double nrm = 0;
			for (int i = k; i < m; i++) nrm = Math.hypot(nrm, qr[i * n + k]);
			if (nrm != 0) {
				if (qr[k * n + k] < 0) nrm = -nrm;
				for (int i = k; i < m; i++) qr[i * n + k] /= nrm;
				qr[k * n + k] += 1;
				for (int j = k + 1; j < n; j++) {
					double s = 0;
					for (int i = k; i < m; i++) s += qr[i * n + k] * qr[i * n + j];
					s = -s / qr[k * n + k];
					for (int i = k; i < m; i++) qr[i * n + j] += s * qr[i * n + k];
				}
			}
			rdiag[k] = -nrm;
		}
		// columns scaled to unit length: |R_kk| tiny relative to 1 means dependence (numpy's rcond is m*eps)
		for (int k = 0; k < n; k++) {
			if (!(Math.abs(rdiag[k]) > m * 1e-15)) throw new IllegalArgumentException(
				"the fit is degenerate: the samples do not determine " + n + " coefficients");
		}
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
		solve(b, c, new double[m]);
		return c;
	}

	/** Allocation-free {@link #solve(double[])}: writes c (length n), uses work (length m). */
	public void solve(double[] b, double[] c, double[] work) {
		System.arraycopy(b, 0, work, 0, m);
		for (int k = 0; k < n; k++) {
			double s = 0;
			for (int i = k; i < m; i++) s += qr[i * n + k] * work[i];
			s = -s / qr[k * n + k];
			for (int i = k; i < m; i++) work[i] += s * qr[i * n + k];
		}
		for (int k = n - 1; k >= 0; k--) {
			double s = work[k];
			for (int j = k + 1; j < n; j++) s -= qr[k * n + j] * c[j];
			c[k] = s / rdiag[k];
		}
		for (int k = 0; k < n; k++) c[k] /= scale[k];
	}

	/**
	 * The solution operator as an n x m row-major matrix P (c = P b for every b), built column by
	 * column from this factorization: applying it costs n*m multiply-adds and vectorizes across many
	 * right-hand sides.
	 */
	public double[] pseudoInverse() {
		double[] p = new double[n * m], e = new double[m], c = new double[n], work = new double[m];
		for (int i = 0; i < m; i++) {
			e[i] = 1;
			solve(e, c, work);
			e[i] = 0;
			for (int k = 0; k < n; k++) p[k * m + i] = c[k];
		}
		return p;
	}

	/** The row-major Vandermonde matrix of numpy.vander(x, order + 1): powers order .. 0 of each x. */
	public static double[] vandermonde(double[] x, int count, int order) {
		int n = order + 1;
		double[] a = new double[count * n];
		for (int i = 0; i < count; i++) {
			double p = 1;
			for (int j = order; j >= 0; j--) {
				a[i * n + j] = p;
				p *= x[i];
			}
		}
		return a;
	}

	/** numpy.polyval: Horner's rule on coefficients highest power first. */
	public static double polyval(double[] p, double x) {
		double y = 0;
		for (double c : p) y = y * x + c;
		return y;
	}
}
