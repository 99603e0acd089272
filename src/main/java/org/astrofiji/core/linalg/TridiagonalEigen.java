package org.astrofiji.core.linalg;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQrAlgorithm_DDRM;
import org.ejml.dense.row.decomposition.hessenberg.TridiagonalDecompositionHouseholder_DDRM;

/**
 * All eigenvalues of a symmetric matrix and its leading eigenvectors one at a time, for
 * {@link SymmetricEigen} on large matrices of which only a few vectors are wanted (a KL basis of
 * 625-pixel stamps keeps 4-30 of 625). EJML reduces A = Q T Q^T to tridiagonal form and finds the
 * eigenvalues of T by implicit QR without accumulating rotations; a vector is then found by inverse
 * iteration on T and carried back by the Householder reflectors of Q (O(n) + O(n^2) per vector). That
 * skips the rotations' update of the n x n eigenvector matrix and the forming of Q, two thirds of
 * the full decomposition (measured 0.3 s of 0.45 s at n = 625).
 * <p>
 * Inverse iteration is accurate to eps |A| / gap, so only vectors whose eigenvalue stands apart from its
 * neighbours (relative gap {@link #GAP}) and among the first {@link #MAX_LEADING} are made here; each
 * is checked (|A x - lambda x| within {@link #RESIDUAL} |A|) and the caller falls back to the full
 * decomposition from the first that is not.
 */
final class TridiagonalEigen {

	static final double GAP = 1e-6, RESIDUAL = 1e-10;
	static final int MAX_LEADING = 32;

	private final int n;
	private final double[] a, diag, off, values, qt, gammas;
	private final double norm;
	/** Inverse-iteration vectors of T (tridiagonal space), in order; orthogonalised against each other. */
	private final double[][] ys;

	/** Exposes the reflectors' scale factors, which EJML keeps protected. */
	private static final class Householder extends TridiagonalDecompositionHouseholder_DDRM {

		double[] gammas() {
			return gammas;
		}
	}

	private TridiagonalEigen(int n, double[] a, double[] diag, double[] off, double[] values, double[] qt, double[] gammas) {
		this.n = n;
		this.a = a;
		this.diag = diag;
		this.off = off;
		this.values = values;
		this.qt = qt;
		this.gammas = gammas;
		double m = 0;
		for (double v : a) m = Math.max(m, Math.abs(v));
		this.norm = m;
		this.ys = new double[Math.min(MAX_LEADING, n)][];
	}

	/** Decomposes a (row-major n x n, symmetric, not modified); null when the QR iteration fails. */
	static TridiagonalEigen of(double[] a, int n) {
		Householder td = new Householder();
		if (!td.decompose(DMatrixRMaj.wrap(n, n, a.clone()))) return null;
		double[] diag = new double[n], off = new double[Math.max(1, n - 1)];
		td.getDiagonal(diag, off);
		SymmetricQrAlgorithm_DDRM qr = new SymmetricQrAlgorithm_DDRM();
		if (!qr.process(n, diag.clone(), off.clone())) return null;
		double[] values = new double[n];
		for (int i = 0; i < n; i++) values[i] = qr.getEigenvalue(i);
		java.util.Arrays.sort(values);
		for (int i = 0; i < n / 2; i++) {
			double t = values[i];
			values[i] = values[n - 1 - i];
			values[n - 1 - i] = t;
		}
		return new TridiagonalEigen(n, a, diag, off, values, td.getQT().data.clone(), td.gammas().clone());
	}

	/** The eigenvalues, largest first. */
	double[] values() {
		return values;
	}

	/** How many leading vectors {@link #vector} may make: the first ones whose eigenvalues stand apart. */
	int leading() {
		int k = 0;
		double tol = GAP * Math.max(norm, Double.MIN_NORMAL);
		while (k < ys.length && (k == 0 || values[k - 1] - values[k] >= tol) && (k == n - 1 || values[k] - values[k + 1] >= tol)) k++;
		return k;
	}

	/**
	 * Unit eigenvector k (k &lt; {@link #leading()}; vectors 0..k-1 are made first, so the result does not
	 * depend on the order of calls), or null when it fails its residual check.
	 */
	double[] vector(int k) {
		for (int i = 0; i <= k; i++) if (ys[i] == null && !solve(i)) return null;
		double[] x = ys[k].clone();
		// x = Q y with Q = H_0 H_1 ... H_{n-2}, H_j = I - gamma u u^T, u = (0.., 1 at j+1, QT[j][j+2..])
		for (int j = n - 2; j >= 0; j--) {
			double dot = x[j + 1];
			for (int i = j + 2; i < n; i++) dot += qt[j * n + i] * x[i];
			double g = gammas[j + 1] * dot;
			x[j + 1] -= g;
			for (int i = j + 2; i < n; i++) x[i] -= g * qt[j * n + i];
		}
		double lambda = values[k], worst = 0, len = 0;
		for (double v : x) len += v * v;
		for (int r = 0; r < n; r++) {
			double s = -lambda * x[r];
			for (int c = 0; c < n; c++) s += a[r * n + c] * x[c];
			worst = Math.max(worst, Math.abs(s));
		}
		if (!(worst <= RESIDUAL * norm * Math.sqrt(len)) || !(Math.abs(len - 1) < 1e-10)) return null;
		return x;
	}

	/** Inverse iteration on T for eigenvalue i, orthogonalised against the earlier vectors. */
	private boolean solve(int i) {
		double lambda = values[i];
		Factor f = new Factor(diag, off, n, lambda, Math.ulp(norm) * n);
		SplittableRandom rnd = new SplittableRandom(1_000 + i);
		double[] y = new double[n];
		for (int r = 0; r < n; r++) y[r] = rnd.nextDouble(-1, 1);
		for (int it = 0; it < 4; it++) {
			f.solve(y);
			for (int j = 0; j < i; j++) {
				double d = 0;
				for (int r = 0; r < n; r++) d += ys[j][r] * y[r];
				for (int r = 0; r < n; r++) y[r] -= d * ys[j][r];
			}
			double len = 0;
			for (double v : y) len += v * v;
			len = Math.sqrt(len);
			if (!(len > 0) || !Double.isFinite(len)) return false;
			for (int r = 0; r < n; r++) y[r] /= len;
		}
		ys[i] = y;
		return true;
	}

	/** T - sigma I = P L U by Gaussian elimination with partial pivoting (U has two superdiagonals). */
	private static final class Factor {

		final int n;
		final double[] u0, u1, u2, l;
		final boolean[] swap;

		Factor(double[] d, double[] e, int n, double sigma, double tiny) {
			this.n = n;
			u0 = new double[n];
			u1 = new double[n];
			u2 = new double[n];
			l = new double[n];
			swap = new boolean[n];
			double c0 = d[0] - sigma, c1 = n > 1 ? e[0] : 0;
			for (int k = 0; k < n - 1; k++) {
				double sub = e[k], d1 = d[k + 1] - sigma, e1 = k + 1 < n - 1 ? e[k + 1] : 0;
				if (Math.abs(c0) >= Math.abs(sub)) {
					if (c0 == 0) c0 = tiny;
					double m = sub / c0;
					u0[k] = c0;
					u1[k] = c1;
					l[k] = m;
					c0 = d1 - m * c1;
					c1 = e1;
				}
				else {
					double m = c0 / sub;
					swap[k] = true;
					u0[k] = sub;
					u1[k] = d1;
					u2[k] = e1;
					l[k] = m;
					c0 = c1 - m * d1;
					c1 = -m * e1;
				}
			}
			u0[n - 1] = c0 == 0 ? tiny : c0;
		}

		/** b := (T - sigma I)^-1 b. */
		void solve(double[] b) {
			for (int k = 0; k < n - 1; k++) {
				if (swap[k]) {
					double t = b[k];
					b[k] = b[k + 1];
					b[k + 1] = t;
				}
				b[k + 1] -= l[k] * b[k];
			}
			for (int k = n - 1; k >= 0; k--) {
				double s = b[k];
				if (k + 1 < n) s -= u1[k] * b[k + 1];
				if (k + 2 < n) s -= u2[k] * b[k + 2];
				b[k] = s / u0[k];
			}
		}
	}
}
