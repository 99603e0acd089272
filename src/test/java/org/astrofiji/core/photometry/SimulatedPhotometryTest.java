package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/**
 * Photometry against the simulator's truth: Gaussian stars (FWHM 3 px) of known counts on a flat sky
 * with Poisson and read noise (gain 2 e-/ADU, read noise 6 e-, sky 150 ADU).
 */
class SimulatedPhotometryTest {

	static final double FWHM = 3, GAIN = 2, READ_NOISE = 6, SKY = 150;
	/** Counts (ADU) of the stars on a 4 x 3 grid, faint (sky-limited) to bright (source-limited). */
	static final double[] COUNTS = { 4e3, 8e3, 1.5e4, 3e4, 6e4, 1e5, 2e5, 4e5, 8e5, 1.5e6, 3e6, 6e6 };

	static StarFrame field(long seed) {
		StarFrame f = new StarFrame(320, 240, new Psf(Psf.Kind.GAUSSIAN, FWHM, 0, 0), SKY, GAIN, READ_NOISE, seed);
		for (int k = 0; k < COUNTS.length; k++) f.star(40.3 + 75 * (k % 4) + 0.17 * k, 45.8 + 70 * (k / 4) - 0.11 * k, COUNTS[k]);
		return f;
	}

	static List<Target> targets(boolean offset) {
		List<Target> t = new ArrayList<>();
		// the true positions, or 0.8 px away for the centroids to find
		for (int k = 0; k < COUNTS.length; k++) t.add(Target.at("s" + k, 40.3 + 75 * (k % 4) + 0.17 * k + (offset ? 0.6 : 0),
			45.8 + 70 * (k / 4) - 0.11 * k + (offset ? -0.5 : 0)));
		return t;
	}

	static PhotometrySettings settings() {
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(3 * FWHM));
		s.annulus = Aperture.annulus(5 * FWHM, 8 * FWHM);
		s.gain = GAIN;
		s.readNoise = READ_NOISE;
		return s;
	}

	@Test
	void netFluxRecoversTheTruthWithinOnePercent() {
		StarFrame f = field(1);
		Pixels px = Pixels.of(f.render(0, 0, 0, 0), f.width, f.height);
		for (Centroids.Method c : Centroids.Method.values()) {
			PhotometrySettings s = settings();
			s.centroid = c;
			s.centroidRadius = 2 * FWHM;
			List<Measurement> ms = AperturePhotometry.measure(px, targets(c != Centroids.Method.NONE), s, Progress.NONE)
				.measurements();
			int bright = 0;
			double worst = 0;
			for (int k = 0; k < COUNTS.length; k++) {
				Measurement m = ms.get(k);
				// the faintest stars (S/N 20-100) are held to 5 sigma
				double tol = m.snr[0] > 100 ? 0.01 * COUNTS[k] : 5 * m.fluxError[0];
				if (m.snr[0] > 100) {
					bright++;
					worst = Math.max(worst, Math.abs(m.flux[0] / COUNTS[k] - 1));
				}
				assertEquals(COUNTS[k], m.flux[0], tol, c + " star " + k + " S/N " + m.snr[0]);
				assertEquals(SKY, m.sky, 1.5, "sky (its median has sigma 0.3 ADU)");
				assertEquals(0, m.flags, Measurement.describe(m.flags));
				if (c == Centroids.Method.NONE) continue;
				// centring: the true position to a small fraction of a pixel from 0.8 px away
				Target truth = targets(false).get(k);
				double err = Math.hypot(m.x - truth.x, m.y - truth.y);
				assertTrue(err < (k < 3 ? 0.2 : 0.03), c + " star " + k + " centred " + err + " px off");
				assertEquals(Math.hypot(0.6, 0.5), m.shift, 0.1);
			}
			assertEquals(9, bright, "stars with S/N > 100");
			System.out.printf("centroid %s: worst relative flux error at S/N > 100: %.5f%n", c, worst);
		}
	}

	/**
	 * Over 50 noise realisations the scatter of each star's net flux equals its reported error: the
	 * pooled ratio within 10 % (from 12 stars x 49 degrees of freedom it is known to about 3 %), and
	 * each star's within 30 %. With the CCD equation (no ERR) and with an ERR image.
	 */
	@Test
	void reportedErrorsMatchTheScatterOver50Realisations() {
		int n = 50;
		for (boolean withErr : new boolean[] { false, true }) {
			double[][] flux = new double[COUNTS.length][n];
			double[] reported = new double[COUNTS.length];
			for (int i = 0; i < n; i++) {
				StarFrame f = field(100 + i);
				Pixels px = Pixels.of(f.render(i, 0, 0, 0), f.width, f.height);
				if (withErr) px = px.withErr(f.error(0, 0, 0));
				List<Measurement> ms = AperturePhotometry.measure(px, targets(false), settings(), Progress.NONE).measurements();
				for (int k = 0; k < COUNTS.length; k++) {
					flux[k][i] = ms.get(k).flux[0];
					reported[k] += ms.get(k).fluxError[0] / n;
				}
			}
			double chi2 = 0;
			for (int k = 0; k < COUNTS.length; k++) {
				double mean = 0, var = 0;
				for (double v : flux[k]) mean += v / n;
				for (double v : flux[k]) var += (v - mean) * (v - mean) / (n - 1);
				double ratio = Math.sqrt(var) / reported[k];
				assertEquals(1, ratio, 0.3, (withErr ? "ERR" : "CCD equation") + " star " + k + " scatter / error");
				chi2 += var / (reported[k] * reported[k]);
			}
			double pooled = Math.sqrt(chi2 / COUNTS.length);
			System.out.printf("%s: pooled scatter / reported error = %.4f%n", withErr ? "ERR" : "CCD equation", pooled);
			assertEquals(1, pooled, 0.1, (withErr ? "ERR" : "CCD equation") + ": pooled scatter / reported error");
		}
	}
}
