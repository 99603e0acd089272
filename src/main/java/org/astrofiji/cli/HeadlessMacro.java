package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import net.imagej.patcher.LegacyEnvironment;

/**
 * {@code astro macro file.ijm [arg]}: runs an ImageJ macro with no display, in an ImageJ 1 patched by
 * ij1-patcher exactly as Fiji patches it for {@code --headless}: dialogs read the macro options,
 * menus come from the plugin jars' {@code plugins.config}.
 */
public final class HeadlessMacro {

	private HeadlessMacro() {}

	/** Runs the macro file; returns 0, or 1 when the macro stopped on an error. */
	public static int run(File app, File macro, String arg) throws Exception {
		if (!macro.isFile()) throw new IOException("macro file not found: " + macro);
		String code;
		try {
			code = new String(java.nio.file.Files.readAllBytes(macro.toPath()), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IOException("cannot read the macro file " + macro + (e instanceof java.nio.file.AccessDeniedException
				? ": no permission" : ": " + e.getMessage()), e);
		}
		System.setProperty("java.awt.headless", "true");
		LegacyEnvironment ij1 = new LegacyEnvironment(null, true);
		ij1.disableInitializer();
		ij1.disableIJ1PluginDirs();
		ij1.addPluginClasspath(pluginJars(app).toArray(new File[0]));
		return runMacro(ij1, code, arg) ? 0 : 1;
	}

	/**
	 * Runs macro code in a patched ImageJ; false when it stopped on an error, whether in the macro
	 * itself or in a command it ran (the interpreter's own error flag: ImageJ's runMacro() reports only
	 * some of these).
	 */
	public static boolean runMacro(LegacyEnvironment ij1, String code, String arg) throws Exception {
		ij1.setMacroOptions(null); // initializes the patched ImageJ
		ClassLoader loader = ij1.getClassLoader();
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			Class<?> interpreter = loader.loadClass("ij.macro.Interpreter");
			Object interp = interpreter.getConstructor().newInstance();
			Method run = interpreter.getMethod("run", String.class, String.class);
			try {
				run.invoke(interp, code, arg == null ? "" : arg);
			}
			catch (java.lang.reflect.InvocationTargetException e) {
				if (!"Macro canceled".equals(e.getCause().getMessage())) throw e;
				return false;
			}
			return !(Boolean) interpreter.getMethod("wasError").invoke(interp);
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/** Our plugin jar and its dependencies in the application layout. */
	static List<File> pluginJars(File app) throws IOException {
		List<File> jars = new ArrayList<>();
		for (String dir : new String[] { "plugins", "jars" }) {
			File[] list = new File(app, dir).listFiles((d, n) -> n.endsWith(".jar"));
			if (list == null) continue;
			java.util.Arrays.sort(list);
			for (File f : list) jars.add(f);
		}
		if (jars.isEmpty()) throw new IOException("no plugin jars under " + app + " (build with mvn package)");
		return jars;
	}
}
