package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.background.PolynomialBackground;
import org.astrofiji.core.IndexRanges;

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
				float[] frame = BenchData.simulatedFrame(4096, 4096, 4000);
				double sep = peer(scratch, frame, 4096, 4096, "sep", "--repeat", "5");
				return BenchData.withPeer(() -> mesh(frame, 4096, 4096), sep, null);
			}));
		e.add(new Bench.Entry("mesh background (back + rms maps)", "1392x1040 simulated frame (M13 size), 64/3",
			"sep.Background (measured now; TIMINGS 0.022)", 0.0220, 10, scratch -> {
				float[] frame = BenchData.simulatedFrame(1392, 1040, 300);
				double sep = peer(scratch, frame, 1392, 1040, "sep", "--repeat", "10");
				return BenchData.warm(BenchData.withPeer(() -> mesh(frame, 1392, 1040), sep, null), 10);
			}));
		e.add(new Bench.Entry("polynomial per column (STIS recipe)", "511x512, rows 10-199,300-479, order 2",
			"numpy polyfit (measured now; TIMINGS 0.0075)", 0.0075, 20, scratch -> {
				float[] img = ramp(511, 512);
				PolynomialBackground.Settings s = new PolynomialBackground.Settings();
				s.samples = IndexRanges.parse("ranges", "10-199,300-479", 512, "row");
				double numpy = peer(scratch, img, 511, 512, "polyfit", "--ranges", "10:200", "300:480", "--deg", "2",
					"--repeat", "20");
				return BenchData.warm(BenchData.withPeer(() -> PolynomialBackground.fit(img, null, 511, 512, s, Progress.NONE), numpy, null), 40);
			}));
		e.add(new Bench.Entry("polynomial per row (ALFOSC)", "400x1051, columns 10-89,125-389, order 2",
			"numpy polyfit (measured now; TIMINGS 0.0148)", 0.0148, 20, scratch -> {
				float[] img = ramp(400, 1051);
				PolynomialBackground.Settings s = new PolynomialBackground.Settings();
				s.axis = PolynomialBackground.Axis.ROWS;
				s.samples = IndexRanges.parse("ranges", "10-89,125-389", 400, "column");
				double numpy = peer(scratch, img, 400, 1051, "polyfit", "--ranges", "10:90", "125:390", "--deg", "2",
					"--axis", "row", "--repeat", "20");
				return BenchData.warm(BenchData.withPeer(() -> PolynomialBackground.fit(img, null, 400, 1051, s, Progress.NONE), numpy, null), 40);
			}));
		return e;
	}

	/** What the oracle times: the mesh, then the full background and rms maps. */
	static void mesh(float[] frame, int w, int h) {
		MeshBackground b = MeshBackground.compute(frame, null, w, h, new MeshBackground.Settings(), Progress.NONE);
		b.back();
		b.rms();
	}

	/** A smooth frame with a little structure (the polynomial fit's time does not depend on the values). */
	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 20 + (i % w) * 0.01f + (i / w) * 0.02f + (i * 7919 % 101) * 0.1f;
		return a;
	}

	/** The oracle's time on the image, written to the scratch directory: {@code background.py <command> FILE -o DIR <args>}. */
	static double peer(Path scratch, float[] img, int w, int h, String command, String... args) throws IOException {
		File f = BenchData.write(scratch, command + "_" + w + "x" + h, img, w, h);
		List<String> a = new ArrayList<>(List.of(command, f.getPath(), "-o", scratch.resolve("oracle").toString()));
		a.addAll(List.of(args));
		return BenchData.oracleSeconds("background.py", a.toArray(new String[0]));
	}
}
