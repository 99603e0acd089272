package org.astrofiji.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Calls SCRATCH INDEX N}: prepares in-process entry {@code INDEX} (the order of {@code ./astro bench
 * --list}) from the files of directory {@code SCRATCH} (made there when missing) and times {@code N}
 * calls of its work in this JVM, printing each call's wall and process CPU time: the first call against
 * the following ones, under whatever JIT options the JVM was started with (the one-shot
 * {@code -XX:TieredStopAtLevel=1 ...} of {@code ./astro run}, or none for the warm tiered figures). A
 * tool for cold-start work, run on the test classpath with the launcher's options (see docs/dev/cold.md);
 * the bench's first-call column is {@link Cold}.
 */
public final class Calls {

	private Calls() {}

	public static void main(String... args) throws Exception {
		Path scratch = Files.createDirectories(Path.of(args[0]));
		Entry e = Bench.entries().get(Integer.parseInt(args[1]));
		int n = Integer.parseInt(args[2]);
		Entry.Prepared p = e.setup.prepare(new Inputs(scratch));
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		StringBuilder wall = new StringBuilder(e.name + ":"), cpu = new StringBuilder(" | cpu");
		for (int i = 0; i < n; i++) {
			long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
			p.work.run();
			long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
			wall.append(String.format(Locale.ROOT, " %.4f", (t1 - t0) / 1e9));
			cpu.append(String.format(Locale.ROOT, " %.4f", (c1 - c0) / 1e9));
		}
		System.out.println(wall.append(cpu));
		System.exit(0);
	}
}
