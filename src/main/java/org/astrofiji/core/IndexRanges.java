package org.astrofiji.core;

import java.util.BitSet;

/**
 * Index ranges users type: 0-based rows (or columns) of the FITS array as numpy indexes them, either
 * {@code 10-199} (both ends included) or numpy's slice {@code 10:200} (end excluded: the same rows), or
 * a single number, several separated by commas or spaces: {@code 10-199,300-479}. Parsing checks the
 * ranges against the image and names the parameter in its errors. The one parser of every command.
 */
public final class IndexRanges {

	private IndexRanges() {}

	/**
	 * The sorted, distinct indices of {@code text}.
	 *
	 * @param parameter name used in error messages ("ranges", "source", ...)
	 * @param length number of rows (or columns) the indices must lie in: 0 .. length-1
	 * @param what "row" or "column", for messages
	 * @return the indices; empty for blank text
	 */
	public static int[] parse(String parameter, String text, int length, String what) {
		if (text == null || text.isBlank()) return new int[0];
		BitSet set = new BitSet(length);
		for (String part : text.split("[,;\\s]+")) {
			if (part.isEmpty()) continue;
			int colon = part.indexOf(':'), dash = part.indexOf('-', 1);
			int a, b;
			try {
				if (colon >= 0) { // numpy slice: end excluded
					a = Integer.parseInt(part.substring(0, colon).trim());
					b = Integer.parseInt(part.substring(colon + 1).trim()) - 1;
				}
				else if (dash < 0) a = b = Integer.parseInt(part.trim());
				else {
					a = Integer.parseInt(part.substring(0, dash).trim());
					b = Integer.parseInt(part.substring(dash + 1).trim());
				}
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(parameter + ": '" + part + "' is not a range like 10-199 (0-based " +
					what + "s, both ends included) or 10:200 (numpy slice)");
			}
			if (b < a) throw new IllegalArgumentException(parameter + ": range " + part + " ends before it starts");
			if (a < 0 || b >= length) throw new IllegalArgumentException(parameter + ": " + what + "s " + part +
				" lie outside the image, whose " + what + "s are 0-" + (length - 1) + " (0-based, FITS array order)");
			set.set(a, b + 1);
		}
		return set.stream().toArray();
	}

	/** The first index in both sorted arrays, or -1. */
	public static int firstCommon(int[] a, int[] b) {
		int i = 0, j = 0;
		while (i < a.length && j < b.length) {
			if (a[i] == b[j]) return a[i];
			if (a[i] < b[j]) i++;
			else j++;
		}
		return -1;
	}

	/** Sorted distinct indices written back as ranges: {@code 10-199,300-479}. */
	public static String format(int[] idx) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < idx.length;) {
			int j = i;
			while (j + 1 < idx.length && idx[j + 1] == idx[j] + 1) j++;
			sb.append(sb.length() == 0 ? "" : ",").append(idx[i]);
			if (j > i) sb.append('-').append(idx[j]);
			i = j + 1;
		}
		return sb.toString();
	}

	/** Which memory rows (ImageJ orientation) the 0-based FITS-array rows are: true for each. */
	public static boolean[] memoryRows(int[] fitsRows, int height) {
		boolean[] rows = new boolean[height];
		for (int r : fitsRows) rows[Coordinates.memoryRow(r, height)] = true;
		return rows;
	}

	/** All indices 0 .. length-1. */
	public static int[] all(int length) {
		int[] idx = new int[length];
		for (int i = 0; i < length; i++) idx[i] = i;
		return idx;
	}
}
