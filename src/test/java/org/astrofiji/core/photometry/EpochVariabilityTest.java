package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Epoch changes on hand-made fluxes, with the expected figures worked out by hand. */
class EpochVariabilityTest {

	/** Ten stars of flux 1000 (i + 1) on five frames of scales 1, 0.8, 1.25 (epoch 0) and 0.5, 2 (epoch 1), errors 1 % of the flux. */
	static double[][][] night(double[] ratio, int missingStar, int missingFrame) {
		double[] scale = { 1, 0.8, 1.25, 0.5, 2 };
		int[] epoch = { 0, 0, 0, 1, 1 };
		double[][] flux = new double[5][10], err = new double[5][10];
		for (int f = 0; f < 5; f++) {
			for (int i = 0; i < 10; i++) {
				double v = 1000 * (i + 1) * scale[f] * (epoch[f] == 1 ? ratio[i] : 1);
				flux[f][i] = f == missingFrame && i == missingStar ? Double.NaN : v;
				err[f][i] = 0.01 * v;
			}
		}
		return new double[][][] { flux, err };
	}

	@Test
	void findsTheStarsThatChangedWithTheirRatiosAndErrors() {
		double[] ratio = { 1, 1, 1, 0.6, 1, 1, 1, 1.5, 1, 1 };
		double[][][] n = night(ratio, 9, 2);
		EpochVariability v = EpochVariability.of(n[0], n[1], new int[] { 0, 0, 0, 1, 1 });
		// 8 of 10 stars unchanged: each frame's median ratio is its scale
		assertArrayEquals(new double[] { 1, 0.8, 1.25, 0.5, 2 }, v.scales(), 1e-12);
		List<EpochVariability.Star> found = v.variables(5, 0.05);
		assertEquals(2, found.size());
		EpochVariability.Star dim = found.get(0), bright = found.get(1);
		assertEquals(3, dim.index);
		assertEquals(7, bright.index);
		assertEquals(0.6, dim.ratio, 1e-12);
		assertEquals(4000, dim.first, 1e-9);
		// errors of the means: 1 %/sqrt(3) and 1 %/sqrt(2) of the flux, so ratio error = ratio 0.01 sqrt(1/3 + 1/2)
		assertEquals(0.6 * 0.01 * Math.sqrt(5.0 / 6), dim.ratioError, 1e-12);
		assertEquals(0.4 / (0.006 * Math.sqrt(5.0 / 6)), dim.significance(), 1e-9);
		assertEquals(1.5 * 0.01 * Math.sqrt(5.0 / 6), bright.ratioError, 1e-12);
		assertEquals(-2.5 * Math.log10(1.5), bright.deltaMag(), 1e-12);
		// the star missing on one frame is averaged over the others
		EpochVariability.Star nine = v.stars().get(9);
		assertTrue(Double.isNaN(nine.flux[2]));
		assertEquals(1, nine.ratio, 1e-12);
		assertEquals(0.01 * Math.sqrt(1.0 / 2 + 1.0 / 2), nine.ratioError, 1e-12);
		// a 40 % change is not variable when at most 50 % count; nor at 100 sigma
		assertEquals(1, v.variables(5, 0.45).size());
		assertEquals(0, v.variables(100, 0.05).size());
	}

	@Test
	void framesThatDisagreeGrowTheError() {
		double[] ratio = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		double[][][] n = night(ratio, -1, -1);
		// star 0 is 10 % brighter on frame 0 only: the epoch-0 mean moves, and its error grows with the scatter
		n[0][0][0] *= 1.1;
		EpochVariability.Star s = EpochVariability.of(n[0], n[1], new int[] { 0, 0, 0, 1, 1 }).stars().get(0);
		double w0 = 1 / Math.pow(10, 2), w = w0; // the error stays 1 % of the unchanged flux
		double mean = (w0 * 1100 + 2 * w * 1000) / (w0 + 2 * w);
		double chi2 = w0 * Math.pow(1100 - mean, 2) + 2 * w * Math.pow(1000 - mean, 2);
		double sigma = Math.sqrt(chi2 / 2) / Math.sqrt(w0 + 2 * w);
		assertEquals(mean, s.first, 1e-9);
		assertEquals(1000 / mean, s.ratio, 1e-12);
		assertEquals(s.ratio * Math.hypot(sigma / mean, 10 / Math.sqrt(2) / 1000), s.ratioError, 1e-12);
	}

	@Test
	void badInputIsNamed() {
		assertThrows(IllegalArgumentException.class, () -> EpochVariability.of(new double[2][3], new double[2][3], new int[] { 0 }));
		assertThrows(IllegalArgumentException.class, () -> EpochVariability.of(new double[][] { { 1, 2 }, { 1 } }, new double[2][2],
			new int[] { 0, 1 }));
		double[][][] n = night(new double[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, -1, -1);
		assertThrows(IllegalArgumentException.class, () -> EpochVariability.of(n[0], n[1], new int[] { 0, 0, 0, 1, -1 }));
		assertThrows(IllegalArgumentException.class, () -> EpochVariability.of(n[0], n[1], new int[] { 0, 0, 0, 1, 1 }).variables(
			Double.NaN, 0));
	}

	@Test
	void aFrameWithFewStarsInCommonIsLeftOut() {
		double[][][] n = night(new double[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, -1, -1);
		for (int i = 2; i < 10; i++) n[0][4][i] = Double.NaN;
		EpochVariability v = EpochVariability.of(n[0], n[1], new int[] { 0, 0, 0, 1, 1 });
		assertTrue(Double.isNaN(v.scales()[4]));
		assertTrue(Double.isNaN(v.stars().get(0).flux[4]));
		assertEquals(1, v.stars().get(0).ratio, 1e-12);
	}
}
