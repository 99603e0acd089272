package org.astrofiji.command;

import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineSettings;

/**
 * Base of the commands that read frames from FITS files and combine them (Combine Frames, Master
 * Calibration): the one declaration of the HDU to read, the combination parameters and the exposure
 * keyword, with one set of descriptions. A subclass places them among its own parameters with
 * {@link InheritedAfter}.
 */
public abstract class CombiningCommand implements Command {

	@Parameter(label = "hdu", required = false, description = "HDU to read from every file: empty for the first image, an index or an EXTNAME")
	protected String hdu = "";

	@Parameter(label = "method", choices = { "median", "mean", "sigma_clip", "minmax" },
		description = "How frames are combined (in Master Calibration: every master and the science combination): median (even N: mean of the two middle values), mean, sigma-clipped mean, or mean after dropping nlow/nhigh extremes")
	private String method = "median";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String rejectionHeading = "Rejection (method sigma_clip or minmax)";

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

	@Parameter(label = "exptime_key", description = "Header keyword of the exposure time (s); text values such as '40' are read as numbers")
	protected String exptime_key = "EXPTIME";

	@Parameter(required = false)
	protected StatusService status;

	/** The combination as set: method and rejection (scaling, exposures and weights at their defaults). */
	protected CombineSettings rejection() {
		return CombineSettings.of(method, center, deviation, sigma_low, sigma_high, iterations, nlow, nhigh);
	}

	/** Progress of the core work, shown by whichever surface runs the command. */
	protected Progress progress() {
		return new StatusProgress(status);
	}
}
