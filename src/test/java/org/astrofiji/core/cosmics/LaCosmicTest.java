package org.astrofiji.core.cosmics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.stats.MedianFilter.Border;
import org.junit.jupiter.api.Test;

/** L.A.Cosmic on images the test builds: what it must find, what it must leave, and its options. */
class LaCosmicTest {

	static final int W = 128, H = 96;
	static final double SKY = 1000, GAIN = 2, READ_NOISE = 5;

	/** Sky of 1000 ADU with the noise of gain 2 and read noise 5, Gaussian stars, in ADU. */
	static float[] field(long seed, double[][] stars) {
		Random r = new Random(seed);
		float[] a = new float[W * H];
		double sigma = 2.5 / 2.3548;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				double v = SKY;
				for (double[] s : stars) {
					double dx = x - s[0], dy = y - s[1];
					v += s[2] * Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
				}
				double e = v * GAIN;
				a[y * W + x] = (float) ((e + Math.sqrt(e + READ_NOISE * READ_NOISE) * r.nextGaussian()) / GAIN);
			}
		}
		return a;
	}

	static final double[][] STARS = { { 30.3, 40.6, 3000 }, { 90.7, 20.2, 800 }, { 64.1, 70.4, 12000 } };

	/** Single pixels, a pair and a track, ~ 20 to 100 times the noise. */
	static final int[][] HITS = { { 10, 10 }, { 50, 30 }, { 51, 31 }, { 100, 80 }, { 101, 80 }, { 102, 80 }, { 103, 81 },
		{ 75, 50 } };

	static float[] withHits(float[] a) {
		float[] b = a.clone();
		for (int i = 0; i < HITS.length; i++) b[HITS[i][1] * W + HITS[i][0]] += 500 + 200 * i;
		return b;
	}

	static LaCosmic.Settings settings() {
		LaCosmic.Settings s = new LaCosmic.Settings();
		s.gain = GAIN;
		s.readNoise = READ_NOISE;
		return s;
	}

	static CosmicRayMask run(float[] img, LaCosmic.Settings s) {
		return LaCosmic.run(img, W, H, s, Progress.NONE);
	}

	@Test
	void findsTheHitsAndLeavesTheStars() {
		float[] img = withHits(field(1, STARS));
		CosmicRayMask r = run(img, settings());
		for (int[] h : HITS) assertEquals((byte) 255, r.mask()[h[1] * W + h[0]], "hit at " + h[0] + "," + h[1]);
		for (double[] s : STARS) {
			int p = (int) Math.round(s[1]) * W + (int) Math.round(s[0]);
			assertEquals(0, r.mask()[p], "star at " + s[0] + "," + s[1]);
		}
		// hits grown by at most their neighbours; cleaned to the sky within the noise
		assertTrue(r.flagged() >= HITS.length && r.flagged() <= 3 * HITS.length, "flagged " + r.flagged());
		assertEquals(4, r.events().size(), r.table().toString()); // single, pair, track, single
		double noise = Math.sqrt(SKY * GAIN + READ_NOISE * READ_NOISE) / GAIN;
		for (int[] h : HITS) assertEquals(SKY, r.cleaned()[h[1] * W + h[0]], 5 * noise);
		// nothing else changed
		for (int i = 0; i < img.length; i++) if (r.mask()[i] == 0) assertEquals(img[i], r.cleaned()[i], 0);
		assertTrue(r.summary().contains("gain 2 e-/ADU, readnoise 5 e-"), r.summary());
	}

	@Test
	void eachCleaningReplacesTheHits() {
		float[] img = withHits(field(2, STARS));
		for (LaCosmic.CleanType c : LaCosmic.CleanType.values()) {
			LaCosmic.Settings s = settings();
			s.cleanType = c;
			CosmicRayMask r = run(img, s);
			for (int[] h : HITS) {
				int p = h[1] * W + h[0];
				assertEquals((byte) 255, r.mask()[p], c + " at " + h[0] + "," + h[1]);
				assertNotEquals(img[p], r.cleaned()[p], c.toString());
				assertEquals(SKY, r.cleaned()[p], 150, c + " cleaned value");
			}
		}
	}

	@Test
	void saturatedStarsAreMaskedNotFlagged() {
		double[][] stars = { { 64, 48, 200000 } };
		float[] img = field(3, stars);
		for (int i = 0; i < img.length; i++) img[i] = Math.min(img[i], 30000); // a flat saturated core
		LaCosmic.Settings s = settings();
		s.satLevel = 30000 * GAIN;
		CosmicRayMask r = run(img, s);
		assertEquals(0, r.flagged(), "saturated core flagged: " + r.table());
		// without the saturation level the flat top's edges look like cosmic rays
		s.satLevel = 1e9;
		assertTrue(run(img, s).flagged() > 0);
	}

	@Test
	void badPixelsAreNeverFlagged() {
		float[] img = withHits(field(4, STARS));
		LaCosmic.Settings s = settings();
		s.badPixels = new byte[W * H];
		s.badPixels[10 * W + 10] = 1; // the first hit
		CosmicRayMask r = run(img, s);
		assertEquals(0, r.mask()[10 * W + 10]);
		assertEquals(img[10 * W + 10], r.cleaned()[10 * W + 10], 0);
		assertEquals((byte) 255, r.mask()[80 * W + 100]);
	}

	@Test
	void nanPixelsAreSkippedAndStayNaN() {
		float[] img = withHits(field(5, STARS));
		img[60 * W + 20] = Float.NaN;
		CosmicRayMask r = run(img, settings());
		assertTrue(Float.isNaN(r.cleaned()[60 * W + 20]));
		assertEquals(0, r.mask()[60 * W + 20]);
		for (int[] h : HITS) assertEquals((byte) 255, r.mask()[h[1] * W + h[0]]);
		assertTrue(r.summary().contains("1 NaN pixels skipped"), r.summary());
	}

	@Test
	void aBackgroundModelAndAVarianceImageAreUsed() {
		float[] img = withHits(field(6, STARS));
		LaCosmic.Settings s = settings();
		s.background = new float[W * H];
		java.util.Arrays.fill(s.background, (float) SKY);
		s.variance = new float[W * H];
		java.util.Arrays.fill(s.variance, (float) ((SKY * GAIN + READ_NOISE * READ_NOISE) / (GAIN * GAIN)));
		CosmicRayMask r = run(img, s);
		for (int[] h : HITS) assertEquals((byte) 255, r.mask()[h[1] * W + h[0]]);
		// cleaned values come back with the background, in ADU
		assertEquals(SKY, r.cleaned()[10 * W + 10], 150);
	}

	@Test
	void stopsWhenAnIterationAddsNothingWithTheSameResult() {
		float[] img = withHits(field(7, STARS));
		LaCosmic.Settings four = settings(), ten = settings();
		ten.iterations = 10;
		CosmicRayMask a = run(img, four), b = run(img, ten);
		assertArrayEquals(a.mask(), b.mask());
		assertArrayEquals(a.cleaned(), b.cleaned());
		assertTrue(b.summary().contains("iteration 2 found nothing") || b.summary().contains("added nothing"), b.summary());
	}

	@Test
	void sameResultForAnyThreadCount() {
		float[] img = withHits(field(8, STARS));
		int saved = Parallel.threads();
		try {
			Parallel.setThreads(1);
			CosmicRayMask one = run(img, settings());
			Parallel.setThreads(3);
			CosmicRayMask three = run(img, settings());
			assertArrayEquals(one.mask(), three.mask());
			assertArrayEquals(one.cleaned(), three.cleaned());
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void copiedBordersFlagStarsAtTheEdgeReflectedOnesDoNot() {
		// three pixels from the edge the 9-wide medians copy their input but the 7-wide ones do not: the
		// fine-structure contrast vanishes there and a star looks like a cosmic ray
		double[][] stars = { { W - 4.0, 40, 3000 }, { 50, 3.0, 3000 } };
		float[] img = field(9, stars);
		CosmicRayMask copy = run(img, settings());
		assertEquals((byte) 255, copy.mask()[40 * W + W - 4], "astroscrappy's border band");
		assertEquals((byte) 255, copy.mask()[3 * W + 50], "astroscrappy's border band");
		LaCosmic.Settings s = settings();
		s.border = Border.REFLECT;
		CosmicRayMask reflect = run(img, s);
		assertEquals(0, reflect.flagged(), reflect.table().toString());
		// and a hit in the two-pixel border is cleaned too
		float[] hit = img.clone();
		hit[1 * W + 100] += 2000;
		CosmicRayMask r = run(hit, s);
		assertEquals((byte) 255, r.mask()[W + 100]);
		assertEquals(SKY, r.cleaned()[W + 100], 150);
	}

	@Test
	void tinyImagesWork() {
		for (int[] size : new int[][] { { 1, 1 }, { 2, 2 }, { 1, 7 }, { 7, 1 }, { 3, 3 }, { 5, 9 }, { 10, 4 } }) {
			int w = size[0], h = size[1];
			float[] img = new float[w * h];
			java.util.Arrays.fill(img, 100);
			img[img.length / 2] = 5000;
			for (Border b : new Border[] { Border.COPY, Border.REFLECT }) {
				LaCosmic.Settings s = settings();
				s.border = b;
				CosmicRayMask r = LaCosmic.run(img, w, h, s, Progress.NONE);
				assertEquals(img.length, r.cleaned().length, w + "x" + h);
			}
			MedianCosmics.Settings m = new MedianCosmics.Settings();
			m.sigma = 1;
			m.border = org.astrofiji.core.stats.MedianFilter.Border.REFLECT;
			assertEquals(img.length, MedianCosmics.run(img, w, h, m, Progress.NONE).cleaned().length);
		}
	}

	@Test
	void psfKernelsEqualAstroscrappys() throws Exception {
		Expected e = Expected.of("psf_kernels");
		int checked = 0;
		for (String[] k : e.kernels) {
			String[] spec = k[0].split(" ");
			PsfKernel.Model model = PsfKernel.Model.of(spec[0]);
			int size = Integer.parseInt(spec[2]);
			float[] kernel = PsfKernel.make(model, Double.parseDouble(spec[1]), size, 4.765);
			String[] rc = k[1].split(" ");
			int p = Integer.parseInt(rc[0]) * size + Integer.parseInt(rc[1]);
			assertEquals(Float.parseFloat(k[2]), kernel[p], 0, k[0] + " at " + k[1]);
			checked++;
		}
		assertEquals(49 + 25 + 81, checked);
		float sum = 0;
		for (float v : PsfKernel.make(PsfKernel.Model.MOFFAT, 3, 9, 4.765)) sum += v;
		assertEquals(1, sum, 1e-6);
	}

	@Test
	void badSettingsNameTheParameter() {
		float[] img = field(10, STARS);
		LaCosmic.Settings s = settings();
		s.gain = 0;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "gain must be > 0");
		s.gain = -2;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "gain");
		s.gain = 1;
		s.readNoise = -1;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "readnoise");
		s.readNoise = 5;
		s.iterations = 0;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "niter");
		s.iterations = 4;
		s.background = new float[7];
		MedianCosmicsTest.assertMessage(() -> run(img, s), "bkg must have the image's size");
		s.background = null;
		s.variance = new float[7];
		MedianCosmicsTest.assertMessage(() -> run(img, s), "var");
		s.variance = null;
		s.border = Border.ZERO;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "border");
		s.border = Border.COPY;
		s.fineStructure = LaCosmic.FineStructure.CONVOLVE;
		s.psfSize = 6;
		MedianCosmicsTest.assertMessage(() -> run(img, s), "psfsize");
		MedianCosmicsTest.assertMessage(() -> LaCosmic.CleanType.of("mean"), "cleantype");
	}
}
