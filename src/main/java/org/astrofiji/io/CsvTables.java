package org.astrofiji.io;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Table;

/**
 * Tables as CSV: a header row of column names, numbers at full precision (they read back exactly),
 * text quoted when it holds a comma, quote or line break. Written atomically.
 */
public final class CsvTables {

	private CsvTables() {}

	/** Rows formatted together by one thread. */
	private static final int BLOCK = 512;

	public static void write(File file, Table table, boolean overwrite) throws IOException {
		List<String> cols = table.columns();
		int rows = table.rowCount();
		OutputFiles.write(file, overwrite, out -> {
			// each block's text encoded at once (String.getBytes: an ASCII text is one copy) instead of through
			// an OutputStreamWriter, which widens the text to chars and encodes them back (~3-7 ms of a cold run)
			out.write((join(cols) + '\n').getBytes(StandardCharsets.UTF_8));
			// Most of a long table's write is Double.toString (10 000 sources: ~0.1 s in a one-shot run's
			// C1 code), so blocks of rows are formatted in parallel and written in order; a batch of
			// blocks at a time bounds the text held in memory.
			int batch = BLOCK * 4 * Parallel.threads();
			for (int start = 0; start < rows; start += batch) {
				int first = start, n = Math.min(batch, rows - start);
				StringBuilder[] blocks = new StringBuilder[(n + BLOCK - 1) / BLOCK];
				Parallel.forRange(blocks.length, 1, (from, to) -> {
					for (int b = from; b < to; b++) blocks[b] = rows(table, cols, first + b * BLOCK, first + Math.min(n, (b + 1) * BLOCK));
				});
				for (StringBuilder b : blocks) out.write(b.toString().getBytes(StandardCharsets.UTF_8));
			}
		});
	}

	/**
	 * Rows [from, to) as CSV lines. A number equal to the one above it in its column reuses that one's
	 * digits: columns often repeat (a global background; the shape of every one-pixel source: 13 300 of
	 * the 17 250 fractional cells of the M13 seed table), and Double.toString is most of a table's write.
	 */
	private static StringBuilder rows(Table table, List<String> cols, int from, int to) {
		StringBuilder sb = new StringBuilder((to - from) * cols.size() * 12);
		long[] aboveBits = new long[cols.size()];
		String[] above = new String[cols.size()];
		for (int r = from; r < to; r++) {
			for (int c = 0; c < cols.size(); c++) {
				if (c > 0) sb.append(',');
				Object v = table.get(r, c); // by number: 68 000 name look-ups for the seed table, interpreted at first
				if (!(v instanceof Double || v instanceof Float)) {
					append(sb, v);
					continue;
				}
				double d = ((Number) v).doubleValue();
				if (whole(d)) sb.append((long) d);
				else if (above[c] != null && Double.doubleToRawLongBits(d) == aboveBits[c]) sb.append(above[c]);
				else {
					above[c] = Double.toString(d);
					aboveBits[c] = Double.doubleToRawLongBits(d);
					sb.append(above[c]);
				}
			}
			sb.append('\n');
		}
		return sb;
	}

	/** True for numbers written as whole numbers, without a fraction. */
	private static boolean whole(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15;
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

	/** Appends a cell: whole numbers without a fraction, other numbers as {@link Double#toString}, text quoted when needed. */
	private static StringBuilder append(StringBuilder sb, Object v) {
		if (v == null) return sb;
		if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			// append(double) gives Double.toString's digits without making a String
			return whole(d) ? sb.append((long) d) : sb.append(d);
		}
		if (v instanceof Number) return sb.append(v);
		String s = v.toString();
		if (s.contains(",") || s.contains("\"") || s.contains("\n")) return sb.append('"').append(s.replace("\"", "\"\"")).append('"');
		return sb.append(s);
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
