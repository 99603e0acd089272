package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.background.PolynomialBackground;
import org.astrofiji.core.background.PolynomialSurface;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.OutputFiles;

/**
 * Fits a background model to one image and returns the background-subtracted image, the model, or
 * both: a polynomial per column or per row over background ranges (numpy.polyfit), SExtractor's mesh
 * (sep.Background), or a 2-D polynomial surface. See {@code org.astrofiji.core.background}.
 */
@Plugin(type = Command.class, label = "Fit Background", headless = true,
	description = "Fit a background (polynomial per column or row, SExtractor mesh, or 2-D surface) and subtract it")
public class FitBackgroundCommand<T extends RealType<T>> extends ImageCommand<T> {

	@Parameter(label = "model", choices = { "mesh", "columns", "rows", "surface" },
		description = "mesh: SExtractor/sep 2-D mesh of box x box pixels; columns: a polynomial along each column over the background rows; rows: along each row over background columns; surface: a 2-D polynomial over the frame")
	private String model = "mesh";

	@Parameter(label = "ranges", required = false,
		description = "Background rows (columns model) or columns (rows model): 0-based FITS array indices, e.g. 10-199,300-479 (both ends included) or numpy slices 10:200,300:480; empty: all")
	private String ranges = "";

	@Parameter(label = "order", min = "0", max = "20", description = "Polynomial order (columns, rows, surface)")
	private int order = 2;

	@Parameter(label = "box (px)", min = "1", description = "Mesh box size (mesh)")
	private int box = 64;

	@Parameter(label = "filter (boxes)", min = "1", description = "Median filter size over boxes (mesh)")
	private int filter = 3;

	@Parameter(label = "filter_threshold", min = "0",
		description = "Median-filter a box only when it differs from the median by at least this much (mesh; 0: always)")
	private double filter_threshold = 0;

	@Parameter(label = "sigma_clip (sigma)", min = "0",
		description = "Leave out samples beyond this many rms residuals and refit, until stable (columns, rows, surface); 0: plain least squares, as numpy.polyfit")
	private double sigma_clip = 0;

	@Parameter(label = "mask", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "FITS image of the same size: pixels with a non-zero value are not used")
	private File mask;

	@Parameter(label = "result", choices = { "subtracted", "model", "both" },
		description = "What to return: the background-subtracted image, the background model (and rms map for mesh), or both")
	private String result = "subtracted";

	@Parameter(label = "csv", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the table (polynomial coefficients, or the mesh's global values) to this CSV file")
	private File csv;

	@Parameter(type = ItemIO.OUTPUT, label = "subtracted")
	private Img<FloatType> subtracted;

	@Parameter(type = ItemIO.OUTPUT, label = "background")
	private Img<FloatType> background;

	@Parameter(type = ItemIO.OUTPUT, label = "rms")
	private Img<FloatType> rms;

	@Parameter(type = ItemIO.OUTPUT, label = "table")
	private Table table;

	/** Headers of the output images (the input's, with HISTORY and the BKG* keywords) for the ImageJ bridge. */
	@Parameter(type = ItemIO.OUTPUT, label = "subtracted_header")
	private FitsHeader subtracted_header;

	@Parameter(type = ItemIO.OUTPUT, label = "background_header")
	private FitsHeader background_header;

	@Parameter(type = ItemIO.OUTPUT, label = "rms_header")
	private FitsHeader rms_header;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			FitsImage src = source2D();
			int w = src.width(), h = src.height();
			float[] data = src.data();
			float[] m = readMask(w, h);
			Progress progress = progress();
			float[] bkg, noise = null;
			String what;
			double globalBack = Double.NaN, globalRms = Double.NaN;
			switch (model) {
				case "mesh": {
					MeshBackground.Settings s = new MeshBackground.Settings().box(box).filter(filter).filterThreshold(filter_threshold);
					MeshBackground b = MeshBackground.compute(data, m, w, h, s, progress);
					bkg = b.back();
					noise = b.rms();
					table = new Table("Background", "global_back", "global_rms", "boxes_x", "boxes_y", "interpolated_boxes");
					table.addRow((double) b.globalBack(), (double) b.globalRms(), (double) b.meshColumns(), (double) b.meshRows(),
						(double) b.interpolatedBoxes());
					globalBack = b.globalBack();
					globalRms = b.globalRms();
					what = String.format(Locale.ROOT, "mesh of %dx%d boxes of %d px, filter %d: global background %.6g, rms %.6g%s",
						b.meshColumns(), b.meshRows(), box, filter, b.globalBack(), b.globalRms(), b.interpolatedBoxes() == 0 ? ""
							: "; " + b.interpolatedBoxes() + " boxes with under half their pixels valid were interpolated from their neighbours");
					break;
				}
				case "columns":
				case "rows": {
					PolynomialBackground.Settings s = new PolynomialBackground.Settings();
					s.axis = PolynomialBackground.Axis.of(model);
					boolean columns = s.axis == PolynomialBackground.Axis.COLUMNS;
					s.samples = IndexRanges.parse("ranges", ranges, columns ? h : w, columns ? "row" : "column");
					s.order = order;
					s.sigmaClip = sigma_clip;
					PolynomialBackground.Result r = PolynomialBackground.fit(data, m, w, h, s, progress);
					bkg = r.model;
					table = r.table();
					what = String.format(Locale.ROOT, "order-%d polynomial along each %s over %s %s: %d lines fitted%s%s%s", order,
						columns ? "column" : "row", columns ? "rows" : "columns", IndexRanges.format(r.samples), r.lines() - r.unfitted(),
						r.unfitted() == 0 ? "" : ", " + r.unfitted() + " left without a model (too few valid samples)",
						r.totalSkipped() == 0 ? "" : ", " + r.totalSkipped() + " NaN or masked samples skipped",
						r.totalClipped() == 0 ? "" : ", " + r.totalClipped() + " samples clipped");
					break;
				}
				case "surface": {
					PolynomialSurface.Settings s = new PolynomialSurface.Settings();
					s.order = order;
					s.sigmaClip = sigma_clip;
					PolynomialSurface.Result r = PolynomialSurface.fit(data, m, w, h, s, progress);
					bkg = r.model;
					table = r.table();
					what = String.format(Locale.ROOT, "order-%d surface from %d pixels (%d clipped, %d NaN or masked skipped, %d fits): rms residual %.6g",
						order, r.used, r.clipped, r.skipped, r.iterations, r.rms);
					break;
				}
				default:
					throw new IllegalArgumentException("model must be mesh, columns, rows or surface (got '" + model + "')");
			}
			boolean wantSub = !result.equals("model"), wantModel = !result.equals("subtracted");
			List<Hdu> hdus = new ArrayList<>();
			FitsHeader header = outputHeader(src);
			header.set("BKGMODEL", model, "Astro Fiji Fit Background model");
			if (!Double.isNaN(globalBack)) {
				header.set("BKGLEVEL", globalBack, "global background (median of the mesh)");
				header.set("BKGRMS", globalRms, "global background rms (median of the mesh)");
			}
			if (wantSub) {
				float[] sub = new float[data.length];
				for (int i = 0; i < sub.length; i++) sub[i] = data[i] - bkg[i];
				subtracted = Images.wrap(sub, w, h);
				subtracted_header = header.copy();
				hdus.add(Hdu.image(subtracted, header.copy()));
			}
			if (wantModel) {
				background = Images.wrap(bkg, w, h);
				background_header = header.copy();
				Hdu hdu = Hdu.image(background, header.copy());
				hdus.add(hdus.isEmpty() ? hdu : hdu.withExtname("BKG"));
				if (noise != null) {
					rms = Images.wrap(noise, w, h);
					rms_header = header.copy();
					hdus.add(Hdu.image(rms, header.copy()).withExtname("RMS"));
				}
			}
			String wrote = write(hdus);
			if (csv != null) {
				List<File> inputs = new ArrayList<>();
				if (input != null) inputs.add(org.astrofiji.io.FitsPath.parse(input).file());
				if (mask != null) inputs.add(org.astrofiji.io.FitsPath.parse(mask).file());
				OutputFiles.checkNotInput(csv, inputs);
				CsvTables.write(csv, table, overwrite);
				wrote += (wrote.isEmpty() ? "wrote " : " and ") + csv;
			}
			summary = "Fit Background on " + src.name() + ": " + what + (wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	private float[] readMask(int w, int h) throws IOException {
		if (mask == null) return null;
		FitsImage mi = FitsReader.read(mask.getPath());
		if (mi.width() != w || mi.height() != h || mi.depth() != 1) throw new IllegalArgumentException("mask " + mask +
			" is " + mi.width() + "x" + mi.height() + (mi.depth() > 1 ? "x" + mi.depth() : "") + ", the image " + w + "x" + h);
		// one rule for every model: any non-zero value (or NaN) masks the pixel
		float[] m = mi.data(), flags = new float[m.length];
		for (int i = 0; i < m.length; i++) flags[i] = m[i] == 0 ? 0 : 1;
		return flags;
	}
}
