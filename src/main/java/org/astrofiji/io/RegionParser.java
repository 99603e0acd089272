package org.astrofiji.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads region files in DS9's format (version 4), IRAF PROS and DS9's XY export: see
 * {@link Ds9Regions#parse}. Keeps the coordinate system as the file switches it, reads positions in
 * pixels, degrees or sexagesimal and sizes with DS9's unit suffixes, and collects notes on what it
 * skipped.
 */
final class RegionParser {

	private static final Set<String> SKY = Set.of("fk5", "icrs", "fk4", "galactic", "ecliptic");
	private static final Set<String> UNSUPPORTED_SHAPES = Set.of("box", "polygon", "line", "vector", "segment", "text", "ruler",
		"compass", "projection", "panda", "epanda", "bpanda", "composite", "rotbox", "pie", "rectangle");
	private static final Set<String> POINT_TYPES = Set.of("circle", "box", "diamond", "cross", "x", "arrow", "boxcircle");
	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
	private static final Pattern SEXAGESIMAL = Pattern.compile("([+-]?)(\\d+):(\\d+):(\\d+\\.?\\d*)");
	private static final Pattern HMS = Pattern.compile("([+-]?)(\\d+)([hd])(\\d+)m(\\d+\\.?\\d*)s?");

	private final String source;
	private final Ds9Regions.Format format;
	private final List<Region> regions = new ArrayList<>();
	private final List<String> notes = new ArrayList<>();
	private String system = "physical";
	private boolean physicalNoted;
	private int line;

	private RegionParser(String source, Ds9Regions.Format format) {
		this.source = source;
		this.format = format;
	}

	static Ds9Regions.RegionFile parse(String text, String source, Ds9Regions.Format format) {
		String[] lines = text.split("\r?\n|\r", -1);
		Ds9Regions.Format f = format == Ds9Regions.Format.AUTO ? detect(lines, source) : format;
		RegionParser p = new RegionParser(source, f);
		if (f == Ds9Regions.Format.PROS) p.system = "image";
		for (int i = 0; i < lines.length; i++) {
			p.line = i + 1;
			if (f == Ds9Regions.Format.XY) p.xyLine(lines[i]);
			else p.regionLine(lines[i]);
		}
		return new Ds9Regions.RegionFile(p.regions, p.notes, f.name().toLowerCase(Locale.ROOT));
	}

	/**
	 * XY when the first line with content (after coordinate-system lines) starts with a number; PROS
	 * when it names a PROS-only system (logical, equatorial) and there is no DS9 header; else DS9 when it
	 * holds a shape, a global line or follows a DS9 header or a coordinate system. Anything else is no
	 * region file.
	 */
	private static Ds9Regions.Format detect(String[] lines, String source) {
		boolean ds9 = false;
		for (int i = 0; i < lines.length; i++) {
			String l = lines[i].trim();
			if (l.startsWith("# Region file format: DS9")) ds9 = true;
			if (l.isEmpty() || l.startsWith("#")) continue;
			String first = l.split("[\\s,;(#]+", 2)[0].toLowerCase(Locale.ROOT);
			if (NUMBER.matcher(first).matches() || SEXAGESIMAL.matcher(first).matches()) return Ds9Regions.Format.XY;
			if (first.equals("logical") || first.equals("equatorial")) return ds9 ? Ds9Regions.Format.DS9 : Ds9Regions.Format.PROS;
			String word = first.replaceFirst("^[+-]", "");
			if (system(word) != null && !lineHasShape(l)) {
				ds9 = true; // a system line: XY files may have one too, so the next line decides
				continue;
			}
			if (ds9 || word.equals("global") || word.equals("tile") || word.matches("wcs[a-z]?") || lineHasShape(l)) {
				return Ds9Regions.Format.DS9;
			}
			throw new IllegalArgumentException(source + " line " + (i + 1) + ": not a DS9, PROS or XY region line: '" + l + "'");
		}
		return Ds9Regions.Format.DS9;
	}

	private static boolean lineHasShape(String l) {
		for (String part : l.split(";")) {
			String w = part.trim().split("[\\s(]+", 2)[0].toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
			if (shape(w) != null || UNSUPPORTED_SHAPES.contains(w)) return true;
		}
		return false;
	}

	private static Region.Shape shape(String word) {
		switch (word) {
			case "circle": return Region.Shape.CIRCLE;
			case "annulus": return Region.Shape.ANNULUS;
			case "ellipse": return Region.Shape.ELLIPSE;
			case "point": return Region.Shape.POINT;
			default: return null;
		}
	}

	/** The normalized name of a coordinate system keyword, or null. */
	private static String system(String word) {
		switch (word) {
			case "image": case "logical": return "image";
			case "physical": return "physical";
			case "fk5": case "j2000": return "fk5";
			case "fk4": case "b1950": return "fk4";
			case "icrs": return "icrs";
			case "galactic": return "galactic";
			case "ecliptic": return "ecliptic";
			case "linear": case "amplifier": case "detector": return word;
			default: return null;
		}
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException(source + " line " + line + ": " + what);
	}

	private void xyLine(String raw) {
		String l = stripComment(raw).trim();
		if (l.isEmpty()) return;
		String[] w = l.split("[\\s,]+");
		String sys = system(w[0].toLowerCase(Locale.ROOT));
		if (sys != null) {
			setSystem(sys);
			return;
		}
		if (w.length < 2) throw error("an XY line needs x and y: '" + raw.trim() + "'");
		Position p = position(w[0], w[1], raw);
		add(Region.Shape.POINT, true, p, new ArrayList<>(), 0, null);
	}

	private void regionLine(String raw) {
		// split at ';' and '#' outside braces and quotes; the comment belongs to the line's last shape
		List<String> parts = new ArrayList<>();
		String comment = null;
		int depth = 0;
		char quote = 0;
		StringBuilder cur = new StringBuilder();
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (quote != 0) {
				if (c == quote) quote = 0;
			}
			else if (c == '"' && depth == 0 && cur.toString().trim().isEmpty()) quote = c;
			else if (c == '{') depth++;
			else if (c == '}') depth = Math.max(0, depth - 1);
			else if (depth == 0 && c == ';') {
				parts.add(cur.toString());
				cur.setLength(0);
				continue;
			}
			else if (depth == 0 && c == '#') {
				comment = raw.substring(i + 1);
				break;
			}
			cur.append(c);
		}
		parts.add(cur.toString());
		boolean shapeSeen = false;
		for (String part : parts) shapeSeen |= segment(part.trim(), comment, raw);
		if (!shapeSeen && comment != null) commentedShape(comment.trim());
	}

	/** DS9 writes shapes it cannot include as comments ({@code # text(...)}, {@code # vector(...)}): noted. */
	private void commentedShape(String comment) {
		String w = comment.split("[\\s(]+", 2)[0].toLowerCase(Locale.ROOT);
		if (UNSUPPORTED_SHAPES.contains(w) && comment.length() > w.length() && comment.charAt(w.length()) == '(')
			notes.add("line " + line + ": " + w + " is not used (only circle, annulus, ellipse and point are)");
	}

	/** One ';'-separated piece; true when it was a shape. */
	private boolean segment(String s, String comment, String raw) {
		if (s.isEmpty()) return false;
		String lower = s.toLowerCase(Locale.ROOT);
		String word = lower.split("[\\s(]+", 2)[0];
		String sys = system(word);
		if (sys != null && s.length() == word.length()) {
			setSystem(sys);
			return false;
		}
		if (word.equals("global") || word.equals("tile") || word.matches("wcs[a-z]?") && s.length() == word.length()) {
			if (word.equals("tile")) notes.add("line " + line + ": tile is ignored (single images only)");
			return false;
		}
		if (word.equals("equatorial")) { // PROS: equatorial j2000 / b1950
			String[] w = lower.split("\\s+");
			setSystem(w.length > 1 && system(w[1]) != null ? system(w[1]) : "fk5");
			return false;
		}
		boolean include = true;
		if (s.startsWith("-") || s.startsWith("+")) {
			include = s.charAt(0) == '+';
			s = s.substring(1).trim();
			lower = s.toLowerCase(Locale.ROOT);
			word = lower.split("[\\s(]+", 2)[0];
		}
		String args = s.substring(word.length()).trim();
		if (POINT_TYPES.contains(word) && args.toLowerCase(Locale.ROOT).startsWith("point")) { // "circle point x y"
			word = "point";
			args = args.substring(5).trim();
		}
		Region.Shape shape = shape(word);
		if (shape == null) {
			if (UNSUPPORTED_SHAPES.contains(word)) {
				notes.add("line " + line + ": " + word + " is not used (only circle, annulus, ellipse and point are)");
				return true;
			}
			throw error("unknown region '" + word + "' in '" + raw.trim() + "'");
		}
		if (!system.equals("image") && !system.equals("physical") && !SKY.contains(system)) {
			notes.add("line " + line + ": " + word + " in " + system + " coordinates is not used (image, physical, fk5, icrs, fk4, " +
				"galactic and ecliptic are)");
			return true;
		}
		if (args.startsWith("(")) {
			int close = args.lastIndexOf(')');
			if (close < 0) throw error("missing ')' in '" + raw.trim() + "'");
			args = args.substring(1, close);
		}
		List<String> a = new ArrayList<>();
		for (String t : args.trim().split("[\\s,]+")) if (!t.isEmpty()) a.add(t);
		shape(shape, include, a, comment, raw);
		return true;
	}

	private void shape(Region.Shape shape, boolean include, List<String> a, String comment, String raw) {
		String text = comment == null ? null : textProperty(comment);
		String name = shape.name().toLowerCase(Locale.ROOT);
		if (a.size() < 2) throw error(name + " needs x and y: '" + raw.trim() + "'");
		Position p = position(a.get(0), a.get(1), raw);
		List<String> rest = new ArrayList<>(a.subList(2, a.size()));
		int n = -1;
		int at = -1;
		for (int i = 0; i < rest.size(); i++) if (rest.get(i).toLowerCase(Locale.ROOT).startsWith("n=")) at = i;
		if (at >= 0) {
			String v = rest.remove(at).substring(2);
			try {
				n = Integer.parseInt(v);
			}
			catch (NumberFormatException e) {
				throw error("n= needs a whole number (got '" + v + "') in '" + raw.trim() + "'");
			}
			if (n < 1) throw error("n= must be at least 1 in '" + raw.trim() + "'");
		}
		switch (shape) {
			case POINT:
				if (!rest.isEmpty()) throw error("point takes x and y only: '" + raw.trim() + "'");
				add(shape, include, p, new ArrayList<>(), 0, text);
				return;
			case CIRCLE:
				if (rest.size() != 1) throw error("circle needs x, y and a radius: '" + raw.trim() + "'");
				add(shape, include, p, sizes(rest, raw), 0, text);
				return;
			case ANNULUS: {
				if (rest.size() < 2 || (n > 0 && rest.size() != 2)) throw error("annulus needs x, y and two or more radii (or " +
					"inner, outer and n=): '" + raw.trim() + "'");
				List<Size> r = sizes(rest, raw);
				if (n > 0) r = steps(r.get(0), r.get(1), n);
				increasing(r, 1, raw);
				add(shape, include, p, r, 0, text);
				return;
			}
			default: { // ellipse: a b [angle]; ellipse annulus: a1 b1 a2 b2 ... [angle], or a1 b1 a2 b2 n= [angle]
				double angle = 0;
				if (rest.size() % 2 == 1) angle = angle(rest.remove(rest.size() - 1), raw);
				if (rest.size() < 2) throw error("ellipse needs x, y, two radii and an angle: '" + raw.trim() + "'");
				List<Size> r = sizes(rest, raw);
				if (n > 0) {
					if (r.size() != 4) throw error("ellipse annulus with n= needs inner and outer radii: '" + raw.trim() + "'");
					r = steps2(r, n);
				}
				if (r.size() > 2) increasing(r, 2, raw);
				add(r.size() == 2 ? Region.Shape.ELLIPSE : Region.Shape.ELLIPSE_ANNULUS, include, p, r, angle, text);
			}
		}
	}

	private void add(Region.Shape shape, boolean include, Position p, List<Size> sizes, double angle, String text) {
		double[] v = new double[sizes.size()];
		boolean[] ang = new boolean[sizes.size()];
		for (int i = 0; i < v.length; i++) {
			Size s = sizes.get(i);
			// an annulus may start at the centre (DS9 draws its inner radius 0 as a disc)
			boolean centre = shape == Region.Shape.ANNULUS && i == 0 && s.value == 0;
			if (!(s.value > 0) && !centre) throw error("sizes must be > 0 (got " + s.value + ")");
			v[i] = s.value;
			ang[i] = s.angular;
		}
		if (!include) notes.add("line " + line + ": excluded region (-" + shape.name().toLowerCase(Locale.ROOT) + ") is not measured");
		regions.add(new Region(shape, line, include, p.sky != null ? p.sky.frame : system, p.x, p.y, p.sky, v, ang, angle, text));
	}

	private void setSystem(String sys) {
		system = sys;
		if (sys.equals("physical") && !physicalNoted) {
			notes.add("line " + line + ": physical coordinates are read as image coordinates (LTV/LTM are not applied)");
			physicalNoted = true;
		}
	}

	/** A position; sexagesimal and degree-suffixed values make it a sky position even in a pixel system. */
	private static final class Position {

		final double x, y;
		final Region.SkyPosition sky;

		Position(double x, double y, Region.SkyPosition sky) {
			this.x = x;
			this.y = y;
			this.sky = sky;
		}
	}

	private Position position(String xs, String ys, String raw) {
		boolean skySystem = SKY.contains(system);
		boolean skyUnits = isSkyValue(xs) || isSkyValue(ys);
		if (!skySystem && !skyUnits) {
			double x = pixel(xs, raw), y = pixel(ys, raw);
			return new Position(x, y, null);
		}
		String frame = skySystem ? system : "fk5";
		boolean equatorial = !frame.equals("galactic") && !frame.equals("ecliptic");
		double lon = skyValue(xs, equatorial, raw), lat = skyValue(ys, false, raw);
		if (!(lat >= -90 && lat <= 90)) throw error("latitude out of range (" + lat + " degrees) in '" + raw.trim() + "'");
		return new Position(Double.NaN, Double.NaN, new Region.SkyPosition(frame, lon, lat));
	}

	private static boolean isSkyValue(String s) {
		String l = s.toLowerCase(Locale.ROOT);
		return SEXAGESIMAL.matcher(l).matches() || HMS.matcher(l).matches() || (l.endsWith("d") || l.endsWith("r")) &&
			NUMBER.matcher(l.substring(0, l.length() - 1)).matches();
	}

	private double pixel(String s, String raw) {
		String l = s.toLowerCase(Locale.ROOT);
		if (l.endsWith("i") || l.endsWith("p")) l = l.substring(0, l.length() - 1);
		if (!NUMBER.matcher(l).matches()) throw error("cannot read the number '" + s + "' in '" + raw.trim() + "'");
		return Double.parseDouble(l);
	}

	/** Degrees of a sky value: sexagesimal (hours for an equatorial longitude), h/d-m-s, degrees or radians. */
	private double skyValue(String s, boolean hours, String raw) {
		String l = s.toLowerCase(Locale.ROOT);
		Matcher m = SEXAGESIMAL.matcher(l);
		if (m.matches()) return (hours ? 15 : 1) * dms(m.group(1), m.group(2), m.group(3), m.group(4));
		m = HMS.matcher(l);
		if (m.matches()) return (m.group(3).equals("h") ? 15 : 1) * dms(m.group(1), m.group(2), m.group(4), m.group(5));
		if (l.endsWith("d") && NUMBER.matcher(l.substring(0, l.length() - 1)).matches()) return Double.parseDouble(l.substring(0,
			l.length() - 1));
		if (l.endsWith("r") && NUMBER.matcher(l.substring(0, l.length() - 1)).matches()) return Math.toDegrees(Double.parseDouble(
			l.substring(0, l.length() - 1)));
		if (NUMBER.matcher(l).matches()) return Double.parseDouble(l);
		throw error("cannot read the sky coordinate '" + s + "' in '" + raw.trim() + "'");
	}

	private static double dms(String sign, String d, String m, String s) {
		double v = Integer.parseInt(d) + Integer.parseInt(m) / 60.0 + Double.parseDouble(s) / 3600;
		return sign.equals("-") ? -v : v;
	}

	/** A size: pixels, or degrees on the sky. */
	private static final class Size {

		final double value;
		final boolean angular;

		Size(double value, boolean angular) {
			this.value = value;
			this.angular = angular;
		}
	}

	private List<Size> sizes(List<String> tokens, String raw) {
		List<Size> out = new ArrayList<>();
		for (String t : tokens) out.add(size(t, raw));
		return out;
	}

	/**
	 * DS9: a pure number is in the units of the current system (pixels for image and physical, degrees
	 * for sky systems); PROS: pure numbers are image pixels. Suffixes: " arcsec, ' arcmin, d degrees,
	 * r radians, i and p pixels.
	 */
	private Size size(String t, String raw) {
		String l = t.toLowerCase(Locale.ROOT);
		char u = l.charAt(l.length() - 1);
		String num = "\"'dripDRIP".indexOf(u) >= 0 ? l.substring(0, l.length() - 1) : l;
		if (!NUMBER.matcher(num).matches()) throw error("cannot read the size '" + t + "' in '" + raw.trim() + "'");
		double v = Double.parseDouble(num);
		switch (u) {
			case '"': return new Size(v / 3600, true);
			case '\'': return new Size(v / 60, true);
			case 'd': return new Size(v, true);
			case 'r': return new Size(Math.toDegrees(v), true);
			case 'i': case 'p': return new Size(v, false);
			default: return new Size(v, SKY.contains(system) && format != Ds9Regions.Format.PROS);
		}
	}

	private double angle(String t, String raw) {
		String l = t.toLowerCase(Locale.ROOT);
		if (l.endsWith("r") && NUMBER.matcher(l.substring(0, l.length() - 1)).matches()) return Math.toDegrees(Double.parseDouble(
			l.substring(0, l.length() - 1)));
		if (l.endsWith("d")) l = l.substring(0, l.length() - 1);
		if (!NUMBER.matcher(l).matches()) throw error("cannot read the angle '" + t + "' in '" + raw.trim() + "'");
		return Double.parseDouble(l);
	}

	/** n equal steps from inner to outer (DS9's n=). */
	private static List<Size> steps(Size inner, Size outer, int n) {
		List<Size> out = new ArrayList<>();
		for (int k = 0; k <= n; k++) out.add(new Size(inner.value + k * (outer.value - inner.value) / n, inner.angular));
		return out;
	}

	/** Elliptical annulus a1 b1 a2 b2 with n= steps: both axes stepped. */
	private static List<Size> steps2(List<Size> r, int n) {
		List<Size> out = new ArrayList<>();
		for (int k = 0; k <= n; k++) {
			out.add(new Size(r.get(0).value + k * (r.get(2).value - r.get(0).value) / n, r.get(0).angular));
			out.add(new Size(r.get(1).value + k * (r.get(3).value - r.get(1).value) / n, r.get(1).angular));
		}
		return out;
	}

	private void increasing(List<Size> r, int stride, String raw) {
		for (int i = stride; i < r.size(); i += stride) {
			if (!(r.get(i).value > r.get(i - stride).value)) throw error("annulus radii must increase (inner radius " +
				r.get(i - stride).value + " >= outer radius " + r.get(i).value + ") in '" + raw.trim() + "'");
		}
	}

	/** The text={...} (or "..." or '...') property of a comment, or null. */
	static String textProperty(String comment) {
		Matcher m = Pattern.compile("(?:^|\\s)text\\s*=\\s*(?:\\{([^}]*)\\}|\"([^\"]*)\"|'([^']*)')").matcher(comment);
		if (!m.find()) return null;
		return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
	}

	private static String stripComment(String raw) {
		int i = raw.indexOf('#');
		return i < 0 ? raw : raw.substring(0, i);
	}
}
