package org.astrofiji.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

import org.astrofiji.pipeline.NightLayout;
import org.astrofiji.pipeline.StepCall;
import org.astrofiji.pipeline.StepEngine;
import org.astrofiji.pipeline.StepTask;

/**
 * Runs the night's units as Spark tasks, one task per unit (a frame's calls of a stage, or one call
 * over several frames), in a job per stage. The tasks read and write the frames' files themselves;
 * only the small outcomes (counts, log lines, failures) come back to the driver. A failed command is
 * an outcome, not a failed task, so Spark retries only lost tasks: a retry finds the calls its first
 * attempt finished up to date (their outputs are published atomically, then recorded).
 */
final class SparkEngine implements StepEngine {

	/** The job group of a night's jobs. */
	static final String GROUP = "astro-night";
	/**
	 * Test hook: a Spark config key (or local property) naming calls, comma-separated
	 * ({@code find_stars science_V_001,master_calibration master_flat_V}), or a calibration part a call
	 * makes among others ({@code master_calibration science_V_003_red}: the call whose {@code products}
	 * list it); the first attempt of a task that runs one fails after its calls ran, as if its executor
	 * were lost there. Needs two or more attempts per task ({@code local[2,2]}, {@code spark.task.maxFailures}).
	 */
	static final String FAIL_ONCE = "spark.astrofiji.test.failOnce";

	/** Tasks per core of a stage; fewer units than that make a task each. */
	static final int TASKS_PER_CORE = 4;

	/** The Spark context, or its start under way (the driver plans the night meanwhile: see {@link ReduceNightSpark}). */
	private final CompletableFuture<JavaSparkContext> starting;
	/** The night's files on a file system the nodes do not mount, or null. */
	private final HadoopStaging staging;

	SparkEngine(JavaSparkContext sc, HadoopStaging staging) {
		this(CompletableFuture.completedFuture(sc), staging);
	}

	SparkEngine(CompletableFuture<JavaSparkContext> starting, HadoopStaging staging) {
		this.starting = starting;
		this.staging = staging;
	}

	/** The Spark context, once started (a failed start is thrown as it was). */
	static JavaSparkContext started(CompletableFuture<JavaSparkContext> starting) {
		try {
			return starting.join();
		}
		catch (CompletionException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			if (e.getCause() instanceof Error) throw (Error) e.getCause();
			throw e;
		}
	}

	@Override
	public List<Outcome> run(String stage, NightLayout layout, List<List<StepCall>> units, boolean perFrame) {
		JavaSparkContext sc = started(starting);
		sc.setJobGroup(GROUP, "Reduce Night: " + stage, false);
		String local = sc.getLocalProperty(FAIL_ONCE), failOnce = local != null ? local : sc.getConf().get(FAIL_ONCE, "");
		List<List<StepCall>> data = new ArrayList<>();
		for (List<StepCall> u : units) data.add(new ArrayList<>(u));
		HadoopStaging st = staging;
		// a few units per task where units outnumber the cores (4 tasks per core still balance the load): one
		// task per unit cost ~15 ms each, 16 s of a 200-frame night's 60 s on one core; a retried task reruns
		// only its units' calls that are not up to date
		List<Outcome> outcomes = sc.parallelize(data, Math.min(data.size(), TASKS_PER_CORE * sc.defaultParallelism())).map(unit -> task(layout, unit, perFrame, failOnce, st)).collect();
		if (st != null) pull(st, layout, units);
		return outcomes;
	}

	/** The products the driver reads, from the remote output (a file it cannot fetch fails the night). */
	private static void pull(HadoopStaging st, NightLayout layout, List<List<StepCall>> units) {
		try {
			st.pull(layout, units);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot fetch the products of the stage from " + st.remote(layout.root()) + ": " + e.getMessage(), e);
		}
	}

	private static Outcome task(NightLayout layout, List<StepCall> unit, boolean perFrame, String failOnce, HadoopStaging st)
		throws Exception
	{
		Outcome o = st == null ? StepTask.run(Workers.context(), layout, unit, perFrame) : StepTask.run(Workers.context(), layout, unit,
			perFrame, st);
		TaskContext t = TaskContext.get();
		List<String> lost = List.of(failOnce.split(","));
		String hit = unit.stream().flatMap(SparkEngine::names).filter(lost::contains).findFirst().orElse(null);
		if (t != null && t.attemptNumber() == 0 && hit != null) {
			throw new IllegalStateException(FAIL_ONCE + ": the first attempt of the task of " + hit + " fails after its calls ran");
		}
		return o;
	}

	/** A call's id, and for a call making several parts ({@code products}) "slug part" for each, as {@link #FAIL_ONCE} names them. */
	private static java.util.stream.Stream<String> names(StepCall c) {
		String products = c.param("products");
		java.util.stream.Stream<String> id = java.util.stream.Stream.of(c.id());
		if (products == null || products.isBlank()) return id;
		return java.util.stream.Stream.concat(id, java.util.Arrays.stream(products.split(",")).map(p -> c.kind.slug + " " + p.trim()));
	}

	/** The tasks that run side by side: the default parallelism (local mode: the cores; a cluster: the executors' cores). */
	@Override
	public int slots() {
		return started(starting).defaultParallelism();
	}

	@Override
	public String toString() {
		return "Spark " + started(starting).master();
	}
}
