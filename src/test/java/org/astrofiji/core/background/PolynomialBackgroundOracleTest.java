package org.astrofiji.core.background;

import org.astrofiji.core.IndexRanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.linalg.Polynomials;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the polynomial per column / per row against numpy.polyfit / polyval (oracle
 * background.py polyfit; expected values from background_expected.py): the model to 1e-6 relative.
 */
class PolynomialBackgroundOracleTest {

	/** STIS recipe: the medfilt-cleaned frame, rows 10:200 and 300:480 of each column, degree 2. */
	@Test
	void stisColumnsEqualNumpyPolyfit() throws Exception {
		FitsImage raw = Stis.raw();
		int w = raw.width(), h = raw.height();
		PolynomialBackground.Settings s = new PolynomialBackground.Settings();
		s.samples = IndexRanges.parse("ranges", "10-199,300-479", h, "row");
		s.order = 2;
		PolynomialBackground.Result r = PolynomialBackground.fit(Stis.cleaned(raw), null, w, h, s, Progress.NONE);
		assertEquals(370, r.used[0]);
		compare(r, "stis", w, h, true);
	}

	/** ALFOSC science along rows over columns 10:90 and 125:390, degree 2, on the raw frame (not cleaned). */
	@Test
	void alfoscRowsEqualNumpyPolyfit() throws Exception {
		FitsImage img = FitsReader.read(SharedData.file("alfosc-not-longslit/science/ALDc200205.fits").getPath() + "[1]");
		int w = img.width(), h = img.height();
		PolynomialBackground.Settings s = new PolynomialBackground.Settings();
		s.axis = PolynomialBackground.Axis.ROWS;
		s.samples = IndexRanges.parse("ranges", "10-89,125-389", w, "column");
		s.order = 2;
		PolynomialBackground.Result r = PolynomialBackground.fit(img.data(), null, w, h, s, Progress.NONE);
		assertEquals(345, r.used[0]);
		compare(r, "alfosc", w, h, false);
	}

	static void compare(PolynomialBackground.Result r, String name, int w, int h, boolean columns) throws Exception {
		List<Map<String, String>> coef = SharedData.csv("/expected/background/" + name + "_polyfit_coef.csv");
		int along = columns ? h : w;
		double worstModel = 0, worstCoef = 0;
		for (Map<String, String> row : coef) {
			int line = Integer.parseInt(row.get("index"));
			double[] p = { Double.parseDouble(row.get("p0")), Double.parseDouble(row.get("p1")), Double.parseDouble(row.get("p2")) };
			// coefficients: relative to each term's largest contribution over the line
			for (int k = 0; k < 3; k++) {
				double scale = Math.abs(p[k]) * Math.pow(along - 1, 2 - k);
				worstCoef = Math.max(worstCoef, Math.abs(p[k] - r.coefficients[line][k]) * Math.pow(along - 1, 2 - k) / scale);
			}
			for (int x = 0; x < along; x++) {
				double expected = Polynomials.polyval(p, x);
				int idx = columns ? Coordinates.memoryRow(x, h) * w + line : Coordinates.memoryRow(line, h) * w + x;
				worstModel = Math.max(worstModel, Math.abs(r.model[idx] - expected) / Math.abs(expected));
			}
		}
		assertTrue(coef.size() > 300, coef.size() + " lines compared");
		assertTrue(worstModel < 1e-6, name + ": model vs numpy polyval, worst relative difference " + worstModel);
		assertTrue(worstCoef < 1e-8, name + ": coefficients vs numpy polyfit, worst relative difference " + worstCoef);
		// the oracle's background image itself (float64), sampled
		double worstPixel = 0;
		for (Map<String, String> row : SharedData.csv("/expected/background/" + name + "_polyfit_samples.csv")) {
			int fr = Integer.parseInt(row.get("row")), c = Integer.parseInt(row.get("col"));
			double expected = Double.parseDouble(row.get("bkg"));
			worstPixel = Math.max(worstPixel, Math.abs(r.model[Coordinates.memoryRow(fr, h) * w + c] - expected) / Math.abs(expected));
		}
		assertTrue(worstPixel < 1e-6, name + ": background image samples, worst relative difference " + worstPixel);
		System.out.printf("%s: model vs numpy worst relative %.2e, coefficients %.2e, image samples %.2e%n", name, worstModel,
			worstCoef, worstPixel);
	}
}
