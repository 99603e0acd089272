package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;

/**
 * The night pipeline as one command ({@link NightPipeline}): raw frames in, every product, a report,
 * a run log and a replay macro out. Lives above the command layer (it runs the other commands), so in
 * the pipeline package. A run that had to skip frames or steps writes everything it could and then
 * fails naming them, so batch jobs see it in their exit status.
 */
@Plugin(type = Command.class, label = "Reduce Night", headless = true,
	description = "Reduce a night of raw frames: masters, calibration, cosmic rays, background, stars, PSF, alignment, photometry, variable stars, combined frames, CMD, colour composite and a report")
public class ReduceNightCommand implements Command {

	@Parameter(label = "input", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory of the night's raw FITS frames (bias, darks, flats, science; classified by IMAGETYP, else by name)")
	private File input;

	@Parameter(label = "output", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory for the products and report.html: new, empty, or an earlier run's (which is resumed: steps whose outputs are up to date are skipped)")
	private File output;

	@Parameter(label = "reference", required = false,
		description = "Reference epoch for image subtraction: empty for none, 'first', or an epoch's date (the UTC date of its first frame, e.g. 2026-03-21)")
	private String reference = "";

	@Parameter(label = "config", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "Settings file: lines <step>.<key> = <value> that change any key of any step, e.g. find_stars.k = 5 (see docs/commands/reduce-night.md)")
	private File config;

	@Parameter
	private Context context;

	@Parameter(required = false)
	private LogService log;

	@Parameter(type = ItemIO.OUTPUT, label = "frames")
	private Table frames;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = input;
		s.output = output;
		s.config = config;
		s.reference = reference;
		s.console = log == null ? null : log::info;
		try {
			NightPipeline.Result r = NightPipeline.run(context, s);
			frames = r.frames();
			summary = r.summary();
			if (!r.complete()) throw new IllegalStateException("Reduce Night finished but left out " + (r.plan.skipped().size() + r
				.failed.size()) + " frames and " + r.stepFailures.size() + " steps (" + summary.replace("\n", ";") + ")");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
