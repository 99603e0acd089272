package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.Version;
import org.astrofiji.core.photometry.Aperture;
import org.astrofiji.core.photometry.Target;

/**
 * DS9 region files: written (format version 4.1) from {@link Marks} or from a table with x, y columns,
 * and read (DS9 format, IRAF PROS and DS9's XY export) into {@link Region}s and photometry targets.
 * Positions are FITS pixel coordinates, which are DS9's {@code image} coordinates (1-based, centre of
 * the first pixel at 1,1); {@code physical} coordinates are the same numbers for images that were not
 * cropped or binned (no LTV/LTM keywords). Points are crosses, circles and annuli take radii, ellipses
 * semi-axes and the angle in degrees counter-clockwise from +x; each shape carries its label as text.
 * Written atomically.
 */
public final class Ds9Regions {

	/**
	 * Region file formats: DS9 (version 4; {@code circle(100,100,5)}, {@code image;circle ...},
	 * {@code fk5;circle(13:29:52.7,+47:11:43,5")}), IRAF PROS ({@code logical;circle 100 100 5}; pure
	 * numbers are pixels even in sky systems) and XY (DS9's export: "x y" per line, the rest of the line
	 * ignored). AUTO tells them apart by the first line with content.
	 */
	public enum Format {
		AUTO, DS9, PROS, XY;

		public static Format of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("region format must be auto, ds9, pros or xy (got '" + name + "')");
			}
		}
	}

	/** The shapes of a region file, and notes on what was read but is not used (other shapes, excluded regions). */
	public static final class RegionFile {

		public final List<Region> regions;
		public final List<String> notes;
		/** The format read: ds9, pros or xy. */
		public final String format;

		RegionFile(List<Region> regions, List<String> notes, String format) {
			this.regions = Collections.unmodifiableList(new ArrayList<>(regions));
			this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
			this.format = format;
		}
	}

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

	/**
	 * Reads a region file. Shapes read: circle, annulus (two or more radii, or inner outer n=),
	 * ellipse, elliptical annulus, point (any point type, also {@code circle point x y}), in image,
	 * physical (read as image), fk5/j2000, icrs, fk4/b1950, galactic and ecliptic coordinates, with
	 * DS9's position formats (degrees, {@code hh:mm:ss.s dd:mm:ss}, {@code 12h34m56s}, {@code 12d34m56s})
	 * and size units (" ' d r i p). Other shapes and excluded regions are listed in the notes. A line
	 * that cannot be read fails with a message naming the file and line.
	 */
	public static RegionFile read(File file, Format format) throws IOException {
		return parse(new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8), file.getName(), format);
	}

	/** Reads region file text; {@code source} names it in messages. */
	public static RegionFile parse(String text, String source, Format format) {
		return RegionParser.parse(text, source, format);
	}

	/**
	 * Photometry targets from the included regions, placed through {@code wcs} where they are on the
	 * sky (null when the image has none: then sky shapes fail naming their line). Shapes with the same
	 * centre make one target: circles and ellipses are its apertures, an annulus its sky annulus (its
	 * innermost and outermost radii), a point just the position. Targets are named by their text
	 * property, else numbered in file order.
	 */
	public static List<Target> targets(RegionFile file, Region.SkyToPixel wcs) {
		List<double[]> centres = new ArrayList<>();
		List<List<Region>> groups = new ArrayList<>();
		Map<String, Integer> index = new HashMap<>();
		for (Region r : file.regions) {
			if (!r.include) continue;
			Region p = r.toPixels(wcs);
			String key = Math.round(p.x * 1e6) + "," + Math.round(p.y * 1e6);
			Integer g = index.get(key);
			if (g == null) {
				index.put(key, g = groups.size());
				groups.add(new ArrayList<>());
				centres.add(new double[] { p.x, p.y });
			}
			groups.get(g).add(p);
		}
		List<Target> targets = new ArrayList<>();
		for (int g = 0; g < groups.size(); g++) {
			List<Aperture> apertures = new ArrayList<>();
			Aperture annulus = null;
			int annulusLine = 0;
			String id = null;
			for (Region r : groups.get(g)) {
				if (id == null && r.text != null && !r.text.isBlank()) id = r.text.trim();
				int last = r.sizeCount() - 1;
				switch (r.shape) {
					case CIRCLE: apertures.add(Aperture.circle(r.size(0))); break;
					case ELLIPSE: apertures.add(Aperture.ellipse(r.size(0), r.size(1), r.angle)); break;
					case POINT: break;
					default:
						if (annulus != null) throw new IllegalArgumentException(file.format + " regions line " + r.line +
							": a second sky annulus around the centre of line " + annulusLine);
						annulusLine = r.line;
						annulus = r.shape == Region.Shape.ANNULUS ? Aperture.annulus(r.size(0), r.size(last))
							: Aperture.ellipticalAnnulus(r.size(0), r.size(last - 1), r.size(last), r.angle);
				}
			}
			Target t = Target.at(id != null ? id : Integer.toString(g + 1), centres.get(g)[0], centres.get(g)[1]);
			if (!apertures.isEmpty()) t = t.withApertures(apertures);
			if (annulus != null) t = t.withAnnulus(annulus);
			targets.add(t);
		}
		return targets;
	}

	private static String n(double v) {
		String s = String.format(Locale.ROOT, "%.6f", v);
		// trailing zeros carry nothing
		s = s.replaceAll("0+$", "");
		return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
	}
}
