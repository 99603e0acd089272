package org.astrofiji.core.wcs;

import java.util.Arrays;

/**
 * A polynomial in two variables, {@code sum c[p][q] u^p v^q} over {@code p + q <= degree}: the form
 * of SIP and DSS distortions. Immutable. Composing with an affine map of the variables gives again a
 * polynomial of the same degree, which is what lets a SIP distortion follow any affine resampling
 * exactly.
 */
final class Poly2 {

	private final int degree;
	/** c[p][q], p + q <= degree; entries beyond the triangle are 0. */
	private final double[][] c;

	private Poly2(double[][] c) {
		this.degree = c.length - 1;
		this.c = c;
	}

	/** A copy of these coefficients ({@code c[p][q]}, a (degree+1) x (degree+1) array). */
	static Poly2 of(double[][] coefficients) {
		int n = coefficients.length;
		double[][] c = new double[n][n];
		for (int p = 0; p < n; p++) {
			if (coefficients[p].length != n) throw new IllegalArgumentException("polynomial coefficients must be a " +
				"square array (got row " + p + " of length " + coefficients[p].length + " in " + n + " rows)");
			for (int q = 0; q + p < n; q++) c[p][q] = coefficients[p][q];
		}
		return new Poly2(c);
	}

	static Poly2 zero(int degree) {
		return new Poly2(new double[degree + 1][degree + 1]);
	}

	int degree() {
		return degree;
	}

	double coefficient(int p, int q) {
		return p + q <= degree ? c[p][q] : 0;
	}

	/** The highest total degree with a non-zero coefficient (0 for the zero polynomial). */
	int effectiveDegree() {
		for (int n = degree; n > 0; n--) {
			for (int p = 0; p <= n; p++) if (c[p][n - p] != 0) return n;
		}
		return 0;
	}

	/** The coefficients as a fresh array. */
	double[][] coefficients() {
		double[][] out = new double[degree + 1][];
		for (int p = 0; p <= degree; p++) out[p] = c[p].clone();
		return out;
	}

	double value(double u, double v) {
		// Horner in v inside Horner in u
		double sum = 0;
		for (int p = degree; p >= 0; p--) {
			double row = 0;
			for (int q = degree - p; q >= 0; q--) row = row * v + c[p][q];
			sum = sum * u + row;
		}
		return sum;
	}

	/** d/du at (u, v). */
	double du(double u, double v) {
		double sum = 0;
		for (int p = degree; p >= 1; p--) {
			double row = 0;
			for (int q = degree - p; q >= 0; q--) row = row * v + c[p][q];
			sum = sum * u + p * row;
		}
		return sum;
	}

	/** d/dv at (u, v). */
	double dv(double u, double v) {
		double sum = 0;
		for (int p = degree - 1; p >= 0; p--) {
			double row = 0;
			for (int q = degree - p; q >= 1; q--) row = row * v + q * c[p][q];
			sum = sum * u + row;
		}
		return sum;
	}

	Poly2 plus(Poly2 o) {
		int n = Math.max(degree, o.degree);
		double[][] r = new double[n + 1][n + 1];
		for (int p = 0; p <= n; p++) for (int q = 0; p + q <= n; q++) r[p][q] = coefficient(p, q) + o.coefficient(p, q);
		return new Poly2(r);
	}

	Poly2 times(double s) {
		double[][] r = new double[degree + 1][degree + 1];
		for (int p = 0; p <= degree; p++) for (int q = 0; p + q <= degree; q++) r[p][q] = s * c[p][q];
		return new Poly2(r);
	}

	Poly2 times(Poly2 o) {
		int n = degree + o.degree;
		double[][] r = new double[n + 1][n + 1];
		for (int p = 0; p <= degree; p++) for (int q = 0; p + q <= degree; q++) {
			if (c[p][q] == 0) continue;
			for (int s = 0; s <= o.degree; s++) for (int t = 0; s + t <= o.degree; t++) r[p + s][q + t] += c[p][q] * o.c[s][t];
		}
		return new Poly2(r);
	}

	/** This polynomial without its terms of total degree below {@code min}. */
	Poly2 withoutTermsBelow(int min) {
		double[][] r = coefficients();
		for (int p = 0; p <= degree; p++) for (int q = 0; p + q <= degree && p + q < min; q++) r[p][q] = 0;
		return new Poly2(r);
	}

	/**
	 * The polynomial Q(u, v) = P(m00 u + m01 v + t0, m10 u + m11 v + t1): this one composed with an
	 * affine map of its variables, exactly (of the same degree).
	 */
	Poly2 compose(double m00, double m01, double m10, double m11, double t0, double t1) {
		Poly2 x = new Poly2(new double[][] { { t0, m01 }, { m00, 0 } });
		Poly2 y = new Poly2(new double[][] { { t1, m11 }, { m10, 0 } });
		Poly2[] xp = powers(x, degree);
		Poly2[] yp = powers(y, degree);
		Poly2 r = zero(degree);
		for (int p = 0; p <= degree; p++) for (int q = 0; p + q <= degree; q++) {
			if (c[p][q] != 0) r = r.plus(xp[p].times(yp[q]).times(c[p][q]));
		}
		return r.truncated(degree);
	}

	private Poly2 truncated(int n) {
		if (n >= degree) return this;
		double[][] r = new double[n + 1][n + 1];
		for (int p = 0; p <= n; p++) for (int q = 0; p + q <= n; q++) r[p][q] = c[p][q];
		return new Poly2(r);
	}

	private static Poly2[] powers(Poly2 x, int n) {
		Poly2[] out = new Poly2[n + 1];
		out[0] = new Poly2(new double[][] { { 1 } });
		for (int k = 1; k <= n; k++) out[k] = out[k - 1].times(x);
		return out;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Poly2 && Arrays.deepEquals(((Poly2) o).c, c);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(c);
	}
}
