package org.astrofiji.ij1;

import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;

import java.awt.GraphicsEnvironment;

import org.astrofiji.core.Table;

/** Core tables as ImageJ ResultsTables. */
public final class ResultsTables {

	private ResultsTables() {}

	public static ResultsTable of(Table table) {
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
	 * system results table, which macros read with nResults and getResult; headless, where
	 * ResultsTable.show does nothing, it is made the system table directly.
	 */
	public static ResultsTable show(Table table) {
		ResultsTable rt = of(table);
		if (GraphicsEnvironment.isHeadless() && "Results".equals(table.title())) Analyzer.setResultsTable(rt);
		rt.show(table.title());
		return rt;
	}
}
