package org.astrofiji.core.detection;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.astrofiji.testutil.SharedData;

/** Committed expected values (src/test/resources/expected/detection, made by src/test/oracle/detection_expected.py). */
final class Expected {

	private Expected() {}

	/** Rows of a CSV resource (gzipped when the name ends in .gz) as column name to text. */
	static List<Map<String, String>> csv(String name) throws IOException {
		return SharedData.csv("/expected/detection/" + name);
	}

	static double d(Map<String, String> row, String col) {
		return Double.parseDouble(row.get(col));
	}

	static int i(Map<String, String> row, String col) {
		return (int) Math.round(Double.parseDouble(row.get(col)));
	}
}
