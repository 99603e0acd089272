package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.SimulationSettings;
import org.junit.jupiter.api.Test;

/**
 * The PSF error S_corr's V_psf term takes from the PSF stars ({@link PsfFields#errorStamp}): small for a
 * Moffat fitted to Moffat stars, several times larger for a Gaussian fitted to them (it misses their
 * wings), none for a PSF given as a stamp. Measured (512&sup2;, 300 Moffat stars, FWHM 3.5): totals of the
 * error stamps 0.053 (Moffat fit) and 0.327 (Gaussian fit) of the unit flux.
 */
class PsfErrorTest {

	private static final int W = 512;

	@Test
	void aGaussianOnMoffatStarsHasTheLargerError() {
		SimulationSettings s = new SimulationSettings();
		s.width = W;
		s.height = W;
		s.stars = 300;
		s.seed = 5;
		s.psf = Psf.Kind.MOFFAT;
		s.faintest = 20;
		s.brightest = 30000;
		FieldEpochs f = new FieldEpochs(s, 0, 0, 60);
		float[] img = f.frame(new FieldEpochs.Epoch().fwhm(3.5).sky(20).seed(9));
		double moffat = total(PsfFields.Kind.MOFFAT, img), gaussian = total(PsfFields.Kind.GAUSSIAN, img);
		String msg = String.format(Locale.ROOT, "error stamp totals: Moffat fit %.4f, Gaussian fit %.4f", moffat, gaussian);
		System.out.println(msg);
		assertTrue(moffat > 0 && moffat < 0.1, msg);
		assertTrue(gaussian > 3 * moffat, msg);
		assertNull(PsfFields.profile(org.astrofiji.core.psf.Moffat.elliptical(3.5, 2.5, 0, 0), 31, "given").error());
	}

	private static double total(PsfFields.Kind kind, float[] img) {
		PsfField p = PsfFields.estimate(kind, img, null, W, W, new PsfStarSettings(), new LauerPsf.Settings(), Progress.NONE).field;
		double[] e = p.error();
		double sum = 0;
		for (double v : e) {
			assertTrue(v >= 0 && Double.isFinite(v), "error stamp value " + v);
			sum += v;
		}
		return sum;
	}
}
