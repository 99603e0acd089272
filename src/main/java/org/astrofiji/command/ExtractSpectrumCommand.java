package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.background.CosmicRayCleaner;
import org.astrofiji.core.background.SpectrumExtraction;
import org.astrofiji.core.cosmics.MedianCosmics;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.registration.ImageWarp;
import org.astrofiji.core.registration.Interpolation;
import org.astrofiji.core.registration.Resampler;
import org.astrofiji.core.registration.Warp;
import org.astrofiji.io.Hdu;

/**
 * Long-slit extraction: a background polynomial across the slit at every wavelength over the
 * background rows (of a cosmic-ray-cleaned copy, when given), subtracted, and the source rows summed
 * into a spectrum; with the spectrum and spatial-profile plots. See {@link SpectrumExtraction}.
 * Slightly over 150 lines: besides the extraction keys it carries the optional cosmic-ray cleaning of
 * the background rows and the slit angle.
 */
@Plugin(type = Command.class, label = "Extract Spectrum", headless = true,
	description = "Extract a long-slit spectrum: fit and subtract the background across the slit, sum the source rows")
public class ExtractSpectrumCommand extends ImageCommand {

	@Parameter(label = "dispersion", choices = { "x", "y" },
		description = "Wavelength axis: x (each column is one wavelength, the slit runs along y, e.g. STIS) or y (each row is one wavelength, e.g. ALFOSC)")
	private String dispersion = "x";

	@Parameter(label = "source", required = false,
		description = "Rows (dispersion x) or columns (dispersion y) of the spectrum along the slit: 0-based FITS array indices, e.g. 250-259 (both ends included) or the numpy slice 250:260")
	private String source = "";

	@Parameter(label = "background", required = false,
		description = "Background rows (or columns) along the slit, e.g. 10-199,300-479; must not overlap the source")
	private String background = "";

	@Parameter(label = "order", min = "0", max = "20", description = "Order of the background polynomial across the slit")
	private int order = 2;

	@Parameter(label = "sigma_clip (sigma)", min = "0",
		description = "Leave out background samples beyond this many rms residuals and refit, until stable; 0: plain least squares, as numpy.polyfit")
	private double sigma_clip = 0;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Cosmic rays in the background rows";

	@Parameter(label = "clean", choices = { "none", "median" },
		description = "Cosmic-ray cleaning of the background rows before the fit: median = the seed's recipe (5x5 median filter with zero borders, pixels beyond clean_threshold sigma replaced by the median; sigma = median of the image's ERR when it has one, else 1.4826 MAD); the spectrum is summed from the uncleaned image")
	private String clean = "none";

	@Parameter(label = "clean_threshold (sigma)", min = "0.1", description = "clean=median: replace pixels more than this many sigma from the median")
	private double clean_threshold = 8;

	@Parameter(label = "cleaned", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "A cosmic-ray-cleaned copy of the image (FITS, same size): the background is fitted on its background rows; the spectrum is summed from the image")
	private File cleaned;

	@Parameter(label = "csv", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the spectrum table to this CSV file")
	private File csv;

	@Parameter(label = "angle (deg)",
		description = "First rotate the image by this angle about its centre, clockwise as displayed (Rotate Image's sense; cubic spline, size kept), to turn a tilted slit onto the rows (or columns); 0 = no rotation")
	private double angle = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "subtracted")
	private AstroImage subtracted;

	@Parameter(type = ItemIO.OUTPUT, label = "spectrum")
	private Table spectrum;

	@Parameter(type = ItemIO.OUTPUT, label = "spectrum_plot")
	private Plot spectrum_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "profile_plot")
	private Plot profile_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("csv", csv, FileOutputs.Kind.TABLE).check()) {
			AstroImage src = source2D();
			int w = src.width(), h = src.height();
			Warp rotation = angle == 0 ? null : Warp.rotation(w, h, angle, false);
			if (rotation != null) src = ImageWarp.apply(src, rotation, Resampler.of(Interpolation.CUBIC), src.headerCopy());
			SpectrumExtraction.Settings s = new SpectrumExtraction.Settings();
			s.dispersion = SpectrumExtraction.Dispersion.of(dispersion);
			boolean x = s.dispersion == SpectrumExtraction.Dispersion.X;
			int slit = x ? h : w;
			String what = x ? "row" : "column";
			s.source = IndexRanges.parse("source", source, slit, what);
			s.background = IndexRanges.parse("background", background, slit, what);
			s.order = order;
			s.sigmaClip = sigma_clip;
			// cosmic rays are cleaned from the background rows only: by the median recipe, or by a copy
			// cleaned beforehand (cleaned=...)
			String cleaning = "";
			if (clean.equals("median") && cleaned != null) throw new IllegalArgumentException(
				"clean=median and cleaned: give one way of cleaning cosmic rays");
			if (clean.equals("median")) {
				MedianCosmics.Settings ms = new MedianCosmics.Settings();
				ms.threshold = clean_threshold;
				ms.err = src.errData();
				s.cleaner = (px, cw, ch, p) -> MedianCosmics.run(px, cw, ch, ms, p).cleaned();
				cleaning = "median 5x5, " + Provenance.format(clean_threshold) + " sigma, sigma from " +
					(src.hasErr() ? "median(ERR of " + src.name() + ")" : "1.4826 MAD");
			}
			else if (cleaned != null) {
				float[] copy = plane("cleaned", cleaned, src);
				if (rotation != null) copy = Resampler.of(Interpolation.CUBIC).image(copy, rotation);
				s.cleaner = CosmicRayCleaner.precleaned(copy, w, h, "cleaned " + cleaned.getName());
				cleaning = "from " + cleaned.getName();
			}
			SpectrumExtraction.Result r = SpectrumExtraction.extract(src.data(), w, h, s, progress());
			float[] sub = r.subtracted();
			FitsHeader header = outputHeader(src);
			subtracted = AstroImage.of(src.name(), sub, w, h, header).withErr(src.err()).withDq(src.dq());
			spectrum = r.table();
			spectrum_plot = r.spectrumPlot();
			profile_plot = r.profilePlot();
			String wrote = write(out, subtracted, Hdu.image(Images.wrap(r.fit.model, w, h), header.copy()).withExtname("BKG"));
			if (csv != null) {
				CsvTables.write(out.file(csv), spectrum, true);
				wrote += (wrote.isEmpty() ? "wrote " : " and ") + csv;
			}
			out.commit();
			long skipped = 0;
			for (int k : r.skipped) skipped += k;
			double total = 0;
			int noData = 0;
			for (double v : r.spectrum) {
				if (Double.isNaN(v)) noData++;
				else total += v;
			}
			summary = String.format(Locale.ROOT, "Extract Spectrum on %s%s: %d wavelengths, source %ss %s, order-%d background over %ss %s%s%s; total flux %.6g%s",
				src.name(), rotation == null ? "" : " rotated by " + Provenance.format(angle) + " deg", r.wavelengths(), what, IndexRanges.format(s.source), order, what, IndexRanges.format(s.background),
				cleaning.isEmpty() ? "" : " (cosmic rays cleaned " + cleaning + ": " + r.cleaned + " background pixels replaced)",
				skipped == 0 ? "" : "; " + skipped + " NaN source pixels skipped" + (noData == 0 ? "" : ", " + noData +
					" wavelengths without data (NaN)"), total, wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
