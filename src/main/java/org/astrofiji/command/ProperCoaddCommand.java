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
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.subtraction.Epoch;
import org.astrofiji.core.subtraction.ImageSubtraction;
import org.astrofiji.core.subtraction.ProperCoadd;
import org.astrofiji.core.subtraction.PsfFields;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FrameFiles;
import org.astrofiji.io.Hdu;

/**
 * Proper coaddition after Zackay &amp; Ofek (2017) ({@link ProperCoadd}) of aligned frames: the open
 * image (first, when given) and the {@code frames} files. Outputs the coadd R (unit noise), its score S
 * (the significance of a point source) and P_R; the output file holds R (SCI, DQ), SCORE and PSF_R.
 */
@Plugin(type = Command.class, label = "Proper Coadd", headless = true,
	description = "Proper coaddition (Zackay & Ofek 2017) of aligned frames: the coadd R with unit noise, its PSF and its score S " +
		"(a point source's significance), each frame weighted by its PSF, noise and flux scale (fitted or given)")
public class ProperCoaddCommand extends ImageCommand {

	@Parameter(label = "frames", required = false, description = "FITS files to coadd (comma-separated; * and ? select by pattern), after the open image when one is given; all on one pixel grid")
	private String frames = "";

	@Parameter(label = "psf", choices = { "gaussian", "moffat", "constant", "model" },
		description = "PSF of each frame, estimated on it: a fitted elliptical Gaussian or Moffat, a constant or a varying Lauer model (read from models, else estimated; the coadd uses each frame's PSF at the image centre)")
	private String psf = "gaussian";

	@Parameter(label = "models", required = false, description = "psf=model: each frame's PSF model file (Estimate PSF's output), comma-separated (* and ? select by pattern), one per frame in the frames' order (the open image's first); empty = estimate them")
	private String models = "";

	@Parameter(label = "fluxes", required = false, description = "Flux scale of each frame relative to the first (comma-separated, one per frame); empty = fit them as ZOGY's beta against the first")
	private String fluxes = "";

	@Parameter(label = "saturation (image units)", description = "Pixels at or above this (and their neighbours) are left out; 0 = each header's SATURATE, else no check; negative = no check")
	private double saturation = 0;

	@Parameter(label = "box_size (px)", min = "4", description = "Background mesh box of the images and of their PSF star selection")
	private int box_size = 64;

	@Parameter(type = ItemIO.OUTPUT, label = "coadd")
	private AstroImage coadd;

	@Parameter(type = ItemIO.OUTPUT, label = "score")
	private AstroImage score;

	@Parameter(type = ItemIO.OUTPUT, label = "psf_r")
	private Img<FloatType> psf_r;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().check()) {
			List<AstroImage> images = new ArrayList<>();
			if (image != null || input != null) images.add(source2D());
			for (String path : FrameFiles.expand("frames", frames)) images.add(FitsReader.readImage(path));
			if (images.size() < 2) throw new IllegalArgumentException("frames: proper coadd needs at least 2 frames (got " + images.size() +
				")");
			ImageSubtraction.Settings s = new ImageSubtraction.Settings();
			s.psf = PsfFields.Kind.of(psf);
			s.saturation = saturation < 0 ? Double.POSITIVE_INFINITY : saturation;
			if (box_size < 4) throw new IllegalArgumentException("box_size must be at least 4 pixels (got " + box_size + ")");
			s.box = box_size;
			List<Epoch> epochs = new ArrayList<>();
			for (AstroImage a : images) {
				if (a.width() != images.get(0).width() || a.height() != images.get(0).height()) throw new IllegalArgumentException(
					"frames: " + a.name() + " is " + a.size() + " but " + images.get(0).name() + " is " + images.get(0).size() +
						": align them first (Align Images)");
			}
			List<LauerPsf> given = models(images.size(), s.psf);
			for (int i = 0; i < images.size(); i++) {
				AstroImage a = images.get(i);
				epochs.add(ImageSubtraction.epoch(a.name(), a, s, given.isEmpty() ? null : given.get(i), progress().range(0.6 * i / images.size(), 0.6 * (i + 1) / images
					.size())));
			}
			ProperCoadd.Result r = ProperCoadd.run(epochs, parseFluxes(images.size()), progress().range(0.6, 1));
			AstroImage first = images.get(0);
			int w = first.width(), h = first.height();
			FitsHeader hd = outputHeader(first).set("BUNIT", "", "proper coadd R (unit background noise)").set("COADDFR", r.fluxR,
				"flux scale F_R of the coadd").set("NCOMBINE", images.size(), "frames coadded");
			coadd = AstroImage.of("coadd of " + first.name(), Images.wrap(r.coadd, w, h), hd).withDq(r.dq);
			score = AstroImage.of("score of " + first.name(), Images.wrap(r.score, w, h), hd.copy().set("BUNIT", "",
				"score S of the proper coadd (significance)")).withDq(r.dq);
			float[] p = new float[r.psf.length];
			for (int i = 0; i < p.length; i++) p[i] = (float) r.psf[i];
			psf_r = Images.wrap(p, r.psfSize, r.psfSize);
			List<String> lines = new ArrayList<>();
			lines.add(r.summary);
			String wr = write(out, coadd, Hdu.image(score.sci(), score.headerCopy()).withExtname("SCORE"), Hdu.image(psf_r, score.headerCopy())
				.withExtname("PSF_R"));
			if (!wr.isEmpty()) lines.add(wr);
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The frames' Lauer models from {@code models}, in order; empty when none is given. */
	private List<LauerPsf> models(int frames, PsfFields.Kind kind) throws IOException {
		List<LauerPsf> m = new ArrayList<>();
		if (models == null || models.isBlank()) return m;
		if (kind != PsfFields.Kind.MODEL) throw new IllegalArgumentException("models: PSF model files need psf=model (got psf=" + psf + ")");
		List<String> files = FrameFiles.expand("models", models);
		if (files.size() != frames) throw new IllegalArgumentException("models: " + files.size() + " model files for " + frames + " frames");
		for (String f : files) m.add(ImageSubtractionCommand.model("models", new File(f)));
		return m;
	}

	private double[] parseFluxes(int n) {
		if (fluxes == null || fluxes.isBlank()) return null;
		String[] parts = fluxes.trim().split("[,\\s]+");
		if (parts.length != n) throw new IllegalArgumentException("fluxes: " + parts.length + " values for " + n + " frames");
		double[] f = new double[n];
		for (int i = 0; i < n; i++) {
			try {
				f[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("fluxes: '" + parts[i] + "' is not a number");
			}
		}
		return f;
	}
}
