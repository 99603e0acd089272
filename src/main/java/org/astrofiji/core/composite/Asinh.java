package org.astrofiji.core.composite;

/**
 * The inverse hyperbolic sine as the C library computes it (the fdlibm algorithm that glibc, and so
 * numpy's {@code arcsinh}, use), with the same branches on the high word of the argument: Java has no
 * {@code Math.asinh}, and the naive {@code log(x + sqrt(x^2 + 1))} loses all precision for small |x|
 * and overflows for large |x|. Matching the library keeps the composites within a rounding error of
 * astropy's.
 */
public final class Asinh {

	private static final double LN2 = 6.93147180559945286227e-01;

	private Asinh() {}

	/** asinh(x); NaN for NaN, +-infinity for +-infinity. */
	public static double asinh(double x) {
		int ix = (int) (Double.doubleToRawLongBits(x) >>> 32) & 0x7fffffff;
		if (ix < 0x3e300000) return x; // |x| < 2^-28: asinh(x) = x to double precision
		if (ix >= 0x7ff00000) return x + x; // infinity or NaN
		double a = Math.abs(x), w;
		if (ix > 0x41b00000) w = Math.log(a) + LN2; // |x| > 2^28
		else if (ix > 0x40000000) w = Math.log(2.0 * a + 1.0 / (Math.sqrt(a * a + 1.0) + a)); // 2 < |x| <= 2^28
		else {
			double t = a * a;
			w = Math.log1p(a + t / (1.0 + Math.sqrt(1.0 + t)));
		}
		return x < 0 ? -w : w;
	}

	/**
	 * asinh(x) within a few ulps, faster than {@link #asinh} for |x| <= 2 (its log1p is StrictMath's
	 * in Java 17, several times Math.log): log1p(y) as log(u)·y/(u - 1) with u = 1 + y (Goldberg's
	 * correction, a few ulps). Not the C library's bits; for bounds (see {@link ByteLookup}).
	 */
	static double approx(double x) {
		double a = Math.abs(x);
		if (!(a <= 2)) return asinh(x); // the same Math.log branches, infinities and NaN
		double t = a * a, y = a + t / (1.0 + Math.sqrt(1.0 + t)), u = 1.0 + y;
		double w = u == 1.0 ? y : Math.log(u) * (y / (u - 1.0));
		return x < 0 ? -w : w;
	}
}
