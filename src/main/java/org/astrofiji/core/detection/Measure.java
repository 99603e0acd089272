package org.astrofiji.core.detection;

import org.astrofiji.core.Coordinates;

/**
 * Measurements of one source from its pixels. Sums run over the pixels in FITS raster order, as
 * scipy.ndimage sums them, in double precision and in FITS coordinates, so the centre of mass with
 * {@code image} weights is {@code ndimage.center_of_mass} + 1.
 * <ul>
 * <li>x, y: centre of mass with the chosen weights (value, value - background, or value - threshold;
 * value - background as the start of the windowed centroid); when those weights do not sum to a
 * positive number the centre is unweighted (flag FALLBACK);</li>
 * <li>a, b, theta: from the second moments of value - background about their own barycentre
 * (SExtractor's A, B, THETA; uniform weights when the light does not sum to a positive number), with
 * SExtractor's guard against singular moments (1/12 px^2 added when the determinant is below 0.00694);</li>
 * <li>flags: EDGE (a pixel on the image border), SATURATED (a pixel at or above the saturation level),
 * NAN (a pixel next to a NaN pixel), BLENDED (split off a larger detection by deblending);</li>
 * <li>fwhm: 2 sqrt(A / pi) with A the number of pixels at or above half the peak above the background.</li>
 * </ul>
 */
final class Measure {

	private Measure() {}

	static Source measure(int id, int[] pix, float[] image, Threshold thr, DetectionSettings.Weights weights,
		double saturation, int w, int h, boolean blended)
	{
		int n = pix.length;
		int flags = blended ? Source.BLENDED : 0;
		double sum = 0, flux = 0, backSum = 0;
		double peak = Double.NEGATIVE_INFINITY;
		int peakP = pix[0];
		int xmin = Integer.MAX_VALUE, xmax = Integer.MIN_VALUE, ymin = Integer.MAX_VALUE, ymax = Integer.MIN_VALUE;
		double sw = 0, swx = 0, swy = 0;
		// shape moments relative to the first pixel, to keep the sums small
		double x0 = Coordinates.fitsX(pix[0] % w), y0 = Coordinates.fitsY(pix[0] / w, h);
		double su = 0, sux = 0, suy = 0, suxx = 0, suyy = 0, suxy = 0;
		double cx = 0, cy = 0;
		for (int p : pix) {
			int xm = p % w, ym = p / w;
			double v = image[p], bg = thr.background(p);
			double fx = Coordinates.fitsX(xm), fy = Coordinates.fitsY(ym, h);
			sum += v;
			flux += v - bg;
			backSum += bg;
			if (v > peak) {
				peak = v;
				peakP = p;
			}
			xmin = Math.min(xmin, xm);
			xmax = Math.max(xmax, xm);
			ymin = Math.min(ymin, ym);
			ymax = Math.max(ymax, ym);
			double wt;
			switch (weights) {
				case IMAGE: wt = v; break;
				case EXCESS: wt = v - thr.level(p); break;
				// WINDOWED starts from the background-subtracted barycentre
				default: wt = v - bg;
			}
			sw += wt;
			swx += wt * fx;
			swy += wt * fy;
			cx += fx;
			cy += fy;
			double u = v - bg, dx = fx - x0, dy = fy - y0;
			su += u;
			sux += u * dx;
			suy += u * dy;
			suxx += u * dx * dx;
			suyy += u * dy * dy;
			suxy += u * dx * dy;
			if (v >= saturation) flags |= Source.SATURATED;
			if (xm == 0 || ym == 0 || xm == w - 1 || ym == h - 1) flags |= Source.EDGE;
			if ((flags & Source.NAN) == 0 && touchesNaN(image, xm, ym, w, h)) flags |= Source.NAN;
		}
		double x, y;
		if (sw > 0 && Double.isFinite(sw)) {
			x = swx / sw;
			y = swy / sw;
		}
		else {
			x = cx / n;
			y = cy / n;
			flags |= Source.FALLBACK;
		}
		if (!(su > 0)) { // uniform weights for the shape
			su = n;
			sux = suy = suxx = suyy = suxy = 0;
			for (int p : pix) {
				double dx = Coordinates.fitsX(p % w) - x0, dy = Coordinates.fitsY(p / w, h) - y0;
				sux += dx;
				suy += dy;
				suxx += dx * dx;
				suyy += dy * dy;
				suxy += dx * dy;
			}
		}
		double mx = sux / su, my = suy / su;
		double x2 = suxx / su - mx * mx, y2 = suyy / su - my * my, xy = suxy / su - mx * my;
		if (x2 * y2 - xy * xy < 0.00694) {
			x2 += 1 / 12.0;
			y2 += 1 / 12.0;
		}
		double mean = 0.5 * (x2 + y2), diff = Math.sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
		double a = Math.sqrt(Math.max(0, mean + diff)), b = Math.sqrt(Math.max(0, mean - diff));
		double theta = x2 == y2 && xy == 0 ? 0 : Math.toDegrees(0.5 * Math.atan2(2 * xy, x2 - y2));
		if (theta <= -90) theta += 180;
		// FWHM from the area at or above half the peak
		double half = 0.5 * (peak - thr.background(peakP));
		int area = 0;
		for (int p : pix) if (image[p] - thr.background(p) >= half) area++;
		double fwhm = 2 * Math.sqrt(area / Math.PI);
		int fxmin = (int) Coordinates.fitsX(xmin), fxmax = (int) Coordinates.fitsX(xmax);
		int fymin = (int) Coordinates.fitsY(ymax, h), fymax = (int) Coordinates.fitsY(ymin, h);
		return new Source(id, x, y, n, sum, flux, peak, Coordinates.fitsX(peakP % w), Coordinates.fitsY(peakP / w, h),
			backSum / n, a, b, theta, fwhm, fxmin, fxmax, fymin, fymax, flags);
	}

	private static boolean touchesNaN(float[] image, int x, int y, int w, int h) {
		for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
			for (int i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) {
				float v = image[j * w + i];
				if (v != v) return true;
			}
		}
		return false;
	}
}
