package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleToIntFunction;

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

	/** One ring around its centre. */
	public static final class Ring {

		/** The centre, FITS. */
		public final double x, y;
		public final double inner, outer;
		public final int pixels, nanPixels, badPixels;
		public final double sum, sumError, mean, meanError;

		Ring(double x, double y, double inner, double outer, int pixels, int nanPixels, int badPixels, double sum, double sumError,
			double mean, double meanError)
		{
			this.x = x;
			this.y = y;
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
		if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("centre must be finite (got " + x + ", " +
			y + ")");
		checkSky(sky);
		int m = edges.length - 1;
		Sums sums = new Sums(m);
		sums.add(px, x, y, edges[m], r -> ring(edges, r));
		List<Ring> rings = new ArrayList<>();
		for (int k = 0; k < m; k++) rings.add(sums.ring(k, x, y, edges[k], edges[k + 1], sky, px.err != null));
		return new RadialProfile(x, y, sky, rings);
	}

	/**
	 * Annuli each around its own centre, {@code inner[k] < r < outer[k]} (FITS centres x[k], y[k]): the
	 * seed's DS9 recipe, where annuli are placed one by one and a pixel in two annuli counts in both.
	 */
	public static RadialProfile annuli(Pixels px, double[] x, double[] y, double[] inner, double[] outer, double sky) {
		int m = inner.length;
		if (m == 0 || outer.length != m || x.length != m || y.length != m) throw new IllegalArgumentException(
			"annuli need a centre, an inner and an outer radius each (got " + x.length + ", " + y.length + ", " + inner.length + ", " +
				outer.length + ")");
		checkSky(sky);
		List<Ring> rings = new ArrayList<>();
		for (int k = 0; k < m; k++) {
			if (!Double.isFinite(x[k]) || !Double.isFinite(y[k])) throw new IllegalArgumentException("centre must be finite (got " + x[k] +
				", " + y[k] + ")");
			if (!(inner[k] >= 0) || Double.isInfinite(inner[k])) throw new IllegalArgumentException("inner_radius must be >= 0 (got " +
				inner[k] + ")");
			if (!(outer[k] > inner[k]) || Double.isInfinite(outer[k])) throw new IllegalArgumentException(
				"inner_radius must be smaller than outer_radius (got " + inner[k] + " >= " + outer[k] + ")");
			double in = inner[k], out = outer[k];
			Sums sums = new Sums(1);
			sums.add(px, x[k], y[k], out, r -> in < r && r < out ? 0 : -1);
			rings.add(sums.ring(0, x[k], y[k], in, out, sky, px.err != null));
		}
		return new RadialProfile(x[0], y[0], sky, rings);
	}

	private static void checkSky(double sky) {
		if (!Double.isFinite(sky)) throw new IllegalArgumentException("sky must be a finite number (got " + sky + ")");
	}

	/** Counts and sums per ring. */
	private static final class Sums {

		final int[] n, nan, bad;
		final double[] s, s2, e2;

		Sums(int m) {
			n = new int[m];
			nan = new int[m];
			bad = new int[m];
			s = new double[m];
			s2 = new double[m];
			e2 = new double[m];
		}

		/** Every pixel within rmax of FITS (x, y), by its centre, into the ring {@code ringOf} gives its distance (-1: none). */
		void add(Pixels px, double x, double y, double rmax, DoubleToIntFunction ringOf) {
			int w = px.width, h = px.height;
			double cx = Coordinates.memoryX(x), cy = Coordinates.memoryY(y, h);
			int i0 = (int) Math.max(0, Math.ceil(cx - rmax)), i1 = (int) Math.min(w - 1, Math.floor(cx + rmax));
			int j0 = (int) Math.max(0, Math.ceil(cy - rmax)), j1 = (int) Math.min(h - 1, Math.floor(cy + rmax));
			for (int j = j0; j <= j1; j++) {
				double dy = j - cy;
				for (int i = i0; i <= i1; i++) {
					double dx = i - cx;
					int k = ringOf.applyAsInt(Math.sqrt(dx * dx + dy * dy));
					if (k < 0) continue;
					int p = j * w + i;
					float v = px.values[p];
					if (v != v) nan[k]++;
					else if (px.flagged(p)) bad[k]++;
					else {
						n[k]++;
						s[k] += v;
						s2[k] += (double) v * v;
						if (px.err != null) e2[k] += (double) px.err[p] * px.err[p];
					}
				}
			}
		}

		Ring ring(int k, double x, double y, double inner, double outer, double sky, boolean err) {
			double sum = s[k] - sky * n[k], mean = n[k] > 0 ? s[k] / n[k] - sky : Double.NaN;
			double sumErr, meanErr;
			if (err) {
				sumErr = Math.sqrt(e2[k]);
				meanErr = n[k] > 0 ? sumErr / n[k] : Double.NaN;
			}
			else if (n[k] > 1) {
				double mu = s[k] / n[k], std = Math.sqrt(Math.max(0, (s2[k] - n[k] * mu * mu) / (n[k] - 1)));
				sumErr = std * Math.sqrt(n[k]);
				meanErr = std / Math.sqrt(n[k]);
			}
			else sumErr = meanErr = Double.NaN;
			return new Ring(x, y, inner, outer, n[k], nan[k], bad[k], sum, sumErr, mean, meanErr);
		}
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

	/**
	 * Columns radius (the ring's middle), inner, outer, pixels, sum, sum_err, mean, mean_err,
	 * nan_pixels, bad_pixels, and the ring's centre x, y (FITS).
	 */
	public Table table(String title) {
		Table t = new Table(title, "radius", "inner", "outer", "pixels", "sum", "sum_err", "mean", "mean_err", "nan_pixels",
			"bad_pixels", "x", "y");
		for (Ring r : rings) t.addRow(r.radius(), r.inner, r.outer, r.pixels, r.sum, r.sumError, r.mean, r.meanError, r.nanPixels,
			r.badPixels, r.x, r.y);
		return t;
	}

	/** The mean per ring against the ring's middle radius. */
	public Plot plot(String title) {
		return plot(title, false);
	}

	/** The mean per ring against the ring's middle radius, or its inner radius (the seed's plot). */
	public Plot plot(String title, boolean innerRadius) {
		double[] r = new double[rings.size()], v = new double[rings.size()];
		for (int k = 0; k < r.length; k++) {
			r[k] = innerRadius ? rings.get(k).inner : rings.get(k).radius();
			v[k] = rings.get(k).mean;
		}
		return new Plot(title, (innerRadius ? "inner radius" : "radius") + " (px)", sky == 0 ? "mean" : "mean - sky").add("profile",
			r, v, Plot.Style.LINE, "blue");
	}

	/** The centre (FITS; of the first ring for annuli with their own centres). */
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
		// every aperture beyond the image's farthest corner holds all of it, with the same sums: measured once (an
		// outer_radius of 99999 made 99999 apertures over the whole image, and minutes of work)
		double far = 0;
		for (double cx : new double[] { 0.5, px.width + 0.5 }) {
			for (double cy : new double[] { 0.5, px.height + 0.5 }) far = Math.max(far, Math.hypot(cx - x, cy - y));
		}
		double whole = far + 1;
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = new ArrayList<>();
		java.util.Map<Double, Integer> measured = new java.util.LinkedHashMap<>();
		int[] index = new int[radii.length];
		for (int k = 0; k < radii.length; k++) {
			double r = radii[k] > whole ? whole : radii[k];
			Integer i = measured.get(r);
			if (i == null) {
				measured.put(r, i = s.apertures.size());
				s.apertures.add(Aperture.circle(r));
			}
			index[k] = i;
		}
		s.annulus = null;
		s.sky = Sky.Method.NONE;
		s.overlap = overlap;
		Measurement m = AperturePhotometry.measure(px, Target.at("", x, y), s);
		Table t = new Table(title, "radius", "sum", "area_used", "net", "fraction");
		int last = index[radii.length - 1];
		double total = m.sum[last] - sky * m.areaUsed[last];
		for (int k = 0; k < radii.length; k++) {
			int i = index[k];
			double net = m.sum[i] - sky * m.areaUsed[i];
			t.addRow(radii[k], m.sum[i], m.areaUsed[i], net, net / total);
		}
		return t;
	}
}
