package org.astrofiji.core.photometry;

import java.util.Collections;
import java.util.List;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.wcs.Wcs;

/**
 * The measurements of one image, as a table (photutils-like columns, FITS positions) and as marks (the
 * apertures and annuli, for an overlay or a DS9 region file).
 */
public final class PhotometryResult {

	/** Per-aperture columns; with several apertures they get photutils' suffixes _0, _1, ... */
	static final String[] APERTURE_COLUMNS = { "radius", "aperture_sum", "area", "area_on_image", "area_used", "nan_pixels",
		"bad_pixels", "background", "net_flux", "net_flux_err", "snr", "mag", "mag_err" };

	private final List<Measurement> measurements;
	private final PhotometrySettings settings;

	PhotometryResult(List<Measurement> measurements, PhotometrySettings settings) {
		this.measurements = Collections.unmodifiableList(measurements);
		this.settings = settings;
	}

	public List<Measurement> measurements() {
		return measurements;
	}

	/**
	 * One row per target: id, x, y (where measured), x_init, y_init, shift, sky, sky_std, sky_pixels,
	 * per aperture radius (semi-major axis), aperture_sum, area, area_on_image, area_used, nan_pixels,
	 * bad_pixels, background, net_flux, net_flux_err, snr, mag, mag_err, and flags
	 * ({@link Measurement#describe}).
	 */
	public Table table(String title) {
		return table(title, null);
	}

	/**
	 * The same with ra and dec (degrees, of x and y) after y when {@code wcs} is given and converts
	 * pixels to the sky (for another celestial frame: its longitude and latitude).
	 */
	public Table table(String title, Wcs wcs) {
		boolean sky = wcs != null && wcs.isSupported();
		int m = 0;
		for (Measurement r : measurements) m = Math.max(m, r.apertures.size());
		if (m == 0) m = settings.apertures.size();
		Table t = new Table(title, "id", "x", "y");
		if (sky) t.addColumn("ra").addColumn("dec");
		for (String c : new String[] { "x_init", "y_init", "shift", "sky", "sky_std", "sky_pixels" }) t.addColumn(c);
		for (int a = 0; a < m; a++) for (String c : APERTURE_COLUMNS) t.addColumn(column(c, a, m));
		t.addColumn("flags");
		for (Measurement r : measurements) {
			int row = t.addRow();
			if (sky) {
				double[] radec = wcs.pixelToSky(r.x, r.y);
				t.set(row, "ra", radec[0]).set(row, "dec", radec[1]);
			}
			t.set(row, "id", r.target.id).set(row, "x", r.x).set(row, "y", r.y).set(row, "x_init", r.target.x)
				.set(row, "y_init", r.target.y).set(row, "shift", r.shift).set(row, "sky", r.sky).set(row, "sky_std", r.skyStd)
				.set(row, "sky_pixels", r.skyPixels).set(row, "flags", r.flags);
			for (int a = 0; a < r.apertures.size(); a++) {
				t.set(row, column("radius", a, m), r.apertures.get(a).a);
				t.set(row, column("aperture_sum", a, m), r.sum[a]);
				t.set(row, column("area", a, m), r.area[a]);
				t.set(row, column("area_on_image", a, m), r.areaOnImage[a]);
				t.set(row, column("area_used", a, m), r.areaUsed[a]);
				t.set(row, column("nan_pixels", a, m), r.nanPixels[a]);
				t.set(row, column("bad_pixels", a, m), r.badPixels[a]);
				t.set(row, column("background", a, m), r.background[a]);
				t.set(row, column("net_flux", a, m), r.flux[a]);
				t.set(row, column("net_flux_err", a, m), r.fluxError[a]);
				t.set(row, column("snr", a, m), r.snr[a]);
				t.set(row, column("mag", a, m), r.mag[a]);
				t.set(row, column("mag_err", a, m), r.magError[a]);
			}
		}
		return t;
	}

	/** A column name: {@code name} for a single aperture, {@code name_a} for several. */
	public static String column(String name, int aperture, int apertures) {
		return apertures == 1 ? name : name + "_" + aperture;
	}

	/** The apertures (circles or ellipses) and sky annuli where they were measured, labelled with the target ids. */
	public Marks marks(String name, String color) {
		Marks marks = new Marks(name, color);
		for (Measurement r : measurements) {
			for (Aperture a : r.apertures) add(marks, a, r.x, r.y, r.target.id);
			Aperture ann = r.target.annulus != null ? r.target.annulus : settings.sky.usesAnnulus() ? settings.annulus : null;
			if (ann != null) add(marks, ann, r.x, r.y, null);
		}
		return marks;
	}

	private static void add(Marks marks, Aperture a, double x, double y, String label) {
		switch (a.kind) {
			case CIRCLE: marks.circle(x, y, a.a, label); break;
			case ELLIPSE: marks.ellipse(x, y, a.a, a.b, a.thetaDegrees, label); break;
			case ANNULUS: marks.annulus(x, y, a.innerA, a.a, label); break;
			default:
				marks.ellipse(x, y, a.innerA, a.innerB, a.thetaDegrees, label);
				marks.ellipse(x, y, a.a, a.b, a.thetaDegrees, null);
		}
	}
}
