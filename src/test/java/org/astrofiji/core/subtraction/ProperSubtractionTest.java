package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Progress;
import org.junit.jupiter.api.Test;

/**
 * Proper subtraction of simulated pairs against the simulator's truth (issue 17's acceptance): unit
 * noise of S_corr over source-free pixels (also per tile with a varying PSF), the transient found at
 * its expected significance, no other candidate at or above 5 but the variable stars, &beta; within 2 %.
 */
class ProperSubtractionTest {

	@Test
	void constantPsfFittedGaussian() {
		check(3, false, "gaussian");
	}

	@Test
	void variablePsfModel() {
		check(3, true, "model");
	}

	/** The same image as reference and new: D and S_corr vanish everywhere, and nothing is NaN. */
	@Test
	void sameImage() {
		SimulatedPair pair = new SimulatedPair(5, 256, false);
		PsfField psf = PsfFields.profile(org.astrofiji.core.psf.Gaussian.circular(3), 15, "true");
		Epoch e = pair.epoch("image", pair.r, psf);
		Subtraction sub = ProperSubtraction.run(e, e, new ProperSubtraction.Settings(), Progress.NONE);
		assertEquals(1, sub.fluxRatio().beta, 1e-9);
		for (float[] a : new float[][] { sub.difference(), sub.score(), sub.correctedScore() }) {
			for (float v : a) {
				assertTrue(Float.isFinite(v), "NaN or infinite value");
				assertEquals(0, v, 1e-3);
			}
		}
		assertTrue(TransientFinder.find(sub, new TransientFinder.Settings(), null).isEmpty());
	}

	/** A NaN hole in the new image: left out, flagged, no NaN and no ringing around it. */
	@Test
	void maskedPixels() {
		SimulatedPair pair = new SimulatedPair(3, 512, false);
		float[] n = pair.n.clone();
		int w = pair.width();
		for (int y = 200; y < 230; y++) for (int x = 300; x < 340; x++) n[y * w + x] = Float.NaN;
		PsfField pr = PsfFields.profile(org.astrofiji.core.psf.Gaussian.circular(3), 21, "true 3");
		PsfField pn = PsfFields.profile(org.astrofiji.core.psf.Gaussian.circular(4), 21, "true 4");
		Subtraction sub = ProperSubtraction.run(pair.epoch("reference", pair.r, pr), pair.epoch("new", n, pn),
			new ProperSubtraction.Settings(), Progress.NONE);
		float[] sc = sub.correctedScore();
		short[] dq = sub.dq();
		assertEquals(1200, sub.leftOut());
		assertEquals(org.astrofiji.core.image.Dq.NO_DATA, dq[215 * w + 320]);
		assertEquals(0, sc[215 * w + 320]);
		// just beyond the flagged ring around the hole the noise is still 1
		boolean[] free = pair.sourceFree();
		double s2 = 0, cnt = 0;
		for (int y = 170; y < 260; y++) {
			for (int x = 270; x < 370; x++) {
				int p = y * w + x;
				assertTrue(Float.isFinite(sc[p]));
				if (dq[p] != 0 || !free[p]) continue;
				s2 += sc[p] * sc[p];
				cnt++;
			}
		}
		assertTrue(cnt > 1000, cnt + " pixels");
		double rms = Math.sqrt(s2 / cnt);
		assertTrue(rms > 0.85 && rms < 1.15, "S_corr rms around the hole " + rms);
	}

	private static void check(long seed, boolean variablePsf, String psf) {
		SimulatedPair pair = new SimulatedPair(seed, 1024, variablePsf);
		Epoch[] e = pair.epochs(PsfFields.Kind.of(psf));
		ProperSubtraction.Settings s = new ProperSubtraction.Settings();
		Subtraction sub = ProperSubtraction.run(e[0], e[1], s, Progress.NONE);
		String what = String.format(Locale.ROOT, "seed %d, variable %b, %s: %s", seed, variablePsf, psf, sub.summary());

		assertEquals(SimulatedPair.BETA, sub.fluxRatio().beta, 0.02 * SimulatedPair.BETA, what);

		boolean[] free = pair.sourceFree();
		float[] sc = sub.correctedScore();
		short[] dq = sub.dq();
		int w = pair.width(), half = w / 2;
		double[][] quarter = new double[4][3];
		for (int p = 0; p < sc.length; p++) {
			if (dq[p] != 0 || !free[p]) continue;
			double[] q = quarter[(p / w >= half ? 2 : 0) + (p % w >= half ? 1 : 0)];
			q[0]++;
			q[1] += sc[p];
			q[2] += sc[p] * sc[p];
		}
		double n = 0, s1 = 0, s2 = 0;
		for (double[] q : quarter) {
			n += q[0];
			s1 += q[1];
			s2 += q[2];
			if (variablePsf) {
				// one tile of 512 per quarter: the noise must be 1 in each
				double std = Math.sqrt(q[2] / q[0] - Math.pow(q[1] / q[0], 2));
				assertTrue(std >= 0.95 && std <= 1.05, "tile S_corr std " + std + "; " + what);
			}
		}
		double std = Math.sqrt(s2 / n - Math.pow(s1 / n, 2));
		assertTrue(std >= 0.95 && std <= 1.05, "S_corr std " + std + " over " + n + " source-free pixels; " + what);
		// the mesh backgrounds leave a small offset (faint stars in the meshes)
		assertEquals(0, s1 / n, 0.1, "S_corr mean; " + what);

		double expected = pair.expectedSignificance();
		List<Candidate> found = TransientFinder.find(sub, new TransientFinder.Settings(), null);
		double[] t = pair.transientAt();
		Candidate tr = null;
		for (Candidate c : found) {
			if (Math.hypot(c.x - t[0], c.y - t[1]) <= 1.5) tr = c;
			else assertTrue(pair.explained(c, 8), "false candidate " + c + "; " + what);
		}
		assertTrue(tr != null, "transient at " + t[0] + ", " + t[1] + " (expected S_corr " + expected + ") not found: " + found);
		assertEquals(expected, tr.scorr, 0.15 * expected, "transient " + tr + "; " + what);
		// its flux: the simulator's, in reference ADU
		double flux = pair.field.transients().getDouble(0, "flux") * pair.settings.exposure / pair.settings.gain;
		assertEquals(flux, tr.flux, 3 * tr.fluxErr, "transient flux; " + what);
	}
}
