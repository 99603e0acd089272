package org.astrofiji.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first-call column: a fresh JVM, started as {@code ./astro run} starts one (the bench JVM's own
 * options, its class-data archive included, plus the one-shot options the launcher gives {@code run},
 * except to the commands it gives the full compiler, e.g. Combine Frames), prepares entry {@code i}
 * from the files the parent wrote and times the first call of its work: what a user meets on the first
 * command of a session.
 */
public final class Cold {

	private Cold() {}

	/** {@code Cold SCRATCH INDEX NAME}: prints {@code first <seconds>}. */
	public static void main(String... args) throws Exception {
		Entry e = Bench.entries().get(Integer.parseInt(args[1]));
		if (!e.name.equals(args[2])) throw new IllegalStateException("entry " + args[1] + " is " + e.name + ", not " + args[2]);
		Entry.Prepared p = e.setup.prepare(new Inputs(Path.of(args[0])));
		long t0 = System.nanoTime();
		p.work.run();
		System.out.println("first " + (System.nanoTime() - t0) / 1e9);
		System.exit(0);
	}

	/** Whether {@code ./astro run} gives this command the full compiler (the launcher's list, passed as a property). */
	static boolean fullCompiler(String command) {
		if (command == null) return false;
		for (String c : System.getProperty("astrofiji.bench.fullcompiler", "").split("\\|")) if (!c.isEmpty() && command.startsWith(c))
			return true;
		return false;
	}

	/** The first call of entry {@code index} in a fresh JVM, in seconds. */
	static double measure(int index, Entry e, Path scratch) throws Exception {
		List<String> cmd = new ArrayList<>();
		cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
		// the bench JVM's options but --add-opens, which ./astro run does not give (it turns off the archive's module graph)
		for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (!a.startsWith("--add-opens")) cmd.add(a);
		// the options ./astro run adds: the one-shot ones, or those of the commands it gives the full compiler
		String options = System.getProperty(fullCompiler(e.command) ? "astrofiji.bench.fullcompiler.opts" : "astrofiji.bench.oneshot", "")
			.trim();
		if (!options.isEmpty()) cmd.addAll(List.of(options.split("\\s+")));
		cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Cold.class.getName(), scratch.toString(),
			Integer.toString(index), e.name));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (p.waitFor() != 0) throw new IllegalStateException("fresh JVM failed: " + out.trim());
		for (String line : out.split("\n")) if (line.startsWith("first ")) return Double.parseDouble(line.substring(6).trim());
		throw new IllegalStateException("fresh JVM printed no time: " + out.trim());
	}
}
