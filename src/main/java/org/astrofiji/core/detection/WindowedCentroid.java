package org.astrofiji.core.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Coordinates;

/**
 * SExtractor's windowed centroid (XWIN_IMAGE, YWIN_IMAGE): the light above the background inside a
 * circular Gaussian window, re-centred until it stops moving,
 * {@code x <- x + 2 sum(w_i I_i (x_i - x)) / sum(w_i I_i)} with {@code w_i = exp(-r_i^2 / (2 s^2))},
 * over the pixels within 4 s, at most 16 times or until the step is below 2e-4 px. Pixels of other
 * sources (other labels) and NaN pixels are left out. Much less noisy than the isophotal barycentre
 * for faint stars, and free of its pull towards pixel centres.
 * <p>
 * The window's s is the same for every source: the field's FWHM / 2.3548, the median
 * half-maximum FWHM of the brighter half of the unflagged sources ({@link #fieldFwhm}).
 */
final class WindowedCentroid {

	private WindowedCentroid() {}

	/** The median FWHM of the brighter half (by flux) of the unflagged sources of at least 5 pixels; NaN if none. */
	static double fieldFwhm(Source[] sources) {
		List<Source> ok = new ArrayList<>();
		for (Source s : sources) if (s.flags == 0 && s.npix >= 5 && s.flux > 0) ok.add(s);
		if (ok.isEmpty()) return Double.NaN;
		ok.sort((a, b) -> Double.compare(b.flux, a.flux));
		int n = Math.max(1, (ok.size() + 1) / 2);
		double[] f = new double[n];
		for (int i = 0; i < n; i++) f[i] = ok.get(i).fwhm;
		Arrays.sort(f);
		return n % 2 == 1 ? f[n / 2] : 0.5 * (f[n / 2 - 1] + f[n / 2]);
	}

	/**
	 * The windowed centre (FITS) of source {@code label}, starting from (fx, fy) (FITS); null when the
	 * window holds no positive light or the centre wanders more than 2 s from the start.
	 */
	static double[] refine(float[] image, int[] labels, int label, Threshold thr, double fx, double fy, double sigma,
		int w, int h)
	{
		double x = Coordinates.memoryX(fx), y = Coordinates.memoryY(fy, h), x0 = x, y0 = y;
		double rmax = 4 * sigma, inv = 1 / (2 * sigma * sigma);
		for (int iter = 0; iter < 16; iter++) {
			int xa = Math.max(0, (int) Math.floor(x - rmax)), xb = Math.min(w - 1, (int) Math.ceil(x + rmax));
			int ya = Math.max(0, (int) Math.floor(y - rmax)), yb = Math.min(h - 1, (int) Math.ceil(y + rmax));
			double s = 0, sx = 0, sy = 0;
			// the Gaussian window is a product of its x and y parts
			double[] ex = new double[xb - xa + 1];
			for (int i = xa; i <= xb; i++) ex[i - xa] = Math.exp(-(i - x) * (i - x) * inv);
			for (int j = ya; j <= yb; j++) {
				double dy = j - y, ey = Math.exp(-dy * dy * inv);
				for (int i = xa; i <= xb; i++) {
					double dx = i - x, r2 = dx * dx + dy * dy;
					if (r2 > rmax * rmax) continue;
					int p = j * w + i;
					int l = labels[p];
					if (l != 0 && l != label) continue;
					float v = image[p];
					if (v != v) continue;
					double wi = ex[i - xa] * ey * (v - thr.background(p));
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
		return new double[] { Coordinates.fitsX(x), Coordinates.fitsY(y, h) };
	}
}
