package org.astrofiji.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigen-decomposition of a real symmetric matrix by EJML (A = V diag(values) V^T): eigenvalues
 * in descending order, unit eigenvectors with their largest component positive (so the result is
 * reproducible), as a Karhunen-Loeve (principal component) basis wants them.
 */
public final class SymmetricEigen {

	private final int n;
	private final double[] values;
	/** Eigenvector k in row k, n x n row-major. */
	private final double[] vectors;

	private SymmetricEigen(int n, double[] values, double[] vectors) {
		this.n = n;
		this.values = values;
		this.vectors = vectors;
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
		return new SymmetricEigen(n, values, vectors);
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
		double[] v = new double[n];
		System.arraycopy(vectors, k * n, v, 0, n);
		return v;
	}
}
