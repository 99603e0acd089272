package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.Detection;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.Ds9Regions;
import org.astrofiji.io.Region;

/**
 * Where the photometry and PSF commands measure, as targets at FITS pixel positions: a CSV table (Find Stars'
 * or Aperture Photometry's, columns x and y; or ra and dec through the image's WCS), a DS9, PROS or XY
 * region file (circles and annuli become the target's own apertures and sky annulus), ImageJ's marked
 * points (the bridge's {@code points} table), or text ("x,y x,y ...").
 */
final class Positions {

	private Positions() {}

	/**
	 * The targets the user gave: of the positions file ({@code key}; positions on the sky through the
	 * image's WCS), else of the points marked in ImageJ (the bridge's {@code points} table), else null.
	 * Where they came from is added to the notes.
	 */
	static List<Target> given(String key, File file, String format, Table points, AstroImage src, List<String> notes)
		throws IOException
	{
		if (file != null) {
			List<Target> t = read(key, file, format, Wcs.of(src), notes);
			notes.add(describe(t, file.getName()));
			return t;
		}
		if (points != null && points.rowCount() > 0) {
			List<Target> t = fromTable(points, null);
			notes.add(describe(t, "the points marked on " + src.name()));
			return t;
		}
		return null;
	}

	/** The stars Find Stars finds with its default settings. */
	static List<Target> detected(AstroImage src, Progress progress, List<String> notes) {
		Detection d = StarFinder.find(src, new DetectionSettings(), progress);
		List<Target> t = fromTable(d.table(), null);
		notes.add(describe(t, "Find Stars on " + src.name() + " (default settings)"));
		return t;
	}

	/** FITS x and y of the targets, in order. */
	static double[][] xy(List<Target> targets) {
		double[][] p = new double[2][targets.size()];
		for (int i = 0; i < targets.size(); i++) {
			p[0][i] = targets.get(i).x;
			p[1][i] = targets.get(i).y;
		}
		return p;
	}

	/**
	 * The targets of a positions file; {@code format} auto reads a .csv file as a table and anything
	 * else as a region file of any of the three region formats. Messages name {@code key} and the file.
	 */
	static List<Target> read(String key, File file, String format, Wcs wcs, List<String> notes) throws IOException {
		if (!file.isFile()) throw new IllegalArgumentException(key + ": " + file + " does not exist");
		String f = format == null ? "auto" : format.trim().toLowerCase(Locale.ROOT);
		boolean csv = f.equals("csv") || f.equals("auto") && file.getName().toLowerCase(Locale.ROOT).endsWith(".csv");
		try {
			if (csv) return fromTable(CsvTables.read(file), wcs);
			Ds9Regions.RegionFile regions = Ds9Regions.read(file, Ds9Regions.Format.of(f));
			for (String n : regions.notes) notes.add(file.getName() + ": " + n);
			return Ds9Regions.targets(regions, Region.SkyToPixel.of(wcs));
		}
		catch (IllegalArgumentException e) {
			String m = e.getMessage();
			throw new IllegalArgumentException(key + " " + (m.startsWith(file.getName()) ? "" : file.getName() + ": ") + m, e);
		}
	}

	/**
	 * Targets from a table: columns x and y (FITS pixels), else ra and dec (degrees or sexagesimal
	 * text) placed through the WCS; named by the id column, else numbered.
	 */
	static List<Target> fromTable(Table t, Wcs wcs) {
		boolean pixels = t.hasColumn("x") && t.hasColumn("y");
		if (!pixels && !(t.hasColumn("ra") && t.hasColumn("dec"))) throw new IllegalArgumentException(
			"the table needs columns x and y (FITS pixels) or ra and dec (degrees); it has " + t.columns());
		if (!pixels && (wcs == null || !wcs.isSupported())) throw new IllegalArgumentException(
			"ra and dec need a WCS, and the image has " + (wcs == null ? "none" : "one that cannot convert: " + wcs.note()));
		List<Target> out = new ArrayList<>();
		for (int r = 0; r < t.rowCount(); r++) {
			double x, y;
			if (pixels) {
				x = t.getDouble(r, "x");
				y = t.getDouble(r, "y");
			}
			else {
				double[] p = wcs.skyToPixel(angle(t, r, "ra"), angle(t, r, "dec"));
				x = p[0];
				y = p[1];
			}
			if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("row " + (r + 1) +
				" has no position (x, y = " + x + ", " + y + ")");
			String id = t.hasColumn("id") ? t.getString(r, "id") : "";
			if (id.endsWith(".0")) id = id.substring(0, id.length() - 2);
			out.add(Target.at(id.isEmpty() ? Integer.toString(r + 1) : id, x, y));
		}
		return out;
	}

	private static double angle(Table t, int r, String column) {
		Object v = t.get(r, column);
		if (v instanceof Number) return ((Number) v).doubleValue();
		String s = v == null ? "" : v.toString();
		try {
			return column.equals("ra") ? Equatorial.parseRa(s) : Equatorial.parseDec(s);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("row " + (r + 1) + ": " + e.getMessage(), e);
		}
	}

	/** Targets numbered 1, 2, ... from text "x,y x,y" (or separated by ';'), FITS pixels. */
	static List<Target> parse(String key, String text) {
		List<Target> out = new ArrayList<>();
		if (text == null || text.isBlank()) return out;
		for (String pair : text.trim().split("\\s*;\\s*|\\s+")) {
			String[] p = pair.split(",");
			try {
				if (p.length != 2) throw new NumberFormatException();
				out.add(Target.at(Integer.toString(out.size() + 1), Double.parseDouble(p[0]), Double.parseDouble(p[1])));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(key + " must be FITS positions x,y separated by spaces, such as 512.3,300 20,41.5 " +
					"(got '" + pair + "' in '" + text + "')");
			}
		}
		return out;
	}

	/** A short description of where the targets came from, for the summary. */
	static String describe(List<Target> targets, String from) {
		return targets.size() + (targets.size() == 1 ? " position" : " positions") + " from " + from;
	}
}
