package org.astrofiji.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One row of the whole-process table: {@code ./astro run "Label" 'options'} beside the Python script a
 * user would write for the same job on the same files, each a whole process (JVM or interpreter start,
 * imports, reading, computing, writing), timed alternately, with their peak resident memory.
 */
final class ProcessEntry {

	interface Setup {
		Run prepare(Inputs in) throws Exception;
	}

	/** The command line of each side. */
	static final class Run {

		final String label, options;
		final List<String> python = new ArrayList<>();
		/** Further runs of the Python side (one per frame, after {@link #python}), each a whole process. */
		final List<List<String>> morePython = new ArrayList<>();
		final Map<String, String> astroEnv = new LinkedHashMap<>();
		/** Output files removed before every run of either side (see {@link #fresh}). */
		final List<File> fresh = new ArrayList<>();
		String pythonName = "";
		/** Why there is no Python side (a peer that cannot be installed here), or null. */
		String noPeer;

		private Run(String label, String options) {
			this.label = label;
			this.options = options;
		}

		/** {@code ./astro run "label" 'options'}. */
		static Run astro(String label, String options) {
			return new Run(label, options);
		}

		/** The Python side: {@code src/test/bench/<script>.py args}, shown as {@code name}. */
		Run python(String name, String script, String... args) {
			pythonName = name;
			python.add(script + ".py");
			python.addAll(Arrays.asList(args));
			return this;
		}

		/**
		 * The Python side run once per frame, as a user's batch job runs a script per file: {@code
		 * src/test/bench/<script>.py} with the arguments {@code args} gives for each frame.
		 */
		Run pythonPerFrame(String name, String script, List<File> frames, Function<File, List<String>> args) {
			python(name, script, args.apply(frames.get(0)).toArray(new String[0]));
			for (File f : frames.subList(1, frames.size())) {
				List<String> more = new ArrayList<>();
				more.add(script + ".py");
				more.addAll(args.apply(f));
				morePython.add(more);
			}
			return this;
		}

		/**
		 * No Python side: only {@code ./astro run} is timed, with its peak memory ({@code why} says why, e.g.
		 * the peer cannot be installed here).
		 */
		Run noPeer(String why) {
			noPeer = why;
			return this;
		}

		/**
		 * Output files to remove before every run of either side, so that both write new files: replacing
		 * an existing file is not the same work on both sides (astropy's {@code overwrite=True} deletes it,
		 * then writes; {@code ./astro run} writes a new file and renames it over the old one, which ext4
		 * answers by starting to write the new file back to disk, ~0.1-0.2 s for 192 MB).
		 */
		Run fresh(File... outputs) {
			fresh.addAll(Arrays.asList(outputs));
			return this;
		}

		/** An environment variable of the {@code ./astro} side (e.g. ASTRO_JAVA_OPTS). */
		Run env(String key, String value) {
			astroEnv.put(key, value);
			return this;
		}
	}

	/** The machine's floor for the job, measured in the bench JVM: the least any program must spend. */
	interface Floor {

		Result measure(Inputs in) throws Exception;

		/** The floor in seconds and what it is made of. */
		final class Result {

			final double seconds;
			final String parts;

			Result(double seconds, String parts) {
				this.seconds = seconds;
				this.parts = parts;
			}
		}
	}

	/**
	 * A floor that is a process of its own: timed once in every round of the samples, after ours and
	 * before the script, so that it meets the machine's load as they do (a floor timed after the samples
	 * can land in a quieter or busier minute than they did).
	 */
	static final class RoundFloor {

		interface Once {

			double seconds(Inputs in) throws Exception;
		}

		final String parts;
		final Once once;

		RoundFloor(String parts, Once once) {
			this.parts = parts;
			this.once = once;
		}
	}

	final String name, input;
	final Setup setup;
	int samples = 5;
	Floor floor;
	RoundFloor roundFloor;

	ProcessEntry(String name, String input, Setup setup) {
		this.name = name;
		this.input = input;
		this.setup = setup;
	}

	ProcessEntry samples(int n) {
		samples = n;
		return this;
	}

	ProcessEntry floor(Floor f) {
		floor = f;
		return this;
	}

	ProcessEntry floor(RoundFloor f) {
		roundFloor = f;
		return this;
	}

	boolean matches(String[] filters) {
		return filters.length == 0 || Arrays.stream(filters).anyMatch(f -> Bench.contains(name + " " + input, f));
	}
}
