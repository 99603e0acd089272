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
import org.astrofiji.pipeline.NightSteps;

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

	/**
	 * Issue 19: a simulated 200-frame night of small frames (256x256: 10 bias, 10 darks, 5 flats and 50
	 * science frames in each of B, V, R, 15 V frames of a second epoch) reduced in this JVM, by {@code
	 * ./astro run "Reduce Night"} and by {@code ./astro spark} on local[1] and local[2], each a whole
	 * process (the Spark rows include the JVM's and Spark's start, so compare them with the whole-process
	 * row; target: local[2] within 1.3x of it). Run them alone: {@code ./astro bench --no-cold "200 frames"}.
	 * Each Spark run also prints (stderr) its calls' own times from run.log, per frame and per night
	 * call, and from them a paper estimate for 100 executors.
	 */
	static List<Entry> sparkEntries() {
		String input = "200 frames of 256x256: 10 bias, 10 darks, 5 flats and 50 science frames in each of B, V, R, 15 V frames of a " +
			"second epoch";
		List<Entry> e = new java.util.ArrayList<>();
		e.add(new Entry("Reduce Night", input, in -> {
			Context context = new Context(CommandService.class);
			File raw = smallNight(context, in), out = in.scratch.resolve("night200-out").toFile();
			return Entry.Prepared.of(() -> reduce(context, raw, out));
		}).samples(1).warmups(0));
		e.add(process("Reduce Night (./astro run, whole process)", input, "run", "Reduce Night", null));
		for (String master : List.of("local[1]", "local[2]")) e.add(process("Reduce Night on Spark " + master + " (./astro spark, " +
			"whole process)", input, "spark", null, master));
		return e;
	}

	private static File smallNight(Context context, Inputs in) throws Exception {
		File raw = in.scratch.resolve("night200-raw").toFile();
		// -Dastrofiji.bench.sparkScience=N: N science frames per filter instead of 50 (a quick check of the entries)
		int science = Integer.getInteger("astrofiji.bench.sparkScience", 50);
		if (!raw.isDirectory()) Commands.run(context, "Simulate Observation", Map.ofEntries(Map.entry("output", raw.getPath()), Map.entry(
			"seed", "1"), Map.entry("width", "256"), Map.entry("height", "256"), Map.entry("stars", "60"), Map.entry("bias_frames", "10"),
			Map.entry("dark_frames", "5"), Map.entry("flat_frames", "5"), Map.entry("science_frames", String.valueOf(science)), Map.entry(
				"epoch2_frames", String.valueOf(Math.max(1, science * 3 / 10)))));
		return raw;
	}

	/** ./astro run "Reduce Night" (label given) or ./astro spark --master (master given) as one process. */
	private static Entry process(String name, String input, String verb, String label, String master) {
		return new Entry(name, input, in -> {
			File raw = smallNight(new Context(CommandService.class), in), out = in.scratch.resolve("night200-out").toFile();
			List<String> cmd = new java.util.ArrayList<>(List.of(new File(Inputs.project(), "astro").getPath(), verb));
			if (label != null) cmd.addAll(List.of(label, "input=\"" + raw + "\",output=\"" + out + "\",reference=first"));
			else cmd.addAll(List.of("--master", master, "input=" + raw, "output=" + out, "reference=first"));
			return Entry.Prepared.of(() -> {
				delete(out.toPath());
				File log = in.scratch.resolve("night200-process.log").toFile();
				long t0 = System.nanoTime();
				ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
				// one executor, one core: the single-call tasks (calibration, alignment) on one thread too
				if ("local[1]".equals(master)) pb.environment().put("ASTRO_THREADS", "1");
				int status = pb.start().waitFor();
				double seconds = (System.nanoTime() - t0) / 1e9;
				if (status != 0) {
					String text = Files.readString(log.toPath()).trim();
					throw new IllegalStateException(String.join(" ", cmd) + " exited with " + status + ": " + text.substring(text.lastIndexOf(
						'\n') + 1));
				}
				System.err.printf(Locale.ROOT, "bench: %s %.1f s wall%s%n", name, seconds, master == null ? "" : "; " + estimate(new File(
					out, "run.log")));
			});
		}).samples(1).warmups(0);
	}

	private static final Pattern CALL = Pattern.compile("^\\s*[0-9.]+ s\\s+ran\\s+([0-9.]+) s\\s+run\\(\"([^.]+)\\.\\.\\.\"");
	/** A calibration part that reduces one science frame (Reduce Night on Spark). */
	private static final Pattern FRAME_PART = Pattern.compile("run\\(\"" + NightSteps.CALIBRATION.label + "\\.\\.\\.\".* products=\\S+_red[ \"]");

	/**
	 * The calls' own times from run.log, per-frame steps (cosmic rays, background, stars, PSF,
	 * photometry; on Spark also the calibration's frame parts, {@code products=<frame>_red}) apart from
	 * the night's single calls, and the paper estimate for 100 executors: the single calls in sequence
	 * (the master parts too, though a filter's flats need not wait for another's) plus the per-frame
	 * work spread over 100 (one frame's calls per task).
	 */
	static String estimate(File runLog) throws Exception {
		double perFrame = 0, night = 0;
		int frameCalls = 0;
		List<String> frameSteps = List.of(NightSteps.COSMICS.label, NightSteps.BACKGROUND.label, NightSteps.STARS.label, NightSteps.PSF.label,
			NightSteps.PHOTOMETRY.label);
		for (String line : Files.readAllLines(runLog.toPath())) {
			Matcher m = CALL.matcher(line);
			if (!m.find()) continue;
			double t = Double.parseDouble(m.group(1));
			if (frameSteps.contains(m.group(2)) || FRAME_PART.matcher(line).find()) {
				perFrame += t;
				frameCalls++;
			}
			else night += t;
		}
		return String.format(Locale.ROOT, "calls: %d per-frame calls %.1f s in all, night calls (calibration, alignment, combines, " +
			"subtraction, colours) %.1f s; paper estimate for 100 executors: %.1f s + Spark's start and scheduling", frameCalls, perFrame,
			night, night + perFrame / 100);
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
