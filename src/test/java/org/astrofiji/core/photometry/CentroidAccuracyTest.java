package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/**
 * Which centroid the photometry commands use by default: each method started 0.78 px from the truth
 * of simulated stars (Moffat beta 2.5 as the night simulator draws them, and Gaussian; FWHM 3 px, the
 * commands' default fwhm and aperture r = 5), over 20 noise realisations, from S/N ~8 to ~1000. The
 * windowed centroid (SExtractor's XWIN) is within 5 % (or 0.001 px on bright stars) of the most
 * accurate method at every brightness and never fails: the Gaussian fit is 1-3 % better on faint stars
 * (0.141 against 0.143 px at S/N ~20 on Moffat stars) for an iterative least-squares fit per star;
 * the centre of mass is 1.5-1.8 times worse on faint stars (it carries the noise of its whole window).
 */
class CentroidAccuracyTest {

	static final double[] COUNTS = { 600, 1500, 5000, 20000, 100000 };
	static final int REALISATIONS = 20, PER_ROW = 6;

	@Test
	void windowedIsTheMostAccurateDefault() {
		for (Psf.Kind kind : new Psf.Kind[] { Psf.Kind.MOFFAT, Psf.Kind.GAUSSIAN }) {
			Map<Centroids.Method, double[]> rms = new EnumMap<>(Centroids.Method.class);
			Map<Centroids.Method, Integer> failed = new EnumMap<>(Centroids.Method.class);
			for (Centroids.Method c : Centroids.Method.values()) {
				if (c == Centroids.Method.NONE) continue;
				double[] se = new double[COUNTS.length];
				int fails = 0;
				for (int i = 0; i < REALISATIONS; i++) {
					StarFrame f = new StarFrame(PER_ROW * 40, COUNTS.length * 40, new Psf(kind, 3, 0, 0), 200, 2, 6, 300 + i);
					List<Target> targets = new ArrayList<>();
					List<double[]> truth = new ArrayList<>();
					for (int k = 0; k < COUNTS.length; k++) {
						for (int j = 0; j < PER_ROW; j++) {
							double x = 20.5 + 40 * j + 0.13 * j + 0.07 * i, y = 20.5 + 40 * k - 0.09 * j + 0.05 * i;
							f.star(x, y, COUNTS[k]);
							truth.add(new double[] { x, y, k });
							targets.add(Target.at(k + "_" + j, x + 0.6, y - 0.5));
						}
					}
					PhotometrySettings s = new PhotometrySettings();
					s.centroid = c;
					s.gain = 2;
					s.readNoise = 6;
					List<Measurement> ms = AperturePhotometry.measure(Pixels.of(f.render(i, 0, 0, 0), f.width, f.height), targets, s,
						Progress.NONE).measurements();
					for (int t = 0; t < ms.size(); t++) {
						Measurement m = ms.get(t);
						if ((m.flags & Measurement.CENTROID) != 0) {
							fails++;
							continue;
						}
						double[] tr = truth.get(t);
						se[(int) tr[2]] += (Math.pow(m.x - tr[0], 2) + Math.pow(m.y - tr[1], 2)) / (REALISATIONS * PER_ROW);
					}
				}
				for (int k = 0; k < se.length; k++) se[k] = Math.sqrt(se[k]);
				rms.put(c, se);
				failed.put(c, fails);
				StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s %-14s failed %3d, rms error (px) by counts:", kind, c,
					fails));
				for (int k = 0; k < se.length; k++) sb.append(String.format(Locale.ROOT, " %.0f: %.4f", COUNTS[k], se[k]));
				System.out.println(sb);
			}
			double[] windowed = rms.get(Centroids.Method.WINDOWED), com = rms.get(Centroids.Method.CENTER_OF_MASS);
			assertTrue(failed.get(Centroids.Method.WINDOWED) == 0, kind + ": the windowed centroid never fails");
			for (int k = 0; k < COUNTS.length; k++) {
				for (Centroids.Method c : rms.keySet()) assertTrue(windowed[k] <= 1.05 * rms.get(c)[k] + 0.001, kind + ": windowed " + windowed[k] +
					" px vs " + c + " " + rms.get(c)[k] + " px at " + COUNTS[k] + " counts");
			}
			// on faint stars the centre of mass carries the noise of its whole window
			assertTrue(com[0] > 1.5 * windowed[0] && com[1] > 1.5 * windowed[1], kind + ": centre of mass " + com[0] + ", " + com[1]);
		}
	}
}
