package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The robust polynomial fields against hand-made polynomials. */
class CoefficientFieldsTest {

	/** 1 + 2u - v + 0.5 u^2 + 0.25 u v - 0.75 v^2 + 0.1 u^3 + 0.2 v^3 in scaled coordinates. */
	static double cubic(double u, double v) {
		return 1 + 2 * u - v + 0.5 * u * u + 0.25 * u * v - 0.75 * v * v + 0.1 * u * u * u + 0.2 * v * v * v;
	}

	@Test
	void recoversAnExactCubicAndEvaluatesItAnywhere() {
		int w = 200, h = 100, n = 40;
		SplittableRandom r = new SplittableRandom(3);
		double[] x = new double[n], y = new double[n], v = new double[n], v2 = new double[n];
		for (int j = 0; j < n; j++) {
			x[j] = r.nextDouble(1, w);
			y[j] = r.nextDouble(1, h);
			double u = 2 * (x[j] - 1) / (w - 1) - 1, vv = 2 * (y[j] - 1) / (h - 1) - 1;
			v[j] = cubic(u, vv);
			v2[j] = -3 * v[j];
		}
		CoefficientFields f = CoefficientFields.fit(x, y, new double[][] { v, v2 }, null, w, h, 3, 3, 10);
		assertEquals(3, f.degree());
		assertTrue(f.rejected().isEmpty(), "rejected " + f.rejected());
		FieldPolynomial p = f.polynomial();
		// term order 1, u, v, u^2, u v, v^2, u^3, u^2 v, u v^2, v^3
		double[] expected = { 1, 2, -1, 0.5, 0.25, -0.75, 0.1, 0, 0, 0.2 };
		double[] c = p.coefficients(0);
		for (int t = 0; t < expected.length; t++) assertEquals(expected[t], c[t], 1e-10, p.termName(t));
		assertEquals("u v^2", p.termName(8));
		// corners and centre (FITS)
		assertEquals(cubic(-1, -1), p.evaluate(0, 1, 1), 1e-10);
		assertEquals(cubic(1, 1), p.evaluate(0, w, h), 1e-10);
		assertEquals(-3 * cubic(0, 0), p.evaluate(1, (w + 1) / 2.0, (h + 1) / 2.0), 1e-10);
	}

	@Test
	void rejectsOutliersAndListsThem() {
		int w = 512, h = 512, n = 60;
		SplittableRandom r = new SplittableRandom(5);
		double[] x = new double[n], y = new double[n], v = new double[n];
		for (int j = 0; j < n; j++) {
			x[j] = r.nextDouble(1, w);
			y[j] = r.nextDouble(1, h);
			double u = 2 * (x[j] - 1) / (w - 1) - 1, vv = 2 * (y[j] - 1) / (h - 1) - 1;
			v[j] = 0.3 + 0.1 * u - 0.05 * vv * vv + 0.001 * VariablePsfField.gaussian(r);
		}
		v[7] += 0.05;
		v[42] -= 0.08;
		CoefficientFields f = CoefficientFields.fit(x, y, new double[][] { v }, null, w, h, 2, 3, 10);
		assertEquals(List.of(7, 42), f.rejected());
		double[] c = f.polynomial().coefficients(0);
		assertEquals(0.3, c[0], 0.002);
		assertEquals(0.1, c[1], 0.002);
		assertEquals(-0.05, c[5], 0.003);
		// without clipping the outliers pull the fit
		CoefficientFields plain = CoefficientFields.fit(x, y, new double[][] { v }, null, w, h, 2, 0, 10);
		assertTrue(plain.rejected().isEmpty());
		assertTrue(plain.rms() > 5 * f.rms(), plain.rms() + " vs " + f.rms());
	}

	@Test
	void weightsFavourTheTrustedStars() {
		// a line through (0, 0) and (1, 1) in u, with one heavily weighted star off it
		double[] x = { 1, 26, 51, 76, 101 }, y = { 1, 1, 1, 1, 1 }, v = { -1, -0.5, 0, 0.5, 1 };
		v[2] = 0.3;
		double[] w = { 1, 1, 1e6, 1, 1 };
		CoefficientFields f = CoefficientFields.fit(x, y, new double[][] { v }, w, 101, 101, 1, 0, 1);
		assertEquals(0.3, f.polynomial().evaluate(0, 51, 1), 1e-5);
		CoefficientFields g = CoefficientFields.fit(x, y, new double[][] { v }, null, 101, 101, 1, 0, 1);
		assertEquals(0.06, g.polynomial().evaluate(0, 51, 1), 1e-9);
	}

	@Test
	void lowersTheDegreeForFewStarsAndSaysSo() {
		double[] x = new double[12], y = new double[12], v = new double[12];
		for (int j = 0; j < 12; j++) {
			x[j] = 1 + (j % 4) * 30;
			y[j] = 1 + (j / 4) * 40;
			v[j] = 2 + 0.01 * x[j] - 0.02 * y[j];
		}
		CoefficientFields f = CoefficientFields.fit(x, y, new double[][] { v }, null, 100, 100, 3, 3, 10);
		assertEquals(2, f.degree());
		assertEquals(3, f.requestedDegree());
		assertTrue(f.summary().startsWith("degree 2 (degree 3 needs at least 20 stars, 12 given)"), f.summary());
		assertEquals(0, CoefficientFields.usableDegree(3, 5));
		assertEquals(1, CoefficientFields.usableDegree(3, 6));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoefficientFields.fit(new double[] { 1, 2 },
			new double[] { 1, 2 }, new double[][] { { 1, 2 } }, null, 10, 10, 3, 3, 10));
		assertEquals("a spatially varying fit needs at least 3 stars (got 2)", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> CoefficientFields.fit(x, y, new double[][] { v }, new double[12], 100,
			100, 1, 3, 10));
	}

	@Test
	void starsOnALineLowerTheDegreeAndSaySo() {
		// 40 stars on one row: v is the same for all, so no polynomial with a v term is determined
		double[] x = new double[40], y = new double[40], v = new double[40];
		double mean = 0;
		for (int j = 0; j < 40; j++) {
			x[j] = 1 + 2.5 * j;
			y[j] = 50;
			v[j] = 1 + 0.01 * x[j];
			mean += v[j] / 40;
		}
		CoefficientFields f = CoefficientFields.fit(x, y, new double[][] { v }, null, 100, 100, 2, 3, 10);
		assertEquals(0, f.degree());
		assertTrue(f.summary().startsWith("degree 0 (the positions of the 40 stars do not determine a higher one)"), f.summary());
		assertEquals(mean, f.polynomial().evaluate(0, 30, 70), 1e-12);
	}
}
