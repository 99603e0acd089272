package org.astrofiji.core.calibration;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.astrofiji.core.Coordinates;

/**
 * A rectangle of an image written as a FITS/IRAF section, {@code [x1:x2,y1:y2]}: 1-based, inclusive,
 * x along NAXIS1 (columns) and y along NAXIS2 (FITS rows, row 1 at the bottom), {@code *} for a whole
 * axis (BIASSEC, TRIMSEC, DATASEC use this syntax). Held in memory coordinates: {@link #x0},
 * {@link #y0} are the first column and the first (top) memory row; FITS rows y1..y2 are memory rows
 * {@code height - y2 .. height - y1} (see {@link Coordinates}).
 */
public final class Section {

	private static final Pattern SYNTAX = Pattern.compile("\\[\\s*(\\*|\\d+\\s*:\\s*\\d+)\\s*,\\s*(\\*|\\d+\\s*:\\s*\\d+)\\s*\\]");

	/** First column and first memory row, size. */
	public final int x0, y0, width, height;
	/** The section as written (normalized). */
	public final String text;
	/** FITS y (1-based) of the section's bottom row. */
	private final int fitsY1;

	private Section(int x0, int y0, int width, int height, String text, int fitsY1) {
		this.fitsY1 = fitsY1;
		this.x0 = x0;
		this.y0 = y0;
		this.width = width;
		this.height = height;
		this.text = text;
	}

	/** The whole image. */
	public static Section all(int imageWidth, int imageHeight) {
		return new Section(0, 0, imageWidth, imageHeight, "[1:" + imageWidth + ",1:" + imageHeight + "]", 1);
	}

	/**
	 * Parses a section of an image of the given size. Fails, naming {@code what} (e.g. "BIASSEC of
	 * bias_001.fits"), on bad syntax, a reversed range (IRAF's flip is not supported) or a section
	 * that leaves the image.
	 */
	public static Section parse(String spec, int imageWidth, int imageHeight, String what) {
		String t = spec == null ? "" : spec.trim();
		Matcher m = SYNTAX.matcher(t);
		if (!m.matches()) throw new IllegalArgumentException(what + ": '" + spec +
			"' is not a FITS section like [1025:1056,1:1024] (1-based, inclusive, x first)");
		int[] x = range(m.group(1), imageWidth, what, "x");
		int[] y = range(m.group(2), imageHeight, what, "y");
		int y0 = (int) Coordinates.memoryY(y[1], imageHeight);
		return new Section(x[0] - 1, y0, x[1] - x[0] + 1, y[1] - y[0] + 1, "[" + x[0] + ":" + x[1] + "," + y[0] + ":" + y[1] + "]",
			y[0]);
	}

	private static int[] range(String r, int size, String what, String axis) {
		if (r.equals("*")) return new int[] { 1, size };
		String[] p = r.split(":");
		int a = Integer.parseInt(p[0].trim()), b = Integer.parseInt(p[1].trim());
		if (a > b) throw new IllegalArgumentException(what + ": the " + axis + " range " + a + ":" + b +
			" is reversed; flipped sections are not supported");
		if (a < 1 || b > size) throw new IllegalArgumentException(what + ": the " + axis + " range " + a + ":" + b +
			" leaves the image (1:" + size + ")");
		return new int[] { a, b };
	}

	/** True when the section covers the whole image. */
	public boolean isAll(int imageWidth, int imageHeight) {
		return x0 == 0 && y0 == 0 && width == imageWidth && height == imageHeight;
	}

	/** FITS x (1-based) of the first column and FITS y of the bottom row: where a trimmed image starts. */
	public int fitsX1() {
		return x0 + 1;
	}

	public int fitsY1() {
		return fitsY1;
	}

	@Override
	public String toString() {
		return text;
	}
}
