package org.astrofiji.pipeline;

import java.io.File;
import java.io.Serializable;

/**
 * Where every product of a night goes, under the output directory:
 * <pre>
 * masters/      master_bias.fits, master_dark_&lt;t&gt;s.fits, master_flat_&lt;filter&gt;.fits, bad_pixels.fits, calibration_summary.csv
 * reduced/      &lt;frame&gt;_red.fits (calibrated), &lt;frame&gt;_clean.fits (cosmic rays removed), &lt;frame&gt;_sky.fits (background subtracted)
 * catalogs/     &lt;frame&gt;_cosmics.csv, &lt;frame&gt;_background.csv, &lt;frame&gt;_stars.csv and .reg
 * psf/          &lt;frame&gt;_psf.fits (the PSF model), &lt;frame&gt;_psf_stars.csv
 * aligned/      &lt;frame&gt;_sky_aligned.fits, transforms.csv, combined_&lt;filter&gt;[_&lt;epoch&gt;].fits
 * photometry/   &lt;frame&gt;_phot.csv, cmd.csv
 * subtraction/  &lt;filter&gt;_&lt;epoch&gt;_diff.fits, &lt;filter&gt;_&lt;epoch&gt;_candidates.csv
 * composite.png, report.html (pictures in report/), run.log, replay.ijm
 * </pre>
 */
public final class NightLayout implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Hidden folder of the pipeline's own records (the steps' last parameters). */
	static final String STATE = ".astro-night";

	private final File out;
	private final boolean epochsInNames;

	/** The layout under {@code out}; with several epochs the combined frames' names carry their epoch. */
	public NightLayout(File out, boolean epochsInNames) {
		this.out = out;
		this.epochsInNames = epochsInNames;
	}

	public File root() {
		return out;
	}

	public File dir(String name) {
		return new File(out, name);
	}

	public File masters() {
		return dir("masters");
	}

	public File reducedDir() {
		return dir("reduced");
	}

	public File reduced(NightFrame f) {
		return new File(reducedDir(), f.stem() + "_red.fits");
	}

	public File cleaned(NightFrame f) {
		return new File(reducedDir(), f.stem() + "_clean.fits");
	}

	public File sky(NightFrame f) {
		return new File(reducedDir(), f.stem() + "_sky.fits");
	}

	public File cosmics(NightFrame f) {
		return new File(dir("catalogs"), f.stem() + "_cosmics.csv");
	}

	public File background(NightFrame f) {
		return new File(dir("catalogs"), f.stem() + "_background.csv");
	}

	public File stars(NightFrame f) {
		return new File(dir("catalogs"), f.stem() + "_stars.csv");
	}

	public File starRegions(NightFrame f) {
		return new File(dir("catalogs"), f.stem() + "_stars.reg");
	}

	public File psf(NightFrame f) {
		return new File(dir("psf"), f.stem() + "_psf.fits");
	}

	public File psfStars(NightFrame f) {
		return new File(dir("psf"), f.stem() + "_psf_stars.csv");
	}

	public File alignedDir() {
		return dir("aligned");
	}

	/** Align Images names its output after the input's stem: {@code <frame>_sky_aligned.fits}. */
	public File aligned(NightFrame f) {
		return new File(alignedDir(), f.stem() + "_sky_aligned.fits");
	}

	public File transforms() {
		return new File(alignedDir(), "transforms.csv");
	}

	public File photometry(NightFrame f) {
		return new File(dir("photometry"), f.stem() + "_phot.csv");
	}

	public File combined(String filter, String epoch) {
		return new File(alignedDir(), "combined" + (filter.isEmpty() ? "" : "_" + safe(filter)) + (epochsInNames ? "_" + safe(epoch)
			: "") + ".fits");
	}

	public File cmd() {
		return new File(dir("photometry"), "cmd.csv");
	}

	public File difference(String filter, String epoch) {
		return new File(dir("subtraction"), name(filter, epoch) + "_diff.fits");
	}

	public File candidates(String filter, String epoch) {
		return new File(dir("subtraction"), name(filter, epoch) + "_candidates.csv");
	}

	public File composite() {
		return new File(out, "composite.png");
	}

	public File report() {
		return new File(out, "report.html");
	}

	/** The report's pictures. */
	public File reportDir() {
		return dir("report");
	}

	public File runLog() {
		return new File(out, "run.log");
	}

	public File replay() {
		return new File(out, "replay.ijm");
	}

	File state() {
		return new File(dir(STATE), "steps");
	}

	private static String name(String filter, String epoch) {
		return (filter.isEmpty() ? "nofilter" : safe(filter)) + (epoch.isEmpty() ? "" : "_" + safe(epoch));
	}

	/** A filter or epoch usable in a file name. */
	static String safe(String s) {
		return s.isEmpty() ? "undated" : s.replaceAll("[^A-Za-z0-9_+-]", "_");
	}
}
