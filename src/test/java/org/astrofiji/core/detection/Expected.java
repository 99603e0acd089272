package org.astrofiji.core.detection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Committed expected values (src/test/resources/expected/detection, made by src/test/oracle/detection_expected.py). */
final class Expected {

	private Expected() {}

	/** Rows of a CSV resource (gzipped when the name ends in .gz) as column name to text. */
	static List<Map<String, String>> csv(String name) throws IOException {
		String resource = "/expected/detection/" + name;
		InputStream in = Expected.class.getResourceAsStream(resource);
		if (in == null) throw new IOException("missing test resource " + resource);
		if (name.endsWith(".gz")) in = new GZIPInputStream(in);
		List<Map<String, String>> rows = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String[] header = r.readLine().split(",", -1);
			for (String line; (line = r.readLine()) != null;) {
				if (line.isBlank()) continue;
				String[] v = line.split(",", -1);
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < header.length; i++) row.put(header[i], i < v.length ? v[i] : "");
				rows.add(row);
			}
		}
		return rows;
	}

	static double d(Map<String, String> row, String col) {
		return Double.parseDouble(row.get(col));
	}

	static int i(Map<String, String> row, String col) {
		return (int) Math.round(Double.parseDouble(row.get(col)));
	}
}
