package org.astrofiji.core.cosmics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.stats.MedianFilter;
import org.junit.jupiter.api.Test;

/** The median-filter recipe on images the test builds. */
class MedianCosmicsTest {

	static final int W = 64, H = 48;

	/** Sky 100 with unit Gaussian noise (seeded). */
	static float[] sky(long seed) {
		Random r = new Random(seed);
		float[] a = new float[W * H];
		for (int i = 0; i < a.length; i++) a[i] = (float) (100 + r.nextGaussian());
		return a;
	}

	static CosmicRayMask run(float[] img, MedianCosmics.Settings s) {
		return MedianCosmics.run(img, W, H, s, Progress.NONE);
	}

	@Test
	void flagsSpikesAndReplacesThemByTheMedian() {
		float[] img = sky(1);
		int[] spikes = { 20 * W + 10, 30 * W + 40, 31 * W + 41 };
		for (int p : spikes) img[p] += 500;
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.sigma = 1;
		s.border = MedianFilter.Border.REFLECT;
		CosmicRayMask r = run(img, s);
		assertEquals(3, r.flagged());
		assertEquals(2, r.events().size()); // the two diagonal neighbours are one 8-connected event
		float[] smooth = MedianFilter.square(img, W, H, 5, MedianFilter.Border.REFLECT);
		for (int p : spikes) {
			assertEquals((byte) 255, r.mask()[p]);
			assertEquals(smooth[p], r.cleaned()[p], 0);
		}
		for (int i = 0; i < img.length; i++) if (r.mask()[i] == 0) assertEquals(img[i], r.cleaned()[i], 0);
		// events: FITS positions, charge removed
		CosmicRayMask.Event pair = r.events().stream().filter(e -> e.pixels == 2).findFirst().get();
		assertEquals(41.5, pair.x, 1e-12); // memory x 40, 41 -> FITS 41, 42
		assertEquals(Coordinates.fitsY(30.5, H), pair.y, 1e-12);
		assertEquals(1000, pair.flux, 10);
	}

	@Test
	void theComparisonIsStrict() {
		float[] img = new float[W * H];
		Arrays.fill(img, 100);
		img[10 * W + 10] = 180; // |180 - 100| / 10 = 8: not above 8
		img[20 * W + 20] = 180.5f;
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.sigma = 10;
		s.border = MedianFilter.Border.REFLECT;
		CosmicRayMask r = run(img, s);
		assertEquals(1, r.flagged());
		assertEquals((byte) 255, r.mask()[20 * W + 20]);
	}

	@Test
	void sigmaFromTheErrImageOrTheMad() {
		float[] img = sky(2);
		img[5 * W + 5] = 150;
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.border = MedianFilter.Border.REFLECT;
		s.err = new float[W * H];
		Arrays.fill(s.err, 4);
		s.err[0] = 1000; // the median ignores it
		assertEquals(MedianCosmics.SigmaSource.ERR, s.sigmaSource());
		CosmicRayMask r = run(img, s);
		assertTrue(r.summary().contains("sigma 4.00000 (median of err)"), r.summary());
		assertEquals(1, r.flagged()); // 50 / 4 > 8, noise / 4 is not
		// the MAD: 1.4826 x median |d - median(d)| of d = image - smoothed, all pixels
		s.err = null;
		r = run(img, s);
		float[] smooth = MedianFilter.square(img, W, H, 5, MedianFilter.Border.REFLECT);
		double[] d = new double[img.length];
		for (int i = 0; i < d.length; i++) d[i] = (double) img[i] - smooth[i];
		double[] sorted = d.clone();
		Arrays.sort(sorted);
		double med = (sorted[d.length / 2 - 1] + sorted[d.length / 2]) / 2;
		for (int i = 0; i < d.length; i++) sorted[i] = Math.abs(d[i] - med);
		Arrays.sort(sorted);
		double mad = 1.4826 * (sorted[d.length / 2 - 1] + sorted[d.length / 2]) / 2;
		assertTrue(r.summary().contains(String.format(java.util.Locale.ROOT, "sigma %.6g (1.4826 MAD", mad)), r.summary());
		assertEquals(0.9, mad, 0.15); // unit noise, slightly reduced by subtracting the local median
	}

	@Test
	void protectedRowsAndPixelsStayAsTheyAre() {
		float[] img = sky(3);
		int fitsRow = 7, p = Coordinates.memoryRow(fitsRow, H) * W + 30;
		img[p] += 500;
		img[3 * W + 3] += 500;
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.sigma = 1;
		s.protectedRows = IndexRanges.memoryRows(IndexRanges.parse("protect_rows", "5-9", H, "row"), H);
		s.protectedPixels = new byte[W * H];
		s.protectedPixels[3 * W + 3] = 1;
		s.border = MedianFilter.Border.REFLECT;
		CosmicRayMask r = run(img, s);
		assertEquals(0, r.flagged());
		assertArrayEquals(img, r.cleaned());
	}

	@Test
	void zeroBordersFlagTheEdgesOfABrightImageAsScipyDoes() {
		float[] img = new float[W * H];
		Arrays.fill(img, 1000);
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.sigma = 10;
		CosmicRayMask zero = run(img, s);
		// at each corner the pixel and its two edge neighbours see 13 or more zeros among 25 (median 0)
		assertEquals(4 * 3, zero.flagged());
		assertEquals(0f, zero.cleaned()[0], 0);
		s.border = MedianFilter.Border.REFLECT;
		assertEquals(0, run(img, s).flagged());
	}

	@Test
	void nanPixelsAreNeverFlaggedAndStay() {
		float[] img = sky(4);
		img[10 * W + 10] = Float.NaN;
		img[20 * W + 20] += 300;
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.border = MedianFilter.Border.REFLECT;
		CosmicRayMask r = run(img, s);
		assertEquals(1, r.flagged());
		assertTrue(Float.isNaN(r.cleaned()[10 * W + 10]));
	}

	@Test
	void sameResultForAnyThreadCount() {
		int w = 300, h = 211;
		Random rnd = new Random(5);
		float[] img = new float[w * h];
		for (int i = 0; i < img.length; i++) img[i] = (float) (rnd.nextGaussian() * 5 + (rnd.nextDouble() < 0.001 ? 300 : 0));
		int saved = Parallel.threads();
		try {
			Parallel.setThreads(1);
			CosmicRayMask one = MedianCosmics.run(img, w, h, new MedianCosmics.Settings(), Progress.NONE);
			Parallel.setThreads(4);
			CosmicRayMask four = MedianCosmics.run(img, w, h, new MedianCosmics.Settings(), Progress.NONE);
			assertArrayEquals(one.mask(), four.mask());
			assertArrayEquals(one.cleaned(), four.cleaned());
			assertTrue(one.flagged() > 50);
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void badSettingsNameTheParameter() {
		float[] img = sky(6);
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.size = 4;
		assertMessage(() -> run(img, s), "size");
		s.size = 1;
		assertMessage(() -> run(img, s), "size");
		s.size = 5;
		s.err = new float[10];
		assertMessage(() -> run(img, s), "err");
		s.err = null;
		s.sigma = -1;
		assertMessage(() -> run(img, s), "sigma");
		s.sigma = Double.NaN;
		s.threshold = 0;
		assertMessage(() -> run(img, s), "threshold");
	}

	static void assertMessage(org.junit.jupiter.api.function.Executable run, String part) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
		assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
	}
}
