package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.Detection;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.Ds9Regions;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.Hdu;

/**
 * Finds stars in an image ({@link StarFinder}): a results table, an overlay of ellipses or points,
 * the 32-bit label image, and on request a CSV table, a DS9 region file and the seed's histograms.
 * <p>
 * Its length is its parameters: SEP's extraction keys (threshold, filter, deblending, mesh), the
 * peak finder's, and four kinds of output; the run is one {@link StarFinder#find} call.
 */
@Plugin(type = Command.class, label = "Find Stars", headless = true,
	description = "Detect stars: threshold (background mesh, global mean + k std, or absolute), optional filter, " +
		"connected pixels with centres and shapes (or local maxima), table, overlay, label image and DS9 regions")
public class FindStarsCommand extends ImageCommand {

	@Parameter(label = "method", choices = { "label", "peaks" },
		description = "label: connected pixels above the threshold, measured (scipy.ndimage / SExtractor); peaks: local maxima (skimage peak_local_max)")
	private String method = "label";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Threshold";

	@Parameter(label = "threshold_mode", choices = { "background", "global", "absolute" },
		description = "background: mesh background + k x background RMS per pixel (SExtractor/SEP); global: mean + k x std of the whole image (the seed recipe); absolute: the threshold value over a background of 0")
	private String threshold_mode = "background";

	@Parameter(label = "k (sigma)", description = "Threshold in standard deviations (background RMS, or the image's std in global mode); must be > 0")
	private double k = 3;

	@Parameter(label = "threshold (image units)", description = "The detection level of threshold_mode absolute")
	private double threshold = 0;

	@Parameter(label = "fwhm (px)", min = "0", max = "50",
		description = "FWHM of the Gaussian filter applied before thresholding; 0 = none; 2 = SEP's default 3x3 kernel")
	private double fwhm = 2;

	@Parameter(label = "filter_type", choices = { "conv", "matched" },
		description = "conv: the filtered image is compared with the unfiltered threshold (SExtractor, SEP with a global RMS); matched: k counts the noise of the filtered image (deeper: for faint stars on frames with uncorrelated noise)")
	private String filter_type = "conv";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "Sources (label method)";

	@Parameter(label = "min_area (px)", min = "1", description = "Minimum number of connected pixels of a source (label method)")
	private int min_area = 5;

	@Parameter(label = "connectivity", choices = { "8", "4" }, description = "Pixels touching at corners belong together (8) or not (4)")
	private String connectivity = "8";

	@Parameter(label = "weights", choices = { "windowed", "background_subtracted", "image", "excess" },
		description = "Centre of each source: windowed (SExtractor's XWIN: Gaussian window of the field's FWHM, iterated), or the centre of mass of the source's pixels weighted by value - background, by the value itself (scipy's center_of_mass) or by value - threshold")
	private String weights = "windowed";

	@Parameter(label = "deblend", choices = { "multi-threshold", "none" },
		description = "Split touching sources by SExtractor's multi-threshold deblending, or not")
	private String deblend = "multi-threshold";

	@Parameter(label = "deblend_nthresh", min = "2", max = "256", description = "Number of deblending levels between threshold and peak")
	private int deblend_nthresh = 32;

	@Parameter(label = "deblend_cont", min = "0", max = "1", description = "Minimum share of the total light a branch needs to become a separate source")
	private double deblend_cont = 0.005;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading3 = "Background mesh (threshold_mode=background)";

	@Parameter(label = "box_size (px)", min = "4", description = "Background mesh box size (threshold_mode background)")
	private int box_size = 64;

	@Parameter(label = "filter_size (boxes)", min = "1", description = "Median filter over the background mesh, in boxes (odd; threshold_mode background)")
	private int filter_size = 3;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading4 = "Flags";

	@Parameter(label = "saturation (image units)", description = "Pixels at or above this are saturated (flag); 0 = the header's SATURATE when present, else no check; negative = no check")
	private double saturation = 0;

	@Parameter(label = "exclude_flagged", description = "Leave sources flagged edge, saturated or NaN out of the table and overlay (they stay in the label image; the summary counts them)")
	private boolean exclude_flagged;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading5 = "Local maxima (peaks method)";

	@Parameter(label = "min_distance (px)", min = "0", description = "Peaks method: minimum distance between peaks (max(|dx|, |dy|))")
	private int min_distance = 5;

	@Parameter(label = "exclude_border (px)", min = "-1", description = "Peaks method: drop peaks this close to the edge; -1 = min_distance (skimage's default)")
	private int exclude_border = -1;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading6 = "Histograms";

	@Parameter(label = "plots", description = "Also make the seed's histograms: distance of the sources from plot_centre, and log10 flux")
	private boolean plots;

	@Parameter(label = "plot_centre", required = false,
		description = "Centre for the distance histogram, FITS x,y (e.g. 512.5,300); empty = the image centre")
	private String plot_centre = "";

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the table as CSV to this file")
	private File table_file;

	@Parameter(label = "regions_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the sources as a DS9 region file (image coordinates)")
	private File regions_file;

	@Parameter(type = ItemIO.OUTPUT, label = "stars")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "labels")
	private Img<IntType> labels;

	@Parameter(type = ItemIO.OUTPUT, label = "marks")
	private Marks marks;

	@Parameter(type = ItemIO.OUTPUT, label = "radial_plot")
	private Plot radial_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "flux_plot")
	private Plot flux_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		if (DetectionSettings.Method.of(method) == DetectionSettings.Method.PEAKS && output != null) throw new IllegalArgumentException(
			"output: the peaks method makes no label image to write");
		try (FileOutputs out = outputs().add("table_file", table_file, FileOutputs.Kind.TABLE)
			.add("regions_file", regions_file, FileOutputs.Kind.REGIONS).check())
		{
			AstroImage src = source2D();
			DetectionSettings s = settings(src.header());
			double[] centre = plots ? parseCentre() : null;
			Detection d = StarFinder.find(src, s, progress());
			table = d.table();
			marks = d.marks();
			labels = d.labelImage();
			List<String> lines = new ArrayList<>();
			lines.add(src.name() + ": " + d.summary() + (src.hasDq() ? "; flags from the DQ of " + src.name() : ""));
			if (plots) {
				double[] c = centre.length == 0 ? imageCentre(src.width(), src.height()) : centre;
				double cx = c[0], cy = c[1];
				radial_plot = d.radialPlot(cx, cy);
				flux_plot = d.fluxPlot();
			}
			if (table_file != null) {
				CsvTables.write(out.file(table_file), table, true);
				lines.add("wrote " + table_file);
			}
			if (regions_file != null) {
				Ds9Regions.write(out.file(regions_file), true, Ds9Regions.CoordinateSystem.IMAGE, List.of(marks));
				lines.add("wrote " + regions_file);
			}
			if (labels != null && output != null) {
				// same pixel grid: the WCS stays
				FitsHeader h = outputHeader(src).set("BUNIT", "label", "source number (0 = none), see the table");
				String w = write(out, List.of(Hdu.image(labels, h).withBitpix(32)));
				if (!w.isEmpty()) lines.add(w);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The detection settings of the parameters; saturation 0 means the header's SATURATE. */
	private DetectionSettings settings(FitsHeader header) {
		DetectionSettings s = new DetectionSettings();
		s.method = DetectionSettings.Method.of(method);
		s.mode = DetectionSettings.ThresholdMode.of(threshold_mode);
		s.k = k;
		s.threshold = threshold;
		s.fwhm = fwhm;
		s.filterType = DetectionSettings.FilterType.of(filter_type);
		s.minArea = min_area;
		try {
			s.connectivity = Integer.parseInt(connectivity.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("connectivity must be 4 or 8 (got '" + connectivity + "')");
		}
		s.weights = DetectionSettings.Weights.of(weights);
		if (!deblend.equals("multi-threshold") && !deblend.equals("none")) throw new IllegalArgumentException(
			"deblend must be multi-threshold or none (got '" + deblend + "')");
		s.deblend = deblend.equals("multi-threshold");
		s.deblendNthresh = deblend_nthresh;
		s.deblendCont = deblend_cont;
		s.boxSize = box_size;
		s.filterSize = filter_size;
		double sat = saturation == 0 ? CcdKeys.saturation(header, 0).value : saturation;
		s.saturation = sat > 0 ? sat : Double.POSITIVE_INFINITY;
		s.excludeFlagged = exclude_flagged;
		s.minDistance = min_distance;
		s.excludeBorder = exclude_border;
		return s.validate();
	}

	/** {} for the image centre, else {x, y}. */
	private double[] parseCentre() {
		if (plot_centre == null || plot_centre.isBlank()) return new double[0];
		String[] p = plot_centre.split("[,\\s]+");
		try {
			if (p.length == 2) return new double[] { Double.parseDouble(p[0]), Double.parseDouble(p[1]) };
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("plot_centre must be FITS x,y such as 512.5,300 (got '" + plot_centre + "')");
	}

	/** FITS position of the image centre. */
	static double[] imageCentre(int w, int h) {
		return new double[] { Coordinates.fitsX((w - 1) / 2.0), Coordinates.fitsY((h - 1) / 2.0, h) };
	}
}
