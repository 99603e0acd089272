package org.astrofiji.core.registration;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;

/**
 * Committed expected values (src/test/resources/expected/registration, made by
 * src/test/oracle/registration_expected.py) and the shared frames they were made from.
 */
final class Expected {

	private Expected() {}

	static List<Map<String, String>> csv(String name) throws IOException {
		return SharedData.csv("/expected/registration/" + name);
	}

	/** A number; numpy's "nan" is NaN. */
	static double d(Map<String, String> row, String col) {
		String v = row.get(col).trim();
		return v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v);
	}

	static int i(Map<String, String> row, String col) {
		return (int) Math.round(Double.parseDouble(row.get(col)));
	}

	/** A frame of ../shared/data (the test is skipped without it). */
	static FitsImage frame(String relative) throws IOException {
		File f = SharedData.file(relative);
		return FitsReader.read(f, null);
	}

	static double[] matrix(Map<String, String> row) {
		return new double[] { d(row, "a00"), d(row, "a01"), d(row, "a02"), d(row, "a10"), d(row, "a11"), d(row, "a12") };
	}
}
