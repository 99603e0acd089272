package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole process and measures it: wall time from start to exit, and peak resident memory (the
 * largest RSS of the process or any of its children, as {@code /usr/bin/time -f %M} reports it; NaN
 * without {@code /usr/bin/time}).
 */
final class Processes {

	private static final File TIME = new File("/usr/bin/time");

	private Processes() {}

	/** Seconds and peak resident megabytes of one run. */
	static final class Measured {

		final double seconds, rssMb;

		Measured(double seconds, double rssMb) {
			this.seconds = seconds;
			this.rssMb = rssMb;
		}
	}

	/** Runs {@code cmd} to completion (output discarded, kept for the error message); fails when it exits non-zero. */
	static Measured run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
		File log = File.createTempFile("astro-bench-run", ".log"), rss = File.createTempFile("astro-bench-rss", ".txt");
		try {
			List<String> full = new ArrayList<>();
			if (TIME.canExecute()) full.addAll(List.of(TIME.getPath(), "-f", "%M", "-o", rss.getPath()));
			full.addAll(cmd);
			ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log);
			for (String k : new String[] { "ASTRO_JAVA_OPTS", "ASTRO_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
				"MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS" }) pb.environment().remove(k); // each side's defaults
			pb.environment().putAll(env);
			long t0 = System.nanoTime();
			int code = pb.start().waitFor();
			double seconds = (System.nanoTime() - t0) / 1e9;
			if (code != 0) {
				List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
				throw new IOException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed (exit " + code + "): " +
					String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
			}
			double mb = Double.NaN;
			if (TIME.canExecute()) {
				List<String> lines = Files.readAllLines(rss.toPath(), StandardCharsets.UTF_8);
				if (!lines.isEmpty()) mb = Long.parseLong(lines.get(lines.size() - 1).trim()) / 1024.0;
			}
			return new Measured(seconds, mb);
		}
		finally {
			log.delete();
			rss.delete();
		}
	}

	/** {@code ./astro run "label" 'options'} of the checkout. */
	static List<String> astro(ProcessEntry.Run r) {
		return List.of("bash", new File(Inputs.project(), "astro").getPath(), "run", r.label, r.options);
	}

	/**
	 * The Python side: a script of {@code src/test/bench}, or a path in the checkout; with runs per frame,
	 * a shell running them one after the other (stopping at the first failure).
	 */
	static List<String> python(ProcessEntry.Run r) {
		if (r.morePython.isEmpty()) return python(r.python);
		StringBuilder sh = new StringBuilder("set -e");
		List<List<String>> all = new ArrayList<>();
		all.add(r.python);
		all.addAll(r.morePython);
		for (List<String> run : all) {
			sh.append('\n');
			for (String arg : python(run)) sh.append('\'').append(arg.replace("'", "'\\''")).append("' ");
		}
		return List.of("bash", "-c", sh.toString());
	}

	private static List<String> python(List<String> run) {
		List<String> cmd = new ArrayList<>();
		cmd.add(PythonPeer.PYTHON);
		String script = run.get(0);
		cmd.add((script.contains("/") ? new File(Inputs.project(), script) : new File(PythonPeer.scripts(), script)).getPath());
		cmd.addAll(run.subList(1, run.size()));
		return cmd;
	}
}
