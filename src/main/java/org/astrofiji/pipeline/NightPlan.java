package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.astrofiji.core.Globs;
import org.astrofiji.core.calibration.FrameSelection;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.composite.Filters;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.photometry.ObservationTime;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.io.FrameFiles;

/**
 * What a directory of raw frames holds, decided from the headers before anything is computed: every
 * FITS file classified as bias, dark, flat or science (by IMAGETYP, else by name, with Master
 * Calibration's keys and defaults), the frames that cannot be used and why (unreadable, another size,
 * no flat for its filter, no exposure time where one is needed), and the science frames grouped by
 * filter and epoch (frames more than half a day apart belong to different epochs).
 * <p>
 * Plain data: the local scheduler and a distributed engine plan the same night from it.
 */
public final class NightPlan implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Frames taken more than this many days apart start a new epoch. */
	static final double EPOCH_GAP_DAYS = 0.5;
	private static final long MJD_OF_1970 = 40587;

	/** How frames are recognised: Master Calibration's selection keys, as set for the night. */
	public static final class Selection implements Serializable {

		private static final long serialVersionUID = 1L;

		public String imagetypKey = "IMAGETYP", filterKey = "FILTER", exptimeKey = "EXPTIME", hdu = "";
		public boolean scaleDarks = true;
		public final Map<Type, String> globs = new EnumMap<>(Type.class), types = new EnumMap<>(Type.class);

		public Selection() {
			for (Type t : Type.values()) {
				globs.put(t, t.defaultGlob);
				types.put(t, t.defaultValues);
			}
		}
	}

	private final File input;
	private final List<NightFrame> frames;
	private final List<String> notes;

	private NightPlan(File input, List<NightFrame> frames, List<String> notes) {
		this.input = input;
		this.frames = Collections.unmodifiableList(frames);
		this.notes = Collections.unmodifiableList(notes);
	}

	/**
	 * Classifies the FITS files of {@code input}. Fails (naming the directory) when it is missing,
	 * unreadable, holds no FITS file or no usable science frame.
	 */
	public static NightPlan of(File input, Selection sel) throws IOException {
		if (input == null) throw new IllegalArgumentException("input: give the directory of the night's raw frames");
		if (!input.isDirectory()) throw new IllegalArgumentException("input: " + input + " is not a directory");
		if (input.listFiles() == null) throw new IllegalArgumentException("input: cannot read the directory " + input);
		List<File> files = FrameFiles.list(input);
		if (files.isEmpty()) throw new IllegalArgumentException("input: no FITS files (.fits, .fit, .fts, .gz, .fz) in " + input);
		Map<String, NightFrame> byName = new LinkedHashMap<>();
		Map<String, FitsHeader> headers = new LinkedHashMap<>();
		for (File f : files) {
			try (FitsBandReader r = sel.hdu.isBlank() ? FitsBandReader.open(f.getPath()) : FitsBandReader.open(f, sel.hdu)) {
				headers.put(f.getName(), r.header());
				byName.put(f.getName(), new NightFrame(f.getName(), null, "", Double.NaN, r.width(), r.height(), Double.NaN, "", null));
			}
			catch (IOException | RuntimeException e) {
				byName.put(f.getName(), NightFrame.unusable(f.getName(), "unreadable: " + oneLine(e.getMessage())));
			}
		}
		List<String> notes = new ArrayList<>();
		classify(byName, headers, sel, input, notes);
		sameSize(byName);
		exposures(byName, sel);
		flatsForScience(byName);
		List<NightFrame> all = epochs(new ArrayList<>(byName.values()), notes);
		NightPlan plan = new NightPlan(input, all, notes);
		if (plan.science().isEmpty()) {
			StringBuilder why = new StringBuilder();
			for (NightFrame f : all) if (!f.isUsed() && why.length() < 300) why.append("; ").append(f.name).append(": ").append(f.skipReason());
			throw new IllegalArgumentException("input: no usable science frame among the " + files.size() + " FITS files in " + input + why);
		}
		return plan;
	}

	/** Types by IMAGETYP and names (Master Calibration's rules); a default glob that matches no file selects none. */
	private static void classify(Map<String, NightFrame> byName, Map<String, FitsHeader> headers, Selection sel, File input,
		List<String> notes) throws IOException
	{
		List<String> readable = new ArrayList<>(headers.keySet());
		FrameSelection s = FrameSelection.by(sel.imagetypKey);
		for (Type t : Type.values()) {
			String glob = sel.globs.get(t);
			boolean any = false;
			for (String n : readable) any |= Globs.matches(glob, n);
			s.glob(t, !any && glob.equals(t.defaultGlob) ? "" : glob).values(t, sel.types.get(t));
		}
		FrameSelection.Result r = s.select(readable, input.toString(), headers::get);
		Set<String> typed = new LinkedHashSet<>();
		for (Type t : Type.values()) {
			for (String n : r.frames(t)) {
				FitsHeader h = headers.get(n);
				String filter = t == Type.FLAT || t == Type.SCIENCE ? text(h.getString(sel.filterKey)) : "";
				double exptime = h.getDoubleOrNaN(sel.exptimeKey);
				double mjd = t == Type.SCIENCE ? time(h) : Double.NaN;
				NightFrame old = byName.get(n);
				byName.put(n, new NightFrame(n, t, filter, exptime, old.width, old.height, mjd, "", null));
				typed.add(n);
			}
		}
		for (FrameSelection.Skipped k : r.skipped) {
			if (!typed.contains(k.name)) byName.put(k.name, byName.get(k.name).skip(k.note));
		}
		for (String n : readable) {
			if (!typed.contains(n) && byName.get(n).isUsed()) byName.put(n, byName.get(n).skip("matched no frame type (bias, darks, flats, science globs)"));
		}
		int flats = r.frames(Type.FLAT).size(), darks = r.frames(Type.DARK).size(), bias = r.frames(Type.BIAS).size();
		if (bias == 0) notes.add("no bias frames: no bias subtracted");
		if (darks == 0) notes.add("no dark frames: no dark current subtracted, no hot pixels flagged");
		if (flats == 0) notes.add("no flat fields: the frames are not flat-fielded, no dead pixels flagged");
	}

	/** Frames of another size than most science frames cannot be calibrated with them. */
	private static void sameSize(Map<String, NightFrame> byName) {
		Map<String, Integer> count = new LinkedHashMap<>();
		for (NightFrame f : byName.values()) if (f.isUsed() && f.isScience()) count.merge(f.size(), 1, Integer::sum);
		String main = null;
		for (Map.Entry<String, Integer> e : count.entrySet()) if (main == null || e.getValue() > count.get(main)) main = e.getKey();
		if (main == null) return;
		for (NightFrame f : new ArrayList<>(byName.values())) {
			if (f.isUsed() && !f.size().equals(main)) byName.put(f.name, f.skip("its size " + f.size() + " differs from the night's " +
				main + " (the size of most science frames)"));
		}
	}

	/** Scaled darks need the exposure times of darks, flats and science frames. */
	private static void exposures(Map<String, NightFrame> byName, Selection sel) {
		boolean darks = false;
		for (NightFrame f : byName.values()) {
			if (f.isUsed() && f.type == Type.DARK && f.exptime > 0) darks = true;
			else if (f.isUsed() && f.type == Type.DARK && sel.scaleDarks) byName.put(f.name, f.skip("no positive " + sel.exptimeKey +
				": a dark is scaled by its exposure time"));
		}
		if (!darks || !sel.scaleDarks) return;
		for (NightFrame f : new ArrayList<>(byName.values())) {
			if (f.isUsed() && (f.type == Type.FLAT || f.type == Type.SCIENCE) && !(f.exptime >= 0)) byName.put(f.name, f.skip("no " +
				sel.exptimeKey + ": the dark is scaled to the exposure time"));
		}
	}

	/** With flats, a science frame needs a flat of its filter; flats of a filter without science frames are not made. */
	private static void flatsForScience(Map<String, NightFrame> byName) {
		Set<String> flats = new LinkedHashSet<>(), science = new LinkedHashSet<>();
		for (NightFrame f : byName.values()) {
			if (f.isUsed() && f.type == Type.FLAT) flats.add(f.filter);
			if (f.isUsed() && f.isScience()) science.add(f.filter);
		}
		if (flats.isEmpty()) return;
		List<String> shown = new ArrayList<>();
		for (String f : flats) shown.add(f.isEmpty() ? "(none)" : f);
		for (NightFrame f : new ArrayList<>(byName.values())) {
			if (!f.isUsed()) continue;
			if (f.isScience() && !flats.contains(f.filter)) byName.put(f.name, f.skip(f.filter.isEmpty()
				? "no filter keyword, and the flats are for " + String.join(", ", shown) : "no flat in filter " + f.filter +
					" (flats: " + String.join(", ", shown) + ")"));
			if (f.type == Type.FLAT && !science.contains(f.filter)) byName.put(f.name, f.skip("no science frame in filter " +
				f.filterLabel()));
		}
	}

	/** Science frames grouped into epochs by time; labels are the UTC date the epoch's first frame was taken. */
	private static List<NightFrame> epochs(List<NightFrame> frames, List<String> notes) {
		List<NightFrame> dated = new ArrayList<>();
		boolean undated = false;
		for (NightFrame f : frames) {
			if (!f.isUsed() || !f.isScience()) continue;
			if (Double.isNaN(f.mjd)) undated = true;
			else dated.add(f);
		}
		dated.sort(Comparator.comparingDouble((NightFrame f) -> f.mjd).thenComparing(f -> f.name));
		Map<String, String> label = new LinkedHashMap<>();
		String current = null;
		double last = Double.NaN;
		Set<String> used = new LinkedHashSet<>();
		for (NightFrame f : dated) {
			if (current == null || f.mjd - last > EPOCH_GAP_DAYS) {
				String l = LocalDate.ofEpochDay((long) Math.floor(f.mjd) - MJD_OF_1970).toString();
				for (int k = 2; used.contains(l); k++) l = l.replaceAll("-\\d+$", "") + "-" + k;
				used.add(l);
				current = l;
			}
			last = f.mjd;
			label.put(f.name, current);
		}
		if (undated && !dated.isEmpty()) notes.add("some science frames have no observation time (DATE-OBS, MJD-OBS, JD): " +
			"they form the epoch 'undated'");
		List<NightFrame> out = new ArrayList<>();
		for (NightFrame f : frames) {
			if (f.isUsed() && f.isScience()) out.add(f.inEpoch(label.getOrDefault(f.name, dated.isEmpty() ? "" : "undated")));
			else out.add(f);
		}
		return out;
	}

	/** The mid-exposure MJD, or NaN when the header has no usable time. */
	private static double time(FitsHeader h) {
		try {
			return ObservationTime.midExposureMjd(k -> h.contains(k) ? h.getString(k) : null);
		}
		catch (IllegalArgumentException e) {
			return Double.NaN;
		}
	}

	private static String text(String s) {
		return s == null ? "" : s.trim();
	}

	private static String oneLine(String s) {
		return s == null ? "" : s.replace('\n', ' ');
	}

	/** The same plan with one more frame skipped (a frame a command refused). */
	NightPlan without(String name, String why) {
		List<NightFrame> l = new ArrayList<>();
		for (NightFrame f : frames) l.add(f.name.equals(name) ? f.skip(why) : f);
		return new NightPlan(input, l, new ArrayList<>(notes));
	}

	public File input() {
		return input;
	}

	/** Every FITS file of the input, in name order. */
	public List<NightFrame> frames() {
		return frames;
	}

	/** What the night lacks (no darks, no flats, ...), in words. */
	public List<String> notes() {
		return notes;
	}

	/** The used frames of a type, in name order. */
	public List<NightFrame> used(Type type) {
		List<NightFrame> out = new ArrayList<>();
		for (NightFrame f : frames) if (f.isUsed() && f.type == type) out.add(f);
		return out;
	}

	public List<NightFrame> science() {
		return used(Type.SCIENCE);
	}

	public List<NightFrame> skipped() {
		List<NightFrame> out = new ArrayList<>();
		for (NightFrame f : frames) if (!f.isUsed()) out.add(f);
		return out;
	}

	/** A frame by file name, or null. */
	public NightFrame frame(String name) {
		for (NightFrame f : frames) if (f.name.equals(name)) return f;
		return null;
	}

	/** The filters of the science frames, bluest first (known filters by wavelength, then others by name). */
	public List<String> filters() {
		Set<String> set = new LinkedHashSet<>();
		for (NightFrame f : science()) set.add(f.filter);
		List<String> list = new ArrayList<>(set);
		list.sort(Comparator.comparingDouble((String f) -> {
			double nm = Filters.wavelength(f);
			return Double.isNaN(nm) ? Double.MAX_VALUE : nm;
		}).thenComparing(f -> f));
		return list;
	}

	/** The epochs of the science frames, in time order ("" alone when undated). */
	public List<String> epochs() {
		Map<String, Double> first = new LinkedHashMap<>();
		for (NightFrame f : science()) first.merge(f.epoch, Double.isNaN(f.mjd) ? Double.MAX_VALUE : f.mjd, Math::min);
		List<String> list = new ArrayList<>(first.keySet());
		list.sort(Comparator.comparingDouble((String e) -> first.get(e)).thenComparing(e -> e));
		return list;
	}

	/** The science frames of one filter and epoch, in name order. */
	public List<NightFrame> group(String filter, String epoch) {
		List<NightFrame> out = new ArrayList<>();
		for (NightFrame f : science()) if (f.filter.equals(filter) && f.epoch.equals(epoch)) out.add(f);
		return out;
	}

	/**
	 * The epoch a user names: "" (none), "first", or an epoch label; fails listing the epochs when it
	 * names none.
	 */
	public String referenceEpoch(String given) {
		String g = given == null ? "" : given.trim();
		if (g.isEmpty()) return "";
		List<String> epochs = epochs();
		if (g.equalsIgnoreCase("first")) return epochs.get(0);
		for (String e : epochs) if (e.equalsIgnoreCase(g)) return e;
		throw new IllegalArgumentException("reference: no epoch '" + g + "' among the science frames; their epochs are " +
			String.join(", ", shown(epochs)) + " (or give 'first')");
	}

	static List<String> shown(List<String> epochs) {
		List<String> s = new ArrayList<>();
		for (String e : epochs) s.add(e.isEmpty() ? "(undated)" : e);
		return s;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%d files: %d bias, %d darks, %d flats, %d science (%d filters, %d epochs), %d skipped",
			frames.size(), used(Type.BIAS).size(), used(Type.DARK).size(), used(Type.FLAT).size(), science().size(), filters().size(),
			epochs().size(), skipped().size());
	}
}
