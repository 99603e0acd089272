package org.astrofiji.ij1;

import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;

import java.awt.GraphicsEnvironment;

import org.astrofiji.core.Table;

/** Core tables as ImageJ ResultsTables. */
public final class ResultsTables {

	private ResultsTables() {}

	/** The table as a ResultsTable; an empty table keeps its columns (a macro can still read the headings). */
	public static ResultsTable of(Table table) {
		if (table.rowCount() == 0) {
			ResultsTable rt = new ResultsTable(1);
			for (String col : table.columns()) rt.setValue(col, 0, table.isNumeric(col) ? 0.0 : Double.NaN);
			rt.deleteRow(0);
			return rt;
		}
		ResultsTable rt = new ResultsTable(table.rowCount());
		for (String col : table.columns()) {
			boolean numeric = table.isNumeric(col), integral = numeric;
			for (int r = 0; r < table.rowCount(); r++) {
				Object v = table.get(r, col);
				if (numeric) {
					double d = table.getDouble(r, col);
					integral &= Double.isNaN(d) || d == Math.rint(d);
					rt.setValue(col, r, d);
				}
				else rt.setValue(col, r, v == null ? "" : v.toString());
			}
			if (numeric) rt.setDecimalPlaces(rt.getColumnIndex(col), integral ? 0 : 6);
		}
		return rt;
	}

	/**
	 * Shows the table in a window titled like the table. A table titled "Results" becomes ImageJ's
	 * system results table, which macros read with nResults and getResult: set directly, because
	 * ResultsTable.show makes it so only with an ImageJ window (not headless, not in {@code ImageJ -batch}).
	 */
	public static ResultsTable show(Table table) {
		ResultsTable rt = of(table);
		if ("Results".equals(table.title())) Analyzer.setResultsTable(rt);
		if (!GraphicsEnvironment.isHeadless()) rt.show(table.title());
		return rt;
	}
}
