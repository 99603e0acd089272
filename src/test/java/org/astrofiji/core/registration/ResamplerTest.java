package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.astrofiji.core.Parallel;
import org.junit.jupiter.api.Test;

/**
 * Resampling against hand-computed values: the prefilter solves its linear system, kernels interpolate
 * and reproduce polynomials, the edge rule, flux, the propagated error against the exact linear
 * operator, the DQ footprints, thread-count independence and bad input.
 */
class ResamplerTest {

	private static float[] random(int n, long seed, double lo, double hi) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble(lo, hi);
		return a;
	}

	/** Solves (c[i-1] + 4 c[i] + c[i+1]) / 6 = v[i] with the mirror extension c[-1] = c[1], c[n] = c[n-2]. */
	private static double[] solveMirror(double[] v) {
		int n = v.length;
		if (n == 1) return v.clone();
		double[][] a = new double[n][n + 1];
		for (int i = 0; i < n; i++) {
			a[i][i] += 4.0 / 6;
			a[i][Kernels.mirror(i - 1, n)] += 1.0 / 6;
			a[i][Kernels.mirror(i + 1, n)] += 1.0 / 6;
			a[i][n] = v[i];
		}
		for (int c = 0; c < n; c++) { // Gaussian elimination with partial pivoting
			int p = c;
			for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
			double[] t = a[c];
			a[c] = a[p];
			a[p] = t;
			for (int r = 0; r < n; r++) {
				if (r == c) continue;
				double f = a[r][c] / a[c][c];
				for (int k = c; k <= n; k++) a[r][k] -= f * a[c][k];
			}
		}
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = a[i][n] / a[i][i];
		return x;
	}

	@Test
	void prefilterSolvesTheMirrorSplineSystemForShortAndLongLines() {
		for (int n : new int[] { 1, 2, 3, 7, 41, 42, 120 }) {
			float[] row = random(n, n, -50, 300);
			double[] v = new double[n];
			for (int i = 0; i < n; i++) v[i] = row[i];
			double[] exact = solveMirror(v);
			float[] asRow = SplinePrefilter.coefficients(row, n, 1), asColumn = SplinePrefilter.coefficients(row, 1, n);
			for (int i = 0; i < n; i++) {
				assertEquals(exact[i], asRow[i], 1e-6 * (1 + Math.abs(exact[i])), "row of " + n + " at " + i);
				assertEquals(asRow[i], asColumn[i], 1e-6 * (1 + Math.abs(exact[i])), "column of " + n + " at " + i);
			}
		}
	}

	@Test
	void splineThroughTheCoefficientsPassesThroughEveryPixel() {
		int w = 37, h = 23;
		float[] img = random(w * h, 7, 0, 1000);
		float[] c = SplinePrefilter.coefficients(img, w, h);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int j = -1; j <= 1; j++) {
					for (int i = -1; i <= 1; i++) {
						double wij = (i == 0 ? 4.0 : 1.0) / 6 * (j == 0 ? 4.0 : 1.0) / 6;
						s += wij * c[Kernels.mirror(y + j, h) * w + Kernels.mirror(x + i, w)];
					}
				}
				assertEquals(img[y * w + x], s, 2e-4, "pixel " + x + "," + y);
			}
		}
	}

	@Test
	void integerShiftsMovePixelsExactlyWithEveryKernel() {
		int w = 30, h = 20;
		float[] img = random(w * h, 11, 100, 200);
		for (Interpolation in : Interpolation.values()) {
			// FITS dy = -2 is 2 rows down in FITS = 2 rows further in memory
			float[] out = Resampler.of(in).image(img, Warp.shift(w, h, 3, -2));
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					float v = out[y * w + x];
					int sx = x - 3, sy = y - 2;
					if (sx < 0 || sy < 0) assertTrue(Float.isNaN(v), in + " fill at " + x + "," + y);
					else assertEquals(img[sy * w + sx], v, in == Interpolation.CUBIC ? 2e-4 : 0, in + " at " + x + "," + y);
				}
			}
		}
	}

	@Test
	void cubicReproducesCubicPolynomialsAndBilinearLinearOnes() {
		int w = 96, h = 80;
		float[] cubic = new float[w * h], linear = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				cubic[y * w + x] = (float) cubicF(x, y);
				linear[y * w + x] = (float) linearF(x, y);
			}
		}
		Warp warp = Warp.of(w, h, Transform.similarity(1.07, 23, -20, 15));
		double[] m = warp.outputToSourceMemory();
		float[] c = Resampler.of(Interpolation.CUBIC).image(cubic, warp);
		float[] l = Resampler.of(Interpolation.BILINEAR).image(linear, warp);
		int interior = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double sx = m[0] * x + m[1] * y + m[2], sy = m[3] * x + m[4] * y + m[5];
				boolean inside = sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1;
				assertEquals(!inside, Float.isNaN(l[y * w + x]), "fill rule at " + x + "," + y);
				if (!inside) continue;
				assertEquals(linearF(sx, sy), l[y * w + x], 2e-4, "bilinear at " + x + "," + y);
				// the mirror boundary breaks the polynomial at the edge; its effect decays as 0.268^distance
				if (sx < 16 || sy < 16 || sx > w - 17 || sy > h - 17) continue;
				interior++;
				assertEquals(cubicF(sx, sy), c[y * w + x], 2e-4, "cubic at " + x + "," + y);
			}
		}
		assertTrue(interior > 1000, interior + " interior pixels");
	}

	private static double cubicF(double x, double y) {
		double u = x / 10, v = y / 10;
		return 50 + 3 * u - 2 * v + 0.5 * u * u - 0.3 * u * v + 0.05 * u * u * u - 0.02 * v * v * v;
	}

	private static double linearF(double x, double y) {
		return 20 + 0.7 * x - 0.45 * y;
	}

	@Test
	void lanczosWeightsSumToOneAndKeepConstantsAndNearestRoundsHalvesUp() {
		double[] w = new double[6];
		for (double f : new double[] { 0, 0.1, 0.5, 0.77 }) {
			Kernels.weights(Interpolation.LANCZOS3, 10 + f, w);
			double s = 0;
			for (double v : w) s += v;
			assertEquals(1, s, 1e-15);
		}
		// the tabulated weights stay within 1e-7 of sinc(t) sinc(t / 3), normalized
		double[] exact = new double[6];
		SplittableRandom r = new SplittableRandom(4);
		for (int k = 0; k < 1000; k++) {
			double f = r.nextDouble();
			Kernels.lanczos3(f, w);
			Kernels.lanczos3Exact(f, exact);
			double t = f + 0.5, direct = Math.sin(Math.PI * t) * Math.sin(Math.PI * t / 3) * 3 / (Math.PI * Math.PI * t * t);
			double sum = 0;
			for (int m = -2; m <= 3; m++) {
				double tm = f - m;
				sum += Math.sin(Math.PI * tm) * Math.sin(Math.PI * tm / 3) * 3 / (Math.PI * Math.PI * tm * tm);
			}
			assertEquals(Math.sin(Math.PI * (f + 1)) * Math.sin(Math.PI * (f + 1) / 3) * 3 / (Math.PI * Math.PI * (f + 1) * (f + 1)) / sum,
				exact[1], 1e-12, "exact weight of tap -1 at " + f);
			assertTrue(direct != 0);
			assertArrayEquals(exact, w, 1e-7, "table at " + f);
		}
		int n = 20;
		float[] flat = new float[n * n];
		java.util.Arrays.fill(flat, 7.5f);
		float[] out = Resampler.of(Interpolation.LANCZOS3).image(flat, Warp.of(n, n, Transform.similarity(0.9, 40, 3, -2)));
		for (float v : out) if (!Float.isNaN(v)) assertEquals(7.5, v, 1e-5);
		// nearest: sample 0.5 -> pixel 1 (scipy's order 0)
		assertEquals(1, Kernels.weights(Interpolation.NEAREST, 0.5, new double[1]));
		assertEquals(1, Kernels.weights(Interpolation.NEAREST, 1.49, new double[1]));
	}

	@Test
	void samplesJustOutsideTheSourceAreFilledAsScipyDoes() {
		int w = 8, h = 3;
		float[] img = random(w * h, 2, 1, 2);
		// shift 1e-9 right: column 0 samples -1e-9 and is fill (scipy: strict bounds)
		float[] out = Resampler.of(Interpolation.CUBIC).fill(0).image(img, Warp.shift(w, h, 1e-9, 0));
		for (int y = 0; y < h; y++) {
			assertEquals(0, out[y * w], 0);
			assertEquals(img[y * w + 5], out[y * w + 5], 1e-5);
		}
		assertThrows(IllegalArgumentException.class, () -> Warp.shift(w, h, 8, 0), "shift of the whole width");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Warp.shift(w, h, 0.5, -3.2));
		assertTrue(e.getMessage().contains("out of the frame"), e.getMessage());
	}

	@Test
	void fluxConservationDividesByTheAreaScale() {
		int n = 64, m = 96;
		float[] img = new float[n * n];
		double sum = 0;
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				double r2 = (x - 31.3) * (x - 31.3) + (y - 32.6) * (y - 32.6);
				img[y * n + x] = (float) (1000 * Math.exp(-r2 / (2 * 9)));
				sum += img[y * n + x];
			}
		}
		// magnify 1.5x about the centre onto a 96 x 96 grid
		Transform t = Transform.translation(-32.5, -32.5).then(Transform.similarity(1.5, 10, 48.5, 48.5));
		for (Interpolation in : Interpolation.values()) {
			float[] plain = Resampler.of(in).fill(0).image(img, Warp.of(n, n, t, m, m));
			float[] kept = Resampler.of(in).fill(0).conserveFlux(true).image(img, Warp.of(n, n, t, m, m));
			double s1 = 0, s2 = 0;
			for (int p = 0; p < m * m; p++) {
				s1 += plain[p];
				s2 += kept[p];
			}
			assertEquals(2.25 * sum, s1, 0.01 * sum, in + " without flux conservation");
			assertEquals(sum, s2, (in == Interpolation.NEAREST ? 0.02 : 0.002) * sum, in + " with flux conservation");
		}
	}

	/**
	 * The propagated error equals the exact propagation through the linear operator, whose columns are
	 * the resampled unit impulses, for pixels whose taps stay clear of the edges.
	 */
	@Test
	void errorIsTheExactPropagationThroughTheResampling() {
		int w = 34, h = 32;
		float[] sigma = random(w * h, 13, 1, 5);
		// 1088 small resamplings per case: inline, without the thread pool's overhead
		int saved = Parallel.threads();
		Parallel.setThreads(1);
		try {
			errorCases(w, h, sigma);
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	private static void errorCases(int w, int h, float[] sigma) {
		for (Warp warp : new Warp[] { Warp.shift(w, h, 0.37, -0.81), Warp.of(w, h, Transform.similarity(1.05, 17, -3, 4)) }) {
			for (Interpolation in : Interpolation.values()) {
				Resampler r = Resampler.of(in);
				float[] err = r.error(sigma, warp);
				double[] var = new double[w * h];
				float[] impulse = new float[w * h];
				for (int p = 0; p < w * h; p++) {
					impulse[p] = 1;
					float[] col = r.image(impulse, warp);
					impulse[p] = 0;
					for (int q = 0; q < col.length; q++) if (!Float.isNaN(col[q])) var[q] += (double) col[q] * col[q] * sigma[p] * sigma[p];
				}
				double[] m = warp.outputToSourceMemory();
				int margin = in == Interpolation.CUBIC ? 9 : 4, checked = 0;
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						double sx = m[0] * x + m[1] * y + m[2], sy = m[3] * x + m[4] * y + m[5];
						boolean inside = sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1;
						assertEquals(!inside, Float.isNaN(err[y * w + x]), in + " NaN outside at " + x + "," + y);
						if (sx < margin || sy < margin || sx > w - 1 - margin || sy > h - 1 - margin) continue;
						checked++;
						assertEquals(Math.sqrt(var[y * w + x]), err[y * w + x], 2e-6 * Math.sqrt(var[y * w + x]), in + " " + warp + " at " + x +
							"," + y);
					}
				}
				assertTrue(checked >= 150, checked + " pixels checked");
			}
		}
	}

	@Test
	void dqFlagsSpreadOverTheFootprintAndNoDataAndEdgeBitsAreSet() {
		int w = 10, h = 8, carried = 4 | 0x8000, noData = 1, edge = 2;
		int[] dq = new int[w * h];
		dq[3 * w + 4] = 4 | 64; // bit 64 is not carried
		dq[6 * w + 8] = 0x8000;
		float[] img = new float[w * h];
		img[1 * w + 7] = Float.NaN;
		Warp warp = Warp.shift(w, h, 0.5, 0);
		Resampler r = Resampler.of(Interpolation.CUBIC);
		int[] out = r.dq(dq, img, warp, DqBits.of(carried, noData, edge));
		float[] values = r.image(img, warp);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int f = out[y * w + x];
				// sample x - 0.5: taps x-2..x+1 (all non-zero at f = 0.5); rows y-1..y+1 (tap y+2 has weight 0)
				boolean touchesFlag = x - 2 <= 4 && 4 <= x + 1 && Math.abs(y - 3) <= 1;
				boolean touchesHigh = x - 2 <= 8 && 8 <= x + 1 && Math.abs(y - 6) <= 1;
				boolean touchesNaN = x - 2 <= 7 && 7 <= x + 1 && Math.abs(y - 1) <= 1;
				boolean outside = x == 0;
				String at = x + "," + y;
				assertEquals(touchesFlag && !outside, (f & 4) != 0, "carried bit 4 at " + at);
				assertEquals(touchesHigh && !outside, (f & 0x8000) != 0, "carried bit 15 at " + at);
				assertEquals(0, f & 64, "bit 64 is not carried");
				assertEquals(outside || touchesNaN, (f & noData) != 0, "no-data at " + at);
				assertEquals(outside || touchesNaN, Float.isNaN(values[y * w + x]), "NaN value at " + at);
				boolean reachesPast = x == 1 || x == w - 1 || y == 0 || y == h - 1;
				assertEquals(reachesPast && !outside && !touchesNaN, (f & edge) != 0, "edge bit at " + at);
			}
		}
		// 16-bit masks keep bit 15
		short[] s = new short[w * h];
		s[6 * w + 8] = (short) 0x8000;
		short[] so = r.dq(s, null, warp, DqBits.of(carried, noData, edge));
		assertEquals(0x8000 | 0, so[6 * w + 8] & 0x8000);
		// nearest moves each flag with its pixel, without edge bits
		int[] near = Resampler.of(Interpolation.NEAREST).dq(dq, null, Warp.shift(w, h, 2, 1), DqBits.of(carried, noData, edge));
		assertEquals(4, near[2 * w + 6]); // FITS dy = +1 is one memory row up
		assertEquals(noData, near[0]);
		assertEquals(0, near[5 * w + 5]);
	}

	@Test
	void nanPixelsOnlyBlankWhatTheirFootprintTouches() {
		int w = 50, h = 40;
		float[] img = random(w * h, 21, 100, 110);
		float[] holed = img.clone();
		holed[20 * w + 25] = Float.NaN;
		holed[20 * w + 26] = Float.NaN;
		Warp warp = Warp.of(w, h, Transform.rotation(12, 25, 20));
		for (Interpolation in : Interpolation.values()) {
			float[] a = Resampler.of(in).image(img, warp), b = Resampler.of(in).image(holed, warp);
			int[] dq = Resampler.of(in).dq(holed, warp, DqBits.of(0, 1, 0));
			int blank = 0;
			for (int p = 0; p < a.length; p++) {
				assertEquals((dq[p] & 1) != 0, Float.isNaN(b[p]), in + " NaN where the DQ says no data, pixel " + p);
				if (Float.isNaN(b[p]) && !Float.isNaN(a[p])) blank++;
				// elsewhere the bridged hole changes the cubic spline only slightly
				if (!Float.isNaN(b[p])) assertEquals(a[p], b[p], in == Interpolation.CUBIC ? 3 : 1e-3, in + " pixel " + p);
			}
			// a footprint of taps x taps pixels per NaN pixel, the two overlapping
			assertTrue(blank >= 2 && blank <= (in.taps + 1) * (in.taps + 1), in + ": " + blank + " pixels blanked by 2 NaN pixels");
		}
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		int w = 157, h = 131;
		float[] img = random(w * h, 31, 0, 1000), err = random(w * h, 32, 1, 3);
		int[] dq = new int[w * h];
		for (int p = 0; p < dq.length; p += 97) dq[p] = 8;
		Warp[] warps = { Warp.shift(w, h, 3.3, -7.9), Warp.rotation(w, h, 31, true), Warp.of(w, h, Transform.affine(1.02, 0.05, -3, -0.04, 0.97, 5)) };
		int saved = Parallel.threads();
		try {
			for (Warp warp : warps) {
				for (Interpolation in : Interpolation.values()) {
					Resampler r = Resampler.of(in);
					Parallel.setThreads(1);
					float[] a = r.image(img, warp), ea = r.error(err, warp);
					int[] da = r.dq(dq, img, warp, DqBits.of(8, 1, 2));
					Parallel.setThreads(3);
					assertArrayEquals(a, r.image(img, warp), in + " " + warp);
					assertArrayEquals(ea, r.error(err, warp), in + " error " + warp);
					assertArrayEquals(da, r.dq(dq, img, warp, DqBits.of(8, 1, 2)), in + " dq " + warp);
				}
			}
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void rotationByQuarterTurnsIsExactAndClockwiseAsDisplayed() {
		int w = 5, h = 3;
		float[] img = random(w * h, 41, 0, 10);
		Warp warp = Warp.rotation(w, h, 90, true);
		assertEquals(3, warp.width());
		assertEquals(5, warp.height());
		float[] out = Resampler.of(Interpolation.CUBIC).image(img, warp);
		// clockwise on screen: memory (x, y) -> (h - 1 - y, x)
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) assertEquals(img[y * w + x], out[x * 3 + (h - 1 - y)], 1e-5, x + "," + y);
		assertFalse(Float.isNaN(out[0]));
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed() {
		Resampler r = Resampler.of(Interpolation.BILINEAR);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.image(new float[10], Warp.shift(4, 4, 1, 1)));
		assertTrue(e.getMessage().startsWith("image array of length 10"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> r.error(new float[3], Warp.shift(4, 4, 1, 1)));
		assertTrue(e.getMessage().startsWith("error"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Warp.of(0, 4, Transform.identity()));
		assertThrows(IllegalArgumentException.class, () -> Warp.shift(4, 4, Double.NaN, 0));
		assertThrows(IllegalArgumentException.class, () -> Interpolation.of("bicubic"));
		assertEquals(Interpolation.LANCZOS3, Interpolation.of("Lanczos-3"));
	}
}
