package org.astrofiji.core.registration;

/**
 * Least-squares transforms from point pairs p[i] -> q[i]: closed forms on centred coordinates (2x2
 * systems; no library needed). The similarity is the linear least-squares solution of x' = a x - b y +
 * tx, y' = b x + a y + ty, which is Umeyama's scaled rotation without reflection (skimage's
 * SimilarityTransform.estimate).
 */
final class Fit {

	private Fit() {}

	/** The fitted transform, or null when the pairs do not determine one (too few, or collinear for affine). */
	static Transform fit(Transform.Kind kind, double[] px, double[] py, double[] qx, double[] qy, int n) {
		if (n < 1) return null;
		double mpx = 0, mpy = 0, mqx = 0, mqy = 0;
		for (int i = 0; i < n; i++) {
			mpx += px[i];
			mpy += py[i];
			mqx += qx[i];
			mqy += qy[i];
		}
		mpx /= n;
		mpy /= n;
		mqx /= n;
		mqy /= n;
		if (kind == Transform.Kind.TRANSLATION) return Transform.translation(mqx - mpx, mqy - mpy);
		double sxx = 0, sxy = 0, syy = 0, qxpx = 0, qxpy = 0, qypx = 0, qypy = 0;
		for (int i = 0; i < n; i++) {
			double ax = px[i] - mpx, ay = py[i] - mpy, bx = qx[i] - mqx, by = qy[i] - mqy;
			sxx += ax * ax;
			sxy += ax * ay;
			syy += ay * ay;
			qxpx += bx * ax;
			qxpy += bx * ay;
			qypx += by * ax;
			qypy += by * ay;
		}
		if (kind == Transform.Kind.SIMILARITY) {
			double norm = sxx + syy;
			if (n < 2 || !(norm > 0)) return null;
			double a = (qxpx + qypy) / norm, b = (qypx - qxpy) / norm;
			if (a == 0 && b == 0) return null;
			return Transform.similarityOf(a, b, mqx - (a * mpx - b * mpy), mqy - (b * mpx + a * mpy));
		}
		// affine: M = (sum q p^T)(sum p p^T)^-1; collinear points leave sum p p^T singular
		double det = sxx * syy - sxy * sxy;
		if (n < 3 || !(det > 1e-12 * (sxx + syy) * (sxx + syy))) return null;
		double i00 = syy / det, i01 = -sxy / det, i11 = sxx / det;
		double a00 = qxpx * i00 + qxpy * i01, a01 = qxpx * i01 + qxpy * i11;
		double a10 = qypx * i00 + qypy * i01, a11 = qypx * i01 + qypy * i11;
		if (a00 * a11 - a01 * a10 == 0) return null;
		return Transform.affine(a00, a01, mqx - (a00 * mpx + a01 * mpy), a10, a11, mqy - (a10 * mpx + a11 * mpy));
	}

	/** Number of parameters of a model. */
	static int parameters(Transform.Kind kind) {
		return kind == Transform.Kind.TRANSLATION ? 2 : kind == Transform.Kind.SIMILARITY ? 4 : 6;
	}

	/**
	 * The variance of a fitted model's mapped position at (x, y), summed over both axes, for unit
	 * variance of each coordinate of the target points: J (A^T A)^-1 J^T of the least-squares problem
	 * on the source points p. Multiply by the residual variance per coordinate to get the squared
	 * 1-sigma error. NaN when the points do not determine the model.
	 */
	static double[] covariance(Transform.Kind kind, double[] px, double[] py, int n) {
		if (kind == Transform.Kind.TRANSLATION) return new double[] { 1.0 / n };
		int m = kind == Transform.Kind.SIMILARITY ? 4 : 3;
		double[][] a = new double[m][2 * m];
		for (int i = 0; i < n; i++) {
			double x = px[i], y = py[i];
			// rows of the design matrix: similarity (a, b, tx, ty) has two per point, affine one per axis
			double[][] rows = kind == Transform.Kind.SIMILARITY ? new double[][] { { x, -y, 1, 0 }, { y, x, 0, 1 } }
				: new double[][] { { x, y, 1 } };
			for (double[] r : rows) for (int j = 0; j < m; j++) for (int k = 0; k < m; k++) a[j][k] += r[j] * r[k];
		}
		for (int j = 0; j < m; j++) a[j][m + j] = 1;
		// Gauss-Jordan with partial pivoting on [A^T A | I]
		for (int c = 0; c < m; c++) {
			int p = c;
			for (int r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
			double[] t = a[c];
			a[c] = a[p];
			a[p] = t;
			if (a[c][c] == 0) return null;
			for (int r = 0; r < m; r++) {
				if (r == c) continue;
				double f = a[r][c] / a[c][c];
				for (int k = c; k < 2 * m; k++) a[r][k] -= f * a[c][k];
			}
		}
		double[] inv = new double[m * m];
		for (int j = 0; j < m; j++) for (int k = 0; k < m; k++) inv[j * m + k] = a[j][m + k] / a[j][j];
		return inv;
	}

	/** J C J^T at (x, y), summed over both output axes, for a covariance from {@link #covariance}. */
	static double variance(Transform.Kind kind, double[] cov, double x, double y) {
		if (cov == null) return Double.NaN;
		if (kind == Transform.Kind.TRANSLATION) return 2 * cov[0];
		double[][] js = kind == Transform.Kind.SIMILARITY ? new double[][] { { x, -y, 1, 0 }, { y, x, 0, 1 } }
			: new double[][] { { x, y, 1 } };
		int m = js[0].length;
		double v = 0;
		for (double[] j : js) for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) v += j[a] * cov[a * m + b] * j[b];
		// the affine axes share one covariance: once per axis
		return kind == Transform.Kind.AFFINE ? 2 * v : v;
	}
}
