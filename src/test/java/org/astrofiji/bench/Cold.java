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
 * command of a session. The same JVM then tells what the first call spent beside the work (compile time,
 * fresh memory) and how fast its compiled code is on later calls: the parts of the first call's excess.
 */
public final class Cold {

	private Cold() {}

	/**
	 * {@code Cold SCRATCH INDEX NAME}: prints {@code first <seconds>}, then what the first call spent beside its
	 * work ({@code jit <ms>}: the compilers' time while it ran; {@code allocated <MB>}: what the JVM's threads
	 * allocated, memory a fresh JVM page-faults in) and {@code later <seconds> <calls>}: the best of the next calls
	 * in the same JVM (at least 3, more while they take under 2 s in all, at most 10): the speed of the code this
	 * JVM's compilers make, once made.
	 */
	public static void main(String... args) throws Exception {
		if (args[0].equals("fresh")) {
			fresh(Integer.parseInt(args[1]));
			return;
		}
		Entry e = Bench.entries().get(Integer.parseInt(args[1]));
		if (!e.name.equals(args[2])) throw new IllegalStateException("entry " + args[1] + " is " + e.name + ", not " + args[2]);
		Entry.Prepared p = e.setup.prepare(new Inputs(Path.of(args[0])));
		java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		long jit0 = jit.getTotalCompilationTime(), alloc0 = Calls.allocated(), t0 = System.nanoTime();
		p.work.run();
		long t1 = System.nanoTime(), jit1 = jit.getTotalCompilationTime(), alloc1 = Calls.allocated();
		System.out.println("first " + (t1 - t0) / 1e9);
		System.out.println("jit " + (jit1 - jit0));
		System.out.println("allocated " + (alloc1 - alloc0) / 1048576.0);
		double best = Double.POSITIVE_INFINITY, spent = 0;
		int calls = 0;
		while (calls < 3 || (spent < 2 && calls < 10)) {
			long a = System.nanoTime();
			p.work.run();
			double s = (System.nanoTime() - a) / 1e9;
			best = Math.min(best, s);
			spent += s;
			calls++;
		}
		System.out.println("later " + best + " " + calls);
		System.exit(0);
	}

	/**
	 * {@code Cold fresh MB}: the fresh-memory part of a first call alone: a new JVM makes {@code MB} arrays
	 * of 1 MB and writes into every 4 KB page, as a first call's new arrays are written. Prints
	 * {@code fresh <seconds>}. The kernel gives a new process its pages on first touch (zeroed; 2 MB pages
	 * where the launcher asks for them, found by compacting memory when there are none free); a warm JVM
	 * reuses pages it has touched.
	 */
	private static void fresh(int mb) {
		float[][] keep = new float[mb][];
		long t0 = System.nanoTime();
		for (int i = 0; i < mb; i++) {
			float[] a = new float[(1 << 18) - 4]; // 1 MB with the array header
			for (int j = 0; j < a.length; j += 1024) a[j] = 1;
			keep[i] = a;
		}
		double t = (System.nanoTime() - t0) / 1e9;
		System.out.println("fresh " + t + " " + keep.length);
		System.exit(0);
	}

	/**
	 * A fresh JVM's first call and what it spent beside the work: the compilers' time during it (ms), the MB
	 * allocated, and the best later call in the same JVM ({@code laterCalls} of them).
	 */
	static final class Result {

		final double first, jitMs, allocatedMb, later;
		final int laterCalls;
		/**
		 * The MB allocated as fresh memory alone: the best and the worst of {@link #FRESH_RUNS} new JVMs (NaN if
		 * not taken). Both are kept because on this VM the figure is bimodal (2 MB pages free at once, or found
		 * by compacting memory on the fault).
		 */
		double fresh = Double.NaN, freshWorst = Double.NaN;
		/** The fastest and the slowest of the {@link #FIRST_RUNS} first calls ({@link #first} is their median). */
		double firstLow = Double.NaN, firstHigh = Double.NaN;

		Result(double first, double jitMs, double allocatedMb, double later, int laterCalls) {
			this.first = first;
			this.jitMs = jitMs;
			this.allocatedMb = allocatedMb;
			this.later = later;
			this.laterCalls = laterCalls;
		}
	}

	/** Whether {@code ./astro run} gives this command the full compiler (the launcher's list, passed as a property). */
	static boolean fullCompiler(String command) {
		if (command == null) return false;
		for (String c : System.getProperty("astrofiji.bench.fullcompiler", "").split("\\|")) if (!c.isEmpty() && command.startsWith(c))
			return true;
		return false;
	}

	/**
	 * The first call of entry {@code index} in {@link #FIRST_RUNS} fresh JVMs: the figures of the JVM whose
	 * first call is the median, with the others' range (one figure of a noisy machine can fall far either way).
	 */
	static Result measure(int index, Entry e, Path scratch) throws Exception {
		List<String> jvm = new ArrayList<>();
		jvm.add(new File(System.getProperty("java.home"), "bin/java").getPath());
		// the bench JVM's options but --add-opens, which ./astro run does not give (it turns off the archive's module graph)
		for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (!a.startsWith("--add-opens")) jvm.add(a);
		// the options ./astro run adds: the one-shot ones, or those of the commands it gives the full compiler
		String options = System.getProperty(fullCompiler(e.command) ? "astrofiji.bench.fullcompiler.opts" : "astrofiji.bench.oneshot", "")
			.trim();
		if (!options.isEmpty()) jvm.addAll(List.of(options.split("\\s+")));
		jvm.addAll(List.of("-cp", System.getProperty("java.class.path"), Cold.class.getName()));
		List<Result> runs = new ArrayList<>();
		for (int i = 0; i < FIRST_RUNS; i++) runs.add(once(jvm, scratch, index, e));
		runs.sort((a, b) -> Double.compare(a.first, b.first));
		Result r = runs.get(runs.size() / 2);
		r.firstLow = runs.get(0).first;
		r.firstHigh = runs.get(runs.size() - 1).first;
		double mb = r.allocatedMb;
		// the same MB as fresh memory alone, in new JVMs with the same options: the best and the worst of a few
		if (mb >= 1) {
			for (int i = 0; i < FRESH_RUNS; i++) {
				for (String line : run(jvm, "fresh", Long.toString(Math.round(mb))).split("\n")) {
					if (!line.startsWith("fresh ")) continue;
					double t = Double.parseDouble(line.split(" ")[1]);
					r.fresh = Double.isNaN(r.fresh) ? t : Math.min(r.fresh, t);
					r.freshWorst = Double.isNaN(r.freshWorst) ? t : Math.max(r.freshWorst, t);
				}
			}
		}
		return r;
	}

	/** One fresh JVM's first call and what it spent beside it. */
	private static Result once(List<String> jvm, Path scratch, int index, Entry e) throws Exception {
		String out = run(jvm, scratch.toString(), Integer.toString(index), e.name);
		double first = Double.NaN, jitMs = Double.NaN, mb = Double.NaN, later = Double.NaN;
		int calls = 0;
		for (String line : out.split("\n")) {
			String[] f = line.trim().split(" ");
			if (f[0].equals("first")) first = Double.parseDouble(f[1]);
			else if (f[0].equals("jit")) jitMs = Double.parseDouble(f[1]);
			else if (f[0].equals("allocated")) mb = Double.parseDouble(f[1]);
			else if (f[0].equals("later")) {
				later = Double.parseDouble(f[1]);
				calls = Integer.parseInt(f[2]);
			}
		}
		if (Double.isNaN(first)) throw new IllegalStateException("fresh JVM printed no time: " + out.trim());
		return new Result(first, jitMs, mb, later, calls);
	}

	/** Fresh JVMs whose first calls make an entry's first-call figure (their median). */
	static final int FIRST_RUNS = 3;

	/** New JVMs of the fresh-memory floor per entry. */
	static final int FRESH_RUNS = 5;

	/** Runs {@code jvm} with {@code args} to its end and returns what it printed; fails when it exits non-zero. */
	static String run(List<String> jvm, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(jvm);
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (p.waitFor() != 0) throw new IllegalStateException(cmd.get(cmd.size() - args.length - 1) + " failed: " + out.trim());
		return out;
	}
}
