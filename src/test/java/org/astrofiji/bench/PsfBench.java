package org.astrofiji.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSelector;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.psf.StarFitter;
import org.astrofiji.core.psf.StarProfile;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;

/**
 * Bench entries of the PSF workflows: the spatially varying PSF (star selection with its two mesh
 * backgrounds and detection, KL basis, coefficient fields; Estimate PSF's defaults) of a simulated
 * 4096² raw frame with a variable PSF and about 1 000 PSF stars (no peer), and elliptical 2-D Gaussian
 * fits in 15×15 boxes beside astropy's LevMarLSQFitter on the same stars and boxes (500 of them: astropy
 * takes about 10 ms a fit), and the 10 000 fits on a 2048² frame (ours only: astropy would take minutes).
 */
final class PsfBench {

	/** Stars the night simulator spreads over the 4096² frame: about 1 000 of them pass the PSF star cuts. */
	static final int FIELD_STARS = 3200;
	private static final int FITS = 500, MANY_FITS = 10_000, BOX = 15;

	private PsfBench() {}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.add(new Entry("PSF estimation (select stars, KL basis, cubic fields)", "4096x4096 raw V frame, variable PSF, " + FIELD_STARS +
			" stars (~1000 PSF stars)", in -> {
				Inputs.Frame f = in.frame("sim_vpsf_4096x4096_" + FIELD_STARS, 4096, 4096, () -> Inputs.simulatedFrame(4096, 4096,
					FIELD_STARS, true));
				PsfStarSettings s = new PsfStarSettings();
				s.saturation = 65535;
				LauerPsf.Settings ls = new LauerPsf.Settings();
				ls.elements = 4; // Estimate PSF's default
				return Entry.Prepared.of(() -> LauerPsf.estimate(PsfStarSelector.select(f.data, null, 4096, 4096, s, Progress.NONE), ls));
			}).samples(3).warmups(1));
		e.add(new Entry("2-D Gaussian fits (elliptical + constant, 15x15 box)", FITS + " stars on a 512x512 simulated frame",
			in -> gaussianFits(in, FITS, 512, true)).samples(3));
		e.add(new Entry("2-D Gaussian fits, 10 000 (elliptical + constant, 15x15 box)", MANY_FITS + " stars on a 2048x2048 simulated frame",
			in -> gaussianFits(in, MANY_FITS, 2048, false)).samples(3));
		return e;
	}

	/** Gaussian stars on a grid (jittered positions, S/N 30-1000), fitted from their rounded positions. */
	private static Entry.Prepared gaussianFits(Inputs in, int n, int size, boolean peer) throws Exception {
		int w = size, h = size, perRow = (size - 8) / 20;
		StarFrame frame = new StarFrame(w, h, new Psf(Psf.Kind.GAUSSIAN, 3, 0.1, 0.5), 100, 1.5, 6, 21);
		SplittableRandom rnd = new SplittableRandom(22);
		double[] sx = new double[n], sy = new double[n];
		StringBuilder csv = new StringBuilder("x,y\n");
		for (int i = 0; i < n; i++) {
			double x = 14 + 20 * (i % perRow) + rnd.nextDouble(-0.5, 0.5), y = 14 + 20 * (i / perRow) + rnd.nextDouble(-0.5, 0.5);
			frame.star(x, y, 2e3 * Math.pow(100, rnd.nextDouble()));
			sx[i] = Math.rint(x);
			sy[i] = Math.rint(y);
			csv.append(sx[i] - 1).append(',').append(sy[i] - 1).append('\n'); // 0-based numpy positions
		}
		float[] img = frame.render(1, 0, 0, 0);
		Inputs.Frame f = in.frame("gauss_stars_" + n + "_" + size, w, h, () -> img);
		File positions = in.file("gauss_positions_" + n + ".csv");
		Files.write(positions.toPath(), csv.toString().getBytes(StandardCharsets.UTF_8));
		StarFitter.Settings s = new StarFitter.Settings(StarProfile.GAUSSIAN, true);
		s.box = BOX;
		Entry.Prepared fits = Entry.Prepared.of(() -> StarFitter.fit(f.data, null, w, h, sx, sy, s));
		if (!peer) return fits;
		return fits.peer("astropy LevMarLSQFitter Gaussian2D + Const2D",
			"gaussian_fits", f.path(), positions.getPath(), Integer.toString(BOX));
	}
}
