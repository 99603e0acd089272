package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times one whole-process entry: {@code ./astro run} and the Python script alternately (one warm-up
 * run of each first, so both read their inputs from the page cache), medians of time and of peak RSS.
 */
final class ProcessRun {

	final ProcessEntry entry;
	String pythonName = "", note = "";
	double astro = Double.NaN, astroMb = Double.NaN, python = Double.NaN, pythonMb = Double.NaN;
	ProcessEntry.Floor.Result floor;

	private ProcessRun(ProcessEntry entry) {
		this.entry = entry;
	}

	static ProcessRun run(ProcessEntry e, Inputs in, int samples) {
		ProcessRun r = new ProcessRun(e);
		try {
			ProcessEntry.Run run = e.setup.prepare(in);
			r.pythonName = run.pythonName;
			List<String> astro = Processes.astro(run), python = run.python.isEmpty() ? List.of() : Processes.python(run);
			double[] ta = new double[samples], ma = new double[samples], tp = new double[samples], mp = new double[samples],
				tf = new double[samples];
			fresh(run);
			Processes.run(astro, run.astroEnv);
			boolean peer = !python.isEmpty();
			if (!peer) r.note = "no peer: " + run.noPeer;
			else try {
				fresh(run);
				Processes.run(python, Map.of());
			}
			catch (Exception x) {
				peer = false;
				r.note = (x.getMessage().contains("ModuleNotFoundError") || x.getMessage().contains("No such file") ? "peer not installed: "
					: "peer failed: ") + x.getMessage().replaceAll("\\s+", " ");
				System.err.println("    " + r.note);
			}
			for (int i = 0; i < samples; i++) {
				fresh(run);
				Processes.Measured a = Processes.run(astro, run.astroEnv);
				ta[i] = a.seconds;
				ma[i] = a.rssMb;
				if (e.roundFloor != null) tf[i] = e.roundFloor.once.seconds(in);
				if (!peer) continue;
				fresh(run);
				Processes.Measured p = Processes.run(python, Map.of());
				tp[i] = p.seconds;
				mp[i] = p.rssMb;
			}
			r.astro = Bench.median(ta);
			r.astroMb = Bench.median(ma);
			if (peer) {
				r.python = Bench.median(tp);
				r.pythonMb = Bench.median(mp);
			}
			if (e.roundFloor != null) r.floor = new ProcessEntry.Floor.Result(Bench.median(tf), e.roundFloor.parts + ", median of the " +
				samples + " rounds, each timed between ours and the script");
			else if (e.floor != null) r.floor = e.floor.measure(in);
			if (r.floor != null) {
				System.err.printf(Locale.ROOT, "    floor %.3f s: %s%n", r.floor.seconds, r.floor.parts);
			}
			if (peer) System.err.printf(Locale.ROOT, "    astro run %.3f s %.0f MB, %s %.3f s %.0f MB%n", r.astro, r.astroMb, r.pythonName,
				r.python, r.pythonMb);
			else System.err.printf(Locale.ROOT, "    astro run %.3f s %.0f MB (%s)%n", r.astro, r.astroMb, r.note);
		}
		catch (Exception x) {
			r.note = "failed: " + x.getMessage();
			System.err.println("    " + r.note);
		}
		return r;
	}

	/** Removes the outputs the entry wants written anew by each run. */
	private static void fresh(ProcessEntry.Run run) throws IOException {
		for (File f : run.fresh) Files.deleteIfExists(f.toPath());
	}
}
