package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.Version;

/**
 * DS9 region files (format version 4.1) from {@link Marks} or from a table with x, y columns.
 * Positions are FITS pixel coordinates, which are DS9's {@code image} coordinates (1-based, centre of
 * the first pixel at 1,1); {@code physical} coordinates are the same numbers for images that were not
 * cropped or binned (no LTV/LTM keywords). Points are crosses, circles and annuli take radii, ellipses
 * semi-axes and the angle in degrees counter-clockwise from +x; each shape carries its label as text.
 * Written atomically.
 */
public final class Ds9Regions {

	/** The coordinate system named in the file. */
	public enum CoordinateSystem {
		IMAGE, PHYSICAL;

		String keyword() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private Ds9Regions() {}

	/** The region file text of one or more sets of marks. */
	public static String format(CoordinateSystem system, List<Marks> marks) {
		StringBuilder sb = new StringBuilder("# Region file format: DS9 version 4.1\n");
		sb.append("# Written by ").append(Version.software()).append('\n');
		sb.append("global color=green dashlist=8 3 width=1 font=\"helvetica 10 normal roman\" select=1 highlite=1 dash=0 " +
			"fixed=0 edit=1 move=1 delete=1 include=1 source=1\n");
		sb.append(system.keyword()).append('\n');
		for (Marks set : marks) {
			sb.append("# ").append(set.name()).append(": ").append(set.size()).append(" shapes\n");
			String color = set.color() == null ? "" : " color=" + set.color();
			for (Marks.Mark m : set.marks()) {
				switch (m.kind) {
					case POINT:
						sb.append("point(").append(n(m.x)).append(',').append(n(m.y)).append(") # point=cross");
						break;
					case CIRCLE:
						sb.append("circle(").append(n(m.x)).append(',').append(n(m.y)).append(',').append(n(m.a)).append(") #");
						break;
					case ANNULUS:
						sb.append("annulus(").append(n(m.x)).append(',').append(n(m.y)).append(',').append(n(m.a)).append(',')
							.append(n(m.b)).append(") #");
						break;
					default:
						sb.append("ellipse(").append(n(m.x)).append(',').append(n(m.y)).append(',').append(n(m.a)).append(',')
							.append(n(m.b)).append(',').append(n(m.thetaDegrees)).append(") #");
				}
				sb.append(color);
				if (m.label != null && !m.label.isEmpty()) sb.append(" text={").append(m.label.replaceAll("[{}]", "")).append('}');
				sb.append('\n');
			}
		}
		return sb.toString();
	}

	/** Writes the marks as a region file (atomically; an existing file only with {@code overwrite}). */
	public static void write(File file, boolean overwrite, CoordinateSystem system, List<Marks> marks) throws IOException {
		byte[] text = format(system, marks).getBytes(StandardCharsets.UTF_8);
		OutputFiles.write(file, overwrite, out -> out.write(text));
	}

	/**
	 * Marks from a table with FITS columns x and y: an ellipse of {@code scale} a x {@code scale} b at
	 * theta where the table has finite a, b and theta, otherwise a point; labelled by the id column
	 * when there is one.
	 */
	public static Marks fromTable(Table table, double scale, String color) {
		Marks m = new Marks(table.title(), color);
		boolean shapes = table.hasColumn("a") && table.hasColumn("b") && table.hasColumn("theta");
		for (int r = 0; r < table.rowCount(); r++) {
			double x = table.getDouble(r, "x"), y = table.getDouble(r, "y");
			String label = table.hasColumn("id") ? table.getString(r, "id") : null;
			if (label != null && label.endsWith(".0")) label = label.substring(0, label.length() - 2);
			double a = shapes ? table.getDouble(r, "a") : Double.NaN, b = shapes ? table.getDouble(r, "b") : Double.NaN;
			double t = shapes ? table.getDouble(r, "theta") : Double.NaN;
			if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(t)) m.ellipse(x, y, scale * a, scale * b, t, label);
			else m.point(x, y, label);
		}
		return m;
	}

	private static String n(double v) {
		String s = String.format(Locale.ROOT, "%.6f", v);
		// trailing zeros carry nothing
		s = s.replaceAll("0+$", "");
		return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
	}
}
