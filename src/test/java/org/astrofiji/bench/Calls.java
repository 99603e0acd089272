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
 * the bench's first-call column is {@link Cold}. A summary line follows: the first call's compile time,
 * classes loaded and bytes allocated, and the best of calls 4-12 and of calls 10-20.
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
		java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		java.lang.management.ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
		StringBuilder wall = new StringBuilder(e.name + ":"), cpu = new StringBuilder(" | cpu");
		double[] w = new double[n];
		long jit0 = jit.getTotalCompilationTime(), jit1 = 0, loaded0 = classes.getTotalLoadedClassCount(), loaded1 = 0;
		long alloc0 = allocated(), alloc1 = 0;
		boolean marks = Boolean.getBoolean("astrofiji.calls.marks"); // "== call i" lines between -XX:+PrintCompilation's
		for (int i = 0; i < n; i++) {
			if (marks) System.out.println("== call " + i + " at " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
			long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
			p.work.run();
			long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
			if (i == 0) {
				jit1 = jit.getTotalCompilationTime();
				loaded1 = classes.getTotalLoadedClassCount();
				alloc1 = allocated();
			}
			w[i] = (t1 - t0) / 1e9;
			wall.append(String.format(Locale.ROOT, " %.4f", w[i]));
			cpu.append(String.format(Locale.ROOT, " %.4f", (c1 - c0) / 1e9));
		}
		System.out.println(wall.append(cpu));
		// the figures the first-call notes quote: the compilers' time while the first call ran (all
		// compiler threads, so it can exceed the call's wall time), the classes it loaded, and the best
		// of the later calls (calls 4-12 for C1 steady, 10-20 for C2 warm: pick N accordingly)
		System.out.println(String.format(Locale.ROOT, "summary first %.4f | jit during first %d ms (before it %d ms)"
			+ " | classes loaded %d | allocated %.1f MB | best of calls 4-12 %.4f | best of calls 10-20 %.4f", w[0], jit1 - jit0,
			jit0, loaded1 - loaded0, (alloc1 - alloc0) / 1048576.0, best(w, 3, 12), best(w, 9, 20)));
		System.exit(0);
	}

	/**
	 * Bytes allocated so far by the threads alive now (the work's pool threads included once they
	 * exist: a pool started by the first call counts from zero, which is what it allocated). A fresh
	 * JVM's young generation is memory never touched: the first calls pay its page faults.
	 */
	static long allocated() {
		com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long sum = 0;
		for (long a : t.getThreadAllocatedBytes(t.getAllThreadIds())) if (a > 0) sum += a;
		return sum;
	}

	private static double best(double[] w, int from, int to) {
		double b = Double.NaN;
		for (int i = from; i < Math.min(to, w.length); i++) if (!(w[i] >= b)) b = w[i];
		return b;
	}
}
