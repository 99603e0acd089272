package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import org.astrofiji.core.image.Dq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineSettings.Scale;

/**
 * The CCD calibration recipe: master bias, darks and flats, then every science frame reduced, then
 * (optionally) the reduced frames combined per filter. Frames are read in bands (see
 * {@link StackCombiner}), so nights of large frames calibrate in bounded memory; products go to a
 * {@link Sink} as they are made.
 * <p>
 * Two ways to treat darks:
 * <ul>
 * <li><b>scaled</b> (ccdproc's {@code subtract_bias} + {@code subtract_dark(scale=True)}): darks are
 * bias-subtracted and combined per exposure time; a frame of exposure t gets the master dark of the
 * same exposure time (else the longest) times t / t_dark. Flats are bias- and dark-subtracted.
 * {@code science = (s - B - D t/t_d) / (F / mean F)}.</li>
 * <li><b>unscaled</b> (the seed recipe): darks keep the bias and are subtracted as they are, the
 * master dark of the science exposure time (else the closest); flats are only bias-subtracted.
 * {@code science = (s - D) / (F - B) * mean(F - B)}.</li>
 * </ul>
 * Flats are combined per filter, each frame scaled by its median (or as set), and normalized to mean
 * 1. Where the flat is zero, negative or NaN the science pixel is NaN and flagged
 * {@link Dq#BAD}, never +-inf. Overscan levels (per line) are subtracted and frames
 * trimmed before anything else, when the frames say so.
 * <p>
 * Uncertainty of a science pixel: {@code var = max(S, 0) / g + (r / g)^2 + eB^2 + (k eD)^2} with S
 * the bias-subtracted raw signal in ADU, g the gain (e-/ADU) and r the read noise (e-), then through
 * the flat: {@code var / F^2 + R^2 (eF / F)^2}; the masters' errors are the standard errors of their
 * combinations. Without a gain only the masters' errors are propagated.
 */
public final class MasterCalibration {

	/** The label of the bad-pixel product, and of its part (after the flats, before the reduced frames). */
	public static final String BAD_PIXELS = "bad_pixels";
	/** The part that makes the summary table from the other parts' records ({@link Settings#make}). */
	public static final String SUMMARY = "calibration_summary";
	/** The label of the master bias. */
	public static final String MASTER_BIAS = "master_bias";

	/** What the recipe does beyond the combination. */
	public static final class Settings {

		/** How every master (and the science combination) is combined. */
		public CombineSettings combine = new CombineSettings();
		/** Scale darks by exposure time (ccdproc) or subtract them as they are, bias included (seed recipe). */
		public boolean scaleDarks = true;
		/** Scaling of each flat frame before combining. */
		public Scale flatScale = Scale.MEDIAN;
		/** Combine the reduced science frames of each filter. */
		public boolean combineScience;
		/** Align the reduced science frames of each filter onto its first by their stars before combining them ({@link ScienceAlignment}). */
		public boolean alignScience;
		/** Header keywords of the exposure time (s) and the filter (empty: frames have no filter). */
		public String exptimeKey = "EXPTIME", filterKey = "FILTER";
		/** Gain (e-/ADU) and read noise (e-) of the science frames; 0: from each frame's header ({@link org.astrofiji.core.image.CcdKeys}). */
		public double gain, readNoise;
		/** Overscan and data sections: "" for none (whole frame), "header" for each frame's BIASSEC / TRIMSEC, or a FITS section. */
		public String overscan = "", trim = "";
		/**
		 * Hot pixels ({@link BadPixels}): dark current more than this many robust sigma above the local
		 * median; 0: none flagged. 5: a normal deviate exceeds it once in 3.5 million pixels, while the
		 * faintest hot pixels worth flagging (whose shot noise L.A.Cosmic would take for cosmic rays)
		 * stand tens of sigma above a dark of a few frames.
		 */
		public double hotSigma = 5;
		/**
		 * Dead pixels ({@link BadPixels}): flat response below this fraction of the local median; 0: none
		 * flagged. 0.5: far below what vignetting and dust shadows do to neighbouring pixels (a few %).
		 */
		public double deadFraction = 0.5;
		/**
		 * The parts to make (empty: the whole recipe in one run): product labels ({@link #MASTER_BIAS},
		 * {@link #darkLabel}, {@link #flatLabel}, {@link #BAD_PIXELS}, {@link #reducedLabel}, {@link #SUMMARY}). A run making
		 * parts takes the masters made before from {@link Stored} and records each part's summary rows
		 * there; the products are the same as the whole run's, so a night can be calibrated as one task
		 * per master and per science frame (in recipe order: bias, darks, flats, the bad-pixel mask; then
		 * the frames and the summary).
		 */
		public java.util.Set<String> make = java.util.Set.of();

		/** Fails naming the first setting out of range. */
		public Settings validate() {
			if (combine == null || flatScale == null) throw new IllegalArgumentException("combine and flat_scale must be set");
			if (!(hotSigma >= 0) || Double.isInfinite(hotSigma)) throw new IllegalArgumentException("hot_sigma must be >= 0 (0: no hot pixels " +
				"flagged), got " + hotSigma);
			if (!(deadFraction >= 0 && deadFraction < 1)) throw new IllegalArgumentException("dead_fraction must be in [0, 1) (0: no dead " +
				"pixels flagged), got " + deadFraction);
			if (!(gain >= 0) || !(readNoise >= 0)) throw new IllegalArgumentException("gain and read_noise must be >= 0 (0: from the header)");
			if (exptimeKey == null || exptimeKey.isBlank()) throw new IllegalArgumentException("exptime_key must name a keyword");
			if (alignScience && !combineScience) throw new IllegalArgumentException("align_science aligns the frames combine_science " +
				"combines: set combine_science too (Align Images aligns frames on their own)");
			return this;
		}
	}

	/** Where the products go as they are made. */
	public interface Sink {

		void master(Master master) throws Exception;

		/**
		 * A reduced science frame. Returns a source to read it back for the science combination (e.g. the
		 * file it was written to), or null to keep it in memory until then.
		 */
		RowSource reduced(Reduced reduced) throws Exception;

		/** The reduced frames of one filter combined ({@code label} "combined_V"). */
		void combined(String label, String filter, CombineResult result, List<String> inputs) throws Exception;

		/** The bad-pixel flags found in the masters, before the first science frame is reduced. */
		default void badPixels(BadPixels badPixels) throws Exception {}
	}

	/** What earlier runs of the same night made, for a run making parts ({@link Settings#make}). */
	public interface Stored {

		/** A master an earlier part made (its values and errors; description and inputs are not needed). */
		Master master(String kind, String label, double exptime, String filter) throws Exception;

		/** Records a part's summary rows (its frames, then its product). */
		void rows(String part, Table rows) throws Exception;

		/** The summary rows a part recorded. */
		Table rows(String part) throws Exception;

		/** The bad-pixel flags the {@link #BAD_PIXELS} part made. */
		short[] badPixels(int width, int height) throws Exception;
	}

	/** Opens a selected frame's pixels by name. */
	@FunctionalInterface
	public interface Sources {
		RowSource of(String name) throws Exception;
	}

	/** What was made: the masters, and a table of every frame and product. */
	public static final class Result {

		public Master bias;
		public final List<Master> darks = new ArrayList<>();
		public final Map<String, Master> flats = new LinkedHashMap<>();
		public final List<String> reduced = new ArrayList<>();
		public final List<String> combined = new ArrayList<>();
		public final List<String> notes = new ArrayList<>();
		public final Table summary = new Table("calibration summary", "file", "type", "filter", "exptime", "product", "note");
		/** The hot and dead pixels flagged in every reduced frame, or null when neither was looked for. */
		public BadPixels badPixels;
		/** Frames of each type used: bias, darks, flats, science. */
		public final int[] frames = new int[4];
		boolean scaledDarks;

		/** The summary of a run: frames of each type, masters, notes, and the files written to {@code output}. */
		public String describe(String directory, List<String> written, String output) {
			StringBuilder sb = new StringBuilder("Master Calibration of ").append(directory).append(": ");
			sb.append(frames[0]).append(" bias, ").append(frames[1]).append(" darks, ");
			sb.append(frames[2]).append(" flats, ").append(frames[3]).append(" science frames");
			sb.append(scaledDarks ? " (darks scaled by exposure time)" : " (darks unscaled, bias kept: seed recipe)");
			if (bias != null) sb.append("\n  ").append(bias);
			for (Master m : darks) sb.append("\n  ").append(m);
			for (Master m : flats.values()) sb.append("\n  ").append(m);
			if (badPixels != null) sb.append("\n  bad pixels: ").append(badPixels.description());
			for (String n : notes) sb.append("\n  note: ").append(n);
			sb.append("\nwrote ").append(written.size()).append(" files to ").append(output).append(": ").append(String.join(", ",
				written.size() > 8 ? written.subList(0, 8) : written)).append(written.size() > 8 ? ", ..." : "");
			return sb.toString();
		}
	}

	private final Settings s;
	private final Sink sink;
	private final Progress progress;
	private final Stored stored;
	private final Result result = new Result();
	/** Where summary rows go: the result's table, or (making parts) the current part's. */
	private Table rows = result.summary;

	private MasterCalibration(Settings s, Sink sink, Stored stored, Progress progress) {
		this.s = s;
		this.sink = sink;
		this.stored = stored;
		this.progress = progress;
	}

	/**
	 * Runs the recipe. Empty lists skip that step (no bias: nothing subtracted; no darks; no flats: no
	 * flat-fielding; no science: masters only). Everything is checked before the first product is made:
	 * frame sizes, exposure times needed for scaling, a flat for every science filter.
	 */
	public static Result run(List<Frame> bias, List<Frame> darks, List<Frame> flats, List<Frame> science, Settings s,
		Sink sink, Progress progress) throws Exception
	{
		return new MasterCalibration(s, sink, null, progress).run(bias, darks, flats, science);
	}

	/** Runs the recipe on the frames of each type ({@link #frames}). */
	public static Result run(Map<FrameSelection.Type, List<Frame>> night, Settings s, Sink sink, Progress progress) throws Exception {
		return run(night, s, sink, null, progress);
	}

	/** Runs the recipe, or the parts {@link Settings#make} names with the earlier parts' products from {@code stored}. */
	public static Result run(Map<FrameSelection.Type, List<Frame>> night, Settings s, Sink sink, Stored stored, Progress progress)
		throws Exception
	{
		if (!s.make.isEmpty() && stored == null) throw new IllegalArgumentException("making parts needs the earlier parts' products");
		return new MasterCalibration(s, sink, stored, progress).run(night.get(FrameSelection.Type.BIAS), night.get(
			FrameSelection.Type.DARK), night.get(FrameSelection.Type.FLAT), night.get(FrameSelection.Type.SCIENCE));
	}

	/** "master_dark_60s" (exposure time in s; NaN: "master_dark"). */
	public static String darkLabel(double exptime) {
		double t = key(exptime);
		return Double.isNaN(t) ? "master_dark" : "master_dark_" + seconds(t);
	}

	/** "master_flat_V" ("": "master_flat"). */
	public static String flatLabel(String filter) {
		return filter.isEmpty() ? "master_flat" : "master_flat_" + safe(filter);
	}

	/** Makes this part: always in a whole run. */
	private boolean makes(String label) {
		return s.make.isEmpty() || s.make.contains(label);
	}

	/** Masters of the recipe step {@code rank} (bias 0, darks 1, flats 2) are read back when a later part is made. */
	private boolean needsStored(int rank, List<Frame> science) {
		if (s.make.isEmpty()) return false;
		if (s.make.contains(SUMMARY)) return true;
		for (Frame f : science) if (s.make.contains(reducedLabel(f.name))) return true;
		for (String m : s.make) {
			int r = m.equals(MASTER_BIAS) ? 0 : m.startsWith("master_dark") ? 1 : m.startsWith("master_flat") ? 2 : 3;
			if (r > rank) return true;
		}
		return false;
	}

	/** Starts a part's summary rows (when making parts). */
	private void beginPart() {
		if (!s.make.isEmpty()) rows = new Table(result.summary.title(), result.summary.columns().toArray(new String[0]));
	}

	/** Records a made part's rows, its master's last (when making parts; a whole run adds the masters' rows at the end). */
	private void endPart(String label, Master m) throws Exception {
		if (s.make.isEmpty()) return;
		if (m != null) masterRow(m);
		stored.rows(label, rows);
		rows = result.summary;
	}

	/**
	 * The selected frames as the recipe reads them ({@link Frame#read}): every frame is opened and its
	 * header read here, so a damaged file or a missing keyword fails before anything is computed. A run
	 * making parts opens only the frames its parts use ({@link #needed}); the lists hold those.
	 */
	public static Map<FrameSelection.Type, List<Frame>> frames(FrameSelection.Result selection, Sources sources,
		FrameSelection.Headers headers, Settings s) throws Exception
	{
		s.validate();
		Map<FrameSelection.Type, List<Frame>> night = read(selection, sources, headers, s, needed(selection, s));
		if (!s.make.isEmpty() && !s.make.contains(SUMMARY)) {
			// a part this night lacks: read every frame, so the recipe's error lists all the night's parts
			List<String> known = parts(night.get(FrameSelection.Type.BIAS), night.get(FrameSelection.Type.DARK), night.get(
				FrameSelection.Type.FLAT), List.of());
			for (String n : selection.frames(FrameSelection.Type.SCIENCE)) known.add(reducedLabel(n));
			known.add(BAD_PIXELS);
			if (!known.containsAll(s.make)) night = read(selection, sources, headers, s, n -> true);
		}
		return night;
	}

	private static Map<FrameSelection.Type, List<Frame>> read(FrameSelection.Result selection, Sources sources,
		FrameSelection.Headers headers, Settings s, java.util.function.Predicate<String> needed) throws Exception
	{
		boolean darksUsed = !selection.frames(FrameSelection.Type.DARK).isEmpty();
		Map<FrameSelection.Type, List<Frame>> night = new java.util.EnumMap<>(FrameSelection.Type.class);
		for (FrameSelection.Type t : FrameSelection.Type.values()) {
			List<Frame> list = new ArrayList<>();
			for (String name : selection.frames(t)) {
				if (!needed.test(name)) continue;
				RowSource raw = sources.of(name);
				list.add(Frame.read(raw.name(), raw, headers.of(name), t, s, darksUsed));
			}
			night.put(t, list);
		}
		return night;
	}

	/**
	 * The frames a run making parts opens (a whole run, or the summary: all): the darks and flats (their
	 * exposure times and filters name the masters), one bias frame (the master bias is then read back),
	 * the science frames a part reduces, or all of them for the {@link #BAD_PIXELS} part (it scales the
	 * dark current to the longest exposure). So a night in N frame parts reads O(N) headers, not N^2.
	 */
	private static java.util.function.Predicate<String> needed(FrameSelection.Result selection, Settings s) {
		if (s.make.isEmpty() || s.make.contains(SUMMARY)) return n -> true;
		java.util.Set<String> names = new java.util.HashSet<>();
		boolean bias = s.make.contains(MASTER_BIAS), darks = false, flats = false, science = s.make.contains(BAD_PIXELS);
		for (String m : s.make) {
			if (m.startsWith("master_dark")) darks = true;
			else if (m.startsWith("master_flat") || m.equals(BAD_PIXELS)) darks = flats = true;
		}
		for (String n : selection.frames(FrameSelection.Type.SCIENCE)) {
			if (science || s.make.contains(reducedLabel(n))) {
				names.add(n);
				darks = flats = true;
			}
		}
		List<String> b = selection.frames(FrameSelection.Type.BIAS);
		if (bias) names.addAll(b);
		else if (!b.isEmpty()) names.add(b.get(0));
		if (darks) names.addAll(selection.frames(FrameSelection.Type.DARK));
		if (flats) names.addAll(selection.frames(FrameSelection.Type.FLAT));
		if (names.isEmpty()) return n -> true; // no known part: read all, so the error lists the night's parts
		return names::contains;
	}

	private Result run(List<Frame> bias, List<Frame> darks, List<Frame> flats, List<Frame> science) throws Exception {
		s.validate();
		check(bias, darks, flats, science);
		if (!s.make.isEmpty()) {
			List<String> parts = parts(bias, darks, flats, science);
			parts.add(parts.size() - science.size(), BAD_PIXELS);
			parts.add(SUMMARY);
			for (String m : s.make) if (!parts.contains(m)) throw new IllegalArgumentException("products: this night has no part '" +
				m + "'; its parts are " + String.join(", ", parts));
		}
		result.frames[0] = bias.size();
		result.frames[1] = darks.size();
		result.frames[2] = flats.size();
		result.frames[3] = science.size();
		result.scaledDarks = s.scaleDarks;
		if (bias.isEmpty() && (!darks.isEmpty() && s.scaleDarks || !flats.isEmpty())) {
			boolean overscan = true;
			for (List<Frame> group : List.of(darks, flats)) for (Frame f : group) overscan &= f.overscan != null;
			if (!overscan) result.notes.add("no bias frames and no overscan: the " + (s.scaleDarks && !darks.isEmpty()
				? "scaled darks and " : "") + "flats still hold the bias level");
		}
		int total = bias.size() + darks.size() + flats.size() + science.size() * (s.combineScience ? 2 : 1);
		double[] done = { 0 };
		// bias
		float[] biasValue = null;
		if (!bias.isEmpty()) {
			Progress p = part(done, bias.size(), total);
			if (makes(MASTER_BIAS)) {
				beginPart();
				List<RowSource> src = new ArrayList<>();
				for (Frame f : bias) src.add(corrected(f, null, null, 0));
				result.bias = master("bias", MASTER_BIAS, src, s.combine, Double.NaN, "", p);
				sink.master(result.bias);
				for (Frame f : bias) row(f, "bias", MASTER_BIAS, overscanNote(f));
				endPart(MASTER_BIAS, result.bias);
			}
			else if (needsStored(0, science)) result.bias = stored.master("bias", MASTER_BIAS, Double.NaN, "");
			if (result.bias != null) biasValue = result.bias.value;
		}
		// darks, one master per exposure time
		if (!darks.isEmpty()) {
			Progress p = part(done, darks.size(), total);
			Map<Double, List<Frame>> groups = new TreeMap<>();
			for (Frame f : darks) groups.computeIfAbsent(key(f.exptime), k -> new ArrayList<>()).add(f);
			int g = 0;
			for (Map.Entry<Double, List<Frame>> e : groups.entrySet()) {
				double t = e.getKey();
				String label = darkLabel(t);
				Progress pg = p.range(g / (double) groups.size(), (g + 1.0) / groups.size());
				g++;
				if (!makes(label)) {
					if (needsStored(1, science)) result.darks.add(stored.master("dark", label, t, ""));
					continue;
				}
				beginPart();
				List<RowSource> src = new ArrayList<>();
				for (Frame f : e.getValue()) src.add(corrected(f, s.scaleDarks ? biasValue : null, null, 0));
				Master m = master("dark", label, src, s.combine, t, "", pg);
				result.darks.add(m);
				sink.master(m);
				for (Frame f : e.getValue()) row(f, "dark", label, (s.scaleDarks ? "bias subtracted" : "bias kept (unscaled darks)") +
					join(overscanNote(f)));
				endPart(label, m);
			}
		}
		// flats per filter, each frame scaled, then normalized to mean 1
		if (!flats.isEmpty()) {
			Progress p = part(done, flats.size(), total);
			Map<String, List<Frame>> byFilter = new LinkedHashMap<>();
			for (Frame f : flats) byFilter.computeIfAbsent(f.filter, k -> new ArrayList<>()).add(f);
			int g = 0;
			for (Map.Entry<String, List<Frame>> e : byFilter.entrySet()) {
				String filter = e.getKey();
				String label = flatLabel(filter);
				Progress pg = p.range(g / (double) byFilter.size(), (g + 1.0) / byFilter.size());
				g++;
				if (!makes(label)) {
					if (needsStored(2, science)) result.flats.put(filter, stored.master("flat", label, Double.NaN, filter));
					continue;
				}
				beginPart();
				List<RowSource> src = new ArrayList<>();
				List<String> notes = new ArrayList<>();
				for (Frame f : e.getValue()) {
					Master d = s.scaleDarks ? darkFor(f) : null;
					double k = d == null ? 0 : f.exptime / d.exptime;
					src.add(corrected(f, biasValue, d == null ? null : d.value, k));
					notes.add(d == null ? "" : "dark " + d.label + " x " + num(k));
				}
				CombineSettings cs = s.combine.copy();
				cs.scale = s.flatScale;
				if (cs.scale == Scale.EXPOSURE) cs.exposures = exposures(e.getValue());
				CombineResult r = StackCombiner.combine(src, cs, pg);
				double mean = StackCombiner.finiteMean(r.value);
				if (!(mean > 0)) throw new IllegalArgumentException("the combined flat of filter '" + filter + "' has mean " + mean +
					"; a flat must be positive (are these flats? is the bias right?)");
				for (int i = 0; i < r.value.length; i++) {
					r.value[i] = (float) (r.value[i] / mean);
					r.error[i] = (float) (r.error[i] / mean);
				}
				Master m = new Master("flat", label, r, Double.NaN, filter, names(e.getValue()), r.summary() +
					"; normalized by its mean " + num(mean));
				result.flats.put(filter, m);
				sink.master(m);
				for (int i = 0; i < e.getValue().size(); i++) {
					Frame f = e.getValue().get(i);
					row(f, "flat", label, join("scale " + num(r.scaleFactors[i]), notes.get(i), overscanNote(f)));
				}
				endPart(label, m);
			}
		}
		boolean anyScience = false;
		for (Frame f : science) anyScience |= makes(reducedLabel(f.name));
		if (s.make.isEmpty()) badPixels(science);
		else if (s.make.contains(BAD_PIXELS)) {
			beginPart();
			badPixels(science);
			if (result.badPixels != null) rows.addRow(BAD_PIXELS, "bad pixel mask", "", Double.NaN, "", result.badPixels.description());
			endPart(BAD_PIXELS, null);
		}
		else if (anyScience && badPixelsLooked()) {
			// made once by the bad-pixel part (the longest science exposure needs every science header)
			Master any = !result.darks.isEmpty() ? result.darks.get(0) : result.flats.values().iterator().next();
			result.badPixels = new BadPixels(any.width, any.height);
			System.arraycopy(stored.badPixels(any.width, any.height), 0, result.badPixels.flags, 0, result.badPixels.flags.length);
		}
		// science
		Map<String, List<RowSource>> reducedByFilter = new LinkedHashMap<>();
		Map<String, List<String>> namesByFilter = new LinkedHashMap<>();
		for (Frame f : science) {
			Progress p = part(done, 1, total);
			if (!makes(reducedLabel(f.name))) continue;
			p.report("reducing " + f.name, 0);
			beginPart();
			Reduced r = reduce(f);
			RowSource back = sink.reduced(r);
			if (back == null) back = RowSource.of(r.label, r.value, r.width, r.height);
			reducedByFilter.computeIfAbsent(f.filter, k -> new ArrayList<>()).add(back);
			namesByFilter.computeIfAbsent(f.filter, k -> new ArrayList<>()).add(r.label);
			result.reduced.add(r.label);
			row(f, "science", r.label, join(r.description, r.badFlat > 0 ? r.badFlat + " pixels with flat <= 0 or NaN set to NaN" : "",
				r.saturated > 0 ? r.saturated + " saturated pixels flagged" : "", overscanNote(f)));
			endPart(r.label, null);
		}
		if (s.make.isEmpty()) {
			if (result.bias != null) masterRow(result.bias);
			for (Master m : result.darks) masterRow(m);
			for (Master m : result.flats.values()) masterRow(m);
		}
		else if (s.make.contains(SUMMARY)) {
			storedRows(bias, darks, flats, science);
			if (badPixelsLooked()) {
				Table t = stored.rows(BAD_PIXELS);
				for (int r = 0; r < t.rowCount(); r++) {
					Object[] row = new Object[t.columns().size()];
					for (int c = 0; c < row.length; c++) row[c] = t.get(r, t.columns().get(c));
					result.summary.addRow(row);
				}
			}
		}
		if (result.badPixels != null && s.make.isEmpty()) result.summary.addRow(BAD_PIXELS, "bad pixel mask", "", Double.NaN, "",
			result.badPixels.description());
		if (s.combineScience) {
			if (!s.make.isEmpty()) throw new IllegalArgumentException("combine_science needs the whole recipe in one run (no parts)");
			for (Map.Entry<String, List<RowSource>> e : reducedByFilter.entrySet()) {
				String filter = e.getKey();
				String label = filter.isEmpty() ? "combined" : "combined_" + safe(filter);
				Progress p = part(done, e.getValue().size(), total);
				CombineSettings cs = s.combine.copy();
				cs.scale = Scale.NONE;
				List<RowSource> frames = e.getValue();
				ScienceAlignment aligned = null;
				if (s.alignScience) {
					p.report("aligning the " + filter + " frames", 0);
					aligned = ScienceAlignment.of(frames, namesByFilter.get(filter));
					frames = aligned.frames;
					for (int i = 0; i < aligned.notes.size(); i++) note(namesByFilter.get(filter).get(i + 1), aligned.notes.get(i));
				}
				CombineResult r = StackCombiner.combine(frames, cs, p);
				if (aligned != null) r = r.described(r.description + ", " + aligned.description());
				sink.combined(label, filter, r, namesByFilter.get(filter));
				result.combined.add(label);
				result.summary.addRow(label, "combined science", filter, Double.NaN, "", r.summary());
			}
		}
		progress.report("calibration done", 1);
		return result;
	}

	/** The parts of a night in recipe order: the master bias, the darks, the flats, the reduced frames. */
	public static List<String> parts(List<Frame> bias, List<Frame> darks, List<Frame> flats, List<Frame> science) {
		List<String> parts = new ArrayList<>();
		if (!bias.isEmpty()) parts.add(MASTER_BIAS);
		Map<Double, String> byTime = new TreeMap<>(); // the recipe's order of the darks
		for (Frame f : darks) byTime.put(key(f.exptime), darkLabel(f.exptime));
		parts.addAll(byTime.values());
		for (Frame f : flats) if (!parts.contains(flatLabel(f.filter))) parts.add(flatLabel(f.filter));
		for (Frame f : science) parts.add(reducedLabel(f.name));
		return parts;
	}

	/** A master's summary row. */
	private void masterRow(Master m) {
		String type = "master " + m.kind;
		rows.addRow(m.label, type, m.kind.equals("flat") ? m.filter : "", m.kind.equals("dark") ? m.exptime : Double.NaN, "",
			m.description);
	}

	/**
	 * The whole run's summary rows from the parts' records, in its order: every part's frame rows, then
	 * the masters' rows.
	 */
	private void storedRows(List<Frame> bias, List<Frame> darks, List<Frame> flats, List<Frame> science) throws Exception {
		List<String> parts = parts(bias, darks, flats, science);
		List<Object[]> masters = new ArrayList<>();
		for (String part : parts) {
			Table t = stored.rows(part);
			for (int r = 0; r < t.rowCount(); r++) {
				Object[] row = new Object[t.columns().size()];
				for (int c = 0; c < row.length; c++) row[c] = t.get(r, t.columns().get(c));
				if (t.getString(r, "type").startsWith("master ")) masters.add(row);
				else result.summary.addRow(row);
			}
		}
		for (Object[] row : masters) result.summary.addRow(row);
	}

	/**
	 * Hot pixels from the longest master dark (bias removed) scaled to the longest science exposure, dead
	 * pixels from every master flat; the flags go into every reduced frame. Nothing when both are off or
	 * there are neither darks nor flats.
	 */
	/** Whether hot or dead pixels are looked for (with the masters at hand). */
	private boolean badPixelsLooked() {
		return s.hotSigma > 0 && !result.darks.isEmpty() || s.deadFraction > 0 && !result.flats.isEmpty();
	}

	private void badPixels(List<Frame> science) throws Exception {
		boolean hot = s.hotSigma > 0 && !result.darks.isEmpty(), dead = s.deadFraction > 0 && !result.flats.isEmpty();
		if (!hot && !dead) return;
		Master any = hot ? result.darks.get(0) : result.flats.values().iterator().next();
		BadPixels bad = new BadPixels(any.width, any.height);
		if (hot) {
			Master d = result.darks.get(0);
			for (Master m : result.darks) if (m.exptime > d.exptime) d = m;
			double t = Double.NaN;
			for (Frame f : science) if (f.exptime > 0 && !(f.exptime <= t)) t = f.exptime;
			if (!(t > 0)) t = d.exptime;
			double k = d.exptime > 0 && t > 0 ? t / d.exptime : 1;
			// unscaled darks keep the bias: take it off (without a master bias the local median removes the level)
			float[] B = !s.scaleDarks && result.bias != null ? result.bias.value : null;
			float[] current = new float[d.value.length];
			for (int p = 0; p < current.length; p++) current[p] = (float) (k * (B == null ? d.value[p] : d.value[p] - B[p]));
			bad.flagHot(current, s.hotSigma, d.label + (B == null ? "" : " - " + result.bias.label) + (k == 1 ? "" : " x " + num(k)) +
				(t > 0 ? " (dark current in " + seconds(t) + ")" : ""));
		}
		if (dead) for (Master f : result.flats.values()) bad.flagDead(f.value, s.deadFraction, f.label);
		result.badPixels = bad;
		sink.badPixels(bad);
	}

	/** Everything that can be checked before the first product is made. */
	private void check(List<Frame> bias, List<Frame> darks, List<Frame> flats, List<Frame> science) {
		Frame first = null;
		for (List<Frame> group : List.of(bias, darks, flats, science)) {
			for (Frame f : group) {
				if (first == null) first = f;
				else if (f.width() != first.width() || f.height() != first.height()) throw new IllegalArgumentException(
					"frames differ in size: " + first.name + " is " + first.shape() + " but " + f.name + " is " + f.shape() +
						(f.trim != null || first.trim != null ? " (after trimming)" : ""));
			}
		}
		if (s.scaleDarks && !darks.isEmpty()) {
			for (Frame f : darks) {
				if (!(f.exptime > 0)) throw new IllegalArgumentException(f.name + ": dark exposure time " + f.exptime +
					"; scaled darks need positive exposure times (or subtract them unscaled: scale_darks=false)");
			}
			for (List<Frame> group : List.of(flats, science)) {
				for (Frame f : group) if (!(f.exptime >= 0)) throw new IllegalArgumentException(f.name +
					": no exposure time; it is needed to scale the dark");
			}
		}
		if (s.flatScale == Scale.EXPOSURE) {
			for (Frame f : flats) if (!(f.exptime > 0)) throw new IllegalArgumentException(f.name +
				": no positive exposure time; it is needed to scale the flats by exposure");
		}
		if (!flats.isEmpty()) {
			List<String> filters = new ArrayList<>();
			for (Frame f : flats) if (!filters.contains(f.filter)) filters.add(f.filter);
			for (Frame f : science) {
				if (!filters.contains(f.filter)) throw new IllegalArgumentException(f.name + " has filter '" + f.filter +
					"' but there are flats only for " + filters);
			}
		}
	}

	private Progress part(double[] done, int frames, int total) {
		double from = done[0] / Math.max(1, total);
		done[0] += frames;
		return progress.range(from, done[0] / Math.max(1, total));
	}

	private Master master(String kind, String label, List<RowSource> src, CombineSettings cs, double exptime, String filter,
		Progress p)
	{
		List<String> inputs = new ArrayList<>();
		for (RowSource r : src) inputs.add(r.name());
		CombineResult r = StackCombiner.combine(src, cs, p);
		return new Master(kind, label, r, exptime, filter, inputs, r.summary());
	}

	/** A frame with its overscan subtracted, trimmed, minus bias and k x dark. */
	private RowSource corrected(Frame f, float[] bias, float[] dark, double k) throws Exception {
		Overscan os = f.overscan == null ? null : Overscan.measure(f.raw, f.overscan);
		return new CorrectedSource(f.raw, f.trim, os, bias, dark, k);
	}

	/** The master dark for a frame: the same exposure time, else (scaled) the longest or (unscaled) the closest. */
	private Master darkFor(Frame f) {
		if (result.darks.isEmpty()) return null;
		Master best = null;
		for (Master d : result.darks) {
			if (same(d.exptime, f.exptime)) return d;
			if (best == null) best = d;
			else if (s.scaleDarks ? d.exptime > best.exptime : Math.abs(d.exptime - f.exptime) < Math.abs(best.exptime - f.exptime)) {
				best = d;
			}
		}
		return best;
	}

	/** Reduces one science frame with the masters. */
	private Reduced reduce(Frame f) throws Exception {
		int w = f.width(), h = f.height();
		float[] raw = RowSource.readAll(new CorrectedSource(f.raw, f.trim, null, null, null, 0));
		Overscan os = f.overscan == null ? null : Overscan.measure(f.raw, f.overscan);
		if (os != null) os.requireCovers(f.trim == null ? Section.all(f.raw.width(), f.raw.height()) : f.trim, f.name);
		Section area = f.trim == null ? Section.all(w, h) : f.trim;
		Master bias = result.bias;
		Master dark = darkFor(f);
		Master flat = result.flats.isEmpty() ? null : result.flats.get(f.filter);
		boolean darkWithBias = dark != null && !s.scaleDarks;
		double k = dark == null ? 0 : s.scaleDarks ? f.exptime / dark.exptime : 1;
		StringBuilder what = new StringBuilder();
		if (bias != null && !darkWithBias) what.append("bias ").append(bias.label);
		if (dark != null) {
			what.append(what.length() == 0 ? "" : ", ").append("dark ").append(dark.label);
			what.append(s.scaleDarks ? " x " + num(k) : " unscaled");
			if (!same(dark.exptime, f.exptime)) {
				String note = f.name + ": no dark of its exposure time " + seconds(f.exptime) + "; used " + dark.label +
					(s.scaleDarks ? " scaled" : " unscaled");
				if (!s.scaleDarks) result.notes.add(note);
			}
		}
		if (flat != null) what.append(what.length() == 0 ? "" : ", ").append("flat ").append(flat.label);
		double g = f.gain, rn = f.readNoise;
		boolean noise = g > 0 && !Double.isNaN(rn);
		if (!noise && !result.notes.contains("no gain/read noise: ERR holds only the masters' errors")) {
			result.notes.add("no gain/read noise: ERR holds only the masters' errors");
		}
		double sat = f.saturation;
		short[] detector = result.badPixels == null ? null : result.badPixels.flags;
		float[] value = new float[w * h], error = new float[w * h];
		short[] dq = new short[w * h];
		float[] B = bias == null ? null : bias.value, eB = bias == null ? null : bias.error;
		float[] D = dark == null ? null : dark.value, eD = dark == null ? null : dark.error;
		float[] F = flat == null ? null : flat.value, eF = flat == null ? null : flat.error;
		double rn2 = noise ? (rn / g) * (rn / g) : 0;
		// the saturation level in calibrated units: the same arithmetic applied to the raw level; each
		// chunk keeps its own minimum (one shared accumulator per pixel cost a fifth of the calibration)
		java.util.concurrent.atomic.DoubleAccumulator lowestSaturation =
			new java.util.concurrent.atomic.DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
		Parallel.forRange(h, 16, (y0, y1) -> {
			double lowestHere = Double.POSITIVE_INFINITY;
			for (int y = y0; y < y1; y++) {
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					double r = raw[p];
					int flags = detector == null ? 0 : detector[p];
					if (sat == sat && r >= sat) flags |= Dq.SATURATED;
					double v = os == null ? r : r - os.level(area.x0 + x, area.y0 + y);
					double satCal = sat - (r - v);
					double signal, var = 0;
					if (darkWithBias) {
						v -= D[p];
						satCal -= D[p];
						signal = B != null ? v + D[p] - B[p] : v;
						var += (double) eD[p] * eD[p];
					}
					else {
						if (B != null) {
							v -= B[p];
							satCal -= B[p];
							var += (double) eB[p] * eB[p];
						}
						signal = v;
						if (D != null) {
							v -= k * D[p];
							satCal -= k * D[p];
							var += k * k * eD[p] * eD[p];
						}
					}
					if (noise) var += Math.max(signal, 0) / g + rn2;
					if (v != v) flags |= Dq.NO_DATA;
					if (F != null) {
						double fl = F[p];
						if (!(fl > 0)) {
							flags |= Dq.BAD;
							v = Double.NaN;
						}
						else {
							v /= fl;
							satCal /= fl;
							double rel = eF[p] / fl;
							var = var / (fl * fl) + v * v * rel * rel;
						}
					}
					if (satCal < lowestHere) lowestHere = satCal;
					value[p] = (float) v;
					error[p] = v != v ? Float.NaN : (float) Math.sqrt(var);
					dq[p] = (short) flags;
				}
			}
			lowestSaturation.accumulate(lowestHere);
		});
		double lowest = lowestSaturation.get();
		return new Reduced(f, reducedLabel(f.name), w, h, value, error, dq, what.toString(),
			Double.isInfinite(lowest) ? Double.NaN : lowest);
	}

	private static double[] exposures(List<Frame> frames) {
		double[] t = new double[frames.size()];
		for (int i = 0; i < t.length; i++) t[i] = frames.get(i).exptime;
		return t;
	}

	private static List<String> names(List<Frame> frames) {
		List<String> n = new ArrayList<>();
		for (Frame f : frames) n.add(f.name);
		return n;
	}

	private void row(Frame f, String type, String product, String note) {
		rows.addRow(f.name, type, f.filter, f.exptime, product, note);
	}

	/** Adds to the note of the summary row whose product is {@code product}. */
	private void note(String product, String more) {
		Table t = result.summary;
		for (int r = 0; r < t.rowCount(); r++) {
			if (!t.getString(r, "product").equals(product)) continue;
			String n = t.getString(r, "note");
			t.set(r, "note", n.isEmpty() ? more : n + "; " + more);
		}
	}

	private static String overscanNote(Frame f) {
		return join(f.overscan == null ? "" : "overscan " + f.overscan, f.trim == null ? "" : "trim " + f.trim);
	}

	private static String join(String... parts) {
		StringBuilder sb = new StringBuilder();
		for (String p : parts) if (p != null && !p.isEmpty()) sb.append(sb.length() == 0 ? "" : "; ").append(p);
		return sb.toString();
	}

	/** Exposure times equal to a millisecond group together. */
	private static double key(double t) {
		return Double.isNaN(t) ? Double.NaN : Math.rint(t * 1000) / 1000;
	}

	private static boolean same(double a, double b) {
		return Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a));
	}

	/** A number in at most 6 significant digits without trailing zeros: 1, 0.0166667, 16666.8. */
	static String num(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
		String t = String.format(Locale.ROOT, "%.6g", v);
		if (t.contains("e")) return t;
		return t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
	}

	/** "60s", "2.5s". */
	static String seconds(double t) {
		if (Double.isNaN(t)) return "unknown";
		return (t == Math.rint(t) ? String.valueOf((long) t) : String.valueOf(t)) + "s";
	}

	/** A filter name usable in a file name. */
	static String safe(String filter) {
		return filter.replaceAll("[^A-Za-z0-9_+-]", "_");
	}

	/** "science_V_001.fits" gives "science_V_001_red", as the ccdproc oracle names its products. */
	public static String reducedLabel(String name) {
		String base = name.replaceAll("\\[[^\\]]*\\]$", "");
		base = base.replaceAll("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "");
		return base + "_red";
	}
}
