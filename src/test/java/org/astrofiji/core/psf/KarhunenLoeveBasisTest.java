package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.simulate.Psf;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The KL basis against its defining properties and EJML's SVD. */
class KarhunenLoeveBasisTest {

	/** Unit-sum stamps of elliptical Gaussians of varying shape plus a little noise. */
	static double[][] stamps(int n, int size, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[][] s = new double[n][];
		for (int j = 0; j < n; j++) {
			Psf p = new Psf(Psf.Kind.GAUSSIAN, 3 + r.nextDouble(), 0.3 * r.nextDouble(), Math.PI * r.nextDouble());
			double[] full = p.stamp(0, 0);
			int fs = (int) Math.round(Math.sqrt(full.length)), off = fs / 2 - size / 2;
			double[] st = new double[size * size];
			double sum = 0;
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					int fx = x + off, fy = y + off;
					double v = (fx >= 0 && fy >= 0 && fx < fs && fy < fs ? full[fy * fs + fx] : 0) + 1e-4 * VariablePsfField.gaussian(r);
					st[y * size + x] = v;
					sum += v;
				}
			}
			for (int q = 0; q < st.length; q++) st[q] /= sum;
			s[j] = st;
		}
		return s;
	}

	@Test
	void orthonormalExactAndOrderedByEnergy() {
		for (int n : new int[] { 30, 150 }) { // fewer and more stars than the 11x11 = 121 pixels
			int size = 11;
			double[][] s = stamps(n, size, n);
			KarhunenLoeveBasis kl = KarhunenLoeveBasis.of(s, size);
			int k = kl.rank();
			assertEquals(Math.min(n, size * size), k);
			for (int a = 0; a < k; a++) {
				double[] ea = kl.element(a);
				for (int b = 0; b <= a; b++) {
					double[] eb = kl.element(b);
					double dot = 0;
					for (int p = 0; p < ea.length; p++) dot += ea[p] * eb[p];
					assertEquals(a == b ? 1 : 0, dot, 1e-9, "<B" + a + ", B" + b + ">");
				}
				if (a > 0) assertTrue(kl.eigenvalue(a) <= kl.eigenvalue(a - 1));
				double energy = 0;
				for (int j = 0; j < n; j++) energy += kl.coefficient(a, j) * kl.coefficient(a, j);
				assertEquals(kl.eigenvalue(a), energy, 1e-9 * kl.eigenvalue(0));
			}
			// every stamp is rebuilt exactly from all elements, and the loss of k elements is what they leave out
			for (int j = 0; j < n; j += 7) {
				double[] rec = new double[size * size];
				for (int a = 0; a < k; a++) {
					double[] e = kl.element(a);
					for (int p = 0; p < rec.length; p++) rec[p] += kl.coefficient(a, j) * e[p];
				}
				for (int p = 0; p < rec.length; p++) assertEquals(s[j][p], rec[p], 1e-10);
			}
			double total = 0, left = 0;
			for (double[] st : s) for (double v : st) total += v * v;
			for (int a = 3; a < k; a++) left += kl.eigenvalue(a);
			assertEquals(left / total, kl.loss(3), 1e-9);
			assertEquals(0, kl.loss(k), 1e-9);
			// the first element is PSF-like: positive sum
			double sum = 0;
			for (double v : kl.element(0)) sum += v;
			assertTrue(sum > 0);
		}
	}

	@Test
	void sameSpectrumAsTheSvdOfTheStampMatrix() {
		int size = 9, n = 40;
		double[][] s = stamps(n, size, 5);
		DMatrixRMaj m = new DMatrixRMaj(size * size, n);
		for (int j = 0; j < n; j++) for (int p = 0; p < size * size; p++) m.set(p, j, s[j][p]);
		SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(size * size, n, false, false, true);
		assertTrue(svd.decompose(m));
		double[] sv = svd.getSingularValues().clone();
		java.util.Arrays.sort(sv);
		KarhunenLoeveBasis kl = KarhunenLoeveBasis.of(s, size);
		for (int i = 0; i < 10; i++) assertEquals(sv[sv.length - 1 - i] * sv[sv.length - 1 - i], kl.eigenvalue(i), 1e-10 * kl.eigenvalue(0));
	}

	@Test
	void countFollowsInfLossAndNeverIncreasesWithIt() {
		double[][] s = stamps(60, 11, 8);
		KarhunenLoeveBasis kl = KarhunenLoeveBasis.of(s, 11);
		int last = Integer.MAX_VALUE;
		for (double il : new double[] { 0, 1e-4, 1e-3, 0.01, 0.1, 0.25, 1 }) {
			int c = kl.count(il);
			assertTrue(c <= last, "inf_loss " + il);
			assertTrue(kl.loss(c) <= il + 1e-12);
			if (c > 1) assertTrue(kl.loss(c - 1) > il);
			last = c;
		}
		assertEquals(1, kl.count(1));
		assertEquals(kl.rank(), kl.count(0));
		for (double bad : new double[] { -0.01, 1.5, Double.NaN }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kl.count(bad));
			assertEquals("inf_loss must be between 0 and 1 (got " + bad + ")", e.getMessage());
		}
		assertEquals(11, kl.stack(3).dimension(0));
		assertEquals(3, kl.stack(3).dimension(2));
	}

	@Test
	void sameBasisForAnyThreadCount() {
		double[][] s = stamps(300, 13, 2); // more stars than pixels: the pixel Gram matrix
		int before = Parallel.threads();
		try {
			Parallel.setThreads(1);
			KarhunenLoeveBasis a = KarhunenLoeveBasis.of(s, 13);
			Parallel.setThreads(4);
			KarhunenLoeveBasis b = KarhunenLoeveBasis.of(s, 13);
			for (int i = 0; i < 5; i++) {
				assertEquals(a.eigenvalue(i), b.eigenvalue(i), 0);
				assertEquals(a.element(i)[84], b.element(i)[84], 0);
				assertEquals(a.coefficient(i, 17), b.coefficient(i, 17), 0);
			}
		}
		finally {
			Parallel.setThreads(before);
		}
	}

	@Test
	void badStamps() {
		assertThrows(IllegalArgumentException.class, () -> KarhunenLoeveBasis.of(new double[0][], 5));
		assertThrows(IllegalArgumentException.class, () -> KarhunenLoeveBasis.of(new double[][] { new double[24] }, 5));
		double[] nan = new double[25];
		nan[3] = Double.NaN;
		assertThrows(IllegalArgumentException.class, () -> KarhunenLoeveBasis.of(new double[][] { nan }, 5));
		assertThrows(IllegalArgumentException.class, () -> KarhunenLoeveBasis.of(new double[][] { new double[25] }, 5));
	}
}
