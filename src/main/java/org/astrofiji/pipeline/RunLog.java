package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.astrofiji.io.OutputFiles;

/**
 * The record of a run: every command call with its macro line, what happened (ran, up to date,
 * failed) and its time, and the pipeline's progress and notes, in the order they happened. Lines go
 * to the console as they come and to {@code run.log} at the end (written whole, like every output).
 */
final class RunLog {

	private final long start = System.nanoTime();
	private final List<String> lines = new ArrayList<>();
	private final Consumer<String> console;

	RunLog(Consumer<String> console) {
		this.console = console == null ? s -> {} : console;
	}

	/** A command call: when it ended (s since the start), what happened, how long it took, its macro line. */
	synchronized void add(StepCall call, String line, String status, double seconds) {
		lines.add(String.format(Locale.ROOT, "%9.2f s  %-10s %8.2f s  %s", elapsed(), status.startsWith("failed") ? "failed" : status,
			seconds, line));
		if (status.startsWith("failed")) lines.add("             " + status);
	}

	/** A line of progress or a note, also shown on the console. */
	synchronized void note(String text) {
		lines.add(String.format(Locale.ROOT, "%9.2f s  # %s", elapsed(), text));
		console.accept(text);
	}

	/** Lines another log recorded (a unit an engine ran elsewhere), as they are. */
	synchronized void append(List<String> more) {
		lines.addAll(more);
	}

	synchronized List<String> lines() {
		return new ArrayList<>(lines);
	}

	double elapsed() {
		return (System.nanoTime() - start) / 1e9;
	}

	synchronized void write(File file) throws IOException {
		StringBuilder sb = new StringBuilder("# Reduce Night run log: seconds since the start, outcome, seconds taken, the command as an ImageJ macro line\n");
		for (String l : lines) sb.append(l).append('\n');
		byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
		OutputFiles.write(file, true, out -> out.write(bytes));
	}
}
