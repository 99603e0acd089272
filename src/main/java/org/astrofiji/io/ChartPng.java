package org.astrofiji.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Plot;

/**
 * A {@link Plot} drawn as a PNG picture with Java 2D, without ImageJ (for reports written headless):
 * axes with round tick values, titled axes, each series as points, lines or bars in its colour, a
 * legend when there are several, and the y axis inverted when the plot says so (magnitudes).
 */
public final class ChartPng {

	private static final Map<String, Color> COLORS = Map.ofEntries(Map.entry("black", Color.BLACK), Map.entry("red",
		new Color(0xd62728)), Map.entry("green", new Color(0x2ca02c)), Map.entry("blue", new Color(0x1f77b4)), Map.entry("orange",
			new Color(0xff7f0e)), Map.entry("magenta", new Color(0xc030c0)), Map.entry("cyan", new Color(0x17becf)), Map.entry("gray",
				Color.GRAY), Map.entry("grey", Color.GRAY), Map.entry("purple", new Color(0x9467bd)), Map.entry("brown", new Color(0x8c564b)));
	private static final int LEFT = 64, RIGHT = 16, TOP = 28, BOTTOM = 44;

	private ChartPng() {}

	/** Writes the plot as a {@code width} x {@code height} PNG (atomically, replacing the file when {@code overwrite}). */
	public static void write(File file, Plot plot, int width, int height, boolean overwrite) throws IOException {
		int[] rgb = new int[width * height];
		BufferedImage img = RgbFiles.image(rgb, width, height);
		Graphics2D g = img.createGraphics();
		try {
			draw(g, plot, width, height);
		}
		finally {
			g.dispose();
		}
		RgbFiles.write(file, overwrite, rgb, width, height, null);
	}

	private static void draw(Graphics2D g, Plot plot, int width, int height) {
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		double[] xr = range(plot, true), yr = range(plot, false);
		boolean bars = false;
		for (Plot.Series s : plot.series()) bars |= s.style == Plot.Style.BARS;
		if (bars) yr[0] = Math.min(0, yr[0]);
		double[] xt = ticks(xr[0], xr[1]), yt = ticks(yr[0], yr[1]);
		xr = new double[] { Math.min(xr[0], xt[0]), Math.max(xr[1], xt[xt.length - 1]) };
		yr = new double[] { Math.min(yr[0], yt[0]), Math.max(yr[1], yt[yt.length - 1]) };
		Rectangle2D area = new Rectangle2D.Double(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM);
		Axis x = new Axis(xr[0], xr[1], area.getMinX(), area.getMaxX());
		Axis y = plot.isYInverted() ? new Axis(yr[0], yr[1], area.getMinY(), area.getMaxY()) : new Axis(yr[0], yr[1], area.getMaxY(),
			area.getMinY());
		FontMetrics fm = g.getFontMetrics();
		g.setColor(new Color(0xe8e8e8));
		for (double t : xt) g.draw(new Line2D.Double(x.px(t), area.getMinY(), x.px(t), area.getMaxY()));
		for (double t : yt) g.draw(new Line2D.Double(area.getMinX(), y.px(t), area.getMaxX(), y.px(t)));
		g.setColor(Color.BLACK);
		g.draw(area);
		for (double t : xt) {
			String s = label(t, xt);
			g.drawString(s, (float) (x.px(t) - fm.stringWidth(s) / 2.0), (float) area.getMaxY() + fm.getAscent() + 3);
		}
		for (double t : yt) {
			String s = label(t, yt);
			g.drawString(s, (float) (area.getMinX() - fm.stringWidth(s) - 4), (float) (y.px(t) + fm.getAscent() / 2.0 - 1));
		}
		g.drawString(plot.xLabel(), (float) (area.getCenterX() - fm.stringWidth(plot.xLabel()) / 2.0), height - 6);
		AffineTransform saved = g.getTransform();
		g.rotate(-Math.PI / 2);
		g.drawString(plot.yLabel(), (float) (-area.getCenterY() - fm.stringWidth(plot.yLabel()) / 2.0), 14);
		g.setTransform(saved);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		g.drawString(plot.title(), LEFT, 18);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		g.clip(area);
		for (Plot.Series s : plot.series()) series(g, s, x, y, xt, bars);
		g.setClip(null);
		if (plot.series().size() > 1) legend(g, plot.series(), area, x, y);
	}

	private static void series(Graphics2D g, Plot.Series s, Axis x, Axis y, double[] xt, boolean bars) {
		g.setColor(color(s.color));
		if (s.style == Plot.Style.LINE) {
			g.setStroke(new BasicStroke(1.5f));
			Path2D.Double p = new Path2D.Double();
			boolean pen = false;
			for (int i = 0; i < s.x.length; i++) {
				if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
					pen = false;
					continue;
				}
				if (pen) p.lineTo(x.px(s.x[i]), y.px(s.y[i]));
				else p.moveTo(x.px(s.x[i]), y.px(s.y[i]));
				pen = true;
			}
			g.draw(p);
			g.setStroke(new BasicStroke(1f));
		}
		else if (s.style == Plot.Style.BARS) {
			double w = s.x.length > 1 ? Math.abs(x.px(s.x[1]) - x.px(s.x[0])) * 0.8 : 8;
			for (int i = 0; i < s.x.length; i++) {
				if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
				double top = Math.min(y.px(s.y[i]), y.px(0)), h = Math.abs(y.px(s.y[i]) - y.px(0));
				g.fill(new Rectangle2D.Double(x.px(s.x[i]) - w / 2, top, w, h));
			}
		}
		else {
			for (int i = 0; i < s.x.length; i++) {
				if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
				g.fill(new java.awt.geom.Ellipse2D.Double(x.px(s.x[i]) - 2.5, y.px(s.y[i]) - 2.5, 5, 5));
			}
		}
	}

	/** The legend in the corner of the plot area that hides the fewest data points (top right first). */
	private static void legend(Graphics2D g, List<Plot.Series> series, Rectangle2D area, Axis x, Axis y) {
		FontMetrics fm = g.getFontMetrics();
		int w = 0;
		for (Plot.Series s : series) w = Math.max(w, fm.stringWidth(s.name));
		int h = series.size() * (fm.getHeight() + 1) + 6;
		double[][] corners = { { area.getMaxX() - w - 30, area.getMinY() + 6 }, { area.getMinX() + 6, area.getMinY() + 6 },
			{ area.getMaxX() - w - 30, area.getMaxY() - h - 6 }, { area.getMinX() + 6, area.getMaxY() - h - 6 } };
		double x0 = corners[0][0], y0 = corners[0][1];
		int fewest = Integer.MAX_VALUE;
		for (double[] c : corners) {
			Rectangle2D box = new Rectangle2D.Double(c[0] - 3, c[1] - 3, w + 30, h + 6);
			int hidden = 0;
			for (Plot.Series s : series) {
				for (int i = 0; i < s.x.length; i++) if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]) && box.contains(x.px(s.x[i]), y
					.px(s.y[i]))) hidden++;
			}
			if (hidden < fewest) {
				fewest = hidden;
				x0 = c[0];
				y0 = c[1];
			}
		}
		g.setColor(new Color(255, 255, 255, 220));
		g.fill(new Rectangle2D.Double(x0, y0, w + 24, h));
		g.setColor(Color.GRAY);
		g.draw(new Rectangle2D.Double(x0, y0, w + 24, h));
		for (int i = 0; i < series.size(); i++) {
			Plot.Series s = series.get(i);
			double yy = y0 + 4 + i * (fm.getHeight() + 1);
			g.setColor(color(s.color));
			g.fill(new Rectangle2D.Double(x0 + 5, yy + fm.getHeight() / 2.0 - 3, 10, 6));
			g.setColor(Color.BLACK);
			g.drawString(s.name, (float) (x0 + 19), (float) (yy + fm.getAscent()));
		}
	}

	private static Color color(String name) {
		Color c = name == null ? null : COLORS.get(name.toLowerCase(Locale.ROOT));
		return c == null ? Color.BLACK : c;
	}

	/** The finite data range of all series on one axis (a unit range around a single value). */
	private static double[] range(Plot plot, boolean xAxis) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (Plot.Series s : plot.series()) {
			for (int i = 0; i < s.x.length; i++) {
				if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
				double v = xAxis ? s.x[i] : s.y[i];
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		}
		if (lo > hi) return new double[] { 0, 1 };
		if (lo == hi) return new double[] { lo - 0.5, hi + 0.5 };
		// a margin, so that points at the ends are drawn whole
		double m = 0.04 * (hi - lo);
		return new double[] { lo - m, hi + m };
	}

	/** Round tick values (1, 2, 5 x 10^k) covering [lo, hi], about five of them. */
	static double[] ticks(double lo, double hi) {
		double raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
		double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
		List<Double> t = new ArrayList<>();
		for (double v = Math.floor(lo / step) * step; v <= hi + step * 0.999; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
		double[] out = new double[t.size()];
		for (int i = 0; i < out.length; i++) out[i] = t.get(i);
		return out;
	}

	private static String label(double v, double[] ticks) {
		double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
		int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
		if (Math.abs(v) >= 1e6 || step < 1e-4) return String.format(Locale.ROOT, "%.3g", v);
		return String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	/** Data to pixels, linearly. */
	private static final class Axis {

		final double lo, hi, p0, p1;

		Axis(double lo, double hi, double p0, double p1) {
			this.lo = lo;
			this.hi = hi;
			this.p0 = p0;
			this.p1 = p1;
		}

		double px(double v) {
			return p0 + (v - lo) / (hi - lo) * (p1 - p0);
		}
	}
}
