package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.PsfModel;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of the Lauer PSF on simulated 1024x1024 fields whose PSF varies across the field (see
 * {@link VariablePsfField}): 500 stars, fluxes 2e4-3e5 e- on a sky of 200 e- per pixel (S/N 100-1000),
 * default star selection (ProperImage's cuts), inf_loss 0.002. The PSF rebuilt at the centres of a
 * 4x4 grid must match the true PSF (pixel-integrated, centred, cut to the stamp and unit-sum) with a
 * relative L2 residual of at most 3 % everywhere, and with an rms over the grid at most half that of
 * the best constant PSF (the mean of the 16 true PSFs).
 */
class LauerPsfSimulatedTest {

	static final int SIDE = 1024;
	private static VariablePsfField gaussian, moffat;

	static synchronized VariablePsfField field(Psf.Kind kind) {
		if (kind == Psf.Kind.GAUSSIAN) {
			if (gaussian == null) gaussian = new VariablePsfField(SIDE, SIDE, 500, 2e4, 3e5, 200, 12,
				VariablePsfField.quadrants(kind, SIDE, SIDE), 7);
			return gaussian;
		}
		if (moffat == null) moffat = new VariablePsfField(SIDE, SIDE, 500, 2e4, 3e5, 200, 12,
			VariablePsfField.quadrants(kind, SIDE, SIDE), 7);
		return moffat;
	}

	/** Worst and rms relative L2 residual over the 4x4 grid, and the rms of the best constant PSF. */
	static double[] gridResiduals(LauerPsf psf, VariablePsfField f) {
		int n = psf.size();
		double[][] truths = new double[16][];
		double[] mean = new double[n * n];
		for (int g = 0; g < 16; g++) {
			double[] c = psf.gridPosition(g % 4, g / 4, 4);
			truths[g] = f.truth(c[0], c[1], n);
			for (int p = 0; p < n * n; p++) mean[p] += truths[g][p] / 16;
		}
		double worst = 0, ss = 0, cs = 0;
		for (int g = 0; g < 16; g++) {
			double[] c = psf.gridPosition(g % 4, g / 4, 4);
			double[] est = psf.at(c[0], c[1]);
			double sum = 0;
			for (double v : est) sum += v;
			assertEquals(1, sum, 1e-12, "unit sum");
			double e = relative(est, truths[g]), ce = relative(mean, truths[g]);
			worst = Math.max(worst, e);
			ss += e * e;
			cs += ce * ce;
		}
		return new double[] { worst, Math.sqrt(ss / 16), Math.sqrt(cs / 16) };
	}

	static double relative(double[] a, double[] t) {
		double d = 0, n = 0;
		for (int i = 0; i < a.length; i++) {
			d += (a[i] - t[i]) * (a[i] - t[i]);
			n += t[i] * t[i];
		}
		return Math.sqrt(d / n);
	}

	static LauerPsf estimate(VariablePsfField f, PsfStarSettings s, LauerPsf.Settings ls) {
		PsfStars stars = PsfStarSelector.select(f.image, null, f.width, f.height, s, Progress.NONE);
		LauerPsf psf = LauerPsf.estimate(stars, ls);
		System.out.println(stars.summary());
		System.out.println(psf.summary());
		return psf;
	}

	static void accept(Psf.Kind kind) {
		VariablePsfField f = field(kind);
		LauerPsf.Settings ls = new LauerPsf.Settings();
		ls.infLoss = 0.002;
		LauerPsf psf = estimate(f, new PsfStarSettings(), ls);
		double[] r = gridResiduals(psf, f);
		System.out.printf(Locale.ROOT, "%s quadrant field: worst %.4f, rms %.4f over the grid; best constant PSF rms %.4f%n", kind,
			r[0], r[1], r[2]);
		assertTrue(r[0] <= 0.03, "worst grid residual " + r[0]);
		assertTrue(r[1] <= 0.5 * r[2], "rms " + r[1] + " vs constant " + r[2]);
	}

	@Test
	void gaussianQuadrantField() {
		accept(Psf.Kind.GAUSSIAN);
	}

	@Test
	void moffatQuadrantField() {
		accept(Psf.Kind.MOFFAT);
	}

	/** The simulator's own variable PSF (FWHM +30 % and ellipticity 0.2 towards the corners, radial). */
	@Test
	void simulatorVariablePsf() {
		PsfModel model = new PsfModel(Psf.Kind.MOFFAT, 3, true, SIDE, SIDE);
		VariablePsfField f = new VariablePsfField(SIDE, SIDE, 500, 2e4, 3e5, 200, 12, model::at, 8);
		LauerPsf.Settings ls = new LauerPsf.Settings();
		ls.infLoss = 0.002;
		LauerPsf psf = estimate(f, new PsfStarSettings(), ls);
		double[] r = gridResiduals(psf, f);
		System.out.printf(Locale.ROOT, "simulator variable Moffat: worst %.4f, rms %.4f; best constant PSF rms %.4f%n", r[0], r[1], r[2]);
		assertTrue(r[0] <= 0.03, "worst grid residual " + r[0]);
		assertTrue(r[1] <= 0.5 * r[2], "rms " + r[1] + " vs constant " + r[2]);
	}

	/**
	 * Recentred stamps (Lanczos-5 resampling onto the centroid) against stamps cut at the nearest
	 * pixel, with the same 8 elements: without recentring the half-pixel jitter of the centres blurs
	 * the PSF and spreads over the elements.
	 */
	@Test
	void recentringIsBetter() {
		VariablePsfField f = field(Psf.Kind.GAUSSIAN);
		LauerPsf.Settings ls = new LauerPsf.Settings();
		ls.elements = 8;
		PsfStarSettings on = new PsfStarSettings(), off = new PsfStarSettings();
		off.recentre = false;
		double[] a = gridResiduals(estimate(f, on, ls), f), b = gridResiduals(estimate(f, off, ls), f);
		System.out.printf(Locale.ROOT, "8 elements, Gaussian field: recentred worst %.4f rms %.4f; nearest pixel worst %.4f rms %.4f%n",
			a[0], a[1], b[0], b[1]);
		assertTrue(a[1] < 0.5 * b[1], "recentred rms " + a[1] + " vs " + b[1]);
	}

	@Test
	void montageResidualAndDescription() {
		VariablePsfField f = field(Psf.Kind.GAUSSIAN);
		PsfStars stars = PsfStarSelector.select(f.image, null, f.width, f.height, new PsfStarSettings(), Progress.NONE);
		LauerPsf.Settings ls = new LauerPsf.Settings();
		ls.elements = 6;
		LauerPsf psf = LauerPsf.estimate(stars, ls);
		int k = psf.size();
		// montage tiles are the PSFs at the grid cells, laid out as on the image
		float[] m = org.astrofiji.core.Images.floats(psf.montage(3));
		for (int tj = 0; tj < 3; tj++) {
			for (int ti = 0; ti < 3; ti++) {
				double[] c = psf.gridPosition(ti, tj, 3);
				double[] p = psf.at(c[0], c[1]);
				for (int j = 0; j < k; j += 5) for (int i = 0; i < k; i += 3) assertEquals((float) p[j * k + i],
					m[(tj * k + j) * 3 * k + ti * k + i], 0);
			}
		}
		double[] top = psf.gridPosition(0, 0, 3);
		assertTrue(top[1] > SIDE / 2.0 && top[0] < SIDE / 2.0, "tile (0, 0) is the top-left cell");
		// the model rebuilt from its description is the same model
		LauerPsf copy = LauerPsf.of(psf.describe());
		assertEquals(psf.summary().replaceAll("; .*", ""), copy.summary().replaceAll("; .*", ""));
		double[] a = psf.at(300.5, 700.25), b = copy.at(300.5, 700.25);
		for (int p = 0; p < a.length; p++) assertEquals(a[p], b[p], 0);
		// residual: the scaled PSF removes the PSF stars' light
		float[] res = psf.residual(stars), sub = stars.backgroundSubtracted();
		double before = 0, after = 0;
		int r = k / 2;
		for (PsfStar s : stars.stars()) {
			int cx = (int) Math.rint(s.x - 1), cy = (int) Math.rint(SIDE - s.y);
			for (int y = cy - r; y <= cy + r; y++) {
				for (int x = cx - r; x <= cx + r; x++) {
					before += sub[y * SIDE + x] * (double) sub[y * SIDE + x];
					after += res[y * SIDE + x] * (double) res[y * SIDE + x];
				}
			}
		}
		System.out.printf(Locale.ROOT, "residual image: %.2f %% of the PSF stars' stamp energy left%n", 100 * after / before);
		assertTrue(after < 0.02 * before, "residual energy " + after / before);
		assertEquals(sub[5], res[5], 0, "pixels away from the PSF stars are unchanged");
		assertEquals(stars.count(), psf.starTable(stars).rowCount());
		assertEquals(psf.rejectedStars().size(), psf.describe().rejectedStars);
	}

	@Test
	void sameModelForAnyThreadCount() {
		VariablePsfField f = new VariablePsfField(512, 512, 150, 2e4, 3e5, 200, 12, VariablePsfField.quadrants(Psf.Kind.MOFFAT, 512,
			512), 3);
		int before = Parallel.threads();
		try {
			Parallel.setThreads(1);
			PsfModelDescription a = LauerPsf.estimate(PsfStarSelector.select(f.image, null, 512, 512, new PsfStarSettings(),
				Progress.NONE), new LauerPsf.Settings()).describe();
			Parallel.setThreads(3);
			PsfModelDescription b = LauerPsf.estimate(PsfStarSelector.select(f.image, null, 512, 512, new PsfStarSettings(),
				Progress.NONE), new LauerPsf.Settings()).describe();
			assertEquals(a.elements(), b.elements());
			assertEquals(a.stars, b.stars);
			for (int i = 0; i < a.elements(); i++) {
				assertTrue(java.util.Arrays.equals(a.basis(i), b.basis(i)), "element " + i);
				assertTrue(java.util.Arrays.equals(a.coefficients(i), b.coefficients(i)), "coefficients " + i);
			}
		}
		finally {
			Parallel.setThreads(before);
		}
	}
}
