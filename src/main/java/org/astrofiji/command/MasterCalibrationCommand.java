package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.Frame;
import org.astrofiji.core.calibration.FrameSelection;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.io.CalibrationOutput;
import org.astrofiji.io.CalibrationStore;
import org.astrofiji.io.FrameFiles;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.OutputSet;

/**
 * A night's calibration in one run: selects bias, dark, flat and science frames in a directory
 * ({@link FrameSelection}), makes the masters and the bad-pixel mask, reduces every science frame and
 * (optionally) combines them per filter ({@link MasterCalibration}); writes everything to the output
 * directory at once ({@link CalibrationProducts}), with a summary table. Over 150 lines only because
 * of its 22 own parameters (declared here, three lines each); the run itself is {@link #run}.
 */
@Plugin(type = Command.class, label = "Master Calibration", headless = true,
	description = "Make master bias, darks and flats from a night's frames and reduce every science frame (ccdproc's recipe or the seed recipe)")
@InheritedAfter("science")
public class MasterCalibrationCommand extends CombiningCommand {

	@Parameter(label = "directory", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory holding the night's raw frames")
	private File directory;

	@Parameter(label = "bias", required = false,
		description = "Glob(s) of the bias frames, comma-separated, case-insensitive; empty: no bias subtraction")
	private String bias = Type.BIAS.defaultGlob;

	@Parameter(label = "darks", required = false,
		description = "Glob(s) of the dark frames; empty: no darks (the default glob may match none)")
	private String darks = Type.DARK.defaultGlob;

	@Parameter(label = "flats", required = false,
		description = "Glob(s) of the flat frames; empty: no flat-fielding (the default glob may match none)")
	private String flats = Type.FLAT.defaultGlob;

	@Parameter(label = "science", required = false,
		description = "Glob(s) of the science frames (files also matched by a calibration glob are left out); empty: masters only")
	private String science = Type.SCIENCE.defaultGlob;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Masters and reduction";

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

	@Parameter(label = "gain (e-/ADU)", min = "0",
		description = "Gain for the science uncertainty; 0: from the header (GAIN, EGAIN, ATODGAIN or CCDGAIN)")
	private double gain = 0;

	@Parameter(label = "read_noise (e-)", min = "0",
		description = "Read noise for the science uncertainty; 0: from the header (RDNOISE, READNOIS, READNSE or RON)")
	private double read_noise = 0;

	@Parameter(label = "combine_science", description = "Also combine the reduced science frames of each filter into combined_<filter>.fits (frames already aligned, or with align_science)")
	private boolean combine_science;

	@Parameter(label = "align_science", description = "Before combine_science combines them, align each filter's reduced frames onto its first by their stars (similarity, cubic spline; held in memory)")
	private boolean align_science;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "Bad pixels (0 turns a test off)";

	@Parameter(label = "hot_sigma", min = "0",
		description = "Flag hot pixels (DQ 8) where the longest master dark, scaled to the science exposure, exceeds its 7x7 median by more than hot_sigma robust sigma; 0: none")
	private double hot_sigma = 5;

	@Parameter(label = "dead_fraction", min = "0", max = "0.99",
		description = "Flag dead pixels (DQ 16) where a master flat is below dead_fraction x its 7x7 median; 0: none")
	private double dead_fraction = 0.5;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading3 = "Frame types from the header";

	@Parameter(label = "imagetyp_key", required = false,
		description = "Keyword of the frame type; a frame that has it is used only if its value is one of the type's values; empty: select by globs only")
	private String imagetyp_key = "IMAGETYP";

	@Parameter(label = "bias_types", description = "IMAGETYP values of bias frames, comma-separated, case-insensitive")
	private String bias_types = Type.BIAS.defaultValues;

	@Parameter(label = "dark_types", description = "IMAGETYP values of dark frames")
	private String dark_types = Type.DARK.defaultValues;

	@Parameter(label = "flat_types", description = "IMAGETYP values of flat frames")
	private String flat_types = Type.FLAT.defaultValues;

	@Parameter(label = "science_types", description = "IMAGETYP values of science frames")
	private String science_types = Type.SCIENCE.defaultValues;

	@Parameter(label = "filter_key", description = "Keyword of the filter (flats and science frames are grouped by it)")
	private String filter_key = "FILTER";

	@Parameter(label = "output", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory to write the masters, the bad-pixel mask, the reduced frames and calibration_summary.csv into")
	private File output;

	@Parameter(label = "reduced_output", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory for the reduced science frames (<frame>_red.fits); empty: the output directory")
	private File reduced_output;

	@Parameter(label = "products", required = false,
		description = "Make only these parts, comma-separated: master_bias, master_dark_<t>s, master_flat_<filter>, bad_pixels, <frame>_red, calibration_summary; the masters they need are read from the output directory; empty: everything")
	private String products = "";

	@Parameter(label = "overwrite", description = "Replace products of an earlier run in the output directory")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "calibration summary")
	private Table calibration;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		if (directory == null || !directory.isDirectory()) throw new IllegalArgumentException("directory: " + directory +
			" is not a directory");
		if (output == null) throw new IllegalArgumentException("output: give a directory for the products");
		if (output.getAbsoluteFile().toPath().normalize().equals(directory.getAbsoluteFile().toPath().normalize())) {
			throw new IllegalArgumentException("output must not be the input directory " + directory +
				" (its products would be selected as frames next time)");
		}
		if (reduced_output != null && reduced_output.getAbsoluteFile().toPath().normalize().equals(
			directory.getAbsoluteFile().toPath().normalize())) throw new IllegalArgumentException(
				"reduced_output must not be the input directory " + directory);
		MasterCalibration.Settings s = settings();
		try (FrameFiles files = new FrameFiles(directory, hdu)) {
			FrameSelection.Result selected = selection().select(files.names(), directory.toString(), files::header);
			Map<Type, List<Frame>> night = MasterCalibration.frames(selected, files::source, files::header, s);
			// staged and published together: of two runs racing into one directory exactly one publishes
			File reducedDir = reduced_output == null || reduced_output.getAbsoluteFile().equals(output.getAbsoluteFile()) ? null
				: reduced_output;
			try (OutputSet outputs = OutputSet.create(output, overwrite); CalibrationOutput out = new CalibrationOutput(outputs,
				reducedDir))
			{
				if (!overwrite && new File(output, CalibrationProducts.SUMMARY).exists()) throw new IllegalArgumentException("output " +
					output + " already holds calibration products (" + CalibrationProducts.SUMMARY + "); set overwrite or choose " +
					"another directory");
				MasterCalibration.Result result = MasterCalibration.run(night, s, new CalibrationProducts(out, night.values(),
					Provenance.of(this), s), new CalibrationStore(output, outputs), progress());
				calibration = CalibrationProducts.summary(result, selected);
				if (s.make.isEmpty() || s.make.contains(MasterCalibration.SUMMARY)) {
					CsvTables.write(outputs.file(CalibrationProducts.SUMMARY), calibration, true);
				}
				out.close(); // the band readers of staged files, before they are published
				outputs.commit();
				summary = result.describe(directory.toString(), outputs.names(), output.toString());
			}
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

	private FrameSelection selection() {
		return FrameSelection.by(imagetyp_key).glob(Type.BIAS, bias).glob(Type.DARK, darks).glob(Type.FLAT, flats)
			.glob(Type.SCIENCE, science).values(Type.BIAS, bias_types).values(Type.DARK, dark_types)
			.values(Type.FLAT, flat_types).values(Type.SCIENCE, science_types);
	}

	private MasterCalibration.Settings settings() {
		MasterCalibration.Settings s = new MasterCalibration.Settings();
		s.combine = rejection();
		s.scaleDarks = scale_darks;
		s.flatScale = CombineSettings.Scale.of(flat_scale);
		s.combineScience = combine_science;
		s.alignScience = align_science;
		s.exptimeKey = exptime_key;
		s.filterKey = filter_key;
		s.gain = gain;
		s.readNoise = read_noise;
		s.overscan = overscan;
		s.trim = trim;
		s.hotSigma = hot_sigma;
		s.deadFraction = dead_fraction;
		s.make = products == null || products.isBlank() ? java.util.Set.of() : new java.util.LinkedHashSet<>(java.util.Arrays.asList(
			products.trim().split("\\s*,\\s*")));
		return s;
	}
}
