package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.Psf;
import org.junit.jupiter.api.Test;

/**
 * PSF star selection and the PSF model's bad-input rules on a small hand-made field: 25 Gaussian
 * stars (FWHM 3) on a 50-pixel grid, one of them with a close companion, one saturated, one on a
 * DQ-flagged pixel.
 */
class PsfStarSelectorTest {

	static final int W = 300, H = 300;

	/** Memory positions and fluxes. */
	static List<double[]> stars() {
		List<double[]> s = new ArrayList<>();
		SplittableRandom r = new SplittableRandom(1);
		for (int j = 0; j < 5; j++) for (int i = 0; i < 5; i++) s.add(new double[] { 50 + 50 * i + r.nextDouble() - 0.5,
			50 + 50 * j + r.nextDouble() - 0.5, 5e4 });
		s.add(new double[] { s.get(6)[0] + 6, s.get(6)[1] + 5, 2e4 }); // companion of star 6
		s.get(12)[2] = 6e5; // saturated
		return s;
	}

	static float[] image(List<double[]> stars, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] img = new double[W * H];
		for (double[] s : stars) {
			Psf p = new Psf(Psf.Kind.GAUSSIAN, 3, 0.1, 0.4);
			int cx = (int) Math.rint(s[0]), cy = (int) Math.rint(s[1]);
			double[] st = p.stamp(s[0] - cx, s[1] - cy);
			int k = (int) Math.round(Math.sqrt(st.length)), rr = k / 2;
			for (int j = 0; j < k; j++) for (int i = 0; i < k; i++) img[(cy - rr + j) * W + cx - rr + i] += s[2] * st[j * k + i];
		}
		float[] out = new float[W * H];
		for (int p = 0; p < out.length; p++) out[p] = (float) Math.min(5e4, 100 + img[p] + 3 * VariablePsfField.gaussian(r));
		return out;
	}

	@Test
	void cutsCrowdedSaturatedAndFlaggedStars() {
		List<double[]> stars = stars();
		float[] img = image(stars, 2);
		int[] dq = new int[W * H];
		double[] flagged = stars.get(18);
		dq[(int) Math.rint(flagged[1]) * W + (int) Math.rint(flagged[0]) + 1] = 4;
		PsfStarSettings s = new PsfStarSettings();
		s.areaLow = s.fluxLow = 0;
		s.areaHigh = s.fluxHigh = 100;
		s.saturation = 5e4;
		s.minSources = 0;
		PsfStars ps = PsfStarSelector.select(img, dq, W, H, s, Progress.NONE);
		System.out.println(ps.summary());
		assertEquals(26, ps.candidates());
		// the pair is deblended (flagged) or, when detected apart, crowded; the DQ star has a NaN pixel
		assertEquals(3, ps.rejected().get("crowded") + ps.rejected().get("flagged") + ps.rejected().get("flagged pixels"));
		assertEquals(1, (int) ps.rejected().get("saturated"));
		assertEquals(22, ps.count());
		for (PsfStar st : ps.stars()) {
			double best = 1e9;
			int which = -1;
			for (int i = 0; i < stars.size(); i++) {
				double d = Math.hypot(Coordinates.memoryX(st.x) - stars.get(i)[0], Coordinates.memoryY(st.y, H) - stars.get(i)[1]);
				if (d < best) {
					best = d;
					which = i;
				}
			}
			assertTrue(best < 0.05, "centre off by " + best);
			assertTrue(which != 6 && which != 25 && which != 12 && which != 18, "star " + which + " should be cut");
			double sum = 0;
			for (double v : st.stamp()) sum += v;
			assertEquals(1, sum, 1e-12);
		}
		assertEquals(ps.stampSize() % 2, 1);
		assertTrue(ps.summary().contains("1 saturated"), ps.summary());
		// without the DQ mask bit the star is used
		s.dqMask = ~4;
		assertEquals(23, PsfStarSelector.select(img, dq, W, H, s, Progress.NONE).count());
		// isolation off: the pair still goes when deblending flags it, never the isolated stars
		s.isolation = 0;
		assertTrue(PsfStarSelector.select(img, dq, W, H, s, Progress.NONE).count() >= 23);
	}

	@Test
	void starsAtGivenPositions() {
		List<double[]> stars = stars();
		float[] img = image(stars, 3);
		double[] x = new double[5], y = new double[5];
		for (int i = 0; i < 5; i++) {
			double[] st = stars.get(2 * i);
			x[i] = Coordinates.fitsX(st[0]) + 0.7;
			y[i] = Coordinates.fitsY(st[1], H) - 0.6;
		}
		PsfStars ps = PsfStarSelector.atPositions(img, null, W, H, x, y, new PsfStarSettings(), Progress.NONE);
		assertEquals(5, ps.count());
		for (int i = 0; i < 5; i++) {
			PsfStar st = ps.stars().get(i);
			assertEquals(i + 1, st.id);
			assertEquals(Coordinates.fitsX(stars.get(2 * i)[0]), st.x, 0.02);
			assertEquals(Coordinates.fitsY(stars.get(2 * i)[1], H), st.y, 0.02);
			assertEquals(2.9, st.fwhm, 0.15); // circular fit of a 3.0 x 2.7 px star
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PsfStarSelector.atPositions(img, null, W, H,
			new double[] { 10, 301 }, new double[] { 10, 10 }, new PsfStarSettings(), Progress.NONE));
		assertEquals("position 2 (x=301.0, y=10.0) is outside the 300x300 image", e.getMessage());
	}

	@Test
	void fewStarsLowerTheDegreeAndFewerThanThreeFail() {
		List<double[]> stars = stars();
		float[] img = image(stars, 4);
		double[] x = new double[8], y = new double[8];
		for (int i = 0; i < 8; i++) {
			x[i] = Coordinates.fitsX(stars.get(i * 3)[0]);
			y[i] = Coordinates.fitsY(stars.get(i * 3)[1], H);
		}
		PsfStarSettings settings = new PsfStarSettings();
		settings.saturation = 5e4;
		PsfStars ps = PsfStarSelector.atPositions(img, null, W, H, x, y, settings, Progress.NONE);
		System.out.println(ps.summary());
		assertEquals(7, ps.count(), "the saturated star 12 is left out");
		LauerPsf psf = LauerPsf.estimate(ps, new LauerPsf.Settings());
		assertEquals(1, psf.degree());
		assertTrue(psf.summary().contains("degree 1 (degree 3 needs at least 20 stars, 7 given)"), psf.summary());
		PsfStars two = PsfStarSelector.atPositions(img, null, W, H, new double[] { x[0], x[1] }, new double[] { y[0], y[1] },
			new PsfStarSettings(), Progress.NONE);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LauerPsf.estimate(two,
			new LauerPsf.Settings()));
		assertTrue(e.getMessage().startsWith("a PSF model needs at least 3 PSF stars, got 2 ("), e.getMessage());
		// a position outside the image
		e = assertThrows(IllegalArgumentException.class, () -> psf.at(0.2, 50));
		assertEquals("position 1 (x=0.2, y=50.0) is outside the 300x300 image", e.getMessage());
		assertFalse(Double.isNaN(psf.at(0.5, 300.5)[0]), "the outer edges of the corner pixels are inside");
	}

	/** Discs of half a 101 px stamp around every star hide all of the sky: the first background stands. */
	@Test
	void sourceDiscsCoveringTheSkyKeepTheFirstBackground() {
		float[] img = image(stars(), 2);
		PsfStarSettings s = new PsfStarSettings();
		s.areaLow = s.fluxLow = 0;
		s.areaHigh = s.fluxHigh = 100;
		s.minSources = 0;
		s.stampSize = 101;
		s.isolation = 0;
		PsfStars masked = PsfStarSelector.select(img, null, W, H, s, Progress.NONE);
		s.maskSources = false;
		PsfStars plain = PsfStarSelector.select(img, null, W, H, s, Progress.NONE);
		assertTrue(plain.count() >= 5, plain.summary());
		assertEquals(plain.count(), masked.count());
		for (int i = 0; i < plain.count(); i++) assertArrayEquals(plain.stars().get(i).stamp(), masked.stars().get(i).stamp(), 0);
	}

	@Test
	void badSettings() {
		float[] img = image(stars(), 5);
		LauerPsf.Settings ls = new LauerPsf.Settings();
		ls.infLoss = 1.2;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ls::validate);
		assertEquals("inf_loss must be between 0 and 1 (got 1.2)", e.getMessage());
		ls.infLoss = -0.1;
		assertThrows(IllegalArgumentException.class, ls::validate);
		PsfStarSettings s = new PsfStarSettings();
		s.stampSize = 20;
		e = assertThrows(IllegalArgumentException.class, () -> PsfStarSelector.select(img, null, W, H, s, Progress.NONE));
		assertEquals("stamp_size must be 0 (auto) or an odd number >= 3 (got 20)", e.getMessage());
		float[] small = new float[40 * 30];
		for (int p = 0; p < small.length; p++) small[p] = img[(p / 40 + 35) * W + p % 40 + 35];
		s.stampSize = 31;
		s.minSources = 0;
		e = assertThrows(IllegalArgumentException.class, () -> PsfStarSelector.select(small, null, 40, 30, s, Progress.NONE));
		assertEquals("stamp_size 31 is larger than the 40x30 image", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PsfStarSelector.select(img, new int[5], W, H, new PsfStarSettings(),
			Progress.NONE));
	}
}
