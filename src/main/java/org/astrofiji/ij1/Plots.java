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
			legend.append(legend.length() == 0 ? "" : "\n").append(s.name);
		}
		if (p.series().size() > 1) plot.addLegend(legend.toString());
		plot.setLimitsToFit(false);
		return plot;
	}

	public static void show(org.astrofiji.core.Plot p) {
		of(p).show();
	}
}
