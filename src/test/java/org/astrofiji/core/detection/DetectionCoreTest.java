package org.astrofiji.core.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.junit.jupiter.api.Test;

/** Thresholds, filter, measurements, deblending, the mesh sky and bad input, on images built here. */
class DetectionCoreTest {

	/**
	 * Adds an elliptical Gaussian of total flux f centred at FITS (x0, y0), sigmas sa >= sb, major axis
	 * at theta degrees counter-clockwise from +x (FITS, y up), sampled at pixel centres.
	 */
	static void gaussian(float[] img, int w, int h, double x0, double y0, double f, double sa, double sb, double theta) {
		double t = Math.toRadians(theta), c = Math.cos(t), s = Math.sin(t);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double dx = Coordinates.fitsX(x) - x0, dy = Coordinates.fitsY(y, h) - y0;
				double u = dx * c + dy * s, v = -dx * s + dy * c;
				img[y * w + x] += (float) (f / (2 * Math.PI * sa * sb) * Math.exp(-0.5 * (u * u / (sa * sa) + v * v / (sb * sb))));
			}
		}
	}

	static DetectionSettings absolute(double level) {
		DetectionSettings s = new DetectionSettings();
		s.mode = DetectionSettings.ThresholdMode.ABSOLUTE;
		s.threshold = level;
		s.fwhm = 0;
		s.minArea = 1;
		return s;
	}

	@Test
	void globalThresholdIsMeanPlusKPopulationStd() {
		float[] img = { 1, 2, 3, 4, 5, 6, 7, 100, Float.NaN };
		Threshold t = Threshold.global(img, 3, 3, 2, 1);
		double mean = (1 + 2 + 3 + 4 + 5 + 6 + 7 + 100) / 8.0, var = 0;
		for (float v : Arrays.copyOf(img, 8)) var += (v - mean) * (v - mean);
		assertEquals(mean + 2 * Math.sqrt(var / 8), t.level(0), 1e-12);
		assertEquals(mean, t.background(4), 1e-12);
		DetectionSettings s = new DetectionSettings();
		s.mode = DetectionSettings.ThresholdMode.GLOBAL;
		s.k = 2;
		s.fwhm = 0;
		s.minArea = 1;
		Detection d = StarFinder.find(img, 3, 3, s, Progress.NONE);
		assertEquals(1, d.sources().size()); // only 100 is above 12.5 + 2 x 31.4
		assertEquals(1, d.nanPixels());
		assertTrue(d.summary().contains("1 NaN pixels skipped"), d.summary());
	}

	@Test
	void twoPixelKernelIsSepsDefaultFilter() {
		double[] g = MatchedFilter.profile(2);
		assertArrayEquals(new double[] { 0.5, 1, 0.5 }, g, 1e-12); // outer product = [1 2 1; 2 4 2; 1 2 1] / 4
		assertEquals(0.375, MatchedFilter.noiseFactor(2), 1e-12);
		assertEquals(1, MatchedFilter.radius(1.5));
		assertEquals(2, MatchedFilter.radius(3));
		assertEquals(3, MatchedFilter.radius(4));
		// a flat image stays flat to the edges; a delta becomes the kernel; NaN stays NaN and is skipped
		float[] flat = new float[25];
		Arrays.fill(flat, 7);
		for (float v : MatchedFilter.apply(flat, 5, 5, 2, null, 0)) assertEquals(7, v, 1e-6);
		float[] delta = new float[25];
		delta[12] = 16;
		float[] f = MatchedFilter.apply(delta, 5, 5, 2, null, 0);
		assertEquals(4, f[12], 1e-6);
		assertEquals(2, f[11], 1e-6);
		assertEquals(1, f[6], 1e-6);
		flat[12] = Float.NaN;
		float[] fn = MatchedFilter.apply(flat, 5, 5, 2, null, 0);
		assertTrue(Float.isNaN(fn[12]));
		assertEquals(7, fn[11], 1e-6);
	}

	@Test
	void shapeAndCentreOfAnEllipticalGaussian() {
		int w = 80, h = 70;
		float[] img = new float[w * h];
		gaussian(img, w, h, 40.3, 33.7, 1e5, 3, 1.5, 30);
		DetectionSettings s = absolute(0.5);
		s.weights = DetectionSettings.Weights.IMAGE;
		Detection d = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(1, d.sources().size());
		Source src = d.sources().get(0);
		assertEquals(40.3, src.x, 1e-3);
		assertEquals(33.7, src.y, 1e-3);
		assertEquals(30, src.theta, 0.5, "counter-clockwise from +x with y up");
		assertEquals(3, src.a, 0.05);
		assertEquals(1.5, src.b, 0.05);
		assertEquals(0.5, src.ellipticity, 0.02);
		assertEquals(0, src.background, 0, "the absolute mode's background is 0");
		// the same ellipse turned the other way
		float[] img2 = new float[w * h];
		gaussian(img2, w, h, 40.3, 33.7, 1e5, 3, 1.5, -60);
		assertEquals(-60, StarFinder.find(img2, w, h, s, Progress.NONE).sources().get(0).theta, 0.5);
	}

	@Test
	void centresWithEachWeighting() {
		int w = 60, h = 50;
		float[] img = new float[w * h];
		gaussian(img, w, h, 30.25, 20.6, 5e4, 2, 2, 0);
		for (DetectionSettings.Weights wt : DetectionSettings.Weights.values()) {
			DetectionSettings s = absolute(1);
			s.weights = wt;
			Source src = StarFinder.find(img, w, h, s, Progress.NONE).sources().get(0);
			assertEquals(30.25, src.x, wt == DetectionSettings.Weights.WINDOWED ? 1e-3 : 0.02, wt.toString());
			assertEquals(20.6, src.y, wt == DetectionSettings.Weights.WINDOWED ? 1e-3 : 0.02, wt.toString());
			assertEquals(2 * Math.sqrt(2 * Math.log(2)) * 2, src.fwhm, 0.5, "half-maximum FWHM");
		}
		// excess weights are value - threshold: a direct sum over the labelled pixels
		DetectionSettings s = absolute(50);
		s.weights = DetectionSettings.Weights.EXCESS;
		Detection d = StarFinder.find(img, w, h, s, Progress.NONE);
		double sw = 0, sx = 0;
		for (int p = 0; p < img.length; p++) {
			if (d.labels()[p] != 1) continue;
			sw += img[p] - 50;
			sx += (img[p] - 50) * Coordinates.fitsX(p % w);
		}
		assertEquals(sx / sw, d.sources().get(0).x, 1e-9);
	}

	@Test
	void flagsMarkEdgeSaturatedAndNaNSourcesAndExclusionCountsThem() {
		int w = 40, h = 30;
		float[] img = new float[w * h];
		img[5 * w + 0] = 10; // on the left edge
		img[15 * w + 20] = 70000; // saturated
		img[20 * w + 30] = 10;
		img[20 * w + 31] = Float.NaN; // next to NaN
		img[8 * w + 10] = 10; // clean
		DetectionSettings s = absolute(5);
		s.saturation = 65535;
		Detection d = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(4, d.sources().size());
		int edge = 0, sat = 0, nan = 0, clean = 0;
		for (Source src : d.sources()) {
			if (src.flags == Source.EDGE) edge++;
			if (src.flags == Source.SATURATED) sat++;
			if (src.flags == Source.NAN) nan++;
			if (src.flags == 0) clean++;
		}
		assertEquals(1, edge);
		assertEquals(1, sat);
		assertEquals(1, nan);
		assertEquals(1, clean);
		assertEquals("edge,saturated,nan,blended,fallback", Source.describeFlags(31));
		s.excludeFlagged = true;
		Detection ex = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(1, ex.sources().size());
		assertEquals(3, ex.excluded());
		assertEquals(4, ex.labelCount(), "excluded sources stay in the label image");
		assertTrue(ex.summary().contains("3 flagged sources excluded"), ex.summary());
	}

	@Test
	void minAreaDropsSmallDetectionsAndRenumbers() {
		int w = 20, h = 20;
		float[] img = new float[w * h];
		img[2 * w + 2] = 10; // 1 pixel, FITS row 18
		for (int x = 5; x < 8; x++) img[15 * w + x] = 10; // 3 pixels, FITS row 5: first in raster order
		for (int x = 12; x < 14; x++) img[10 * w + x] = 10; // 2 pixels
		DetectionSettings s = absolute(5);
		s.minArea = 2;
		s.deblend = false;
		Detection d = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(2, d.sources().size());
		assertEquals(1, d.tooSmall());
		assertEquals(3, d.sources().get(0).npix);
		assertEquals(2, d.sources().get(1).npix);
		assertEquals(0, d.labels()[2 * w + 2]);
		assertEquals(1, d.labels()[15 * w + 5]);
		assertEquals(2, d.labels()[10 * w + 12]);
	}

	@Test
	void deblendingSplitsTouchingStars() {
		int w = 64, h = 48;
		Random rng = new Random(3);
		float[] img = new float[w * h];
		for (int p = 0; p < img.length; p++) img[p] = (float) (rng.nextGaussian() * 2);
		gaussian(img, w, h, 28.0, 24.0, 3e4, 1.8, 1.8, 0);
		gaussian(img, w, h, 35.5, 25.0, 1e4, 1.8, 1.8, 0);
		DetectionSettings s = absolute(8);
		s.minArea = 5;
		s.fwhm = 2;
		s.deblend = false;
		Detection whole = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(1, whole.sources().size());
		s.deblend = true;
		Detection split = StarFinder.find(img, w, h, s, Progress.NONE);
		assertEquals(2, split.sources().size());
		assertEquals(1, split.deblended());
		assertEquals(2, split.deblendedParts());
		List<Source> src = split.sources();
		Source bright = src.get(0).flux > src.get(1).flux ? src.get(0) : src.get(1);
		Source faint = bright == src.get(0) ? src.get(1) : src.get(0);
		assertEquals(28.0, bright.x, 0.1);
		assertEquals(24.0, bright.y, 0.1);
		assertEquals(35.5, faint.x, 0.2);
		assertEquals(25.0, faint.y, 0.2);
		assertTrue((bright.flags & Source.BLENDED) != 0 && (faint.flags & Source.BLENDED) != 0);
		// every pixel of the detection went to one of the two
		long whole1 = Arrays.stream(whole.labels()).filter(l -> l == 1).count();
		long parts = Arrays.stream(split.labels()).filter(l -> l > 0).count();
		assertEquals(whole1, parts);
		// a contrast threshold above the faint star's share keeps them together
		s.deblendCont = 0.5;
		assertEquals(1, StarFinder.find(img, w, h, s, Progress.NONE).sources().size());
		assertNull(Deblender.split(new int[] { 0, 1, 2 }, new float[3], 1, 3, 8, 5, 32, 0.005));
	}

	@Test
	void meshSkyFollowsAGradientAndMeasuresTheNoise() {
		int w = 300, h = 256;
		Random rng = new Random(9);
		float[] img = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) img[y * w + x] = (float) (100 + 0.05 * x + 0.02 * y + 5 * rng.nextGaussian());
		}
		for (int i = 0; i < 30; i++) gaussian(img, w, h, 10 + rng.nextDouble() * (w - 20), 10 + rng.nextDouble() * (h - 20), 2e4, 1.5, 1.5, 0);
		SkyModel sky = SkyEstimator.MESH.estimate(img, w, h, 32, 3, Progress.NONE);
		// a 32-px box's mode has a noise of ~0.3 (sigma 5 / 32 px, SExtractor's mode estimator); inside the
		// outer box centres the map interpolates, beyond them it extrapolates the edge boxes
		double worstInside = 0, worst = 0, meanAbs = 0, rms = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double e = Math.abs(sky.back()[y * w + x] - (100 + 0.05 * x + 0.02 * y));
				worst = Math.max(worst, e);
				if (x >= 16 && y >= 16 && x < w - 16 && y < h - 16) worstInside = Math.max(worstInside, e);
				meanAbs += e;
				rms += sky.rms()[y * w + x];
			}
		}
		rms /= w * h;
		meanAbs /= w * h;
		assertTrue(worstInside < 1.5 && worst < 2.5 && meanAbs < 0.3, "background off by " + worstInside + " inside, " + worst +
			" at the edges, " + meanAbs + " on average");
		assertEquals(5, rms, 0.25);
		assertEquals(5, sky.globalRms(), 0.25);
		assertEquals(100 + 0.05 * 150 + 0.02 * 128, sky.globalBack(), 1.5);
		assertTrue(sky.describe().startsWith("SEP mesh 32 px, median filter 3"), sky.describe());
		// boxes without data take the mean of their neighbours (a few ADU of gradient away here)
		for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img[y * w + x] = Float.NaN;
		SkyModel holes = SkyEstimator.MESH.estimate(img, w, h, 32, 3, Progress.NONE);
		assertTrue(Math.abs(holes.back()[0] - 100) < 6, "filled " + holes.back()[0]);
		assertEquals(sky.back()[200 * w + 200], holes.back()[200 * w + 200], 0.5);
		assertTrue(holes.describe().endsWith("empty boxes interpolated"), holes.describe());
	}

	/**
	 * The background threshold reads the noise by row or pixel, not as a full map: both give back + k rms
	 * of the full maps exactly, at every pixel (with and without a filter's noise factor).
	 */
	@Test
	void backgroundThresholdByRowAndPixelIsTheFullMapsFormula() {
		int w = 203, h = 150;
		Random rng = new Random(4);
		float[] img = new float[w * h];
		for (int p = 0; p < img.length; p++) img[p] = (float) (50 + 0.1 * (p % w) + (3 + 0.02 * (p / w)) * rng.nextGaussian());
		SkyModel sky = SkyEstimator.MESH.estimate(img, w, h, 30, 3, Progress.NONE);
		float[] back = sky.back(), rms = sky.rms();
		for (double noise : new double[] { 1, 0.37 }) {
			Threshold t = Threshold.background(sky, 2.5, noise);
			Threshold.Rows r = t.rows();
			double k = 2.5 * noise;
			for (int y = 0; y < h; y++) {
				r.row(y);
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					double level = back[p] + k * rms[p], above = k * rms[p];
					assertEquals(level, t.level(p), 0, "level at " + p);
					assertEquals(level, r.level(x), 0, "row level at " + p);
					assertEquals(above, t.above(p), 0, "above at " + p);
					assertEquals(above, r.above(x), 0, "row above at " + p);
				}
			}
		}
		Threshold g = Threshold.global(img, w, h, 3, 1);
		Threshold.Rows r = g.rows();
		r.row(7);
		assertEquals(g.level(7 * w + 5), r.level(5), 0);
		assertEquals(g.above(7 * w + 5), r.above(5), 0);
	}

	@Test
	void badInputIsNamed() {
		float[] img = new float[100];
		DetectionSettings s = new DetectionSettings();
		s.k = 0;
		assertEquals("k must be > 0 (got 0.0)", assertThrows(IllegalArgumentException.class,
			() -> StarFinder.find(img, 10, 10, s, Progress.NONE)).getMessage());
		s.k = -1;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StarFinder.find(img, 10, 10, s, Progress.NONE))
			.getMessage().startsWith("k must be > 0"));
		DetectionSettings a = new DetectionSettings();
		a.minArea = 0;
		assertEquals("min_area must be at least 1 pixel (got 0)", assertThrows(IllegalArgumentException.class,
			() -> StarFinder.find(img, 10, 10, a, Progress.NONE)).getMessage());
		DetectionSettings abs = new DetectionSettings();
		abs.mode = DetectionSettings.ThresholdMode.ABSOLUTE;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StarFinder.find(img, 10, 10, abs, Progress.NONE))
			.getMessage().startsWith("threshold must be a number for threshold_mode absolute"));
		float[] nan = new float[100];
		Arrays.fill(nan, Float.NaN);
		assertEquals("the image has no data: all 100 pixels are NaN", assertThrows(IllegalArgumentException.class,
			() -> StarFinder.find(nan, 10, 10, new DetectionSettings(), Progress.NONE)).getMessage());
		assertEquals("threshold_mode must be one of background, global, absolute (got 'local')",
			assertThrows(IllegalArgumentException.class, () -> DetectionSettings.ThresholdMode.of("local")).getMessage());
	}

	@Test
	void nothingAboveTheThresholdIsAnEmptyResultNotAnError() {
		float[] flat = new float[64 * 64];
		Arrays.fill(flat, 10);
		for (DetectionSettings.Method m : DetectionSettings.Method.values()) {
			DetectionSettings s = new DetectionSettings();
			s.method = m;
			Detection d = StarFinder.find(flat, 64, 64, s, Progress.NONE);
			assertEquals(0, d.sources().size());
			assertTrue(d.summary().startsWith("no "), d.summary());
			assertTrue(d.summary().contains("above the threshold"), d.summary());
			Table t = d.table();
			assertEquals(0, t.rowCount());
			assertEquals(m == DetectionSettings.Method.PEAKS ? Catalogs.PEAK_COLUMNS.length : Catalogs.LABEL_COLUMNS.length,
				t.columns().size());
			assertEquals(0, d.marks().size());
			assertEquals(0, d.fluxPlot().series().get(0).y[0], 0);
		}
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		int w = 200, h = 180;
		Random rng = new Random(12);
		float[] img = new float[w * h];
		for (int p = 0; p < img.length; p++) img[p] = (float) (500 + 10 * rng.nextGaussian());
		for (int i = 0; i < 40; i++) gaussian(img, w, h, 5 + rng.nextDouble() * (w - 10), 5 + rng.nextDouble() * (h - 10),
			500 + rng.nextDouble() * 2e4, 1.4, 1.4, 0);
		int before = Parallel.threads();
		try {
			Parallel.setThreads(1);
			Detection one = StarFinder.find(img, w, h, new DetectionSettings(), Progress.NONE);
			Parallel.setThreads(3);
			Detection three = StarFinder.find(img, w, h, new DetectionSettings(), Progress.NONE);
			assertArrayEquals(one.labels(), three.labels());
			assertEquals(one.sources().size(), three.sources().size());
			assertTrue(one.sources().size() > 30);
			for (int i = 0; i < one.sources().size(); i++) {
				assertEquals(one.sources().get(i).x, three.sources().get(i).x, 0);
				assertEquals(one.sources().get(i).y, three.sources().get(i).y, 0);
				assertEquals(one.sources().get(i).flux, three.sources().get(i).flux, 0);
			}
		}
		finally {
			Parallel.setThreads(before);
		}
	}

	@Test
	void tablesMarksAndPlots() {
		int w = 50, h = 50;
		float[] img = new float[w * h];
		gaussian(img, w, h, 20, 30, 1e4, 1.5, 1.5, 0);
		gaussian(img, w, h, 35, 12, 3e3, 1.5, 1.5, 0);
		Detection d = StarFinder.find(img, w, h, absolute(5), Progress.NONE);
		Table t = d.table();
		assertEquals(Arrays.asList(Catalogs.LABEL_COLUMNS), t.columns());
		assertEquals(2, t.rowCount());
		assertEquals(1, t.getDouble(0, "id"), 0);
		assertEquals(2, d.marks().size());
		assertEquals("2", d.marks().marks().get(1).label);
		double r = Math.hypot(20 - 25.5, 30 - 25.5);
		double[] radial = d.radialPlot(25.5, 25.5).series().get(0).y;
		assertEquals(2, Arrays.stream(radial).sum(), 0);
		assertEquals(2, Arrays.stream(d.fluxPlot().series().get(0).y).sum(), 0);
		assertTrue(r > 0);
		DetectionSettings p = absolute(5);
		p.method = DetectionSettings.Method.PEAKS;
		p.minDistance = 3;
		Detection pk = StarFinder.find(img, w, h, p, Progress.NONE);
		assertEquals(Arrays.asList(Catalogs.PEAK_COLUMNS), pk.table().columns());
		assertEquals(2, pk.sources().size());
		assertEquals(20, pk.sources().get(0).x, 0);
		assertEquals(30, pk.sources().get(0).y, 0);
		assertNull(pk.labelImage());
		assertEquals(org.astrofiji.core.Marks.Kind.POINT, pk.marks().marks().get(0).kind);
	}
}
