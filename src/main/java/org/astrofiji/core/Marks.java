package org.astrofiji.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shapes to draw on an image: detected stars, apertures and annuli, cosmic rays. Positions and sizes
 * are in FITS pixel coordinates (see {@link Coordinates}); the ImageJ bridge draws them as an overlay
 * on the command's input image, and they can be written as DS9 regions.
 */
public final class Marks {

	/** Shape kinds. */
	public enum Kind { POINT, CIRCLE, ELLIPSE, ANNULUS }

	/** One shape: centre (x, y); a = radius (circle, annulus inner), b = annulus outer or ellipse minor axis. */
	public static final class Mark {

		public final Kind kind;
		public final double x, y, a, b, thetaDegrees;
		public final String label;

		private Mark(Kind kind, double x, double y, double a, double b, double thetaDegrees, String label) {
			this.kind = kind;
			this.x = x;
			this.y = y;
			this.a = a;
			this.b = b;
			this.thetaDegrees = thetaDegrees;
			this.label = label;
		}
	}

	private final String name;
	private final String color;
	private final List<Mark> marks = new ArrayList<>();

	/** @param color a colour name ImageJ knows ("green", "red", "cyan", ...) */
	public Marks(String name, String color) {
		this.name = name;
		this.color = color;
	}

	public Marks point(double x, double y, String label) {
		marks.add(new Mark(Kind.POINT, x, y, 0, 0, 0, label));
		return this;
	}

	public Marks circle(double x, double y, double r, String label) {
		marks.add(new Mark(Kind.CIRCLE, x, y, r, r, 0, label));
		return this;
	}

	/** An ellipse with semi-axes a >= b, the major axis at theta degrees counter-clockwise from +x (FITS). */
	public Marks ellipse(double x, double y, double a, double b, double thetaDegrees, String label) {
		marks.add(new Mark(Kind.ELLIPSE, x, y, a, b, thetaDegrees, label));
		return this;
	}

	public Marks annulus(double x, double y, double inner, double outer, String label) {
		marks.add(new Mark(Kind.ANNULUS, x, y, inner, outer, 0, label));
		return this;
	}

	public String name() {
		return name;
	}

	public String color() {
		return color;
	}

	public List<Mark> marks() {
		return Collections.unmodifiableList(marks);
	}

	public int size() {
		return marks.size();
	}

	@Override
	public String toString() {
		return name + " (" + marks.size() + " marks)";
	}
}
