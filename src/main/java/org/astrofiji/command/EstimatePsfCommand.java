package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSelector;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.psf.PsfStars;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.PsfModelFiles;

/**
 * The spatially varying PSF of one image after Lauer (2002) ({@link LauerPsf}): PSF stars picked
 * automatically ({@link PsfStarSelector}) or given, their Karhunen-Lo&egrave;ve basis and polynomial
 * coefficient fields. Outputs the model as its basis image (the "open model" PSF at Position takes;
 * {@link PsfModelFiles#toImage}), a montage of the PSF over the field, the residual image and the star
 * table; on request the model file. Its length is its parameters: the model's, the star selection's
 * and the given positions'.
 */
@Plugin(type = Command.class, label = "Estimate PSF", headless = true,
	description = "Model the PSF across the image (Lauer 2002): PSF stars, their Karhunen-Loeve basis and polynomial coefficient fields; basis image, PSF montage, residual image, star table and a PSF model file")
public class EstimatePsfCommand extends ImageInputCommand {

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Model";

	@Parameter(label = "elements", min = "0",
		description = "Basis elements kept; 0 = as many as inf_loss allows. 4 followed varying PSFs within 0.7-1.3 % on the simulated fields of the tests and cost nothing on a constant one (see the docs)")
	private int elements = 4;

	@Parameter(label = "inf_loss", min = "0", max = "1",
		description = "With elements=0: the fraction of the stamps' energy the kept elements may lose (ProperImage). The varying part of a PSF is only 1-2 % of it, so ProperImage's 0.2 gives a constant PSF on nearly every field; near 0.002 follows the variation on bright stars but keeps noise elements on faint ones")
	private double inf_loss = 0.002;

	@Parameter(label = "degree", min = "0", max = "10",
		description = "Degree of the polynomials of the coefficients over the field (ProperImage: 3); lowered, and said in the summary, when there are fewer than twice as many PSF stars as terms")
	private int degree = 3;

	@Parameter(label = "grid", min = "1", max = "16", description = "The montage shows the PSF at the centres of a grid x grid layout of the field")
	private int grid = 4;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "PSF stars";

	@Parameter(label = "stamp_size (px)", min = "0", description = "Side of the star stamps (odd); 0 = 2 round(3.5 FWHM) + 1 from the stars' median FWHM")
	private int stamp_size = 0;

	@Parameter(label = "max_stars", min = "1", description = "At most this many PSF stars (the brightest)")
	private int max_stars = 2000;

	@Parameter(label = "nearest_pixel",
		description = "Cut each star's stamp around its nearest pixel (as ProperImage) instead of centred exactly on the star by Lanczos-5 resampling: 6 % instead of 0.9 % rms error on the tests' simulated field")
	private boolean nearest_pixel;

	@Parameter(label = "k (sigma)", description = "Detection threshold in background RMS (ProperImage: 8; retried at 3 when fewer than 20 sources are found)")
	private double k = 8;

	@Parameter(label = "saturation (image units)", description = "Stars with a pixel at or above this in their stamp are left out; 0 = the header's SATURATE when present, else no check; negative = no check")
	private double saturation = 0;

	@Parameter(label = "bad_flags", required = false,
		description = "DQ flags whose pixels count as missing: stars with such a pixel in the stamp are left out, e.g. unusable, none, bad+hot, or a number")
	private String bad_flags = "unusable";

	@Parameter(label = "positions", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "PSF stars given instead of picked: a CSV table with x, y (FITS pixels) or ra, dec, or a DS9, PROS or XY region file (e.g. small circles around stars); empty: the points marked on the image in ImageJ, else automatic")
	private File positions;

	@Parameter(label = "positions_format", choices = { "auto", "csv", "ds9", "pros", "xy" },
		description = "Format of the positions file: auto reads .csv as a table and tells the region formats apart by their first line")
	private String positions_format = "auto";

	@Parameter(label = "model_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the PSF model to this FITS file (layout in the docs; PSF at Position reads it)")
	private File model_file;

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the star table as CSV to this file")
	private File table_file;

	@Parameter(label = "overwrite", description = "Replace output files that exist")
	private boolean overwrite;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "Positions marked in ImageJ (the bridge fills it): columns id, x, y in FITS pixels")
	private Table points;

	@Parameter(type = ItemIO.OUTPUT, label = "basis")
	private AstroImage basis;

	@Parameter(type = ItemIO.OUTPUT, label = "montage")
	private AstroImage montage;

	@Parameter(type = ItemIO.OUTPUT, label = "residual")
	private AstroImage residual;

	@Parameter(type = ItemIO.OUTPUT, label = "stars")
	private Table stars;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("model_file", model_file, FileOutputs.Kind.FITS).add("table_file", table_file,
			FileOutputs.Kind.TABLE).check())
		{
			AstroImage src = source2D();
			List<String> notes = new ArrayList<>();
			PsfStarSettings s = starSettings(src, notes);
			LauerPsf.Settings ls = new LauerPsf.Settings();
			ls.elements = elements;
			ls.infLoss = inf_loss;
			ls.degree = degree;
			ls.validate();
			int w = src.width(), h = src.height();
			int[] dq = null;
			if (src.hasDq() && s.dqMask != 0) {
				short[] d = src.dqData();
				dq = new int[d.length];
				for (int i = 0; i < d.length; i++) dq[i] = d[i] & 0xffff;
			}
			List<Target> given = Positions.given("positions", positions, positions_format, points, src, notes);
			double[][] xy = given == null ? null : Positions.xy(given);
			PsfStars ps = given == null ? PsfStarSelector.select(src.data(), dq, w, h, s, progress())
				: PsfStarSelector.atPositions(src.data(), dq, w, h, xy[0], xy[1], s, progress());
			LauerPsf psf = LauerPsf.estimate(ps, ls);
			FitsHeader header = src.headerCopy().addHistory(history());
			basis = PsfModelFiles.toImage(src.name() + "-basis", psf.describe(), header.copy().removeWcs());
			montage = AstroImage.of(src.name() + "-montage", psf.montage(grid), header.copy().removeWcs()
				.set("PSFGRID", grid, "tiles per side: the PSF at the centres of grid cells"));
			residual = AstroImage.of(src.name() + "-residual", psf.residual(ps), w, h, header.copy()
				.addComment("background-subtracted image minus the PSF model scaled to each PSF star"));
			stars = psf.starTable(ps).withTitle("Results");
			List<String> lines = new ArrayList<>();
			lines.add("Estimate PSF on " + src.name() + ": " + ps.summary() + "; " + psf.summary() + (notes.isEmpty() ? "" : "; " +
				String.join("; ", notes)));
			if (model_file != null) {
				PsfModelFiles.write(out.file(model_file), true, psf.describe(), header.copy().removeWcs());
				lines.add("wrote " + model_file);
			}
			if (table_file != null) {
				CsvTables.write(out.file(table_file), stars, true);
				lines.add("wrote " + table_file);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The star selection of the parameters; saturation 0 means the header's SATURATE. */
	private PsfStarSettings starSettings(AstroImage src, List<String> notes) {
		PsfStarSettings s = new PsfStarSettings();
		s.stampSize = stamp_size;
		s.maxStars = max_stars;
		s.recentre = !nearest_pixel;
		s.k = k;
		s.dqMask = Dq.parse("bad_flags", bad_flags);
		CcdKeys.Value sat = saturation == 0 ? CcdKeys.saturation(src.header(), 0) : null;
		double level = sat == null ? saturation : sat.value;
		s.saturation = level > 0 ? level : Double.POSITIVE_INFINITY;
		if (sat != null && sat.fromHeader()) notes.add(sat.note("saturation"));
		if (src.hasDq() && s.dqMask != 0) notes.add("DQ " + Dq.names(s.dqMask) + " pixels of " + src.name() + " count as missing");
		return s.validate();
	}
}
