package org.astrofiji.core.photometry;

import java.util.Locale;

/**
 * The shape of an aperture, without its position: a circle, an ellipse, or a circular or elliptical
 * annulus (photutils' CircularAperture, EllipticalAperture, CircularAnnulus, EllipticalAnnulus).
 * Sizes are in pixels; an ellipse has semi-axes a and b, its a-axis at {@code theta} degrees
 * counter-clockwise from +x in FITS coordinates (y up, as DS9 draws it). An elliptical annulus has the
 * inner ellipse's axis ratio equal to the outer one's ({@code b_in = b_out a_in / a_out}), as in
 * photutils and DS9.
 */
public final class Aperture {

	/** Shape kinds. */
	public enum Kind { CIRCLE, ELLIPSE, ANNULUS, ELLIPTICAL_ANNULUS }

	public final Kind kind;
	/** Radius or outer radius (circles), outer semi-axes (ellipses). */
	public final double a, b;
	/** Inner radius or inner semi-axes (annuli; 0 otherwise). */
	public final double innerA, innerB;
	/** Angle of the a-axis, degrees counter-clockwise from +x (FITS); 0 for circles. */
	public final double thetaDegrees;

	private Aperture(Kind kind, double a, double b, double innerA, double innerB, double thetaDegrees) {
		this.kind = kind;
		this.a = a;
		this.b = b;
		this.innerA = innerA;
		this.innerB = innerB;
		this.thetaDegrees = thetaDegrees;
	}

	public static Aperture circle(double radius) {
		positive("radius", radius);
		return new Aperture(Kind.CIRCLE, radius, radius, 0, 0, 0);
	}

	public static Aperture ellipse(double a, double b, double thetaDegrees) {
		positive("semi-axis a", a);
		positive("semi-axis b", b);
		finite("theta", thetaDegrees);
		return new Aperture(Kind.ELLIPSE, a, b, 0, 0, thetaDegrees);
	}

	/** A circular annulus {@code inner <= r < outer}; inner may be 0. */
	public static Aperture annulus(double inner, double outer) {
		radii(inner, outer);
		return new Aperture(Kind.ANNULUS, outer, outer, inner, inner, 0);
	}

	/** An elliptical annulus between semi-major axes {@code innerA} and {@code outerA}. */
	public static Aperture ellipticalAnnulus(double innerA, double outerA, double outerB, double thetaDegrees) {
		radii(innerA, outerA);
		positive("outer semi-axis b", outerB);
		finite("theta", thetaDegrees);
		return new Aperture(Kind.ELLIPTICAL_ANNULUS, outerA, outerB, innerA, outerB * innerA / outerA, thetaDegrees);
	}

	public boolean isAnnulus() {
		return kind == Kind.ANNULUS || kind == Kind.ELLIPTICAL_ANNULUS;
	}

	public boolean isCircular() {
		return kind == Kind.CIRCLE || kind == Kind.ANNULUS;
	}

	/** The analytic area, pixels. */
	public double area() {
		return Math.PI * (a * b - innerA * innerB);
	}

	/** The largest distance of the shape from its centre. */
	public double extent() {
		return Math.max(a, b);
	}

	/** The same kind of shape with every size multiplied by f (a curve of growth, FWHM-scaled apertures). */
	public Aperture scaled(double f) {
		positive("scale", f);
		return new Aperture(kind, a * f, b * f, innerA * f, innerB * f, thetaDegrees);
	}

	@Override
	public String toString() {
		switch (kind) {
			case CIRCLE: return String.format(Locale.ROOT, "circle(r=%g)", a);
			case ANNULUS: return String.format(Locale.ROOT, "annulus(%g..%g)", innerA, a);
			case ELLIPSE: return String.format(Locale.ROOT, "ellipse(a=%g, b=%g, theta=%g)", a, b, thetaDegrees);
			default: return String.format(Locale.ROOT, "elliptical annulus(a=%g..%g, b=%g, theta=%g)", innerA, a, b, thetaDegrees);
		}
	}

	private static void radii(double inner, double outer) {
		if (!(inner >= 0) || Double.isInfinite(inner)) throw new IllegalArgumentException("inner_radius must be >= 0 (got " + inner + ")");
		positive("outer_radius", outer);
		if (!(inner < outer)) throw new IllegalArgumentException("inner_radius must be smaller than outer_radius (got " + inner +
			" >= " + outer + ")");
	}

	private static void positive(String name, double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be > 0 (got " + v + ")");
	}

	private static void finite(String name, double v) {
		if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " must be a finite number (got " + v + ")");
	}
}
