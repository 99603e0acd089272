package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.scijava.Context;

import org.astrofiji.command.Commands;

/**
 * The small simulated night of the pipeline tests (256x256, B/V/R, two epochs, 8 science frames),
 * shared by {@link NightPipelineTest} and the Spark module's test (through the test jar), and the
 * comparisons of two runs' records: replay.ijm without its calibration (one call here, Master
 * Calibration's parts on an engine) and the calibration's part of it alone.
 */
public final class TestNight {

	private static final String CALIBRATION = "run(\"" + NightSteps.CALIBRATION.label + "...\"";

	private TestNight() {}

	/** Simulates the night into {@code raw} (seed 7: the figures the tests assert are this night's). */
	public static void simulate(Context context, File raw) {
		Commands.run(context, "Simulate Observation", Map.ofEntries(Map.entry("output", raw.getPath()), Map.entry("seed", "7"),
			Map.entry("width", "256"), Map.entry("height", "256"), Map.entry("stars", "60"), Map.entry("bias_frames", "3"),
			Map.entry("dark_frames", "2"), Map.entry("flat_frames", "3"), Map.entry("science_frames", "2"), Map.entry("epoch2_frames",
				"2"), Map.entry("cosmics", "12")));
	}

	/** Reduce Night of {@code raw} into {@code out}, the first epoch the reference. */
	public static NightPipeline.Settings settings(File raw, File out) {
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = raw;
		s.output = out;
		s.reference = "first";
		return s;
	}

	/**
	 * A replay macro's blocks (a call's {@code File.makeDirectory}, its {@code run} line and
	 * {@code close}) of Master Calibration ({@code calibration} true) or of every other command, with the
	 * macro's header.
	 */
	public static String replay(File replay, boolean calibration) throws IOException {
		StringBuilder out = new StringBuilder(), block = new StringBuilder();
		boolean header = true, isCalibration = false;
		for (String line : Files.readAllLines(replay.toPath())) {
			if (header && (line.startsWith("//") || line.startsWith("setBatchMode"))) {
				out.append(line).append('\n');
				continue;
			}
			header = false;
			block.append(line).append('\n');
			isCalibration |= line.startsWith(CALIBRATION);
			if (line.startsWith("close(")) {
				if (isCalibration == calibration) out.append(block);
				block.setLength(0);
				isCalibration = false;
			}
		}
		return out.append(block).toString();
	}

	/** The Master Calibration lines of a replay macro. */
	public static List<String> calibrationCalls(File replay) throws IOException {
		List<String> out = new ArrayList<>();
		for (String line : Files.readAllLines(replay.toPath())) if (line.startsWith(CALIBRATION)) out.add(line);
		return out;
	}

	public static void delete(File dir) throws IOException {
		if (!dir.exists()) return;
		try (Stream<Path> s = Files.walk(dir.toPath())) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}
}
