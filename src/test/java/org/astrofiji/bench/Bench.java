package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Parallel;

/**
 * {@code ./astro bench [options] [filter...]}: times every workflow beside its Python peers, measured in
 * the same run on the same input, and prints two tables (see {@code docs/benchmarks.md}):
 * <ul>
 * <li><b>in process, warm</b>: ours on one thread against the peer on one thread, ours on all cores
 * against the peer with its own threads where it has them; samples interleaved, medians; and the
 * first call of our work in a fresh JVM started as {@code ./astro} starts one;</li>
 * <li><b>whole process</b>: {@code ./astro run} against the equivalent Python script on the same files
 * (start-up, reading and writing included), with the peak resident memory of each.</li>
 * </ul>
 * A peer that cannot run here is reported as not installed; no time is ever taken from elsewhere.
 * Options: {@code --samples N}, {@code --no-cold}, {@code --no-warm}, {@code --no-process},
 * {@code --markdown [FILE]} (write the page, default {@code docs/benchmarks.md}), {@code --list}.
 */
public final class Bench {

	private Bench() {}

	/** The in-process entries, in the order of the table. Each workflow adds its entries here. */
	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.addAll(IoBench.entries());
		e.addAll(SimulationBench.entries());
		e.addAll(CalibrationBench.entries());
		e.addAll(CosmicsBench.entries());
		e.addAll(BackgroundBench.entries());
		e.addAll(DetectionBench.entries());
		e.addAll(CompositeBench.entries());
		e.addAll(RegistrationBench.entries());
		e.addAll(PhotometryBench.entries());
		e.addAll(PsfBench.entries());
		e.addAll(NightBench.entries());
		e.addAll(NightBench.sparkEntries());
		e.addAll(SubtractionBench.entries());
		return e;
	}

	/** The whole-process entries. Each workflow adds its commands here. */
	static List<ProcessEntry> processes() {
		List<ProcessEntry> e = new ArrayList<>();
		e.addAll(DetectionBench.processes());
		e.addAll(CosmicsBench.processes());
		e.addAll(BackgroundBench.processes());
		e.addAll(CalibrationBench.processes());
		e.addAll(CompositeBench.processes());
		e.addAll(RegistrationBench.processes());
		e.addAll(PhotometryBench.processes());
		e.addAll(SubtractionBench.processes());
		return e;
	}

	/** {@code ./astro bench}: the launcher runs this from the test classpath. */
	public static void main(String... args) throws Exception {
		System.exit(run(args, System.out));
	}

	static int run(String[] args, PrintStream out) throws Exception {
		Options o;
		try {
			o = Options.parse(args);
		}
		catch (IllegalArgumentException e) {
			System.err.println("bench: " + e.getMessage());
			System.err.println("usage: astro bench [--samples N] [--no-cold] [--no-warm] [--no-process] [--markdown [FILE]] [--list] " +
				"[filter...]");
			return 2;
		}
		List<Entry> entries = entries();
		List<ProcessEntry> processes = processes();
		if (o.list) {
			for (Entry e : entries) out.println("in process: " + e.name + " | " + e.input);
			for (ProcessEntry e : processes) out.println("whole process: " + e.name + " | " + e.input);
			return 0;
		}
		Report report = new Report(Parallel.threads(), o.samples);
		report.loadStart = loadAverage();
		Path scratch = Files.createTempDirectory("astro-bench");
		try {
			Inputs in = new Inputs(scratch);
			if (o.warm) {
				for (int i = 0; i < entries.size(); i++) {
					Entry e = entries.get(i);
					if (!e.matches(o.filters)) continue;
					System.err.println("bench: " + e.name + " | " + e.input);
					WarmRun w = new WarmRun(e, o.samples > 0 ? o.samples : e.samples);
					try {
						w.run(in, o.cold ? i : -1);
					}
					catch (Exception x) {
						w.note = "failed: " + x;
						System.err.println("    " + w.note);
					}
					report.warm.add(w);
				}
			}
			if (o.process) {
				for (ProcessEntry e : processes) {
					if (!e.matches(o.filters)) continue;
					System.err.println("bench: whole process: " + e.name + " | " + e.input);
					report.process.add(ProcessRun.run(e, in, o.samples > 0 ? o.samples : e.samples));
				}
			}
		}
		finally {
			deleteTree(scratch.toFile());
			Parallel.setThreads(report.threads);
		}
		report.loadEnd = loadAverage();
		report.cds = ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith(
			"-XX:SharedArchiveFile"));
		report.python = pythonVersions();
		report.print(out);
		if (o.markdown != null) {
			File page = o.markdown.isEmpty() ? new File(Inputs.project(), "docs/benchmarks.md") : new File(o.markdown);
			Files.writeString(page.toPath(), report.page(LocalDate.now().toString()), StandardCharsets.UTF_8);
			System.err.println("bench: wrote " + page);
		}
		return 0;
	}

	/** The command-line options. */
	static final class Options {

		String[] filters = new String[0];
		int samples = -1;
		boolean cold = true, warm = true, process = true, list;
		String markdown;

		static Options parse(String[] args) {
			Options o = new Options();
			List<String> filters = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--samples":
						if (i + 1 >= args.length) throw new IllegalArgumentException("--samples needs a number");
						o.samples = Integer.parseInt(args[++i]);
						if (o.samples < 1) throw new IllegalArgumentException("--samples must be at least 1");
						break;
					case "--no-cold": o.cold = false; break;
					case "--no-warm": o.warm = false; break;
					case "--no-process": o.process = false; break;
					case "--list": o.list = true; break;
					case "--markdown":
						o.markdown = i + 1 < args.length && args[i + 1].endsWith(".md") ? args[++i] : "";
						break;
					default:
						if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
						filters.add(args[i]);
				}
			}
			o.filters = filters.toArray(new String[0]);
			return o;
		}
	}

	static boolean contains(String text, String filter) {
		return text.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
	}

	/** The 1-minute load average, NaN where /proc/loadavg is absent. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException e) {
			return Double.NaN;
		}
	}

	static String cpu() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
		}
		catch (IOException e) {
			// not Linux
		}
		return "unknown CPU";
	}

	/** Python's and the peer libraries' versions, or why there are none. */
	static String pythonVersions() {
		if (!new File(PythonPeer.PYTHON).canExecute()) return "peers not measured: " + PythonPeer.PYTHON + " not found";
		try {
			Process p = new ProcessBuilder(PythonPeer.PYTHON, new File(PythonPeer.scripts(), "serve.py").getPath(), "--versions")
				.redirectErrorStream(true).start();
			String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return p.waitFor() == 0 ? v : "peer versions unknown: " + v;
		}
		catch (IOException | InterruptedException e) {
			return "peer versions unknown: " + e.getMessage();
		}
	}

	static double median(double[] t) {
		double[] s = t.clone();
		Arrays.sort(s);
		int n = s.length;
		return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}

	private static void deleteTree(File f) {
		File[] children = f.listFiles();
		if (children != null) for (File c : children) deleteTree(c);
		f.delete();
	}
}
