package org.astrofiji.core.psf;

import java.util.Arrays;

/**
 * One or more 2-D polynomials over an image field, in scaled FITS coordinates: field k is the sum of
 * c<sub>k,t</sub>&middot;u<sup>i<sub>t</sub></sup>v<sup>j<sub>t</sub></sup> over the terms t with
 * i + j &lt;= degree, where u = 2(x &minus; 1)/(width &minus; 1) &minus; 1 and v = 2(y &minus; 1)/(height &minus; 1)
 * &minus; 1 run from &minus;1 to 1 across the image (x, y: FITS pixel coordinates, 1-based; the same
 * scaling as {@code core.background.PolynomialSurface}, whose u and v are 0-based column and row).
 * <p>
 * Terms are ordered by total degree, then by the power of v: 1, u, v, u&sup2;, u v, v&sup2;, u&sup3;, ...
 * Immutable.
 */
public final class FieldPolynomial {

	private final int width, height, degree;
	private final int[] xPowers, yPowers;
	private final double[][] coefficients;

	/**
	 * @param coefficients one row per field, {@link #terms(int)} coefficients each (copied)
	 */
	public FieldPolynomial(int width, int height, int degree, double[][] coefficients) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be positive (got " + width + "x" +
			height + ")");
		if (degree < 0) throw new IllegalArgumentException("degree must be 0 or more (got " + degree + ")");
		int nt = terms(degree);
		this.width = width;
		this.height = height;
		this.degree = degree;
		this.xPowers = new int[nt];
		this.yPowers = new int[nt];
		for (int d = 0, t = 0; d <= degree; d++) {
			for (int j = 0; j <= d; j++, t++) {
				xPowers[t] = d - j;
				yPowers[t] = j;
			}
		}
		this.coefficients = new double[coefficients.length][];
		for (int k = 0; k < coefficients.length; k++) {
			if (coefficients[k].length != nt) throw new IllegalArgumentException("field " + k + " has " +
				coefficients[k].length + " coefficients, degree " + degree + " needs " + nt);
			this.coefficients[k] = coefficients[k].clone();
		}
	}

	/** Number of terms of a polynomial of this degree: (d + 1)(d + 2) / 2. */
	public static int terms(int degree) {
		return (degree + 1) * (degree + 2) / 2;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int degree() {
		return degree;
	}

	public int fields() {
		return coefficients.length;
	}

	public int terms() {
		return xPowers.length;
	}

	/** Power of u of term t. */
	public int xPower(int t) {
		return xPowers[t];
	}

	/** Power of v of term t. */
	public int yPower(int t) {
		return yPowers[t];
	}

	/** A copy of the coefficients of field k. */
	public double[] coefficients(int k) {
		return coefficients[k].clone();
	}

	/** Scaled u of FITS x. */
	public double u(double fitsX) {
		return scaled(fitsX, width);
	}

	/** Scaled v of FITS y. */
	public double v(double fitsY) {
		return scaled(fitsY, height);
	}

	static double scaled(double fits, int length) {
		return length < 2 ? 0 : 2 * (fits - 1) / (length - 1) - 1;
	}

	/** The terms' values u^i v^j at a FITS position, into {@code out} (length {@link #terms()}). */
	public void basis(double fitsX, double fitsY, double[] out) {
		monomials(u(fitsX), v(fitsY), degree, out);
	}

	/** u^i v^j of every term of a polynomial of this degree, in term order. */
	static void monomials(double u, double v, int degree, double[] out) {
		double[] up = new double[degree + 1], vp = new double[degree + 1];
		up[0] = vp[0] = 1;
		for (int k = 1; k <= degree; k++) {
			up[k] = up[k - 1] * u;
			vp[k] = vp[k - 1] * v;
		}
		for (int d = 0, t = 0; d <= degree; d++) for (int j = 0; j <= d; j++, t++) out[t] = up[d - j] * vp[j];
	}

	/** Every field at a FITS position, into {@code out} (length {@link #fields()}). */
	public void evaluate(double fitsX, double fitsY, double[] out) {
		double[] m = new double[terms()];
		basis(fitsX, fitsY, m);
		for (int k = 0; k < coefficients.length; k++) {
			double s = 0;
			for (int t = 0; t < m.length; t++) s += coefficients[k][t] * m[t];
			out[k] = s;
		}
	}

	/** Field k at a FITS position. */
	public double evaluate(int k, double fitsX, double fitsY) {
		double[] m = new double[terms()];
		basis(fitsX, fitsY, m);
		double s = 0;
		for (int t = 0; t < m.length; t++) s += coefficients[k][t] * m[t];
		return s;
	}

	/** "1", "u", "v", "u^2", "u v", ... */
	public String termName(int t) {
		int i = xPowers[t], j = yPowers[t];
		if (i == 0 && j == 0) return "1";
		String a = i == 0 ? "" : i == 1 ? "u" : "u^" + i, b = j == 0 ? "" : j == 1 ? "v" : "v^" + j;
		return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
	}

	@Override
	public String toString() {
		return "degree-" + degree + " polynomial (" + terms() + " terms) x " + fields() + " fields over " + width + "x" +
			height + ": " + Arrays.deepToString(coefficients);
	}
}
