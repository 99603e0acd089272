package org.astrofiji.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.stats.MedianFilter.Border;
import org.junit.jupiter.api.Test;

/** The fast median filters against a brute-force median of every window. */
class MedianFilterTest {

	/** Random image with many ties (small integers), negative values, -0.0 and, optionally, NaNs. */
	static float[] image(int w, int h, long seed, double nanFraction) {
		Random r = new Random(seed);
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) {
			double u = r.nextDouble();
			a[i] = u < nanFraction ? Float.NaN : u < 0.3 ? r.nextInt(7) - 3 : u < 0.35 ? -0.0f : (float) (r.nextGaussian() * 100);
		}
		return a;
	}

	/** numpy-style median of the non-NaN values (mean of the middle two when even); NaN if none. */
	static float bruteMedian(float[] v, int n) {
		float[] f = new float[n];
		int m = 0;
		for (int i = 0; i < n; i++) if (!Float.isNaN(v[i])) f[m++] = v[i];
		if (m == 0) return Float.NaN;
		Arrays.sort(f, 0, m);
		return (m & 1) == 1 ? f[m / 2] : (float) (((double) f[m / 2 - 1] + f[m / 2]) / 2);
	}

	static float at(float[] a, int w, int h, int x, int y, Border b) {
		if (x >= 0 && x < w && y >= 0 && y < h) return a[y * w + x];
		if (b == Border.ZERO) return 0;
		return a[MedianFilter.reflect(y, h) * w + MedianFilter.reflect(x, w)];
	}

	static float[] bruteSquare(float[] a, int w, int h, int k, Border b) {
		int r = k / 2;
		float[] out = a.clone();
		float[] win = new float[k * k];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (b == Border.COPY && (x < r || y < r || x >= w - r || y >= h - r)) continue;
				int n = 0;
				for (int j = -r; j <= r; j++) for (int i = -r; i <= r; i++) win[n++] = at(a, w, h, x + i, y + j, b);
				out[y * w + x] = bruteMedian(win, n);
			}
		}
		return out;
	}

	static float[] bruteLine(float[] a, int w, int h, int k, Border b, boolean rows) {
		int r = k / 2;
		float[] out = a.clone();
		float[] win = new float[k];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int pos = rows ? x : y, len = rows ? w : h;
				if (b == Border.COPY && (pos < r || pos >= len - r)) continue;
				for (int i = -r; i <= r; i++) win[i + r] = rows ? at(a, w, h, x + i, y, b) : at(a, w, h, x, y + i, b);
				out[y * w + x] = bruteMedian(win, k);
			}
		}
		return out;
	}

	static void assertSame(float[] expected, float[] actual, String what) {
		for (int i = 0; i < expected.length; i++) {
			// exact: same value; 0.0 and -0.0 are the same median
			if (!(expected[i] == actual[i] || Float.isNaN(expected[i]) && Float.isNaN(actual[i])))
				throw new AssertionError(what + ": pixel " + i + " expected " + expected[i] + " got " + actual[i]);
		}
	}

	@Test
	void squareMatchesBruteForceForEverySizeAndBorder() {
		for (int k : new int[] { 1, 3, 5, 7, 9, 11 }) {
			for (Border b : Border.values()) {
				for (double nan : new double[] { 0, 0.05 }) {
					float[] a = image(23, 17, k * 31 + b.ordinal(), nan);
					assertSame(bruteSquare(a, 23, 17, k, b), MedianFilter.square(a, 23, 17, k, b), "square " + k + " " + b + " nan " + nan);
				}
			}
		}
	}

	@Test
	void windowsLargerThanTheImage() {
		float[] a = image(4, 3, 5, 0);
		for (Border b : Border.values()) assertSame(bruteSquare(a, 4, 3, 7, b), MedianFilter.square(a, 4, 3, 7, b), "tiny " + b);
	}

	@Test
	void oneDimensionalAndSeparableMatchBruteForce() {
		for (int k : new int[] { 1, 3, 5, 7, 9, 13 }) {
			for (Border b : Border.values()) {
				for (double nan : new double[] { 0, 0.05 }) {
					float[] a = image(21, 19, k * 7 + b.ordinal(), nan);
					float[] rows = bruteLine(a, 21, 19, k, b, true);
					assertSame(rows, MedianFilter.alongRows(a, 21, 19, k, b), "rows " + k + " " + b);
					float[] cols = bruteLine(a, 21, 19, k, b, false);
					assertSame(cols, MedianFilter.alongColumns(a, 21, 19, k, b), "columns " + k + " " + b);
					float[] sep = bruteLine(rows, 21, 19, k, b, false);
					if (b == Border.COPY) {
						int r = k / 2;
						for (int y = 0; y < 19; y++) for (int x = 0; x < 21; x++)
							if (x < r || y < r || x >= 21 - r || y >= 19 - r) sep[y * 21 + x] = a[y * 21 + x];
					}
					assertSame(sep, MedianFilter.separable(a, 21, 19, k, b), "separable " + k + " " + b);
				}
			}
		}
	}

	@Test
	void imagesSmallerThanTheWindow() {
		for (int[] d : new int[][] { { 1, 1 }, { 2, 3 }, { 3, 2 }, { 1, 9 }, { 9, 1 }, { 4, 5 } }) {
			int w = d[0], h = d[1];
			float[] a = image(w, h, w * 10 + h, 0);
			for (int k : new int[] { 3, 5, 9 }) {
				for (Border b : Border.values()) {
					String what = w + "x" + h + " k" + k + " " + b;
					float[] rows = bruteLine(a, w, h, k, b, true);
					assertSame(rows, MedianFilter.alongRows(a, w, h, k, b), "rows " + what);
					assertSame(bruteLine(a, w, h, k, b, false), MedianFilter.alongColumns(a, w, h, k, b), "columns " + what);
					float[] sep = bruteLine(rows, w, h, k, b, false);
					if (b == Border.COPY) {
						int r = k / 2;
						for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
							if (x < r || y < r || x >= w - r || y >= h - r) sep[y * w + x] = a[y * w + x];
					}
					assertSame(sep, MedianFilter.separable(a, w, h, k, b), "separable " + what);
					assertSame(bruteSquare(a, w, h, k, b), MedianFilter.square(a, w, h, k, b), "square " + what);
				}
			}
		}
	}

	@Test
	void resultDoesNotDependOnTheThreadCount() {
		float[] a = image(301, 257, 9, 0.001);
		int saved = Parallel.threads();
		try {
			Parallel.setThreads(1);
			float[] one = MedianFilter.square(a, 301, 257, 5, Border.ZERO);
			float[] sepOne = MedianFilter.separable(a, 301, 257, 7, Border.COPY);
			Parallel.setThreads(3);
			assertArrayEquals(one, MedianFilter.square(a, 301, 257, 5, Border.ZERO));
			assertArrayEquals(sepOne, MedianFilter.separable(a, 301, 257, 7, Border.COPY));
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void knownValues() {
		// 3x3 ramp with zero padding: a corner sees five zeros among nine values
		float[] a = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		assertArrayEquals(new float[] { 0, 2, 0, 2, 5, 3, 0, 5, 0 }, MedianFilter.square(a, 3, 3, 3, Border.ZERO));
		assertArrayEquals(new float[] { 2, 3, 3, 4, 5, 6, 7, 7, 8 }, MedianFilter.square(a, 3, 3, 3, Border.REFLECT));
		assertArrayEquals(a, MedianFilter.square(a, 3, 3, 3, Border.COPY));
		assertEquals(Border.REFLECT, Border.of(" Reflect"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MedianFilter.square(a, 3, 3, 4, Border.ZERO));
		assertTrue(e.getMessage().contains("odd"), e.getMessage());
	}
}
