package org.astrofiji.core.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.Source;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.image.AstroImage;

/**
 * Star positions to match: FITS pixel coordinates (1-based, y up) with a brightness that ranks them
 * (any unit; only the order matters). Immutable.
 */
public final class StarList {

	private final double[] x, y, flux;

	private StarList(double[] x, double[] y, double[] flux) {
		this.x = x;
		this.y = y;
		this.flux = flux;
	}

	/** Stars in the given order, brightest first. */
	public static StarList of(double[] x, double[] y) {
		double[] rank = new double[check(x, y)];
		for (int i = 0; i < rank.length; i++) rank[i] = rank.length - i;
		return new StarList(x.clone(), y.clone(), rank);
	}

	/** Stars with their fluxes (NaN flux ranks last). */
	public static StarList of(double[] x, double[] y, double[] flux) {
		int n = check(x, y);
		if (flux == null || flux.length != n) throw new IllegalArgumentException("flux array must have one value per star (" + n + ")");
		for (int i = 0; i < n; i++) {
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) throw new IllegalArgumentException("star " + i +
				" has no finite position (" + x[i] + ", " + y[i] + ")");
		}
		return new StarList(x.clone(), y.clone(), flux.clone());
	}

	/** The centres and fluxes of detected sources (those with a finite centre). */
	public static StarList of(List<Source> sources) {
		List<Source> ok = new ArrayList<>(sources.size());
		for (Source s : sources) if (Double.isFinite(s.x) && Double.isFinite(s.y)) ok.add(s);
		double[] x = new double[ok.size()], y = new double[ok.size()], f = new double[ok.size()];
		for (int i = 0; i < f.length; i++) {
			Source s = ok.get(i);
			x[i] = s.x;
			y[i] = s.y;
			f[i] = s.flux;
		}
		return new StarList(x, y, f);
	}

	/**
	 * The stars of a table with columns {@code x}, {@code y} (FITS) and, when present, {@code flux} (a
	 * Find Stars table); rows without a finite position are left out.
	 *
	 * @param what names the table in errors ("stars")
	 */
	public static StarList of(Table table, String what) {
		if (!table.hasColumn("x") || !table.hasColumn("y")) throw new IllegalArgumentException(what + ": the table has no x and y " +
			"columns (it has " + String.join(", ", table.columns()) + "); give a Find Stars table");
		double[] x = table.column("x"), y = table.column("y");
		double[] f = table.hasColumn("flux") ? table.column("flux") : null;
		int n = 0;
		for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) n++;
		double[] xs = new double[n], ys = new double[n], fs = new double[n];
		for (int i = 0, k = 0; i < x.length; i++) {
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
			xs[k] = x[i];
			ys[k] = y[i];
			fs[k] = f != null ? f[i] : x.length - i; // without fluxes: the table's order
			k++;
		}
		return new StarList(xs, ys, fs);
	}

	/** How many stars {@link #detect(float[], int, int)} keeps: plenty for matching and the final fit. */
	public static final int DETECTED = 300;

	/**
	 * Stars to register a row-major image (memory order) by: the brightest well-isolated ones, at most
	 * {@link #DETECTED} (windowed centroids of isolated, unsaturated stars away from the edge and from
	 * NaN pixels: {@link BrightStars}, about 10x faster than a full detection). A frame with fewer than
	 * {@value BrightStars#MIN_STRONG} bright stars gets the full {@link StarFinder} detection instead
	 * (default settings with the matched filter: 3 sigma of the filtered noise, min_area 5, windowed
	 * centroids, deblending; without sources flagged at the edge, saturated or over NaN pixels), which
	 * finds what there is to match in faint frames (blends included).
	 */
	public static StarList detect(float[] pixels, int w, int h) {
		StarList fast = BrightStars.detect(pixels, null, w, h, DETECTED);
		return fast != null ? fast : detect(pixels, w, h, registrationSettings());
	}

	/**
	 * {@link #detect(float[], int, int)} on an image, leaving out also the stars over pixels its DQ
	 * flags as bad, hot, dead, cosmic ray, saturated or without data.
	 */
	public static StarList detect(AstroImage image) {
		image.require2D("star detection");
		StarList fast = BrightStars.detect(image.data(), image.dqData(), image.width(), image.height(), DETECTED);
		return fast != null ? fast : of(StarFinder.find(image, registrationSettings(), Progress.NONE).sources());
	}

	private static DetectionSettings registrationSettings() {
		DetectionSettings s = new DetectionSettings();
		s.filterType = DetectionSettings.FilterType.MATCHED;
		s.excludeFlagged = true;
		return s;
	}

	/** Detects stars with the given settings. */
	public static StarList detect(float[] pixels, int w, int h, DetectionSettings settings) {
		return of(StarFinder.find(pixels, w, h, settings, Progress.NONE).sources());
	}

	private static int check(double[] x, double[] y) {
		if (x == null || y == null) throw new IllegalArgumentException("star positions: none given");
		if (x.length != y.length) throw new IllegalArgumentException("star x and y arrays differ in length (" + x.length + " vs " +
			y.length + ")");
		for (int i = 0; i < x.length; i++) {
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) throw new IllegalArgumentException("star " + i +
				" has no finite position (" + x[i] + ", " + y[i] + ")");
		}
		return x.length;
	}

	public int size() {
		return x.length;
	}

	public double x(int i) {
		return x[i];
	}

	public double y(int i) {
		return y[i];
	}

	public double flux(int i) {
		return flux[i];
	}

	/** Indices of the n brightest stars, brightest first (ties and NaN keep the list order). */
	int[] brightest(int n) {
		Integer[] order = new Integer[x.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> {
			double fa = flux[a], fb = flux[b];
			boolean na = fa != fa, nb = fb != fb;
			if (na != nb) return na ? 1 : -1;
			return na ? 0 : Double.compare(fb, fa);
		});
		int k = Math.min(n, order.length);
		int[] out = new int[k];
		for (int i = 0; i < k; i++) out[i] = order[i];
		return out;
	}
}
