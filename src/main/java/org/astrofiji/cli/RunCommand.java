package org.astrofiji.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.FitsReader;

import net.imglib2.RandomAccessibleInterval;

/**
 * {@code astro run "Label" 'k=v,...'}: what {@code fiji --headless --run} does (find the command by
 * class name or label, read the {@code k=v} list, run it, print its outputs), with three differences
 * that matter in batch jobs: values are checked against the parameters' limits and choices, an
 * unknown key is an error, and a failure prints one clear line and exits non-zero. No value is taken
 * from an earlier run.
 */
public final class RunCommand {

	private RunCommand() {}

	/**
	 * {@code astro run}: runs and prints in a {@link LeanContext} when it serves the command and the
	 * values need no SciJava converter, else in {@link Astro#commandContext()}; the same outputs,
	 * messages and exit code either way. Returns the process exit code.
	 */
	static int run(String name, String options, PrintStream out, PrintStream err) {
		// most commands read FITS: that is set up meanwhile; a failure here is the read's to report
		Thread prepare = new Thread(() -> {
			try {
				FitsReader.prepare();
			}
			catch (RuntimeException | LinkageError e) {
				// the read reports it
			}
		}, "astro-prepare");
		prepare.setDaemon(true);
		prepare.start();
		CommandInfo info = LeanContext.find(name);
		if (info != null) {
			try (Context lean = LeanContext.create()) {
				if (LeanContext.serves(lean, info) && convertsDirectly(info, options)) return run(lean, info, options, out, err);
			}
		}
		try (Context context = Astro.commandContext()) {
			return run(context, name, options, out, err);
		}
	}

	/** Runs and prints; returns the process exit code. */
	public static int run(Context context, String name, String options, PrintStream out, PrintStream err) {
		CommandInfo info;
		try {
			info = Commands.find(context.service(CommandService.class), name);
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 2;
		}
		return run(context, info, options, out, err);
	}

	private static int run(Context context, CommandInfo info, String options, PrintStream out, PrintStream err) {
		ConsoleProgress progress = new ConsoleProgress(err);
		// detached at the end: a context that runs several commands (the demo) would print each line once more per run
		Runnable detach = progress.attach(context);
		timing(err, "context ready");
		try {
			Map<String, Object> given = parse(options);
			List<String> frames = BatchRun.frames(info, given);
			if (frames != null) {
				progress.muted = true; // frames run side by side: one line per frame instead
				return BatchRun.run(context, info, given, frames, out, err);
			}
			Map<String, Object> inputs = Commands.convert(context, info, given);
			long t0 = System.nanoTime();
			Module module = Commands.run(context, info, inputs);
			progress.done();
			timing(err, "command done");
			print(Commands.outputs(module), outputUnset(module), out);
			err.printf(Locale.ROOT, "%s finished in %.2f s%n", info.getTitle(), (System.nanoTime() - t0) / 1e9);
			return 0;
		}
		catch (RuntimeException | IOException | OutOfMemoryError e) {
			progress.done();
			String msg = e instanceof OutOfMemoryError ? "out of memory (raise -Xmx with ASTRO_JAVA_OPTS)"
				: Commands.rootCause(e).getMessage();
			err.println("error: " + info.getTitle() + ": " + msg);
			if (Boolean.getBoolean("astrofiji.debug")) e.printStackTrace(err);
			return 1;
		}
		finally {
			detach.run();
		}
	}

	/**
	 * True unless a value (of one frame, for a batch) needs SciJava's converters; options that fail
	 * count as true: they fail the same way in any context.
	 */
	private static boolean convertsDirectly(CommandInfo info, String options) {
		try {
			Map<String, Object> given = parse(options);
			List<String> frames = BatchRun.frames(info, given);
			for (Map<String, Object> o : frames == null ? List.of(given) : BatchRun.perFrame(info, given, frames)) {
				if (Commands.convertsDirectly(info, o) == null) return false;
			}
			return true;
		}
		catch (RuntimeException | IOException e) {
			return true;
		}
	}

	/**
	 * With {@code -Dastrofiji.timing=true} (e.g. {@code ASTRO_JAVA_OPTS=-Dastrofiji.timing=true}), the
	 * JVM's uptime at each stage of a run on stderr: where start-up time goes.
	 */
	static void timing(PrintStream err, String stage) {
		if (Boolean.getBoolean("astrofiji.timing")) err.printf(Locale.ROOT, "timing: %s at %.3f s%n", stage,
			java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
	}

	/**
	 * Reads {@code key=value,key="value, with commas",flag=true}: SciJava's syntax (strings in double
	 * quotes), with quotes optional for values without commas.
	 */
	public static Map<String, Object> parse(String options) {
		Map<String, Object> map = new LinkedHashMap<>();
		if (options == null) return map;
		int i = 0, n = options.length();
		while (i < n) {
			while (i < n && (options.charAt(i) == ',' || Character.isWhitespace(options.charAt(i)))) i++;
			if (i >= n) break;
			int eq = options.indexOf('=', i);
			if (eq < 0) throw new IllegalArgumentException("'" + options.substring(i) + "' is not key=value");
			String key = options.substring(i, eq).trim();
			i = eq + 1;
			StringBuilder value = new StringBuilder();
			if (i < n && options.charAt(i) == '"') {
				i++;
				while (i < n && options.charAt(i) != '"') {
					if (options.charAt(i) == '\\' && i + 1 < n) i++;
					value.append(options.charAt(i++));
				}
				if (i >= n) throw new IllegalArgumentException("unclosed quote in the value of " + key);
				i++;
			}
			else {
				while (i < n && options.charAt(i) != ',') value.append(options.charAt(i++));
			}
			map.put(key, value.toString().trim());
		}
		return map;
	}

	/** True when the command has an {@code output} file parameter and it was left empty. */
	private static boolean outputUnset(Module module) {
		return module.getInfo().getInput("output") != null && module.getInput("output") == null;
	}

	static void print(Map<String, Object> outputs, boolean outputUnset, PrintStream out) {
		for (Map.Entry<String, Object> e : outputs.entrySet()) {
			Object v = e.getValue();
			if (v == null || e.getKey().endsWith("_header")) continue;
			if (v instanceof Table) printTable((Table) v, out);
			else if (v instanceof AstroImage && !outputUnset) out.println(e.getKey() + ": " + v);
			else if (v instanceof AstroImage) out.println(e.getKey() + ": " + v + " (give output=... to write it)");
			else if (v instanceof RandomAccessibleInterval) out.println(e.getKey() + ": " +
				Images.size((RandomAccessibleInterval<?>) v) + " image" + (outputUnset ? " (give output=... to write it)" : ""));
			else if (v instanceof String) out.println(v);
			else out.println(e.getKey() + " = " + v);
		}
	}

	/** A table as aligned text (long ones shortened). */
	static void printTable(Table t, PrintStream out) {
		int rows = t.rowCount(), shown = Math.min(rows, 40);
		out.println(t.title() + " (" + rows + " rows)");
		int[] w = new int[t.columns().size()];
		String[][] cells = new String[shown + 1][w.length];
		// values repeat down a column (a global background, one-pixel shapes): each formatted once
		Map<Double, String> formatted = new HashMap<>();
		for (int c = 0; c < w.length; c++) {
			String col = t.columns().get(c);
			cells[0][c] = col;
			for (int r = 0; r < shown; r++) {
				Object v = t.get(r, col);
				cells[r + 1][c] = v instanceof Double ? formatted.computeIfAbsent((Double) v, RunCommand::format) : v == null ? "" :
					v.toString();
			}
			for (String[] row : cells) w[c] = Math.max(w[c], row[c].length());
		}
		StringBuilder sb = new StringBuilder();
		for (String[] row : cells) {
			// right-aligned by hand: a String.format per cell cost a one-shot run ~50 ms (interpreted Formatter)
			for (int c = 0; c < w.length; c++) {
				if (c > 0) sb.append("  ");
				for (int pad = w[c] - row[c].length(); pad > 0; pad--) sb.append(' ');
				sb.append(row[c]);
			}
			sb.append(System.lineSeparator());
		}
		out.print(sb);
		if (rows > shown) out.println("... " + (rows - shown) + " more rows");
	}

	private static String format(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e12) return String.valueOf((long) d);
		return String.format(Locale.ROOT, "%.6g", d);
	}

	/** Describes a command's parameters for {@code astro help "Label"}. */
	static void describe(Context context, CommandInfo info, PrintStream out) {
		out.println(info.getTitle() + (info.getDescription() == null ? "" : ": " + info.getDescription()));
		out.println("  ImageJ macro: run(\"" + info.getTitle() + "...\", \"key=value ...\");");
		out.println("  headless:     ./astro run \"" + info.getTitle() + "\" 'key=value,...'");
		Map<String, Object> defaults = Commands.defaults(context, info);
		for (ModuleItem<?> item : Commands.parameters(info)) {
			StringBuilder sb = new StringBuilder("  ").append(item.getName());
			if (Commands.isImage(item)) sb.append(" (image)");
			else {
				Object d = defaults.get(item.getName());
				sb.append(" = ").append(d == null ? "" : d);
				if (item.getChoices() != null && !item.getChoices().isEmpty()) sb.append("  ").append(item.getChoices());
				if (item.getMinimumValue() != null || item.getMaximumValue() != null) sb.append("  [").append(
					item.getMinimumValue() == null ? "" : item.getMinimumValue()).append(" .. ").append(
						item.getMaximumValue() == null ? "" : item.getMaximumValue()).append(']');
			}
			out.println(sb);
			if (item.getDescription() != null) out.println("      " + item.getDescription());
		}
	}

	/** A command's parameters as the markdown key table of its page in docs/commands. */
	public static void markdown(Context context, CommandInfo info, PrintStream out) {
		Map<String, Object> defaults = Commands.defaults(context, info);
		long images = Commands.parameters(info).stream().filter(Commands::isImage).count();
		out.println("| key | default | meaning |");
		out.println("|---|---|---|");
		for (ModuleItem<?> item : Commands.parameters(info)) {
			String def;
			if (Commands.isImage(item)) def = images > 1 ? "an open image" : "active image";
			else {
				Object d = defaults.get(item.getName());
				def = d == null || d.toString().isEmpty() ? "" : "`" + org.astrofiji.command.Provenance.format(d) + "`";
			}
			StringBuilder meaning = new StringBuilder(item.getDescription() == null ? "" : item.getDescription());
			if (item.getChoices() != null && !item.getChoices().isEmpty()) meaning.append(" (").append(
				String.join(" | ", item.getChoices().stream().map(String::valueOf).toArray(String[]::new))).append(')');
			if (item.getMinimumValue() != null || item.getMaximumValue() != null) meaning.append(" [").append(
				item.getMinimumValue() == null ? "" : item.getMinimumValue()).append(" .. ").append(
					item.getMaximumValue() == null ? "" : item.getMaximumValue()).append(']');
			String units = Commands.units(item.getLabel());
			out.println("| `" + item.getName() + "` | " + def + " | " + (units.isEmpty() ? "" : "(" + units + ") ") +
				meaning.toString().replace("|", "\\|") + " |");
		}
	}

	/**
	 * Progress lines on stderr: one per tenth of the work, naming the stage. Status events arrive on
	 * SciJava's event thread, not always in order: a tenth already passed is not printed again.
	 */
	public static final class ConsoleProgress {

		private final PrintStream err;
		private int tenth = -1;
		volatile boolean muted;

		ConsoleProgress(PrintStream err) {
			this.err = err;
		}

		/**
		 * Receives the context's status events from now on: from its EventService, or, in a lean context,
		 * from its {@link DirectStatusService}. The returned action stops that.
		 */
		Runnable attach(Context context) {
			EventService events = context.getService(EventService.class);
			if (events != null) {
				List<EventSubscriber<?>> subscribers = events.subscribe(this);
				return () -> events.unsubscribe(subscribers);
			}
			DirectStatusService status = context.service(DirectStatusService.class);
			status.listen(this::onStatus);
			return () -> status.listen(e -> {});
		}

		@EventHandler
		public synchronized void onStatus(StatusEvent e) {
			if (muted || e.getProgressMaximum() <= 0 || e.getStatusMessage() == null) return;
			if (tenth < 0) timing(err, "first progress (input read, computing)");
			int t = (int) (10L * e.getProgressValue() / e.getProgressMaximum());
			if (t <= tenth) return;
			tenth = t;
			err.printf(Locale.ROOT, "  [%3d%%] %s%n", 10 * t, e.getStatusMessage());
		}

		synchronized void done() {
			tenth = -1;
		}
	}
}
