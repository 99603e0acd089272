package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Star profile fits against the Python reference tools on the ESO 085-030 frame (expected values from
 * src/test/oracle/psf_expected.py): the seed's 1-D strip fit equals scipy.optimize.leastsq, and the
 * 2-D Gaussian and Moffat fits land on astropy LevMarLSQFitter's minima.
 */
class ProfileFitOracleTest {

	static FitsImage eso004() throws Exception {
		return FitsReader.read(SharedData.file("eso085-030-two-epochs/aligned_eso085-030-004.fit"), null);
	}

	static double d(Map<String, String> r, String c) {
		return Double.parseDouble(r.get(c));
	}

	@Test
	void stripFitEqualsScipyLeastsq() throws Exception {
		FitsImage img = eso004();
		for (Map<String, String> r : SharedData.csv("/expected/psf/strip_eso004.csv")) {
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			double[] strip = StripFit.seedStrip(img.data(), img.width(), img.height(), row, col, 10);
			String[] values = r.get("values").split(" ");
			assertEquals(values.length, strip.length);
			for (int i = 0; i < strip.length; i++) assertEquals(Double.parseDouble(values[i]), strip[i], 0, "strip value " + i);
			StripFit f = StripFit.fit(strip);
			System.out.printf("strip row %d col %d: amplitude %.10g (scipy %s), mean %.10g (%s), sigma %.10g (%s)%n", row, col,
				f.amplitude, r.get("amplitude"), f.mean, r.get("mean"), f.sigma, r.get("sigma"));
			assertEquals(d(r, "amplitude"), f.amplitude, 1e-6 * Math.abs(d(r, "amplitude")));
			assertEquals(d(r, "mean"), f.mean, 1e-6 * Math.abs(d(r, "mean")));
			assertEquals(d(r, "sigma"), f.sigma, 1e-6 * Math.abs(d(r, "sigma")));
		}
	}

	@Test
	void gaussianFitsMatchAstropy() throws Exception {
		compare("gaussian", StarProfile.GAUSSIAN, true);
	}

	@Test
	void moffatFitsMatchAstropy() throws Exception {
		// astropy's Moffat2D is circular
		compare("moffat", StarProfile.MOFFAT, false);
	}

	/**
	 * Sum of squared residuals over the oracle's 15x15 box of our fit (FITS parameters converted to
	 * numpy's 0-based frame) or of astropy's.
	 */
	static double rss(FitsImage img, Map<String, String> r, ProfileFit f, StarProfile profile, boolean ours) {
		int w = img.width(), h = img.height();
		int ix = (int) Math.rint(d(r, "x0")), iy = (int) Math.rint(d(r, "y0"));
		double ss = 0;
		for (int row = iy - 7; row <= iy + 7; row++) {
			for (int col = ix - 7; col <= ix + 7; col++) {
				double v = img.data()[org.astrofiji.core.Coordinates.memoryRow(row, h) * w + col], m;
				if (ours) {
					double dx = col - (f.x - 1), dy = row - (f.y - 1), th = Math.toRadians(f.angle);
					double u = dx * Math.cos(th) + dy * Math.sin(th), t = -dx * Math.sin(th) + dy * Math.cos(th);
					if (Double.isNaN(th)) {
						u = Math.hypot(dx, dy);
						t = 0;
					}
					if (profile == StarProfile.GAUSSIAN) {
						double sa = f.fwhmMajor / 2.3548200450309493, sb = f.fwhmMinor / 2.3548200450309493;
						m = f.amplitude * Math.exp(-0.5 * (u * u / (sa * sa) + t * t / (sb * sb))) + f.background;
					}
					else {
						double g = f.fwhmMajor / (2 * Math.sqrt(Math.pow(2, 1 / f.beta) - 1));
						m = f.amplitude * Math.pow(1 + (u * u + t * t) / (g * g), -f.beta) + f.background;
					}
				}
				else {
					double dx = col - d(r, "x"), dy = row - d(r, "y");
					if (profile == StarProfile.GAUSSIAN) {
						double th = d(r, "theta"), sx = d(r, "x_stddev"), sy = d(r, "y_stddev");
						double u = dx * Math.cos(th) + dy * Math.sin(th), t = -dx * Math.sin(th) + dy * Math.cos(th);
						m = d(r, "amplitude") * Math.exp(-0.5 * (u * u / (sx * sx) + t * t / (sy * sy))) + d(r, "background");
					}
					else {
						double g = d(r, "gamma");
						m = d(r, "amplitude") * Math.pow(1 + (dx * dx + dy * dy) / (g * g), -d(r, "alpha")) + d(r, "background");
					}
				}
				ss += (v - m) * (v - m);
			}
		}
		return ss;
	}

	static void compare(String name, StarProfile profile, boolean elliptical) throws Exception {
		FitsImage img = eso004();
		List<Map<String, String>> rows = SharedData.csv("/expected/psf/fit_eso004_" + name + ".csv");
		double[] x = new double[rows.size()], y = new double[rows.size()];
		for (int i = 0; i < x.length; i++) {
			// oracle positions are 0-based numpy (x = column, y = row): FITS = + 1
			x[i] = d(rows.get(i), "x0") + 1;
			y[i] = d(rows.get(i), "y0") + 1;
		}
		StarFitter.Settings s = new StarFitter.Settings(profile, elliptical);
		s.box = 15;
		ProfileFit[] fits = StarFitter.fit(img.data(), null, img.width(), img.height(), x, y, s);
		double worstPos = 0, worstFwhm = 0, worstAmp = 0, worstBack = 0, worstBeta = 0, worstRss = 0;
		for (int i = 0; i < fits.length; i++) {
			Map<String, String> r = rows.get(i);
			ProfileFit f = fits[i];
			assertTrue(f.ok(), f.toString());
			double ours = rss(img, r, f, profile, true), theirs = rss(img, r, f, profile, false);
			// astropy stops a little early (acc = 1e-7): our minimum is never worse
			assertTrue(ours <= theirs * (1 + 1e-12), "star " + i + ": sum of squares " + ours + " vs astropy's " + theirs);
			worstRss = Math.max(worstRss, 1 - ours / theirs);
			worstPos = Math.max(worstPos, Math.max(Math.abs(f.x - 1 - d(r, "x")), Math.abs(f.y - 1 - d(r, "y"))));
			worstFwhm = Math.max(worstFwhm, Math.max(Math.abs(f.fwhmMajor / d(r, "fwhm_major") - 1), Math.abs(f.fwhmMinor /
				d(r, "fwhm_minor") - 1)));
			worstAmp = Math.max(worstAmp, Math.abs(f.amplitude / d(r, "amplitude") - 1));
			worstBack = Math.max(worstBack, Math.abs(f.background / d(r, "background") - 1));
			if (profile == StarProfile.MOFFAT) worstBeta = Math.max(worstBeta, Math.abs(f.beta / d(r, "alpha") - 1));
			else if (f.fwhmMajor / f.fwhmMinor > 1.05) {
				// astropy's theta (radians, numpy y = FITS y) is that of the x_stddev axis
				double th = Math.toDegrees(d(r, "theta")) + (d(r, "x_stddev") < d(r, "y_stddev") ? 90 : 0);
				assertEquals(0, StarFitter.wrapAngle(f.angle - th), 0.05, "angle of star " + i);
			}
		}
		System.out.printf("%s vs astropy on %d ESO stars: centres within %.2g px, FWHM within %.2g, amplitude %.2g, background %.2g, " +
			"beta %.2g (relative); our sum of squares lower by up to %.2g%n", name, fits.length, worstPos, worstFwhm, worstAmp,
			worstBack, worstBeta, worstRss);
		double tol = profile == StarProfile.GAUSSIAN ? 1e-4 : 5e-3;
		assertTrue(worstPos < 10 * tol, "centres " + worstPos);
		assertTrue(worstFwhm < tol, "FWHM " + worstFwhm);
		assertTrue(worstAmp < tol, "amplitude " + worstAmp);
		assertTrue(worstBack < tol, "background " + worstBack);
		assertTrue(worstBeta < 5 * tol, "beta " + worstBeta);
	}
}
