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
	/** The start on the wall clock, ms: lines of a log kept on another machine are put on this one's time. */
	private final long startMillis = System.currentTimeMillis();
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

	/**
	 * Lines another log recorded (a unit an engine ran elsewhere, which started at {@code startMillis} on
	 * the wall clock), with their times made times since this log's start.
	 */
	synchronized void append(List<String> more, long startMillis) {
		double offset = (startMillis - this.startMillis) / 1e3;
		for (String l : more) {
			int end = l.indexOf(" s  ");
			double t = end > 0 ? parse(l.substring(0, end)) : Double.NaN;
			lines.add(Double.isNaN(t) ? l : String.format(Locale.ROOT, "%9.2f", t + offset) + l.substring(end));
		}
	}

	private static double parse(String s) {
		try {
			return Double.parseDouble(s.trim());
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}

	long startMillis() {
		return startMillis;
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
