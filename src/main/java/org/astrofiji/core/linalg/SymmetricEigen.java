package org.astrofiji.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigen-decomposition of a real symmetric matrix by EJML (A = V diag(values) V^T): eigenvalues
 * in descending order, unit eigenvectors with their largest component positive (so the result is
 * reproducible), as a Karhunen-Loeve (principal component) basis wants them.
 * <p>
 * From {@link #LARGE} rows on, the vectors are made when first asked for: the leading ones that
 * stand apart by inverse iteration ({@link TridiagonalEigen}), any other from EJML's full
 * decomposition, made then. Which way a vector is made depends only on the matrix, not on the
 * order of the calls. Safe to share between threads.
 */
public final class SymmetricEigen {

	/** Rows from which vectors are made on demand: below, the full decomposition costs little. */
	static final int LARGE = 128;

	private final int n;
	private final double[] a;
	private final double[] values;
	/** Eigenvector k in row k, n x n row-major (the full decomposition), or null until needed. */
	private double[] vectors;
	private final TridiagonalEigen tri;
	/** Vectors below limit come from inverse iteration (made[0..next-1] so far), the others from the full decomposition. */
	private int limit, next;
	private final double[][] made;

	private SymmetricEigen(int n, double[] a, double[] values, double[] vectors, TridiagonalEigen tri) {
		this.n = n;
		this.a = a;
		this.values = values;
		this.vectors = vectors;
		this.tri = tri;
		this.limit = tri == null ? 0 : tri.leading();
		this.made = new double[n][];
	}

	/**
	 * Decomposes a symmetric n x n matrix (row-major, not modified).
	 *
	 * @throws IllegalArgumentException when it is not square, not finite or not symmetric (to 1e-12 of its largest entry)
	 */
	public static SymmetricEigen of(double[] a, int n) {
		if (n < 1 || a.length != (long) n * n) throw new IllegalArgumentException("matrix of " + a.length + " values is not " +
			n + "x" + n);
		double max = 0;
		for (double v : a) {
			if (!Double.isFinite(v)) throw new IllegalArgumentException("matrix: value " + v + " is not finite");
			max = Math.max(max, Math.abs(v));
		}
		for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-12 * max)
			throw new IllegalArgumentException("matrix is not symmetric at (" + i + ", " + j + "): " + a[i * n + j] + " vs " + a[j * n + i]);
		if (n >= LARGE) {
			double[] copy = a.clone();
			TridiagonalEigen tri = TridiagonalEigen.of(copy, n);
			if (tri != null) return new SymmetricEigen(n, copy, tri.values(), null, tri);
		}
		double[][] full = full(a, n);
		return new SymmetricEigen(n, a.clone(), full[0], full[1], null);
	}

	/** EJML's complete decomposition: values (descending) and vectors (row k = vector k, canonical sign). */
	private static double[][] full(double[] a, int n) {
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
		if (!eig.decompose(DMatrixRMaj.wrap(n, n, a.clone()))) throw new IllegalArgumentException("matrix: the eigen-decomposition did not converge");
		Integer[] order = new Integer[n];
		double[] raw = new double[n];
		for (int k = 0; k < n; k++) {
			order[k] = k;
			raw[k] = eig.getEigenvalue(k).real;
		}
		java.util.Arrays.sort(order, (p, q) -> Double.compare(raw[q], raw[p]));
		double[] values = new double[n], vectors = new double[n * n];
		for (int k = 0; k < n; k++) {
			values[k] = raw[order[k]];
			DMatrixRMaj v = eig.getEigenVector(order[k]);
			double[] u = new double[n];
			for (int i = 0; i < n; i++) u[i] = v.get(i);
			Vectors.canonical(u);
			System.arraycopy(u, 0, vectors, k * n, n);
		}
		return new double[][] { values, vectors };
	}

	public int size() {
		return n;
	}

	/** The eigenvalues, largest first. */
	public double[] values() {
		return values.clone();
	}

	/** The unit eigenvector of the k-th largest eigenvalue. */
	public double[] vector(int k) {
		if (k < 0 || k >= n) throw new IllegalArgumentException("eigenvector " + k + " of " + n);
		return vector0(k).clone();
	}

	private synchronized double[] vector0(int k) {
		// leading vectors are made in order, so each is the same whatever was asked for first; the first
		// that fails its check lowers the limit, and it and all later ones come from the full decomposition
		while (k < limit && made[k] == null) {
			double[] x = tri.vector(next);
			if (x == null) {
				limit = next;
				break;
			}
			Vectors.canonical(x);
			made[next++] = x;
		}
		if (made[k] == null) {
			if (vectors == null) vectors = full(a, n)[1];
			double[] v = new double[n];
			System.arraycopy(vectors, k * n, v, 0, n);
			made[k] = v;
		}
		return made[k];
	}
}
