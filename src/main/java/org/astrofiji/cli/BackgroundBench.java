package org.astrofiji.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.background.PolynomialBackground;
import org.astrofiji.core.background.Ranges;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Bench entries of the background workflow. Each entry writes its input to the scratch directory and
 * runs the Python peer on it through the shared oracle ({@code ../shared/oracle/background.py sep} or
 * {@code polyfit}, Debian's /usr/bin/python3), so both times are of the same input on the same
 * machine at the same load; without the oracle the TIMINGS.md figure is shown (none for 4096x4096).
 */
final class BackgroundBench {

	private BackgroundBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		e.add(new Bench.Entry("mesh background (back + rms maps)", "4096x4096 simulated frame, 64/3", "sep.Background (measured now)",
			Double.NaN, 5, scratch -> {
				float[] frame = scienceFrame(4096, 4096, 4000);
				double sep = oracleSeconds(scratch, frame, 4096, 4096, "sep", "--repeat", "5");
				return work(() -> mesh(frame, 4096, 4096), sep);
			}));
		e.add(new Bench.Entry("mesh background (back + rms maps)", "1392x1040 simulated frame (M13 size), 64/3",
			"sep.Background (measured now; TIMINGS 0.022)", 0.0220, 10, scratch -> {
				float[] frame = scienceFrame(1392, 1040, 300);
				double sep = oracleSeconds(scratch, frame, 1392, 1040, "sep", "--repeat", "10");
				return warm(work(() -> mesh(frame, 1392, 1040), sep), 10);
			}));
		e.add(new Bench.Entry("polynomial per column (STIS recipe)", "511x512, rows 10-199,300-479, order 2",
			"numpy polyfit (measured now; TIMINGS 0.0075)", 0.0075, 20, scratch -> {
				float[] img = ramp(511, 512);
				PolynomialBackground.Settings s = new PolynomialBackground.Settings();
				s.samples = Ranges.parse("ranges", "10-199,300-479", 512, "row");
				double numpy = oracleSeconds(scratch, img, 511, 512, "polyfit", "--ranges", "10:200", "300:480", "--deg", "2",
					"--repeat", "20");
				return warm(work(() -> PolynomialBackground.fit(img, null, 511, 512, s, Progress.NONE), numpy), 40);
			}));
		e.add(new Bench.Entry("polynomial per row (ALFOSC)", "400x1051, columns 10-89,125-389, order 2",
			"numpy polyfit (measured now; TIMINGS 0.0148)", 0.0148, 20, scratch -> {
				float[] img = ramp(400, 1051);
				PolynomialBackground.Settings s = new PolynomialBackground.Settings();
				s.axis = PolynomialBackground.Axis.ROWS;
				s.samples = Ranges.parse("ranges", "10-89,125-389", 400, "column");
				double numpy = oracleSeconds(scratch, img, 400, 1051, "polyfit", "--ranges", "10:90", "125:390", "--deg", "2",
					"--axis", "row", "--repeat", "20");
				return warm(work(() -> PolynomialBackground.fit(img, null, 400, 1051, s, Progress.NONE), numpy), 40);
			}));
		return e;
	}

	/** What the oracle times: the mesh, then the full background and rms maps. */
	static void mesh(float[] frame, int w, int h) {
		MeshBackground b = MeshBackground.compute(frame, null, w, h, new MeshBackground.Settings(), Progress.NONE);
		b.back();
		b.rms();
	}

	/** One raw V science frame of the night simulator (sky, stars, noise, cosmic rays). */
	static float[] scienceFrame(int w, int h, int stars) throws IOException {
		SimulationSettings s = new SimulationSettings();
		s.width = w;
		s.height = h;
		s.stars = stars;
		s.filters = List.of("V");
		s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
		s.scienceFrames = 1;
		float[][] out = new float[1][];
		NightSimulator.run(s, new NightSimulator.Sink() {

			@Override
			public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header) {
				if (name.equals("science_V_001")) out[0] = Images.copy(pixels);
			}

			@Override
			public void table(String name, Table table) {}
		}, Progress.NONE);
		return out[0];
	}

	/** A smooth frame with a little structure (the polynomial fit's time does not depend on the values). */
	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 20 + (i % w) * 0.01f + (i / w) * 0.02f + (i * 7919 % 101) * 0.1f;
		return a;
	}

	/** Runs the work n times first: millisecond jobs need more than the bench's one warm-up run to be compiled. */
	static Bench.Work warm(Bench.Work w, int n) throws Exception {
		for (int i = 0; i < n; i++) w.run();
		return w;
	}

	/** Work with the peer's time measured on the same input (NaN when it could not run). */
	static Bench.Work work(Bench.Work w, double peer) {
		return new Bench.Work() {

			@Override
			public void run() throws Exception {
				w.run();
			}

			@Override
			public double peerSeconds() {
				return peer;
			}
		};
	}

	/**
	 * The oracle's core median time on the image (written to the scratch directory as FITS):
	 * {@code background.py <command> FILE -o DIR <args>}, read from its [timing] line; NaN when the
	 * oracle or Debian's /usr/bin/python3 is not there.
	 */
	static double oracleSeconds(Path scratch, float[] img, int w, int h, String command, String... args) throws IOException {
		File oracle = new File(sharedDir(), "oracle/background.py");
		File python = new File("/usr/bin/python3");
		if (!oracle.isFile() || !python.canExecute()) {
			System.err.println("bench: " + command + " peer not measured (no " + oracle + " or /usr/bin/python3)");
			return Double.NaN;
		}
		File f = scratch.resolve(command + "_" + w + "x" + h + ".fits").toFile();
		FitsWriter.write(f, true, Hdu.image(Images.wrap(img, w, h), null));
		List<String> cmd = new ArrayList<>(List.of(python.getPath(), oracle.getPath(), command, f.getPath(), "-o",
			scratch.resolve("oracle").toString()));
		cmd.addAll(List.of(args));
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			double t = Double.NaN;
			try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = r.readLine()) != null;) {
					if (line.startsWith("[timing]") && line.contains("median ")) t = Double.parseDouble(line.split("median ")[1]
						.split(" s")[0]);
				}
			}
			if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) return Double.NaN;
			System.err.println("bench: oracle " + command + " on " + f.getName() + ": median " + t + " s");
			return t;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
	}

	/** ../shared beside the worktree: -Dastrofiji.shared, else found from the app directory or the working directory. */
	static File sharedDir() {
		String p = System.getProperty("astrofiji.shared");
		if (p != null) return new File(p);
		File fromApp = new File(Astro.appDir(), "../../../shared");
		return fromApp.isDirectory() ? fromApp : new File("../shared");
	}
}
