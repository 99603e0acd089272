package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * The demo's time series: the night simulator's variable stars change only between its two epochs,
 * too few frames for a light curve, so the demo adds {@value #FRAMES} calibrated frames of a small
 * field ({@link StarFrame}, Gaussian seeing of FWHM 3.5 px) in which the target dims by
 * {@value #DEPTH} for a box-shaped transit, the field drifting a few pixels. Frames carry GAIN,
 * RDNOISE, EXPTIME, DATE-OBS (one a minute) and AIRMASS; {@code positions.csv} lists the target and
 * the comparison stars, {@code truth.csv} each frame's true relative flux of the target.
 */
public final class DemoSeries {

	public static final int FRAMES = 40, SIZE = 256;
	public static final double DEPTH = 0.015, EXPTIME = 45, GAIN = 1.5, READ_NOISE = 6;
	/** The transit: frames 14 to 27 (minutes after the first frame's start). */
	public static final double START = 13.5, END = 27.5;
	/** Target first, then the comparisons: FITS x, y and counts (ADU). */
	static final double[][] STARS = { { 128.4, 120.7, 6e5 }, { 60.2, 200.3, 8e5 }, { 190.6, 70.1, 5e5 }, { 70.8, 50.4, 7e5 } };

	private DemoSeries() {}

	/** Writes the frames, positions.csv and truth.csv into {@code dir}. */
	public static void write(File dir, boolean overwrite) throws IOException {
		StarFrame field = new StarFrame(SIZE, SIZE, new Psf(Psf.Kind.GAUSSIAN, 3.5, 0, 0), 300, GAIN, READ_NOISE, 2026);
		field.variable(STARS[0][0], STARS[0][1], STARS[0][2], new StarFrame.BoxDip(START, END, DEPTH));
		for (int k = 1; k < STARS.length; k++) field.star(STARS[k][0], STARS[k][1], STARS[k][2]);
		LocalDateTime start = LocalDateTime.of(2026, 3, 21, 22, 0, 0);
		Table truth = new Table("truth", "frame", "date_obs", "x", "y", "relative_flux");
		for (int i = 0; i < FRAMES; i++) {
			double dx = 0.12 * i, dy = -0.07 * i, minutes = i + EXPTIME / 120; // the middle of the exposure
			String name = String.format(Locale.ROOT, "frame_%03d.fits", i + 1), date = start.plusMinutes(i).format(
				DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
			FitsHeader h = new FitsHeader().set("IMAGETYP", "Light Frame", "").set("OBJECT", "DEMO-TRANSIT", "")
				.set("DATE-OBS", date, "start of the exposure (UTC)").set("EXPTIME", EXPTIME, "s").set("GAIN", GAIN, "e-/ADU")
				.set("RDNOISE", READ_NOISE, "e-").set("AIRMASS", 1.1 + 0.004 * i, "").set("BUNIT", "adu", "");
			FitsWriter.write(new File(dir, name), overwrite, Hdu.image(Images.wrap(field.render(i, minutes, dx, dy), SIZE, SIZE), h));
			truth.addRow(name, date, STARS[0][0] + dx, STARS[0][1] + dy, minutes >= START && minutes < END ? 1 - DEPTH : 1);
		}
		Table positions = new Table("positions", "id", "x", "y");
		for (int k = 0; k < STARS.length; k++) positions.addRow(k == 0 ? "T1" : "C" + (k + 1), STARS[k][0], STARS[k][1]);
		CsvTables.write(new File(dir, "positions.csv"), positions, overwrite);
		CsvTables.write(new File(dir, "truth.csv"), truth, overwrite);
	}
}
