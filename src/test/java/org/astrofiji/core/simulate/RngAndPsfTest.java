package org.astrofiji.core.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astrofiji.testutil.Normal;
import org.junit.jupiter.api.Test;

/** The simulator's random deviates and PSF rendering against their textbook properties. */
class RngAndPsfTest {

	@Test
	void poissonMeanAndVarianceForSmallAndLargeMeans() {
		for (double lambda : new double[] { 0.3, 3, 9.9, 10.1, 40, 1200, 5e5 }) {
			Rng rng = Rng.of(7, 1, (long) (lambda * 10));
			int n = 200_000;
			double s = 0, s2 = 0;
			for (int i = 0; i < n; i++) {
				long k = rng.poisson(lambda);
				s += k;
				s2 += (double) k * k;
			}
			double mean = s / n, var = s2 / n - mean * mean;
			// the mean of n draws scatters by sqrt(lambda/n); allow 5 of those
			assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean for lambda " + lambda);
			assertEquals(lambda, var, 0.02 * lambda + 5 * lambda * Math.sqrt(2.0 / n), "variance for lambda " + lambda);
		}
	}

	@Test
	void poissonProbabilitiesMatchTheDistribution() {
		// P(k) for lambda = 25 (PTRS branch) against exp(-l) l^k / k!
		double lambda = 25;
		int n = 400_000;
		int[] hist = new int[80];
		Rng rng = Rng.of(3, 3, 3);
		for (int i = 0; i < n; i++) hist[(int) Math.min(79, rng.poisson(lambda))]++;
		for (int k = 15; k <= 35; k++) {
			double p = Math.exp(-lambda + k * Math.log(lambda) - Rng.logFactorial(k));
			assertEquals(p, hist[k] / (double) n, 5 * Math.sqrt(p / n), "P(" + k + ")");
		}
	}

	@Test
	void logFactorialIsExactAcrossTheStirlingSwitch() {
		double exact = 0;
		for (int k = 1; k <= 40; k++) {
			exact += Math.log(k);
			assertEquals(exact, Rng.logFactorial(k), 1e-10 * Math.max(1, exact), "ln " + k + "!");
		}
	}

	@Test
	void gaussianMoments() {
		Rng rng = Rng.of(11, 0, 0);
		int n = 400_000;
		double s = 0, s2 = 0, s4 = 0;
		for (int i = 0; i < n; i++) {
			double g = rng.gaussian();
			s += g;
			s2 += g * g;
			s4 += g * g * g * g;
		}
		assertEquals(0, s / n, 0.01);
		assertEquals(1, s2 / n, 0.01);
		assertEquals(3, s4 / n, 0.05, "kurtosis of a normal distribution");
	}

	@Test
	void streamsAreReproducibleAndDistinct() {
		assertEquals(Rng.of(1, 2, 3).uniform(), Rng.of(1, 2, 3).uniform());
		assertTrue(Rng.of(1, 2, 3).uniform() != Rng.of(1, 2, 4).uniform());
		assertTrue(Rng.of(1, 2, 3).uniform() != Rng.of(2, 2, 3).uniform());
	}

	@Test
	void psfStampsSumToOneAndHaveTheirFwhmAndCentre() {
		for (Psf.Kind kind : Psf.Kind.values()) {
			Psf psf = new Psf(kind, 4.0, 0, 0);
			double[] st = psf.stamp(0.3, -0.2);
			int size = (int) Math.round(Math.sqrt(st.length)), r = size / 2;
			double sum = 0, sx = 0, sy = 0;
			for (int j = 0; j < size; j++) {
				for (int i = 0; i < size; i++) {
					double v = st[j * size + i];
					sum += v;
					sx += v * (i - r);
					sy += v * (j - r);
				}
			}
			assertEquals(1, sum, 1e-12, kind + " stamp sum");
			// the centroid of a symmetric profile is its centre (Moffat wings are cut at 99.9 %)
			assertEquals(0.3, sx, kind == Psf.Kind.GAUSSIAN ? 1e-4 : 0.01, kind + " centroid x");
			assertEquals(-0.2, sy, kind == Psf.Kind.GAUSSIAN ? 1e-4 : 0.01, kind + " centroid y");
			// half maximum of the profile at fwhm/2 from the centre
			double peak = psf.value(0, 0);
			assertEquals(0.5 * peak, psf.value(2.0, 0), 1e-9 * peak, kind + " half maximum at fwhm/2");
			assertEquals(0.5 * peak, psf.value(0, -2.0), 1e-9 * peak, kind + " round");
		}
	}

	@Test
	void renderingKeepsEachStarsStampPeak() {
		// the peaks the truth table's saturation flags are made from: the largest value of each star's own stamp,
		// where the PSF varies over the field; the image is the same with and without them
		SimulationSettings s = new SimulationSettings();
		s.width = 300;
		s.height = 200;
		s.stars = 40;
		PsfModel psfs = new PsfModel(Psf.Kind.MOFFAT, 3.5, true, s.width, s.height);
		java.util.List<Star> stars = StarField.stars(s);
		float[] with = new float[s.width * s.height], without = new float[s.width * s.height];
		double[] peaks = new double[stars.size()];
		StarField.render(stars, "V", 1, false, psfs, with, s.width, s.height, peaks);
		StarField.render(stars, "V", 1, false, psfs, without, s.width, s.height, null);
		assertTrue(java.util.Arrays.equals(with, without));
		for (int i = 0; i < stars.size(); i++) {
			Star st = stars.get(i);
			double[] stamp = psfs.at(st.x, st.y).stamp(st.x - Math.rint(st.x), st.y - Math.rint(st.y));
			assertEquals(java.util.Arrays.stream(stamp).max().getAsDouble(), peaks[i], 0.0);
			assertTrue(peaks[i] > 0.01 && peaks[i] < 0.2, "a 3.5-5 px FWHM star puts a few % of its light in one pixel: " + peaks[i]);
		}
	}

	@Test
	void pixelIntegrationMatchesTheExactGaussianIntegral() {
		// a round Gaussian integrates over a pixel to a product of error-function differences
		Psf psf = new Psf(Psf.Kind.GAUSSIAN, 2.5, 0, 0);
		double sigma = 2.5 / (2 * Math.sqrt(2 * Math.log(2)));
		for (double[] p : new double[][] { { 0, 0 }, { 1.3, -0.4 }, { 3, 2 } }) {
			double exact = Normal.pixel(p[0], sigma) * Normal.pixel(p[1], sigma);
			assertEquals(exact, psf.pixel(p[0], p[1]), 1e-5 * exact, "pixel at " + p[0] + "," + p[1]);
		}
	}

	@Test
	void pixelIntegrationOfMoffatMatchesFineSampling() {
		Psf psf = new Psf(Psf.Kind.MOFFAT, 2.2, 0.15, 0.4);
		for (double[] p : new double[][] { { 0, 0 }, { 0.7, -1.2 }, { 4, 3 }, { 9, -7 } }) {
			double fine = 0;
			int n = 200;
			for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) fine += psf.value(p[0] - 0.5 + (i + 0.5) / n, p[1] - 0.5 + (j + 0.5) / n);
			fine /= n * n;
			assertEquals(fine, psf.pixel(p[0], p[1]), 2e-4 * fine, "Moffat pixel at " + p[0] + "," + p[1]);
		}
	}

	@Test
	void ellipticalPsfHasItsAxesAndAngle() {
		Psf psf = new Psf(Psf.Kind.GAUSSIAN, 4, 0.25, Math.toRadians(30));
		double peak = psf.value(0, 0), c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
		assertEquals(0.5 * peak, psf.value(2 * c, 2 * s), 1e-9 * peak, "major axis: half maximum at fwhm/2");
		assertEquals(0.5 * peak, psf.value(-1.5 * s, 1.5 * c), 1e-9 * peak, "minor axis: (1 - e) fwhm/2");
	}
}
