package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
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
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * What the bench entries share: inputs (real frames of {@code ../shared/data} when present, simulated
 * frames otherwise), the Python peers run through the shared oracle on the same input at the same
 * time, and the wrappers that put a peer's time or extra warm-up runs on a piece of work.
 */
final class BenchData {

	static final String PYTHON = "/usr/bin/python3";

	private BenchData() {}

	/** {@code ../shared} (or {@code -Dastrofiji.shared}): beside the working directory or the checkout. */
	static File shared() {
		String p = System.getProperty("astrofiji.shared");
		if (p != null) return new File(p);
		File here = new File(System.getProperty("user.dir"), "../shared");
		return here.isDirectory() ? here : new File(Astro.appDir(), "../../../shared"); // target/app -> checkout -> ..
	}

	/** A file of {@code ../shared/data}, or null when absent. */
	static File sharedData(String relative) {
		File f = new File(new File(shared(), "data"), relative);
		return f.isFile() ? f : null;
	}

	/** The first raw V science frame of a simulated night: sky, stars, noise and cosmic rays. */
	static float[] simulatedFrame(int w, int h, int stars) throws IOException {
		return simulatedFrame(w, h, stars, false);
	}

	/** The same with the simulator's variable PSF (wider and elongated towards the corners) when asked. */
	static float[] simulatedFrame(int w, int h, int stars, boolean variablePsf) throws IOException {
		SimulationSettings s = new SimulationSettings();
		s.variablePsf = variablePsf;
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
				if (kind == Kind.RAW && out[0] == null) out[0] = Images.copy(pixels);
			}

			@Override
			public void table(String name, Table table) {}
		}, Progress.NONE);
		return out[0];
	}

	/** Writes an image to the scratch directory as FITS, for a peer to read. */
	static File write(Path scratch, String name, float[] img, int w, int h) throws IOException {
		File f = scratch.resolve(name + ".fits").toFile();
		FitsWriter.write(f, true, Hdu.image(Images.wrap(img, w, h), null));
		return f;
	}

	/**
	 * The core median time, in seconds, of a shared oracle script ({@code ../shared/oracle/<script>}
	 * run with {@code /usr/bin/python3}), read from the "[timing] ... median X s" line every oracle
	 * script prints; NaN (and a note on stderr) when the oracle or Python is missing or fails.
	 */
	static double oracleSeconds(String script, String... args) {
		File oracle = new File(shared(), "oracle/" + script);
		if (!oracle.isFile() || !new File(PYTHON).canExecute()) {
			System.err.println("bench: peer not measured (no " + oracle + " or " + PYTHON + ")");
			return Double.NaN;
		}
		List<String> cmd = new ArrayList<>(List.of(PYTHON, oracle.getPath()));
		cmd.addAll(List.of(args));
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
				System.err.println("bench: " + script + " failed: " + log.trim());
				return Double.NaN;
			}
			double t = Double.NaN;
			for (String line : log.split("\n")) {
				if (line.startsWith("[timing]") && line.contains("median ")) t = Double.parseDouble(line.split("median ")[1].split(" s")[0]);
			}
			System.err.println("bench: " + script + " " + args[0] + ": median " + t + " s");
			return t;
		}
		catch (IOException | InterruptedException | RuntimeException e) {
			if (e instanceof InterruptedException) Thread.currentThread().interrupt();
			System.err.println("bench: " + script + " could not run: " + e.getMessage());
			return Double.NaN;
		}
	}

	/** The work with a peer's time measured on the same input (NaN: not measured) and, if given, its name. */
	static Bench.Work withPeer(Bench.Work w, double seconds, String name) {
		return new Bench.Work() {

			@Override
			public void run() throws Exception {
				w.run();
			}

			@Override
			public double peerSeconds() {
				return seconds;
			}

			@Override
			public String peer() {
				return name;
			}
		};
	}

	/** Runs the work {@code n} times first: the bench's one warm-up leaves large or millisecond methods to the JIT. */
	static Bench.Work warm(Bench.Work w, int n) throws Exception {
		for (int i = 0; i < n; i++) w.run();
		return w;
	}
}
