package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineResult;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.Frame;
import org.astrofiji.core.calibration.Master;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.core.calibration.Reduced;
import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Bench entries of the calibration workflow. In memory against ccdproc's in-process times (oracle
 * TIMINGS.md, same inputs' sizes); and the large stack, 40 x 4096^2 16-bit frames combined by median
 * end to end from files in a child JVM limited to {@code -Xmx2g}, side by side with the numpy recipe
 * that reads each file once in row bands ({@code src/test/oracle/median_bands.py}).
 */
final class CalibrationBench {

	/** The large stack. */
	static final int FRAMES = 40, SIZE = 4096;

	private CalibrationBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		e.add(new Bench.Entry("median combine (in memory)", "5 x 1024x1024 16-bit values, with ERR and COUNT",
			"ccdproc combine median", 0.4727, 7, scratch -> {
				List<float[]> planes = frames(5, 1024, 1024, 1);
				return BenchData.warm(() -> StackCombiner.combine(planes, 1024, 1024, new CombineSettings(), Progress.NONE), 5);
			}));
		e.add(new Bench.Entry("sigma-clip combine (in memory)", "5 x 1024x1024, one pass mean/std 3/3",
			"ccdproc combine sigclip", 0.1814, 7, scratch -> {
				List<float[]> planes = frames(5, 1024, 1024, 2);
				CombineSettings s = new CombineSettings();
				s.method = CombineSettings.Method.SIGMA_CLIP;
				return BenchData.warm(() -> StackCombiner.combine(planes, 1024, 1024, s, Progress.NONE), 5);
			}));
		e.add(new Bench.Entry("reduce bias + flat (in memory)", "3 bias + 5 flats + 5 science, 512x512, median",
			"ccdproc reduce median", 0.2101, 7, scratch -> {
				List<Frame> bias = frameList("bias", frames(3, 512, 512, 3), 0);
				List<Frame> flats = frameList("flat", frames(5, 512, 512, 4), 5000);
				List<Frame> sci = frameList("sci", frames(5, 512, 512, 5), 400);
				MasterCalibration.Settings s = new MasterCalibration.Settings();
				s.flatScale = CombineSettings.Scale.NONE;
				return BenchData.warm(() -> MasterCalibration.run(bias, List.of(), flats, sci, s, new NullSink(), Progress.NONE), 5);
			}));
		e.add(new Bench.Entry("median combine from files, -Xmx2g", FRAMES + " x " + SIZE + "x" + SIZE +
			" uint16 (1.3 GB), end to end: child JVM, read, SCI/ERR/DQ/COUNT written", "numpy, row bands", Double.NaN, 3,
			LargeStack::new));
		return e;
	}

	/** Frames of 16-bit values: a level with a column pattern, noise, hot pixels. */
	static List<float[]> frames(int n, int w, int h, long seed) {
		List<float[]> planes = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			float[] a = new float[w * h];
			fill(a, w, h, seed * 1000 + i, 1000);
			planes.add(a);
		}
		return planes;
	}

	/**
	 * Fills a frame with {@code level} + column pattern + noise (about 8 ADU rms) + a hot pixel every
	 * 4099 pixels, rounded: cheap to make (xorshift per row), deterministic, thread-count independent.
	 */
	static void fill(float[] a, int w, int h, long seed, double level) {
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				long s = seed * 0x9E3779B97F4A7C15L + y * 0xBF58476D1CE4E5B9L + 1;
				for (int x = 0; x < w; x++) {
					s ^= s << 13;
					s ^= s >>> 7;
					s ^= s << 17;
					// four bytes: a sum of uniforms is close enough to Gaussian noise for timing
					double noise = ((s & 0xFF) + (s >>> 8 & 0xFF) + (s >>> 16 & 0xFF) + (s >>> 24 & 0xFF) - 510) * 0.11;
					int p = y * w + x;
					double v = level + 3 * Math.sin(x * 0.05) + noise + (p % 4099 == 0 ? 20000 : 0);
					a[p] = (float) Math.rint(v);
				}
			}
		});
	}

	private static List<Frame> frameList(String prefix, List<float[]> planes, double add) {
		List<Frame> list = new ArrayList<>();
		for (int i = 0; i < planes.size(); i++) {
			float[] a = planes.get(i);
			for (int p = 0; p < a.length; p++) a[p] += add * (1 + 0.1 * Math.cos(p * 1e-5));
			String name = prefix + i + ".fits";
			list.add(new Frame(name, RowSource.of(name, a, 512, 512), 10, "J"));
		}
		return list;
	}

	/** Keeps nothing: only the computation is timed. */
	static final class NullSink implements MasterCalibration.Sink {

		@Override
		public void master(Master m) {}

		@Override
		public RowSource reduced(Reduced r) {
			return null;
		}

		@Override
		public void combined(String label, String filter, CombineResult r, List<String> inputs) {}
	}

	/**
	 * The large stack: 40 frames written once into the scratch directory; each run is a whole
	 * {@code astro run "Combine Frames"} in a child JVM with {@code -Xmx2g}, timed from start to exit.
	 */
	static final class LargeStack implements Bench.Work {

		final Path dir;
		final List<String> files = new ArrayList<>();
		final File output, peerOutput;

		LargeStack(Path scratch) throws IOException {
			dir = scratch.resolve("stack40");
			Files.createDirectories(dir);
			float[] a = new float[SIZE * SIZE];
			for (int i = 0; i < FRAMES; i++) {
				File f = dir.resolve(String.format(Locale.ROOT, "frame_%02d.fits", i)).toFile();
				fill(a, SIZE, SIZE, 77 + i, 1000 + 2 * i);
				FitsWriter.write(f, true, Hdu.image(Images.wrap(a, SIZE, SIZE), new FitsHeader().set("EXPTIME", 30.0, "s"))
					.withBitpix(16));
				files.add(f.getPath());
			}
			output = scratch.resolve("median40.fits").toFile();
			peerOutput = scratch.resolve("median40_numpy.fits").toFile();
		}

		@Override
		public void run() throws Exception {
			List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx2g",
				"-Dastrofiji.threads=" + Parallel.threads(), "-Djava.awt.headless=true", "--add-opens=java.base/java.lang=ALL-UNNAMED",
				"-cp", System.getProperty("java.class.path"), "org.astrofiji.cli.Astro", "run", "Combine Frames",
				"directory=\"" + dir + "\",pattern=frame_*.fits,method=median,output=\"" + output + "\",overwrite=true"));
			String inner = time(cmd, "Combine Frames");
			System.err.println("    astro (-Xmx2g): " + inner);
		}

		@Override
		public double peerSeconds() throws Exception {
			File script = script();
			if (script == null || !new File("/usr/bin/python3").canExecute()) {
				System.err.println("    numpy recipe not run: src/test/oracle/median_bands.py or /usr/bin/python3 not found");
				return Double.NaN;
			}
			List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.getPath(), peerOutput.getPath()));
			cmd.addAll(files);
			double[] t = new double[4];
			for (int i = 0; i < t.length; i++) { // the first run warms up, as for ours
				long t0 = System.nanoTime();
				String inner = time(cmd, "median of");
				t[i] = (System.nanoTime() - t0) / 1e9;
				System.err.println(String.format(Locale.ROOT, "    numpy: wall %.2f s (%s)", t[i], inner));
			}
			double[] timed = Arrays.copyOfRange(t, 1, t.length);
			Arrays.sort(timed);
			return timed[timed.length / 2];
		}

		/** Runs a process to completion; returns its line containing {@code marker}; fails with its output. */
		private static String time(List<String> cmd, String marker) throws Exception {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int code = p.waitFor();
			if (code != 0) throw new IllegalStateException(cmd.get(0) + " failed (exit " + code + "):\n" + out);
			String found = "";
			for (String line : out.split("\n")) if (line.contains(marker) && line.contains(" s")) found = line.trim();
			return found;
		}

		/** The numpy recipe in the source tree (the bench runs from a checkout). */
		private static File script() {
			File f = new File(BenchData.project(), "src/test/oracle/median_bands.py");
			return f.isFile() ? f : null;
		}
	}
}
