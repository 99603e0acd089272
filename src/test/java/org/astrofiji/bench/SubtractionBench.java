package org.astrofiji.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.core.subtraction.ImageSubtraction;
import org.astrofiji.core.subtraction.PsfFields;
import org.astrofiji.io.FitsReader;

/**
 * Bench entries of image subtraction, end to end (both PSFs estimated, the subtraction, the candidates):
 * the real ESO 085-030 pair with ProperImage's tutorial settings (Gaussian PSFs, &beta; given; ProperImage
 * cannot be installed here, so no peer runs beside it, and no time of another day is quoted), and a
 * simulated 4096&sup2; pair with a varying PSF (Lauer models estimated on both, &beta; fitted, 512-px tiles);
 * and the ESO pair as a whole process ({@code ./astro run}: reading, the subtraction, writing D and S_corr
 * and the candidates) for its time and peak memory, with no peer (ProperImage cannot be installed here).
 */
final class SubtractionBench {

	private static final String ESO = "eso085-030-two-epochs/";

	private SubtractionBench() {}

	static List<ProcessEntry> processes() {
		File ref = Inputs.sharedData(ESO + "aligned_eso085-030-004.fit"), nw = Inputs.sharedData(ESO + "aligned_eso085-030-005.fit");
		if (ref == null || nw == null) return List.of();
		return List.of(new ProcessEntry("Image Subtraction (ZOGY)", "1024x682 ESO 085-030 pair: D, S_corr, candidates written", in ->
			ProcessEntry.Run.astro("Image Subtraction (ZOGY)", "input=\"" + nw + "\",reference_input=\"" + ref + "\",beta=1.00074," +
				"saturation=65000,output=\"" + in.file("zogy_astro.fits") + "\",table_file=\"" + in.file("zogy_astro.csv") +
				"\",overwrite=true").noPeer("ProperImage is not installed").fresh(in.file("zogy_astro.fits"), in.file("zogy_astro.csv"))));
	}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		File ref = Inputs.sharedData(ESO + "aligned_eso085-030-004.fit"), nw = Inputs.sharedData(ESO + "aligned_eso085-030-005.fit");
		if (ref != null && nw != null) {
			e.add(new Entry("image subtraction (ZOGY): Gaussian PSFs, D, S_corr, candidates", "1024x682 ESO 085-030 pair", in -> {
				AstroImage r = FitsReader.readImage(ref.getPath()), n = FitsReader.readImage(nw.getPath());
				ImageSubtraction.Settings s = new ImageSubtraction.Settings();
				s.subtraction.beta = 1.00074;
				s.saturation = 65000;
				return Entry.Prepared.of(() -> ImageSubtraction.run(r, n, s, Progress.NONE));
			}).samples(5));
		}
		e.add(new Entry("image subtraction (ZOGY): varying PSF models, beta fit, tiles", "4096x4096 simulated pair, variable " +
			"Gaussian PSF, 9600 stars", in -> {
				SimulationSettings s = new SimulationSettings();
				s.width = 4096;
				s.height = 4096;
				s.stars = 9600;
				s.psf = Psf.Kind.GAUSSIAN;
				s.variablePsf = true;
				s.brightest = 3000;
				s.faintest = 20;
				FieldEpochs f = new FieldEpochs(s, 5, 3, 0);
				AstroImage r = AstroImage.of("reference", f.frame(new FieldEpochs.Epoch().fwhm(3).sky(20).seed(1)), 4096, 4096,
					new FitsHeader());
				AstroImage n = AstroImage.of("new", f.frame(new FieldEpochs.Epoch().fwhm(4).sky(35).transparency(0.8).changed(true)
					.seed(2)), 4096, 4096, new FitsHeader());
				ImageSubtraction.Settings is = new ImageSubtraction.Settings();
				is.psf = PsfFields.Kind.MODEL;
				is.saturation = Double.POSITIVE_INFINITY;
				return Entry.Prepared.of(() -> ImageSubtraction.run(r, n, is, Progress.NONE));
			}).samples(3).warmups(1));
		return e;
	}
}
