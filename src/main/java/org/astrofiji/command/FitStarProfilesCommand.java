package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.psf.FwhmMap;
import org.astrofiji.core.psf.ProfileFit;
import org.astrofiji.core.psf.StarFitter;
import org.astrofiji.core.psf.StarProfile;
import org.astrofiji.core.psf.StripFit;
import org.astrofiji.io.CsvTables;

/**
 * Least-squares fits of 2-D Gaussian or Moffat profiles to stars ({@link StarFitter}, as astropy's
 * LevMarLSQFitter): a table of positions, FWHMs, angles, fluxes and their errors, the FWHM over the
 * field as a map ({@link FwhmMap}), the fitted shapes on the image, and the seed's 1-D Gaussian fit of
 * one star's row ({@link StripFit}) as a plot with error bars (which makes it longer than most
 * commands: the seed's strip is cut and fitted here).
 */
@Plugin(type = Command.class, label = "Fit Star Profiles", headless = true,
	description = "Fit 2-D Gaussian or Moffat profiles (elliptical or circular, over a constant background) to stars: table with errors, FWHM map over the field, fitted shapes, and the seed's 1-D profile fit as a plot with error bars")
public class FitStarProfilesCommand extends ImageInputCommand {

	@Parameter(label = "model", choices = { "gaussian", "moffat" }, description = "The profile: a Gaussian, or a Moffat (1 + r^2/gamma^2)^-beta with beta fitted")
	private String model = "gaussian";

	@Parameter(label = "circular", description = "Fit one round width instead of major and minor axes and the angle")
	private boolean circular;

	@Parameter(label = "positions", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "The stars: a CSV table with x, y (FITS pixels, e.g. Find Stars' table) or ra, dec, or a DS9, PROS or XY region file; empty: the points marked on the image in ImageJ, else the stars Find Stars detects")
	private File positions;

	@Parameter(label = "positions_format", choices = { "auto", "csv", "ds9", "pros", "xy" },
		description = "Format of the positions file: auto reads .csv as a table and tells the region formats apart by their first line")
	private String positions_format = "auto";

	@Parameter(label = "box (px)", min = "0", description = "Side of the square fitted around each star (odd); 0 = 2 ceil(2 fwhm) + 1, at least 7")
	private int box = 0;

	@Parameter(label = "fwhm (px)", description = "FWHM the fits start from")
	private double fwhm = 3;

	@Parameter(label = "bad_flags", required = false,
		description = "DQ flags whose pixels are left out of the fits, e.g. unusable, none, bad+hot, or a number (pixels whose ERR is not positive are left out too)")
	private String bad_flags = "unusable";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "FWHM map and strip plot";

	@Parameter(label = "map_degree", min = "0", max = "10", description = "Degree of the polynomial through the stars' FWHM (sqrt(major x minor)); outliers are rejected")
	private int map_degree = 2;

	@Parameter(label = "map_binning (px)", min = "1", description = "Image pixels per FWHM map pixel along each axis")
	private int map_binning = 16;

	@Parameter(label = "plot_star", min = "-1",
		description = "Star (table row) whose row of pixels through its centre gets the seed's 1-D Gaussian fit, plotted with error bars (ERR, else the rms of its 2-D fit); 0 = the brightest star fitted, -1 = no plot")
	private int plot_star = 0;

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the table as CSV to this file")
	private File table_file;

	@Parameter(label = "overwrite", description = "Replace the table file if it exists")
	private boolean overwrite;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "Positions marked in ImageJ (the bridge fills it): columns id, x, y in FITS pixels")
	private Table points;

	@Parameter(type = ItemIO.OUTPUT, label = "table")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "fwhm_map")
	private Img<FloatType> fwhm_map;

	@Parameter(type = ItemIO.OUTPUT, label = "strip_plot")
	private Plot strip_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "shapes")
	private Marks shapes;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("table_file", table_file, FileOutputs.Kind.TABLE).check()) {
			AstroImage src = source2D();
			StarFitter.Settings s = new StarFitter.Settings(StarProfile.of(model), !circular);
			s.box = box;
			s.fwhm = fwhm;
			s.validate();
			List<String> notes = new ArrayList<>();
			List<Target> given = Positions.given("positions", positions, positions_format, points, src, notes);
			List<Target> targets = given != null ? given : Positions.detected(src, progress(), notes);
			if (plot_star > targets.size()) throw new IllegalArgumentException("plot_star " + plot_star + " is beyond the " + targets.size() + " stars");
			float[] img = src.data(), err = src.hasErr() ? src.errData() : null;
			int bad = Dq.parse("bad_flags", bad_flags), w = src.width(), h = src.height();
			if (bad != 0 && src.hasDq()) {
				img = Dq.withoutFlagged(img, src.dqData(), bad);
				notes.add("DQ " + Dq.names(bad) + " pixels of " + src.name() + " left out");
			}
			if (err != null) notes.add("weighted by the ERR of " + src.name());
			double[][] xy = Positions.xy(targets);
			String[] ids = new String[targets.size()];
			for (int i = 0; i < ids.length; i++) ids[i] = targets.get(i).id;
			ProfileFit[] fits = StarFitter.fit(img, err, w, h, xy[0], xy[1], s);
			table = StarFitter.table(fits, ids).withTitle("Results");
			shapes = StarFitter.marks(fits, "profiles", "yellow");
			int ok = shapes.size();
			List<String> lines = new ArrayList<>();
			lines.add(String.format(Locale.ROOT, "Fit Star Profiles on %s: %s %s fits, %d of %d converged (box %d px); %s", src.name(),
				circular ? "circular" : "elliptical", model, ok, fits.length, s.boxSize(), String.join("; ", notes)));
			if (ok >= 3) {
				FwhmMap map = FwhmMap.of(fits, w, h, map_degree, map_binning);
				fwhm_map = map.image();
				lines.add(map.summary());
			}
			else lines.add("no FWHM map: it needs 3 converged fits");
			if (plot_star >= 0) lines.add(stripPlot(fits, img, err, w, h, src.name()));
			if (table_file != null) {
				CsvTables.write(out.file(table_file), table, true);
				lines.add("wrote " + table_file);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/**
	 * The seed's 1-D fit of plot_star (or the brightest converged fit): the 20 pixels img[row, col-10 :
	 * col+10] of the FITS array through its centre, its fitted background subtracted.
	 */
	private String stripPlot(ProfileFit[] fits, float[] img, float[] err, int w, int h, String name) {
		ProfileFit f = null;
		if (plot_star > 0) f = fits[plot_star - 1];
		else for (ProfileFit c : fits) if (c.ok() && (f == null || c.flux > f.flux)) f = c;
		if (f == null || !f.ok()) return "no strip plot: " + (f == null ? "no fit converged" : "the fit of star " + plot_star +
			" failed (" + f.status + ")");
		int col = (int) Math.rint(f.x - 1), row = (int) Math.rint(f.y - 1), half = 10;
		if (col - half < 0 || col + half > w) return "no strip plot: star " + (f.index + 1) + " is within 10 px of the edge";
		double[] v = StripFit.seedStrip(img, w, h, row, col, half), e = err == null ? null : StripFit.seedStrip(err, w, h, row, col, half);
		for (int i = 0; i < v.length; i++) {
			if (!Double.isFinite(v[i])) return "no strip plot: the row of star " + (f.index + 1) + " has flagged or NaN pixels";
			v[i] -= f.background;
		}
		if (e == null) {
			e = new double[v.length];
			java.util.Arrays.fill(e, f.rms);
		}
		StripFit sf = StripFit.fit(v, f.amplitude, f.x - (col - half + 1), f.fwhmMajor / (2 * Math.sqrt(2 * Math.log(2))));
		strip_plot = sf.plot(String.format(Locale.ROOT, "Row %d of %s through star %d (background %.4g subtracted)", row + 1, name,
			f.index + 1, f.background), "x (FITS px)", v, e, col - half + 1);
		return String.format(Locale.ROOT, "strip fit of star %d (row %d): FWHM %.3f px, centre x %.3f (2-D fit: FWHM %.3f x %.3f px at x %.3f)",
			f.index + 1, row + 1, sf.fwhm(), col - half + 1 + sf.mean, f.fwhmMajor, f.fwhmMinor, f.x);
	}
}
