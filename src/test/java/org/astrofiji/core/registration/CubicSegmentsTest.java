package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.astrofiji.core.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The float segments of the cubic sampling ({@link CubicSegments}, maps close to a shift) against the
 * B-spline evaluated here in double, tap by tap, over the whole output: equal to float rounding of the
 * terms, the same fill pixels; cubic polynomials reproduced; the same result for any thread count.
 */
class CubicSegmentsTest {

	/** The bench's registration, a small rotation the other way with a scale, a slightly sheared map. */
	private static final Transform[] NEAR = { Transform.similarity(1.0005, 0.35, 12.3, -7.6), Transform.similarity(0.998, -1.2,
		-3.4, 5.1), Transform.affine(1.01, 0.02, 2.5, -0.025, 0.995, -1.5) };

	@Test
	void segmentsRunForMapsCloseToAShiftOnly() {
		for (Transform t : NEAR) assertTrue(CubicSegments.suits(Warp.of(300, 200, t).outputToSourceMemory()), t.toString());
		assertFalse(CubicSegments.suits(Warp.of(300, 200, Transform.similarity(1, 5, 0, 0)).outputToSourceMemory()), "5 deg");
		assertFalse(CubicSegments.suits(Warp.of(300, 200, Transform.similarity(1.05, 0, 0, 0)).outputToSourceMemory()), "scale 1.05");
	}

	@Test
	void floatSegmentsEqualTheSplineInDouble() {
		int w = 301, h = 203;
		float[] img = starField(w, h);
		float[] c = SplinePrefilter.coefficients(img, w, h);
		double[] wx = new double[4], wy = new double[4];
		for (Transform t : NEAR) {
			Warp warp = Warp.of(w, h, t);
			double[] m = warp.outputToSourceMemory();
			float[] out = Resampler.of(Interpolation.CUBIC).image(img, warp);
			int values = 0;
			double worst = 0;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double sx = m[0] * x + m[1] * y + m[2], sy = m[3] * x + m[4] * y + m[5];
					float ours = out[y * w + x];
					if (!(sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1)) {
						assertTrue(Float.isNaN(ours), t + ": fill at " + x + "," + y);
						continue;
					}
					int ix = Kernels.weights(Interpolation.CUBIC, sx, wx), iy = Kernels.weights(Interpolation.CUBIC, sy, wy);
					double sum = 0, terms = 0;
					for (int j = 0; j < 4; j++) {
						for (int i = 0; i < 4; i++) {
							double term = wy[j] * wx[i] * c[Kernels.mirror(iy + j, h) * w + Kernels.mirror(ix + i, w)];
							sum += term;
							terms += Math.abs(term);
						}
					}
					double err = Math.abs(ours - sum) / terms;
					worst = Math.max(worst, err);
					assertTrue(err <= 1e-6, t + " at " + x + "," + y + ": " + ours + " vs " + sum + " (" + err + " of the terms)");
					values++;
				}
			}
			assertTrue(values > w * h * 8 / 10, values + " values compared");
			System.out.printf("%s: %d pixels within %.2e of the sum of |terms| of the double spline%n", t, values, worst);
		}
	}

	@Test
	void cubicPolynomialsAreReproduced() {
		int w = 160, h = 120;
		float[] img = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = (float) poly(x, y);
		for (Transform t : NEAR) {
			Warp warp = Warp.of(w, h, t);
			double[] m = warp.outputToSourceMemory();
			float[] out = Resampler.of(Interpolation.CUBIC).image(img, warp);
			int interior = 0;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double sx = m[0] * x + m[1] * y + m[2], sy = m[3] * x + m[4] * y + m[5];
					// the mirror boundary breaks the polynomial near the edge (decaying as 0.268^distance)
					if (sx < 16 || sy < 16 || sx > w - 17 || sy > h - 17) continue;
					interior++;
					assertEquals(poly(sx, sy), out[y * w + x], 2e-4, t + " at " + x + "," + y);
				}
			}
			assertTrue(interior > 8000, interior + " interior pixels");
		}
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		int w = 257, h = 181;
		float[] img = starField(w, h);
		int saved = Parallel.threads();
		try {
			for (Transform t : NEAR) {
				Warp warp = Warp.of(w, h, t);
				Resampler r = Resampler.of(Interpolation.CUBIC).conserveFlux(true);
				Parallel.setThreads(1);
				float[] one = r.image(img, warp);
				Parallel.setThreads(3);
				assertArrayEquals(one, r.image(img, warp), t.toString());
			}
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	private static double poly(double x, double y) {
		double u = x / 10, v = y / 10;
		return 50 + 3 * u - 2 * v + 0.5 * u * u - 0.3 * u * v + 0.05 * u * u * u - 0.02 * v * v * v;
	}

	/** Sky 200 with uniform noise (+-20) and 40 Gaussian stars (sigma 1.3 px, peaks 100 to 20000): sharp features and large coefficients. */
	private static float[] starField(int w, int h) {
		SplittableRandom r = new SplittableRandom(5);
		float[] img = new float[w * h];
		for (int p = 0; p < img.length; p++) img[p] = (float) r.nextDouble(180, 220);
		for (int k = 0; k < 40; k++) {
			double cx = r.nextDouble(0, w), cy = r.nextDouble(0, h), peak = Math.exp(r.nextDouble(Math.log(100), Math.log(20000)));
			for (int y = Math.max(0, (int) cy - 8); y < Math.min(h, (int) cy + 9); y++) {
				for (int x = Math.max(0, (int) cx - 8); x < Math.min(w, (int) cx + 9); x++) {
					double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
					img[y * w + x] += (float) (peak * Math.exp(-d2 / (2 * 1.3 * 1.3)));
				}
			}
		}
		return img;
	}
}
