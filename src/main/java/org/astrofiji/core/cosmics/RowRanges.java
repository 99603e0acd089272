package org.astrofiji.core.cosmics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.Coordinates;

/**
 * Ranges of image rows given as text, in 0-based rows of the FITS array (numpy's first index):
 * {@code 230-279} (both ends included), {@code 230:280} (numpy slice, end excluded) or {@code 250},
 * several separated by commas or spaces.
 */
public final class RowRanges {

	private final List<int[]> ranges;
	private final String text;

	private RowRanges(List<int[]> ranges, String text) {
		this.ranges = ranges;
		this.text = text;
	}

	/** No rows. */
	public static RowRanges none() {
		return new RowRanges(Collections.emptyList(), "");
	}

	/**
	 * Parses and checks the ranges against an image height; errors name {@code key} (the parameter).
	 */
	public static RowRanges parse(String text, int height, String key) {
		if (text == null || text.isBlank()) return none();
		List<int[]> list = new ArrayList<>();
		for (String part : text.trim().split("[,;\\s]+")) {
			if (part.isEmpty()) continue;
			int first, last;
			try {
				int colon = part.indexOf(':'), dash = part.indexOf('-', 1);
				if (colon >= 0) {
					first = Integer.parseInt(part.substring(0, colon).trim());
					last = Integer.parseInt(part.substring(colon + 1).trim()) - 1;
				}
				else if (dash >= 0) {
					first = Integer.parseInt(part.substring(0, dash).trim());
					last = Integer.parseInt(part.substring(dash + 1).trim());
				}
				else first = last = Integer.parseInt(part);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + part + "' is not a row range; write rows of the FITS array " +
					"counted from 0, e.g. 230-279 (both included) or 230:280 (numpy slice)");
			}
			if (first > last) throw new IllegalArgumentException(key + ": range '" + part + "' is empty (first row after last)");
			if (first < 0 || last >= height) throw new IllegalArgumentException(key + ": rows " + first + "-" + last +
				" are outside the image, whose rows are 0-" + (height - 1));
			list.add(new int[] { first, last });
		}
		return new RowRanges(list, text.trim());
	}

	/** Whether each memory row (in-memory orientation, FITS row 1 at the bottom) is in a range. */
	public boolean[] memoryRows(int height) {
		boolean[] rows = new boolean[height];
		for (int[] r : ranges) for (int f = r[0]; f <= r[1]; f++) rows[Coordinates.memoryRow(f, height)] = true;
		return rows;
	}

	public boolean isEmpty() {
		return ranges.isEmpty();
	}

	/** Number of distinct rows covered. */
	public int rowCount(int height) {
		int n = 0;
		for (boolean b : memoryRows(height)) if (b) n++;
		return n;
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (int[] r : ranges) sb.append(sb.length() == 0 ? "" : ",").append(r[0]).append('-').append(r[1]);
		return sb.length() == 0 ? text : sb.toString();
	}
}
