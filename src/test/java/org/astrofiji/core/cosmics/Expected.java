package org.astrofiji.core.cosmics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.astrofiji.testutil.SharedData;

/**
 * Expected values of a cosmic-ray case from src/test/resources/expected/cosmics (made by
 * src/test/oracle/cosmics_expected.py from the shared oracle): the mask in FITS-array rows, cleaned
 * values, summary numbers, groups and spectrum.
 */
final class Expected {

	/** A value at a FITS-array position (numpy row, column). */
	static final class Value {

		final int row, col;
		final double value;

		Value(int row, int col, double value) {
			this.row = row;
			this.col = col;
			this.value = value;
		}
	}

	final Map<String, Double> summary = new LinkedHashMap<>();
	final List<int[]> flagged = new ArrayList<>();
	final List<Value> clean = new ArrayList<>();
	final List<Value> spectrum = new ArrayList<>();
	final List<double[]> groups = new ArrayList<>();
	final List<String[]> kernels = new ArrayList<>();

	static Expected of(String name) throws IOException {
		Expected e = new Expected();
		for (Map<String, String> r : SharedData.csv("/expected/cosmics/" + name + ".csv")) {
			String kind = r.get("kind");
			switch (kind) {
				case "summary":
					e.summary.put(r.get("col"), Double.parseDouble(r.get("value")));
					break;
				case "mask":
					for (String c : r.get("col").trim().split(" ")) e.flagged.add(new int[] { Integer.parseInt(r.get("row")),
						Integer.parseInt(c) });
					break;
				case "clean":
					e.clean.add(new Value(Integer.parseInt(r.get("row")), Integer.parseInt(r.get("col")), Double.parseDouble(r.get("value"))));
					break;
				case "spectrum":
					e.spectrum.add(new Value(-1, Integer.parseInt(r.get("col")), Double.parseDouble(r.get("value"))));
					break;
				case "group": {
					String[] v = r.get("col").trim().split(" ");
					e.groups.add(new double[] { Integer.parseInt(r.get("row")), Double.parseDouble(v[0]), Double.parseDouble(v[1]),
						Double.parseDouble(v[2]) });
					break;
				}
				case "kernel":
					e.kernels.add(new String[] { r.get("row"), r.get("col"), r.get("value") });
					break;
				default:
					throw new IOException(name + ": unknown row kind " + kind);
			}
		}
		return e;
	}

	/** The expected mask in memory orientation (FITS row 1 at the bottom), 1 = flagged. */
	byte[] mask(int w, int h) {
		byte[] m = new byte[w * h];
		for (int[] rc : flagged) m[(h - 1 - rc[0]) * w + rc[1]] = 1;
		return m;
	}

	int n(String key) {
		Double v = summary.get(key);
		if (v == null) throw new IllegalArgumentException("no summary value " + key + " in " + summary.keySet());
		return (int) Math.round(v);
	}
}
