package org.astrofiji.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plot a workflow returns (a spatial profile, a spectrum, a histogram): titled axes and named data
 * series. The ImageJ bridge shows it as an ImageJ Plot; headless runs report it and can save its
 * data as a table.
 */
public final class Plot {

	/** How a series is drawn. */
	public enum Style { LINE, POINTS, BARS }

	/** One named series of (x, y) values, with 1-sigma errors of y drawn as error bars (or none). */
	public static final class Series {

		public final String name;
		public final double[] x, y;
		/** Error of each y (drawn as bars from y - err to y + err), or null. */
		public final double[] err;
		public final Style style;
		/** A colour name ImageJ knows ("black", "red", "blue", ...). */
		public final String color;

		public Series(String name, double[] x, double[] y, Style style, String color) {
			this(name, x, y, null, style, color);
		}

		public Series(String name, double[] x, double[] y, double[] err, Style style, String color) {
			if (x.length != y.length || err != null && err.length != y.length) throw new IllegalArgumentException("series '" + name +
				"' has " + x.length + " x values, " + y.length + " y values" + (err == null ? "" : " and " + err.length + " errors"));
			this.name = name;
			this.x = x;
			this.y = y;
			this.err = err;
			this.style = style;
			this.color = color;
		}
	}

	private final String title, xLabel, yLabel;
	private final List<Series> series = new ArrayList<>();
	private boolean yInverted;

	public Plot(String title, String xLabel, String yLabel) {
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
	}

	public Plot add(String name, double[] x, double[] y, Style style, String color) {
		series.add(new Series(name, x, y, style, color));
		return this;
	}

	/** Adds a series with error bars: y &plusmn; err. */
	public Plot add(String name, double[] x, double[] y, double[] err, Style style, String color) {
		series.add(new Series(name, x, y, err, style, color));
		return this;
	}

	/**
	 * Draws the y axis with its values decreasing upwards: magnitudes, where brighter (smaller) values
	 * go on top, as astronomers draw colour-magnitude diagrams.
	 */
	public Plot invertY() {
		yInverted = true;
		return this;
	}

	public boolean isYInverted() {
		return yInverted;
	}

	public String title() {
		return title;
	}

	public String xLabel() {
		return xLabel;
	}

	public String yLabel() {
		return yLabel;
	}

	public List<Series> series() {
		return Collections.unmodifiableList(series);
	}

	/** The data as a table: x, then one column per series (and {@code <name>_err} for its errors; series must share x). */
	public Table toTable() {
		Table t = new Table(title, xLabel);
		if (series.isEmpty()) return t;
		for (Series s : series) {
			t.addColumn(s.name);
			if (s.err != null) t.addColumn(s.name + "_err");
		}
		double[] x = series.get(0).x;
		for (int i = 0; i < x.length; i++) {
			int r = t.addRow();
			t.set(r, xLabel, x[i]);
			for (Series s : series) {
				if (i >= s.y.length) continue;
				t.set(r, s.name, s.y[i]);
				if (s.err != null) t.set(r, s.name + "_err", s.err[i]);
			}
		}
		return t;
	}

	@Override
	public String toString() {
		return "plot '" + title + "' (" + series.size() + " series, " + (series.isEmpty() ? 0 : series.get(0).x.length) + " points)";
	}
}
