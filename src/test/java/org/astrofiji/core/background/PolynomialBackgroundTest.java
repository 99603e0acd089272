package org.astrofiji.core.background;

import org.astrofiji.core.IndexRanges;
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

/** Polynomial backgrounds per column and per row, least squares and ranges, on images the tests build. */
class PolynomialBackgroundTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** Column c of FITS-array row r holds a quadratic in r: 5 + 0.1 c + (0.02 + 1e-4 c) r - 3e-5 r^2. */
	static float[] quadratic(int w, int h) {
		float[] img = new float[w * h];
		for (int r = 0; r < h; r++) {
			for (int c = 0; c < w; c++) img[Coordinates.memoryRow(r, h) * w + c] = (float) value(c, r);
		}
		return img;
	}

	static double value(int c, int r) {
		return 5 + 0.1 * c + (0.02 + 1e-4 * c) * r - 3e-5 * r * r;
	}

	static PolynomialBackground.Result fit(float[] img, int w, int h, PolynomialBackground.Axis axis, String ranges, int order,
		double clip)
	{
		PolynomialBackground.Settings s = new PolynomialBackground.Settings();
		s.axis = axis;
		s.samples = IndexRanges.parse("ranges", ranges, axis == PolynomialBackground.Axis.COLUMNS ? h : w, "row");
		s.order = order;
		s.sigmaClip = clip;
		return PolynomialBackground.fit(img, null, w, h, s, Progress.NONE);
	}

	@Test
	void recoversAQuadraticAlongColumnsInFitsRows() {
		int w = 37, h = 120;
		float[] img = quadratic(w, h);
		// a source in rows 50-59 that the background ranges avoid
		for (int r = 50; r < 60; r++) for (int c = 0; c < w; c++) img[Coordinates.memoryRow(r, h) * w + c] += 100;
		PolynomialBackground.Result res = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "5-44,70-114", 2, 0);
		for (int c = 0; c < w; c++) {
			// coefficients highest power first, in the 0-based FITS-array row
			assertEquals(-3e-5, res.coefficients[c][0], 1e-9);
			assertEquals(0.02 + 1e-4 * c, res.coefficients[c][1], 1e-7);
			assertEquals(5 + 0.1 * c, res.coefficients[c][2], 1e-5);
			assertEquals(85, res.used[c]);
			for (int r = 0; r < h; r++) assertEquals(value(c, r), res.model[Coordinates.memoryRow(r, h) * w + c], 1e-4);
		}
		float[] sub = res.subtract(img);
		assertEquals(100, sub[Coordinates.memoryRow(55, h) * w + 3], 1e-3);
		Table t = res.table();
		assertEquals(w, t.rowCount());
		assertEquals(1, t.getDouble(0, "x_fits"), 0);
		assertEquals(0.02 + 1e-4 * 36, t.getDouble(36, "p1"), 1e-7);
		assertEquals(0, t.getDouble(36, "rms"), 1e-4);
	}

	@Test
	void rowsAxisFitsAlongEachRowInColumns() {
		int w = 120, h = 23;
		float[] img = new float[w * h];
		for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) img[Coordinates.memoryRow(r, h) * w + c] = (float) value(r, c);
		PolynomialBackground.Result res = fit(img, w, h, PolynomialBackground.Axis.ROWS, "0-39,80-119", 2, 0);
		assertEquals(h, res.lines());
		for (int r = 0; r < h; r++) {
			assertEquals(5 + 0.1 * r, res.coefficients[r][2], 1e-5, "row " + r + " is FITS-array row " + r);
			for (int c = 0; c < w; c++) assertEquals(value(r, c), res.model[Coordinates.memoryRow(r, h) * w + c], 1e-4);
		}
		assertEquals(1, res.table().getDouble(0, "y_fits"), 0);
		assertTrue(res.table().hasColumn("y_fits"));
	}

	@Test
	void nanSamplesAreSkippedAndCounted() {
		int w = 5, h = 60;
		float[] img = quadratic(w, h);
		img[Coordinates.memoryRow(10, h) * w + 2] = Float.NaN;
		img[Coordinates.memoryRow(11, h) * w + 2] = Float.NaN;
		PolynomialBackground.Result res = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-59", 2, 0);
		assertEquals(2, res.skipped[2]);
		assertEquals(58, res.used[2]);
		assertEquals(0, res.skipped[1]);
		assertEquals(value(2, 10), res.model[Coordinates.memoryRow(10, h) * w + 2], 1e-4);
		// a column left with fewer valid samples than coefficients has no model
		for (int r = 0; r < h; r++) if (r != 7 && r != 30) img[Coordinates.memoryRow(r, h) * w + 4] = Float.NaN;
		res = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-59", 2, 0);
		assertEquals(1, res.unfitted());
		assertTrue(Float.isNaN(res.model[4]));
		assertTrue(Double.isNaN(res.coefficients[4][0]));
	}

	@Test
	void sigmaClippingRemovesOutliersThatPlainLeastSquaresFollows() {
		int w = 3, h = 200;
		float[] img = quadratic(w, h);
		java.util.Random rng = new java.util.Random(3);
		for (int i = 0; i < img.length; i++) img[i] += (float) (0.5 * rng.nextGaussian());
		int[] hits = { 20, 21, 90, 150 };
		for (int r : hits) img[Coordinates.memoryRow(r, h) * w + 1] += 80; // cosmic rays in column 1
		PolynomialBackground.Result plain = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-199", 2, 0);
		PolynomialBackground.Result clipped = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-199", 2, 3);
		// the four outliers, and at most the odd 3-sigma noise sample of 200
		assertTrue(clipped.clipped[1] >= 4 && clipped.clipped[1] <= 5, "clipped " + clipped.clipped[1]);
		assertEquals(200, clipped.used[1] + clipped.clipped[1]);
		double plainErr = Math.abs(plain.coefficients[1][2] - (5 + 0.1)), clipErr = Math.abs(clipped.coefficients[1][2] - (5 + 0.1));
		assertTrue(plainErr > 0.5, "plain fit pulled by the outliers: " + plainErr);
		assertTrue(clipErr < 0.3, "clipped fit: " + clipErr);
		assertTrue(Math.abs(clipped.rms[1] - 0.5) < 0.1, "rms of the kept samples " + clipped.rms[1]);
		assertTrue(clipped.clipped[0] <= 1, "a clean column loses at most a 3-sigma noise sample: " + clipped.clipped[0]);
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		int w = 77, h = 90;
		float[] img = quadratic(w, h);
		java.util.Random rng = new java.util.Random(4);
		for (int i = 0; i < img.length; i++) img[i] += (float) rng.nextGaussian();
		Parallel.setThreads(1);
		PolynomialBackground.Result one = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-30,50-89", 3, 2.5);
		Parallel.setThreads(4);
		PolynomialBackground.Result four = fit(img, w, h, PolynomialBackground.Axis.COLUMNS, "0-30,50-89", 3, 2.5);
		assertArrayEquals(one.model, four.model);
		for (int c = 0; c < w; c++) assertArrayEquals(one.coefficients[c], four.coefficients[c]);
	}

	@Test
	void orderAtLeastTheNumberOfSamplesIsAnError() {
		float[] img = quadratic(4, 50);
		assertEquals("order 3 needs at least 4 background rows, but ranges give 3 (10-12)", assertThrows(
			IllegalArgumentException.class, () -> fit(img, 4, 50, PolynomialBackground.Axis.COLUMNS, "10-12", 3, 0)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> fit(img, 4, 50, PolynomialBackground.Axis.COLUMNS, "0-9",
			2, -1)).getMessage().startsWith("sigma_clip must be 0"));
	}
}
