package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import org.astrofiji.command.Commands;
import org.astrofiji.io.OutputFiles;

/**
 * Runs the night's command calls in this JVM ({@link Commands#run}), each only when it is not up to
 * date: a call is up to date when all its outputs exist, none is older than any of its inputs, and it
 * last ran with the same parameters (its macro line, kept in the output's {@code .astro-night/steps}).
 * Every call is logged with its time as the ImageJ macro line that repeats it. Commands write their
 * files atomically, and a call's record is written only after it succeeded, so a run killed at any
 * moment leaves whole files and a rerun redoes exactly the calls that did not finish.
 */
final class StepRunner {

	/** Called before each call runs: tests inject failures here. */
	@FunctionalInterface
	interface Hook {
		void before(StepCall call) throws Exception;
	}

	/** What happened to a call. */
	enum Outcome { RAN, UP_TO_DATE }

	private final Context context;
	private final File stateDir;
	private final RunLog log;
	private final Hook hook;
	private final StepFiles files;
	private final Map<String, Map<String, Object>> defaults = new java.util.concurrent.ConcurrentHashMap<>();

	StepRunner(Context context, File stateDir, RunLog log, Hook hook) {
		this(context, stateDir, log, hook, StepFiles.LOCAL);
	}

	/** A runner whose calls find their files through {@code files} (an engine's staging). */
	StepRunner(Context context, File stateDir, RunLog log, Hook hook, StepFiles files) {
		this.context = context;
		this.stateDir = stateDir;
		this.log = log;
		this.hook = hook == null ? c -> {} : hook;
		this.files = files;
	}

	/** Runs the call unless it is up to date; a failure is rethrown with the command's message. */
	Outcome run(StepCall call) {
		String line = macroLine(call);
		File record = new File(stateDir, call.id().replaceAll("[^A-Za-z0-9_.+-]", "_") + ".txt");
		if (upToDate(line, record, call)) {
			log.add(call, line, "up to date", 0);
			return Outcome.UP_TO_DATE;
		}
		long t0 = System.nanoTime();
		try {
			hook.before(call);
			files.fetch(call, record);
			CommandInfo info = Commands.find(context.service(CommandService.class), call.kind.label);
			Map<String, Object> in = new LinkedHashMap<>(call.params());
			// the pipeline prints its own progress: the commands inside it stay quiet
			if (info.getInput("status") != null) in.put("status", null);
			Commands.run(context, info, Commands.convert(context, info, in));
			OutputFiles.write(record, true, out -> out.write(line.getBytes(StandardCharsets.UTF_8)));
			files.publish(call, record);
		}
		catch (RuntimeException e) {
			log.add(call, line, "failed: " + Commands.rootCause(e).getMessage(), seconds(t0));
			throw Commands.rootCause(e);
		}
		catch (Exception e) {
			log.add(call, line, "failed: " + e.getMessage(), seconds(t0));
			throw new IllegalStateException(e.getMessage(), e);
		}
		log.add(call, line, "ran", seconds(t0));
		return Outcome.RAN;
	}

	private static double seconds(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	/** The store's answer; a store it cannot reach answers no (the call runs). */
	private boolean upToDate(String line, File record, StepCall call) {
		try {
			return files.upToDate(call, line, record);
		}
		catch (IOException e) {
			return false;
		}
	}

	/** All outputs present, none older than an input, and the same parameters as last time. */
	static boolean upToDate(StepCall call, String line, File record) {
		try {
			if (!record.isFile() || !new String(Files.readAllBytes(record.toPath()), StandardCharsets.UTF_8).equals(line)) return false;
			FileTime oldest = null;
			for (File f : call.outputs()) {
				if (!f.isFile()) return false;
				FileTime t = Files.getLastModifiedTime(f.toPath());
				if (oldest == null || t.compareTo(oldest) < 0) oldest = t;
			}
			for (File f : call.inputs()) {
				if (!f.isFile() || oldest != null && Files.getLastModifiedTime(f.toPath()).compareTo(oldest) > 0) return false;
			}
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/**
	 * The ImageJ macro line that repeats the call: {@code run("Find Stars...", "input=[...] k=5");}.
	 * Booleans follow ImageJ's rule (present = true), so every boolean that is true, also by the
	 * command's default, is written, and false ones are left out.
	 */
	String macroLine(StepCall call) {
		CommandInfo info = Commands.find(context.service(CommandService.class), call.kind.label);
		Map<String, Object> defaults = this.defaults.computeIfAbsent(info.getTitle(), t -> Commands.defaults(context, info));
		StringBuilder sb = new StringBuilder();
		Map<String, String> params = call.params();
		for (ModuleItem<?> item : Commands.parameters(info)) {
			String key = item.getName();
			boolean bool = item.getType() == boolean.class || item.getType() == Boolean.class;
			String v = params.get(key);
			if (bool) {
				boolean on = v != null ? Boolean.parseBoolean(v.trim()) : Boolean.TRUE.equals(defaults.get(key));
				if (on) sb.append(sb.length() == 0 ? "" : " ").append(key);
			}
			else if (v != null) sb.append(sb.length() == 0 ? "" : " ").append(key).append('=').append(macroValue(v));
		}
		return "run(\"" + info.getTitle() + "...\", \"" + sb.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
	}

	/** A value as a macro option: in [] when it holds a space or is empty (ImageJ cannot nest brackets). */
	static String macroValue(String v) {
		return v.isEmpty() || v.contains(" ") ? "[" + v + "]" : v;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "step runner (%s)", stateDir);
	}
}
