package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astrofiji.testutil.Normal;
import org.junit.jupiter.api.Test;

/** Gaussian and Moffat profiles and kernels against their closed forms, computed by hand. */
class ProfilesTest {

	@Test
	void fwhmConversions() {
		assertEquals(2.3548200450309493, Gaussian.FWHM_PER_SIGMA, 1e-15);
		assertEquals(1.0, Gaussian.sigma(2.3548200450309493), 1e-15);
		assertEquals(4.7096400900618986, Gaussian.fwhm(2), 1e-14);
		// beta = 1: alpha = fwhm / 2 (2^1 - 1 = 1); beta = 2.5: 2^0.4 - 1 = 0.31950791077
		assertEquals(1.5, Moffat.alpha(3, 1), 1e-15);
		assertEquals(3 / (2 * Math.sqrt(0.3195079107728942)), Moffat.alpha(3, 2.5), 1e-14);
		assertEquals(3, Moffat.fwhm(Moffat.alpha(3, 4.765), 4.765), 1e-14);
	}

	@Test
	void gaussianValuesAndNormalization() {
		Gaussian g = Gaussian.ofSigma(2, 1, 0);
		// 1 / (2 pi 2 1) at the centre; exp(-1/2) one sigma along either axis
		assertEquals(1 / (4 * Math.PI), g.value(0, 0), 1e-15);
		assertEquals(Math.exp(-0.5) / (4 * Math.PI), g.value(2, 0), 1e-15);
		assertEquals(Math.exp(-0.5) / (4 * Math.PI), g.value(0, 1), 1e-15);
		assertEquals(0.5, g.ellipticity(), 1e-15);
		assertEquals(Gaussian.fwhm(2), g.fwhm(), 1e-14);
		// rotated by 90 degrees the long axis lies along y
		Gaussian r = Gaussian.ofSigma(2, 1, Math.PI / 2);
		assertEquals(g.value(2, 0), r.value(0, 2), 1e-15);
		assertEquals(g.value(0.3, 0.7), r.value(-0.7, 0.3), 1e-15);
		// half maximum at fwhm / 2
		Gaussian c = Gaussian.circular(3);
		assertEquals(0.5 * c.value(0, 0), c.value(1.5, 0), 1e-15);
		assertEquals(0.5 * c.value(0, 0), c.value(0, -1.5), 1e-15);
		// the light outside r is exp(-r^2 / 2 sigma^2)
		assertEquals(Math.sqrt(-2 * Math.log(0.01)) * Gaussian.sigma(3), c.radiusOutside(0.01), 1e-14);
		assertEquals(0.25, Gaussian.shape(Math.log(16), 1), 1e-15);
	}

	@Test
	void moffatValuesAndNormalization() {
		Moffat m = Moffat.ofAlpha(2, 2, 3, 0);
		// (beta - 1) / (pi alpha^2) (1 + r^2 / alpha^2)^-beta: 2 / (4 pi) at 0, 2 / (4 pi) / 8 at r = alpha
		assertEquals(2 / (4 * Math.PI), m.value(0, 0), 1e-15);
		assertEquals(2 / (4 * Math.PI) / 8, m.value(0, 2), 1e-15);
		assertEquals(2 / (4 * Math.PI) / 8, m.value(Math.sqrt(2), Math.sqrt(2)), 1e-15);
		// beta 2.5 takes the path without pow
		Moffat m25 = Moffat.circular(4, 2.5);
		double al = Moffat.alpha(4, 2.5);
		assertEquals(1.5 / (Math.PI * al * al) * Math.pow(1 + 9 / (al * al), -2.5), m25.value(3, 0), 1e-15);
		assertEquals(0.5 * m25.value(0, 0), m25.value(2, 0), 1e-15);
		// light inside r is 1 - (1 + r^2/alpha^2)^(1 - beta): outside alpha sqrt(3), 4^-2 of it
		assertEquals(2 * Math.sqrt(3), m.radiusOutside(1.0 / 16), 1e-14);
		assertEquals(0.125, Moffat.shape(4, 2, 3), 1e-15);
		Moffat e = Moffat.elliptical(4, 3, 0.25, 0.3);
		assertEquals(0.25, e.ellipticity(), 0);
		assertEquals(4, e.fwhm(), 0);
		assertEquals(0.75, e.alphaMinor() / e.alpha(), 1e-15);
	}

	@Test
	void pixelIntegralOfARoundGaussianIsAProductOfErfDifferences() {
		Gaussian g = Gaussian.circular(2.5);
		double s = Gaussian.sigma(2.5);
		for (double[] p : new double[][] { { 0, 0 }, { 1.3, -0.4 }, { 3, 2 }, { 7, 1 } }) {
			double exact = Normal.pixel(p[0], s) * Normal.pixel(p[1], s);
			// 6x6 points within 2 FWHM; 4x4 beyond, where a pixel holds 1e-10 of the light
			double tol = Math.hypot(p[0], p[1]) < 5 ? 1e-5 : 1e-3;
			assertEquals(exact, g.pixel(p[0], p[1]), tol * exact, "pixel at " + p[0] + "," + p[1]);
		}
	}

	@Test
	void kernelsAreNormalizedAndCentred() {
		Moffat m = Moffat.elliptical(3, 2.5, 0.2, 1);
		Kernel s = Kernels.sampled(m, 9);
		assertEquals(1, s.sum(), 1e-15);
		assertEquals(m.value(0, 0) / m.value(1, 2), s.at(4, 4) / s.at(5, 6), 1e-12);
		Kernel in = Kernels.integrated(Gaussian.circular(3), 15, 0.3, -0.2);
		double sum = 0, sx = 0, sy = 0;
		for (int j = 0; j < 15; j++) {
			for (int i = 0; i < 15; i++) {
				sum += in.at(i, j);
				sx += in.at(i, j) * (i - 7);
				sy += in.at(i, j) * (j - 7);
			}
		}
		assertEquals(1, sum, 1e-14);
		assertEquals(0.3, sx, 1e-5);
		assertEquals(-0.2, sy, 1e-5);
		// the renderers' one-allocation stamp: each pixel's integral over the row-major sum, to the last bit,
		// as is a kernel normalized from those integrals
		double[] raw = new double[15 * 15];
		double rawSum = 0;
		for (int j = 0; j < 15; j++) for (int i = 0; i < 15; i++) rawSum += raw[j * 15 + i] = m.pixel(i - 7 - 0.3, j - 7 + 0.2);
		double[] stamp = Kernels.integratedValues(m, 15, 0.3, -0.2), normalized = Kernel.of(raw, 15, 15).normalized().values();
		for (int k = 0; k < raw.length; k++) {
			assertEquals(raw[k] / rawSum, stamp[k], 0.0);
			assertEquals(raw[k] / rawSum, normalized[k], 0.0);
		}
		// a stamp radius for 0.1 % of a Gaussian's light: sqrt(-2 ln 1e-3) sigma = 3.717 sigma, plus one
		assertEquals((int) Math.ceil(3.7169221888498383 * Gaussian.sigma(3) + 1), Kernels.radius(Gaussian.circular(3), 1e-3));
		// SEP's default filter is the FWHM-2 Gaussian sampled on 3x3: [1 2 1] x [1 2 1] / 16
		Kernel g = Kernels.gaussian(2, 3);
		assertTrue(g.isSeparable());
		double[] sep = { 1, 2, 1, 2, 4, 2, 1, 2, 1 };
		for (int p = 0; p < 9; p++) assertEquals(sep[p] / 16, g.at(p % 3, p / 3), 1e-15);
		assertEquals(0.375, g.noiseFactor(), 1e-15);
		double[] prof = Kernels.gaussianProfile(1, 2);
		assertEquals(Math.exp(-2), prof[0], 1e-16);
		assertEquals(1, prof[2], 0);
	}

	@Test
	void numpyFloat32Normalization() {
		// 130 values: numpy sums two halves (64 + 66) pairwise with eight accumulators each
		float[] k = new float[130];
		for (int i = 0; i < k.length; i++) k[i] = 0.1f * (i % 7) + 1e-3f * i;
		float expected = 0;
		float[] half1 = java.util.Arrays.copyOfRange(k, 0, 64), half2 = java.util.Arrays.copyOfRange(k, 64, 130);
		expected = blocked(half1) + blocked(half2);
		assertEquals(expected, Kernels.numpySum(k), 0);
		float[] n = k.clone();
		Kernels.normalizeAsNumpy(n);
		assertEquals(k[5] / expected, n[5], 0);
	}

	/** numpy's pairwise block: eight running sums, combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the rest. */
	private static float blocked(float[] a) {
		float[] r = java.util.Arrays.copyOf(a, 8);
		int i = 8;
		for (; i + 8 <= a.length; i += 8) for (int j = 0; j < 8; j++) r[j] += a[i + j];
		float s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < a.length; i++) s += a[i];
		return s;
	}

	@Test
	void badParametersNameThemselves() {
		assertMessage(() -> Gaussian.circular(0), "fwhm must be > 0");
		assertMessage(() -> Gaussian.elliptical(2, 1, 0), "ellipticity must be in [0, 1)");
		assertMessage(() -> Moffat.circular(2, 1), "beta must be > 1");
		assertMessage(() -> Moffat.ofAlpha(2, -1, 3, 0), "alpha must be > 0");
		assertMessage(() -> Kernels.sampled(Gaussian.circular(2), 4), "kernel size must be odd");
		assertMessage(() -> Gaussian.circular(2).radiusOutside(1), "tail must be in (0, 1)");
		assertMessage(() -> Kernel.of(new double[4], 2, 2), "kernel size must be odd");
	}

	static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
		IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
		assertTrue(x.getMessage().contains(part), x.getMessage());
	}
}
