package org.astrofiji.core.psf;

import java.util.Locale;

/**
 * The geometry shared by the elliptical profiles: scale lengths a (along the axis at the angle) and
 * b, and the squared scaled radius (x'/a)^2 + (y'/b)^2 of an offset in the rotated frame.
 */
abstract class Elliptical implements Profile {

	final double fwhm, a, b, ellipticity, angle;
	private final double cos, sin;

	/** {@code ellipticity} as given by the caller (kept exactly), or NaN for 1 - min(a, b) / max(a, b). */
	Elliptical(double fwhm, double a, double b, double ellipticity, double angle) {
		if (!(fwhm > 0) || Double.isInfinite(fwhm)) throw new IllegalArgumentException("fwhm must be > 0 (got " + fwhm + ")");
		if (!(b > 0) || Double.isInfinite(b)) throw new IllegalArgumentException("the second axis must be > 0 (got " + b + ")");
		if (!Double.isFinite(angle)) throw new IllegalArgumentException("angle must be finite (got " + angle + ")");
		this.fwhm = fwhm;
		this.a = a;
		this.b = b;
		this.ellipticity = Double.isNaN(ellipticity) ? 1 - Math.min(a, b) / Math.max(a, b) : ellipticity;
		this.angle = angle;
		this.cos = Math.cos(angle);
		this.sin = Math.sin(angle);
	}

	/** b = a (1 - e), after checking that e is an ellipticity. */
	static double minor(double a, double ellipticity) {
		if (!(ellipticity >= 0 && ellipticity < 1)) throw new IllegalArgumentException("ellipticity must be in [0, 1) (got " +
			ellipticity + ")");
		return a * (1 - ellipticity);
	}

	static double positive(String name, double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be > 0 (got " + v + ")");
		return v;
	}

	/** (x'/a)^2 + (y'/b)^2 of the offset rotated into the profile's axes. */
	final double scaledRadius2(double dx, double dy) {
		double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
		return u * u + v * v;
	}

	@Override
	public final double fwhm() {
		return fwhm;
	}

	@Override
	public final double ellipticity() {
		return ellipticity;
	}

	@Override
	public final double angle() {
		return angle;
	}

	static void checkTail(double tail) {
		if (!(tail > 0 && tail < 1)) throw new IllegalArgumentException("tail must be in (0, 1) (got " + tail + ")");
	}

	String describe(String name) {
		return String.format(Locale.ROOT, "%s fwhm=%.3f e=%.3f angle=%.1f deg", name, fwhm, ellipticity, Math.toDegrees(angle));
	}
}
