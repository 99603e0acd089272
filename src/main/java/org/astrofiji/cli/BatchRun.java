package org.astrofiji.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

import org.astrofiji.command.Commands;
import org.astrofiji.io.FitsPath;
import org.astrofiji.io.FrameFiles;

/**
 * {@code astro run "Label" 'input=/night/sci_*.fits,output=/out/{name}_clean.fits'}: one command over
 * many frames in one JVM, so a batch job pays the start-up once instead of once per frame.
 * <p>
 * A batch is a run whose {@code input} holds a glob in its file name or a list ({@code
 * input="a.fits,b.fits"}). Each frame runs the command with the other keys unchanged, except output
 * files: {@code {name}} in any file key is the frame's file name without its FITS extension, and an
 * {@code output} that is a folder (existing, or ending in {@code /}) receives each result under the
 * frame's own file name. An output file key naming one file for several frames is refused before any
 * work. Frames run one after the other, each command multi-threaded ({@link #concurrentFrames});
 * their printed outputs come in the frames' order. A frame that fails is reported and the others still run;
 * the exit status is then 1 and the last line names the failures.
 */
final class BatchRun {

	/** The pattern a file key's value may hold: the frame's file name without its FITS extension. */
	static final String NAME = "{name}";

	private BatchRun() {}

	/**
	 * The frames of a batch run: the files {@code input} names when it holds a glob or a list, else
	 * null (a plain one-frame run).
	 */
	static List<String> frames(CommandInfo info, Map<String, Object> options) throws IOException {
		Object in = options.get("input");
		ModuleItem<?> item = info.getInput("input");
		if (!(in instanceof String) || item == null || item.getType() != File.class) return null;
		String value = (String) in;
		String fileName = new File(value).getName();
		if (!value.contains(",") && !fileName.contains("*") && !fileName.contains("?")) return null;
		return FrameFiles.expand("input", value);
	}

	/**
	 * Frames processed at once: one by default (each command already uses every core; on 2 cores, ten
	 * M13 frames through L.A.Cosmic took 9.3 s one at a time against 13.3 s two at a time, and twice the
	 * memory), more with {@code -Dastrofiji.frames=N}.
	 */
	static int concurrentFrames(int frames) {
		int n = Integer.getInteger("astrofiji.frames", 1);
		return Math.max(1, Math.min(frames, n));
	}

	/** Runs the command on every frame; returns the exit status (0 all done, 1 some failed, 2 bad options). */
	static int run(Context context, CommandInfo info, Map<String, Object> options, List<String> frames, PrintStream out,
		PrintStream err)
	{
		String label = info.getTitle();
		List<Map<String, Object>> runs = new ArrayList<>();
		try {
			// every frame's values converted and checked before any work: a bad key fails once, not per frame
			for (Map<String, Object> o : perFrame(info, options, frames)) runs.add(Commands.convert(context, info, o));
		}
		catch (RuntimeException e) {
			err.println("error: " + label + ": " + Commands.rootCause(e).getMessage());
			return 1;
		}
		int workers = concurrentFrames(frames.size());
		err.printf(Locale.ROOT, "%s: %d frames, %d at a time%n", label, frames.size(), workers);
		long t0 = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
			Thread t = new Thread(r, "astro-frame");
			t.setDaemon(true);
			return t;
		});
		List<Future<String>> results = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		try {
			for (int k = 0; k < frames.size(); k++) {
				int index = k;
				results.add(pool.submit(() -> {
					String printed = frame(context, info, runs.get(index));
					// One frame at a time: its frame-sized arrays are garbage now. G1 allocates them outside the young
					// generation and frees them only in a collection that the allocation of ~100 MB more triggers, so
					// ten L.A.Cosmic frames grew to ~2x one frame's peak memory; a full collection here (the live set
					// is the context, a few ms) keeps the process at about one frame's peak.
					if (workers == 1) System.gc();
					return printed;
				}));
			}
			for (int k = 0; k < frames.size(); k++) {
				String frame = frames.get(k);
				String printed;
				try {
					printed = results.get(k).get();
				}
				catch (Exception e) {
					if (e instanceof InterruptedException) Thread.currentThread().interrupt();
					Throwable c = e.getCause() == null ? e : e.getCause();
					String msg = c instanceof OutOfMemoryError ? "out of memory (raise -Xmx with ASTRO_JAVA_OPTS, or run fewer frames " +
						"at a time with -Dastrofiji.frames=1)" : Commands.rootCause(c).getMessage();
					err.println("error: " + label + ": " + frame + ": " + msg);
					failed.add(frame);
					continue;
				}
				out.print(printed);
				err.printf(Locale.ROOT, "  [%d/%d] %s done%n", k + 1, frames.size(), frame);
			}
		}
		finally {
			pool.shutdownNow();
		}
		err.printf(Locale.ROOT, "%s finished %d of %d frames in %.2f s%n", label, frames.size() - failed.size(), frames.size(),
			(System.nanoTime() - t0) / 1e9);
		if (failed.isEmpty()) return 0;
		err.println("error: " + label + ": " + failed.size() + " of " + frames.size() + " frames failed: " + String.join(", ",
			failed));
		return 1;
	}

	/** Runs one frame and returns what it prints. */
	private static String frame(Context context, CommandInfo info, Map<String, Object> inputs) {
		Module module = Commands.run(context, info, inputs);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream p = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		p.println("== " + inputs.get("input"));
		RunCommand.print(Commands.outputs(module), module.getInfo().getInput("output") != null && module.getInput(
			"output") == null, p);
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/** Each frame's options: {@code input} set to the frame, output files named after it. */
	static List<Map<String, Object>> perFrame(CommandInfo info, Map<String, Object> options, List<String> frames) {
		List<Map<String, Object>> runs = new ArrayList<>();
		Map<String, String> taken = new HashMap<>();
		for (String frame : frames) {
			Map<String, Object> o = new LinkedHashMap<>(options);
			o.put("input", frame);
			File file = FitsPath.parse(frame).file();
			for (ModuleItem<?> item : Commands.parameters(info)) {
				String key = item.getName();
				if (key.equals("input") || item.getType() != File.class || !(o.get(key) instanceof String)) continue;
				String v = (String) o.get(key);
				if (v.isEmpty()) continue;
				String named;
				if (v.contains(NAME)) named = v.replace(NAME, stem(file.getName()));
				else if (key.equals("output") && (v.endsWith("/") || new File(v).isDirectory())) named = new File(v, file.getName())
					.getPath();
				else if (isSave(item) && frames.size() > 1) throw new IllegalArgumentException(key + ": one file (" + v + ") for " +
					frames.size() + " frames; put " + NAME + " (the frame's file name) in it, e.g. " + key + "=" + new File(new File(v)
						.getParentFile(), NAME + "_" + new File(v).getName()).getPath() + (key.equals("output") ? ", or give a folder" : ""));
				else continue;
				String before = taken.put(key + "\u0000" + new File(named).getAbsolutePath(), frame);
				if (before != null) throw new IllegalArgumentException(key + ": frames " + before + " and " + frame + " would both write " +
					named);
				o.put(key, named);
			}
			runs.add(o);
		}
		return runs;
	}

	/** A file name without its FITS extension (.fits, .fit, .fts, with .gz or .fz). */
	static String stem(String fileName) {
		return fileName.replaceFirst("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "");
	}

	private static boolean isSave(ModuleItem<?> item) {
		String style = item.getWidgetStyle();
		return style != null && style.contains(FileWidget.SAVE_STYLE);
	}
}
