package org.astrofiji.core.background;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.testutil.MemoryNight;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mesh background on images the tests build: sep's own results on synthetic images, and known truth. */
class MeshBackgroundTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	static MeshBackground compute(float[] img, float[] mask, int w, int h, int bw, int bh, int fw, int fh, double ft) {
		MeshBackground.Settings s = new MeshBackground.Settings().box(bw, bh).filter(fw, fh).filterThreshold(ft);
		return MeshBackground.compute(img, mask, w, h, s, Progress.NONE);
	}

	/**
	 * Seven synthetic cases against sep.Background 1.2.1 (values committed by background_expected.py):
	 * the default, odd box and filter sizes with partial boxes, one row and one column of boxes, a
	 * filter threshold, boxes that are all or mostly NaN, and a mask. Identical to the last bit.
	 */
	@Test
	void equalsSepOnSyntheticImages() throws Exception {
		List<Map<String, String>> rows = SharedData.csv("/expected/background/mesh_synthetic.csv");
		float[] base = Synthetic.image(300, 200, 7);
		float[] nan = base.clone();
		Synthetic.fill(nan, 300, 200, 64, 128, 64, 128, Float.NaN);
		Synthetic.fill(nan, 300, 200, 0, 64, 0, 40, Float.NaN);
		float[] mask = new float[300 * 200];
		Synthetic.fill(mask, 300, 200, 100, 200, 150, 260, 1);
		Map<String, MeshBackground> cases = Map.of(
			"plain", compute(base, null, 300, 200, 64, 64, 3, 3, 0),
			"odd", compute(Synthetic.image(301, 203, 3), null, 301, 203, 31, 27, 5, 3, 0),
			"onerow", compute(Synthetic.image(250, 40, 5), null, 250, 40, 32, 40, 3, 3, 0),
			"onecol", compute(Synthetic.image(40, 250, 5), null, 40, 250, 40, 32, 3, 3, 0),
			"thresh", compute(base, null, 300, 200, 32, 32, 3, 3, 3.0),
			"nanbox", compute(nan, null, 300, 200, 64, 64, 3, 3, 0),
			"mask", compute(base, mask, 300, 200, 50, 50, 1, 1, 0));
		int checked = 0;
		for (Map<String, String> r : rows) {
			MeshBackground b = cases.get(r.get("case"));
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			float back = Float.parseFloat(r.get("back")), rms = Float.parseFloat(r.get("rms"));
			if (row < 0) {
				assertEquals(back, b.globalBack(), 0, r.get("case") + " global back");
				assertEquals(rms, b.globalRms(), 0, r.get("case") + " global rms");
				continue;
			}
			int y = Coordinates.memoryRow(row, b.height());
			assertEquals(back, b.back(col, y), 0, r.get("case") + " back at row " + row + " col " + col);
			assertEquals(rms, b.rms(col, y), 0, r.get("case") + " rms at row " + row + " col " + col);
			checked++;
		}
		assertTrue(checked > 1000, "samples checked: " + checked);
		// the NaN and masked boxes were interpolated from their neighbours, and say so
		assertEquals(2, cases.get("nanbox").interpolatedBoxes());
		assertTrue(cases.get("nanbox").isInterpolated(1, 1)); // FITS rows 64-127, columns 64-127: all NaN
		assertTrue(cases.get("nanbox").isInterpolated(0, 0)); // 40 of 64 columns NaN: under half valid
		assertFalse(cases.get("nanbox").isInterpolated(1, 0));
		assertEquals(4, cases.get("mask").interpolatedBoxes());
		assertEquals(0, cases.get("plain").interpolatedBoxes());
	}

	@Test
	void allNanBoxTakesTheAverageOfItsNearestValidBoxes() {
		// a flat image with one box level 10 higher: an all-NaN box next to it takes the mean of its
		// nearest valid neighbours (before the median filter, which is off here)
		int w = 96, h = 96;
		float[] img = new float[w * h];
		for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) img[Coordinates.memoryRow(r, h) * w + c] = 100 + ((r * 7 + c * 3) % 5);
		Synthetic.fill(img, w, h, 32, 64, 32, 64, Float.NaN); // the centre box of 3x3 boxes of 32
		MeshBackground b = compute(img, null, w, h, 32, 32, 1, 1, 0);
		assertEquals(1, b.interpolatedBoxes());
		assertTrue(b.isInterpolated(1, 1));
		// the 4 nearest valid boxes are at distance 1 (the filter of 1 box leaves the mesh as estimated)
		double back = (b.meshBack(1, 0) + b.meshBack(0, 1) + b.meshBack(2, 1) + b.meshBack(1, 2)) / 4;
		double rms = (b.meshRms(1, 0) + b.meshRms(0, 1) + b.meshRms(2, 1) + b.meshRms(1, 2)) / 4;
		assertEquals(back, b.meshBack(1, 1), 1e-4);
		assertEquals(rms, b.meshRms(1, 1), 1e-5);
		assertTrue(b.meshBack(1, 0) != b.meshBack(0, 1), "neighbours differ, so the average is a real test");
		assertFalse(Float.isNaN(b.back(48, 48)));
	}

	/** Issue 11: a filter larger than the mesh shrinks to the mesh (as in SEP) instead of running out of memory. */
	@Test
	void aFilterLargerThanTheMeshIsTheWholeMesh() {
		float[] img = Synthetic.image(128, 96, 3);
		// 4 x 3 boxes of 32: a filter of 9 boxes already covers the mesh from every box
		MeshBackground whole = compute(img, null, 128, 96, 32, 32, 9, 9, 0);
		MeshBackground huge = compute(img, null, 128, 96, 32, 32, 99999, Integer.MAX_VALUE, 0);
		assertArrayEquals(whole.back(), huge.back());
		assertArrayEquals(whole.rms(), huge.rms());
	}

	@Test
	void constantImageGivesItsValueAndZeroNoise() {
		float[] img = new float[70 * 50];
		Arrays.fill(img, 42.5f);
		MeshBackground b = compute(img, null, 70, 50, 16, 16, 3, 3, 0);
		assertEquals(42.5f, b.globalBack(), 1e-4);
		for (float v : b.back()) assertEquals(42.5, v, 1e-3);
		// SEP: the median of an all-zero noise mesh falls back to 1
		assertEquals(1f, b.globalRms(), 0);
	}

	/** Raw simulated science frame: the sky is bias + (flat x sky + dark) x t / gain, known per pixel. */
	@Test
	void recoversTheSimulatedSkyUnderTheStars() throws Exception {
		SimulationSettings s = MemoryNight.small();
		s.width = 256;
		s.height = 192;
		s.stars = 120;
		s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
		MemoryNight night = MemoryNight.simulate(s);
		float[] raw = night.image("science_V_001");
		float[] bias = night.image("truth/bias"), flat = night.image("truth/flat_V"), dark = night.image("truth/dark_current");
		double t = s.exposure, gain = s.gain;
		float[] sky = new float[raw.length];
		for (int i = 0; i < sky.length; i++) sky[i] = (float) (bias[i] + (flat[i] * s.sky * t + dark[i] * t) / gain);
		MeshBackground b = compute(raw, null, 256, 192, 32, 32, 3, 3, 0);
		float[] sorted = sky.clone();
		Arrays.sort(sorted);
		double median = sorted[sorted.length / 2];
		// stars' wings lift the mode estimate a little in this crowded field (+0.34 %)
		assertEquals(median, b.globalBack(), 0.005 * median, "global background vs the true median sky");
		// the noise: the ideal frame (flat sky of sky * t / gain ADU, stars) plus known Gaussian noise
		float[] ideal = night.image("truth/ideal_V");
		java.util.Random rng = new java.util.Random(11);
		float[] noisy = new float[ideal.length];
		for (int i = 0; i < noisy.length; i++) noisy[i] = (float) (ideal[i] + 12.0 * rng.nextGaussian());
		MeshBackground n = compute(noisy, null, 256, 192, 32, 32, 3, 3, 0);
		double skyAdu = s.sky * t / gain;
		assertEquals(skyAdu, n.globalBack(), 0.005 * skyAdu, "global background vs the true sky");
		// stars' wings widen the clipped histogram in this crowded field, but not by much
		assertTrue(n.globalRms() > 12.0 && n.globalRms() < 1.25 * 12.0, "global rms " + n.globalRms());
		// the map follows the true sky (smoothed over 32-px boxes) away from the edges
		double worst = 0;
		for (int y = 32; y < 160; y++) {
			for (int x = 32; x < 224; x++) {
				double mean = 0;
				for (int dy = -8; dy < 8; dy++) for (int dx = -8; dx < 8; dx++) mean += sky[(y + dy) * 256 + x + dx];
				mean /= 256;
				worst = Math.max(worst, Math.abs(b.back(x, y) - mean) / mean);
			}
		}
		assertTrue(worst < 0.01, "map vs the locally averaged true sky: worst relative difference " + worst);
	}

	/** A sky gradient with Gaussian noise: the map follows the gradient and the rms is the noise. */
	@Test
	void recoversAGradientAndItsNoise() {
		int w = 400, h = 300;
		java.util.Random rng = new java.util.Random(5);
		float[] img = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = (float) (200 + 0.1 * x - 0.05 * y +
			8 * rng.nextGaussian());
		MeshBackground b = compute(img, null, w, h, 50, 50, 3, 3, 0);
		assertEquals(8.0, b.globalRms(), 0.03 * 8, "global rms vs the noise");
		for (float v : b.rms()) assertEquals(8.0, v, 0.1 * 8);
		for (int y = 50; y < h - 50; y++) {
			for (int x = 50; x < w - 50; x++) assertEquals(200 + 0.1 * x - 0.05 * y, b.back(x, y), 0.3 * 8, "back at " + x + "," + y);
		}
		assertEquals(26.0, b.back(330, 150) - b.back(70, 150), 0.5, "the map keeps the gradient");
	}

	@Test
	void resultsDoNotDependOnTheThreadCountAndRowsMatchTheMap() {
		float[] img = Synthetic.image(301, 203, 3);
		Parallel.setThreads(1);
		MeshBackground one = compute(img, null, 301, 203, 31, 27, 5, 3, 0);
		float[] back1 = one.back().clone(), rms1 = one.rms().clone();
		Parallel.setThreads(3);
		MeshBackground three = compute(img, null, 301, 203, 31, 27, 5, 3, 0);
		assertArrayEquals(back1, three.back());
		assertArrayEquals(rms1, three.rms());
		float[] row = new float[301];
		for (int y : new int[] { 0, 17, 101, 202 }) {
			three.backRow(y, row);
			assertArrayEquals(Arrays.copyOfRange(back1, y * 301, (y + 1) * 301), row);
			three.rmsRow(y, row);
			assertArrayEquals(Arrays.copyOfRange(rms1, y * 301, (y + 1) * 301), row);
		}
		float[] sub = three.subtract(img);
		assertEquals(img[5000] - back1[5000], sub[5000], 0);
		assertEquals(back1[12345], three.backImage().getAt(12345 % 301, 12345 / 301).get(), 0);
	}

	/**
	 * The noise at single pixels and rows from the row splines (Find Stars' threshold, without the full
	 * map) equals the full map to the last bit: odd and even boxes, partial boxes, one column or one row
	 * of boxes, a single box.
	 */
	@Test
	void rmsSplinesGiveTheMapAtEveryPixelAndRow() {
		int[][] cases = { { 301, 203, 31, 27 }, { 300, 200, 64, 64 }, { 120, 90, 120, 30 }, { 120, 90, 30, 90 },
			{ 120, 90, 120, 90 }, { 257, 130, 16, 17 } };
		for (int[] c : cases) {
			int w = c[0], h = c[1];
			float[] img = Synthetic.image(w, h, 11);
			MeshBackground m = compute(img, null, w, h, c[2], c[3], 3, 3, 0);
			MeshBackground.RowSplines s = m.rmsSplines();
			float[] rms = m.rms(), row = new float[w + 3];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) assertEquals(rms[y * w + x], s.at(x, y), 0, "pixel " + x + ", " + y + " of case " + Arrays.toString(c));
				s.row(y, row, 3);
				assertArrayEquals(Arrays.copyOfRange(rms, y * w, (y + 1) * w), Arrays.copyOfRange(row, 3, w + 3), "row " + y +
					" of case " + Arrays.toString(c));
			}
		}
	}

	/**
	 * The maps band by band (what Fit Background writes) equal the full maps for any bands, before and
	 * after the full map is made; the background model's difference equals data - back.
	 */
	@Test
	void rowBandsMatchTheMapsForAnyBands() throws Exception {
		float[] img = Synthetic.image(301, 203, 3);
		MeshBackground b = compute(img, null, 301, 203, 31, 27, 5, 3, 0);
		MeshBackground full = compute(img, null, 301, 203, 31, 27, 5, 3, 0);
		float[] back = full.back(), rms = full.rms();
		int[][] bands = { { 0, 203 }, { 0, 1 }, { 5, 8 }, { 17, 18 }, { 100, 163 }, { 202, 203 }, { 1, 202 } };
		for (MeshBackground m : new MeshBackground[] { b, full }) {
			for (int[] band : bands) {
				int n = (band[1] - band[0]) * 301;
				float[] out = new float[n + 7];
				m.backRows().read(band[0], band[1] - band[0], out, 7);
				assertArrayEquals(Arrays.copyOfRange(back, band[0] * 301, band[1] * 301), Arrays.copyOfRange(out, 7, n + 7));
				m.rmsRows().read(band[0], band[1] - band[0], out, 7);
				assertArrayEquals(Arrays.copyOfRange(rms, band[0] * 301, band[1] * 301), Arrays.copyOfRange(out, 7, n + 7));
			}
		}
		assertArrayEquals(back, RowSource.readAll(b.backRows()));
		BackgroundModel.Settings s = new BackgroundModel.Settings();
		s.box = 31;
		BackgroundModel.Result r = BackgroundModel.fit(img, null, 301, 203, s, Progress.NONE);
		float[] sub = r.subtract(img);
		MeshBackground same = compute(img, null, 301, 203, 31, 31, 3, 3, 0);
		for (int i = 0; i < img.length; i++) assertEquals(img[i] - same.back()[i], sub[i], 0, "pixel " + i);
		float[] band = new float[301 * 4];
		r.subtracted(img).read(50, 4, band, 0);
		assertArrayEquals(Arrays.copyOfRange(sub, 50 * 301, 54 * 301), band);
	}

	@Test
	void imageAndMaskImagesAreAccepted() {
		float[] img = Synthetic.image(300, 200, 7);
		float[] mask = new float[300 * 200];
		Synthetic.fill(mask, 300, 200, 100, 200, 150, 260, 1);
		MeshBackground fromArrays = compute(img, mask, 300, 200, 50, 50, 1, 1, 0);
		MeshBackground fromImages = MeshBackground.compute(ArrayImgs.floats(img, 300, 200), ArrayImgs.floats(mask, 300, 200),
			new MeshBackground.Settings().box(50).filter(1), Progress.NONE);
		assertArrayEquals(fromArrays.back(), fromImages.back());
		assertEquals(4, fromImages.interpolatedBoxes());
		// a mask threshold above the mask values keeps every pixel
		MeshBackground kept = MeshBackground.compute(ArrayImgs.floats(img, 300, 200), ArrayImgs.floats(mask, 300, 200),
			new MeshBackground.Settings().box(50).filter(1).maskThreshold(1), Progress.NONE);
		assertEquals(0, kept.interpolatedBoxes());
	}

	@Test
	void badInputIsNamed() {
		float[] img = new float[100 * 80];
		assertEquals("box (128x128 px) is larger than the image (100x80); use a box of at most 80 px",
			assertThrows(IllegalArgumentException.class, () -> compute(img, null, 100, 80, 128, 128, 3, 3, 0)).getMessage());
		assertEquals("filter must be an odd number of boxes >= 1 (got 0)", assertThrows(IllegalArgumentException.class,
			() -> compute(img, null, 100, 80, 32, 32, 0, 3, 0)).getMessage());
		// one rule with Find Stars' filter_size: an even size would silently act as the next odd one
		assertEquals("filter must be an odd number of boxes >= 1 (got 4)", assertThrows(IllegalArgumentException.class,
			() -> compute(img, null, 100, 80, 32, 32, 3, 4, 0)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> compute(img, null, 100, 80, 32, 32, 3, 3, -1))
			.getMessage().startsWith("filter_threshold must be 0 or more"));
		float[] nan = new float[100 * 80];
		Arrays.fill(nan, Float.NaN);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> compute(nan, null, 100, 80, 32, 32, 3, 3, 0))
			.getMessage().startsWith("image: no box of 32x32 px has at least half of its pixels valid"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> MeshBackground.compute(ArrayImgs.floats(img, 100, 80),
			ArrayImgs.floats(50, 80), null, Progress.NONE)).getMessage().startsWith("image (100x80) and mask (50x80) differ"));
	}
}
