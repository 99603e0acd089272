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
					out, "run.log"), slots(master), seconds, bytes(raw.toPath()), bytes(out.toPath())));
				if (master != null) System.err.println("bench: " + scaling(master, seconds));
			});
		}).samples(1).warmups(0);
	}

	private static final Pattern CALL = Pattern.compile("^\\s*([0-9.]+) s\\s+ran\\s+([0-9.]+) s\\s+run\\(\"([^.]+)\\.\\.\\.\"");
	private static final Pattern NOTE = Pattern.compile("^\\s*([0-9.]+) s\\s+# (.*)$");
	/** A calibration part that reduces science frames (Reduce Night on Spark: {@code products=<frame>_red[,...]}). */
	private static final Pattern FRAME_PART = Pattern.compile("run\\(\"" + NightSteps.CALIBRATION.label + "\\.\\.\\.\".* products=\\S+_red[ \",]");
	/** Aggregate bandwidth of a cluster's shared file system assumed by the paper estimate, MB/s ({@code -Dastrofiji.bench.clusterMBps}). */
	private static final int CLUSTER_MBPS = Integer.getInteger("astrofiji.bench.clusterMBps", 1000);
	/** The latest whole-process wall of each Spark master in this bench run (for the scaling line). */
	private static final Map<String, Double> WALLS = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * The calls' own times from run.log, per-frame steps (cosmic rays, background, stars, PSF,
	 * photometry; on Spark also the calibration's frame parts, {@code products=<frame>_red,...}) apart
	 * from the night's single calls; Spark's own cost on this machine (the process beyond the pipeline:
	 * JVM and Spark start and stop; per stage job: the pipeline's wall beyond the calls' time over the
	 * {@code slots}); and the paper estimate for 100 executors: start + the single calls in sequence
	 * (the master parts too, though a filter's flats need not wait for another's) + the per-frame work
	 * over 100 + the stage jobs at this machine's cost each + the night's bytes (raw frames read, every
	 * product written and read once more) through a shared file system of {@link #CLUSTER_MBPS} MB/s.
	 */
	static String estimate(File runLog, int slots, double wall, long rawBytes, long outBytes) throws Exception {
		double perFrame = 0, night = 0, pipeline = 0;
		int frameCalls = 0, frames = 0, jobs = 0, nightCalls = 0;
		List<String> frameSteps = List.of(NightSteps.COSMICS.label, NightSteps.BACKGROUND.label, NightSteps.STARS.label, NightSteps.PSF.label,
			NightSteps.PHOTOMETRY.label);
		for (String line : Files.readAllLines(runLog.toPath())) {
			Matcher n = NOTE.matcher(line);
			if (n.find()) {
				pipeline = Math.max(pipeline, Double.parseDouble(n.group(1)));
				// a stage of several units is one job; a group of master parts is one job for its calls
				Matcher group = Pattern.compile("^calibration: master_\\w+: (\\d+) calls on Spark").matcher(n.group(2));
				if (group.find()) jobs -= Integer.parseInt(group.group(1));
				if (n.group(2).matches(".*: \\d+ (frames|calls) on Spark .*")) jobs++;
				continue;
			}
			Matcher m = CALL.matcher(line);
			if (!m.find()) continue;
			pipeline = Math.max(pipeline, Double.parseDouble(m.group(1)));
			double t = Double.parseDouble(m.group(2));
			if (m.group(3).equals(NightSteps.COSMICS.label)) frames++;
			if (frameSteps.contains(m.group(3)) || FRAME_PART.matcher(line).find()) {
				perFrame += t;
				frameCalls++;
			}
			else {
				night += t;
				nightCalls++;
			}
		}
		// every night call not in a group is a job of its own (the master bias, the mask, alignment, combines, ...); the
		// driver's own work (plan, report) counts into the jobs' cost
		jobs += nightCalls;
		double start = Math.max(0, wall - pipeline), perJob = jobs == 0 ? 0 : Math.max(0, (pipeline - night - perFrame / slots) / jobs);
		double io = (rawBytes + 2.0 * outBytes) / (CLUSTER_MBPS * 1e6);
		return String.format(Locale.ROOT, "calls: %d per-frame calls %.1f s in all (%.3f s per frame), night calls (calibration masters, " +
			"alignment, combines, subtraction, colours) %.1f s; beyond the calls: start and stop %.1f s, %.2f s per Spark job (%d jobs; " +
			"the driver's plan and report included); I/O: raw %.0f MB, products %.0f MB; paper estimate for 100 executors: %.1f s = start %.1f + night calls " +
			"%.1f + per-frame %.1f + jobs %.1f + I/O %.1f (at %d MB/s shared)", frameCalls, perFrame, frames == 0 ? 0 : perFrame / frames,
			night, start, perJob, jobs, rawBytes / 1e6, outBytes / 1e6, start + night + perFrame / 100 + jobs * perJob + io, start, night,
			perFrame / 100, jobs * perJob, io, CLUSTER_MBPS);
	}

	/** "local[2]" gives 2. */
	static int slots(String master) {
		Matcher m = Pattern.compile("local\\[(\\d+)").matcher(master);
		return m.find() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
	}

	/** The executor scaling line: this master's wall beside the other masters' latest in this bench run. */
	static String scaling(String master, double seconds) {
		WALLS.put(master, seconds);
		StringBuilder sb = new StringBuilder("executor scaling (whole processes):");
		Double one = WALLS.get("local[1]");
		for (Map.Entry<String, Double> e : new java.util.TreeMap<>(WALLS).entrySet()) {
			sb.append(String.format(Locale.ROOT, " %s %.1f s", e.getKey(), e.getValue()));
			if (one != null && !e.getKey().equals("local[1]")) sb.append(String.format(Locale.ROOT, " (speed-up over local[1] %.2fx)", one / e.getValue()));
			sb.append(';');
		}
		return sb.append(" 100 executors: see the paper estimate").toString();
	}

	static long bytes(Path dir) throws Exception {
		if (!Files.isDirectory(dir)) return 0;
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
		}
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
