package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's tables: printed, and as {@code docs/benchmarks.md} ({@code --markdown}), the prose of
 * {@code src/test/bench/benchmarks.md.in} around the figures of this run. Nothing on the page is a
 * figure the run did not measure.
 */
final class Report {

	final int threads, samples;
	final List<WarmRun> warm = new ArrayList<>();
	final List<ProcessRun> process = new ArrayList<>();
	double loadStart, loadEnd;
	boolean cds;
	String python = "";

	Report(int threads, int samples) {
		this.threads = threads;
		this.samples = samples;
	}

	void print(PrintStream out) {
		out.println(conditions(""));
		out.println();
		if (!warm.isEmpty()) {
			out.println(warmTable());
			out.println();
		}
		if (!process.isEmpty()) {
			out.println(processTable());
			out.println();
		}
		out.println(targets());
	}

	/** The page: the template with its {@code {{...}}} blocks filled. */
	String page(String date) throws IOException {
		File template = new File(PythonPeer.scripts(), "benchmarks.md.in");
		String t = Files.readString(template.toPath(), StandardCharsets.UTF_8);
		return t.replace("{{conditions}}", conditions(date)).replace("{{warm}}", warm.isEmpty() ? "No in-process entry in this run." :
			warmTable()).replace("{{process}}", process.isEmpty() ? "No whole-process entry in this run." : processTable()).replace(
				"{{targets}}", targets());
	}

	String conditions(String date) {
		String when = date.isEmpty() ? "Measured" : "Measured on " + date;
		return String.format(Locale.ROOT, "%s on %d cores (%s), load average %s at the start and %s at the end of the run; " +
			"Astro Fiji on 1 and %d threads, Java %s%s, default heap (%d MB); peers: %s; %s.", when, Runtime.getRuntime()
				.availableProcessors(), Bench.cpu(), load(loadStart), load(loadEnd), threads, System.getProperty("java.version"),
			cds ? " with the class-data archive of ./astro" : " without a class-data archive", Runtime.getRuntime().maxMemory() >> 20,
			python, samples > 0 ? samples + " samples per cell" : "the entries' sample counts (7 in process, 5 whole process unless " +
				"the table says otherwise)");
	}

	private static String load(double l) {
		return Double.isNaN(l) ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
	}

	String warmTable() {
		StringBuilder sb = new StringBuilder();
		sb.append("| step | input | fastest peer | 1 thread: Astro Fiji (s) | peer (s) | speed-up | ").append(threads).append(
			" threads: Astro Fiji (s) | peer (s) | speed-up | first call, median of " + Cold.FIRST_RUNS + " fresh JVMs (s) | first / warm |\n");
		sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (WarmRun r : warm) {
			String peer = r.peer1Label.isEmpty() ? r.note : r.peer1Label;
			if (!r.peerNLabel.isEmpty() && !r.peerNLabel.equals(r.peer1Label)) peer += "; on " + threads + " threads " + r.peerNLabel;
			if (!r.peer1Label.isEmpty() && !r.note.isEmpty()) peer += " (" + r.note + ")";
			String pN = Double.isNaN(r.peerN) ? "" : r.peerNThreaded ? secs(r.peerN) : "*" + secs(r.peerN) + "*";
			sb.append("| ").append(r.entry.name).append(" | ").append(r.entry.input).append(" | ").append(peer).append(" | ").append(
				secs(r.ours1)).append(" | ").append(secs(r.peer1)).append(" | ").append(ratio(r.peer1, r.ours1)).append(" | ").append(secs(
					r.oursN)).append(" | ").append(pN).append(" | ").append(ratio(r.peerN, r.oursN)).append(" | ").append(secs(r.first))
				.append(" | ").append(Double.isNaN(r.first) ? "" : String.format(Locale.ROOT, "%.1f", r.first / r.oursN)).append(" |\n");
		}
		sb.append("\n*Italic*: the peer has no threads of its own; its one-thread time stands in the ").append(threads).append(
			"-thread column.");
		for (WarmRun r : warm) if (r.floor != null) sb.append("\n\n").append(floorLine(r));
		String apart = firstCallsApart();
		if (!apart.isEmpty()) sb.append("\n\n").append(apart);
		return sb.toString();
	}

	/**
	 * The first calls above 2x the warm time, taken apart with the figures of their own fresh JVM: the
	 * best later call there (the code its compilers make) against what 2x warm allows, and the compilers'
	 * time during the first call against what 2x warm leaves for warm-up.
	 */
	String firstCallsApart() {
		StringBuilder sb = new StringBuilder();
		for (WarmRun r : warm) {
			Cold.Result c = r.cold;
			if (c == null || !(c.first > 2 * r.oursN) || Double.isNaN(c.later)) continue;
			double budget = 2 * r.oursN - c.later, jit = c.jitMs / 1e3, fresh = Double.isNaN(c.fresh) ? 0 : c.fresh;
			double freshWorst = Double.isNaN(c.freshWorst) ? 0 : c.freshWorst;
			String why = c.later > 2 * r.oursN ? String.format(Locale.ROOT, "that JVM's compiled code alone takes %.1fx warm",
				c.later / r.oursN) : jit > budget ? String.format(Locale.ROOT, "compiling takes %.2fx what 2x leaves", jit / budget)
					: fresh > budget ? String.format(Locale.ROOT, "fresh memory alone takes %.2fx what 2x leaves", fresh / budget)
						: jit + fresh > budget ? String.format(Locale.ROOT, "compiling and fresh memory take %.2fx what 2x leaves", (jit +
							fresh) / budget) : jit + freshWorst > budget ? String.format(Locale.ROOT, "compiling and fresh memory fit with " +
								"fresh memory's best case, take %.2fx what 2x leaves with its worst", (jit + freshWorst) / budget)
								: "compiling and fresh memory fit even with fresh memory's worst case: the rest (interpreted code, class " +
									"loading and linking) is not taken apart";
			sb.append("| ").append(r.entry.name).append(" | ").append(r.entry.input).append(" | ").append(secs(c.first)).append(" (").append(secs(c.firstLow))
				.append(" - ").append(secs(c.firstHigh)).append(") | ").append(secs(r.oursN)).append(" | ").append(secs(c.later)).append(" (").append(c.laterCalls).append(") | ").append(budget > 0
					? secs(budget) : "none").append(" | ").append(secs(jit)).append(" | ").append(String.format(Locale.ROOT, "%.1f",
						c.allocatedMb)).append(" | ").append(Double.isNaN(c.fresh) ? "" : secs(c.fresh) + " - " + secs(c.freshWorst)).append(" | ").append(why).append(" |\n");
		}
		if (sb.length() == 0) return "";
		return "First calls above 2x the warm time (the median of " + Cold.FIRST_RUNS + " fresh JVMs, their range in brackets), " +
			"taken apart in the median one: the best of the calls after the first " +
			"there (the speed of the code that JVM's compilers make; how many calls in brackets), what 2x warm leaves for " +
			"warm-up beside it, the compilers' time while the first call ran (all compiler threads), the memory the first " +
			"call allocated (new to the JVM, so page-faulted in) and what that much fresh memory alone costs a new JVM started " +
			"the same way (the best and the worst of " + Cold.FRESH_RUNS + ": on this VM 2 MB pages come at once or after the kernel " +
			"compacts memory).\n\n| step | input | first call (s) | warm, " + threads +
			" threads (s) | later calls, best (s) | 2x warm - later (s) | compiling during the first call (s) | allocated (MB) | " +
			"that much fresh memory (s) | what stands in the way |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n" + sb
				.toString().trim();
	}

	/** An in-process entry's floor beside the times of the same rounds: how close each side is to it. */
	static String floorLine(WarmRun r) {
		String s = String.format(Locale.ROOT, "%s, %s: the machine's floor for this work is %s s (%s, median of the rounds); " +
			"on 1 thread Astro Fiji took %.1fx the floor", r.entry.name, r.entry.input, secs(r.floor.seconds), r.floor.parts,
			r.ours1 / r.floor.seconds);
		if (Double.isNaN(r.peer1)) return s + ".";
		s += String.format(Locale.ROOT, ", %s %.1fx", r.peer1Label, r.peer1 / r.floor.seconds);
		if (r.peer1 / 2 < r.floor.seconds) s += String.format(Locale.ROOT, "; 2x the peer (%s s) is below the floor, out of reach " +
			"on 1 thread", secs(r.peer1 / 2));
		return s + ".";
	}

	String processTable() {
		StringBuilder sb = new StringBuilder();
		sb.append("| command | input | Python script | ./astro run (s) | peak RSS (MB) | script (s) | peak RSS (MB) | speed-up |\n");
		sb.append("|---|---|---|---:|---:|---:|---:|---:|\n");
		for (ProcessRun r : process) {
			sb.append("| ").append(r.entry.name).append(" | ").append(r.entry.input).append(" | ").append(r.pythonName).append(
				r.note.isEmpty() ? "" : " (" + r.note + ")").append(" | ").append(secs(r.astro)).append(" | ").append(mb(r.astroMb))
				.append(" | ").append(secs(r.python)).append(" | ").append(mb(r.pythonMb)).append(" | ").append(ratio(r.python, r.astro))
				.append(" |\n");
		}
		for (ProcessRun r : process) {
			if (r.floor == null) continue;
			String script = Double.isNaN(r.python) ? "" : String.format(Locale.ROOT, ", the script %.1fx", r.python / r.floor.seconds) +
				(r.python / 1.5 < r.floor.seconds ? String.format(Locale.ROOT, "; 1.5x the script (%.2f s) is below this floor", r.python / 1.5) : "");
			sb.append(String.format(Locale.ROOT, "\n%s, %s: the machine's floor for this job is %.2f s (%s); ./astro run took %.1fx " +
				"the floor%s.\n", r.entry.name, r.entry.input, r.floor.seconds, r.floor.parts, r.astro / r.floor.seconds, script));
		}
		return sb.toString().trim();
	}

	/** Each target of issue 13 against this run's figures: which entries meet it and which do not. */
	String targets() {
		List<String> lines = new ArrayList<>();
		List<String> miss = new ArrayList<>();
		int n = 0;
		for (WarmRun r : warm) {
			if (Double.isNaN(r.peer1)) continue;
			n++;
			if (r.peer1 / r.ours1 < 2) miss.add(r.entry.name + " " + missed(r.peer1 / r.ours1));
		}
		if (n > 0) lines.add(line("Warm, 1 thread against 1 thread, at least 2x the peer", n, miss));
		miss = new ArrayList<>();
		n = 0;
		for (WarmRun r : warm) {
			if (Double.isNaN(r.first)) continue;
			n++;
			if (r.first > 2 * r.oursN) miss.add(r.entry.name + String.format(Locale.ROOT, " %.1fx", r.first / r.oursN));
		}
		if (n > 0) lines.add(line("First call in a fresh JVM (median of " + Cold.FIRST_RUNS + ") within 2x of the warm time", n, miss));
		miss = new ArrayList<>();
		List<String> memory = new ArrayList<>();
		n = 0;
		for (ProcessRun r : process) {
			if (Double.isNaN(r.python)) continue;
			n++;
			if (r.python / r.astro < 1.5) miss.add(r.entry.name + " " + missed(r.python / r.astro));
			if (r.astroMb > r.pythonMb + 150) memory.add(r.entry.name + String.format(Locale.ROOT, " +%.0f MB", r.astroMb - r.pythonMb));
		}
		if (n > 0) {
			lines.add(line("Whole process at least 1.5x faster than the Python script", n, miss));
			lines.add(line("Whole process peak memory at most the script's + 150 MB", n, memory));
		}
		StringBuilder sb = new StringBuilder();
		for (String l : lines) sb.append("* ").append(l).append('\n');
		return sb.toString().trim();
	}

	private static String line(String target, int n, List<String> miss) {
		return target + ": " + (n - miss.size()) + " of " + n + " entries" + (miss.isEmpty() ? "." : "; not: " + String.join(", ",
			miss) + ".");
	}

	static String secs(double t) {
		if (Double.isNaN(t)) return "";
		return String.format(Locale.ROOT, t < 0.01 ? "%.4f" : t < 10 ? "%.3f" : "%.1f", t);
	}

	static String mb(double m) {
		return Double.isNaN(m) ? "" : String.format(Locale.ROOT, "%.0f", m);
	}

	/** A ratio that misses its target: two decimals, so that 1.47x is not shown as the 1.5x it misses. */
	private static String missed(double ratio) {
		return String.format(Locale.ROOT, "%.2fx", ratio);
	}

	static String ratio(double peer, double ours) {
		return Double.isNaN(peer) || Double.isNaN(ours) ? "" : String.format(Locale.ROOT, "%.1fx", peer / ours);
	}
}
