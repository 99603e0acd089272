package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astrofiji.core.psf.Moffat;
import org.junit.jupiter.api.Test;

/**
 * The wing directions of the flux-ratio fit are the tangents of the Moffat family: a step along
 * {@link Stamps#power} is a change of the index (P<sup>&gamma;</sup> renormalised), a step along
 * {@link Stamps#stretch} one of the core radius; both keep the sum.
 */
class StampsTest {

	private static final int SIZE = 41;

	@Test
	void powerIsTheIndexTangent() {
		double[] p = moffat(3, 2.5), d = Stamps.power(p);
		double eps = 1e-3;
		// P^(1+eps) is a Moffat of index 2.5 (1 + eps) and the same core radius
		double[] exact = moffat(3, 2.5 * (1 + eps));
		assertTangent(p, d, eps, exact);
	}

	@Test
	void stretchIsTheWidthTangent() {
		double[] p = moffat(3, 2.5), d = Stamps.stretch(p, SIZE);
		double eps = 1e-3;
		// central differences on a core of FWHM 3.4 px: 10 % (5-point differences would give 4 %)
		assertTangent(p, d, eps, moffat(3 * (1 + eps), 2.5), 0.12);
	}

	/**
	 * A Gaussian's index tangent is its stretch (the wing fit then stands aside), a Moffat's is not: the
	 * correlation of the new image's two directions through P_D (seeing 3 &rarr; 4, &beta; 0.8).
	 */
	@Test
	void aGaussiansTwoDirectionsAreOne() {
		assertTrue(correlation(gaussian(3), gaussian(4)) > WingFit.DEGENERATE, "Gaussian: " + correlation(gaussian(3), gaussian(4)));
		double[] r = moffat(3 / 1.13, 2.5), n = moffat(4 / 1.13, 2.5);
		assertTrue(correlation(r, n) < WingFit.DEGENERATE, "Moffat: " + correlation(r, n));
	}

	private static double correlation(double[] pr, double[] pn) {
		double[][] u = Stamps.wingsOfDifference(pr, SIZE, pn, SIZE, SIZE, new ZogyTile.Params(0.8, 1, 1.5, 0, 0, 0, 0));
		double ab = 0, aa = 0, bb = 0;
		for (int q = 0; q < u[0].length; q++) {
			ab += u[0][q] * u[1][q];
			aa += u[0][q] * u[0][q];
			bb += u[1][q] * u[1][q];
		}
		return Math.abs(ab) / Math.sqrt(aa * bb);
	}

	private static double[] gaussian(double fwhm) {
		double[] p = new double[SIZE * SIZE];
		int c = SIZE / 2;
		double s2 = Math.pow(fwhm / 2.3548, 2), sum = 0;
		for (int j = 0; j < SIZE; j++) {
			for (int i = 0; i < SIZE; i++) {
				p[j * SIZE + i] = Math.exp(-((i - c) * (i - c) + (j - c) * (j - c)) / (2 * s2));
				sum += p[j * SIZE + i];
			}
		}
		for (int q = 0; q < p.length; q++) p[q] /= sum;
		return p;
	}

	private static void assertTangent(double[] p, double[] d, double eps, double[] exact) {
		assertTangent(p, d, eps, exact, 0.02);
	}

	private static void assertTangent(double[] p, double[] d, double eps, double[] exact, double tolerance) {
		double sum = 0, change = 0, miss = 0;
		for (int q = 0; q < p.length; q++) {
			sum += d[q];
			change += (exact[q] - p[q]) * (exact[q] - p[q]);
			miss += (p[q] + eps * d[q] - exact[q]) * (p[q] + eps * d[q] - exact[q]);
		}
		assertEquals(0, sum, 1e-12);
		assertTrue(Math.sqrt(miss / change) < tolerance, "relative miss " + Math.sqrt(miss / change));
	}

	/** A circular Moffat of core radius alpha sampled at the pixel centres of the stamp, unit sum. */
	private static double[] moffat(double alpha, double index) {
		double[] p = new double[SIZE * SIZE];
		int c = SIZE / 2;
		double s = 0;
		for (int j = 0; j < SIZE; j++) {
			for (int i = 0; i < SIZE; i++) {
				double r2 = (i - c) * (i - c) + (j - c) * (j - c);
				p[j * SIZE + i] = Moffat.shape(r2, alpha, index);
				s += p[j * SIZE + i];
			}
		}
		for (int q = 0; q < p.length; q++) p[q] /= s;
		return p;
	}
}
