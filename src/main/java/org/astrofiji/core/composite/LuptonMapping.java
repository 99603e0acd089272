package org.astrofiji.core.composite;

/**
 * Lupton et al. (2004, PASP 116, 133) colour-preserving asinh mapping, step for step as astropy's
 * {@code make_lupton_rgb} (5.2.1) computes it in double precision:
 * <ol>
 * <li>subtract each channel's minimum: r = R - min_R, g = G - min_G, b = B - min_B;</li>
 * <li>intensity I = (r + g + b) / 3;</li>
 * <li>factor f = asinh(I·Q/stretch) · slope / I with slope = 0.1·255 / asinh(0.1·Q), and f = 0 where
 * I <= 0; each channel is multiplied by f and negative results set to 0;</li>
 * <li>colour-preserving clipping: where the largest channel (chosen with strict comparisons, r over g
 * over b as astropy does) is at least 255, all three are scaled by 255 / largest;</li>
 * <li>conversion to 8 bits truncates (numpy's {@code astype(uint8)}); NaN gives 0.</li>
 * </ol>
 * Q below 2^-23 becomes 0.1 and Q above 1e10 becomes 1e10, as in astropy.
 */
final class LuptonMapping {

	private static final double PIXMAX = 255.0;

	private final double[] minimum;
	private final double slope, soften;

	LuptonMapping(double[] minimum, double stretch, double q) {
		this.minimum = minimum.clone();
		double epsilon = 1.0 / (1 << 23);
		double qq = Math.abs(q) < epsilon ? 0.1 : Math.min(q, 1e10);
		double frac = 0.1;
		slope = frac * PIXMAX / Asinh.asinh(frac * qq);
		soften = qq / stretch;
	}

	/**
	 * Maps rows [from, to) into {@code argb} (and {@code planes} as value/255 when not null); returns
	 * {no-data pixels, red at 255, green at 255, blue at 255}.
	 */
	long[] rows(Channels ch, double[] scales, int from, int to, int[] argb, float[][] planes) {
		int w = ch.width();
		float[] rr = ch.data(0), gg = ch.data(1), bb = ch.data(2);
		double s0 = scales[0], s1 = scales[1], s2 = scales[2];
		double m0 = minimum[0], m1 = minimum[1], m2 = minimum[2];
		long noData = 0, sat0 = 0, sat1 = 0, sat2 = 0;
		for (int i = from * w, end = to * w; i < end; i++) {
			double r = s0 * rr[i] - m0, g = s1 * gg[i] - m1, b = s2 * bb[i] - m2;
			double intensity = (r + g + b) / 3.0;
			double fac = intensity <= 0 ? 0 : Asinh.asinh(intensity * soften) * slope / intensity;
			r *= fac;
			g *= fac;
			b *= fac;
			if (r < 0) r = 0;
			if (g < 0) g = 0;
			if (b < 0) b = 0;
			double max;
			if (r > g) max = r > b ? r : b;
			else max = g > b ? g : b;
			if (max >= PIXMAX) {
				r = r * PIXMAX / max;
				g = g * PIXMAX / max;
				b = b * PIXMAX / max;
			}
			int ir = uint8(r), ig = uint8(g), ib = uint8(b);
			if (!(Double.isFinite(intensity))) noData++;
			if (ir == 255) sat0++;
			if (ig == 255) sat1++;
			if (ib == 255) sat2++;
			argb[i] = 0xff000000 | ir << 16 | ig << 8 | ib;
			if (planes != null) {
				planes[0][i] = (float) (r / PIXMAX);
				planes[1][i] = (float) (g / PIXMAX);
				planes[2][i] = (float) (b / PIXMAX);
			}
		}
		return new long[] { noData, sat0, sat1, sat2 };
	}

	/** numpy's float to uint8 cast of a value in [0, 255]: truncation; NaN gives 0. */
	static int uint8(double v) {
		if (!(v > 0)) return 0;
		return v >= PIXMAX ? 255 : (int) v;
	}
}
