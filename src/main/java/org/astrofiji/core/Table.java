package org.astrofiji.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small results table: named columns of numbers or text, rows in order. Core algorithms return
 * these; the I/O layer writes them as CSV and the ImageJ bridge shows them as ResultsTables.
 * Positions in tables are FITS pixel coordinates (see {@link Coordinates}).
 */
public final class Table {

	private final String title;
	private final Map<String, Integer> index = new LinkedHashMap<>();
	private final List<String> columns = new ArrayList<>();
	private final List<Object[]> rows = new ArrayList<>();

	public Table(String title, String... columns) {
		this.title = title;
		for (String c : columns) addColumn(c);
	}

	public String title() {
		return title;
	}

	/** A copy of the table under another title (a table titled "Results" becomes ImageJ's Results table). */
	public Table withTitle(String newTitle) {
		Table t = new Table(newTitle, columns.toArray(new String[0]));
		for (Object[] r : rows) t.rows.add(r.clone());
		return t;
	}

	/** Adds a column (empty in existing rows) unless it exists. */
	public Table addColumn(String name) {
		if (!index.containsKey(name)) {
			index.put(name, columns.size());
			columns.add(name);
			for (int r = 0; r < rows.size(); r++) rows.set(r, Arrays.copyOf(rows.get(r), columns.size()));
		}
		return this;
	}

	public List<String> columns() {
		return Collections.unmodifiableList(columns);
	}

	public boolean hasColumn(String name) {
		return index.containsKey(name);
	}

	public int rowCount() {
		return rows.size();
	}

	/** Appends an empty row and returns its index. */
	public int addRow() {
		rows.add(new Object[columns.size()]);
		return rows.size() - 1;
	}

	/** Appends a row with the given values in column order. */
	public int addRow(Object... values) {
		if (values.length != columns.size()) throw new IllegalArgumentException("table '" + title +
			"' has " + columns.size() + " columns, got " + values.length + " values");
		rows.add(values.clone());
		return rows.size() - 1;
	}

	public Table set(int row, String column, double value) {
		rows.get(row)[col(column)] = value;
		return this;
	}

	public Table set(int row, String column, String value) {
		rows.get(row)[col(column)] = value;
		return this;
	}

	/** The cell: a {@link Double}, {@link Long}, {@link Integer}, a String, or null when empty. */
	public Object get(int row, String column) {
		return rows.get(row)[col(column)];
	}

	/** The cell of column number {@code column} (in {@link #columns()}' order): no look-up by name. */
	public Object get(int row, int column) {
		return rows.get(row)[column];
	}

	public double getDouble(int row, String column) {
		Object v = get(row, column);
		if (v instanceof Number) return ((Number) v).doubleValue();
		if (v == null) return Double.NaN;
		try {
			return Double.parseDouble(v.toString());
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}

	public String getString(int row, String column) {
		Object v = get(row, column);
		return v == null ? "" : v.toString();
	}

	/** A whole numeric column. */
	public double[] column(String column) {
		double[] v = new double[rows.size()];
		for (int r = 0; r < v.length; r++) v[r] = getDouble(r, column);
		return v;
	}

	/** True when every non-empty cell of the column is a number. */
	public boolean isNumeric(String column) {
		int c = col(column);
		for (Object[] row : rows) if (row[c] != null && !(row[c] instanceof Number)) return false;
		return true;
	}

	private int col(String column) {
		Integer c = index.get(column);
		if (c == null) throw new IllegalArgumentException("table '" + title + "' has no column '" +
			column + "' (columns: " + String.join(", ", columns) + ")");
		return c;
	}

	@Override
	public String toString() {
		return title + " (" + rows.size() + " rows: " + String.join(", ", columns) + ")";
	}
}
