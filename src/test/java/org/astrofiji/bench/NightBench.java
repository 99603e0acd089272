package org.astrofiji.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.pipeline.NightPipeline;

/**
 * Bench entry of the night pipeline: a simulated night of 60 frames of 2048x2048 reduced end to end
 * (the table gives one thread against all cores). Each call also prints (stderr) what the issue asks
 * to compare: the sum of the command calls' own times from run.log (the wall time beyond it is the
 * pipeline's overhead; with several threads the calls overlap) and the peak heap.
 */
final class NightBench {

	private static final Pattern RAN = Pattern.compile("^\\s*[0-9.]+ s\\s+ran\\s+([0-9.]+) s");

	private NightBench() {}

	static List<Entry> entries() {
		return List.of(new Entry("Reduce Night", "60 frames of 2048x2048: 10 bias, 10 darks, 5 flats and 5 science frames in each of " +
			"B, V, R, 10 V frames of a second epoch", in -> {
				Context context = new Context(CommandService.class);
				File raw = in.scratch.resolve("night-raw").toFile(), out = in.scratch.resolve("night-out").toFile();
				if (!raw.isDirectory()) Commands.run(context, "Simulate Observation", Map.of("output", raw.getPath(), "seed", "1", "width",
					"2048", "height", "2048", "stars", "1200", "bias_frames", "10", "dark_frames", "5", "flat_frames", "5", "science_frames",
					"5", "epoch2_frames", "10"));
				return Entry.Prepared.of(() -> reduce(context, raw, out));
			}).samples(1).warmups(0));
	}

	private static void reduce(Context context, File raw, File out) throws Exception {
		delete(out.toPath());
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans();
		heap.removeIf(p -> p.getType() != MemoryType.HEAP);
		for (MemoryPoolMXBean p : heap) p.resetPeakUsage();
		long t0 = System.nanoTime();
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = raw;
		s.output = out;
		s.reference = "first";
		NightPipeline.Result r = NightPipeline.run(context, s);
		double seconds = (System.nanoTime() - t0) / 1e9, calls = 0;
		for (String line : Files.readAllLines(new File(out, "run.log").toPath())) {
			Matcher m = RAN.matcher(line);
			if (m.find()) calls += Double.parseDouble(m.group(1));
		}
		long peak = 0;
		for (MemoryPoolMXBean p : heap) peak += p.getPeakUsage().getUsed();
		System.err.printf(Locale.ROOT, "bench: Reduce Night %.1f s wall; %d command calls whose own times add up to %.1f s; peak " +
			"heap (sum of the pools' peaks) %d MB; %d of %d science frames processed%n", seconds, r.ran, calls, peak >> 20, r.processed()
				.size(), r.plan.science().size());
	}

	private static void delete(Path dir) throws Exception {
		if (!Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
		}
	}
}
