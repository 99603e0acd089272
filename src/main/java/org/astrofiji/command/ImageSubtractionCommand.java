package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.registration.Aligner;
import org.astrofiji.core.subtraction.CandidateMontage;
import org.astrofiji.core.subtraction.ImageSubtraction;
import org.astrofiji.core.subtraction.PsfFields;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.Ds9Regions;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.PsfModelFiles;

/**
 * Proper image subtraction after Zackay, Ofek &amp; Gal-Yam (2016) ({@link ImageSubtraction}): the new
 * image ({@code image} or {@code input}) minus the reference, as D, its PSF P_D and the corrected
 * score S_corr, with the transient candidates (|S_corr| &ge; threshold) as a table, overlay and DS9
 * regions, and a cut-out montage (R, N, D) of the strongest candidates. The output file holds D (SCI,
 * DQ), S_corr, P_D and the montage (CUTOUTS, described by its header: {@link CandidateMontage#image}). Over 150 lines because it has two image
 * inputs (open or file), the optional alignment, two PSF model files and three file outputs; the work
 * itself is one call into core.
 */
@Plugin(type = Command.class, label = "Image Subtraction (ZOGY)", headless = true,
	description = "Proper image subtraction (Zackay, Ofek & Gal-Yam 2016): difference D, its PSF P_D and the corrected score S_corr " +
		"(unit noise), with the flux ratio (and shift) fitted, and transient candidates as a table, overlay and DS9 regions")
public class ImageSubtractionCommand extends ImageCommand {

	@Parameter(label = "reference", required = false, description = "The reference image (an open image by title); the new image is the image/input")
	private AstroImage reference;

	@Parameter(label = "reference_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "reference"), description = "A FITS file as the reference instead of an open image (headless runs)")
	private File reference_input;

	@Parameter(label = "psf", choices = { "gaussian", "moffat", "constant", "model" },
		description = "PSF of each image: an elliptical Gaussian or Moffat fitted to its PSF stars, a constant Lauer model (mean star stamp), or a spatially varying Lauer model (from model_reference/model_new, else estimated)")
	private String psf = "gaussian";

	@Parameter(label = "model_reference", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "psf=model: the reference's PSF model file (Estimate PSF's output); empty = estimate it")
	private File model_reference;

	@Parameter(label = "model_new", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "psf=model: the new image's PSF model file; empty = estimate it")
	private File model_new;

	@Parameter(label = "beta", min = "0", description = "Flux ratio F_new / F_ref (10^(-0.4 (zp_ref - zp_new)) for magnitude zero points); 0 = fit it on the stars")
	private double beta = 0;

	@Parameter(label = "shift_fit", description = "Also fit a residual shift (dx, dy) of the new image, and use the stars' scatter as astrometric noise in S_corr")
	private boolean shift_fit;

	@Parameter(label = "shift_x (px)", description = "Given shift of the new image relative to the reference along FITS x (instead of fitting it; with shift_fit, where the fit starts)")
	private double shift_x = 0;

	@Parameter(label = "shift_y (px)", description = "Given shift of the new image along FITS y (up, as displayed)")
	private double shift_y = 0;

	@Parameter(label = "source_noise", description = "Include the sources' own Poisson noise in S_corr's variance (counts / gain; ERR planes are not used); off = background noise only")
	private boolean source_noise = true;

	@Parameter(label = "astrometric_rms (px)", description = "Registration noise per axis for S_corr's astrometric term; negative = automatic (the stars' shift scatter with shift_fit, else none), 0 = no astrometric term")
	private double astrometric_rms = -1;

	@Parameter(label = "flux_ratio_rms", description = "Relative error of the flux ratio for S_corr's flux-ratio term; negative = automatic (the stars' scatter when beta is fitted, else none), 0 = no such term")
	private double flux_ratio_rms = -1;

	@Parameter(label = "psf_error", description = "Include the PSF models' error in S_corr's variance (each estimated PSF's misfit to its PSF stars, scaled by the local brightness of the sources): residuals of bright stars are not candidates; off = the paper's terms only")
	private boolean psf_error = true;

	@Parameter(label = "align", description = "Register the new image onto the reference first (stars, similarity transform, cubic spline)")
	private boolean align;

	@Parameter(label = "tile_size (px)", min = "0", description = "Side of the overlapping FFT tiles (each with its local PSF when the PSF varies); 0 = automatic (constant PSFs: the whole image on one grid up to 1.2 million grid points, else 512)")
	private int tile_size = 0;

	@Parameter(label = "threshold (sigma)", min = "0", description = "Transient candidates: peaks of |S_corr| at or above this")
	private double threshold = 5;

	@Parameter(label = "saturation (image units)", description = "Pixels at or above this (and their neighbours) are left out; 0 = each header's SATURATE, else no check; negative = no check")
	private double saturation = 0;

	@Parameter(label = "box_size (px)", min = "4", description = "Background mesh box of the images and of their PSF star selection")
	private int box_size = 64;

	@Parameter(label = "cutouts", min = "0", description = "Cut-out montage of the strongest candidates, this many rows at most (R, N, D per row, in units of each image's noise); 0 = none")
	private int cutouts = 25;

	@Parameter(label = "cutout_size (px)", min = "3", description = "Side of each cut-out (odd)")
	private int cutout_size = 21;

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the candidates as CSV to this file")
	private File table_file;

	@Parameter(label = "regions_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the candidates as a DS9 region file (image coordinates)")
	private File regions_file;

	@Parameter(type = ItemIO.OUTPUT, label = "difference")
	private AstroImage difference;

	@Parameter(type = ItemIO.OUTPUT, label = "s_corr")
	private AstroImage s_corr;

	@Parameter(type = ItemIO.OUTPUT, label = "montage")
	private AstroImage montage;

	@Parameter(type = ItemIO.OUTPUT, label = "psf_d")
	private Img<FloatType> psf_d;

	@Parameter(type = ItemIO.OUTPUT, label = "candidates")
	private Table candidates;

	@Parameter(type = ItemIO.OUTPUT, label = "marks")
	private Marks marks;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("table_file", table_file, FileOutputs.Kind.TABLE)
			.add("regions_file", regions_file, FileOutputs.Kind.REGIONS).check())
		{
			AstroImage ref = reference_input != null ? FitsReader.readImage(reference_input.getPath()) : reference;
			if (ref == null) throw new IllegalArgumentException("reference: no image; choose an open image or give reference_input");
			AstroImage img = source2D();
			List<String> lines = new ArrayList<>();
			if (align) {
				Aligner a = Aligner.onto(ref);
				img = a.resample(img, a.find(img), img.headerCopy()).withName(img.name());
				lines.add("aligned " + img.name() + " onto " + ref.name());
			}
			ImageSubtraction.Settings s = new ImageSubtraction.Settings();
			s.psf = PsfFields.Kind.of(psf);
			if (s.psf != PsfFields.Kind.MODEL && (model_reference != null || model_new != null)) throw new IllegalArgumentException(
				"model_reference/model_new: PSF model files need psf=model (got psf=" + psf + ")");
			s.modelReference = model("model_reference", model_reference);
			s.modelNew = model("model_new", model_new);
			if (beta < 0) throw new IllegalArgumentException("beta must be > 0, or 0 to fit it (got " + beta + ")");
			s.subtraction.beta = beta;
			s.subtraction.fitShift = shift_fit;
			for (String k : new String[] { "shift_x", "shift_y" }) {
				double v = k.equals("shift_x") ? shift_x : shift_y;
				if (!(Math.abs(v) <= 1000)) throw new IllegalArgumentException(k + " must be a shift in pixels, |" + k + "| <= 1000 (got " + v + ")");
			}
			s.subtraction.shiftX = shift_x;
			s.subtraction.shiftY = shift_y;
			s.subtraction.astrometricRms = astrometric_rms;
			s.subtraction.fluxRatioRms = flux_ratio_rms;
			s.subtraction.psfError = psf_error;
			s.sourceNoise = source_noise;
			s.subtraction.validate(); // bad keys named before the images' PSFs are estimated
			s.subtraction.tileSize = tile_size;
			s.candidates.threshold = threshold;
			s.saturation = saturation < 0 ? Double.POSITIVE_INFINITY : saturation;
			if (box_size < 4) throw new IllegalArgumentException("box_size must be at least 4 pixels (got " + box_size + ")");
			s.box = box_size;
			if (cutouts < 0) throw new IllegalArgumentException("cutouts must be >= 0 (got " + cutouts + ")");
			if (cutout_size < 3 || cutout_size % 2 == 0 || cutout_size > 1001) throw new IllegalArgumentException(
				"cutout_size must be odd, 3 to 1001 pixels (got " + cutout_size + ")");
			ImageSubtraction.Result r = ImageSubtraction.run(ref, img, s, progress());
			// provenance: every image written (D, S_corr and the HDUs that take S_corr's header) names this run
			String history = history();
			difference = r.difference.withHeader(r.difference.headerCopy().addHistory(history));
			s_corr = r.correctedScore.withHeader(r.correctedScore.headerCopy().addHistory(history));
			int side = (int) Math.round(Math.sqrt(r.psfD.length));
			psf_d = Images.wrap(r.psfD, side, side);
			candidates = r.table.withTitle("Results"); // the Results table of a macro (nResults), as every command's main table
			marks = r.marks;
			lines.add(r.summary);
			if (table_file != null) {
				CsvTables.write(out.file(table_file), candidates, true);
				lines.add("wrote " + table_file);
			}
			if (regions_file != null) {
				Ds9Regions.write(out.file(regions_file), true, Ds9Regions.CoordinateSystem.IMAGE, List.of(marks));
				lines.add("wrote " + regions_file);
			}
			CandidateMontage m = CandidateMontage.of(r.subtraction, r.candidates, cutout_size, cutouts);
			List<Hdu> extras = new ArrayList<>(List.of(Hdu.image(s_corr.sci(), s_corr.headerCopy()).withExtname("SCORR"),
				Hdu.image(psf_d, s_corr.headerCopy()).withExtname("PSF_D")));
			if (m != null) {
				montage = m.image("cut-outs of " + img.name());
				montage = montage.withHeader(montage.headerCopy().addHistory(history));
				extras.add(Hdu.image(montage.sci(), montage.headerCopy()).withExtname(CandidateMontage.EXTNAME));
			}
			String w = write(out, difference, extras.toArray(new Hdu[0]));
			if (!w.isEmpty()) lines.add(w);
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The Lauer model in a PSF model file, or null (also Proper Coadd's). */
	static LauerPsf model(String key, File f) throws IOException {
		if (f == null) return null;
		if (!f.isFile()) throw new IllegalArgumentException(key + ": no such file " + f);
		try {
			return LauerPsf.of(PsfModelFiles.read(f));
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException(key + ": " + f.getName() + " is not a PSF model file (" + e.getMessage() + ")", e);
		}
	}
}
