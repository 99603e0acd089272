package org.astrofiji.testutil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An X server for the tests that need a display: Xvfb started with {@code -displayfd}, so that it takes a
 * free display number itself and prints it once it accepts connections. {@code xvfb-run -a}, used before,
 * can wait for ever: it installs its USR1 handler, starts Xvfb and only then waits for Xvfb's "ready"
 * signal, which a quick Xvfb on a busy machine sends before the script waits (a full run hung 300 s in
 * GuiRecordingTest that way, 2026-12-05). Its display number was also a guess another run could take.
 */
public final class VirtualDisplay implements AutoCloseable {

	private final Process server;
	/** The value of DISPLAY, e.g. {@code :1}. */
	public final String name;

	private VirtualDisplay(Process server, String name) {
		this.server = server;
		this.name = name;
	}

	/** Whether Xvfb is installed (apt-get install xvfb). */
	public static boolean available() {
		return new File("/usr/bin/Xvfb").canExecute();
	}

	/** Starts Xvfb (1280x1024, 24 bits, no TCP), its messages in {@code log}; returns once it accepts connections. */
	public static VirtualDisplay start(File log) throws IOException {
		Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
			.redirectError(log).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
		String number;
		try {
			number = CompletableFuture.supplyAsync(() -> {
				try {
					return out.readLine();
				}
				catch (IOException e) {
					return null;
				}
			}).get(60, TimeUnit.SECONDS);
		}
		catch (Exception e) {
			number = null;
		}
		if (number == null || !number.trim().matches("\\d+")) {
			x.destroyForcibly();
			throw new IOException("Xvfb did not start: " + (log.isFile() ? Files.readString(log.toPath()) : ""));
		}
		return new VirtualDisplay(x, ":" + number.trim());
	}

	/** The builder with this display as DISPLAY (Xvfb without -auth admits local clients: no XAUTHORITY). */
	public ProcessBuilder attach(ProcessBuilder pb) {
		pb.environment().put("DISPLAY", name);
		pb.environment().remove("XAUTHORITY");
		return pb;
	}

	/**
	 * Runs {@code main} with {@code args} in a JVM of its own on this display (the tests' class path, AWT
	 * not headless), its output in {@code log}; returns the output once it exits with 0, else fails.
	 */
	public String runJava(Class<?> main, File log, int seconds, String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"-Djava.awt.headless=false", "-cp", System.getProperty("java.class.path"), main.getName()));
		cmd.addAll(Arrays.asList(args));
		Process p = attach(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(log).start();
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError(main.getSimpleName() + " did not finish in " + seconds + " s:\n" + Files.readString(log.toPath()));
		}
		String out = Files.readString(log.toPath());
		if (p.exitValue() != 0) throw new AssertionError(main.getSimpleName() + " exited with " + p.exitValue() + ":\n" + out);
		return out;
	}

	@Override
	public void close() throws InterruptedException {
		server.destroy();
		if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
	}
}
