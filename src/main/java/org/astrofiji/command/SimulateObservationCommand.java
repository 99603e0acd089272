package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.OutputSet;

/**
 * Writes a simulated night of raw CCD frames with their truth into a directory: the embedded demo
 * data and the source of known-truth test data. See {@link NightSimulator} for what it holds.
 * Slightly over 150 lines for its 20 parameters (the night's detector, field and epoch settings).
 */
@Plugin(type = Command.class, label = "Simulate Observation", headless = true,
	description = "Write a simulated night (bias, darks, flats, science frames of a star field, a second epoch) with its truth")
public class SimulateObservationCommand implements Command {

	@Parameter(label = "output", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory to write the night into (created if needed); truth goes to its truth/ folder")
	private File output;

	@Parameter(label = "seed", description = "Random seed: the same seed gives the same night")
	private long seed = 1;

	@Parameter(label = "width (px)", min = "16", max = "16384", description = "Frame width")
	private int width = 1024;

	@Parameter(label = "height (px)", min = "16", max = "16384", description = "Frame height")
	private int height = 1024;

	@Parameter(label = "filters", description = "Filters with flats and science frames, comma-separated")
	private String filters = "B,V,R";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Sky and stars";

	@Parameter(label = "stars", min = "0", description = "Number of stars in the field")
	private int stars = 300;

	@Parameter(label = "fwhm (px)", min = "0.5", max = "50", description = "Seeing FWHM at the field centre")
	private double fwhm = 3.0;

	@Parameter(label = "psf", choices = { "moffat", "gaussian" }, description = "PSF profile (Moffat beta 2.5, or Gaussian)")
	private String psf = "moffat";

	@Parameter(label = "variable_psf", description = "PSF grows 30 % wider and elongated (e = 0.2) towards the corners")
	private boolean variable_psf;

	@Parameter(label = "sky (e-/s/px)", min = "0", description = "Sky brightness in V (other bands scale with their usual sky)")
	private double sky = 20;

	@Parameter(label = "cosmics", min = "0", description = "Cosmic-ray events per science exposure (singles, clumps, tracks)")
	private int cosmics = 40;

	@Parameter(label = "exposure (s)", min = "0.001", description = "Science exposure time")
	private double exposure = 60;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "Detector";

	@Parameter(label = "gain (e-/ADU)", min = "0.01", description = "Detector gain, written as GAIN")
	private double gain = 1.5;

	@Parameter(label = "read_noise (e-)", min = "0", description = "Read noise, written as RDNOISE")
	private double read_noise = 6;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading3 = "Frames";

	@Parameter(label = "bias_frames", min = "0", description = "Number of bias frames")
	private int bias_frames = 5;

	@Parameter(label = "dark_frames", min = "0", description = "Dark frames at each of the two exposure times (exposure and 3 x exposure)")
	private int dark_frames = 3;

	@Parameter(label = "flat_frames", min = "0", description = "Twilight flats per filter")
	private int flat_frames = 5;

	@Parameter(label = "science_frames", min = "0", description = "Science frames per filter")
	private int science_frames = 3;

	@Parameter(label = "epoch2_frames", min = "0", description = "Second-epoch frames (V, or the first filter) with a transient and variable stars")
	private int epoch2_frames = 2;

	@Parameter(label = "overwrite", description = "Replace an earlier simulated night in the output directory")
	private boolean overwrite;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		SimulationSettings s = new SimulationSettings();
		s.seed = seed;
		s.width = width;
		s.height = height;
		s.stars = stars;
		s.fwhm = fwhm;
		s.psf = Psf.Kind.of(psf);
		s.variablePsf = variable_psf;
		s.cosmics = cosmics;
		s.filters = SimulationSettings.parseFilters(filters);
		s.biasFrames = bias_frames;
		s.darkFrames = dark_frames;
		s.flatFrames = flat_frames;
		s.scienceFrames = science_frames;
		s.epoch2Frames = epoch2_frames;
		s.exposure = exposure;
		s.sky = sky;
		s.gain = gain;
		s.readNoise = read_noise;
		s.validate();
		String history = Provenance.of(this);
		// the night is staged and published all or nothing: of two runs racing into one new folder exactly
		// one publishes its night, the other fails naming the file it found taken
		try (OutputSet night = OutputSet.create(output, overwrite)) {
			if (!overwrite && new File(output, "night.csv").exists()) throw new IllegalArgumentException("output " + output +
				" already holds a simulated night (night.csv); set overwrite or choose another directory");
			NightSimulator.Sink sink = new NightSimulator.Sink() {

				@Override
				public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header)
					throws IOException
				{
					FitsHeader h = new FitsHeader().setAll(header).addHistory(history);
					int bitpix = kind == Kind.RAW ? 16 : kind == Kind.MASK ? 8 : -32;
					FitsWriter.write(night.file(name + ".fits"), true, Hdu.image(pixels, h).withBitpix(bitpix));
				}

				@Override
				public void table(String name, Table table) throws IOException {
					CsvTables.write(night.file(name + ".csv"), table, true);
				}
			};
			NightSimulator.Summary result = NightSimulator.run(s, sink, new StatusProgress(status));
			night.commit();
			summary = "simulated night in " + output + ": " + result;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
