package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSelector;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.psf.PsfStars;
import org.astrofiji.core.psf.StarFitter;
import org.astrofiji.core.psf.StarProfile;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;

/**
 * Bench entries of the PSF workflows: the spatially varying PSF (star selection with its two mesh
 * backgrounds and detection, KL basis, coefficient fields; Estimate PSF's defaults) of a simulated
 * 4096² raw frame with a variable PSF and about 1 000 PSF stars, and 10 000 elliptical 2-D Gaussian
 * fits in 15×15 boxes on a simulated frame of Gaussian stars. The fits are also run by the oracle's
 * {@code psf.py fit} (astropy's LevMarLSQFitter, the same box) on the first 500 of the same positions
 * at the same time; its time is scaled to 10 000 fits and labelled so.
 */
final class PsfBench {

	/** Stars the night simulator spreads over the 4096² frame: about 1 000 of them pass the PSF star cuts. */
	static final int FIELD_STARS = 3200;
	private static final int FITS = 10_000, PEER_FITS = 500, BOX = 15;

	private PsfBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		e.add(new Bench.Entry("PSF estimation (select stars, KL basis, cubic fields)", "4096x4096 raw V frame, variable PSF, " +
			FIELD_STARS + " stars (~1000 PSF stars)", "", Double.NaN, 3, scratch -> {
				float[] img = BenchData.simulatedFrame(4096, 4096, FIELD_STARS, true);
				PsfStarSettings s = new PsfStarSettings();
				s.saturation = 65535;
				LauerPsf.Settings ls = new LauerPsf.Settings();
				ls.elements = 4; // Estimate PSF's default
				PsfStars once = PsfStarSelector.select(img, null, 4096, 4096, s, Progress.NONE);
				System.err.println("bench: " + once.summary() + "; " + LauerPsf.estimate(once, ls).summary());
				return () -> LauerPsf.estimate(PsfStarSelector.select(img, null, 4096, 4096, s, Progress.NONE), ls);
			}));
		e.add(new Bench.Entry("2-D Gaussian fits (elliptical + constant, 15x15 box)", "10 000 stars on a 2048x2048 simulated frame", "",
			Double.NaN, 5, PsfBench::gaussianFits));
		return e;
	}

	/** 10 000 Gaussian stars on a grid (jittered positions, S/N 30-1000), fitted from their rounded positions. */
	private static Bench.Work gaussianFits(Path scratch) throws Exception {
		int w = 2048, h = 2048;
		StarFrame frame = new StarFrame(w, h, new Psf(Psf.Kind.GAUSSIAN, 3, 0.1, 0.5), 100, 1.5, 6, 21);
		SplittableRandom rnd = new SplittableRandom(22);
		double[] x = new double[FITS], y = new double[FITS];
		for (int i = 0; i < FITS; i++) {
			x[i] = 14 + 20 * (i % 100) + rnd.nextDouble(-0.5, 0.5);
			y[i] = 14 + 20 * (i / 100) + rnd.nextDouble(-0.5, 0.5);
			frame.star(x[i], y[i], 2e3 * Math.pow(100, rnd.nextDouble()));
		}
		float[] img = frame.render(1, 0, 0, 0);
		double[] sx = new double[FITS], sy = new double[FITS];
		for (int i = 0; i < FITS; i++) {
			sx[i] = Math.rint(x[i]);
			sy[i] = Math.rint(y[i]);
		}
		StarFitter.Settings s = new StarFitter.Settings(StarProfile.GAUSSIAN, true);
		s.box = BOX;
		File fits = BenchData.write(scratch, "fits2048", img, w, h), csv = positions(scratch, sx, sy, PEER_FITS);
		double peer = BenchData.oracleSeconds("psf.py", "fit", fits.getPath(), "-o", scratch.resolve("psf_fit").toString(),
			"--positions", csv.getPath(), "--box", Integer.toString(BOX));
		Bench.Work work = BenchData.warm(() -> StarFitter.fit(img, null, w, h, sx, sy, s), 3);
		return BenchData.withPeer(work, peer * FITS / PEER_FITS, Double.isNaN(peer) ? "astropy (oracle not available)" :
			String.format(Locale.ROOT, "astropy LevMarLSQFitter Gaussian2D + Const2D, %d of the fits timed (%.3f s), x%d", PEER_FITS,
				peer, FITS / PEER_FITS));
	}

	/** The first n positions as psf.py reads them: 0-based numpy coordinates. */
	private static File positions(Path scratch, double[] x, double[] y, int n) throws IOException {
		StringBuilder sb = new StringBuilder("x,y\n");
		for (int i = 0; i < n; i++) sb.append(x[i] - 1).append(',').append(y[i] - 1).append('\n');
		File f = scratch.resolve("psf_positions.csv").toFile();
		Files.write(f.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
		return f;
	}
}
