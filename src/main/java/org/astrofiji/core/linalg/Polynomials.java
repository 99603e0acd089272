package org.astrofiji.core.linalg;

/** numpy's polynomial conventions: coefficients highest power first (numpy.vander, numpy.polyval). */
public final class Polynomials {

	private Polynomials() {}

	/** The row-major Vandermonde matrix of numpy.vander(x, order + 1): powers order .. 0 of each of the first count x. */
	public static double[] vandermonde(double[] x, int count, int order) {
		int n = order + 1;
		double[] a = new double[count * n];
		for (int i = 0; i < count; i++) {
			double p = 1;
			for (int j = order; j >= 0; j--) {
				a[i * n + j] = p;
				p *= x[i];
			}
		}
		return a;
	}

	/** numpy.polyval: Horner's rule on coefficients highest power first. */
	public static double polyval(double[] p, double x) {
		double y = 0;
		for (double c : p) y = y * x + c;
		return y;
	}
}
