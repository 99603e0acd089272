package org.astrofiji.ij1;

import ij.gui.Plot;
import ij.plugin.Colors;

import java.awt.Color;

/** Core plots as ImageJ Plots. */
public final class Plots {

	private Plots() {}

	public static Plot of(org.astrofiji.core.Plot p) {
		Plot plot = new Plot(p.title(), p.xLabel(), p.yLabel());
		StringBuilder legend = new StringBuilder();
		for (org.astrofiji.core.Plot.Series s : p.series()) {
			plot.setColor(Colors.decode(s.color, Color.black));
			String shape = s.style == org.astrofiji.core.Plot.Style.POINTS ? "circle"
				: s.style == org.astrofiji.core.Plot.Style.BARS ? "bar" : "line";
			plot.add(shape, s.x, s.y);
			if (s.err != null) plot.addErrorBars(s.err);
			legend.append(legend.length() == 0 ? "" : "\n").append(s.name);
		}
		if (p.series().size() > 1) plot.addLegend(legend.toString());
		plot.setLimitsToFit(false);
		if (p.isYInverted()) invertY(plot, p);
		return plot;
	}

	/** ImageJ draws an axis reversed when its limits are given from high to low. */
	private static void invertY(Plot plot, org.astrofiji.core.Plot p) {
		double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
		for (org.astrofiji.core.Plot.Series s : p.series()) {
			for (int i = 0; i < s.x.length; i++) {
				if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
				x0 = Math.min(x0, s.x[i]);
				x1 = Math.max(x1, s.x[i]);
				y0 = Math.min(y0, s.y[i]);
				y1 = Math.max(y1, s.y[i]);
			}
		}
		if (!(x1 >= x0)) return;
		// a 5 % margin, as ImageJ leaves around fitted limits
		double mx = Math.max(0.05 * (x1 - x0), 1e-3), my = Math.max(0.05 * (y1 - y0), 1e-3);
		plot.setLimits(x0 - mx, x1 + mx, y1 + my, y0 - my);
	}

	public static void show(org.astrofiji.core.Plot p) {
		of(p).show();
	}
}
