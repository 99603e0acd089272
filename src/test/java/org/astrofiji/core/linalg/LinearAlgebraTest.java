package org.astrofiji.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Least squares, symmetric eigen-decomposition and SVD against values worked out by hand. */
class LinearAlgebraTest {

	static final double R2 = Math.sqrt(0.5);

	@Test
	void leastSquaresSolvesOverdeterminedSystems() {
		double[] x = { 0, 1, 2, 3, 4, 5 };
		double[] y = new double[6];
		for (int i = 0; i < 6; i++) y[i] = 2 * x[i] * x[i] - 3 * x[i] + 1;
		LeastSquares ls = new LeastSquares(Polynomials.vandermonde(x, 6, 2), 6, 3);
		assertArrayEquals(new double[] { 2, -3, 1 }, ls.solve(y), 1e-12);
		// the least-squares line through (0,0), (1,1), (2,1): slope 1/2, intercept 1/6
		double[] line = Polynomials.vandermonde(new double[] { 0, 1, 2 }, 3, 1);
		LeastSquares l = new LeastSquares(line, 3, 2);
		assertArrayEquals(new double[] { 0.5, 1.0 / 6 }, l.solve(new double[] { 0, 1, 1 }), 1e-14);
		assertArrayEquals(new double[] { 0.5, 1.0 / 6 }, l.copy().solve(new double[] { 0, 1, 1 }), 1e-14);
		// P = (A^T A)^-1 A^T = [[-3, 0, 3], [5, 2, -1]] / 6
		assertArrayEquals(new double[] { -0.5, 0, 0.5, 5.0 / 6, 1.0 / 3, -1.0 / 6 }, l.pseudoInverse(), 1e-14);
		assertEquals(10.0, Polynomials.polyval(new double[] { 2, -3, 1 }, 3), 0);
		assertThrows(IllegalArgumentException.class, () -> new LeastSquares(new double[] { 1, 2, 2, 4 }, 2, 2));
		assertThrows(IllegalArgumentException.class, () -> new LeastSquares(new double[] { 1, 2 }, 1, 2));
	}

	@Test
	void weightedLeastSquares() {
		double[] line = Polynomials.vandermonde(new double[] { 0, 1, 2 }, 3, 1);
		double[] b = { 0, 1, 1 };
		// weights 1, 1, 0: the line through the first two points
		assertArrayEquals(new double[] { 1, 0 }, LeastSquares.weighted(line, 3, 2, new double[] { 1, 1, 0 }).solve(b), 1e-14);
		// weights 1, 1, 4: normal equations 17a + 9b = 9, 9a + 6b = 5, so slope 3/7 and intercept 4/21
		LeastSquares w = LeastSquares.weighted(line, 3, 2, new double[] { 1, 1, 4 });
		assertArrayEquals(new double[] { 3.0 / 7, 4.0 / 21 }, w.solve(b), 1e-14);
		double[] p = w.pseudoInverse();
		assertEquals(3.0 / 7, p[0] * b[0] + p[1] * b[1] + p[2] * b[2], 1e-14);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LeastSquares.weighted(line, 3, 2, new double[] { 1, -1, 1 }))
			.getMessage().startsWith("weight 1 must be finite and >= 0"));
	}

	@Test
	void symmetricEigenSortedDescendingWithCanonicalSigns() {
		SymmetricEigen e = SymmetricEigen.of(new double[] { 2, 1, 1, 2 }, 2);
		assertArrayEquals(new double[] { 3, 1 }, e.values(), 1e-14);
		assertArrayEquals(new double[] { R2, R2 }, e.vector(0), 1e-14);
		assertArrayEquals(new double[] { R2, -R2 }, e.vector(1), 1e-14);
		SymmetricEigen f = SymmetricEigen.of(new double[] { 4, 1, 0, 1, 4, 0, 0, 0, 7 }, 3);
		assertArrayEquals(new double[] { 7, 5, 3 }, f.values(), 1e-13);
		assertArrayEquals(new double[] { 0, 0, 1 }, f.vector(0), 1e-14);
		assertArrayEquals(new double[] { R2, R2, 0 }, f.vector(1), 1e-14);
		assertArrayEquals(new double[] { R2, -R2, 0 }, f.vector(2), 1e-14);
		// negative eigenvalues sort below positive ones
		assertArrayEquals(new double[] { 1, -1 }, SymmetricEigen.of(new double[] { 0, 1, 1, 0 }, 2).values(), 1e-14);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[] { 1, 2, 3, 4 }, 2))
			.getMessage().startsWith("matrix is not symmetric"));
	}

	/**
	 * A large matrix with a few separated leading eigenvalues over a dense tail (as a KL Gram matrix):
	 * the leading vectors made by inverse iteration equal the full decomposition's, every vector is a
	 * unit eigenvector orthogonal to the others, whatever order they are asked for in.
	 */
	@Test
	void largeMatrixVectorsOnDemandMatchTheFullDecomposition() {
		int n = 160;
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		// A = V diag(d) V^T with V the Q of a random matrix (Gram-Schmidt), d = 1e3, 1e2, 10, 1, then 1e-3 +- noise
		double[][] v = new double[n][n];
		for (int k = 0; k < n; k++) {
			for (int i = 0; i < n; i++) v[k][i] = r.nextDouble(-1, 1);
			for (int j = 0; j < k; j++) {
				double d = 0;
				for (int i = 0; i < n; i++) d += v[j][i] * v[k][i];
				for (int i = 0; i < n; i++) v[k][i] -= d * v[j][i];
			}
			double len = 0;
			for (double x : v[k]) len += x * x;
			for (int i = 0; i < n; i++) v[k][i] /= Math.sqrt(len);
		}
		double[] d = new double[n];
		for (int k = 0; k < n; k++) d[k] = k < 4 ? Math.pow(10, 3 - k) : 1e-3 * (1 + 1e-9 * r.nextDouble());
		double[] a = new double[n * n];
		for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) {
			double s = 0;
			for (int k = 0; k < n; k++) s += v[k][i] * d[k] * v[k][j];
			a[i * n + j] = a[j * n + i] = s;
		}
		SymmetricEigen e = SymmetricEigen.of(a, n), f = SymmetricEigen.of(a, n);
		double[] values = e.values();
		for (int k = 0; k < 4; k++) assertEquals(d[k], values[k], 1e-12 * d[0]);
		double[][] got = new double[n][];
		for (int k = n - 1; k >= 0; k -= 3) got[k] = e.vector(k); // tail first: the order must not matter
		for (int k = 0; k < n; k++) if (got[k] == null) got[k] = e.vector(k);
		for (int k = 0; k < n; k++) assertArrayEquals(got[k], f.vector(k), 0, "vector " + k);
		for (int k = 0; k < 4; k++) {
			double[] ref = v[k].clone();
			Vectors.canonical(ref);
			assertArrayEquals(ref, got[k], 1e-10, "vector " + k);
		}
		for (int k = 0; k < n; k += 5) {
			for (int j = 0; j <= k; j += 3) {
				double dot = 0;
				for (int i = 0; i < n; i++) dot += got[k][i] * got[j][i];
				assertEquals(j == k ? 1 : 0, dot, 1e-9, "<v" + k + ", v" + j + ">");
			}
			for (int i = 0; i < n; i++) {
				double s = 0;
				for (int c = 0; c < n; c++) s += a[i * n + c] * got[k][c];
				assertEquals(values[k] * got[k][i], s, 1e-10 * d[0]);
			}
		}
	}

	@Test
	void svdOfAClassicExample() {
		// [[3, 2, 2], [2, 3, -2]]: singular values 5 and 3, v1 = (1, 1, 0)/sqrt 2, v2 = (1, -1, 4)/sqrt 18
		Svd s = Svd.of(new double[] { 3, 2, 2, 2, 3, -2 }, 2, 3);
		assertArrayEquals(new double[] { 5, 3 }, s.values(), 1e-13);
		assertArrayEquals(new double[] { R2, R2, 0 }, s.v(0), 1e-14);
		double r18 = Math.sqrt(18);
		assertArrayEquals(new double[] { 1 / r18, -1 / r18, 4 / r18 }, s.v(1), 1e-14);
		assertArrayEquals(new double[] { R2, R2 }, s.u(0), 1e-14);
		assertArrayEquals(new double[] { R2, -R2 }, s.u(1), 1e-14);
		// tall, with a sign to carry: [[3, 0], [0, -2], [0, 0]]
		Svd t = Svd.of(new double[] { 3, 0, 0, -2, 0, 0 }, 3, 2);
		assertArrayEquals(new double[] { 3, 2 }, t.values(), 1e-14);
		assertArrayEquals(new double[] { 0, 1 }, t.v(1), 1e-14);
		assertArrayEquals(new double[] { 0, -1, 0 }, t.u(1), 1e-14);
		assertEquals(1, Svd.of(new double[] { 1, 2, 2, 4 }, 2, 2).rank(1e-12));
	}
}
