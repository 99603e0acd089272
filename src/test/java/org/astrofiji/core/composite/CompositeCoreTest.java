package org.astrofiji.core.composite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/** The composite's numerics on images the tests build: asinh, the Lupton steps, stretches, levels. */
class CompositeCoreTest {

	@Test
	void asinhIsTheCLibrarysToTheLastBit() throws Exception {
		int n = 0, exact = 0;
		long worstUlps = 0;
		for (Map<String, String> row : SharedData.csv("/expected/composite/asinh.csv")) {
			double x = Double.parseDouble(row.get("x")), want = Double.parseDouble(row.get("asinh"));
			double got = Asinh.asinh(x);
			long ulps = Math.abs(Double.doubleToLongBits(got) - Double.doubleToLongBits(want));
			worstUlps = Math.max(worstUlps, ulps);
			if (ulps == 0) exact++;
			n++;
			assertTrue(ulps <= 1, "asinh(" + x + "): " + got + ", numpy " + want);
		}
		System.out.printf(Locale.ROOT, "asinh: %d of %d arguments bit-identical to numpy's arcsinh, largest difference %d ulp%n",
			exact, n, worstUlps);
		assertTrue(exact >= 0.99 * n, exact + " of " + n + " identical");
		assertEquals(Double.NaN, Asinh.asinh(Double.NaN));
		assertEquals(Double.POSITIVE_INFINITY, Asinh.asinh(Double.POSITIVE_INFINITY));
		assertEquals(-Asinh.asinh(3.7), Asinh.asinh(-3.7));
		assertEquals(0.0, Asinh.asinh(0.0));
	}

	/** One pixel through Lupton's steps written out by hand (astropy's order of operations). */
	static int[] luptonByHand(double r, double g, double b, double min, double stretch, double q) {
		double slope = 0.1 * 255 / Asinh.asinh(0.1 * q), soften = q / stretch;
		r -= min;
		g -= min;
		b -= min;
		double i = (r + g + b) / 3.0;
		double fac = i <= 0 ? 0 : Asinh.asinh(i * soften) * slope / i;
		double[] c = { Math.max(0, r * fac), Math.max(0, g * fac), Math.max(0, b * fac) };
		double max = Math.max(c[0], Math.max(c[1], c[2]));
		int[] out = new int[3];
		for (int k = 0; k < 3; k++) out[k] = (int) (max >= 255 ? c[k] * 255 / max : c[k]);
		return out;
	}

	@Test
	void luptonFollowsAstropysStepsAndPreservesColourWhenClipping() {
		float[] r = { 0, 1, 10, 200, 5000, -3, 2, Float.NaN, 40 };
		float[] g = { 0, 1, 5, 100, 2500, -3, -50, 1, 40 };
		float[] b = { 0, 1, 1, 50, 1250, -3, 1, 1, Float.POSITIVE_INFINITY };
		Composite c = new RgbComposer().minimum(0.5).stretch(20).q(8).keepFloats(true).apply(Channels.of(9, 1, r, g, b),
			Progress.NONE);
		for (int i = 0; i < 7; i++) {
			int[] want = luptonByHand(r[i], g[i], b[i], 0.5, 20, 8);
			for (int k = 0; k < 3; k++) assertEquals(want[k], c.value(k, i, 0), "pixel " + i + " channel " + k);
		}
		// black: below the minimum, and a negative mean intensity
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(c, 0));
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(c, 5));
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(c, 6), "mean intensity below 0 gives black even where r > 0");
		// the bright 4:2:1 star is clipped to 255 in red with its colour kept: 255, 127.5 -> 127, 63.75 -> 63
		assertArrayEquals(new int[] { 255, 127, 63 }, rgb(c, 4));
		assertEquals(1.0f, c.planes()[0][4]);
		assertEquals(2499.5 / 4999.5, c.planes()[1][4], 1e-6); // colour kept: (g - min) / (r - min)
		// no data
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(c, 7));
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(c, 8));
		assertEquals(2, c.noData());
		assertEquals(2, c.saturated(0), "pixels 3 and 4 reach 255 in red");
		assertEquals(255, c.value(0, 3, 0));
		assertEquals(0xff, c.argb()[3] >>> 24, "opaque");
	}

	static int[] rgb(Composite c, int x) {
		return new int[] { c.value(0, x, 0), c.value(1, x, 0), c.value(2, x, 0) };
	}

	@Test
	void perChannelStretchesFollowImgScale() {
		double lo = 10, hi = 110, nl = 5;
		assertEquals(0, Stretch.ASINH.apply(9.99, lo, hi, nl));
		assertEquals(1, Stretch.ASINH.apply(110.01, lo, hi, nl));
		assertEquals(1, Stretch.ASINH.apply(110, lo, hi, nl));
		assertEquals(0, Stretch.ASINH.apply(10, lo, hi, nl));
		assertEquals(Asinh.asinh(40 / 5.0) / Asinh.asinh(100 / 5.0), Stretch.ASINH.apply(50, lo, hi, nl), 0);
		assertEquals(0.4, Stretch.LINEAR.apply(50, lo, hi, nl), 1e-15);
		assertEquals(Math.sqrt(40) / Math.sqrt(100), Stretch.SQRT.apply(50, lo, hi, nl), 0);
		assertEquals(Math.log10(1 + 1000 * 0.4) / Math.log10(1001), Stretch.LOG.apply(50, lo, hi, nl), 1e-15);
		assertEquals(1, Stretch.LOG.apply(110, lo, hi, nl), 1e-15);
		assertTrue(Double.isNaN(Stretch.LINEAR.apply(Double.NaN, lo, hi, nl)));
		// in a composite, 8 bits = floor(255 v): 0.4 -> 102
		float[] a = { 5, 50, 110, 200 };
		Composite c = new RgbComposer().method(RgbComposer.Method.LINEAR).scaleMin(10).scaleMax(110).keepFloats(true)
			.apply(Channels.of(4, 1, a, a.clone(), a.clone()), Progress.NONE);
		assertArrayEquals(new int[] { 0, 102, 255, 255 }, new int[] { c.value(1, 0, 0), c.value(1, 1, 0), c.value(1, 2, 0),
			c.value(1, 3, 0) });
		assertArrayEquals(new float[] { 0, 0.4f, 1, 1 }, c.planes()[2]);
	}

	@Test
	void scalesMultiplyTheBandsFirst() {
		float[] a = { 0, 10, 20, 30 }, twice = { 0, 20, 40, 60 };
		RgbComposer lupton = new RgbComposer().minimum(2).stretch(30).q(5);
		Composite scaled = lupton.scales(2, 2, 2).apply(Channels.of(4, 1, a, a, a), Progress.NONE);
		Composite direct = new RgbComposer().minimum(2).stretch(30).q(5).apply(Channels.of(4, 1, twice, twice, twice),
			Progress.NONE);
		assertArrayEquals(direct.argb(), scaled.argb());
		RgbComposer classic = new RgbComposer().method(RgbComposer.Method.CLASSIC).scales(1, 2, 1);
		Composite c = classic.apply(Channels.of(4, 1, a, a, a), Progress.NONE);
		assertEquals(2 * c.low(0), c.low(1), 1e-12, "automatic levels are found on the scaled band");
	}

	@Test
	void automaticLevelsAsNumpy() {
		float[] a = new float[12];
		for (int i = 0; i < 10; i++) a[i] = i + 1; // 1..10
		a[10] = Float.NaN;
		a[11] = Float.NaN;
		// numpy: nanpercentile(1..10, [0, 25, 50, 99]) = 1, 3.25, 5.5, 9.91
		assertArrayEquals(new double[] { 1, 3.25, 5.5, 9.91 }, Levels.percentiles(a, 4, 1, 0, 25, 50, 99), 1e-12);
		assertArrayEquals(new double[] { 2, 6.5 }, Levels.percentiles(a, 4, 2, 0, 25), 1e-12);
		assertArrayEquals(new double[] { 1, 10 }, Levels.minMax(a, 4, 1), 0);
		double[] ms = Levels.meanStd(a, 4, 1); // mean 5.5, population std sqrt(8.25)
		assertEquals(5.5, ms[0], 1e-15);
		assertEquals(Math.sqrt(8.25), ms[1], 1e-15);
		assertEquals(10, ms[2]);
		assertArrayEquals(new double[] { 5.5 + 0.75 * Math.sqrt(8.25), 5.5 + 5 * Math.sqrt(8.25) }, Levels.sigma(a, 4, 1, 0.75, 5),
			1e-14);
		// percentiles by histogram equal a full sort on a large noisy image with negative values and ties
		Random rnd = new Random(5);
		float[] big = new float[300 * 200];
		for (int i = 0; i < big.length; i++) big[i] = (float) Math.round(rnd.nextGaussian() * 1000) / 8f;
		float[] sorted = big.clone();
		Arrays.sort(sorted);
		for (double p : new double[] { 0, 0.5, 1, 37.3, 50, 99, 99.9, 100 }) {
			double idx = p / 100 * (big.length - 1);
			int lo = (int) Math.floor(idx);
			double t = idx - lo, a0 = sorted[lo], a1 = sorted[Math.min(big.length - 1, lo + 1)];
			double want = t >= 0.5 ? a1 - (a1 - a0) * (1 - t) : a0 + (a1 - a0) * t;
			assertEquals(want, Levels.percentiles(big, 300, 1, p)[0], 0, "percentile " + p);
		}
	}

	@Test
	void levelsGivenAndAutomaticMixPerChannel() {
		float[] a = new float[100];
		for (int i = 0; i < a.length; i++) a[i] = i;
		RgbComposer c = new RgbComposer().method(RgbComposer.Method.SQRT).scaleMin(5, Double.NaN, 7).scaleMax(Double.NaN)
			.levels(RgbComposer.AutoLevels.PERCENTILE, 1, 99);
		double[][] lv = c.resolveLevels(Channels.of(10, 10, a, a, a));
		assertArrayEquals(new double[] { 5, 0.99, 7 }, lv[0], 1e-12);
		assertArrayEquals(new double[] { 98.01, 98.01, 98.01 }, lv[1], 1e-12);
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		Random rnd = new Random(11);
		int w = 257, h = 203;
		float[][] bands = new float[3][w * h];
		for (float[] band : bands) for (int i = 0; i < band.length; i++) band[i] = (float) (100 + 30 * rnd.nextGaussian() +
			(i % 97 == 0 ? 5000 * rnd.nextDouble() : 0));
		Channels ch = Channels.of(w, h, bands[0], bands[1], bands[2]);
		int saved = Parallel.threads();
		try {
			for (RgbComposer.Method m : RgbComposer.Method.values()) {
				RgbComposer c = new RgbComposer().method(m).minimum(100).stretch(200).keepFloats(true);
				Parallel.setThreads(1);
				Composite one = c.apply(ch, Progress.NONE);
				Parallel.setThreads(4);
				Composite four = c.apply(ch, Progress.NONE);
				assertArrayEquals(one.argb(), four.argb(), m.toString());
				for (int k = 0; k < 3; k++) {
					assertArrayEquals(one.planes()[k], four.planes()[k], m.toString());
					assertEquals(one.low(k), four.low(k), 0, m.toString());
				}
				assertEquals(one.saturated(0), four.saturated(0));
			}
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void settingsAreCheckedAndNamed() {
		RgbComposer c = new RgbComposer();
		assertEquals("q must be > 0 (got 0.0)", assertThrows(IllegalArgumentException.class, () -> c.q(0)).getMessage());
		assertEquals("stretch must be > 0 (got -1.0)", assertThrows(IllegalArgumentException.class, () -> c.stretch(-1))
			.getMessage());
		assertEquals("minimum: give 1 value or 3 (red, green, blue), got 2", assertThrows(IllegalArgumentException.class,
			() -> c.minimum(1, 2)).getMessage());
		assertEquals("percentile levels need 0 <= auto_low < auto_high <= 100 (got 0.75, 500.0)", assertThrows(
			IllegalArgumentException.class, () -> c.levels(RgbComposer.AutoLevels.PERCENTILE, 0.75, 500)).getMessage());
		assertEquals("method must be one of lupton, classic, linear, log, sqrt (got 'hsv')", assertThrows(
			IllegalArgumentException.class, () -> RgbComposer.Method.of("hsv")).getMessage());
		assertEquals("lupton minimum=500,480,150 stretch=150 Q=6", new RgbComposer().minimum(500, 480, 150).stretch(150).q(6)
			.describe());
	}

	/** The bucket lookup of the 8-bit composite gives every pixel the byte the per-pixel stretch gives. */
	@Test
	void byteLookupEqualsThePerPixelStretch() {
		Random rng = new Random(7);
		double[][] settings = { { 1, 50, 50000, 20 }, { 0.37, -3, 12, 0.5 }, { 2, 1e-3, 1e4, 1e-4 }, { 1, -1e6, 1e6, 3 } };
		for (Stretch s : Stretch.values()) {
			for (double[] p : settings) {
				ByteLookup lookup = new ByteLookup(s, p[0], p[1], p[2], p[3]);
				ByteLookup fresh = new ByteLookup(s, p[0], p[1], p[2], p[3]);
				int mismatches = 0, looked = 0;
				for (int k = 0; k < 400_000; k++) {
					float f;
					switch (k % 4) {
						case 0: f = (float) (p[1] + (p[2] - p[1]) * rng.nextDouble()); break; // inside the levels
						case 1: f = (float) (p[1] + (p[2] - p[1]) * 1e-3 * rng.nextDouble()); break; // near the black point
						case 2: f = Float.intBitsToFloat(rng.nextInt()); break; // anything, NaN and infinities too
						default: f = Math.nextUp((float) (p[1] + (p[2] - p[1]) * (k % 1000) / 1000.0)); // byte edges
					}
					if (lookup.byteOf(f) != fresh.exact(f)) mismatches++;
					looked++;
				}
				assertEquals(0, mismatches, s + " " + Arrays.toString(p) + ": " + mismatches + " of " + looked + " bytes differ");
			}
		}
	}

	/**
	 * Every float of buckets that hold a byte boundary (split at the boundary's proven threshold, or
	 * computed per pixel) gets the per-pixel byte: all 4096 floats of each, for 60 such buckets per
	 * setting, on both sides of zero.
	 */
	@Test
	void boundaryBucketsEqualThePerPixelStretch() {
		double[][] settings = { { 1, 50, 50000, 20 }, { 0.37, -3, 12, 0.5 }, { 2, 1e-3, 1e4, 1e-4 }, { 1, -1e6, 1e6, 3 },
			{ 1, -40, -2, 1 } };
		long split = 0;
		for (Stretch s : Stretch.values()) {
			for (double[] p : settings) {
				ByteLookup lookup = new ByteLookup(s, p[0], p[1], p[2], p[3]);
				ByteLookup fresh = new ByteLookup(s, p[0], p[1], p[2], p[3]);
				int buckets = 0, mismatches = 0;
				for (int i = 0; i < 20_000 && buckets < 60; i++) {
					float x = (float) ((p[1] + (p[2] - p[1]) * Math.pow(i / 20_000.0, 3)) / p[0]);
					int first = Float.floatToRawIntBits(x) & ~0xfff;
					if (fresh.exact(Float.intBitsToFloat(first)) == fresh.exact(Float.intBitsToFloat(first | 0xfff))) continue;
					buckets++;
					for (int b = 0; b < 4096; b++) {
						float f = Float.intBitsToFloat(first | b);
						if (lookup.byteOf(f) != fresh.exact(f)) mismatches++;
					}
				}
				String what = s + " " + Arrays.toString(p);
				assertTrue(buckets >= 20, what + ": " + buckets + " boundary buckets");
				assertEquals(0, mismatches, what + ": " + mismatches + " bytes differ in " + buckets + " boundary buckets");
				split += lookup.splitBuckets();
			}
		}
		assertTrue(split > 200, split + " buckets split"); // the rest hold several boundaries or an unproven one
	}

	/** The 8-bit composite is the same whether or not the float planes are kept (two code paths). */
	@Test
	void compositeBytesDoNotDependOnKeepingFloats() {
		int w = 211, h = 97;
		float[][] bands = new float[3][];
		Random rng = new Random(11);
		for (int c = 0; c < 3; c++) {
			bands[c] = new float[w * h];
			for (int i = 0; i < w * h; i++) bands[c][i] = (float) (100 + 10 * rng.nextGaussian() + (i % 53 == 0 ? 3e4 * rng.nextDouble() : 0));
		}
		bands[1][5] = Float.NaN;
		Channels ch = Channels.of(w, h, bands[0], bands[1], bands[2]);
		for (RgbComposer.Method m : new RgbComposer.Method[] { RgbComposer.Method.CLASSIC, RgbComposer.Method.LOG,
			RgbComposer.Method.SQRT, RgbComposer.Method.LINEAR })
		{
			RgbComposer rc = new RgbComposer().method(m).levels(RgbComposer.AutoLevels.MINMAX, 0, 1).nonLinear(20);
			Composite bytesOnly = rc.apply(ch, Progress.NONE);
			Composite withFloats = rc.keepFloats(true).apply(ch, Progress.NONE);
			assertArrayEquals(withFloats.argb(), bytesOnly.argb(), m.name());
			assertEquals(withFloats.noData(), bytesOnly.noData(), m.name());
			for (int c = 0; c < 3; c++) assertEquals(withFloats.saturated(c), bytesOnly.saturated(c), m.name());
		}
	}

	/** minMax skips NaN and infinities, row by row, and scales after choosing (same values as scaling first). */
	@Test
	void minMaxOfTheFiniteValues() {
		float inf = Float.POSITIVE_INFINITY;
		float[] a = { Float.NaN, Float.NaN, Float.NaN, // a row of NaN
			3, -inf, 7, // an infinity: that row value by value
			-0f, 0f, 2.5f, //
			5, inf, -1.25f };
		assertArrayEquals(new double[] { -1.25 * 0.5, 7 * 0.5 }, Levels.minMax(a, 3, 0.5));
		assertArrayEquals(new double[] { 0.1f * 3.0, 0.2f * 3.0 }, Levels.minMax(new float[] { 0.2f, 0.1f }, 2, 3.0));
		double[] none = Levels.minMax(new float[] { Float.NaN, inf }, 2, 1);
		assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
	}
}
