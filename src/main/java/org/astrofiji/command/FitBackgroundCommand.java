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
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.background.BackgroundModel;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.Hdu;

/**
 * Fits a background model to one image and returns the background-subtracted image, the model, or
 * both: a polynomial per column or per row over background ranges (numpy.polyfit), SExtractor's mesh
 * (sep.Background), or a 2-D polynomial surface. See {@code org.astrofiji.core.background}.
 * Slightly over 150 lines: three background models, each with its own keys.
 */
@Plugin(type = Command.class, label = "Fit Background", headless = true,
	description = "Fit a background (polynomial per column or row, SExtractor mesh, or 2-D surface) and subtract it")
public class FitBackgroundCommand extends ImageCommand {

	@Parameter(label = "model", choices = { "mesh", "columns", "rows", "surface" },
		description = "mesh: SExtractor/sep 2-D mesh of box x box pixels; columns: a polynomial along each column over the background rows; rows: along each row over background columns; surface: a 2-D polynomial over the frame")
	private String model = "mesh";

	@Parameter(label = "result", choices = { "subtracted", "model", "both" },
		description = "What to return: the background-subtracted image, the background model (and rms map for mesh), or both")
	private String result = "subtracted";

	@Parameter(label = "mask", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "FITS image of the same size: pixels with a non-zero value are not used (nor are pixels whose DQ marks them unusable)")
	private File mask;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Polynomials (columns, rows, surface)";

	@Parameter(label = "ranges", required = false,
		description = "Background rows (columns model) or columns (rows model): 0-based FITS array indices, e.g. 10-199,300-479 (both ends included) or numpy slices 10:200,300:480; empty: all")
	private String ranges = "";

	@Parameter(label = "order", min = "0", max = "20", description = "Polynomial order (columns, rows, surface)")
	private int order = 2;

	@Parameter(label = "sigma_clip (sigma)", min = "0",
		description = "Leave out samples beyond this many rms residuals and refit, until stable (columns, rows, surface); 0: plain least squares, as numpy.polyfit")
	private double sigma_clip = 0;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "Mesh (model=mesh)";

	@Parameter(label = "box (px)", min = "1", description = "Mesh box size (mesh)")
	private int box = 64;

	@Parameter(label = "filter (boxes)", min = "1", description = "Median filter size over boxes, odd (mesh)")
	private int filter = 3;

	@Parameter(label = "filter_threshold", min = "0",
		description = "Median-filter a box only when it differs from the median by at least this much (mesh; 0: always)")
	private double filter_threshold = 0;

	@Parameter(label = "csv", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the table (polynomial coefficients, or the mesh's global values) to this CSV file")
	private File csv;

	@Parameter(type = ItemIO.OUTPUT, label = "subtracted")
	private AstroImage subtracted;

	@Parameter(type = ItemIO.OUTPUT, label = "background")
	private AstroImage background;

	@Parameter(type = ItemIO.OUTPUT, label = "rms")
	private AstroImage rms;

	@Parameter(type = ItemIO.OUTPUT, label = "table")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("csv", csv, FileOutputs.Kind.TABLE).check()) {
			AstroImage src = source2D();
			int w = src.width(), h = src.height();
			float[] data = src.data();
			BackgroundModel.Settings s = new BackgroundModel.Settings();
			s.kind = BackgroundModel.Kind.of(model);
			s.ranges = ranges;
			s.order = order;
			s.box = box;
			s.filter = filter;
			s.filterThreshold = filter_threshold;
			s.sigmaClip = sigma_clip;
			float[] m = mask == null ? null : plane("mask", mask, src);
			int flagged = 0;
			if (src.hasDq()) {
				// one rule for every model: any non-zero mask value (or NaN), or an unusable DQ flag, leaves the pixel out
				short[] dq = src.dqData();
				float[] all = new float[data.length];
				for (int i = 0; i < all.length; i++) {
					boolean bad = (dq[i] & Dq.UNUSABLE) != 0;
					if (bad) flagged++;
					all[i] = bad || m != null && m[i] != 0 ? 1 : 0;
				}
				m = all;
			}
			else if (m != null) for (int i = 0; i < m.length; i++) m[i] = m[i] == 0 ? 0 : 1;
			BackgroundModel.Result r = BackgroundModel.fit(data, m, w, h, s, progress());
			table = r.table;
			FitsHeader header = outputHeader(src);
			header.set("BKGMODEL", model, "Astro Fiji Fit Background model");
			if (!Double.isNaN(r.globalBack)) {
				header.set("BKGLEVEL", r.globalBack, "global background (median of the mesh)");
				header.set("BKGRMS", r.globalRms, "global background rms (median of the mesh)");
			}
			boolean wantSub = !result.equals("model"), wantModel = !result.equals("subtracted");
			List<Hdu> extra = new ArrayList<>();
			if (wantSub) {
				// read from the input file, the pixels are this run's own and stay as they are: the difference is
				// a computed image (made when shown, written band by band); an open image's pixels may change later
				subtracted = (input != null ? AstroImage.computed(src.name(), r.subtracted(data), header.copy())
					: AstroImage.of(src.name(), r.subtract(data), w, h, header.copy())).withErr(src.err()).withDq(src.dq());
			}
			if (wantModel) {
				// the mesh's maps are computed images: made when shown, written band by band without full-size arrays
				background = AstroImage.computed(src.name() + "-background", r.back, header.copy());
				if (wantSub) extra.add(Hdu.image(background, header.copy()).withExtname("BKG"));
				if (r.rms != null) {
					rms = AstroImage.computed(src.name() + "-rms", r.rms, header.copy());
					extra.add(Hdu.image(rms, header.copy()).withExtname("RMS"));
				}
			}
			String wrote = write(out, wantSub ? subtracted : background, extra.toArray(new Hdu[0]));
			if (csv != null) {
				CsvTables.write(out.file(csv), table, true);
				wrote += (wrote.isEmpty() ? "wrote " : " and ") + csv;
			}
			out.commit();
			summary = "Fit Background on " + src.name() + ": " + r.description +
				(flagged == 0 ? "" : "; " + flagged + " pixels flagged unusable in DQ not used") + (wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
