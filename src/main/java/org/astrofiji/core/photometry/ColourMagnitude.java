package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.wcs.Wcs;

/**
 * A colour-magnitude diagram from the photometry of one field in two or more bands: for each star its
 * magnitude in every band and the colours of consecutive bands, {@code colour = mag_1 - mag_2} with the
 * error {@code sqrt(err_1^2 + err_2^2)}. The stars are either the same targets measured in every band
 * ({@link #forced}: positions carried from one image to the others) or the stars of two independent
 * lists paired by {@link StarMatch} ({@link #of}: the shift between the frames measured from the stars
 * themselves).
 */
public final class ColourMagnitude {

	public final List<String> bands;
	/** The pairing of the two lists ({@link #of}), or null for forced photometry. */
	public final StarMatch match;
	/** rows.get(k).get(b): star k in band b. */
	private final List<List<Measurement>> rows;
	private final int aperture;

	private ColourMagnitude(List<String> bands, StarMatch match, List<List<Measurement>> rows, int aperture) {
		this.bands = Collections.unmodifiableList(new ArrayList<>(bands));
		this.match = match;
		this.rows = rows;
		this.aperture = aperture;
	}

	/**
	 * Matches the measurements of band 1 with those of band 2 (FITS positions; only those with a finite
	 * magnitude in aperture {@code aperture}).
	 */
	public static ColourMagnitude of(String band1, List<Measurement> measured1, String band2, List<Measurement> measured2,
		int aperture, double maxShift, double radius)
	{
		checkBands(List.of(band1, band2));
		List<Measurement> a = usable(measured1, aperture), b = usable(measured2, aperture);
		double[][] pa = positions(a), pb = positions(b);
		StarMatch m = StarMatch.match(pa[0], pa[1], pb[0], pb[1], maxShift, radius);
		List<List<Measurement>> rows = new ArrayList<>();
		for (int k = 0; k < m.size(); k++) rows.add(List.of(a.get(m.a[k]), b.get(m.b[k])));
		return new ColourMagnitude(List.of(band1, band2), m, rows, aperture);
	}

	/**
	 * The same targets measured in every band: {@code measured.get(b).get(k)} is target k in band b (the
	 * lists in the order of {@code bands}, of equal length). Stars without a magnitude in a band keep
	 * their row, with NaN colours.
	 */
	public static ColourMagnitude forced(List<String> bands, List<List<Measurement>> measured, int aperture) {
		checkBands(bands);
		if (measured.size() != bands.size()) throw new IllegalArgumentException(bands.size() + " bands but " + measured.size() +
			" lists of measurements");
		int n = measured.get(0).size();
		for (int b = 0; b < measured.size(); b++) {
			if (measured.get(b).size() != n) throw new IllegalArgumentException("band " + bands.get(b) + " has " + measured.get(b).size() +
				" measurements, band " + bands.get(0) + " " + n);
			for (Measurement m : measured.get(b)) checkAperture(m, aperture);
		}
		List<List<Measurement>> rows = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			List<Measurement> row = new ArrayList<>();
			for (List<Measurement> band : measured) row.add(band.get(k));
			rows.add(row);
		}
		return new ColourMagnitude(bands, null, rows, aperture);
	}

	private static void checkBands(List<String> bands) {
		if (bands.size() < 2) throw new IllegalArgumentException("a colour needs at least two bands (got " + bands + ")");
		if (new HashSet<>(bands).size() != bands.size()) throw new IllegalArgumentException("the bands must differ (got " + bands +
			")");
	}

	private static void checkAperture(Measurement m, int aperture) {
		if (aperture < 0 || aperture >= m.mag.length) throw new IllegalArgumentException("aperture " + aperture +
			" does not exist (target " + m.target.id + " has " + m.mag.length + ")");
	}

	private static List<Measurement> usable(List<Measurement> ms, int aperture) {
		List<Measurement> out = new ArrayList<>();
		for (Measurement m : ms) {
			checkAperture(m, aperture);
			if (Double.isFinite(m.mag[aperture])) out.add(m);
		}
		return out;
	}

	private static double[][] positions(List<Measurement> ms) {
		double[][] p = new double[2][ms.size()];
		for (int i = 0; i < ms.size(); i++) {
			p[0][i] = ms.get(i).x;
			p[1][i] = ms.get(i).y;
		}
		return p;
	}

	public int size() {
		return rows.size();
	}

	/** The first colour's name, e.g. "B-V". */
	public String colourName() {
		return colourName(0);
	}

	/** The name of colour c: band c minus band c + 1. */
	public String colourName(int c) {
		return bands.get(c) + "-" + bands.get(c + 1);
	}

	/** The table without sky positions. */
	public Table table(String title) {
		return table(title, null);
	}

	/**
	 * One row per star: id (its band-1 target), x, y (band 1, FITS; ra and dec through {@code wcs} when
	 * given), then per band x_b, y_b (where it was measured), mag_b, mag_b_err and flags_b (with id_b for
	 * matched lists), then each colour (e.g. B-V, V-R) and its error.
	 */
	public Table table(String title, Wcs wcs) {
		boolean sky = wcs != null && wcs.isSupported();
		Table t = new Table(title, "id", "x", "y");
		if (sky) t.addColumn("ra").addColumn("dec");
		for (String b : bands) {
			if (match != null) t.addColumn("id_" + b);
			t.addColumn("x_" + b).addColumn("y_" + b).addColumn("mag_" + b).addColumn("mag_" + b + "_err").addColumn("flags_" + b);
		}
		for (int c = 0; c + 1 < bands.size(); c++) t.addColumn(colourName(c)).addColumn(colourName(c) + "_err");
		for (List<Measurement> row : rows) {
			int r = t.addRow();
			Measurement first = row.get(0);
			t.set(r, "id", first.target.id).set(r, "x", first.x).set(r, "y", first.y);
			if (sky) {
				double[] radec = wcs.pixelToSky(first.x, first.y);
				t.set(r, "ra", radec[0]).set(r, "dec", radec[1]);
			}
			for (int b = 0; b < bands.size(); b++) {
				Measurement m = row.get(b);
				String n = bands.get(b);
				if (match != null) t.set(r, "id_" + n, m.target.id);
				t.set(r, "x_" + n, m.x).set(r, "y_" + n, m.y).set(r, "mag_" + n, m.mag[aperture])
					.set(r, "mag_" + n + "_err", m.magError[aperture]).set(r, "flags_" + n, m.flags);
			}
			for (int c = 0; c + 1 < bands.size(); c++) {
				Measurement p = row.get(c), q = row.get(c + 1);
				double e1 = p.magError[aperture], e2 = q.magError[aperture];
				t.set(r, colourName(c), p.mag[aperture] - q.mag[aperture]).set(r, colourName(c) + "_err", Math.sqrt(e1 * e1 + e2 * e2));
			}
		}
		return t;
	}

	/**
	 * The diagram: the band-2 magnitude against the first colour, the magnitude axis inverted (bright
	 * stars on top, as astronomers draw it); stars without both magnitudes are left out.
	 */
	public Plot plot(String title) {
		List<double[]> points = new ArrayList<>();
		for (List<Measurement> row : rows) {
			double m1 = row.get(0).mag[aperture], m2 = row.get(1).mag[aperture];
			if (Double.isFinite(m1) && Double.isFinite(m2)) points.add(new double[] { m1 - m2, m2 });
		}
		double[] x = new double[points.size()], y = new double[points.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = points.get(i)[0];
			y[i] = points.get(i)[1];
		}
		return new Plot(title, colourName(), "mag_" + bands.get(1)).add("stars", x, y, Plot.Style.POINTS, "black").invertY();
	}
}
