package org.astrofiji.core.photometry;

import java.util.Locale;

/**
 * How much of a pixel counts in an aperture, photutils' three methods:
 * <ul>
 * <li>{@code exact}: the exact area of the pixel inside the shape (pixel area 1);</li>
 * <li>{@code center}: 1 when the pixel centre lies strictly inside the shape, else 0;</li>
 * <li>{@code subpixel}: the fraction of the n x n sub-pixel centres strictly inside the shape.</li>
 * </ul>
 * An annulus is its outer shape minus its inner shape, so with {@code center} a pixel counts when
 * {@code inner <= r < outer}.
 */
public final class Overlap {

	/** The three ways to weigh pixels. */
	public enum Method {
		EXACT, CENTER, SUBPIXEL;

		public static Method of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("overlap must be exact, center or subpixel (got '" + name + "')");
			}
		}
	}

	private static final Overlap EXACT = new Overlap(Method.EXACT, 1), CENTER = new Overlap(Method.CENTER, 1);

	public final Method method;
	/** Sub-pixels per axis (1 except for {@code subpixel}). */
	public final int subpixels;

	private Overlap(Method method, int subpixels) {
		this.method = method;
		this.subpixels = subpixels;
	}

	public static Overlap exact() {
		return EXACT;
	}

	public static Overlap center() {
		return CENTER;
	}

	/** n x n sub-pixels; n = 1 is {@code center}. */
	public static Overlap subpixel(int n) {
		if (n < 1) throw new IllegalArgumentException("subpixels must be >= 1 (got " + n + ")");
		return n == 1 ? CENTER : new Overlap(Method.SUBPIXEL, n);
	}

	public static Overlap of(Method method, int subpixels) {
		switch (method) {
			case EXACT: return EXACT;
			case CENTER: return CENTER;
			default: return subpixel(subpixels);
		}
	}

	@Override
	public String toString() {
		return method == Method.SUBPIXEL ? "subpixel(" + subpixels + ")" : method.name().toLowerCase(Locale.ROOT);
	}
}
