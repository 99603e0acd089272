package org.astrofiji.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;

import org.scijava.Context;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;

/**
 * {@code astro demo [dir]}: what observers do with a night, on a simulated one. Simulates a night
 * (biases, darks, flats, B/V/R science frames, a second epoch with a transient and variable stars, and
 * the truth) into {@code dir/raw}, runs Reduce Night on it into {@code dir/night} exactly as
 * {@code ./astro run "Reduce Night"} does, compares the photometry with the simulator's truth and says
 * where the report is. Each workflow's own macro is tested on its own; the demo is the night pipeline.
 */
public final class Demo {

	/** Marks a directory as the demo's own, so a rerun may replace its files. */
	static final String MARKER = ".astro-demo";
	static final int SIZE = 1024;

	private Demo() {}

	public static int run(File dir, PrintStream out, PrintStream err) throws Exception {
		File marker = new File(dir, MARKER);
		String[] existing = dir.list();
		if (existing != null && existing.length > 0 && !marker.exists()) {
			err.println("error: " + dir + " exists and is not an earlier demo directory; give an empty or new directory");
			return 2;
		}
		Files.createDirectories(dir.toPath());
		Files.writeString(marker.toPath(), "written by astro demo; a rerun replaces its files\n");
		File raw = new File(dir, "raw"), night = new File(dir, "night");
		out.println("Astro Fiji demo in " + dir.getAbsolutePath());
		long t0 = System.nanoTime();
		try (Context context = new Context()) {
			step(out, 1, "Simulate a night: biases, darks, flats, B/V/R science, a second V epoch with a transient and variable stars, the truth");
			String sim = "output=\"" + raw.getPath() + "\",seed=1,width=" + SIZE + ",height=" + SIZE + ",overwrite=true";
			out.println("      ./astro run \"Simulate Observation\" '" + sim + "'");
			if (RunCommand.run(context, "Simulate Observation", sim, indent(out), err) != 0) return 1;
			step(out, 2, "Reduce Night: masters, calibration, cosmic rays, background, stars, PSF, alignment, photometry, variable stars, combined frames, transients (ZOGY), CMD, colour composite, report");
			String reduce = "input=\"" + raw.getPath() + "\",output=\"" + night.getPath() + "\",reference=first";
			out.println("      ./astro run \"Reduce Night\" '" + reduce + "'");
			int code = RunCommand.run(context, "Reduce Night", reduce, new PrintStream(new java.io.ByteArrayOutputStream()), err);
			step(out, 3, "Against the simulator's truth");
			out.println("      " + NightTruth.photometry(raw, night, SIZE, SIZE));
			out.println("      " + NightTruth.variables(raw, night));
			NightTruth.Transients transients = NightTruth.transients(raw, night);
			out.println("      " + transients);
			Table frames = CsvTables.read(new File(night, "report/frames.csv"));
			out.printf(Locale.ROOT, "      %d science frames reduced; colour picture of the combined frames: %s%n", frames.rowCount(),
				new File(night, "composite.png"));
			if (transients.found < transients.simulated) {
				err.printf(Locale.ROOT, "error: the subtraction missed %d of %d simulated transients%n", transients.simulated - transients.found,
					transients.simulated);
				code = 1;
			}
			// issue 18's acceptance (no false candidate outside the known variables): met on this night since S_corr's
			// PSF-error term (its one false candidate, (505.4, 892.4), S_corr -5.8 in the wing of an 83 000-count star, is
			// -2.8 with it); unchanged 1024^2 pairs have 0-2 noise peaks at |S_corr| >= 5 (ScoreTailTest), so another
			// night may show one: reported, not failed (docs/dev/zogy.md)
			if (transients.outsideVariables() > 0) out.printf(Locale.ROOT, "      issue 18 acceptance not met: %d false candidate(s) " +
				"outside the known variables: %s%n", transients.outsideVariables(), String.join("; ", transients.outside));
			out.println();
			out.printf(Locale.ROOT, "demo %s in %.1f s; report: %s%n", code == 0 ? "finished" : "finished with skipped frames or steps",
				(System.nanoTime() - t0) / 1e9, new File(night, "report.html").getAbsolutePath());
			return code;
		}
	}

	private static void step(PrintStream out, int n, String title) {
		out.println();
		out.printf(Locale.ROOT, "[%d/3] %s%n", n, title);
	}

	private static PrintStream indent(PrintStream out) {
		return new PrintStream(out, true) {

			@Override
			public void println(String s) {
				for (String line : s.split("\n")) super.println("      " + line);
			}
		};
	}
}
