package org.astrofiji.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.io.OutputFiles;

/**
 * The session {@code ./astro spark} records into its class-data-sharing archive after a build
 * ({@code java -XX:ArchiveClassesAtExit=spark/target/astro-spark.jsa ... ReduceNightSpark --archive-training}):
 * a tiny simulated night reduced on Spark {@code local[2]}, so the classes of Spark's start, its jobs and the
 * night's commands are in the archive, parsed and verified, and the next JVM maps them instead of loading
 * them (Spark's start on {@code local[2]}: ~1-2 s less). The night's outcome does not matter: a step that
 * fails only leaves fewer classes in the archive.
 */
final class ArchiveTraining {

	private ArchiveTraining() {}

	/** Simulates and reduces the night in a temporary directory, then deletes it; returns 0. */
	static int run() throws IOException {
		File dir = Files.createTempDirectory("astro-spark-training").toFile();
		try {
			File raw = new File(dir, "raw");
			try (Context context = new Context(CommandService.class)) {
				Commands.run(context, "Simulate Observation", Map.of("output", raw.getPath(), "seed", "1", "width", "96", "height", "96", "stars",
					"25", "bias_frames", "2", "dark_frames", "2", "flat_frames", "2", "science_frames", "2", "epoch2_frames", "1"));
			}
			int status = ReduceNightSpark.run(new String[] { "--master", "local[2]", "input=" + raw, "output=" + new File(dir, "out"),
				"reference=first" }, new PrintStream(OutputStream.nullOutputStream()));
			System.err.println("training: the night on Spark local[2] exited with " + status);
		}
		finally {
			OutputFiles.deleteTree(dir.toPath());
		}
		return 0;
	}

}
