package org.astrofiji.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Access to {@code ../shared} (real FITS data and the Python oracle), which a plain clone does not
 * have: tests that need it call {@link #dir(String)}, which skips the test (JUnit assumption) when
 * {@code ../shared} is absent, and fails it when {@code ../shared} is there but the data it needs are
 * not (so CI, which has {@code ../shared}, never passes by skipping). Set
 * {@code -Dastrofiji.shared=/path/to/shared} to use another location.
 */
public final class SharedData {

	private SharedData() {}

	public static File root() {
		String p = System.getProperty("astrofiji.shared");
		return p != null ? new File(p) : new File(System.getProperty("user.dir"), "../shared").getAbsoluteFile();
	}

	/** The data folder {@code ../shared/data/<name>}; skips the calling test without ../shared. */
	public static File dir(String name) {
		File d = new File(new File(root(), "data"), name);
		require(d.isDirectory(), d);
		return d;
	}

	public static File file(String relative) {
		File f = new File(new File(root(), "data"), relative);
		require(f.isFile(), f);
		return f;
	}

	/** Skips the calling test when ../shared is absent; fails it when ../shared is there but {@code f} is not. */
	private static void require(boolean present, File f) {
		assumeTrue(root().isDirectory(), "../shared is not present (" + root() + "): real-data test skipped");
		if (!present) throw new AssertionError("../shared is present but " + f + " is missing: the real-data test cannot run");
	}

	/**
	 * Reads a CSV resource (committed expected values; gzipped when the name ends in .gz) as rows of
	 * column name to text.
	 */
	public static List<Map<String, String>> csv(String resource) throws IOException {
		InputStream in = SharedData.class.getResourceAsStream(resource);
		if (in == null) throw new IOException("missing test resource " + resource);
		if (resource.endsWith(".gz")) in = new GZIPInputStream(in);
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
}
