package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;

/**
 * The radial profile around a centre: for each ring between consecutive radii, the pixels whose
 * centres lie strictly between them ({@code inner < r < outer}, the seed's loop; a pixel exactly on an
 * edge belongs to no ring), their sum, count, mean and errors; and the curve of growth, the exact
 * aperture sum within each radius. NaN and DQ-flagged pixels are left out and counted. An optional sky
 * level per pixel is subtracted from sums and means.
 * <p>
 * Errors: from ERR when the image has it ({@code sqrt(sum err^2)}, divided by the count for the
 * mean), else the scatter in the ring (the standard error of the mean, {@code std / sqrt(n)}, and
 * {@code std sqrt(n)} for the sum; NaN below two pixels).
 */
public final class RadialProfile {

	/** One ring. */
	public static final class Ring {

		public final double inner, outer;
		public final int pixels, nanPixels, badPixels;
		public final double sum, sumError, mean, meanError;

		Ring(double inner, double outer, int pixels, int nanPixels, int badPixels, double sum, double sumError, double mean,
			double meanError)
		{
			this.inner = inner;
			this.outer = outer;
			this.pixels = pixels;
			this.nanPixels = nanPixels;
			this.badPixels = badPixels;
			this.sum = sum;
			this.sumError = sumError;
			this.mean = mean;
			this.meanError = meanError;
		}

		/** The middle of the ring. */
		public double radius() {
			return 0.5 * (inner + outer);
		}
	}

	private final double x, y, sky;
	private final List<Ring> rings;

	private RadialProfile(double x, double y, double sky, List<Ring> rings) {
		this.x = x;
		this.y = y;
		this.sky = sky;
		this.rings = rings;
	}

	/** Ring edges from {@code inner} to {@code outer} in steps of {@code step} (the last edge is {@code outer}). */
	public static double[] edges(double inner, double outer, double step) {
		if (!(inner >= 0)) throw new IllegalArgumentException("inner_radius must be >= 0 (got " + inner + ")");
		if (!(outer > inner)) throw new IllegalArgumentException("inner_radius must be smaller than outer_radius (got " + inner +
			" >= " + outer + ")");
		if (!(step > 0)) throw new IllegalArgumentException("step must be > 0 (got " + step + ")");
		int n = (int) Math.ceil((outer - inner) / step - 1e-9);
		if (n > 1_000_000) throw new IllegalArgumentException("step " + step + " makes more than a million rings");
		double[] e = new double[n + 1];
		for (int k = 0; k < n; k++) e[k] = inner + k * step;
		e[n] = outer;
		return e;
	}

	/**
	 * The profile around FITS position (x, y) in rings between consecutive {@code edges} (increasing,
	 * at least two), sky per pixel subtracted ({@code 0} for none).
	 */
	public static RadialProfile measure(Pixels px, double x, double y, double[] edges, double sky) {
		if (edges.length < 2) throw new IllegalArgumentException("a radial profile needs at least two radii (got " + edges.length + ")");
		if (!(edges[0] >= 0)) throw new IllegalArgumentException("radii must be >= 0 (got " + edges[0] + ")");
		for (int k = 1; k < edges.length; k++) if (!(edges[k] > edges[k - 1])) throw new IllegalArgumentException(
			"radii must increase (inner radius " + edges[k - 1] + " >= outer radius " + edges[k] + ")");
		if (!Double.isFinite(sky)) throw new IllegalArgumentException("sky must be a finite number (got " + sky + ")");
		int w = px.width, h = px.height, m = edges.length - 1;
		double cx = Coordinates.memoryX(x), cy = Coordinates.memoryY(y, h), rmax = edges[m];
		int[] n = new int[m], nan = new int[m], bad = new int[m];
		double[] s = new double[m], s2 = new double[m], e2 = new double[m];
		int i0 = (int) Math.max(0, Math.ceil(cx - rmax)), i1 = (int) Math.min(w - 1, Math.floor(cx + rmax));
		int j0 = (int) Math.max(0, Math.ceil(cy - rmax)), j1 = (int) Math.min(h - 1, Math.floor(cy + rmax));
		for (int j = j0; j <= j1; j++) {
			double dy = j - cy;
			for (int i = i0; i <= i1; i++) {
				double dx = i - cx, r = Math.sqrt(dx * dx + dy * dy);
				int k = ring(edges, r);
				if (k < 0) continue;
				int p = j * w + i;
				float v = px.values[p];
				if (v != v) {
					nan[k]++;
					continue;
				}
				if (px.flagged(p)) {
					bad[k]++;
					continue;
				}
				n[k]++;
				s[k] += v;
				s2[k] += (double) v * v;
				if (px.err != null) e2[k] += (double) px.err[p] * px.err[p];
			}
		}
		List<Ring> rings = new ArrayList<>();
		for (int k = 0; k < m; k++) {
			double sum = s[k] - sky * n[k], mean = n[k] > 0 ? s[k] / n[k] - sky : Double.NaN;
			double sumErr, meanErr;
			if (px.err != null) {
				sumErr = Math.sqrt(e2[k]);
				meanErr = n[k] > 0 ? sumErr / n[k] : Double.NaN;
			}
			else if (n[k] > 1) {
				double mu = s[k] / n[k], std = Math.sqrt(Math.max(0, (s2[k] - n[k] * mu * mu) / (n[k] - 1)));
				sumErr = std * Math.sqrt(n[k]);
				meanErr = std / Math.sqrt(n[k]);
			}
			else sumErr = meanErr = Double.NaN;
			rings.add(new Ring(edges[k], edges[k + 1], n[k], nan[k], bad[k], sum, sumErr, mean, meanErr));
		}
		return new RadialProfile(x, y, sky, rings);
	}

	/** The ring of radius r: k with edges[k] < r < edges[k + 1], or -1. */
	static int ring(double[] edges, double r) {
		if (!(r > edges[0]) || !(r < edges[edges.length - 1])) return -1;
		int lo = 0, hi = edges.length - 1; // edges[lo] < r < edges[hi]
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (edges[mid] < r) lo = mid;
			else if (edges[mid] > r) hi = mid;
			else return -1; // on an edge
		}
		return lo;
	}

	public List<Ring> rings() {
		return rings;
	}

	/** Columns radius, inner, outer, pixels, sum, sum_err, mean, mean_err, nan_pixels, bad_pixels. */
	public Table table(String title) {
		Table t = new Table(title, "radius", "inner", "outer", "pixels", "sum", "sum_err", "mean", "mean_err", "nan_pixels",
			"bad_pixels");
		for (Ring r : rings) t.addRow(r.radius(), r.inner, r.outer, r.pixels, r.sum, r.sumError, r.mean, r.meanError, r.nanPixels,
			r.badPixels);
		return t;
	}

	/** The mean per ring against radius. */
	public Plot plot(String title) {
		double[] r = new double[rings.size()], v = new double[rings.size()];
		for (int k = 0; k < r.length; k++) {
			r[k] = rings.get(k).radius();
			v[k] = rings.get(k).mean;
		}
		return new Plot(title, "radius (px)", sky == 0 ? "mean" : "mean - sky").add("profile", r, v, Plot.Style.LINE, "blue");
	}

	/** The centre (FITS). */
	public double[] centre() {
		return new double[] { x, y };
	}

	/**
	 * The curve of growth around FITS (x, y): for each radius the aperture sum with the given overlap
	 * (pixels off the image count 0, NaN and flagged pixels are left out), the sky per pixel times the
	 * used area subtracted, and that net sum as a fraction of the last one. Columns radius, sum, area_used,
	 * net, fraction.
	 */
	public static Table curveOfGrowth(Pixels px, double x, double y, double[] radii, double sky, Overlap overlap, String title) {
		if (!Double.isFinite(sky)) throw new IllegalArgumentException("sky must be a finite number (got " + sky + ")");
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = new ArrayList<>();
		for (double r : radii) s.apertures.add(Aperture.circle(r));
		s.annulus = null;
		s.sky = Sky.Method.NONE;
		s.overlap = overlap;
		Measurement m = AperturePhotometry.measure(px, Target.at("", x, y), s);
		Table t = new Table(title, "radius", "sum", "area_used", "net", "fraction");
		double total = m.sum[radii.length - 1] - sky * m.areaUsed[radii.length - 1];
		for (int k = 0; k < radii.length; k++) {
			double net = m.sum[k] - sky * m.areaUsed[k];
			t.addRow(radii[k], m.sum[k], m.areaUsed[k], net, net / total);
		}
		return t;
	}
}
