package org.astrofiji.core.photometry;

import java.util.Arrays;

/**
 * The pixels of an aperture placed on an image, with their weights (the part of each pixel inside the
 * shape): only pixels on the image and with a weight other than 0, in raster order of the in-memory
 * image. A footprint is a reusable work buffer, one per thread.
 * <p>
 * Only pixels cut by the shape's boundary need geometry: a pixel whose four corners are inside has
 * weight 1, a pixel whose nearest point is outside has weight 0.
 */
final class Footprint {

	/** Number of pixels. */
	int n;
	/** Pixel index y w + x in the in-memory image, and weight in (0, 1] (annuli: outer minus inner). */
	int[] pixel = new int[256];
	double[] weight = new double[256];
	/** Sum of the weights: the area of the shape on the image. */
	double area;

	private double[] grid = new double[256], corners = new double[256];
	// per grid line of a disc: its offset from the centre and PixelGeometry.line's quantities
	private double[] colOffset = new double[16], rowOffset = new double[16], cols = new double[64], rows = new double[64];
	private final double[] px = new double[4], py = new double[4];

	/**
	 * The footprint of {@code ap} centred at memory position (cx, cy) on a w x h image.
	 * Off the image it is empty.
	 */
	Footprint build(Aperture ap, double cx, double cy, int w, int h, Overlap overlap) {
		n = 0;
		area = 0;
		double r = ap.extent();
		// pixels whose square meets the bounding box of the shape, clipped to the image
		int i0 = (int) Math.max(0, Math.floor(cx - r + 0.5)), i1 = (int) Math.min(w - 1, Math.ceil(cx + r - 0.5));
		int j0 = (int) Math.max(0, Math.floor(cy - r + 0.5)), j1 = (int) Math.min(h - 1, Math.ceil(cy + r - 0.5));
		if (i0 > i1 || j0 > j1) return this;
		int nx = i1 - i0 + 1, ny = j1 - j0 + 1;
		if (grid.length < nx * ny) grid = new double[nx * ny];
		Arrays.fill(grid, 0, nx * ny, 0);
		// FITS angles turn the other way in memory, where y points down
		double phi = -Math.toRadians(ap.thetaDegrees);
		if (ap.isCircular()) {
			circle(cx, cy, ap.a, 1, i0, j0, nx, ny, overlap);
			if (ap.innerA > 0) circle(cx, cy, ap.innerA, -1, i0, j0, nx, ny, overlap);
		}
		else {
			ellipse(cx, cy, ap.a, ap.b, phi, 1, i0, j0, nx, ny, overlap);
			if (ap.innerA > 0) ellipse(cx, cy, ap.innerA, ap.innerB, phi, -1, i0, j0, nx, ny, overlap);
		}
		for (int j = 0; j < ny; j++) {
			for (int i = 0; i < nx; i++) {
				double v = grid[j * nx + i];
				if (v == 0) continue;
				if (n == pixel.length) {
					pixel = Arrays.copyOf(pixel, 2 * n);
					weight = Arrays.copyOf(weight, 2 * n);
				}
				pixel[n] = (j0 + j) * w + i0 + i;
				weight[n++] = v;
				area += v;
			}
		}
		return this;
	}

	/** Adds sign x the disc's weights to the grid of nx x ny pixels from (gi, gj). */
	private void circle(double cx, double cy, double r, double sign, int gi, int gj, int nx, int ny, Overlap overlap) {
		// the part of the grid the disc can touch
		int i0 = (int) Math.max(gi, Math.floor(cx - r + 0.5)), i1 = (int) Math.min(gi + nx - 1, Math.ceil(cx + r - 0.5));
		int j0 = (int) Math.max(gj, Math.floor(cy - r + 0.5)), j1 = (int) Math.min(gj + ny - 1, Math.ceil(cy + r - 0.5));
		if (i0 > i1 || j0 > j1) return;
		double r2 = r * r;
		if (overlap.method == Overlap.Method.CENTER) {
			for (int j = j0; j <= j1; j++) {
				double dy = j - cy;
				for (int i = i0; i <= i1; i++) {
					double dx = i - cx;
					if (dx * dx + dy * dy < r2) grid[(j - gj) * nx + i - gi] += sign;
				}
			}
			return;
		}
		int mx = i1 - i0 + 2, my = j1 - j0 + 2; // grid lines
		boolean exact = overlap.method == Overlap.Method.EXACT;
		if (exact) {
			if (colOffset.length < mx) {
				colOffset = new double[mx];
				cols = new double[4 * mx];
			}
			if (rowOffset.length < my) {
				rowOffset = new double[my];
				rows = new double[4 * my];
			}
			if (corners.length < mx * my) corners = new double[mx * my];
			for (int k = 0; k < mx; k++) PixelGeometry.line(colOffset[k] = i0 - 0.5 + k - cx, r, cols, k);
			for (int l = 0; l < my; l++) PixelGeometry.line(rowOffset[l] = j0 - 0.5 + l - cy, r, rows, l);
			Arrays.fill(corners, 0, mx * my, Double.NaN);
		}
		double area = Math.PI * r2;
		for (int j = j0; j <= j1; j++) {
			double v0 = j - 0.5 - cy, v1 = v0 + 1;
			double far2y = Math.max(v0 * v0, v1 * v1), nearY = v0 > 0 ? v0 : v1 < 0 ? -v1 : 0;
			for (int i = i0; i <= i1; i++) {
				double u0 = i - 0.5 - cx, u1 = u0 + 1;
				double wt;
				if (Math.max(u0 * u0, u1 * u1) + far2y <= r2) wt = 1;
				else {
					double nearX = u0 > 0 ? u0 : u1 < 0 ? -u1 : 0;
					if (nearX * nearX + nearY * nearY >= r2) continue;
					int k = i - i0, l = j - j0;
					wt = exact ? corner(k + 1, l + 1, mx, r2, area) - corner(k, l + 1, mx, r2, area) -
						corner(k + 1, l, mx, r2, area) + corner(k, l, mx, r2, area)
						: subpixelCircle(i - cx, j - cy, r2, overlap.subpixels);
				}
				grid[(j - gj) * nx + i - gi] += sign * wt;
			}
		}
	}

	/** G at grid corner (k, l), computed once. */
	private double corner(int k, int l, int mx, double r2, double area) {
		int c = l * mx + k;
		double g = corners[c];
		if (g != g) {
			g = PixelGeometry.corner(colOffset[k], rowOffset[l], r2, area, cols, k, rows, l);
			corners[c] = g;
		}
		return g;
	}

	/** The fraction of n x n sub-pixel centres of the pixel at offset (dx, dy) inside the disc. */
	private static double subpixelCircle(double dx, double dy, double r2, int n) {
		int in = 0;
		for (int q = 0; q < n; q++) {
			double sy = dy + (q + 0.5) / n - 0.5;
			for (int p = 0; p < n; p++) {
				double sx = dx + (p + 0.5) / n - 0.5;
				if (sx * sx + sy * sy < r2) in++;
			}
		}
		return (double) in / (n * n);
	}

	/** Adds sign x the ellipse's weights (semi-axes a, b, a-axis at phi radians in memory) to the grid. */
	private void ellipse(double cx, double cy, double a, double b, double phi, double sign, int gi, int gj, int nx, int ny,
		Overlap overlap)
	{
		double r = Math.max(a, b);
		int i0 = (int) Math.max(gi, Math.floor(cx - r + 0.5)), i1 = (int) Math.min(gi + nx - 1, Math.ceil(cx + r - 0.5));
		int j0 = (int) Math.max(gj, Math.floor(cy - r + 0.5)), j1 = (int) Math.min(gj + ny - 1, Math.ceil(cy + r - 0.5));
		if (i0 > i1 || j0 > j1) return;
		double c = Math.cos(phi), s = Math.sin(phi);
		// (dx, dy) -> (p, q) maps the ellipse onto the unit disc
		double pxx = c / a, pxy = s / a, qxx = -s / b, qxy = c / b;
		for (int j = j0; j <= j1; j++) {
			double dy = j - cy;
			for (int i = i0; i <= i1; i++) {
				double dx = i - cx, wt;
				if (overlap.method == Overlap.Method.CENTER) {
					double p = pxx * dx + pxy * dy, q = qxx * dx + qxy * dy;
					if (!(p * p + q * q < 1)) continue;
					wt = 1;
				}
				else {
					int inside = 0;
					for (int k = 0; k < 4; k++) {
						double ux = dx + ((k == 1 || k == 2) ? 0.5 : -0.5), uy = dy + (k >= 2 ? 0.5 : -0.5);
						px[k] = pxx * ux + pxy * uy;
						py[k] = qxx * ux + qxy * uy;
						if (px[k] * px[k] + py[k] * py[k] <= 1) inside++;
					}
					if (inside == 4) wt = 1;
					else {
						boolean centreInPixel = Math.abs(dx) <= 0.5 && Math.abs(dy) <= 0.5;
						if (!centreInPixel && inside == 0 && minEdgeDistance2() >= 1) continue;
						wt = overlap.method == Overlap.Method.EXACT ? a * b * PixelGeometry.discPolygon(px, py, 4)
							: subpixelEllipse(dx, dy, pxx, pxy, qxx, qxy, overlap.subpixels);
					}
				}
				grid[(j - gj) * nx + i - gi] += sign * wt;
			}
		}
	}

	private double minEdgeDistance2() {
		double m = Double.POSITIVE_INFINITY;
		for (int k = 0; k < 4; k++) {
			int l = (k + 1) & 3;
			m = Math.min(m, PixelGeometry.segmentDistance2(px[k], py[k], px[l], py[l]));
		}
		return m;
	}

	private static double subpixelEllipse(double dx, double dy, double pxx, double pxy, double qxx, double qxy, int n) {
		int in = 0;
		for (int q = 0; q < n; q++) {
			double sy = dy + (q + 0.5) / n - 0.5;
			for (int p = 0; p < n; p++) {
				double sx = dx + (p + 0.5) / n - 0.5;
				double u = pxx * sx + pxy * sy, v = qxx * sx + qxy * sy;
				if (u * u + v * v < 1) in++;
			}
		}
		return (double) in / (n * n);
	}
}
