package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;

/**
 * A colour-magnitude diagram from the photometry of one field in two bands: the stars with a
 * magnitude in both are matched ({@link StarMatch}: the shift between the frames measured from the
 * stars themselves), and each pair gives {@code colour = mag_1 - mag_2} with its error
 * {@code sqrt(err_1^2 + err_2^2)}.
 */
public final class ColourMagnitude {

	public final String band1, band2;
	public final StarMatch match;
	private final List<Measurement> first, second;
	private final int aperture;

	private ColourMagnitude(String band1, String band2, StarMatch match, List<Measurement> first, List<Measurement> second,
		int aperture)
	{
		this.band1 = band1;
		this.band2 = band2;
		this.match = match;
		this.first = first;
		this.second = second;
		this.aperture = aperture;
	}

	/**
	 * Matches the measurements of band 1 with those of band 2 (FITS positions; only those with a finite
	 * magnitude in aperture {@code aperture}).
	 */
	public static ColourMagnitude of(String band1, List<Measurement> measured1, String band2, List<Measurement> measured2,
		int aperture, double maxShift, double radius)
	{
		if (band1.equals(band2)) throw new IllegalArgumentException("the two bands must differ (both are '" + band1 + "')");
		List<Measurement> a = usable(measured1, aperture), b = usable(measured2, aperture);
		double[][] pa = positions(a), pb = positions(b);
		StarMatch m = StarMatch.match(pa[0], pa[1], pb[0], pb[1], maxShift, radius);
		return new ColourMagnitude(band1, band2, m, a, b, aperture);
	}

	private static List<Measurement> usable(List<Measurement> ms, int aperture) {
		List<Measurement> out = new ArrayList<>();
		for (Measurement m : ms) {
			if (aperture < 0 || aperture >= m.mag.length) throw new IllegalArgumentException("aperture " + aperture +
				" does not exist (target " + m.target.id + " has " + m.mag.length + ")");
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

	/** The colour column's name, e.g. "B-V". */
	public String colourName() {
		return band1 + "-" + band2;
	}

	/**
	 * One row per matched star: id_1, id_2 (the band names replace 1 and 2), x, y (band 1, FITS),
	 * mag_1, mag_1_err, mag_2, mag_2_err, colour and colour_err.
	 */
	public Table table(String title) {
		String c = colourName();
		Table t = new Table(title, "id_" + band1, "id_" + band2, "x", "y", "mag_" + band1, "mag_" + band1 + "_err", "mag_" + band2,
			"mag_" + band2 + "_err", c, c + "_err");
		for (int k = 0; k < match.size(); k++) {
			Measurement p = first.get(match.a[k]), q = second.get(match.b[k]);
			double m1 = p.mag[aperture], m2 = q.mag[aperture], e1 = p.magError[aperture], e2 = q.magError[aperture];
			t.addRow(p.target.id, q.target.id, p.x, p.y, m1, e1, m2, e2, m1 - m2, Math.sqrt(e1 * e1 + e2 * e2));
		}
		return t;
	}

	/** The diagram: band 2 magnitude against colour (astronomers draw the magnitude axis inverted). */
	public Plot plot(String title) {
		Table t = table(title);
		return new Plot(title, colourName(), "mag_" + band2).add("stars", t.column(colourName()), t.column("mag_" + band2),
			Plot.Style.POINTS, "black");
	}
}
