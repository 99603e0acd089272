package org.astrofiji.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The thin singular value decomposition A = U diag(s) V^T of an m x n matrix by EJML, k = min(m, n)
 * singular values in descending order; each right singular vector has its largest component positive
 * (and its left partner the matching sign), so the result is reproducible.
 */
public final class Svd {

	private final int m, n, k;
	private final double[] s;
	/** Singular vector j in row j: u is k x m, v is k x n. */
	private final double[] u, v;

	private Svd(int m, int n, int k, double[] s, double[] u, double[] v) {
		this.m = m;
		this.n = n;
		this.k = k;
		this.s = s;
		this.u = u;
		this.v = v;
	}

	/** Decomposes an m x n matrix (row-major, not modified). */
	public static Svd of(double[] a, int m, int n) {
		if (m < 1 || n < 1 || a.length != (long) m * n) throw new IllegalArgumentException("matrix of " + a.length +
			" values is not " + m + "x" + n);
		for (double x : a) if (!Double.isFinite(x)) throw new IllegalArgumentException("matrix: value " + x + " is not finite");
		SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, true);
		if (!svd.decompose(DMatrixRMaj.wrap(m, n, a.clone()))) throw new IllegalArgumentException("matrix: the SVD did not converge");
		DMatrixRMaj um = svd.getU(null, false), vm = svd.getV(null, false), w = svd.getW(null);
		SingularOps_DDRM.descendingOrder(um, false, w, vm, false);
		int k = Math.min(m, n);
		double[] s = new double[k], u = new double[k * m], v = new double[k * n];
		for (int j = 0; j < k; j++) {
			s[j] = w.get(j, j);
			double[] vj = new double[n], uj = new double[m];
			for (int i = 0; i < n; i++) vj[i] = vm.get(i, j);
			for (int i = 0; i < m; i++) uj[i] = um.get(i, j);
			if (Vectors.canonical(vj)) for (int i = 0; i < m; i++) uj[i] = -uj[i];
			System.arraycopy(vj, 0, v, j * n, n);
			System.arraycopy(uj, 0, u, j * m, m);
		}
		return new Svd(m, n, k, s, u, v);
	}

	/** The singular values, largest first (min(m, n) of them). */
	public double[] values() {
		return s.clone();
	}

	/** The j-th left singular vector (length m). */
	public double[] u(int j) {
		double[] r = new double[m];
		System.arraycopy(u, j * m, r, 0, m);
		return r;
	}

	/** The j-th right singular vector (length n). */
	public double[] v(int j) {
		double[] r = new double[n];
		System.arraycopy(v, j * n, r, 0, n);
		return r;
	}

	/** The number of singular values above {@code tolerance} times the largest. */
	public int rank(double tolerance) {
		int r = 0;
		for (double x : s) if (x > tolerance * s[0]) r++;
		return r;
	}

	public int rows() {
		return m;
	}

	public int columns() {
		return n;
	}

	public int count() {
		return k;
	}
}
