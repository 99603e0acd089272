package org.astrofiji.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Astro Fiji version, for provenance. */
public final class Version {

	private static final String VERSION = load();

	private Version() {}

	/** e.g. "0.1.0" ("dev" when the build did not stamp it). */
	public static String get() {
		return VERSION;
	}

	/** "Astro Fiji 0.1.0": the software named in HISTORY cards. */
	public static String software() {
		return "Astro Fiji " + VERSION;
	}

	private static String load() {
		try (InputStream in = Version.class.getResourceAsStream("/org/astrofiji/version.properties")) {
			if (in == null) return "dev";
			Properties p = new Properties();
			p.load(in);
			String v = p.getProperty("version", "dev");
			return v.startsWith("${") ? "dev" : v;
		}
		catch (IOException e) {
			return "dev";
		}
	}
}
