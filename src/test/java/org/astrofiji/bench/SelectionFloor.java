package org.astrofiji.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.io.FitsReader;

/**
 * The selection part of the large stack's floor ({@link CalibrationBench#floor}), in a JVM of its own
 * started as {@code ./astro run "Combine Frames"} starts one: the median of 40 values per pixel by the
 * combine's own median networks on all cores (ERR and COUNT included), timed on a band of 256 rows of
 * every frame decoded in memory, times the image's bands. Prints {@code select <seconds>}.
 */
public final class SelectionFloor {

	private SelectionFloor() {}

	/** {@code SelectionFloor SIZE FILE...}: the frames of the stack, SIZE x SIZE pixels each. */
	public static void main(String... args) throws Exception {
		int rows = 256, width = Integer.parseInt(args[0]), height = width;
		List<float[]> band = new ArrayList<>();
		for (int i = 1; i < args.length; i++) band.add(Arrays.copyOf(FitsReader.read(new File(args[i]), null).data(), width * rows));
		CombineSettings median = new CombineSettings();
		median.method = CombineSettings.Method.MEDIAN;
		double[] t = new double[5];
		int warmups = 5; // C2 compiles the networks during the first calls of a fresh JVM
		for (int r = 0; r < t.length + warmups; r++) {
			long s0 = System.nanoTime();
			StackCombiner.combine(band, width, rows, median, Progress.NONE);
			if (r >= warmups) t[r - warmups] = (System.nanoTime() - s0) / 1e9;
		}
		System.out.println("select " + Bench.median(t) * height / rows);
	}
}
