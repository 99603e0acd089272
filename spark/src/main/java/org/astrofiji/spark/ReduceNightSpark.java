package org.astrofiji.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.pipeline.NightPipeline;

/**
 * Reduce Night on Apache Spark: the same plan, config file, checks, outputs and report as the
 * command, with every command call of the night a Spark task ({@link SparkEngine}): calibration
 * (masters and reduced frames), per frame cosmic rays, background and stars, the PSF, alignment,
 * per frame photometry, per filter and epoch the combines, the subtractions and colours; the driver
 * plans, decides and writes the report from the products. Paths are checked through Hadoop's
 * FileSystem API before Spark starts. Local paths ({@code file:} or no scheme) are used in place (on a
 * cluster, a file system every node mounts); any other Hadoop file system (HDFS, S3 through s3a, ...) is
 * staged: the tasks fetch their calls' inputs and publish their outputs ({@link HadoopStaging}).
 * <pre>
 * ./astro spark [--master local[2]] [--conf key=value ...] input=raw output=out [reference=first] [config=night.conf]
 * spark-submit --class org.astrofiji.spark.ReduceNightSpark astro-fiji-spark-0.1.0-all.jar input=... output=...
 * </pre>
 * Exit status 0 when every frame and step came through, 1 when the night finished without some
 * (the summary names them), 2 for bad input.
 */
public final class ReduceNightSpark {

	static final List<String> KEYS = List.of("input", "output", "reference", "config");
	/** Spark setting: the local directory where remote paths are mirrored (see {@link HadoopStaging}). */
	static final String STAGING = "spark.astrofiji.staging";

	private ReduceNightSpark() {}

	static final String USAGE = "usage: astro spark [--master URL] [--conf key=value ...] input=DIR output=DIR [reference=first|DATE] " +
		"[config=FILE]\n  Reduce Night on Apache Spark (local mode on all cores unless --master says otherwise); paths are local or any " +
		"Hadoop file system's (hdfs://..., s3a://...); see docs/spark.md";

	public static void main(String[] args) throws IOException {
		if (args.length == 1 && args[0].equals("--archive-training")) System.exit(ArchiveTraining.run());
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			System.err.println(USAGE);
			System.exit(args.length == 0 ? 2 : 0);
		}
		int status;
		try {
			status = run(args, System.out);
		}
		catch (IllegalArgumentException e) {
			System.err.println("astro spark: " + e.getMessage());
			status = 2;
		}
		System.exit(status);
	}

	/** The command line: options, then key=value pairs of Reduce Night's keys; the exit status. */
	static int run(String[] args, PrintStream out) throws IOException {
		SparkConf conf = new SparkConf().setAppName("Astro Fiji: Reduce Night");
		Map<String, String> keys = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			if ((a.equals("--master") || a.equals("--conf")) && i + 1 == args.length) throw new IllegalArgumentException(a +
				": give a value");
			if (a.equals("--master")) conf.setMaster(args[++i]);
			else if (a.equals("--conf")) {
				String kv = args[++i];
				if (kv.indexOf('=') <= 0) throw new IllegalArgumentException("--conf " + kv + ": give key=value");
				conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
			}
			else if (a.indexOf('=') > 0 && KEYS.contains(a.substring(0, a.indexOf('=')))) keys.put(a.substring(0, a.indexOf('=')), a
				.substring(a.indexOf('=') + 1));
			else throw new IllegalArgumentException("'" + a + "' is not --master, --conf or one of " + String.join("=, ", KEYS) + "=");
		}
		if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		// local mode is one short-lived JVM: its web UI (Jetty, port 4040) cost ~0.5 s of Spark's start, for a page
		// gone when the night ends; --conf spark.ui.enabled=true brings it back, a cluster keeps Spark's default
		if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) conf.set("spark.ui.enabled", "false");
		Paths paths = paths(keys, hadoop(conf));
		// Spark starts (~1-2 s: its services, then a first job) on another thread while this one makes the SciJava
		// context, validates the config and plans the night from the headers; the first stage waits for it
		CompletableFuture<JavaSparkContext> starting = CompletableFuture.supplyAsync(() -> warm(new JavaSparkContext(conf)), runnable -> {
			Thread t = new Thread(runnable, "spark-start");
			t.setDaemon(true);
			t.start();
		});
		Context context = null;
		try {
			context = new Context(CommandService.class);
			NightPipeline.Result r = run(starting, conf.get("spark.master").startsWith("local"), context, paths, out::println);
			out.println(shown(r.summary(), r, paths));
			return r.complete() ? 0 : 1;
		}
		finally {
			try {
				// a Spark that failed to start has nothing to stop, and its exception (already thrown by the
				// first stage that needed it) must not replace the night's own, e.g. a bad key found while planning
				JavaSparkContext sc = starting.handle((c, e) -> c).join();
				if (sc != null) sc.close();
			}
			finally {
				if (context != null) {
					Workers.release(context);
					context.dispose();
				}
			}
		}
	}

	/**
	 * {@code sc} after a job of one empty task per core: Spark's first job sets up its scheduler, serializer and
	 * task threads (~0.3-1 s), which this spends while the driver is still planning.
	 */
	private static JavaSparkContext warm(JavaSparkContext sc) {
		int n = sc.defaultParallelism();
		List<Integer> cores = new java.util.ArrayList<>();
		for (int i = 0; i < n; i++) cores.add(i);
		sc.setJobGroup(SparkEngine.GROUP, "Reduce Night: start", false);
		sc.parallelize(cores, n).foreach(i -> {});
		return sc;
	}

	/**
	 * Reduces the night with the tasks of {@code sc}; {@code context} plans and checks it on the driver
	 * (and runs the commands in local mode). Paths on the local file system are used in place (a cluster
	 * needs them on a file system every node mounts); the others are staged ({@link HadoopStaging}).
	 */
	public static NightPipeline.Result run(JavaSparkContext sc, Context context, Map<String, String> keys, Consumer<String> console)
		throws IOException
	{
		return run(sc, context, paths(keys, sc.hadoopConfiguration()), console);
	}

	/** Reduces the night of settings with local files (see {@link #run(JavaSparkContext, Context, Map, Consumer)}). */
	public static NightPipeline.Result run(JavaSparkContext sc, Context context, NightPipeline.Settings s) throws IOException {
		return run(CompletableFuture.completedFuture(sc), sc.isLocal(), context, s, null);
	}

	private static NightPipeline.Result run(CompletableFuture<JavaSparkContext> starting, boolean local, Context context,
		NightPipeline.Settings s, HadoopStaging staging) throws IOException
	{
		s.engine = new SparkEngine(starting, staging);
		if (local) Workers.use(context);
		return NightPipeline.run(context, s);
	}

	static NightPipeline.Result run(JavaSparkContext sc, Context context, Paths p, Consumer<String> console) throws IOException {
		return run(CompletableFuture.completedFuture(sc), sc.isLocal(), context, p, console);
	}

	/** The night with the Spark context {@code starting} ({@code local}: local mode, the tasks share {@code context}). */
	private static NightPipeline.Result run(CompletableFuture<JavaSparkContext> starting, boolean local, Context context, Paths p,
		Consumer<String> console) throws IOException
	{
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.reference = p.reference;
		s.console = console;
		if (local(p.input) && local(p.output) && (p.config == null || local(p.config))) {
			s.input = file(p.input);
			s.output = file(p.output);
			s.config = p.config == null ? null : file(p.config);
			return run(starting, local, context, s, null);
		}
		// staged: the mirrors' place and Hadoop configuration are the context's
		JavaSparkContext sc = SparkEngine.started(starting);
		HadoopStaging staging = HadoopStaging.of(stagingDir(sc.getConf(), p), sc.hadoopConfiguration());
		if (console != null) s.console = line -> console.accept(staging.shown(line));
		try {
			s.input = local(p.input) ? file(p.input) : staging.input(p.input);
			s.output = local(p.output) ? file(p.output) : staging.output(p.output);
			if (p.config != null) s.config = local(p.config) ? file(p.config) : staging.file("config", p.config);
			try {
				return run(starting, local, context, s, staging);
			}
			finally {
				if (!local(p.output) && s.output != null) staging.publishReport(s.output);
			}
		}
		finally {
			staging.close();
		}
	}

	/** A text about the night (its summary) with the mirrors' paths shown as the remote paths they stand for. */
	static String shown(String text, NightPipeline.Result r, Paths p) {
		if (!local(p.output)) text = text.replace(r.layout.root().getPath(), p.output.toString());
		if (!local(p.input)) text = text.replace(r.plan.input().getPath(), p.input.toString());
		return text;
	}

	/**
	 * Where the remote paths are mirrored: {@code spark.astrofiji.staging}, else a folder of the
	 * temporary directory named after the night's paths (the same in every run of the night, so the
	 * calls' macro lines are too and a resumed night finds its calls up to date).
	 */
	static File stagingDir(SparkConf conf, Paths p) {
		if (conf.contains(STAGING)) return new File(conf.get(STAGING)).getAbsoluteFile();
		String id = java.util.UUID.nameUUIDFromBytes((p.input + " " + p.output + " " + p.config).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString().substring(0, 13);
		return new File(System.getProperty("java.io.tmpdir"), "astro-fiji-staging-" + System.getProperty("user.name") + File.separator + id);
	}

	/** The night's paths, each resolved through Hadoop's FileSystem API and checked. */
	static final class Paths {

		final Path input, output, config;
		final String reference;

		Paths(Path input, Path output, Path config, String reference) {
			this.input = input;
			this.output = output;
			this.config = config;
			this.reference = reference;
		}
	}

	/** Reduce Night's paths from its keys, every one checked through Hadoop's FileSystem API before anything runs. */
	static Paths paths(Map<String, String> keys, Configuration hadoop) {
		return new Paths(path(hadoop, "input", keys.get("input"), Kind.DIRECTORY), path(hadoop, "output", keys.get("output"),
			Kind.OUTPUT), keys.containsKey("config") ? path(hadoop, "config", keys.get("config"), Kind.FILE) : null, keys.getOrDefault(
				"reference", ""));
	}

	/** The Hadoop configuration of {@code conf}: its spark.hadoop.* keys. */
	static Configuration hadoop(SparkConf conf) {
		Configuration c = new Configuration();
		for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) c.set(kv._1(), kv._2());
		return c;
	}

	enum Kind { DIRECTORY, FILE, OUTPUT }

	static boolean local(Path p) {
		return "file".equals(p.toUri().getScheme());
	}

	/** A local path as the pipeline's file. */
	static File file(Path p) {
		return new File(p.toUri().getPath()).getAbsoluteFile();
	}

	/**
	 * A path made absolute and qualified ({@code hdfs://namenode:8020/nights/x}; without a scheme a path of the
	 * local file system, whatever the default file system is), checked: a directory this JVM can list, a file
	 * it can read, or an output directory it can make or write in (empty, or an earlier run's). One-line
	 * errors naming the key.
	 */
	static Path path(Configuration hadoop, String key, String value, Kind kind) {
		if (value == null || value.isBlank()) throw new IllegalArgumentException(key + ": give a path (" + key + "=...)");
		FileSystem fs;
		Path p;
		try {
			p = new Path(value);
			if (p.toUri().getScheme() == null) p = new Path(new File(value).getAbsoluteFile().toURI());
			fs = p.getFileSystem(hadoop);
			p = fs.makeQualified(p);
		}
		catch (IOException | RuntimeException e) {
			String why = String.valueOf(e.getMessage());
			if (why.startsWith("No FileSystem for scheme")) why += "; its client must be on the classpath (s3a: hadoop-aws, see docs/spark.md)";
			throw new IllegalArgumentException(key + ": cannot reach the file system of " + value + " (" + why + ")");
		}
		try {
			FileStatus st = status(fs, p);
			if (kind == Kind.DIRECTORY) {
				if (st == null) throw new IllegalArgumentException(key + ": cannot read " + value + ": no such directory");
				if (!st.isDirectory()) throw new IllegalArgumentException(key + ": " + value + " is not a directory");
				fs.listStatus(p);
			}
			else if (kind == Kind.FILE) {
				if (st == null) throw new IllegalArgumentException(key + ": cannot read " + value + ": no such file");
				if (!st.isFile()) throw new IllegalArgumentException(key + ": " + value + " is not a file");
				fs.open(p).close();
			}
			else writable(fs, p, st, key, value);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(key + ": cannot read " + value + " (" + e.getMessage() + ")");
		}
		return p;
	}

	/** An output directory: an earlier run's or empty, or one that can be made (its nearest existing ancestor is writable). */
	private static void writable(FileSystem fs, Path p, FileStatus st, String key, String value) throws IOException {
		if (st != null && !st.isDirectory()) throw new IllegalArgumentException(key + ": " + value + " is a file, not a directory");
		// a local output's contents are checked by Reduce Night itself, with the same message
		if (st != null && !local(p) && fs.listStatus(p).length > 0 && status(fs, new Path(p, ".astro-night")) == null) {
			throw new IllegalArgumentException(key + ": " + value + " holds files but no earlier Reduce Night run; give an empty or new directory");
		}
		Path there = p;
		while (st == null && there.getParent() != null) {
			there = there.getParent();
			st = status(fs, there);
		}
		if (st == null) throw new IllegalArgumentException(key + ": cannot create " + value + ": no ancestor exists");
		if (!st.isDirectory()) throw new IllegalArgumentException(key + ": cannot create " + value + ": " + there + " is a file");
		boolean canWrite;
		if (local(there)) canWrite = java.nio.file.Files.isWritable(file(there).toPath());
		else {
			try {
				fs.access(there, FsAction.WRITE);
				canWrite = true;
			}
			catch (AccessControlException e) {
				canWrite = false;
			}
		}
		if (!canWrite) throw new IllegalArgumentException(key + ": cannot write in " + (there.equals(p) ? value : there.toString()) +
			": permission denied");
	}

	private static FileStatus status(FileSystem fs, Path p) throws IOException {
		try {
			return fs.getFileStatus(p);
		}
		catch (FileNotFoundException e) {
			return null;
		}
	}
}
