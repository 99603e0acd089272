package org.astrofiji.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.astrofiji.testutil.Normal;
import org.junit.jupiter.api.Test;

/** Selection, medians, MAD and percentiles against sorting and values worked out by hand. */
class OrderStatisticsTest {

	@Test
	void madFactorsAreOneOverTheNormalQuartile() {
		// Phi(z) = 3/4 solved by bisection on the error-function series: z = 0.6744897501960817
		double lo = 0.6, hi = 0.8;
		for (int i = 0; i < 100; i++) {
			double mid = (lo + hi) / 2;
			if (Normal.cdf(mid) < 0.75) lo = mid;
			else hi = mid;
		}
		assertEquals(1 / lo, Medians.MAD_TO_SIGMA, 2e-15);
		assertEquals(Medians.MAD_TO_SIGMA, Medians.MAD_TO_SIGMA_ROUNDED, 5e-6);
	}

	@Test
	void mediansOfSamples() {
		assertEquals(2.5, Medians.median(new float[] { 4, 1, Float.NaN, 3, 2 }), 0);
		assertEquals(3, Medians.median(new double[] { 5, 1, 3 }), 0);
		assertEquals(2, Medians.lowerMedianInPlace(new float[] { 4, 1, 3, 2 }, 4), 0);
		assertTrue(Double.isNaN(Medians.median(new float[] { Float.NaN })));
		// MAD of 1..9 about 5 is 2 (|d| = 4,3,2,1,0,1,2,3,4)
		assertEquals(2, Medians.mad(new double[] { 9, 1, 8, 2, 7, 3, 6, 4, Double.NaN, 5 }), 0);
		// SExtractor's median averages in float: (16777216 + 16777218) / 2 rounds to 16777216 in float, not in double
		float[] big = { 16777218f, 16777216f };
		assertEquals(16777216f, Medians.sortedMedian(big, 2), 0);
		assertArrayEquals(new float[] { 16777216f, 16777218f }, big, 0, "sorted in place");
		Random r = new Random(3);
		for (int t = 0; t < 200; t++) {
			int n = 1 + r.nextInt(40);
			double[] v = new double[n];
			for (int i = 0; i < n; i++) v[i] = r.nextInt(5);
			double[] s = v.clone();
			Arrays.sort(s);
			int k = r.nextInt(n);
			assertEquals(s[k], Select.kth(v.clone(), n, k), 0);
			assertEquals(n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, Medians.median(v), 0);
		}
	}

	@Test
	void selectionInPlaceAgreesWithSorting() {
		Random r = new Random(7);
		for (int t = 0; t < 300; t++) {
			int n = 1 + r.nextInt(t < 200 ? 30 : 3000);
			float[] a = new float[n];
			for (int i = 0; i < n; i++) a[i] = t % 2 == 0 ? r.nextInt(9) - 4 : (float) r.nextGaussian();
			float[] s = a.clone();
			Arrays.sort(s);
			int k = r.nextInt(n);
			float[] b = a.clone();
			assertEquals(s[k], Select.kth(b, n, k), 0);
			for (int i = 0; i < k; i++) assertTrue(b[i] <= b[k], "nothing larger before k");
			for (int i = k + 1; i < n; i++) assertTrue(b[i] >= b[k], "nothing smaller after k");
			double median = n % 2 == 1 ? s[n / 2] : 0.5 * ((double) s[n / 2 - 1] + s[n / 2]);
			assertEquals(median, Select.median(a.clone(), n), 0);
			assertEquals(median, Medians.median(a, n), 0, "the histogram selection, without reordering");
			float[] lowerPair = Medians.selectPair(a, n, k);
			assertEquals(s[k], lowerPair[1], 0);
			if (k > 0) assertEquals(s[k - 1], lowerPair[0], 0);
		}
		// MAD about a given centre, deviations in float: |1-3|, |2-3|, |3-3|, |10-3| -> median of 2, 1, 0, 7 = 1.5
		float[] a = { 1, 2, 3, 10 };
		assertEquals(1.5, Select.mad(a, 4, 3, new float[4]), 0);
		assertArrayEquals(new float[] { 1, 2, 3, 10 }, a, 0, "a is left unchanged");
	}

	@Test
	void percentilesAreNumpysLinearOnes() {
		// numpy.nanpercentile([1..10, nan, inf], [0, 25, 50, 99]) = 1, 3.25, 5.5, 9.91
		float[] a = { 10, 9, 8, Float.NaN, 7, 6, 5, 4, Float.POSITIVE_INFINITY, 3, 2, 1 };
		assertArrayEquals(new double[] { 1, 3.25, 5.5, 9.91 }, Percentiles.of(a, 0, 25, 50, 99), 1e-12);
		assertArrayEquals(new double[] { 2, 6.5 }, Percentiles.ofScaled(a, 2, 0, 25), 1e-12);
		assertTrue(Double.isNaN(Percentiles.of(new float[] { Float.NaN }, 50)[0]));
		Random r = new Random(5);
		float[] big = new float[100_001];
		for (int i = 0; i < big.length; i++) big[i] = (float) (1000 * r.nextGaussian());
		float[] s = big.clone();
		Arrays.sort(s);
		assertEquals(s[50_000], Percentiles.of(big, 50)[0], 0);
		assertEquals(s[25_000], Percentiles.of(big, 25)[0], 0);
	}
}
