package org.astrofiji.core.registration;

import java.util.Locale;

/**
 * How a resampled pixel takes its value from the source pixels around the sample position. Every
 * kernel interpolates (returns the pixel value at integer positions) and has weights summing to 1, so
 * a shift keeps the total flux away from the edges.
 */
public enum Interpolation {
	/** The nearest pixel (halves round up: scipy's order 0). */
	NEAREST(0),
	/** Bilinear over the 2x2 neighbours (scipy's order 1). */
	BILINEAR(1),
	/**
	 * Cubic B-spline of the prefiltered image over 4x4 coefficients: scipy.ndimage's order 3 with its
	 * spline prefilter; smooth and exact for cubic polynomials.
	 */
	CUBIC(2),
	/** Lanczos-3 (sinc windowed by sinc over 6x6 pixels), weights normalized to sum 1 per axis. */
	LANCZOS3(3);

	/** Taps per axis left of the sample's integer part, and the number of taps. */
	final int before, taps;

	Interpolation(int code) {
		switch (code) {
			case 0: before = 0; taps = 1; break;
			case 1: before = 0; taps = 2; break;
			case 2: before = 1; taps = 4; break;
			default: before = 2; taps = 6;
		}
	}

	/** The lower-case name used in parameters ("nearest", "bilinear", "cubic", "lanczos3"). */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Interpolation of(String s) {
		if (s != null) {
			String k = s.trim().toLowerCase(Locale.ROOT).replace("-", "");
			for (Interpolation i : values()) if (i.key().equals(k)) return i;
		}
		throw new IllegalArgumentException("interpolation must be nearest, bilinear, cubic or lanczos3 (got '" + s + "')");
	}
}
