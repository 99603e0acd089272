package org.astrofiji.core.photometry;

/**
 * Exact areas of overlap between pixels and discs, from plane geometry.
 * <p>
 * <b>Disc and axis-aligned rectangle.</b> With the disc of radius r at the origin, let
 * {@code G(u, v)} be the area of the disc with {@code x <= u} and {@code y <= v}; a rectangle's share
 * is {@code G(u1, v1) - G(u0, v1) - G(u1, v0) + G(u0, v0)}. G needs only the half-plane area
 * {@code H(t) = pi r^2 / 2 + 2 S(t)}, with {@code S(t) = (t sqrt(r^2 - t^2) + r^2 asin(t / r)) / 2}
 * the integral of the upper half-chord, and the corner cap {@code Q(a, b)} (a, b >= 0), the area with
 * {@code x > a} and {@code y > b}: {@code S(c) - S(a) - b (c - a)} with {@code c = sqrt(r^2 - b^2)}
 * when the corner is inside the disc, else 0. By the disc's symmetry:
 * <pre>
 *   u >= 0, v >= 0:  G = H(u) + H(v) - pi r^2 + Q(u, v)
 *   u >= 0, v <  0:  G = H(v) - Q(u, -v)
 *   u <  0, v >= 0:  G = H(u) - Q(-u, v)
 *   u <  0, v <  0:  G = Q(-u, -v)
 * </pre>
 * All transcendental functions depend on u alone or v alone, so over a pixel grid they are computed
 * once per grid column and row, and each corner costs a few multiplications.
 * <p>
 * <b>Unit disc and convex polygon</b> (an ellipse mapped onto the unit disc turns each pixel into a
 * parallelogram): the sum over the polygon's edges of the signed area of the disc inside the triangle
 * (origin, edge start, edge end), each a triangle, circular sectors, or both.
 */
final class PixelGeometry {

	private PixelGeometry() {}

	/** {@code S(t)} for the disc of radius r, t clamped to [-r, r]. */
	static double halfChordIntegral(double t, double r) {
		if (t <= -r) return -0.25 * Math.PI * r * r;
		if (t >= r) return 0.25 * Math.PI * r * r;
		double c = Math.sqrt(r * r - t * t);
		return 0.5 * (t * c + r * r * Math.copySign(asin(Math.abs(t), c), t));
	}

	/**
	 * {@code asin(a / r)} for {@code 0 <= a < r} and {@code c = sqrt(r^2 - a^2)}, as {@code atan(a / c)}
	 * (c = 0 gives pi/2). Not Math.asin: on Java 17 it is a native call of some 100-400 ns, several times
	 * the rest of an exact aperture's work, where atan costs ~30 ns; the two agree to a few ulps.
	 */
	static double asin(double a, double c) {
		return Math.atan(a / c);
	}

	/** Area of the disc of radius r at the origin with x <= t. */
	static double halfPlane(double t, double r) {
		return 0.5 * Math.PI * r * r + 2 * halfChordIntegral(t, r);
	}

	/**
	 * The quantities of one grid line at offset t from the centre: H(t), S(|t|), c = sqrt(r^2 - t^2)
	 * (0 outside the disc) and S(c); written to out[4 k .. 4 k + 3]. One square root and one arcsine:
	 * with a = |t|, {@code S(a) = (a c + r^2 asin(a / r)) / 2}, {@code S(c) = (c a + r^2 (pi/2 - asin(a / r))) / 2}
	 * and {@code H(t) = pi r^2 / 2 + 2 sign(t) S(a)}.
	 */
	static void line(double t, double r, double[] out, int k) {
		double a = Math.abs(t), r2 = r * r;
		double c, asin;
		if (a < r) {
			c = Math.sqrt(r2 - a * a);
			asin = asin(a, c);
		}
		else {
			c = 0;
			asin = 0.5 * Math.PI;
		}
		double sa = 0.5 * (a * c + r2 * asin);
		out[4 * k] = 0.5 * Math.PI * r2 + (t < 0 ? -2 * sa : 2 * sa);
		out[4 * k + 1] = sa;
		out[4 * k + 2] = c;
		out[4 * k + 3] = 0.5 * (c * a + r2 * (0.5 * Math.PI - asin));
	}

	/**
	 * G(u, v) from the line quantities of column u ({@code cu} at {@code ku}) and row v ({@code cv}
	 * at {@code kv}).
	 */
	static double corner(double u, double v, double r2, double area, double[] cu, int ku, double[] cv, int kv) {
		double a = Math.abs(u), b = Math.abs(v);
		// the cap beyond the corner, in the quadrant the corner lies in
		double q = a * a + b * b < r2 ? cv[4 * kv + 3] - cu[4 * ku + 1] - b * (cv[4 * kv + 2] - a) : 0;
		if (u >= 0) return v >= 0 ? cu[4 * ku] + cv[4 * kv] - area + q : cv[4 * kv] - q;
		return v >= 0 ? cu[4 * ku] - q : q;
	}

	/** Area of the disc of radius r at the origin inside [x0, x1] x [y0, y1], straight from the formulas. */
	static double discRectangle(double r, double x0, double y0, double x1, double y1) {
		double[] cu = new double[8], cv = new double[8];
		line(x0, r, cu, 0);
		line(x1, r, cu, 1);
		line(y0, r, cv, 0);
		line(y1, r, cv, 1);
		double r2 = r * r, area = Math.PI * r2;
		return corner(x1, y1, r2, area, cu, 1, cv, 1) - corner(x0, y1, r2, area, cu, 0, cv, 1) -
			corner(x1, y0, r2, area, cu, 1, cv, 0) + corner(x0, y0, r2, area, cu, 0, cv, 0);
	}

	/** Signed area of the unit disc inside the triangle (origin, A, B): positive when A to B turns counter-clockwise. */
	static double discTriangle(double ax, double ay, double bx, double by) {
		double aa = ax * ax + ay * ay, bb = bx * bx + by * by;
		if (aa <= 1 && bb <= 1) return 0.5 * (ax * by - ay * bx);
		double dx = bx - ax, dy = by - ay;
		double qa = dx * dx + dy * dy, qb = ax * dx + ay * dy, qc = aa - 1;
		double disc = qb * qb - qa * qc;
		if (qa == 0 || disc <= 0) return sector(ax, ay, bx, by);
		double root = Math.sqrt(disc);
		// the line A + t (B - A) meets the circle at t1 <= t2
		double t1 = (-qb - root) / qa, t2 = (-qb + root) / qa;
		if (aa <= 1) { // A inside, B outside: leaves at t2
			double px = ax + t2 * dx, py = ay + t2 * dy;
			return 0.5 * (ax * py - ay * px) + sector(px, py, bx, by);
		}
		if (bb <= 1) { // enters at t1
			double px = ax + t1 * dx, py = ay + t1 * dy;
			return sector(ax, ay, px, py) + 0.5 * (px * by - py * bx);
		}
		if (t1 >= 1 || t2 <= 0) return sector(ax, ay, bx, by);
		double px = ax + t1 * dx, py = ay + t1 * dy, sx = ax + t2 * dx, sy = ay + t2 * dy;
		return sector(ax, ay, px, py) + 0.5 * (px * sy - py * sx) + sector(sx, sy, bx, by);
	}

	/** Signed area of the unit-disc sector between the directions of U and V. */
	private static double sector(double ux, double uy, double vx, double vy) {
		return 0.5 * Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
	}

	/** Area of the unit disc inside a convex polygon of n vertices (either orientation). */
	static double discPolygon(double[] x, double[] y, int n) {
		double s = 0;
		for (int i = 0; i < n; i++) {
			int j = i + 1 == n ? 0 : i + 1;
			s += discTriangle(x[i], y[i], x[j], y[j]);
		}
		return Math.abs(s);
	}

	/** Squared distance from the origin to the segment A-B. */
	static double segmentDistance2(double ax, double ay, double bx, double by) {
		double dx = bx - ax, dy = by - ay, qa = dx * dx + dy * dy;
		double t = qa == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / qa));
		double px = ax + t * dx, py = ay + t * dy;
		return px * px + py * py;
	}
}
