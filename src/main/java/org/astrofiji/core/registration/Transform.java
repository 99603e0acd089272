package org.astrofiji.core.registration;

import java.util.Locale;

/**
 * A 2-D affine map between two images' pixel grids, in FITS pixel coordinates (1-based, first pixel
 * centre at (1, 1), y up; see {@link org.astrofiji.core.Coordinates}):
 *
 * <pre>
 * x' = a00 x + a01 y + a02
 * y' = a10 x + a11 y + a12
 * </pre>
 *
 * Immutable. The {@link Kind} records the most specific form the map was built as: a composition or
 * inverse keeps the most general kind of its parts. Rotation angles of transforms are counter-clockwise
 * in FITS coordinates (x right, y up), the mathematical and astronomical sense.
 */
public final class Transform {

	/** The form of a transform, from the most specific to the most general. */
	public enum Kind {
		/** x' = x + dx, y' = y + dy. */
		TRANSLATION,
		/** Rotation, uniform scale and translation (no reflection, no shear). */
		SIMILARITY,
		/** Any invertible linear part plus translation. */
		AFFINE;

		public static Kind of(String s) {
			if (s != null) for (Kind k : values()) if (k.name().equalsIgnoreCase(s.trim())) return k;
			throw new IllegalArgumentException("transform kind must be translation, similarity or affine (got '" + s + "')");
		}

		/** The lower-case name used in tables and parameters. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		Kind max(Kind o) {
			return ordinal() >= o.ordinal() ? this : o;
		}
	}

	private static final Transform IDENTITY = new Transform(Kind.TRANSLATION, 1, 0, 0, 0, 1, 0);

	private final Kind kind;
	private final double a00, a01, a02, a10, a11, a12;

	private Transform(Kind kind, double a00, double a01, double a02, double a10, double a11, double a12) {
		for (double v : new double[] { a00, a01, a02, a10, a11, a12 }) {
			if (!Double.isFinite(v)) throw new IllegalArgumentException("transform coefficients must be finite (got " +
				format(a00, a01, a02, a10, a11, a12) + ")");
		}
		this.kind = kind;
		this.a00 = a00;
		this.a01 = a01;
		this.a02 = a02;
		this.a10 = a10;
		this.a11 = a11;
		this.a12 = a12;
	}

	public static Transform identity() {
		return IDENTITY;
	}

	/** Moves every point by (dx, dy) (FITS: dy up). */
	public static Transform translation(double dx, double dy) {
		return new Transform(Kind.TRANSLATION, 1, 0, dx, 0, 1, dy);
	}

	/**
	 * Scale and rotation about the origin, then translation by (tx, ty):
	 * {@code p' = scale R(rotation) p + t}.
	 *
	 * @param rotationDeg counter-clockwise in FITS coordinates, degrees
	 */
	public static Transform similarity(double scale, double rotationDeg, double tx, double ty) {
		if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("scale must be > 0 (got " + scale + ")");
		double r = Math.toRadians(rotationDeg);
		double c = scale * cos(r), s = scale * sin(r);
		return new Transform(Kind.SIMILARITY, c, -s, tx, s, c, ty);
	}

	/**
	 * A similarity from its matrix form x' = a x - b y + tx, y' = b x + a y + ty (scale = |(a, b)|,
	 * rotation = atan2(b, a)).
	 */
	public static Transform similarityOf(double a, double b, double tx, double ty) {
		if (a == 0 && b == 0) throw new IllegalArgumentException("a similarity needs a non-zero scale (a = b = 0)");
		return new Transform(Kind.SIMILARITY, a, -b, tx, b, a, ty);
	}

	/** Rotation by {@code rotationDeg} (counter-clockwise, FITS) about the point (cx, cy). */
	public static Transform rotation(double rotationDeg, double cx, double cy) {
		return rotationOnto(rotationDeg, cx, cy, cx, cy);
	}

	/** Rotation about (cx, cy) that also moves that point to (ox, oy). */
	public static Transform rotationOnto(double rotationDeg, double cx, double cy, double ox, double oy) {
		double r = Math.toRadians(rotationDeg);
		double c = cos(r), s = sin(r);
		return new Transform(Kind.SIMILARITY, c, -s, ox - (c * cx - s * cy), s, c, oy - (s * cx + c * cy));
	}

	/** A general affine map; fails when the linear part is singular. */
	public static Transform affine(double a00, double a01, double a02, double a10, double a11, double a12) {
		Transform t = new Transform(Kind.AFFINE, a00, a01, a02, a10, a11, a12);
		if (t.det() == 0) throw new IllegalArgumentException("an affine transform needs an invertible linear part (got " + t + ")");
		return t;
	}

	/** An affine map from a row-major 2x3 matrix {a00, a01, a02, a10, a11, a12}. */
	public static Transform affine(double[] m) {
		if (m == null || m.length != 6) throw new IllegalArgumentException("a 2x3 transform matrix needs 6 values");
		return affine(m[0], m[1], m[2], m[3], m[4], m[5]);
	}

	/**
	 * The same map in FITS coordinates as a map given in 0-based array coordinates (numpy, scipy,
	 * astroalign, skimage: x = column, y = row of the FITS array): FITS = 0-based + 1 on both axes.
	 */
	public static Transform ofZeroBased(Kind kind, double[] m) {
		if (m == null || m.length != 6) throw new IllegalArgumentException("a 2x3 transform matrix needs 6 values");
		Transform t0 = new Transform(kind, m[0], m[1], m[2], m[3], m[4], m[5]);
		return translation(-1, -1).then(t0).then(translation(1, 1)).withKind(kind);
	}

	// exact values at multiples of 90 degrees, so quarter turns move pixels exactly
	private static double cos(double r) {
		double q = r / (Math.PI / 2);
		if (q == Math.rint(q)) return new double[] { 1, 0, -1, 0 }[(int) Math.floorMod((long) q, 4)];
		return Math.cos(r);
	}

	private static double sin(double r) {
		double q = r / (Math.PI / 2);
		if (q == Math.rint(q)) return new double[] { 0, 1, 0, -1 }[(int) Math.floorMod((long) q, 4)];
		return Math.sin(r);
	}

	private Transform withKind(Kind k) {
		return k == kind ? this : new Transform(k, a00, a01, a02, a10, a11, a12);
	}

	public Kind kind() {
		return kind;
	}

	/** x' of the point (x, y). */
	public double x(double x, double y) {
		return a00 * x + a01 * y + a02;
	}

	/** y' of the point (x, y). */
	public double y(double x, double y) {
		return a10 * x + a11 * y + a12;
	}

	/** {x', y'} of the point (x, y). */
	public double[] apply(double x, double y) {
		return new double[] { x(x, y), y(x, y) };
	}

	/** Maps the points (xs[i], ys[i]) in place. */
	public void applyInPlace(double[] xs, double[] ys) {
		if (xs.length != ys.length) throw new IllegalArgumentException("x and y arrays differ in length (" + xs.length + " vs " +
			ys.length + ")");
		for (int i = 0; i < xs.length; i++) {
			double x = xs[i], y = ys[i];
			xs[i] = x(x, y);
			ys[i] = y(x, y);
		}
	}

	/** The inverse map (same kind). */
	public Transform inverse() {
		double d = det();
		double i00 = a11 / d, i01 = -a01 / d, i10 = -a10 / d, i11 = a00 / d;
		if (kind == Kind.TRANSLATION) return new Transform(kind, 1, 0, -a02, 0, 1, -a12);
		return new Transform(kind, i00, i01, -(i00 * a02 + i01 * a12), i10, i11, -(i10 * a02 + i11 * a12));
	}

	/** This map followed by {@code next}: p -> next(this(p)). */
	public Transform then(Transform next) {
		Transform n = next;
		return new Transform(kind.max(n.kind), n.a00 * a00 + n.a01 * a10, n.a00 * a01 + n.a01 * a11,
			n.a00 * a02 + n.a01 * a12 + n.a02, n.a10 * a00 + n.a11 * a10, n.a10 * a01 + n.a11 * a11,
			n.a10 * a02 + n.a11 * a12 + n.a12);
	}

	/** Determinant of the linear part: the factor by which areas grow. */
	public double det() {
		return a00 * a11 - a01 * a10;
	}

	/** sqrt(|det|): the linear scale (exact for a similarity). */
	public double scale() {
		return Math.sqrt(Math.abs(det()));
	}

	/**
	 * Rotation angle in degrees, counter-clockwise (FITS), in (-180, 180]: exact for a similarity; for an
	 * affine map the rotation of its closest similarity (the angle of (a00 + a11, a10 - a01)).
	 */
	public double rotationDeg() {
		double deg = Math.toDegrees(Math.atan2(a10 - a01, a00 + a11));
		return deg == -180 ? 180 : deg;
	}

	/** Translation part (the image of the point (0, 0)). */
	public double tx() {
		return a02;
	}

	public double ty() {
		return a12;
	}

	/** The row-major 2x3 matrix {a00, a01, a02, a10, a11, a12} (a copy). */
	public double[] matrix() {
		return new double[] { a00, a01, a02, a10, a11, a12 };
	}

	/** Whether the linear part is exactly the identity (a pure shift, whatever the kind). */
	public boolean isTranslation() {
		return a00 == 1 && a01 == 0 && a10 == 0 && a11 == 1;
	}

	/**
	 * The largest distance between where this map and {@code other} send a point of the rectangle
	 * [x0, x1] x [y0, y1]: the difference of two affine maps is affine, so it peaks at a corner.
	 */
	public double maxDistance(Transform other, double x0, double y0, double x1, double y1) {
		double worst = 0;
		for (double x : new double[] { x0, x1 }) {
			for (double y : new double[] { y0, y1 }) {
				worst = Math.max(worst, Math.hypot(x(x, y) - other.x(x, y), y(x, y) - other.y(x, y)));
			}
		}
		return worst;
	}

	/** One line: kind, scale, rotation and shift, and the matrix. */
	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: scale %.8g, rotation %.6g deg, [%s]", kind.key(), scale(), rotationDeg(),
			format(a00, a01, a02, a10, a11, a12));
	}

	private static String format(double... m) {
		return String.format(Locale.ROOT, "%.10g %.10g %.10g; %.10g %.10g %.10g", m[0], m[1], m[2], m[3], m[4], m[5]);
	}
}
