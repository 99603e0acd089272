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
	 * Runs macro code; values come back through files the macro writes. A macro that stops on an error
	 * (in the macro or in a command it runs) fails the test.
	 */
	public static void runMacro(String code, String arg) throws Exception {
		boolean ok = org.astrofiji.cli.HeadlessMacro.runMacro(get(), code, arg);
		closeAll();
		if (!ok) throw new AssertionError("the macro stopped on an error (see the log above)");
	}

	/** The ImageJ is shared by all tests of the JVM: each macro starts with no image open. */
	private static void closeAll() throws Exception {
		org.astrofiji.cli.HeadlessMacro.runMacro(get(), "close('*');", "");
	}

	/** Runs macro code that is expected to fail; returns whether it did. */
	public static boolean macroFails(String code, String arg) throws Exception {
		boolean ok = org.astrofiji.cli.HeadlessMacro.runMacro(get(), code, arg);
		closeAll();
		return !ok;
	}
}
