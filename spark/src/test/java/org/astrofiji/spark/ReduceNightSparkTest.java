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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

import org.astrofiji.command.Commands;
import org.astrofiji.pipeline.NightFrame;
import org.astrofiji.pipeline.NightPipeline;
import org.astrofiji.pipeline.Snapshot;

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
	/** Reduce Night's products, in the same output directory (paths are in headers and the report). */
	static Map<String, String> reference;

	@BeforeAll
	static void simulate() throws Exception {
		context = new Context(CommandService.class);
		root = Files.createTempDirectory("astro-spark").toFile();
		raw = new File(root, "raw");
		out = new File(root, "out");
		Commands.run(context, "Simulate Observation", Map.ofEntries(Map.entry("output", raw.getPath()), Map.entry("seed", "7"),
			Map.entry("width", "256"), Map.entry("height", "256"), Map.entry("stars", "60"), Map.entry("bias_frames", "3"),
			Map.entry("dark_frames", "2"), Map.entry("flat_frames", "3"), Map.entry("science_frames", "2"), Map.entry("epoch2_frames",
				"2"), Map.entry("cosmics", "12")));
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ReduceNightSparkTest").set("spark.ui.enabled",
			"false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
	}

	@AfterAll
	static void cleanUp() throws IOException {
		if (sc != null) sc.close();
		Workers.release(context);
		context.dispose();
		delete(root);
	}

	static NightPipeline.Settings settings() {
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = raw;
		s.output = out;
		s.reference = "first";
		return s;
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
		delete(out);
		NightPipeline.Result r = spark();
		assertTrue(r.complete(), r.summary());
		assertEquals(List.of(), Snapshot.differences(reference, Snapshot.of(out)));
		assertEquals(local.ran, r.ran);
		assertEquals(0, r.upToDate);
		assertEquals(summaryWithoutCounts(local), summaryWithoutCounts(r));
		// every call of the night ran as a task: run.log holds the tasks' lines of every command
		String log = Files.readString(new File(out, "run.log").toPath());
		assertEquals(r.ran, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*")).count(), log);
		assertTrue(log.contains("cosmic rays, background, stars: 8 frames on Spark local[2,2]"), log);
		// the calibration as tasks: a master per filter's flats, a reduced frame per science frame, then the summary
		assertTrue(log.contains("calibration: master_flat: 3 calls on Spark local[2,2]"), log);
		assertTrue(log.contains("calibration: reduced frames: 8 calls on Spark local[2,2]"), log);
		assertEquals(8, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*products=\\S+_red\\b.*")).count(), log);
		assertEquals(1, log.lines().filter(l -> l.matches("^\\s*[0-9.]+ s\\s+ran\\s.*products=calibration_summary\\b.*")).count(), log);
	}

	/** The first attempt of one frame's task fails after its three calls ran; the retry finds them up to date. */
	@Test
	@Order(2)
	void aTaskLostOnceIsRetriedWithTheSameProducts() throws Exception {
		delete(out);
		NightFrame victim = local.plan.science().get(3);
		sc.setLocalProperty(SparkEngine.FAIL_ONCE, "find_stars " + victim.stem());
		NightPipeline.Result r;
		try {
			r = spark();
		}
		finally {
			sc.setLocalProperty(SparkEngine.FAIL_ONCE, null);
		}
		assertTrue(r.complete(), r.summary());
		assertEquals(List.of(), Snapshot.differences(reference, Snapshot.of(out)));
		assertEquals(3, r.upToDate, "the retry's calls that the lost attempt finished");
		assertEquals(local.ran - 3, r.ran);
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
		e = assertThrows(IllegalArgumentException.class, () -> ReduceNightSpark.run(new String[] { "input=hdfs://namenode:8020/nights/x",
			"output=" + new File(root, "never") }, console)).getMessage();
		assertTrue(e.startsWith("input: hdfs://namenode:8020/nights/x is on hdfs:"), e);
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
		assertFalse(new File(root, "never").exists());
		assertEquals(jobs, sc.statusTracker().getJobIdsForGroup(SparkEngine.GROUP).length, "no Spark job ran");
	}

	private static String summaryWithoutCounts(NightPipeline.Result r) {
		return r.summary().replaceAll("; \\d+ commands ran, \\d+ up to date", "");
	}

	static void delete(File dir) throws IOException {
		if (!dir.exists()) return;
		try (Stream<Path> s = Files.walk(dir.toPath())) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}
}
