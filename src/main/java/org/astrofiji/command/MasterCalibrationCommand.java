package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineResult;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.Frame;
import org.astrofiji.core.calibration.Master;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.core.calibration.Reduced;
import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.core.calibration.Section;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.core.image.FitsHeader;

/**
 * A night's calibration in one run: selects bias, dark, flat and science frames in a directory by
 * glob and IMAGETYP, makes the masters, reduces every science frame and (optionally) combines them
 * per filter; writes everything to the output directory at once, with a summary table.
 */
@Plugin(type = Command.class, label = "Master Calibration", headless = true,
	description = "Make master bias, darks and flats from a night's frames and reduce every science frame (ccdproc's recipe or the seed recipe)")
public class MasterCalibrationCommand implements Command {

	static final String DEFAULT_DARKS = "*dark*", DEFAULT_FLATS = "*flat*";

	@Parameter(label = "directory", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory holding the night's raw frames")
	private File directory;

	@Parameter(label = "bias", required = false,
		description = "Glob(s) of the bias frames, comma-separated, case-insensitive; empty: no bias subtraction")
	private String bias = "*bias*";

	@Parameter(label = "darks", required = false,
		description = "Glob(s) of the dark frames; empty: no darks (the default glob may match none)")
	private String darks = DEFAULT_DARKS;

	@Parameter(label = "flats", required = false,
		description = "Glob(s) of the flat frames; empty: no flat-fielding (the default glob may match none)")
	private String flats = DEFAULT_FLATS;

	@Parameter(label = "science", required = false,
		description = "Glob(s) of the science frames (files also matched by a calibration glob are left out); empty: masters only")
	private String science = "*";

	@Parameter(label = "hdu", required = false, description = "HDU to read from every file: empty for the first image, an index or an EXTNAME")
	private String hdu = "";

	@Parameter(label = "method", choices = { "median", "mean", "sigma_clip", "minmax" },
		description = "How masters (and the science combination) are combined")
	private String method = "median";

	@Parameter(label = "sigma_low", min = "0.1", description = "sigma_clip: reject values below center - sigma_low x deviation")
	private double sigma_low = 3;

	@Parameter(label = "sigma_high", min = "0.1", description = "sigma_clip: reject values above center + sigma_high x deviation")
	private double sigma_high = 3;

	@Parameter(label = "center", choices = { "mean", "median" }, description = "sigma_clip: center of the bounds")
	private String center = "mean";

	@Parameter(label = "deviation", choices = { "std", "mad_std" }, description = "sigma_clip: std or 1.4826 x MAD")
	private String deviation = "std";

	@Parameter(label = "iterations", min = "1", max = "100", description = "sigma_clip: clipping passes")
	private int iterations = 1;

	@Parameter(label = "nlow", min = "0", description = "minmax: lowest values dropped per pixel")
	private int nlow = 1;

	@Parameter(label = "nhigh", min = "0", description = "minmax: highest values dropped per pixel")
	private int nhigh = 1;

	@Parameter(label = "scale_darks",
		description = "Subtract bias from darks and scale them by exposure time (ccdproc); off: darks keep the bias and are subtracted unscaled (seed recipe)")
	private boolean scale_darks = true;

	@Parameter(label = "flat_scale", choices = { "median", "mean", "exposure", "none" },
		description = "Scaling of each flat frame before combining (none reproduces ccdproc's and the seed recipe's flat)")
	private String flat_scale = "median";

	@Parameter(label = "overscan", required = false,
		description = "Overscan to subtract per line: empty for none, 'header' for each frame's BIASSEC, or a FITS section [x1:x2,y1:y2]")
	private String overscan = "";

	@Parameter(label = "trim", required = false,
		description = "Data section to keep: empty for all, 'header' for each frame's TRIMSEC, or a FITS section [x1:x2,y1:y2]")
	private String trim = "";

	@Parameter(label = "gain (e-/ADU)", min = "0", description = "Gain for the science uncertainty; 0: from the gain_key header keyword")
	private double gain = 0;

	@Parameter(label = "read_noise (e-)", min = "0", description = "Read noise for the science uncertainty; 0: from the rdnoise_key header keyword")
	private double read_noise = 0;

	@Parameter(label = "combine_science", description = "Also combine the reduced science frames of each filter (aligned frames) into combined_<filter>.fits")
	private boolean combine_science;

	@Parameter(label = "imagetyp_key", required = false,
		description = "Keyword of the frame type; a frame that has it is used only if its value is one of the type's values; empty: select by globs only")
	private String imagetyp_key = "IMAGETYP";

	@Parameter(label = "bias_types", description = "IMAGETYP values of bias frames, comma-separated, case-insensitive")
	private String bias_types = "Bias Frame,bias,zero";

	@Parameter(label = "dark_types", description = "IMAGETYP values of dark frames")
	private String dark_types = "Dark Frame,dark";

	@Parameter(label = "flat_types", description = "IMAGETYP values of flat frames")
	private String flat_types = "Flat Field,Flat Frame,flat,flatfield,sky flat,dome flat,twilight flat";

	@Parameter(label = "science_types", description = "IMAGETYP values of science frames")
	private String science_types = "Light Frame,light,object,science";

	@Parameter(label = "exptime_key", description = "Keyword of the exposure time (s); text values such as '40' are read as numbers")
	private String exptime_key = "EXPTIME";

	@Parameter(label = "filter_key", description = "Keyword of the filter (flats and science frames are grouped by it)")
	private String filter_key = "FILTER";

	@Parameter(label = "gain_key", description = "Keyword of the gain (e-/ADU)")
	private String gain_key = "GAIN";

	@Parameter(label = "rdnoise_key", description = "Keyword of the read noise (e-)")
	private String rdnoise_key = "RDNOISE";

	@Parameter(label = "output", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory to write the masters, the reduced frames and calibration_summary.csv into")
	private File output;

	@Parameter(label = "overwrite", description = "Replace products of an earlier run in the output directory")
	private boolean overwrite;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "calibration summary")
	private Table calibration;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	/** A selected frame with its reader. */
	private static final class Selected {

		final File file;
		final FitsBandReader reader;
		final String type;

		Selected(File file, FitsBandReader reader, String type) {
			this.file = file;
			this.reader = reader;
			this.type = type;
		}
	}

	@Override
	public void run() {
		try {
			calibrate();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
	}

	private void calibrate() throws Exception {
		if (directory == null || !directory.isDirectory()) throw new IllegalArgumentException("directory: " + directory +
			" is not a directory");
		if (output == null) throw new IllegalArgumentException("output: give a directory for the products");
		if (output.getAbsoluteFile().toPath().normalize().equals(directory.getAbsoluteFile().toPath().normalize())) {
			throw new IllegalArgumentException("output must not be the input directory " + directory +
				" (its products would be selected as frames next time)");
		}
		List<FitsBandReader> open = new ArrayList<>();
		Table skipped = new Table("skipped", "file", "type", "filter", "exptime", "product", "note");
		try {
			Map<String, List<Selected>> sel = select(open, skipped);
			MasterCalibration.Settings s = new MasterCalibration.Settings();
			s.combine = combineSettings();
			s.scaleDarks = scale_darks;
			s.flatScale = CombineSettings.Scale.of(flat_scale);
			s.combineScience = combine_science;
			boolean darksUsed = !sel.get("dark").isEmpty();
			Map<String, List<Frame>> frames = new LinkedHashMap<>();
			for (String type : List.of("bias", "dark", "flat", "science")) {
				List<Frame> list = new ArrayList<>();
				for (Selected x : sel.get(type)) list.add(frame(x, darksUsed));
				frames.put(type, list);
			}
			String history = Provenance.of(this);
			try (Products products = new Products(output, overwrite)) {
				Writer writer = new Writer(products, sel, history);
				MasterCalibration.Result result = MasterCalibration.run(frames.get("bias"), frames.get("dark"), frames.get("flat"),
					frames.get("science"), s, writer, new StatusProgress(status));
				calibration = finishTable(result.summary, skipped);
				products.write("calibration_summary.csv", calibration);
				products.commit();
				summary = describe(sel, result, products.names());
				writer.closeReaders();
			}
		}
		finally {
			FrameFiles.close(open);
		}
	}

	private CombineSettings combineSettings() {
		return CombineSettings.of(method, center, deviation, sigma_low, sigma_high, iterations, nlow, nhigh);
	}

	/**
	 * Selects the frames of each type: by glob, then by IMAGETYP when the frame has that keyword.
	 * Every selected file is opened here (so a damaged file fails before anything is computed).
	 */
	private Map<String, List<Selected>> select(List<FitsBandReader> open, Table skipped) throws IOException {
		String[] types = { "bias", "dark", "flat", "science" };
		String[] globs = { bias, darks, flats, science };
		String[] keys = { "bias", "darks", "flats", "science" };
		String[] values = { bias_types, dark_types, flat_types, science_types };
		Map<String, List<Selected>> sel = new LinkedHashMap<>();
		Map<File, FitsBandReader> readers = new LinkedHashMap<>();
		Set<File> calibrationFiles = new LinkedHashSet<>();
		for (int t = 0; t < 4; t++) {
			List<Selected> list = new ArrayList<>();
			sel.put(types[t], list);
			String glob = globs[t] == null ? "" : globs[t].trim();
			if (glob.isEmpty()) continue;
			List<File> matched = FrameFiles.glob(directory, glob);
			if (t == 3) matched.removeIf(calibrationFiles::contains);
			List<String> seenTypes = new ArrayList<>();
			for (File f : matched) {
				FitsBandReader r = readers.get(f);
				if (r == null) {
					r = FrameFiles.open(List.of(f.getPath()), hdu).get(0);
					readers.put(f, r);
					open.add(r);
				}
				String type = imagetyp_key == null || imagetyp_key.isBlank() ? null : r.header().getString(imagetyp_key);
				if (type != null && !isOneOf(type, values[t])) {
					if (!seenTypes.contains(type)) seenTypes.add(type);
					skipped.addRow(r.name(), "skipped", "", Double.NaN, "", keys[t] + " glob matched it but " +
						imagetyp_key.toUpperCase(Locale.ROOT) + " = '" + type + "'");
					continue;
				}
				list.add(new Selected(f, r, types[t]));
				if (t < 3) calibrationFiles.add(f);
			}
			boolean optional = (t == 1 && glob.equals(DEFAULT_DARKS)) || (t == 2 && glob.equals(DEFAULT_FLATS));
			if (list.isEmpty() && !optional) {
				if (matched.isEmpty()) throw new IllegalArgumentException(keys[t] + ": '" + glob + "' matched no FITS file in " +
					directory + (t == 0 ? "; give bias= empty for no bias subtraction" : t == 3 ? "; give science= empty for masters only" : ""));
				throw new IllegalArgumentException(keys[t] + ": '" + glob + "' matched " + matched.size() + " files but none has " +
					imagetyp_key.toUpperCase(Locale.ROOT) + " in [" + values[t] + "] (found " + String.join(", ", seenTypes) +
					"); change " + types[t] + "_types, or give imagetyp_key= empty to select by name only");
			}
		}
		// a frame one glob skipped but another type took is not "skipped"
		for (int r = skipped.rowCount() - 1; r >= 0; r--) {
			String name = skipped.getString(r, "file");
			for (List<Selected> l : sel.values()) for (Selected x : l) if (x.reader.name().equals(name)) skipped.set(r, "file", "");
		}
		return sel;
	}

	private static boolean isOneOf(String value, String list) {
		for (String v : FrameFiles.split(list)) if (v.equalsIgnoreCase(value.trim())) return true;
		return false;
	}

	/** The core's view of a selected frame: header numbers and sections. */
	private Frame frame(Selected x, boolean darksUsed) {
		FitsHeader h = x.reader.header();
		boolean needExposure = (scale_darks && darksUsed && !x.type.equals("bias")) ||
			(x.type.equals("flat") && flat_scale.equals("exposure"));
		double exptime = needExposure ? FrameFiles.required(h, exptime_key, x.type.equals("flat") && !darksUsed
			? "to scale the flats by exposure (flat_scale=exposure)" : "to scale the dark (scale_darks)")
			: FrameFiles.optional(h, exptime_key);
		String filter = filter_key == null || filter_key.isBlank() ? "" : h.getString(filter_key);
		Frame f = new Frame(x.reader.name(), FrameFiles.source(x.reader), exptime, filter == null ? "" : filter);
		f.gain = gain > 0 ? gain : FrameFiles.optional(h, gain_key);
		f.readNoise = read_noise > 0 ? read_noise : FrameFiles.optional(h, rdnoise_key);
		f.saturation = FrameFiles.optional(h, "SATURATE");
		f.overscan = section(overscan, "BIASSEC", "overscan", x);
		f.trim = section(trim, "TRIMSEC", "trim", x);
		return f;
	}

	private static Section section(String spec, String keyword, String key, Selected x) {
		String s = spec == null ? "" : spec.trim();
		if (s.isEmpty()) return null;
		int w = x.reader.width(), h = x.reader.height();
		if (s.equalsIgnoreCase("header")) {
			String v = x.reader.header().getString(keyword);
			if (v == null || v.isBlank()) throw new IllegalArgumentException(key + "=header but " + x.reader.name() + " has no " +
				keyword + " keyword");
			return Section.parse(v, w, h, keyword + " of " + x.reader.name());
		}
		return Section.parse(s, w, h, key);
	}

	/** Writes the products as they are made, with their headers and HISTORY. */
	private final class Writer implements MasterCalibration.Sink {

		final Products products;
		final Map<String, Selected> byName = new LinkedHashMap<>();
		final String history;
		final List<FitsBandReader> readBack = new ArrayList<>();

		Writer(Products products, Map<String, List<Selected>> sel, String history) {
			this.products = products;
			this.history = history;
			for (List<Selected> l : sel.values()) for (Selected x : l) byName.put(x.reader.name(), x);
		}

		private FitsHeader header(String first) {
			Selected x = byName.get(first);
			FitsHeader h = x == null ? new FitsHeader() : x.reader.header().copy();
			if (!trim.isBlank()) h.removeWcs();
			return h.addHistory(history);
		}

		@Override
		public void master(Master m) throws IOException {
			FitsHeader h = header(m.inputs.get(0)).removeWcs();
			h.set("NCOMBINE", m.inputs.size(), "number of frames combined");
			h.set("CALTYPE", m.kind, "master calibration frame");
			if (!Double.isNaN(m.exptime)) h.set(exptime_key, m.exptime, "exposure time of the master, s");
			h.addHistory("inputs: " + String.join(" ", m.inputs));
			h.addHistory(m.description);
			products.write(m.label + ".fits", Products.mef(m.image(h), m.count));
		}

		@Override
		public RowSource reduced(Reduced r) throws IOException {
			FitsHeader h = header(r.frame.name);
			if (!Double.isNaN(r.saturation)) h.set("SATURATE", r.saturation,
				"lowest calibrated value of a saturated pixel");
			h.addHistory("calibrated: " + r.description);
			products.write(r.label + ".fits", Products.mef(r.image(h), null));
			if (!combine_science) return null;
			FitsBandReader back = FitsBandReader.open(products.file(r.label + ".fits"), "SCI");
			readBack.add(back);
			return FrameFiles.source(back);
		}

		@Override
		public void combined(String label, String filter, CombineResult r, List<String> inputs) throws IOException {
			String first = inputs.get(0).replaceAll("_red$", "");
			Selected x = null;
			for (Selected s : byName.values()) if (s.reader.name().replaceAll("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "").equals(first)) x = s;
			FitsHeader h = header(x == null ? "" : x.reader.name());
			h.set("NCOMBINE", inputs.size(), "number of reduced frames combined");
			h.addHistory("inputs: " + String.join(" ", inputs));
			h.addHistory(r.summary());
			products.write(label + ".fits", Products.mef(r.image(label, h), r.count));
		}

		void closeReaders() {
			FrameFiles.close(readBack);
		}
	}

	/** The core's table with file names for the products, then the frames the globs matched but IMAGETYP excluded. */
	private static Table finishTable(Table t, Table skipped) {
		for (int r = 0; r < t.rowCount(); r++) {
			String p = t.getString(r, "product");
			if (!p.isEmpty()) t.set(r, "product", p + ".fits");
			if (t.getString(r, "type").startsWith("master") || t.getString(r, "type").startsWith("combined")) {
				t.set(r, "file", t.getString(r, "file") + ".fits");
			}
		}
		for (int r = 0; r < skipped.rowCount(); r++) {
			if (skipped.getString(r, "file").isEmpty()) continue;
			t.addRow(skipped.getString(r, "file"), "skipped", "", Double.NaN, "", skipped.getString(r, "note"));
		}
		return t;
	}

	private String describe(Map<String, List<Selected>> sel, MasterCalibration.Result result, List<String> written) {
		StringBuilder sb = new StringBuilder("Master Calibration of ").append(directory).append(": ");
		sb.append(sel.get("bias").size()).append(" bias, ").append(sel.get("dark").size()).append(" darks, ");
		sb.append(sel.get("flat").size()).append(" flats, ").append(sel.get("science").size()).append(" science frames");
		sb.append(scale_darks ? " (darks scaled by exposure time)" : " (darks unscaled, bias kept: seed recipe)");
		if (result.bias != null) sb.append("\n  ").append(result.bias);
		for (Master m : result.darks) sb.append("\n  ").append(m);
		for (Master m : result.flats.values()) sb.append("\n  ").append(m);
		for (String n : result.notes) sb.append("\n  note: ").append(n);
		sb.append("\nwrote ").append(written.size()).append(" files to ").append(output).append(": ").append(String.join(", ",
			written.size() > 8 ? written.subList(0, 8) : written)).append(written.size() > 8 ? ", ..." : "");
		return sb.toString();
	}
}
