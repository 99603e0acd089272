package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * &beta; fitted with estimated (Moffat) PSFs against the simulator's flux ratio: 1024&sup2; fields of 600
 * Moffat stars (index 2.5, up to 5000 ADU), same seeing (FWHM 3, &beta; 1) and seeing 3 &rarr; 4 with
 * the sky 20 &rarr; 35 and transparency 0.8 (&beta; 0.8). The template ratio alone was off by 1-6 %
 * (the fitted Moffat indices' wing errors), with the former aperture correction up to 3 %; with the
 * wing fit, measured on seeds 1-6: same seeing -0.40 ... +0.25 %, seeing 3 &rarr; 4 +0.16 / -0.09 / -0.05
 * / +1.21 / -0.81 / -0.84 % (jackknife errors 0.23-0.95 %); held-out seeds 7-18: same seeing -0.65 ...
 * +0.34 %, seeing 3 &rarr; 4 -0.85 ... +1.83 %. Asserted on seeds 1-6: within 2 %, within 3 times its
 * own error, and that error below 1.5 %.
 */
class FluxRatioFitTest {

	private static final int W = 1024;

	@Test
	void betaOfFittedMoffatPsfsIsWithinTwoPerCent() {
		for (long seed = 1; seed <= 6; seed++) {
			check(false, seed, 0.02);
			check(true, seed, 0.02);
		}
	}

	private static void check(boolean pair, long seed, double tolerance) {
		SimulationSettings s = new SimulationSettings();
		s.width = W;
		s.height = W;
		s.stars = 600;
		s.seed = seed;
		s.psf = Psf.Kind.MOFFAT;
		s.brightest = 5000;
		s.faintest = 20;
		FieldEpochs f = new FieldEpochs(s, 0, 0, 60);
		FieldEpochs.Epoch re = new FieldEpochs.Epoch().fwhm(3).sky(20).transparency(1).seed(11 + 100 * seed);
		FieldEpochs.Epoch ne = new FieldEpochs.Epoch().fwhm(pair ? 4 : 3).sky(pair ? 35 : 20).transparency(pair ? 0.8 : 1)
			.seed(12 + 100 * seed);
		Epoch.Settings es = new Epoch.Settings();
		es.gain = s.gain;
		Epoch r = epoch("ref", f.frame(re), es), n = epoch("new", f.frame(ne), es);
		FluxRatio fr = ProperSubtraction.fluxRatio(r, n, new ProperSubtraction.Settings(), Progress.NONE);
		double truth = pair ? 0.8 : 1;
		String what = String.format(Locale.ROOT, "%s seed %d: beta %.4f +- %.4f (truth %.1f, %+.2f %%)", pair ? "seeing 3 -> 4" :
			"same seeing", seed, fr.beta, fr.betaErr, truth, 100 * (fr.beta / truth - 1));
		System.out.println(what);
		assertEquals(truth, fr.beta, tolerance * truth, what);
		assertTrue(Math.abs(fr.beta - truth) < 3 * fr.betaErr, what);
		assertTrue(fr.betaErr < 0.015 * truth, what);
	}

	private static Epoch epoch(String name, float[] pixels, Epoch.Settings es) {
		PsfField psf = PsfFields.estimate(PsfFields.Kind.MOFFAT, pixels, null, W, W, new PsfStarSettings(), new LauerPsf.Settings(),
			Progress.NONE).field;
		return Epoch.of(name, pixels, null, null, W, W, psf, es, Progress.NONE);
	}
}
