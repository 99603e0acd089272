package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.io.FitsReader;

/**
 * Bench entries of star detection. Real frames come from {@code ../shared/data} (or
 * {@code -Dastrofiji.shared}); without it a simulated frame of the same size stands in. The frames of
 * the background-mode entries are also given to the oracle's {@code stars.py sep}, and sep.extract's
 * time on the same frame, measured at the same time, is reported beside ours.
 */
final class DetectionBench {

	private static final String M13 = "m13-orion-ssdsi/M13_blue_0001.fits", M67 = "m67-poss-plate/M6707HH.fits";

	private DetectionBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		String m13Name = BenchData.sharedData(M13) != null ? "M13_blue_0001 1392x1040" : "simulated 1392x1040 (../shared absent)";
		e.add(new Bench.Entry("label + centre of mass (global mean + 3 std, 8-conn)", m13Name,
			"scipy ndimage.label + center_of_mass (TIMINGS)", 0.2683, 7, scratch -> {
				float[] img = frame(M13, 1392, 1040, 300);
				DetectionSettings s = DetectionSettings.scipyLabeling(3);
				return BenchData.warm(() -> StarFinder.find(img, 1392, 1040, s, Progress.NONE), 4);
			}));
		e.add(new Bench.Entry("local maxima (min_distance 5, mean + 5 std)", m13Name,
			"skimage peak_local_max (TIMINGS)", 0.0303, 7, scratch -> {
				float[] img = frame(M13, 1392, 1040, 300);
				DetectionSettings s = DetectionSettings.scipyLabeling(5);
				s.method = DetectionSettings.Method.PEAKS;
				return BenchData.warm(() -> StarFinder.find(img, 1392, 1040, s, Progress.NONE), 4);
			}));
		e.add(new Bench.Entry("background-mode detection, default settings", BenchData.sharedData(M67) != null
			? "M67 plate 1059x1059, ~1600 sources" : "simulated 1059x1059, 1500 stars (../shared absent)", "", Double.NaN, 7,
			scratch -> backgroundMode(scratch, frame(M67, 1059, 1059, 1500), 1059, 1059)));
		e.add(new Bench.Entry("background-mode detection, simulated frame", "4096x4096 raw V frame, 10 000 stars", "", Double.NaN, 3,
			scratch -> backgroundMode(scratch, BenchData.simulatedFrame(4096, 4096, 10000), 4096, 4096)));
		return e;
	}

	/** Default detection timed beside sep.extract (the oracle's Background + extract) on the same frame. */
	private static Bench.Work backgroundMode(Path scratch, float[] img, int w, int h) throws Exception {
		File fits = BenchData.write(scratch, "detect_" + w, img, w, h);
		double sep = BenchData.oracleSeconds("stars.py", "sep", fits.getPath(), "-o", scratch.resolve("sep").toString(),
			"--repeat", "5");
		DetectionSettings s = new DetectionSettings();
		return BenchData.withPeer(BenchData.warm(() -> StarFinder.find(img, w, h, s, Progress.NONE), 4), sep,
			Double.isNaN(sep) ? "sep.extract (oracle not available)" : "sep Background + extract, same frame, same time");
	}

	/** A frame of ../shared/data, or a simulated one of the same size. */
	private static float[] frame(String shared, int w, int h, int stars) throws IOException {
		File f = BenchData.sharedData(shared);
		return f != null ? FitsReader.read(f, null).data() : BenchData.simulatedFrame(w, h, stars);
	}

}
