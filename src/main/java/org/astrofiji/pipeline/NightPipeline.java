package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.core.composite.Filters;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.stats.Select;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.OutputFiles;

/**
 * The night pipeline: from a directory of raw frames to calibrated, cleaned, measured, aligned and
 * combined frames, photometry, transient candidates, colours, a colour picture and a report. Every step is an Astro Fiji
 * command run in this JVM ({@link StepRunner}) on files laid out by {@link NightLayout}, with the
 * settings of {@link PipelineConfig}; the per-frame steps run in parallel over frames
 * ({@link FrameScheduler}). The plan ({@link NightPlan}) and the calls ({@link NightSteps}) are
 * separate from this local scheduling, so another engine ({@link Settings#engine}: Spark, in the
 * module {@code spark/}) runs the same calls, with the same decisions, outputs and report.
 * <p>
 * Order: calibration (one call; on an engine Master Calibration's parts: each master, then each frame
 * reduced, then the summary), then per frame cosmic rays, background and stars, then per frame the
 * PSF model (a frame without one goes on); the alignment reference (the frame of the reference epoch
 * with the most stars) and the alignment of every frame (one call); per frame photometry at the reference stars; per filter and epoch the combined frame;
 * with a reference epoch, per filter each other epoch's combined frame minus the reference epoch's
 * (transient candidates); the colour-magnitude diagram and the colour composite of the reference (else first) epoch; the
 * report, {@code run.log} and {@code replay.ijm}. A frame that fails a step is reported and left out
 * of the later steps; the others go on.
 */
public final class NightPipeline {

	/**
	 * Calls of the calibration's reduced frames per task slot of an engine: a few per slot still balance
	 * the slots, and each call reads the masters once for its frames (a call per frame cost the 200-frame
	 * night of 256x256 ~10 s more on Spark local[2]).
	 */
	static final int FRAME_PARTS_PER_SLOT = 4;

	/** What to reduce, where, and how. */
	public static final class Settings {

		public File input, output, config;
		/** The reference epoch: "" (none), "first" or an epoch label. */
		public String reference = "";
		/** Progress lines (null: none). */
		public Consumer<String> console;
		/** Called before each command call (tests inject failures). */
		StepRunner.Hook hook;
		/** What runs the command calls: null for this JVM (all cores), else another engine (a Spark cluster). */
		public StepEngine engine;
	}

	/** What a run did. */
	public static final class Result {

		public final NightPlan plan;
		public final NightLayout layout;
		/** Frames that failed a step after classification: name to "step: reason". */
		public final Map<String, String> failed = new ConcurrentHashMap<>();
		/** Steps of the night not done, and why (no darks, one filter, ...). */
		public final List<String> notes = new ArrayList<>();
		/** Night steps that failed: step to reason. */
		public final Map<String, String> stepFailures = new LinkedHashMap<>();
		/** The calls that succeeded (ran or were up to date), in plan order. */
		final List<StepCall> calls = new ArrayList<>();
		String referenceEpoch = "", cmdEpoch = "";
		NightFrame referenceFrame;
		List<String> rgb = List.of();
		public int ran, upToDate;

		Result(NightPlan plan, NightLayout layout) {
			this.plan = plan;
			this.layout = layout;
		}

		/** True when every frame was used and every step that applies succeeded. */
		public boolean complete() {
			return plan.skipped().isEmpty() && failed.isEmpty() && stepFailures.isEmpty();
		}

		/** The frame used as the alignment and photometry reference, or null. */
		public NightFrame referenceFrame() {
			return referenceFrame;
		}

		/** Science frames that went through every step. */
		public List<NightFrame> processed() {
			List<NightFrame> out = new ArrayList<>();
			for (NightFrame f : plan.science()) if (!failed.containsKey(f.name)) out.add(f);
			return out;
		}

		/** One row per input file: how it was classified, and used or skipped (why). */
		public Table frames() {
			Table t = new Table("Reduce Night frames", "file", "type", "filter", "epoch", "exptime", "size", "status", "note");
			for (NightFrame f : plan.frames()) {
				String status = !f.isUsed() ? "skipped" : failed.containsKey(f.name) ? "failed" : "used";
				String note = !f.isUsed() ? f.skipReason() : failed.getOrDefault(f.name, "");
				t.addRow(f.name, f.type == null ? "" : f.type.label, f.type == Type.FLAT || f.isScience() ? f.filterLabel() : "",
					f.epoch(), f.exptime, f.width == 0 ? "" : f.size(), status, note);
			}
			return t;
		}

		public String summary() {
			StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Reduce Night of %s: %s; %d of %d science frames processed",
				plan.input(), plan, processed().size(), plan.science().size()));
			sb.append(String.format(Locale.ROOT, "; %d commands ran, %d up to date", ran, upToDate));
			for (NightFrame f : plan.skipped()) sb.append("\n  skipped ").append(f.name).append(": ").append(f.skipReason());
			for (NightFrame f : plan.science()) if (failed.containsKey(f.name)) sb.append("\n  failed ").append(f.name).append(": ").append(
				failed.get(f.name));
			for (Map.Entry<String, String> e : stepFailures.entrySet()) sb.append("\n  step failed: ").append(e.getKey()).append(": ")
				.append(e.getValue());
			for (String n : notes) sb.append("\n  note: ").append(n);
			sb.append("\nreport: ").append(layout.report());
			return sb.toString();
		}
	}

	private final Context context;
	private final Settings s;
	private final PipelineConfig config;
	private final RunLog log;
	private Result result;
	private StepRunner runner;
	/** The frames that failed a step (the result's map: the report reads it). */
	private Map<String, String> failed;

	private NightPipeline(Context context, Settings s, PipelineConfig config) {
		this.context = context;
		this.s = s;
		this.config = config;
		this.log = new RunLog(s.console);
	}

	/**
	 * Reduces the night. Everything that can be checked (the config's keys, the input, the reference
	 * epoch, the output directory) is checked before the first command runs.
	 */
	public static Result run(Context context, Settings s) throws IOException {
		PipelineConfig config = PipelineConfig.read(s.config);
		config.validate(context, NightSteps.ALL);
		NightPlan plan = NightPlan.of(s.input, selection(context, config));
		NightPipeline p = new NightPipeline(context, s, config);
		String reference = plan.referenceEpoch(s.reference);
		File out = prepareOutput(s.input, s.output);
		p.result = new Result(plan, new NightLayout(out, plan.epochs().size() > 1));
		p.result.referenceEpoch = reference;
		p.failed = p.result.failed;
		p.runner = new StepRunner(context, p.result.layout.state(), p.log, s.hook);
		try {
			p.run();
		}
		finally {
			p.log.write(p.result.layout.runLog());
		}
		return p.result;
	}

	private void run() throws IOException {
		NightLayout layout = result.layout;
		log.note("Reduce Night: " + result.plan + "; output " + layout.root());
		for (NightFrame f : result.plan.skipped()) log.note("skipped " + f.name + ": " + f.skipReason());
		calibrate();
		List<NightFrame> science = result.plan.science();
		List<List<StepCall>> frameCalls = new ArrayList<>();
		for (NightFrame f : science) frameCalls.add(NightSteps.frame(f, config, layout));
		forEach("cosmic rays, background, stars", science, f -> NightSteps.frame(f, config, layout), failed);
		for (int i = 0; i < science.size(); i++) succeeded(science.get(i), frameCalls.get(i));
		psf(science);
		align();
		if (result.referenceFrame != null) {
			List<StepCall> phot = new ArrayList<>();
			for (NightFrame f : science) phot.add(NightSteps.photometry(f, result.referenceFrame, config, layout));
			forEach("photometry", science, f -> List.of(NightSteps.photometry(f, result.referenceFrame, config, layout)), failed);
			for (int i = 0; i < science.size(); i++) succeeded(science.get(i), List.of(phot.get(i)));
		}
		combine();
		subtract();
		colours();
		NightReport.write(result, context);
		writeReplay();
		log.note(String.format(Locale.ROOT, "Reduce Night finished in %s: %d of %d science frames processed; report %s",
			NightSteps.seconds(log.elapsed()), result.plan.science().size() - failed.size(), result.plan.science().size(), layout.report()));
	}

	/**
	 * The PSF model of every frame. A frame whose PSF cannot be modelled (too few stars) goes on to the
	 * later steps without one; the failure is reported as a failed step.
	 */
	private void psf(List<NightFrame> science) {
		Map<String, String> state = new ConcurrentHashMap<>(failed);
		forEach("PSF", science, f -> List.of(NightSteps.psf(f, config, result.layout)), state);
		for (NightFrame f : science) {
			if (failed.containsKey(f.name)) continue;
			if (state.containsKey(f.name)) result.stepFailures.put(NightSteps.PSF.label + " " + f.stem(), state.get(f.name)
				.replaceFirst("^" + NightSteps.PSF.label + ": ", ""));
			else result.calls.add(NightSteps.psf(f, config, result.layout));
		}
	}

	/**
	 * Runs every frame's calls (frames not yet in {@code failed}): here on all threads, one frame per
	 * thread ({@link FrameScheduler}), or as the engine's units; failures go into {@code failed}.
	 */
	private void forEach(String stage, List<NightFrame> frames, Function<NightFrame, List<StepCall>> calls, Map<String, String> failed) {
		if (s.engine == null) {
			FrameScheduler.forEach(stage, frames, f -> runAll(calls.apply(f)), log, failed);
			return;
		}
		List<NightFrame> todo = new ArrayList<>();
		List<List<StepCall>> units = new ArrayList<>();
		for (NightFrame f : frames) {
			if (failed.containsKey(f.name)) continue;
			todo.add(f);
			units.add(calls.apply(f));
		}
		if (units.isEmpty()) return;
		log.note(stage + ": " + units.size() + " frames on " + s.engine);
		List<StepEngine.Outcome> outcomes = s.engine.run(stage, result.layout, units, true);
		for (int i = 0; i < todo.size(); i++) {
			StepEngine.Outcome o = absorb(outcomes.get(i));
			if (o.failed()) failed.put(todo.get(i).name, o.message.equals(FrameScheduler.OUT_OF_MEMORY) ? o.message : o.failure());
		}
	}

	/** One call: here, or as a unit of the engine; a failure is thrown with the command's message, as the local runner does. */
	private void call(StepCall c) {
		if (s.engine == null) {
			count(runner.run(c));
			return;
		}
		StepEngine.Outcome o = absorb(s.engine.run(c.kind.label + " " + c.target, result.layout, List.of(List.of(c)), false).get(0));
		if (o.failed()) throw new IllegalArgumentException(o.message);
	}

	/** An engine unit's counts and log lines into the run's. */
	private synchronized StepEngine.Outcome absorb(StepEngine.Outcome o) {
		result.ran += o.ran;
		result.upToDate += o.upToDate;
		log.append(o.log(), o.startMillis);
		return o;
	}

	/** Runs the calls of one frame in order, counting them. */
	private void runAll(List<StepCall> calls) {
		for (StepCall c : calls) {
			try {
				count(runner.run(c));
			}
			catch (RuntimeException e) {
				throw new IllegalArgumentException(c.kind.label + ": " + e.getMessage(), e);
			}
		}
	}

	private synchronized void count(StepRunner.Outcome o) {
		if (o == StepRunner.Outcome.RAN) result.ran++;
		else result.upToDate++;
	}

	/** Keeps a frame's calls for the replay when the frame came through them. */
	private void succeeded(NightFrame f, List<StepCall> calls) {
		if (!failed.containsKey(f.name)) result.calls.addAll(calls);
	}

	/**
	 * Masters and reduced frames: here in one call ({@link NightSteps#calibration}: the masters stay in
	 * memory for the frames); on an engine as Master Calibration's parts ({@link NightSteps#calibrationParts}),
	 * group after group, the calls of a group side by side as the engine's units. The products are the
	 * same byte for byte. A frame the command refuses (it names the file) is left out and the
	 * calibration repeated without it.
	 */
	private void calibrate() {
		for (int attempt = 0;; attempt++) {
			List<List<StepCall>> groups;
			if (s.engine == null) {
				groups = List.of(List.of(NightSteps.calibration(result.plan, config, result.layout)));
				log.note("calibration: masters and " + result.plan.science().size() + " reduced frames");
			}
			else {
				groups = NightSteps.calibrationParts(result.plan, config, result.layout, FRAME_PARTS_PER_SLOT * s.engine.slots());
				int calls = 0;
				for (List<StepCall> g : groups) calls += g.size();
				log.note("calibration: " + calls + " parts (masters, " + result.plan.science().size() + " reduced frames, summary)");
			}
			try {
				for (List<StepCall> g : groups) calibrate(g);
				for (List<StepCall> g : groups) result.calls.addAll(g);
				return;
			}
			catch (RuntimeException e) {
				String culprit = culprit(e.getMessage());
				if (culprit == null || result.plan.science().size() <= 1) throw new IllegalArgumentException("Master Calibration: " +
					e.getMessage(), e);
				log.note("calibration: leaving out " + culprit + ": " + e.getMessage());
				NightPlan without = result.plan.without(culprit, "Master Calibration: " + e.getMessage());
				Result r = new Result(without, result.layout);
				r.referenceEpoch = result.referenceEpoch;
				r.ran = result.ran;
				r.upToDate = result.upToDate;
				result = r;
				failed = r.failed;
			}
		}
	}

	/**
	 * One group of calibration calls, independent of each other: a single call as {@link #call}; else
	 * (parts, on an engine) one unit each, the reduced frames on one thread each, the masters on all of
	 * their executor's. Throws the first failure in plan order.
	 */
	private void calibrate(List<StepCall> group) {
		if (group.size() == 1) {
			call(group.get(0));
			return;
		}
		boolean frames = false;
		String first = group.get(0).target; // "master_dark_60s" names the darks' stage "master_dark"
		for (NightFrame f : result.plan.science()) {
			String label = MasterCalibration.reducedLabel(f.name);
			frames |= first.equals(label) || first.startsWith(label + "..");
		}
		String stage = "calibration: " + (frames ? "reduced frames" : first.replaceAll("_[^_]*$", ""));
		List<List<StepCall>> units = new ArrayList<>();
		for (StepCall c : group) units.add(List.of(c));
		log.note(stage + ": " + units.size() + " calls on " + s.engine);
		String problem = null;
		for (StepEngine.Outcome o : s.engine.run(stage, result.layout, units, frames)) {
			absorb(o);
			if (o.failed() && problem == null) problem = o.message;
		}
		if (problem != null) throw new IllegalArgumentException(problem);
	}

	/** The used frame a message names (the longest name that occurs in it), or null. */
	private String culprit(String message) {
		String best = null;
		if (message == null) return null;
		for (NightFrame f : result.plan.frames()) {
			if (f.isUsed() && message.contains(f.name) && (best == null || f.name.length() > best.length())) best = f.name;
		}
		return best;
	}

	/** The reference frame (most stars in the reference epoch), then every frame aligned onto it. */
	private void align() throws IOException {
		NightLayout layout = result.layout;
		String epoch = result.referenceEpoch.isEmpty() ? result.plan.epochs().get(0) : result.referenceEpoch;
		result.cmdEpoch = epoch;
		NightFrame best = null;
		int most = -1;
		for (NightFrame f : ok()) {
			if (!f.epoch().equals(epoch)) continue;
			int n = CsvTables.read(layout.stars(f)).rowCount();
			if (n > most) {
				most = n;
				best = f;
			}
		}
		if (best == null) {
			result.stepFailures.put("Align Images", "no frame of epoch " + shown(epoch) + " came through the earlier steps");
			for (NightFrame f : ok()) failed.put(f.name, "Align Images: no reference frame");
			return;
		}
		result.referenceFrame = best;
		log.note("alignment: " + ok().size() + " frames onto " + best.name + " (" + most + " stars)");
		while (!ok().isEmpty()) {
			StepCall c = NightSteps.align(ok(), best, config, layout);
			long started = System.currentTimeMillis() - 1000;
			try {
				call(c);
				result.calls.add(c);
				return;
			}
			catch (RuntimeException e) {
				File t = layout.transforms();
				Table table = t.isFile() && t.lastModified() >= started ? CsvTables.read(t) : null;
				int before = failed.size();
				for (NightFrame f : ok()) {
					String why = table == null ? e.getMessage() : alignmentProblem(table, f);
					if (why != null) failed.put(f.name, "Align Images: " + why);
				}
				if (failed.size() == before) {
					result.stepFailures.put("Align Images", e.getMessage());
					return;
				}
			}
		}
	}

	/** Why a frame's row in the transforms table is not "ok", or null when it is. */
	private static String alignmentProblem(Table t, NightFrame f) {
		for (int r = 0; r < t.rowCount(); r++) {
			if (t.getString(r, "frame").startsWith(f.stem() + "_sky")) {
				String status = t.getString(r, "status");
				return status.equals("ok") ? null : status.replaceFirst("^failed: ", "");
			}
		}
		return "not in the transforms table";
	}

	/** The combined frame of every filter and epoch that has aligned frames. */
	private void combine() {
		for (String filter : result.plan.filters()) {
			for (String epoch : result.plan.epochs()) {
				List<NightFrame> frames = new ArrayList<>();
				for (NightFrame f : result.plan.group(filter, epoch)) if (!failed.containsKey(f.name)) frames.add(f);
				if (frames.isEmpty()) continue;
				StepCall c = NightSteps.combine(filter, epoch, frames, config, result.layout);
				log.note("combining " + frames.size() + " frames of " + NightSteps.group(filter, epoch));
				night(c);
			}
		}
	}

	/**
	 * Each epoch's combined frame minus the reference epoch's, per filter (only filters observed at the
	 * reference epoch and another): the transient candidates.
	 */
	private void subtract() {
		String ref = result.referenceEpoch;
		if (ref.isEmpty()) return;
		for (String filter : result.plan.filters()) {
			if (!result.layout.combined(filter, ref).isFile()) continue;
			for (String epoch : result.plan.epochs()) {
				if (epoch.equals(ref) || !result.layout.combined(filter, epoch).isFile()) continue;
				log.note("subtracting " + NightSteps.group(filter, ref) + " from " + NightSteps.group(filter, epoch));
				night(NightSteps.subtraction(filter, epoch, ref, config, result.layout));
			}
		}
	}

	/** The colour-magnitude diagram (two or three filters) and the composite (three) of the reference epoch. */
	private void colours() throws IOException {
		List<String> filters = new ArrayList<>();
		for (String f : result.plan.filters()) if (result.layout.combined(f, result.cmdEpoch).isFile()) filters.add(f);
		if (result.referenceFrame == null) return;
		if (filters.size() < 2) result.notes.add("colour-magnitude diagram: needs two filters; epoch " + shown(result.cmdEpoch) +
			" has " + (filters.isEmpty() ? "none" : "one" + filterList(filters)));
		else night(NightSteps.cmd(filters.subList(0, Math.min(3, filters.size())), result.cmdEpoch, result.referenceFrame, config,
			result.layout));
		if (filters.size() < 3) {
			result.notes.add("colour composite: needs three filters; epoch " + shown(result.cmdEpoch) + " has " + filters.size() +
				filterList(filters));
			return;
		}
		int[] order = Filters.redGreenBlue(filters);
		List<String> rgb = new ArrayList<>();
		if (order != null) for (int i : order) rgb.add(filters.get(i));
		else rgb.addAll(List.of(filters.get(2), filters.get(1), filters.get(0)));
		if (filters.size() > 3) result.notes.add("colour composite: of " + NightSteps.and(rgb) + " (the night has " + filters.size() +
			" filters)");
		result.rgb = rgb;
		StringBuilder minimum = new StringBuilder();
		for (String f : rgb) minimum.append(minimum.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4g", skyPlus2Sigma(
			result.layout.combined(f, result.cmdEpoch))));
		night(NightSteps.composite(rgb, result.cmdEpoch, minimum.toString(), config, result.layout));
	}

	private static String filterList(List<String> filters) {
		List<String> shown = new ArrayList<>();
		for (String f : filters) shown.add(f.isEmpty() ? "no filter keyword" : f);
		return filters.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
	}

	/** The black point of a band: its median plus twice its robust standard deviation (1.4826 MAD). */
	static double skyPlus2Sigma(File combined) throws IOException {
		float[] v = FitsReader.readImage(combined.getPath()).data();
		float[] finite = new float[v.length];
		int n = 0;
		for (float x : v) if (!Float.isNaN(x)) finite[n++] = x;
		if (n == 0) return 0;
		double median = Select.median(finite, n);
		double mad = Select.mad(finite, n, median, new float[n]);
		return median + 2 * Medians.MAD_TO_SIGMA_ROUNDED * mad;
	}

	/** Runs a call over several frames; a failure is reported, and the night goes on. */
	private void night(StepCall c) {
		try {
			call(c);
			result.calls.add(c);
		}
		catch (RuntimeException e) {
			result.stepFailures.put(c.kind.label + " " + c.target, e.getMessage());
			log.note(c.kind.label + " " + c.target + " failed: " + e.getMessage());
		}
	}

	/** Science frames that have not failed. */
	private List<NightFrame> ok() {
		List<NightFrame> out = new ArrayList<>();
		for (NightFrame f : result.plan.science()) if (!failed.containsKey(f.name)) out.add(f);
		return out;
	}

	static String shown(String epoch) {
		return epoch.isEmpty() ? "(undated)" : epoch;
	}

	/** replay.ijm: every call that succeeded, as the macro lines that repeat them, in plan order. */
	private void writeReplay() throws IOException {
		StringBuilder sb = new StringBuilder();
		sb.append("// Replays the Reduce Night run into ").append(result.layout.root()).append(": every command it ran, in order,\n");
		sb.append("// with the parameters it ran with. Headless: ./astro macro replay.ijm\n");
		sb.append("setBatchMode(true);\n");
		List<StepCall> calls = new ArrayList<>(result.calls);
		for (StepCall c : calls) {
			File parent = c.outputs().isEmpty() ? null : c.outputs().get(0).getParentFile();
			if (parent != null) sb.append("File.makeDirectory(\"").append(escape(parent.getPath())).append("\");\n");
			sb.append(runner.macroLine(c)).append('\n');
			sb.append("close(\"*\");\n");
		}
		byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
		OutputFiles.write(result.layout.replay(), true, out -> out.write(bytes));
	}

	private static String escape(String s) {
		return s.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	/**
	 * The output directory, made if needed. It must not be the input, and if it holds files they must
	 * be an earlier run's (the pipeline's record folder), which this run resumes.
	 */
	static File prepareOutput(File input, File output) throws IOException {
		if (output == null || output.getPath().isEmpty()) throw new IllegalArgumentException("output: give a directory for the products");
		if (output.exists() && !output.isDirectory()) throw new IllegalArgumentException("output: " + output + " is a file, not a directory");
		if (output.getAbsoluteFile().toPath().normalize().equals(input.getAbsoluteFile().toPath().normalize())) {
			throw new IllegalArgumentException("output must not be the input directory " + input);
		}
		String[] there = output.list();
		if (there != null && there.length > 0 && !new File(output, NightLayout.STATE).isDirectory()) {
			throw new IllegalArgumentException("output: " + output + " holds files but no earlier Reduce Night run; give an empty or new directory");
		}
		Files.createDirectories(new File(new File(output, NightLayout.STATE), "steps").toPath());
		return output;
	}

	/** Master Calibration's selection keys: its defaults, then the config's. */
	static NightPlan.Selection selection(Context context, PipelineConfig config) {
		Map<String, Object> d = Commands.defaults(context, Commands.find(context.service(CommandService.class),
			NightSteps.CALIBRATION.label));
		Map<String, String> set = config.settings(NightSteps.CALIBRATION);
		NightPlan.Selection sel = new NightPlan.Selection();
		sel.imagetypKey = value("imagetyp_key", d, set);
		sel.filterKey = value("filter_key", d, set);
		sel.exptimeKey = value("exptime_key", d, set);
		sel.hdu = value("hdu", d, set);
		sel.scaleDarks = Boolean.parseBoolean(value("scale_darks", d, set));
		for (Type t : Type.values()) {
			sel.globs.put(t, value(t.key, d, set));
			sel.types.put(t, value(t.label + "_types", d, set));
		}
		return sel;
	}

	private static String value(String key, Map<String, Object> defaults, Map<String, String> set) {
		if (set.containsKey(key)) return set.get(key);
		Object v = defaults.get(key);
		return v == null ? "" : v.toString();
	}
}
