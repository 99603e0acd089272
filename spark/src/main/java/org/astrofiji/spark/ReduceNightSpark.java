package org.astrofiji.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * FileSystem API before Spark starts; the frames are read and written by the tasks on a file system
 * every node mounts.
 * <pre>
 * ./astro spark [--master local[2]] [--conf key=value ...] input=raw output=out [reference=first] [config=night.conf]
 * spark-submit --class org.astrofiji.spark.ReduceNightSpark astro-fiji-spark-0.1.0-all.jar input=... output=...
 * </pre>
 * Exit status 0 when every frame and step came through, 1 when the night finished without some
 * (the summary names them), 2 for bad input.
 */
public final class ReduceNightSpark {

	static final List<String> KEYS = List.of("input", "output", "reference", "config");

	private ReduceNightSpark() {}

	static final String USAGE = "usage: astro spark [--master URL] [--conf key=value ...] input=DIR output=DIR [reference=first|DATE] " +
		"[config=FILE]\n  Reduce Night on Apache Spark (local mode on all cores unless --master says otherwise); see docs/spark.md";

	public static void main(String[] args) throws IOException {
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
		NightPipeline.Settings s = settings(keys, hadoop(conf));
		s.console = out::println;
		Context context = new Context(CommandService.class);
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			NightPipeline.Result r = run(sc, context, s);
			out.println(r.summary());
			return r.complete() ? 0 : 1;
		}
		finally {
			Workers.release(context);
			context.dispose();
		}
	}

	/**
	 * Reduces the night with the tasks of {@code sc}; {@code context} plans and checks it on the driver
	 * (and runs the commands in local mode).
	 */
	public static NightPipeline.Result run(JavaSparkContext sc, Context context, NightPipeline.Settings s) throws IOException {
		s.engine = new SparkEngine(sc);
		if (sc.isLocal()) Workers.use(context);
		return NightPipeline.run(context, s);
	}

	/** Reduce Night's settings from its keys, every path checked through Hadoop's FileSystem API. */
	static NightPipeline.Settings settings(Map<String, String> keys, Configuration hadoop) {
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = path(hadoop, "input", keys.get("input"), true);
		s.output = path(hadoop, "output", keys.get("output"), false);
		s.config = keys.containsKey("config") ? path(hadoop, "config", keys.get("config"), false) : null;
		s.reference = keys.getOrDefault("reference", "");
		return s;
	}

	/** The Hadoop configuration of {@code conf}: its spark.hadoop.* keys. */
	static Configuration hadoop(SparkConf conf) {
		Configuration c = new Configuration();
		for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) c.set(kv._1(), kv._2());
		return c;
	}

	/** Refuses a file system other than the local one (before anything connects to it). */
	private static void notMounted(String key, String value, String scheme) {
		if (!scheme.equals("file")) throw new IllegalArgumentException(key + ": " + value + " is on " + scheme + ":, but the tasks " +
			"read and write the night's files on a file system every node mounts (file:, e.g. NFS); staging through " + scheme +
			": is not supported yet");
	}

	/**
	 * A path as the pipeline's file, made absolute: it must be on a file system every node mounts ({@code file:}); with
	 * {@code directory} it must be a directory this JVM can list. One-line errors naming the key.
	 */
	static File path(Configuration hadoop, String key, String value, boolean directory) {
		if (value == null || value.isBlank()) throw new IllegalArgumentException(key + ": give a path (" + key + "=...)");
		Path p = new Path(value);
		String scheme = p.toUri().getScheme();
		if (scheme != null) notMounted(key, value, scheme);
		FileSystem fs;
		try {
			fs = p.getFileSystem(hadoop);
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException(key + ": cannot reach the file system of " + value + " (" + e.getMessage() + ")");
		}
		notMounted(key, value, fs.getScheme());
		if (directory) {
			try {
				FileStatus st = fs.getFileStatus(p);
				if (!st.isDirectory()) throw new IllegalArgumentException(key + ": " + value + " is not a directory");
				fs.listStatus(p);
			}
			catch (FileNotFoundException e) {
				throw new IllegalArgumentException(key + ": cannot read " + value + ": no such directory");
			}
			catch (IOException e) {
				throw new IllegalArgumentException(key + ": cannot read " + value + " (" + e.getMessage() + ")");
			}
		}
		// absolute: an executor on another node has another working directory
		return new File(p.toUri().getPath()).getAbsoluteFile();
	}
}
