package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Bench entries of star detection. Real frames come from {@code ../shared/data} (or
 * {@code -Dastrofiji.shared}); without it a simulated frame of the same size stands in. The frames of
 * the background-mode entries are also given to the oracle's {@code stars.py sep} (when
 * {@code /usr/bin/python3} and the oracle are there), and sep.extract's time on the same frame, measured
 * at the same time, is reported beside ours.
 */
final class DetectionBench {

	private static final String PYTHON = "/usr/bin/python3";

	private DetectionBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		e.add(new Bench.Entry("label + centre of mass (global mean + 3 std, 8-conn)", m13Name(),
			"scipy ndimage.label + center_of_mass (TIMINGS)", 0.2683, 7, scratch -> {
				float[][] img = m13();
				DetectionSettings s = scipy(3);
				return warm(() -> StarFinder.find(img[0], 1392, 1040, s, Progress.NONE));
			}));
		e.add(new Bench.Entry("local maxima (min_distance 5, mean + 5 std)", m13Name(),
			"skimage peak_local_max (TIMINGS)", 0.0303, 7, scratch -> {
				float[][] img = m13();
				DetectionSettings s = scipy(5);
				s.method = DetectionSettings.Method.PEAKS;
				return warm(() -> StarFinder.find(img[0], 1392, 1040, s, Progress.NONE));
			}));
		e.add(new Bench.Entry("background-mode detection, default settings", m67Name(), "", Double.NaN, 7, scratch -> {
			File file = new File(new File(sharedRoot(), "data"), "m67-poss-plate/M6707HH.fits");
			boolean real = file.isFile();
			float[] img = real ? FitsReader.read(file, null).data() : simulated(1059, 1059, 1500).pixels;
			if (!real) {
				file = scratch.resolve("detect_1059.fits").toFile();
				FitsWriter.write(file, true, Hdu.image(Images.wrap(img, 1059, 1059), null));
			}
			double sep = oracleSeconds(file, scratch);
			DetectionSettings s = new DetectionSettings();
			return measured(warm(() -> StarFinder.find(img, 1059, 1059, s, Progress.NONE)), sep);
		}));
		e.add(new Bench.Entry("background-mode detection, simulated frame", "4096x4096 raw V frame, 10 000 stars", "", Double.NaN, 3,
			scratch -> {
				Frame f = simulated(4096, 4096, 10000);
				File fits = scratch.resolve("detect_4096.fits").toFile();
				FitsWriter.write(fits, true, Hdu.image(Images.wrap(f.pixels, 4096, 4096), null));
				double sep = oracleSeconds(fits, scratch);
				DetectionSettings s = new DetectionSettings();
				return measured(warm(() -> StarFinder.find(f.pixels, 4096, 4096, s, Progress.NONE)), sep);
			}));
		return e;
	}

	/** Runs the work a few times first: the bench's one warm-up leaves much of detection to the JIT. */
	static Bench.Work warm(Bench.Work w) throws Exception {
		for (int i = 0; i < 4; i++) w.run();
		return w;
	}

	/** The work with sep.extract's time on the same frame as its peer. */
	static Bench.Work measured(Bench.Work w, double sep) {
		return new Bench.Work() {

			@Override
			public void run() throws Exception {
				w.run();
			}

			@Override
			public double peerSeconds() {
				return sep;
			}

			@Override
			public String peer() {
				return Double.isNaN(sep) ? "sep.extract (oracle not available)" : "sep Background + extract, same frame, same time";
			}
		};
	}

	static DetectionSettings scipy(double k) {
		DetectionSettings s = new DetectionSettings();
		s.mode = DetectionSettings.ThresholdMode.GLOBAL;
		s.k = k;
		s.fwhm = 0;
		s.minArea = 1;
		s.deblend = false;
		s.weights = DetectionSettings.Weights.IMAGE;
		return s;
	}

	static File sharedRoot() {
		String p = System.getProperty("astrofiji.shared");
		if (p != null) return new File(p);
		File here = new File(System.getProperty("user.dir"), "../shared");
		if (here.isDirectory()) return here;
		return new File(Astro.appDir(), "../../../shared"); // target/app -> worktree -> ../shared
	}

	/** A shared data file, or null when absent. */
	static FitsImage shared(String relative) throws IOException {
		File f = new File(new File(sharedRoot(), "data"), relative);
		return f.isFile() ? FitsReader.read(f, null) : null;
	}

	private static String m13Name() {
		return new File(new File(sharedRoot(), "data"), "m13-orion-ssdsi/M13_blue_0001.fits").isFile()
			? "M13_blue_0001 1392x1040" : "simulated 1392x1040 (../shared absent)";
	}

	private static String m67Name() {
		return new File(new File(sharedRoot(), "data"), "m67-poss-plate/M6707HH.fits").isFile()
			? "M67 plate 1059x1059, ~1600 sources" : "simulated 1059x1059, 1500 stars (../shared absent)";
	}

	private static float[][] m13() throws IOException {
		FitsImage m13 = shared("m13-orion-ssdsi/M13_blue_0001.fits");
		return new float[][] { m13 != null ? m13.data() : simulated(1392, 1040, 300).pixels };
	}

	/** A raw science frame of the simulator. */
	static final class Frame {
		float[] pixels;
	}

	static Frame simulated(int w, int h, int stars) throws IOException {
		SimulationSettings s = new SimulationSettings();
		s.width = w;
		s.height = h;
		s.stars = stars;
		s.filters = List.of("V");
		s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
		s.scienceFrames = 1;
		Frame f = new Frame();
		NightSimulator.run(s, new NightSimulator.Sink() {

			@Override
			public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header) {
				if (name.equals("science_V_001")) f.pixels = Images.copy(pixels);
			}

			@Override
			public void table(String name, Table table) {}
		}, Progress.NONE);
		return f;
	}

	/** sep.extract's median time (5 runs) on the file, by the oracle; NaN when it cannot run. */
	static double oracleSeconds(File fits, Path scratch) {
		File oracle = new File(sharedRoot(), "oracle/stars.py");
		if (!oracle.isFile() || !new File(PYTHON).canExecute()) return Double.NaN;
		try {
			Path out = scratch.resolve("sep");
			Process p = new ProcessBuilder(PYTHON, oracle.getPath(), "sep", fits.getPath(), "-o", out.toString(), "--repeat", "5")
				.redirectErrorStream(true).start();
			String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
				System.err.println("bench: the sep oracle failed: " + log.trim());
				return Double.NaN;
			}
			System.err.println("bench: sep oracle: " + log.trim().replace('\n', ' '));
			String stem = fits.getName().replaceAll("(?i)\\.fits$", "");
			String json = Files.readString(out.resolve("timing_sepextract_" + stem + ".json"));
			Matcher m = Pattern.compile("\"median_s\":\\s*([0-9.eE+-]+)").matcher(json);
			return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
		}
		catch (IOException | InterruptedException | RuntimeException e) {
			System.err.println("bench: the sep oracle could not run: " + e.getMessage());
			return Double.NaN;
		}
	}
}
