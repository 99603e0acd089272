package org.astrofiji.core.background;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 2-D polynomial surface on frames with a known gradient, stars and noise. */
class PolynomialSurfaceTest {

	static final int W = 240, H = 160;

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** The true surface at 0-based FITS-array column c and row r. */
	static double truth(int c, int r) {
		double u = 2.0 * c / (W - 1) - 1, v = 2.0 * r / (H - 1) - 1;
		return 500 + 30 * u - 12 * v + 8 * u * u + 5 * u * v - 6 * v * v;
	}

	static float[] frame(boolean stars) {
		java.util.Random rng = new java.util.Random(8);
		float[] img = new float[W * H];
		for (int r = 0; r < H; r++) {
			for (int c = 0; c < W; c++) img[Coordinates.memoryRow(r, H) * W + c] = (float) (truth(c, r) + 4 * rng.nextGaussian());
		}
		if (stars) {
			for (int k = 0; k < 60; k++) {
				int cx = 5 + rng.nextInt(W - 10), cy = 5 + rng.nextInt(H - 10);
				for (int dy = -3; dy <= 3; dy++) {
					for (int dx = -3; dx <= 3; dx++) img[(cy + dy) * W + cx + dx] += (float) (2000 * Math.exp(-(dx * dx + dy * dy) / 3.0));
				}
			}
		}
		return img;
	}

	static PolynomialSurface.Result fit(float[] img, float[] mask, int order, double clip) {
		PolynomialSurface.Settings s = new PolynomialSurface.Settings();
		s.order = order;
		s.sigmaClip = clip;
		return PolynomialSurface.fit(img, mask, W, H, s, Progress.NONE);
	}

	@Test
	void recoversAQuadraticSurfaceUnderStarsByClipping() {
		float[] img = frame(true);
		PolynomialSurface.Result clipped = fit(img, null, 2, 3);
		PolynomialSurface.Result plain = fit(img, null, 2, 0);
		double worstClipped = 0, worstPlain = 0;
		for (int r = 0; r < H; r++) {
			for (int c = 0; c < W; c++) {
				int i = Coordinates.memoryRow(r, H) * W + c;
				worstClipped = Math.max(worstClipped, Math.abs(clipped.model[i] - truth(c, r)));
				worstPlain = Math.max(worstPlain, Math.abs(plain.model[i] - truth(c, r)));
			}
		}
		assertTrue(worstClipped < 1.0, "clipped surface within 1 ADU (noise 4) of the truth: " + worstClipped);
		assertTrue(worstPlain > 3 * worstClipped, "plain least squares is pulled by the stars: " + worstPlain);
		assertEquals(4.0, clipped.rms, 0.2);
		assertTrue(clipped.clipped > 500, clipped.clipped + " star pixels clipped");
		assertTrue(clipped.iterations > 1);
		// coefficients in u, v (FITS-array orientation: v grows with the row number)
		Table t = clipped.table();
		assertEquals(6, t.rowCount());
		assertEquals("u v", t.getString(4, "term"));
		assertEquals(5, t.getDouble(4, "coefficient"), 0.3);
		assertEquals(-12, t.getDouble(2, "coefficient"), 0.3);
		assertEquals("v", t.getString(2, "term"));
		assertEquals(truth(17, 101), clipped.at(17, 101), 1.0);
	}

	@Test
	void nanAndMaskedPixelsAreSkipped() {
		float[] img = frame(false);
		float[] mask = new float[W * H];
		for (int i = 0; i < 1000; i++) {
			img[i * 7] = Float.NaN;
			mask[i * 7 + 3] = 1;
			img[i * 7 + 3] = 1e6f; // masked garbage
		}
		PolynomialSurface.Result r = fit(img, mask, 2, 0);
		assertEquals(2000, r.skipped);
		assertEquals(W * H - 2000, r.used);
		assertEquals(truth(100, 80), r.at(100, 80), 1.0);
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		float[] img = frame(true);
		Parallel.setThreads(1);
		PolynomialSurface.Result one = fit(img, null, 3, 2.5);
		Parallel.setThreads(3);
		PolynomialSurface.Result three = fit(img, null, 3, 2.5);
		assertArrayEquals(one.coefficients, three.coefficients);
		assertArrayEquals(one.model, three.model);
	}

	@Test
	void badInputIsNamed() {
		float[] img = new float[W * H];
		assertTrue(assertThrows(IllegalArgumentException.class, () -> fit(img, null, 2, -2)).getMessage()
			.startsWith("sigma_clip must be 0"));
		float[] nan = new float[W * H];
		java.util.Arrays.fill(nan, Float.NaN);
		nan[5] = 1;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> fit(nan, null, 2, 0)).getMessage()
			.startsWith("image: only 1 valid pixels for 6 surface coefficients"));
		// valid pixels on one column only cannot determine the x terms
		float[] column = new float[W * H];
		java.util.Arrays.fill(column, Float.NaN);
		for (int y = 0; y < H; y++) column[y * W + 10] = y;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> fit(column, null, 1, 0)).getMessage()
			.startsWith("the surface fit is degenerate"));
	}
}
