package org.astrofiji.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.pipeline.NightFrame;
import org.astrofiji.pipeline.NightPipeline;
import org.astrofiji.pipeline.Snapshot;
import org.astrofiji.pipeline.TestNight;

/**
 * Reduce Night on Spark (local[2], two attempts per task) against Reduce Night in one JVM on a small
 * simulated night (256x256, B/V/R, two epochs, 8 science frames): the same products byte for byte
 * (FITS without their DATE card, PNGs by pixels, report.html and replay.ijm whole), also when a task's
 * first attempt is lost after its calls ran; a frame whose file is damaged fails in its task and is
 * reported while the others go on; bad paths and config keys are refused before any task runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReduceNightSparkTest {

	static Context context;
	static JavaSparkContext sc;
	static File root, raw, out;
	static NightPipeline.Result local;
	/** Reduce Night's products and report, in the same output directory (paths are in headers and the report). */
	static Map<String, String> reference;
	/** Reduce Night's replay.ijm but for its calibration call. */
	static String localReplay;
	/**
	 * The calibration's parts on Spark (spark.default.parallelism 1: one task slot): bias, 2 dark times, 3 flats,
	 * the mask, the 8 frames in 4 calls of 2 (NightPipeline.FRAME_PARTS_PER_SLOT per slot), the summary.
	 */
	static final int PARTS = 12;

	@BeforeAll
	static void simulate() throws Exception {
		context = new Context(CommandService.class);
		root = Files.createTempDirectory("astro-spark").toFile();
		// the staged run's mirrors (spark.astrofiji.staging = root): the same paths, so the same headers and report
		raw = new File(root, "input");
		out = new File(root, "output");
		TestNight.simulate(context, raw);
		// spark.default.parallelism 1: several units per task (SparkEngine.TASKS_PER_CORE tasks a stage)
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ReduceNightSparkTest").set("spark.default.parallelism",
			"1").set("spark.ui.enabled",
			"false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.hadoop.fs." +
				TestFileSystem.SCHEME + ".impl", TestFileSystem.class.getName()).set(ReduceNightSpark.STAGING, root.getPath()));
	}

	@AfterAll
	static void cleanUp() throws IOException {
		if (sc != null) sc.close();
		Workers.release(context);
		context.dispose();
		delete(root);
	}

	static NightPipeline.Settings settings() {
		return TestNight.settings(raw, out);
	}

	static NightPipeline.Result spark() throws IOException {
		return ReduceNightSpark.run(sc, context, settings());
	}

	@Test
	@Order(1)
	void givesTheProductsAndReportOfReduceNight() throws Exception {
		local = NightPipeline.run(context, settings());
		assertTrue(local.complete(), local.summary());
		reference = Snapshot.of(out);
		reference.remove("replay.ijm");
		localReplay = TestNight.replay(local.layout.replay(), false);
		delete(out);
		NightPipeline.Result r = spark();
		assertTrue(r.complete(), r.summary());
		sameAsLocal(r);
		assertEquals(0, r.upToDate);
		assertEquals(summaryWithoutCounts(local), summaryWithoutCounts(r));
		// every call of the night ran as a task: run.log holds the tasks' lines of every command
		String log = Files.readString(new File(out, "run.log").toPath());
		assertEquals(r.ran, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*")).count(), log);
		assertTrue(log.contains("cosmic rays, background, stars: 8 frames on Spark local[2,2]"), log);
		// the calibration as tasks: a master per filter's flats, the science frames reduced two to a call (4 calls for the one
		// task slot), then the summary
		assertTrue(log.contains("calibration: master_flat: 3 calls on Spark local[2,2]"), log);
		assertTrue(log.contains("calibration: reduced frames: 4 calls on Spark local[2,2]"), log);
		List<String> reduced = new java.util.ArrayList<>();
		for (String l : (Iterable<String>) log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*products=\\S+_red\\b.*"))::iterator) {
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("products=(\\S+_red)\\b").matcher(l);
			assertTrue(m.find(), l);
			assertEquals(2, m.group(1).split(",").length, l);
			reduced.addAll(List.of(m.group(1).split(",")));
		}
		java.util.Collections.sort(reduced);
		List<String> all = new java.util.ArrayList<>();
		for (NightFrame f : local.plan.science()) all.add(f.stem() + "_red");
		java.util.Collections.sort(all);
		assertEquals(all, reduced, log);
		assertEquals(1, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*products=calibration_summary\\b.*")).count(), log);
	}

	/**
	 * Products and report byte for byte Reduce Night's; replay.ijm too but for the calibration (one call
	 * there, {@value #PARTS} parts here), so the same calls ran but for that one.
	 */
	static void sameAsLocal(NightPipeline.Result r) throws IOException {
		sameProducts(out);
		assertEquals(local.ran - 1 + PARTS, r.ran + r.upToDate);
	}

	/** The products in {@code dir} are Reduce Night's; its replay.ijm too but for the calibration's parts. */
	static void sameProducts(File dir) throws IOException {
		Map<String, String> ours = Snapshot.of(dir);
		ours.remove("replay.ijm");
		assertEquals(List.of(), Snapshot.differences(reference, ours));
		File replay = new File(dir, "replay.ijm");
		assertEquals(localReplay, TestNight.replay(replay, false));
		assertEquals(PARTS, TestNight.calibrationCalls(replay).size());
	}

	/**
	 * Tasks lost once after their calls ran, retried by Spark: a master flat's (the bad-pixel mask and the
	 * frames read it after), a frame's calibration part and a frame's cosmic rays, background and stars.
	 * Each retry finds its calls up to date; the products are the same.
	 */
	@Test
	@Order(2)
	void tasksLostOnceAreRetriedWithTheSameProducts() throws Exception {
		delete(out);
		NightFrame victim = local.plan.science().get(3), reduced = local.plan.science().get(5);
		sc.setLocalProperty(SparkEngine.FAIL_ONCE, "master_calibration master_flat_V,master_calibration " + reduced.stem() + "_red," +
			"find_stars " + victim.stem());
		NightPipeline.Result r;
		try {
			r = spark();
		}
		finally {
			sc.setLocalProperty(SparkEngine.FAIL_ONCE, null);
		}
		assertTrue(r.complete(), r.summary());
		sameAsLocal(r);
		// spark.default.parallelism 1: a stage's units in at most SparkEngine.TASKS_PER_CORE tasks, so the 8 frames
		// go two to a task and a retry finds its two units' calls up to date: the master flat (3 flats, a task
		// each), the calibration call of the frame and the one beside it (4 calls of 2 frames, a task each), two
		// frames' cosmic rays, background and stars
		assertEquals(1 + 1 + 2 * 3, r.upToDate, "the retries' calls that the lost attempts finished");
		String log = Files.readString(new File(out, "run.log").toPath());
		for (String id : List.of("products=master_flat_V\\b", "products=(\\S+_red,)?" + reduced.stem() + "_red\\b")) {
			assertEquals(1, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+up to date\\s.*" + id + ".*")).count(), log);
		}
	}

	/**
	 * A reduced frame damaged on disk (after calibration) fails in its cosmic-ray task on the rerun:
	 * the frame is a failed record in the report and the summary, the other seven go through.
	 */
	@Test
	@Order(3)
	void aFrameThatFailsInItsTaskIsReportedAndTheRestProcessed() throws Exception {
		NightFrame victim = local.plan.science().get(local.plan.science().size() - 1);
		assertFalse(victim.name.equals(local.referenceFrame().name));
		File reduced = local.layout.reduced(victim);
		byte[] bytes = Files.readAllBytes(reduced.toPath());
		Files.write(reduced.toPath(), java.util.Arrays.copyOf(bytes, 2880 + 1000));
		NightPipeline.Result r = spark();
		assertFalse(r.complete());
		assertEquals(7, r.processed().size(), r.summary());
		String why = r.failed.get(victim.name);
		assertTrue(why != null && why.startsWith("Remove Cosmic Rays: "), r.summary());
		assertTrue(r.summary().contains("failed " + victim.name + ": Remove Cosmic Rays: "), r.summary());
		String html = Files.readString(local.layout.report().toPath());
		assertTrue(html.contains("<tr class=\"failed\"><td>" + victim.name + "</td>"), html);
	}

	@Test
	@Order(4)
	void badPathsAndKeysAreRefusedBeforeAnyTask() throws Exception {
		int jobs = sc.statusTracker().getJobIdsForGroup(SparkEngine.GROUP).length;
		PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		String missing = new File(root, "missing").getPath();
		String e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "--master", "local[1]",
			"input=" + missing, "output=" + new File(root, "never") }, console)).getMessage();
		assertEquals("input: cannot read " + missing + ": no such directory", e);
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "input=nofs://host/nights/x",
			"output=" + new File(root, "never") }, console)).getMessage();
		assertTrue(e.startsWith("input: cannot reach the file system of nofs://host/nights/x (No FileSystem for scheme \"nofs\"; "), e);
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "input=" + raw, "outptu=x" }, console))
			.getMessage();
		assertTrue(e.startsWith("'outptu=x' is not --master, --conf or one of input=, output="), e);
		// a config key unknown to the pipeline: Reduce Night's own message
		File config = new File(root, "night.conf");
		Files.writeString(config.toPath(), "# deeper\n\nfind_stars.kk = 5\n");
		NightPipeline.Settings s = settings();
		s.output = new File(root, "never");
		s.config = config;
		String expected = assertThrows(IllegalArgumentException.class, () -> NightPipeline.run(context, s)).getMessage();
		assertTrue(expected.contains("line 3: find_stars.kk: Find Stars has no parameter 'kk'; did you mean 'k'?"), expected);
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(sc, context, s)).getMessage();
		assertEquals(expected, e);
		// the same with a Spark that cannot start (a second context in this JVM, an unknown master): the planning's
		// message, not Spark's
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "--master", "nowhere://x",
			"input=" + raw, "output=" + new File(root, "never"), "config=" + config }, console)).getMessage();
		assertEquals(expected, e);
		assertFalse(new File(root, "never").exists());
		assertEquals(jobs, sc.statusTracker().getJobIdsForGroup(SparkEngine.GROUP).length, "no Spark job ran");
	}

	/**
	 * The same night with input and output on a file system the pipeline cannot open as files ({@code tfs:}, see
	 * {@link TestFileSystem}): every call's inputs fetched into the task's mirror and its outputs published back;
	 * the same products and report as Reduce Night, no mirror or temporary file left; a rerun finds every call up to
	 * date from the remote records alone; a missing remote input is refused before any Spark job.
	 */
	@Test
	@Order(5)
	void stagesAnotherFileSystemWithTheSameProducts() throws Exception {
		File remote = new File(root, "remote"), remoteRaw = new File(remote, "raw"), remoteOut = new File(remote, "out");
		Files.createDirectories(remote.toPath());
		Files.move(raw.toPath(), remoteRaw.toPath());
		delete(out);
		Map<String, String> keys = Map.of("input", uri(remoteRaw), "output", uri(remoteOut), "reference", "first");
		// with a task's first attempt lost after its calls ran and published
		NightFrame victim = local.plan.science().get(2);
		sc.setLocalProperty(SparkEngine.FAIL_ONCE, "find_stars " + victim.stem());
		FileSystem.Statistics io = FileSystem.getStatistics(TestFileSystem.SCHEME, TestFileSystem.class);
		long driverRead = io.getThreadStatistics().getBytesRead();
		NightPipeline.Result r;
		List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			r = ReduceNightSpark.run(sc, context, keys, console::add);
		}
		finally {
			sc.setLocalProperty(SparkEngine.FAIL_ONCE, null);
		}
		driverRead = io.getThreadStatistics().getBytesRead() - driverRead;
		assertTrue(r.complete(), r.summary());
		sameProducts(remoteOut);
		// the victim is the first of its task's two units: the attempt failed before the second one ran
		assertEquals(3, r.upToDate, "the retry's calls that the lost attempt finished");
		assertEquals(local.ran - 1 + PARTS - 3, r.ran);
		assertTrue(console.get(0).endsWith("; output " + uri(remoteOut)), console.get(0));
		// the driver (this thread) read the raw frames' headers and the products it uses, never a frame's pixels
		long pulled = 0, raws = 0;
		try (Stream<Path> s = Files.walk(remoteOut.toPath())) {
			for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
				String rel = remoteOut.toPath().relativize(p).toString();
				if (!rel.startsWith("reduced") && !rel.endsWith("_aligned.fits") && !rel.startsWith("report") && !rel.startsWith(".")) pulled +=
					Files.size(p);
			}
		}
		try (Stream<Path> s = Files.list(remoteRaw.toPath())) {
			raws = s.count();
		}
		assertTrue(driverRead > 0 && driverRead <= pulled + raws * 4 * 2880, driverRead + " bytes read on the driver; products " + pulled);
		assertFalse(raw.exists() || out.exists(), "the mirrors are deleted");
		try (Stream<Path> s = Files.walk(remoteOut.toPath())) {
			assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".part")).collect(java.util.stream.Collectors.toList()));
		}
		assertTrue(new File(remoteOut, "run.log").isFile());
		// resumed: the records and times on the remote file system say every call is up to date
		NightPipeline.Result again = ReduceNightSpark.run(sc, context, keys, null);
		assertTrue(again.complete(), again.summary());
		assertEquals(0, again.ran, again.summary());
		assertEquals(local.ran - 1 + PARTS, again.upToDate);
		sameProducts(remoteOut);

		int jobs = sc.statusTracker().getJobIdsForGroup(SparkEngine.GROUP).length;
		String missing = uri(new File(remote, "missing"));
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		String e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "--master", "local[1]", "--conf",
			"spark.hadoop.fs.tfs.impl=" + TestFileSystem.class.getName(), "input=" + missing, "output=" + uri(new File(remote, "never")) },
			quiet)).getMessage();
		assertEquals("input: cannot read " + missing + ": no such directory", e);
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(sc, context, Map.of("input", missing, "output", uri(
			new File(remote, "never"))), null)).getMessage();
		assertEquals("input: cannot read " + missing + ": no such directory", e);
		assertFalse(new File(remote, "never").exists());
		assertEquals(jobs, sc.statusTracker().getJobIdsForGroup(SparkEngine.GROUP).length, "no Spark job ran");
	}

	private static String uri(File f) {
		return TestFileSystem.SCHEME + ":" + f.getAbsolutePath();
	}

	private static String summaryWithoutCounts(NightPipeline.Result r) {
		return r.summary().replaceAll("; \\d+ commands ran, \\d+ up to date", "");
	}

	static void delete(File dir) throws IOException {
		TestNight.delete(dir);
	}
}
