package org.astrofiji.testutil;

import java.io.File;

import net.imagej.patcher.LegacyEnvironment;

/**
 * A headless ImageJ 1 patched by ij1-patcher, exactly as Fiji patches it for {@code --headless}:
 * GenericDialog reads macro options without a display, and the menus come from our
 * {@code plugins.config}. One environment per JVM (patching is done once).
 */
public final class HeadlessImageJ {

	private static LegacyEnvironment ij1;

	private HeadlessImageJ() {}

	public static synchronized LegacyEnvironment get() throws Exception {
		if (ij1 != null) return ij1;
		System.setProperty("java.awt.headless", "true");
		LegacyEnvironment env = new LegacyEnvironment(null, true);
		env.disableInitializer();
		env.disableIJ1PluginDirs();
		env.addPluginClasspath(new File("target/classes"));
		env.addPluginClasspath(HeadlessImageJ.class.getClassLoader());
		return ij1 = env;
	}

	/**
	 * Runs macro code; values come back through files the macro writes. A macro that ImageJ aborts (an
	 * error in the macro or in a command it runs) fails the test.
	 */
	public static void runMacro(String code, String arg) throws Exception {
		LegacyEnvironment env = get();
		env.setMacroOptions(null); // makes sure the patched ImageJ is initialized
		ClassLoader loader = env.getClassLoader();
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			Object result = loader.loadClass("ij.IJ").getMethod("runMacro", String.class, String.class)
				.invoke(null, code, arg == null ? "" : arg);
			if ("[aborted]".equals(result)) throw new AssertionError("the macro was aborted (see the log above)");
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}
}
