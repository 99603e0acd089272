package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineSettings.Center;
import org.astrofiji.core.calibration.CombineSettings.Deviation;
import org.astrofiji.core.calibration.CombineSettings.Method;
import org.astrofiji.core.calibration.CombineSettings.Scale;
import org.junit.jupiter.api.Test;

/** The combiner against plain reference formulas (sorting, two-pass statistics) on stacks the test builds. */
class StackCombinerTest {

	/** n frames of w x h: Gaussian noise around 1000 with outliers (cosmic rays, hot and cold pixels) and some NaN. */
	static List<float[]> stack(int n, int w, int h, long seed, double nanFraction) {
		Random r = new Random(seed);
		List<float[]> planes = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			float[] a = new float[w * h];
			for (int p = 0; p < a.length; p++) {
				double v = 1000 + 0.01 * p + 12 * r.nextGaussian();
				double u = r.nextDouble();
				if (u < 0.02) v += 500 + 3000 * r.nextDouble();
				else if (u < 0.03) v -= 200;
				else if (u < 0.03 + nanFraction) v = Double.NaN;
				a[p] = (float) Math.rint(v);
			}
			planes.add(a);
		}
		return planes;
	}

	static double[] finite(List<float[]> planes, int p) {
		return planes.stream().mapToDouble(a -> a[p]).filter(v -> !Double.isNaN(v)).toArray();
	}

	static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}

	static double mean(double[] v) {
		return Arrays.stream(v).sum() / v.length;
	}

	static double std(double[] v) {
		double m = mean(v);
		return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
	}

	static double madStd(double[] v) {
		double m = median(v);
		return 1.482602218505602 * median(Arrays.stream(v).map(x -> Math.abs(x - m)).toArray());
	}

	/** astropy sigma_clip (iterations passes) then the mean of the survivors. */
	static double[] sigmaClipReference(double[] v, CombineSettings s) {
		double[] left = v;
		for (int it = 0; it < s.iterations && left.length > 0; it++) {
			double c = s.center == Center.MEAN ? mean(left) : median(left);
			double d = s.deviation == Deviation.STD ? std(left) : madStd(left);
			double lo = c - s.sigmaLow * d, hi = c + s.sigmaHigh * d;
			double[] kept = Arrays.stream(left).filter(x -> !(x < lo || x > hi)).toArray();
			boolean changed = kept.length != left.length;
			left = kept;
			if (!changed) break;
		}
		return left;
	}

	static void assertClose(double expected, double actual, String what) {
		if (Double.isNaN(expected)) {
			assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
			return;
		}
		assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
	}

	@Test
	void medianOfOddAndEvenStacksSkipsNaN() {
		for (int n : new int[] { 1, 2, 3, 4, 5, 6, 12, 13, 14, 40 }) {
			List<float[]> planes = stack(n, 23, 17, n, 0.05);
			CombineResult r = StackCombiner.combine(planes, 23, 17, new CombineSettings(), Progress.NONE);
			for (int p = 0; p < 23 * 17; p++) {
				double[] v = finite(planes, p);
				assertEquals(v.length, r.count[p]);
				if (v.length == 0) {
					assertTrue(Float.isNaN(r.value[p]));
					continue;
				}
				assertClose(median(v), r.value[p], n + " frames, pixel " + p);
				double err = v.length == 1 ? 0 : madStd(v) / Math.sqrt(v.length);
				assertClose(err, r.error[p], "error, " + n + " frames, pixel " + p);
			}
		}
		// an even stack: the mean of the two middle values
		CombineResult even = StackCombiner.combine(List.of(new float[] { 1 }, new float[] { 10 }, new float[] { 4 },
			new float[] { 2 }), 1, 1, new CombineSettings(), Progress.NONE);
		assertEquals(3.0f, even.value[0]);
	}

	@Test
	void sigmaClipMatchesAstropysRecipeForEveryCentreDeviationAndIterations() {
		List<float[]> planes = stack(9, 31, 11, 7, 0.02);
		for (Center c : Center.values()) {
			for (Deviation d : Deviation.values()) {
				for (int iterations : new int[] { 1, 3 }) {
					CombineSettings s = new CombineSettings();
					s.method = Method.SIGMA_CLIP;
					s.center = c;
					s.deviation = d;
					s.sigmaLow = 2.5;
					s.sigmaHigh = 2;
					s.iterations = iterations;
					CombineResult r = StackCombiner.combine(planes, 31, 11, s, Progress.NONE);
					long rejected = 0;
					for (int p = 0; p < 31 * 11; p++) {
						double[] v = finite(planes, p);
						double[] kept = sigmaClipReference(v, s);
						String what = c + "/" + d + "/" + iterations + " pixel " + p;
						assertEquals(kept.length, r.count[p], what);
						assertClose(kept.length == 0 ? Double.NaN : mean(kept), r.value[p], what);
						assertClose(kept.length == 0 ? Double.NaN : std(kept) / Math.sqrt(kept.length), r.error[p], what);
						rejected += v.length - kept.length;
					}
					assertEquals(rejected, r.rejected);
					assertTrue(rejected > 0);
				}
			}
		}
	}

	@Test
	void minmaxDropsTheExtremesAndMeanAveragesWithWeights() {
		List<float[]> planes = stack(7, 13, 9, 3, 0.04);
		CombineSettings s = new CombineSettings();
		s.method = Method.MINMAX;
		s.nLow = 1;
		s.nHigh = 2;
		CombineResult r = StackCombiner.combine(planes, 13, 9, s, Progress.NONE);
		for (int p = 0; p < 13 * 9; p++) {
			double[] v = finite(planes, p);
			Arrays.sort(v);
			int lo = v.length == 7 ? 1 : (int) Math.round(v.length / 7.0), hi = v.length == 7 ? 2 : (int) Math.round(2 * v.length / 7.0);
			double[] kept = Arrays.copyOfRange(v, lo, v.length - hi);
			assertEquals(kept.length, r.count[p]);
			assertClose(mean(kept), r.value[p], "minmax pixel " + p);
		}
		CombineSettings m = new CombineSettings();
		m.method = Method.MEAN;
		m.weights = new double[] { 1, 2, 3, 4, 5, 6, 7 };
		CombineResult wr = StackCombiner.combine(planes, 13, 9, m, Progress.NONE);
		for (int p = 0; p < 13 * 9; p++) {
			double sw = 0, swv = 0;
			for (int i = 0; i < 7; i++) {
				float v = planes.get(i)[p];
				if (Float.isNaN(v)) continue;
				sw += m.weights[i];
				swv += m.weights[i] * v;
			}
			assertClose(swv / sw, wr.value[p], "weighted mean pixel " + p);
		}
	}

	@Test
	void scalingBringsFramesToTheirMeanLevel() {
		int w = 20, h = 10;
		List<float[]> planes = new ArrayList<>();
		double[] levels = { 1000, 1500, 3000 };
		Random r = new Random(4);
		float[] pattern = new float[w * h];
		for (int p = 0; p < pattern.length; p++) pattern[p] = (float) (1 + 0.1 * r.nextGaussian());
		for (double level : levels) {
			float[] a = new float[w * h];
			for (int p = 0; p < a.length; p++) a[p] = (float) (level * pattern[p]);
			planes.add(a);
		}
		double ref = (1000 + 1500 + 3000) / 3.0;
		for (Scale sc : new Scale[] { Scale.MEDIAN, Scale.MEAN, Scale.EXPOSURE }) {
			CombineSettings s = new CombineSettings();
			s.scale = sc;
			s.exposures = levels.clone();
			CombineResult c = StackCombiner.combine(planes, w, h, s, Progress.NONE);
			for (int i = 0; i < 3; i++) assertEquals(ref / levels[i], c.scaleFactors[i], 1e-6, sc + " factor " + i);
			for (int p = 0; p < w * h; p++) assertEquals(ref * pattern[p], c.value[p], 1e-3, sc + " pixel " + p);
		}
	}

	@Test
	void streamingInBandsGivesTheSameResultForAnyBudgetAndThreadCount() {
		List<float[]> planes = stack(11, 57, 43, 9, 0.03);
		CombineSettings s = new CombineSettings();
		s.method = Method.SIGMA_CLIP;
		CombineResult reference = StackCombiner.combine(planes, 57, 43, s, Progress.NONE);
		int saved = Parallel.threads();
		try {
			for (int threads : new int[] { 1, 3 }) {
				Parallel.setThreads(threads);
				CombineSettings tight = s.copy();
				tight.memoryBudget = 1 << 20; // a few rows at a time
				CombineResult r = StackCombiner.combine(planes, 57, 43, tight, Progress.NONE);
				assertArrayEquals(reference.value, r.value);
				assertArrayEquals(reference.error, r.error);
				assertArrayEquals(reference.count, r.count);
				assertEquals(reference.nanSkipped, r.nanSkipped);
			}
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	/** The median network gives bit for bit what selection per pixel gives, NaN pixels included. */
	@Test
	void medianNetworkEqualsSelectionPerPixel() {
		for (int n : new int[] { 1, 2, 3, 4, 5, 7, 8, 16, 17, 40, 41, 64, 100 }) {
			List<float[]> planes = stack(n, 37, 29, 100 + n, 0.01);
			CombineResult net = StackCombiner.combine(planes, 37, 29, new CombineSettings(), Progress.NONE);
			PixelCombiner k = new PixelCombiner(new CombineSettings(), n);
			for (int p = 0; p < 37 * 29; p++) {
				int m = 0;
				for (float[] a : planes) if (!Float.isNaN(a[p])) k.values()[m++] = a[p];
				k.combine(m);
				assertEquals((float) k.value, net.value[p], n + " frames, pixel " + p);
				assertEquals((float) k.error, net.error[p], n + " frames, pixel " + p);
				assertEquals(k.count, net.count[p]);
			}
		}
	}

	/** The block path of the mean and of one-pass sigma clipping gives what the kernel gives, NaN pixels and scaling included. */
	@Test
	void blockMeanAndSigmaClipEqualTheKernel() {
		for (int n : new int[] { 1, 2, 3, 5, 9, 40 }) {
			List<float[]> planes = stack(n, 41, 27, 200 + n, 0.01);
			for (Method method : new Method[] { Method.MEAN, Method.SIGMA_CLIP }) {
				CombineSettings s = new CombineSettings();
				s.method = method;
				s.sigmaLow = 2;
				s.sigmaHigh = 2.5;
				s.scale = n > 1 ? Scale.MEAN : Scale.NONE;
				CombineResult block = StackCombiner.combine(planes, 41, 27, s, Progress.NONE);
				PixelCombiner k = new PixelCombiner(s, n);
				long rejected = 0;
				for (int p = 0; p < 41 * 27; p++) {
					int m = 0;
					for (int i = 0; i < n; i++) {
						float v = planes.get(i)[p];
						if (!Float.isNaN(v)) k.values()[m++] = (float) (v * block.scaleFactors[i]);
					}
					k.combine(m);
					rejected += k.rejected;
					assertEquals((float) k.value, block.value[p], method + ", " + n + " frames, pixel " + p);
					assertEquals((float) k.error, block.error[p], method + ", " + n + " frames, pixel " + p);
					assertEquals(k.count, block.count[p]);
				}
				assertEquals(rejected, block.rejected);
			}
		}
	}

	/** Batcher's network cut to n wires sorts every 0/1 input (the 0-1 principle: then it sorts everything). */
	@Test
	void cutBatcherNetworksSortEveryZeroOneInput() {
		for (int n = 1; n <= 14; n++) {
			List<int[]> net = SortingNetwork.sorter(n);
			for (int bits = 0; bits < 1 << n; bits++) {
				int[] v = new int[n];
				for (int i = 0; i < n; i++) v[i] = bits >> i & 1;
				for (int[] c : net) {
					if (v[c[0]] > v[c[1]]) {
						int t = v[c[0]];
						v[c[0]] = v[c[1]];
						v[c[1]] = t;
					}
				}
				for (int i = 1; i < n; i++) assertTrue(v[i - 1] <= v[i], n + " wires, input " + Integer.toBinaryString(bits));
			}
		}
		assertEquals(248, SortingNetwork.median(40).size());
	}

	@Test
	void badStacksAreNamed() {
		List<RowSource> frames = List.of(RowSource.of("a.fits", new float[12], 4, 3), RowSource.of("b.fits", new float[12], 3, 4));
		assertEquals("frames differ in size: a.fits is 4x3 but b.fits is 3x4", assertThrows(IllegalArgumentException.class,
			() -> StackCombiner.combine(frames, new CombineSettings(), Progress.NONE)).getMessage());
		CombineSettings s = new CombineSettings();
		s.scale = Scale.MEDIAN;
		List<RowSource> zero = List.of(RowSource.of("flat1.fits", new float[] { 1, 2, 3, 4 }, 2, 2),
			RowSource.of("flat2.fits", new float[4], 2, 2));
		assertEquals("flat2.fits: its median is 0.0; frames can be scaled by median only when it is positive",
			assertThrows(IllegalArgumentException.class, () -> StackCombiner.combine(zero, s, Progress.NONE)).getMessage());
		CombineSettings mm = new CombineSettings();
		mm.method = Method.MINMAX;
		mm.nLow = 1;
		mm.nHigh = 1;
		assertEquals("minmax drops nlow + nhigh = 2 values but there are only 2 frames", assertThrows(IllegalArgumentException.class,
			() -> StackCombiner.combine(zero, mm, Progress.NONE)).getMessage());
		CombineSettings wm = new CombineSettings();
		wm.weights = new double[] { 1, 2 };
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StackCombiner.combine(zero, wm, Progress.NONE))
			.getMessage().startsWith("weights are not used by the median"));
	}
}
