package org.astrofiji.core.wcs;

import java.util.Locale;

/**
 * The sky projections this package evaluates, with the formulas of Calabretta &amp; Greisen (2002,
 * A&amp;A 395, 1077): native spherical coordinates (phi, theta) to intermediate world coordinates
 * (x, y), all in degrees. Zenithal projections have their reference point at the native pole
 * (theta0 = 90); CAR at the native equator (theta0 = 0). None takes PVi_m parameters.
 */
public enum Projection {

	/** Gnomonic (TAN, also the base of TAN-SIP). */
	TAN(90),
	/** Orthographic (SIN), without the slant parameters PV2_1/PV2_2. */
	SIN(90),
	/** Zenithal equidistant (ARC). */
	ARC(90),
	/** Zenithal equal-area (ZEA). */
	ZEA(90),
	/** Plate carrée (CAR). */
	CAR(0);

	private static final double R0 = 180 / Math.PI;

	private final double theta0;

	Projection(double theta0) {
		this.theta0 = theta0;
	}

	/** The projection of a three-letter code, or null when this package does not evaluate it. */
	public static Projection of(String code) {
		for (Projection p : values()) if (p.name().equals(code.trim().toUpperCase(Locale.ROOT))) return p;
		return null;
	}

	/** Native latitude of the reference point, degrees. */
	double theta0() {
		return theta0;
	}

	boolean isZenithal() {
		return theta0 == 90;
	}

	/**
	 * Intermediate (x, y) to native (phi, theta), degrees; NaN outside the projection's domain.
	 */
	void toNative(double x, double y, double[] out) {
		if (this == CAR) {
			out[0] = x;
			out[1] = y;
			if (Math.abs(y) > 90) out[0] = out[1] = Double.NaN;
			return;
		}
		double r = Math.hypot(x, y);
		double phi = r == 0 ? 0 : Math.toDegrees(Math.atan2(x, -y));
		double theta;
		switch (this) {
			case TAN:
				theta = Math.toDegrees(Math.atan2(R0, r));
				break;
			case SIN: {
				double s = r / R0;
				// rounding can put the limb a hair beyond 1
				if (s > 1 + 1e-13) theta = Double.NaN;
				else theta = Math.toDegrees(Math.acos(Math.min(1, s)));
				break;
			}
			case ARC:
				theta = 90 - r;
				if (theta < -90) theta = Double.NaN;
				break;
			case ZEA: {
				double s = r / (2 * R0);
				if (s > 1 + 1e-13) theta = Double.NaN;
				else theta = 90 - 2 * Math.toDegrees(Math.asin(Math.min(1, s)));
				break;
			}
			default:
				throw new AssertionError(this);
		}
		out[0] = Double.isNaN(theta) ? Double.NaN : phi;
		out[1] = theta;
	}

	/** Native (phi, theta) to intermediate (x, y), degrees; NaN where the projection is undefined. */
	void toIntermediate(double phi, double theta, double[] out) {
		if (this == CAR) {
			out[0] = phi;
			out[1] = theta;
			return;
		}
		double r;
		double t = Math.toRadians(theta);
		switch (this) {
			case TAN: {
				double s = Math.sin(t);
				r = s > 0 ? R0 * Math.cos(t) / s : Double.NaN;
				break;
			}
			case SIN:
				r = theta >= 0 ? R0 * Math.cos(t) : Double.NaN;
				break;
			case ARC:
				r = 90 - theta;
				break;
			case ZEA:
				r = 2 * R0 * Math.sin(Math.toRadians((90 - theta) / 2));
				break;
			default:
				throw new AssertionError(this);
		}
		double p = Math.toRadians(phi);
		out[0] = r * Math.sin(p);
		out[1] = -r * Math.cos(p);
	}
}
