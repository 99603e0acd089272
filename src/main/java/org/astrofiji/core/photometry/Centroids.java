package org.astrofiji.core.photometry;

import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/**
 * Star centres near a given position, in memory coordinates (pixel centres at integers, y down); each
 * returns {x, y} or null when it finds no centre.
 * <ul>
 * <li>{@code center_of_mass}: the centre of mass of {@code max(value - sky, 0)} over the pixels whose
 * centres lie within a radius, re-centred until it moves less than 1e-4 px (at most 20 times);</li>
 * <li>{@code windowed}: SExtractor's XWIN/YWIN ({@link #windowed});</li>
 * <li>{@code gaussian}: a least-squares fit of a circular 2-D Gaussian plus a constant
 * ({@link GaussianCentroid}).</li>
 * </ul>
 * NaN pixels and pixels with a bad DQ bit are left out.
 */
public final class Centroids {

	/** Centring methods; {@code none} keeps the given positions. */
	public enum Method {
		NONE, CENTER_OF_MASS, WINDOWED, GAUSSIAN;

		public static Method of(String name) {
			String n = name.trim().toUpperCase(Locale.ROOT);
			if (n.equals("COM")) return CENTER_OF_MASS;
			try {
				return valueOf(n);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("centroid must be none, center_of_mass, windowed or gaussian (got '" + name + "')");
			}
		}
	}

	private Centroids() {}

	/**
	 * The centre by the given method near memory (x, y): {@code radius} is the window of the centre of
	 * mass and the box half-size of the Gaussian fit, {@code fwhm} sets the windowed centroid's window
	 * and the fit's starting width, {@code sky} is the level subtracted.
	 */
	static double[] find(Method method, Pixels px, double x, double y, double radius, double fwhm, double sky) {
		switch (method) {
			case CENTER_OF_MASS: return centerOfMass(px, x, y, radius, sky);
			case WINDOWED: {
				double s = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
				return windowed(px.values, px.width, px.height, x, y, s, px::flagged, p -> sky);
			}
			case GAUSSIAN: return GaussianCentroid.fit(px, x, y, radius, fwhm, sky);
			default: return new double[] { x, y };
		}
	}

	/** Centre of mass of {@code max(value - sky, 0)} within {@code radius} of the moving centre. */
	static double[] centerOfMass(Pixels px, double x, double y, double radius, double sky) {
		int w = px.width, h = px.height;
		double r2 = radius * radius;
		for (int iter = 0; iter < 20; iter++) {
			int xa = Math.max(0, (int) Math.ceil(x - radius)), xb = Math.min(w - 1, (int) Math.floor(x + radius));
			int ya = Math.max(0, (int) Math.ceil(y - radius)), yb = Math.min(h - 1, (int) Math.floor(y + radius));
			double s = 0, sx = 0, sy = 0;
			for (int j = ya; j <= yb; j++) {
				double dy = j - y;
				for (int i = xa; i <= xb; i++) {
					double dx = i - x;
					if (dx * dx + dy * dy > r2) continue;
					int p = j * w + i;
					float v = px.values[p];
					if (!(v > sky) || px.flagged(p)) continue; // also skips NaN
					double wt = v - sky;
					s += wt;
					sx += wt * dx;
					sy += wt * dy;
				}
			}
			if (!(s > 0)) return null;
			double stepX = sx / s, stepY = sy / s;
			x += stepX;
			y += stepY;
			if (stepX * stepX + stepY * stepY < 1e-8) break;
		}
		return new double[] { x, y };
	}

	/**
	 * SExtractor's windowed centroid (XWIN_IMAGE, YWIN_IMAGE): the light above the background inside a
	 * circular Gaussian window, re-centred until it stops moving,
	 * {@code x <- x + 2 sum(w_i I_i (x_i - x)) / sum(w_i I_i)} with {@code w_i = exp(-r_i^2 / (2 s^2))},
	 * over the pixels within 4 s, at most 16 times or until the step is below 2e-4 px. NaN pixels and
	 * pixels {@code skip} names are left out. Null when the window holds no positive light or the centre
	 * wanders more than 2 s from the start.
	 *
	 * @param background the background under pixel p (index y w + x)
	 */
	public static double[] windowed(float[] image, int w, int h, double x, double y, double sigma, IntPredicate skip,
		IntToDoubleFunction background)
	{
		double x0 = x, y0 = y;
		double rmax = 4 * sigma, inv = 1 / (2 * sigma * sigma);
		for (int iter = 0; iter < 16; iter++) {
			int xa = Math.max(0, (int) Math.floor(x - rmax)), xb = Math.min(w - 1, (int) Math.ceil(x + rmax));
			int ya = Math.max(0, (int) Math.floor(y - rmax)), yb = Math.min(h - 1, (int) Math.ceil(y + rmax));
			double s = 0, sx = 0, sy = 0;
			// the Gaussian window is a product of its x and y parts
			double[] ex = new double[Math.max(0, xb - xa + 1)];
			for (int i = xa; i <= xb; i++) ex[i - xa] = Math.exp(-(i - x) * (i - x) * inv);
			for (int j = ya; j <= yb; j++) {
				double dy = j - y, ey = Math.exp(-dy * dy * inv);
				for (int i = xa; i <= xb; i++) {
					double dx = i - x, r2 = dx * dx + dy * dy;
					if (r2 > rmax * rmax) continue;
					int p = j * w + i;
					if (skip.test(p)) continue;
					float v = image[p];
					if (v != v) continue;
					double wi = ex[i - xa] * ey * (v - background.applyAsDouble(p));
					s += wi;
					sx += wi * dx;
					sy += wi * dy;
				}
			}
			if (!(s > 0)) return null;
			double stepX = 2 * sx / s, stepY = 2 * sy / s;
			x += stepX;
			y += stepY;
			if (Math.hypot(x - x0, y - y0) > 2 * sigma) return null;
			if (stepX * stepX + stepY * stepY < 4e-8) break;
		}
		return new double[] { x, y };
	}
}
