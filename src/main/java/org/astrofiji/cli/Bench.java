package org.astrofiji.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * {@code astro bench [name-filter]}: times the workflows on inputs the project makes itself and prints
 * a table with the Python peers' times (oracle TIMINGS.md, same machine class) where one exists.
 * Each entry is warmed up once, then timed several times; the table shows the median.
 */
public final class Bench {

	/** Work to time, prepared once in a scratch directory. */
	interface Work {
		void run() throws Exception;

		/**
		 * The peer's time on the same input when the entry measures it itself, side by side in this
		 * session (while preparing, or here, after the entry's own runs); NaN: use the entry's figure.
		 */
		default double peerSeconds() throws Exception {
			return Double.NaN;
		}

		/** The peer's name when the entry measured it itself (null: the entry's). */
		default String peer() {
			return null;
		}
	}

	interface Setup {
		Work prepare(Path scratch) throws Exception;
	}

	static final class Entry {

		final String name, input, peer;
		final double peerSeconds;
		final int runs;
		final Setup setup;

		Entry(String name, String input, String peer, double peerSeconds, int runs, Setup setup) {
			this.name = name;
			this.input = input;
			this.peer = peer;
			this.peerSeconds = peerSeconds;
			this.runs = runs;
			this.setup = setup;
		}
	}

	/** The benchmarks. Each workflow adds its entries here. */
	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.add(new Entry("FITS read, uint16", "4096x4096 BITPIX 16 (32 MB)", "", Double.NaN, 5, scratch -> {
			File f = scratch.resolve("u16.fits").toFile();
			FitsWriter.write(f, true, Hdu.image(Images.wrap(ramp(4096, 4096), 4096, 4096), null).withBitpix(16));
			return () -> FitsReader.read(f, null);
		}));
		e.add(new Entry("FITS write, float32", "4096x4096 BITPIX -32 (64 MB)", "", Double.NaN, 5, scratch -> {
			File f = scratch.resolve("f32.fits").toFile();
			float[] a = ramp(4096, 4096);
			return () -> FitsWriter.write(f, true, Hdu.image(Images.wrap(a, 4096, 4096), null));
		}));
		e.addAll(SimulationBench.entries());
		e.addAll(CalibrationBench.entries());
		e.addAll(CosmicsBench.entries());
		e.addAll(BackgroundBench.entries());
		e.addAll(DetectionBench.entries());
		e.addAll(CompositeBench.entries());
		e.addAll(RegistrationBench.entries());
		e.addAll(PhotometryBench.entries());
		e.addAll(PsfBench.entries());
		e.addAll(SubtractionBench.entries());
		return e;
	}

	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 1000 + (i % 9973);
		return a;
	}

	public static int run(String[] filters, PrintStream out) throws Exception {
		Path scratch = Files.createTempDirectory("astro-bench");
		List<String[]> rows = new ArrayList<>();
		try {
			for (Entry en : entries()) {
				if (filters.length > 0 && Arrays.stream(filters).noneMatch(f -> en.name.toLowerCase(Locale.ROOT)
					.contains(f.toLowerCase(Locale.ROOT)))) continue;
				System.err.println("bench: " + en.name + " ...");
				Work w = en.setup.prepare(scratch);
				w.run(); // warm-up: class loading and JIT
				double[] t = new double[en.runs];
				for (int i = 0; i < t.length; i++) {
					long t0 = System.nanoTime();
					w.run();
					t[i] = (System.nanoTime() - t0) / 1e9;
				}
				Arrays.sort(t);
				double median = t[t.length / 2];
				double measured = w.peerSeconds(); // may run the peer: ask once
				double peerSeconds = Double.isNaN(measured) ? en.peerSeconds : measured;
				String peer = w.peer() != null ? w.peer() : en.peer;
				String ratio = Double.isNaN(peerSeconds) ? "" : String.format(Locale.ROOT, "%.1fx", peerSeconds / median);
				rows.add(new String[] { en.name, en.input, String.format(Locale.ROOT, "%.3f", median),
					peer.isEmpty() ? "" : peer + (Double.isNaN(peerSeconds) ? " (not available)" : String.format(Locale.ROOT,
						" %.3f", peerSeconds)), ratio });
			}
		}
		finally {
			deleteTree(scratch.toFile());
		}
		out.println("Astro Fiji bench: " + machine());
		out.println();
		out.println("| step | input | Astro Fiji (s, median) | peer (s) | speed-up |");
		out.println("|---|---|---:|---|---:|");
		for (String[] r : rows) out.println("| " + String.join(" | ", r) + " |");
		return 0;
	}

	static String machine() {
		String cpu = "unknown CPU";
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					cpu = line.substring(line.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (Exception e) {
			// not Linux: leave it unknown
		}
		return String.format(Locale.ROOT, "%d cores (%s), %d threads used, Java %s, max heap %d MB", Runtime.getRuntime()
			.availableProcessors(), cpu, Parallel.threads(), System.getProperty("java.version"),
			Runtime.getRuntime().maxMemory() >> 20);
	}

	private static void deleteTree(File f) {
		File[] children = f.listFiles();
		if (children != null) for (File c : children) deleteTree(c);
		f.delete();
	}
}
