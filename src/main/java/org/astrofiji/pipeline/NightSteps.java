package org.astrofiji.pipeline;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.io.CalibrationStore;

/**
 * The commands of the night pipeline and the calls it makes of them: per frame (a frame, the config
 * and the layout give the calls; nothing else is shared, so a distributed engine can run them as map
 * tasks) and per group of frames. The pipeline's defaults, where they differ from the commands', are
 * here and in docs/commands/reduce-night.md.
 */
public final class NightSteps {

	public static final StepKind CALIBRATION = StepKind.of("Master Calibration", "directory", "output", "reduced_output",
		"combine_science", "overwrite", "products");
	/** L.A.Cosmic with the thresholds the calibrated demo night needs (see remove_cosmic_rays_lacosmic.ijm). */
	public static final StepKind COSMICS = StepKind.of("Remove Cosmic Rays", "image", "input", "output", "overwrite", "table")
		.with("method", "lacosmic").with("border", "reflect").with("sigclip", "5.5").with("sigfrac", "0.5");
	public static final StepKind BACKGROUND = StepKind.of("Fit Background", "image", "input", "output", "overwrite", "csv", "result")
		.with("model", "mesh");
	/** The matched filter: single calibrated frames have uncorrelated noise, and faint frames show no star without it. */
	public static final StepKind STARS = StepKind.of("Find Stars", "image", "input", "output", "overwrite", "table_file",
		"regions_file", "plots").with("filter_type", "matched");
	/**
	 * Lauer (2002) PSF model of each background-subtracted frame, at the stars Find Stars found on it: on
	 * small or sparse fields the command's own pick (ProperImage's area, flux and crowding cuts) keeps
	 * too few stars (2 of 51 on the tests' 256x256 night; 7 from the star list). Its montage (not kept:
	 * the report draws its own) only at the centre, where a model of few stars is not extrapolated.
	 */
	public static final StepKind PSF = StepKind.of("Estimate PSF", "image", "input", "positions", "positions_format", "points",
		"model_file", "table_file", "overwrite").with("grid", "1");
	public static final StepKind ALIGN = StepKind.of("Align Images", "image", "reference", "reference_input", "frames", "output",
		"overwrite", "resample");
	public static final StepKind PHOTOMETRY = StepKind.of("Aperture Photometry", "image", "input", "positions", "positions_format",
		"table_file", "regions_file", "overwrite");
	public static final StepKind COMBINE = StepKind.of("Combine Frames", "stack", "files", "directory", "pattern", "hdu", "output",
		"overwrite");
	public static final StepKind CMD = StepKind.of("Colour-Magnitude Diagram", "image", "input", "image2", "input2", "image3",
		"input3", "positions", "positions_format", "bands", "align", "table_file", "regions_file", "overwrite");
	/** Lupton asinh; the black points are each band's sky + 2 sigma unless the config sets {@code rgb_composite.minimum}. */
	public static final StepKind COMPOSITE = StepKind.of("RGB Composite", "red", "green", "blue", "red_input", "green_input",
		"blue_input", "output", "stack_output", "overwrite", "align").with("method", "lupton").with("stretch", "400").with("q", "8");

	/**
	 * ZOGY of each epoch's combined frame minus the reference epoch's: both are already on one grid, so no
	 * alignment. Fitted Moffat PSFs: a Gaussian misses the wings of seeing-limited stars, and on the demo
	 * night its residuals around the bright stars were 55 false candidates at |S_corr| 5-14 (Moffat: 1).
	 */
	public static final StepKind SUBTRACTION = StepKind.of("Image Subtraction (ZOGY)", "image", "input", "reference", "reference_input",
		"model_reference", "model_new", "output", "table_file", "regions_file", "overwrite").with("align", "false").with("psf", "moffat");

	/** Every step, in the order they run. */
	public static final List<StepKind> ALL = List.of(CALIBRATION, COSMICS, BACKGROUND, STARS, PSF, ALIGN, PHOTOMETRY, COMBINE,
		SUBTRACTION, CMD, COMPOSITE);

	/** The steps each science frame goes through after calibration, before alignment. */
	public static final List<StepKind> FRAME_STEPS = List.of(COSMICS, BACKGROUND, STARS);

	private NightSteps() {}

	/**
	 * Masters, bad pixels and every science frame reduced: one call over the used frames (how this JVM
	 * runs the calibration: each master uses every thread, the frames share the masters in memory).
	 */
	static StepCall calibration(NightPlan plan, PipelineConfig config, NightLayout layout) {
		StepCall c = calibrationCall("night", plan, config, layout);
		for (Type t : Type.values()) for (NightFrame f : plan.used(t)) c.reads(new File(plan.input(), f.name));
		c.writes(new File(layout.masters(), CalibrationProducts.SUMMARY));
		for (NightFrame f : plan.science()) c.writes(layout.reduced(f));
		return c;
	}

	/**
	 * The calibration as Master Calibration's parts ({@code products}), for an engine that spreads calls
	 * over machines: groups that run one after the other, the calls of a group independent: the master
	 * bias; the master darks (one per exposure time); the master flats (one per filter); the bad-pixel
	 * mask; the science frames reduced (in {@code frameParts} calls of consecutive frames, or a call per
	 * frame when there are fewer frames or {@code frameParts} is 0); the summary. Every call has the whole
	 * night's parameters (the frames of every type), so its products are byte for byte those of
	 * {@link #calibration}; each reads the masters of the groups before it from the masters folder.
	 * Empty groups are left out. Each call sets up the command and reads the masters and the mask again
	 * (~0.1 s per call on the 200-frame night of 256x256, against ~0.03 s to reduce a frame), hence a few
	 * frames per call where the engine has fewer task slots than frames.
	 */
	static List<List<StepCall>> calibrationParts(NightPlan plan, PipelineConfig config, NightLayout layout, int frameParts) {
		File masters = layout.masters();
		List<File> raw = new ArrayList<>();
		for (Type t : Type.values()) for (NightFrame f : plan.used(t)) raw.add(new File(plan.input(), f.name));
		List<String> bias = new ArrayList<>(), darks = new ArrayList<>(), flats = new ArrayList<>();
		if (!plan.used(Type.BIAS).isEmpty()) bias.add(MasterCalibration.MASTER_BIAS);
		java.util.Map<Double, String> byTime = new java.util.TreeMap<>();
		for (NightFrame f : plan.used(Type.DARK)) byTime.put(Math.rint(f.exptime * 1000) / 1000, MasterCalibration.darkLabel(f.exptime));
		darks.addAll(byTime.values());
		for (NightFrame f : plan.used(Type.FLAT)) if (!flats.contains(MasterCalibration.flatLabel(f.filter))) flats.add(
			MasterCalibration.flatLabel(f.filter));
		List<List<StepCall>> groups = new ArrayList<>();
		List<File> made = new ArrayList<>();
		List<String> parts = new ArrayList<>();
		for (List<String> group : List.of(bias, darks, flats)) {
			if (group.isEmpty()) continue;
			List<StepCall> calls = new ArrayList<>();
			for (String label : group) {
				calls.add(calibrationPart(label, plan, config, layout).reads(raw).reads(made).writes(new File(masters,
					CalibrationProducts.file(label)), CalibrationStore.rowsFile(masters, label)));
			}
			for (String label : group) made.add(new File(masters, CalibrationProducts.file(label)));
			parts.addAll(group);
			groups.add(calls);
		}
		// the bad-pixel mask once (it scales the dark current to the longest science exposure), read back by the frames
		java.util.Map<String, String> set = config.settings(CALIBRATION);
		boolean hot = !darks.isEmpty() && Double.parseDouble(set.getOrDefault("hot_sigma", "5")) > 0;
		boolean dead = !flats.isEmpty() && Double.parseDouble(set.getOrDefault("dead_fraction", "0.5")) > 0;
		if (!darks.isEmpty() || !flats.isEmpty()) {
			StepCall bad = calibrationPart(MasterCalibration.BAD_PIXELS, plan, config, layout).reads(raw).reads(made)
				.writes(CalibrationStore.rowsFile(masters, MasterCalibration.BAD_PIXELS));
			if (hot || dead) {
				File mask = new File(masters, CalibrationProducts.file(MasterCalibration.BAD_PIXELS));
				bad.writes(mask);
				made.add(mask);
			}
			parts.add(MasterCalibration.BAD_PIXELS);
			groups.add(List.of(bad));
		}
		List<StepCall> frames = new ArrayList<>();
		List<NightFrame> science = plan.science();
		int n = science.size(), calls = frameParts <= 0 ? n : Math.min(n, frameParts);
		for (int k = 0; k < calls; k++) {
			// consecutive frames, the first n % calls calls one frame more
			List<NightFrame> chunk = science.subList(k * (n / calls) + Math.min(k, n % calls), (k + 1) * (n / calls) + Math.min(k + 1,
				n % calls));
			List<String> labels = new ArrayList<>();
			for (NightFrame f : chunk) labels.add(MasterCalibration.reducedLabel(f.name));
			String target = labels.size() == 1 ? labels.get(0) : labels.get(0) + ".." + labels.get(labels.size() - 1);
			StepCall c = calibrationCall(target, plan, config, layout).set("products", String.join(",", labels)).reads(raw).reads(made);
			for (int i = 0; i < chunk.size(); i++) c.writes(layout.reduced(chunk.get(i)), CalibrationStore.rowsFile(masters, labels.get(i)));
			frames.add(c);
			parts.addAll(labels);
		}
		if (!frames.isEmpty()) groups.add(frames);
		StepCall summary = calibrationPart(MasterCalibration.SUMMARY, plan, config, layout).reads(raw).reads(made);
		for (String part : parts) summary.reads(CalibrationStore.rowsFile(masters, part));
		groups.add(List.of(summary.writes(new File(masters, CalibrationProducts.SUMMARY))));
		return groups;
	}

	/** One part of the calibration: the night's call, making only {@code label}. */
	private static StepCall calibrationPart(String label, NightPlan plan, PipelineConfig config, NightLayout layout) {
		return calibrationCall(label, plan, config, layout).set("products", label);
	}

	/** Master Calibration over the night's used frames (named {@code target}), without its files' records. */
	private static StepCall calibrationCall(String target, NightPlan plan, PipelineConfig config, NightLayout layout) {
		StepCall c = StepCall.of(CALIBRATION, target, config).set("directory", plan.input()).set("imagetyp_key", "")
			.set("output", layout.masters()).set("reduced_output", layout.reducedDir()).set("combine_science", false)
			.set("overwrite", true);
		for (Type t : Type.values()) {
			List<String> names = new ArrayList<>();
			for (NightFrame f : plan.used(t)) names.add(f.name);
			c.set(t.key, String.join(",", names));
		}
		return c;
	}

	/** The per-frame calls after calibration: cosmic rays, background, stars. */
	public static List<StepCall> frame(NightFrame f, PipelineConfig config, NightLayout layout) {
		List<StepCall> calls = new ArrayList<>();
		calls.add(StepCall.of(COSMICS, f.stem(), config).set("input", layout.reduced(f)).set("output", layout.cleaned(f))
			.set("table", layout.cosmics(f)).set("overwrite", true).reads(layout.reduced(f)).writes(layout.cleaned(f), layout.cosmics(f)));
		calls.add(StepCall.of(BACKGROUND, f.stem(), config).set("input", layout.cleaned(f)).set("output", layout.sky(f))
			.set("csv", layout.background(f)).set("result", "subtracted").set("overwrite", true).reads(layout.cleaned(f))
			.writes(layout.sky(f), layout.background(f)));
		calls.add(StepCall.of(STARS, f.stem(), config).set("input", layout.sky(f)).set("table_file", layout.stars(f))
			.set("regions_file", layout.starRegions(f)).set("plots", false).set("overwrite", true).reads(layout.sky(f))
			.writes(layout.stars(f), layout.starRegions(f)));
		return calls;
	}

	/** The PSF model of a background-subtracted frame and its PSF stars. */
	public static StepCall psf(NightFrame f, PipelineConfig config, NightLayout layout) {
		return StepCall.of(PSF, f.stem(), config).set("input", layout.sky(f)).set("positions", layout.stars(f)).set(
			"positions_format", "csv").set("model_file", layout.psf(f)).set("table_file", layout.psfStars(f)).set("overwrite", true)
			.reads(layout.sky(f), layout.stars(f)).writes(layout.psf(f), layout.psfStars(f));
	}

	/** Every frame onto the reference frame's grid, by its stars. */
	static StepCall align(List<NightFrame> frames, NightFrame reference, PipelineConfig config, NightLayout layout) {
		List<String> paths = new ArrayList<>();
		StepCall c = StepCall.of(ALIGN, "night", config).set("reference_input", layout.sky(reference)).set("output",
			layout.alignedDir()).set("resample", true).set("overwrite", true).reads(layout.sky(reference));
		for (NightFrame f : frames) {
			paths.add(layout.sky(f).getPath());
			c.reads(layout.sky(f)).writes(layout.aligned(f));
		}
		return c.set("frames", String.join(",", paths)).writes(layout.transforms());
	}

	/** Aperture photometry of an aligned frame at the reference frame's stars. */
	public static StepCall photometry(NightFrame f, NightFrame reference, PipelineConfig config, NightLayout layout) {
		return StepCall.of(PHOTOMETRY, f.stem(), config).set("input", layout.aligned(f)).set("positions", layout.stars(reference))
			.set("positions_format", "csv").set("table_file", layout.photometry(f)).set("overwrite", true)
			.reads(layout.aligned(f), layout.stars(reference)).writes(layout.photometry(f));
	}

	/** The aligned frames of one filter and epoch combined. */
	static StepCall combine(String filter, String epoch, List<NightFrame> frames, PipelineConfig config, NightLayout layout) {
		List<String> paths = new ArrayList<>();
		StepCall c = StepCall.of(COMBINE, group(filter, epoch), config);
		for (NightFrame f : frames) {
			paths.add(layout.aligned(f).getPath());
			c.reads(layout.aligned(f));
		}
		File out = layout.combined(filter, epoch);
		return c.set("files", String.join(",", paths)).set("output", out).set("overwrite", true).writes(out);
	}

	/** The combined frame of one filter and epoch minus the reference epoch's: difference (D, S_corr, P_D) and candidates. */
	static StepCall subtraction(String filter, String epoch, String referenceEpoch, PipelineConfig config, NightLayout layout) {
		File in = layout.combined(filter, epoch), ref = layout.combined(filter, referenceEpoch);
		File diff = layout.difference(filter, epoch), table = layout.candidates(filter, epoch);
		return StepCall.of(SUBTRACTION, group(filter, epoch), config).set("input", in).set("reference_input", ref).set("output", diff)
			.set("table_file", table).set("overwrite", true).reads(in, ref).writes(diff, table);
	}

	/** Magnitudes and colours of the reference stars on the combined frames of two or three filters (bluest first). */
	static StepCall cmd(List<String> filters, String epoch, NightFrame reference, PipelineConfig config, NightLayout layout) {
		StepCall c = StepCall.of(CMD, "night", config);
		String[] keys = { "input", "input2", "input3" };
		for (int i = 0; i < filters.size(); i++) {
			File f = layout.combined(filters.get(i), epoch);
			c.set(keys[i], f).reads(f);
		}
		return c.set("bands", String.join(",", filters)).set("align", "none").set("positions", layout.stars(reference))
			.set("positions_format", "csv").set("table_file", layout.cmd()).set("overwrite", true).reads(layout.stars(reference))
			.writes(layout.cmd());
	}

	/** The colour picture of three combined frames, red first; {@code minimum} the black points unless the config sets them. */
	static StepCall composite(List<String> rgb, String epoch, String minimum, PipelineConfig config, NightLayout layout) {
		StepCall c = StepCall.of(COMPOSITE, "night", config);
		String[] keys = { "red_input", "green_input", "blue_input" };
		for (int i = 0; i < 3; i++) {
			File f = layout.combined(rgb.get(i), epoch);
			c.set(keys[i], f).reads(f);
		}
		return c.setDefault("minimum", minimum).set("align", "none").set("output", layout.composite()).set("overwrite", true)
			.writes(layout.composite());
	}

	static String group(String filter, String epoch) {
		return (filter.isEmpty() ? "(no filter)" : filter) + (epoch.isEmpty() ? "" : " " + epoch);
	}

	/** "B, V and R". */
	static String and(List<String> items) {
		if (items.size() <= 1) return String.join("", items);
		return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
	}

	static String seconds(double s) {
		return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
	}
}
