package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineResult;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsPath;
import org.astrofiji.io.OutputFiles;

/**
 * Combines frames pixel by pixel: FITS files streamed in bands of rows (so any number of large
 * frames combine in bounded memory), or an open stack. Writes SCI, ERR (standard error), DQ and COUNT
 * (frames used per pixel).
 */
@Plugin(type = Command.class, label = "Combine Frames", headless = true,
	description = "Combine frames (files or an open stack) by median, mean, sigma clipping or minmax rejection, in bounded memory")
public class CombineFramesCommand implements Command {

	@Parameter(label = "stack", required = false, attrs = @Attr(name = Commands.CHOOSE_IMAGE, value = "true"),
		description = "An open stack to combine (its slices are the frames), when no files or directory are given")
	private AstroImage stack;

	@Parameter(label = "files", required = false, persist = false, attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "stack"),
		description = "FITS files to combine, comma-separated (relative to directory when given; file.fits[SCI] picks an HDU)")
	private String files = "";

	@Parameter(label = "directory", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "stack"),
		description = "Directory of the frames, selected by pattern when files is empty")
	private File directory;

	@Parameter(label = "pattern", description = "Glob(s) selecting the frames in directory, comma-separated, case-insensitive")
	private String pattern = "*.fits";

	@Parameter(label = "hdu", required = false, description = "HDU to read from every file: empty for the first image, an index or an EXTNAME")
	private String hdu = "";

	@Parameter(label = "method", choices = { "median", "mean", "sigma_clip", "minmax" },
		description = "Combination: median (even N: mean of the two middle values), mean, sigma-clipped mean, or mean after dropping nlow/nhigh extremes")
	private String method = "median";

	@Parameter(label = "scale", choices = { "none", "exposure", "median", "mean" },
		description = "Scale each frame to the mean level of all: by exposure time, or by its median or mean")
	private String scale = "none";

	@Parameter(label = "weights", required = false,
		description = "Weights for mean, sigma_clip and minmax: empty (equal), one number per frame (comma-separated), or a header keyword")
	private String weights = "";

	@Parameter(label = "exptime_key", description = "Header keyword of the exposure time")
	private String exptime_key = "EXPTIME";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Rejection (sigma_clip, minmax)";

	@Parameter(label = "sigma_low", min = "0.1", description = "sigma_clip: reject values below center - sigma_low x deviation")
	private double sigma_low = 3;

	@Parameter(label = "sigma_high", min = "0.1", description = "sigma_clip: reject values above center + sigma_high x deviation")
	private double sigma_high = 3;

	@Parameter(label = "center", choices = { "mean", "median" }, description = "sigma_clip: center of the bounds")
	private String center = "mean";

	@Parameter(label = "deviation", choices = { "std", "mad_std" },
		description = "sigma_clip: population standard deviation, or 1.4826 x median absolute deviation")
	private String deviation = "std";

	@Parameter(label = "iterations", min = "1", max = "100",
		description = "sigma_clip: clipping passes (1 = ccdproc's default); stops early when nothing more is rejected")
	private int iterations = 1;

	@Parameter(label = "nlow", min = "0", description = "minmax: lowest values dropped per pixel")
	private int nlow = 1;

	@Parameter(label = "nhigh", min = "0", description = "minmax: highest values dropped per pixel")
	private int nhigh = 1;

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "FITS file to write: SCI, ERR, DQ and COUNT extensions")
	private File output;

	@Parameter(label = "overwrite", description = "Replace the output file if it exists")
	private boolean overwrite;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "combined")
	private AstroImage combined;

	@Parameter(type = ItemIO.OUTPUT, label = "frames")
	private Table frames;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			List<String> paths = paths();
			if (!paths.isEmpty()) combineFiles(paths);
			else if (stack != null) combineStack();
			else throw new IllegalArgumentException("nothing to combine: give files, or a directory and pattern, or open a stack");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	private List<String> paths() throws IOException {
		List<String> paths = new ArrayList<>();
		List<String> listed = FrameFiles.split(files);
		if (!listed.isEmpty()) {
			for (String f : listed) {
				File file = new File(f);
				paths.add(directory != null && !file.isAbsolute() ? new File(directory, f).getPath() : f);
			}
		}
		else if (directory != null) {
			for (File f : FrameFiles.glob(directory, pattern)) paths.add(f.getPath());
			if (paths.isEmpty()) throw new IllegalArgumentException("pattern '" + pattern + "' matched no FITS file in " + directory);
		}
		return paths;
	}

	private CombineSettings settings() {
		CombineSettings s = CombineSettings.of(method, center, deviation, sigma_low, sigma_high, iterations, nlow, nhigh);
		s.scale = CombineSettings.Scale.of(scale);
		return s;
	}

	private void combineFiles(List<String> paths) throws IOException {
		List<FitsBandReader> readers = FrameFiles.open(paths, hdu);
		try {
			int n = readers.size();
			CombineSettings s = settings();
			double[] exposure = new double[n];
			boolean allExposures = true;
			for (int i = 0; i < n; i++) {
				FitsHeader h = readers.get(i).header();
				exposure[i] = s.scale == CombineSettings.Scale.EXPOSURE
					? FrameFiles.required(h, exptime_key, "to scale by exposure (scale=exposure)") : FrameFiles.optional(h, exptime_key);
				allExposures &= !Double.isNaN(exposure[i]);
			}
			s.exposures = exposure;
			s.weights = weights(readers);
			List<RowSource> sources = new ArrayList<>();
			for (FitsBandReader r : readers) sources.add(FrameFiles.source(r));
			if (output != null) {
				List<File> inputs = new ArrayList<>();
				for (String p : paths) inputs.add(FitsPath.parse(p).file());
				OutputFiles.checkNotInput(output, inputs);
				OutputFiles.checkWritable(output, overwrite);
			}
			CombineResult r = StackCombiner.combine(sources, s, new StatusProgress(status));
			FitsHeader h = readers.get(0).header().copy();
			List<String> names = new ArrayList<>();
			for (FitsBandReader rd : readers) names.add(rd.name());
			if (allExposures) {
				double mean = 0;
				for (double t : exposure) mean += t / n;
				h.set(exptime_key, mean, "mean exposure time of the combined frames, s");
			}
			frames = table(names, exposure, r.scaleFactors, s.weights);
			finish(r, h, names);
		}
		finally {
			FrameFiles.close(readers);
		}
	}

	private void combineStack() throws IOException {
		Images.requireDimensions("stack", stack.sci(), 3);
		CombineSettings s = settings();
		if (s.scale == CombineSettings.Scale.EXPOSURE) throw new IllegalArgumentException(
			"scale=exposure needs files: the slices of an open stack carry no exposure times");
		int n = stack.depth();
		s.weights = weights(null);
		CombineResult r = StackCombiner.combine(stack.sci(), s, new StatusProgress(status));
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= n; i++) names.add("slice " + i);
		double[] none = new double[n];
		java.util.Arrays.fill(none, Double.NaN);
		frames = table(names, none, r.scaleFactors, s.weights);
		finish(r, stack.headerCopy(), names);
	}

	/** Weights from the list of numbers or from a header keyword of every file. */
	private double[] weights(List<FitsBandReader> readers) {
		String w = weights == null ? "" : weights.trim();
		if (w.isEmpty()) return null;
		List<String> parts = FrameFiles.split(w);
		int n = readers != null ? readers.size() : stack.depth();
		if (parts.size() == 1 && !parts.get(0).matches("[-+0-9.eE]+")) {
			if (readers == null) throw new IllegalArgumentException("weights: '" + w +
				"' is a header keyword, but an open stack has no per-slice headers; give one number per slice");
			double[] out = new double[n];
			for (int i = 0; i < n; i++) out[i] = FrameFiles.required(readers.get(i).header(), parts.get(0), "as the weight (weights=" + w + ")");
			return out;
		}
		if (parts.size() != n) throw new IllegalArgumentException("weights: " + parts.size() + " numbers for " + n + " frames");
		double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			try {
				out[i] = Double.parseDouble(parts.get(i));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("weights: '" + parts.get(i) + "' is not a number");
			}
		}
		return out;
	}

	private static Table table(List<String> names, double[] exposure, double[] factors, double[] weights) {
		Table t = new Table("combined frames", "frame", "exptime", "scale", "weight");
		for (int i = 0; i < names.size(); i++) t.addRow(names.get(i), exposure[i], factors[i], weights == null ? 1.0 : weights[i]);
		return t;
	}

	private void finish(CombineResult r, FitsHeader h, List<String> names) throws IOException {
		h.set("NCOMBINE", names.size(), "number of frames combined");
		h.addHistory(Provenance.of(this));
		h.addHistory("inputs: " + String.join(" ", names));
		h.addHistory(r.summary());
		combined = r.image("combined", h);
		summary = String.format(Locale.ROOT, "Combine Frames: %s; mean %.6g", r.summary(), r.meanValue());
		if (output != null) {
			org.astrofiji.io.FitsWriter.write(output, overwrite, Products.mef(combined, r.count));
			summary += "\nwrote " + output + " (SCI, ERR, DQ, COUNT)";
		}
	}
}
