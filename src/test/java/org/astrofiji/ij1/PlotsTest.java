package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.measure.ResultsTable;

import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.junit.jupiter.api.Test;

/** Core plots with error bars: in the ImageJ Plot's data and in the plot's table. */
class PlotsTest {

	@Test
	void errorBarsReachTheImageJPlotAndTheTable() {
		System.setProperty("java.awt.headless", "true");
		Plot p = new Plot("strip", "x (px)", "value").add("data", new double[] { 0, 1, 2 }, new double[] { 5, 9, 4 },
			new double[] { 0.5, 0.7, 0.4 }, Plot.Style.POINTS, "black").add("fit", new double[] { 0, 1, 2 }, new double[] { 5.1, 8.8,
				4.2 }, Plot.Style.LINE, "red");
		ResultsTable rt = Plots.of(p).getResultsTable(false);
		String[] headings = rt.getHeadings();
		int err = -1;
		for (int c = 0; c < headings.length; c++) if (headings[c].toUpperCase().contains("ERR")) err = c;
		assertEquals(true, err >= 0, String.join(",", headings));
		assertArrayEquals(new double[] { 0.5, 0.7, 0.4 }, rt.getColumnAsDoubles(rt.getColumnIndex(headings[err])), 1e-6);
		Table t = p.toTable();
		assertEquals(0.7, t.getDouble(1, "data_err"), 0);
		assertEquals(8.8, t.getDouble(1, "fit"), 0);
		assertThrows(IllegalArgumentException.class, () -> new Plot("p", "x", "y").add("d", new double[2], new double[2],
			new double[3], Plot.Style.POINTS, "black"));
	}
}
