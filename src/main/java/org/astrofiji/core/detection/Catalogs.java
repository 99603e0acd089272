package org.astrofiji.core.detection;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;

/** Tables, overlay shapes and histograms of a {@link Detection}. */
public final class Catalogs {

	/** Columns of the label method's table, in order. */
	public static final String[] LABEL_COLUMNS = { "id", "x", "y", "npix", "sum", "flux", "peak", "x_peak", "y_peak",
		"background", "a", "b", "theta", "fwhm", "ellipticity", "xmin", "xmax", "ymin", "ymax", "flags" };
	/** Columns of the peaks method's table, in order (highest peak first). */
	public static final String[] PEAK_COLUMNS = { "id", "x", "y", "peak", "background", "height", "flags" };

	/** Overlay ellipses are drawn at this many times a and b (as in SEP's documentation). */
	public static final double ELLIPSE_SCALE = 3;

	private Catalogs() {}

	/**
	 * The sources as a table: FITS positions; for the label method one row per source with the
	 * columns of {@link #LABEL_COLUMNS}, for the peaks method {@link #PEAK_COLUMNS}.
	 */
	public static Table table(Detection d) {
		boolean peaks = d.settings().method == DetectionSettings.Method.PEAKS;
		// "Results": ImageJ's table of measurements, which macros read with nResults and getResult
		Table t = new Table("Results", peaks ? PEAK_COLUMNS : LABEL_COLUMNS);
		for (Source s : d.sources()) {
			if (peaks) {
				t.addRow(s.id, s.x, s.y, s.peak, s.background, s.peak - s.background, s.flags);
				continue;
			}
			t.addRow(s.id, s.x, s.y, s.npix, s.sum, s.flux, s.peak, s.xPeak, s.yPeak, s.background, s.a, s.b, s.theta, s.fwhm,
				s.ellipticity, s.xmin, s.xmax, s.ymin, s.ymax, s.flags);
		}
		return t;
	}

	/**
	 * Overlay shapes: for the label method an ellipse per source at 3 a x 3 b (at least 2 px), for
	 * peaks a point; each named by the source id.
	 */
	public static Marks marks(Detection d) {
		boolean peaks = d.settings().method == DetectionSettings.Method.PEAKS;
		Marks m = new Marks(peaks ? "peaks" : "stars", peaks ? "cyan" : "green");
		for (Source s : d.sources()) {
			if (peaks) m.point(s.x, s.y, String.valueOf(s.id));
			else {
				double a = Math.max(2, ELLIPSE_SCALE * s.a), b = Math.max(2, ELLIPSE_SCALE * s.b);
				m.ellipse(s.x, s.y, Math.max(a, b), Math.min(a, b), s.theta, String.valueOf(s.id));
			}
		}
		return m;
	}

	/** Histogram of the distance (pixels) of each source from (x, y), FITS coordinates. */
	public static Plot radialHistogram(Detection d, double x, double y) {
		List<Double> r = new ArrayList<>();
		for (Source s : d.sources()) r.add(Math.hypot(s.x - x, s.y - y));
		Plot p = new Plot("Distance from (" + StarFinder.fmt(x) + ", " + StarFinder.fmt(y) + ")", "distance (px)",
			"sources");
		double[][] h = histogram(r, 0, r.isEmpty() ? 1 : max(r));
		return p.add("sources", h[0], h[1], Plot.Style.BARS, "blue");
	}

	/** Histogram of log10(flux) of the sources with a positive flux. */
	public static Plot fluxHistogram(Detection d) {
		List<Double> f = new ArrayList<>();
		for (Source s : d.sources()) if (s.flux > 0) f.add(Math.log10(s.flux));
		Plot p = new Plot("Flux distribution", "log10 flux", "sources");
		double lo = f.isEmpty() ? 0 : min(f), hi = f.isEmpty() ? 1 : max(f);
		double[][] h = histogram(f, lo, hi);
		return p.add("sources", h[0], h[1], Plot.Style.BARS, "blue");
	}

	/** {bin centres, counts}: about sqrt(n) bins (5 to 50) over [lo, hi]. */
	static double[][] histogram(List<Double> v, double lo, double hi) {
		int bins = Math.max(5, Math.min(50, (int) Math.round(Math.sqrt(v.size()))));
		if (!(hi > lo)) hi = lo + 1;
		double width = (hi - lo) / bins;
		double[] centres = new double[bins], counts = new double[bins];
		for (int i = 0; i < bins; i++) centres[i] = lo + (i + 0.5) * width;
		for (double x : v) counts[Math.min(bins - 1, Math.max(0, (int) ((x - lo) / width)))]++;
		return new double[][] { centres, counts };
	}

	private static double max(List<Double> v) {
		double m = Double.NEGATIVE_INFINITY;
		for (double x : v) m = Math.max(m, x);
		return m;
	}

	private static double min(List<Double> v) {
		double m = Double.POSITIVE_INFINITY;
		for (double x : v) m = Math.min(m, x);
		return m;
	}
}
