package org.astrofiji.io;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Table;

/**
 * Tables as CSV: a header row of column names, numbers at full precision (they read back exactly),
 * text quoted when it holds a comma, quote or line break. Written atomically.
 */
public final class CsvTables {

	private CsvTables() {}

	public static void write(File file, Table table, boolean overwrite) throws IOException {
		OutputFiles.write(file, overwrite, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			List<String> cols = table.columns();
			w.write(join(cols));
			w.write('\n');
			List<String> cells = new ArrayList<>();
			for (int r = 0; r < table.rowCount(); r++) {
				cells.clear();
				for (String c : cols) cells.add(format(table.get(r, c)));
				w.write(join(cells));
				w.write('\n');
			}
			w.flush();
		});
	}

	/** Reads a CSV written by us or by the Python tools: numbers become numbers, the rest text. */
	public static Table read(File file) throws IOException {
		List<String> lines = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
			for (String line; (line = r.readLine()) != null;) if (!line.isBlank()) lines.add(line);
		}
		if (lines.isEmpty()) throw new IOException(file + " is empty: a CSV table needs a header row");
		List<String> header = split(lines.get(0));
		Table t = new Table(file.getName(), header.toArray(new String[0]));
		for (int i = 1; i < lines.size(); i++) {
			List<String> v = split(lines.get(i));
			if (v.size() != header.size()) throw new IOException(file + " line " + (i + 1) + " has " + v.size() +
				" fields, the header has " + header.size());
			Object[] row = new Object[v.size()];
			for (int c = 0; c < row.length; c++) row[c] = parse(v.get(c));
			t.addRow(row);
		}
		return t;
	}

	static String format(Object v) {
		if (v == null) return "";
		if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
			return Double.toString(d);
		}
		if (v instanceof Number) return v.toString();
		String s = v.toString();
		if (s.contains(",") || s.contains("\"") || s.contains("\n")) return '"' + s.replace("\"", "\"\"") + '"';
		return s;
	}

	private static Object parse(String s) {
		if (s.isEmpty()) return null;
		try {
			return Double.parseDouble(s);
		}
		catch (NumberFormatException e) {
			return s;
		}
	}

	private static String join(List<String> cells) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) sb.append(i == 0 ? "" : ",").append(cells.get(i));
		return sb.toString();
	}

	static List<String> split(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cur.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else cur.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				out.add(cur.toString());
				cur.setLength(0);
			}
			else cur.append(c);
		}
		out.add(cur.toString());
		return out;
	}
}
