package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.core.stats.Medians;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;

/**
 * Proper coaddition of 10 simulated frames of one field (seeing 2.5-5 px, sky 15-60 e-/s,
 * transparency 0.6-1) with their true PSFs and flux scales: the coadd has unit noise, the faint
 * stars' significance in its score is the theoretical optimum &radic;(&Sigma; S/N_j&sup2;) within 5 %, and at
 * least that of the matched-filtered inverse-variance weighted mean.
 */
class ProperCoaddTest {

	@Test
	void tenFramesReachTheOptimalSignificance() {
		SimulationSettings s = new SimulationSettings();
		s.width = 512;
		s.height = 512;
		s.stars = 250;
		s.seed = 9;
		s.psf = Psf.Kind.GAUSSIAN;
		s.brightest = 400;
		s.faintest = 3;
		FieldEpochs field = new FieldEpochs(s, 0, 0, 0);
		int w = s.width, n = 10;
		List<Epoch> epochs = new ArrayList<>();
		double[] f = new double[n];
		FieldEpochs.Epoch[] es = new FieldEpochs.Epoch[n];
		for (int j = 0; j < n; j++) {
			es[j] = new FieldEpochs.Epoch().fwhm(2.5 + 2.5 * j / (n - 1)).sky(15 + 45 * ((j * 7) % n) / (double) n).transparency(j == 0
				? 1 : 0.6 + 0.4 * ((j * 3) % n) / n).seed(j + 1);
			f[j] = es[j].transparency;
			double[] stamp = field.psf(es[j], 256, 256);
			int size = (int) Math.round(Math.sqrt(stamp.length));
			Epoch.Settings set = new Epoch.Settings();
			set.gain = s.gain;
			epochs.add(Epoch.of("frame " + j, field.frame(es[j]), null, null, w, w, PsfFields.constant(stamp, size, "true"), set,
				Progress.NONE));
		}
		ProperCoadd.Result r = ProperCoadd.run(epochs, f, Progress.NONE);

		// unit noise of R and S away from the stars
		float[] ideal = field.ideal(es[0]);
		double sky0 = es[0].sky * s.exposure / s.gain, noise0 = field.noise(es[0]);
		double[] rv = new double[w * w], sv = new double[w * w];
		int m = 0;
		for (int p = 0; p < ideal.length; p++) {
			int x = p % w, y = p / w;
			if (x < 20 || y < 20 || x >= w - 20 || y >= w - 20 || ideal[p] - sky0 > 1e-4 * noise0) continue;
			rv[m] = r.coadd[p];
			sv[m++] = r.score[p];
		}
		double stdR = std(Arrays.copyOf(rv, m)), stdS = std(Arrays.copyOf(sv, m));
		System.out.printf(Locale.ROOT, "noise R %.4f S %.4f over %d pixels%n", stdR, stdS, m);
		assertTrue(m > 10000, m + " blank pixels");
		assertEquals(1, stdR, 0.05, "coadd noise");
		assertEquals(1, stdS, 0.05, "score noise");

		// the weighted mean and its matched filter, normalised to unit noise
		double[] wt = new double[n];
		double sw = 0;
		for (int j = 0; j < n; j++) sw += wt[j] = f[j] * f[j] / Math.pow(epochs.get(j).sigma(), 2);
		double[] mean = new double[w * w], pm = new double[w * w];
		for (int j = 0; j < n; j++) {
			float[] a = epochs.get(j).subtracted();
			for (int p = 0; p < mean.length; p++) mean[p] += wt[j] / sw * a[p] / f[j];
			double[] st = epochs.get(j).psf().at(256, 256);
			int size = epochs.get(j).psf().size(), c = size / 2;
			for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) pm[Math.floorMod(y - c, w) * w + Math.floorMod(x - c, w)] +=
				wt[j] / sw * st[y * size + x];
		}
		double[] sm = matchedFilter(mean, pm, w);
		for (int p = 0; p < sm.length; p++) sv[p] = sm[p];
		double[] blank = new double[m];
		m = 0;
		for (int p = 0; p < ideal.length; p++) {
			int x = p % w, y = p / w;
			if (x < 20 || y < 20 || x >= w - 20 || y >= w - 20 || ideal[p] - sky0 > 1e-4 * noise0) continue;
			blank[m++] = sm[p];
		}
		double stdM = std(Arrays.copyOf(blank, m));

		// faint isolated stars: significance in the coadd's score, against the optimum and the mean's
		Table st = field.stars();
		double[] ratioOpt = new double[st.rowCount()], ratioMean = new double[st.rowCount()];
		int k = 0;
		for (int i = 0; i < st.rowCount(); i++) {
			double x = st.getDouble(i, "x") - 1, y = w - st.getDouble(i, "y");
			int px = (int) Math.rint(x), py = (int) Math.rint(y);
			if (px < 30 || py < 30 || px >= w - 30 || py >= w - 30 || !isolated(st, i, 15)) continue;
			double flux = st.getDouble(i, "flux") * s.exposure / s.gain;
			double optimum = flux * optimalSignificancePerFlux(epochs, f, w);
			if (optimum > 40 || optimum < 5) continue;
			ratioOpt[k] = peak(r.score, w, px, py) / optimum;
			ratioMean[k++] = peak(r.score, w, px, py) / (peak(sm, w, px, py) / stdM);
		}
		double opt = Medians.median(Arrays.copyOf(ratioOpt, k)), vsMean = Medians.median(Arrays.copyOf(ratioMean, k));
		System.out.printf(Locale.ROOT, "%s; noise R %.4f S %.4f; %d faint stars: S / optimum %.4f, S / mean's %.4f%n", r.summary, stdR,
			stdS, k, opt, vsMean);
		assertTrue(k >= 30, k + " faint stars");
		assertEquals(1, opt, 0.05, "coadd significance / theoretical optimum");
		assertTrue(vsMean >= 1, "coadd significance / weighted mean's " + vsMean);
	}

	private static boolean isolated(Table st, int i, double r) {
		for (int j = 0; j < st.rowCount(); j++) {
			if (j != i && Math.hypot(st.getDouble(j, "x") - st.getDouble(i, "x"), st.getDouble(j, "y") - st.getDouble(i, "y")) < r)
				return false;
		}
		return true;
	}

	/** &radic;(&Sigma;_j F_j&sup2; &Sigma;P_j&sup2; / &sigma;_j&sup2;): the optimal S/N of a unit-flux point source, over pixels. */
	private static double optimalSignificancePerFlux(List<Epoch> epochs, double[] f, int w) {
		double sum = 0;
		for (int j = 0; j < epochs.size(); j++) {
			double p2 = 0;
			for (double v : epochs.get(j).psf().at(256, 256)) p2 += v * v;
			sum += f[j] * f[j] * p2 / Math.pow(epochs.get(j).sigma(), 2);
		}
		return Math.sqrt(sum);
	}

	/** The peak near (x, y) refined by a parabola along each axis. */
	private static double peak(double[] a, int w, int x, int y) {
		int best = y * w + x;
		for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) if (a[(y + j) * w + x + i] > a[best]) best = (y + j) * w + x + i;
		double c = a[best], v = c;
		for (int step : new int[] { 1, w }) {
			double l = a[best - step], r = a[best + step], curv = l - 2 * c + r;
			if (curv < 0) {
				double off = Math.max(-0.5, Math.min(0.5, 0.5 * (l - r) / curv));
				v += 0.25 * (r - l) * off;
			}
		}
		return v;
	}

	private static double peak(float[] a, int w, int x, int y) {
		double[] d = new double[a.length];
		for (int p = 0; p < a.length; p++) d[p] = a[p];
		return peak(d, w, x, y);
	}

	private static double[] matchedFilter(double[] img, double[] psfAt0, int w) {
		DoubleFFT_2D fft = new DoubleFFT_2D(w, w);
		double[] a = new double[2 * w * w], b = new double[2 * w * w];
		for (int p = 0; p < img.length; p++) {
			a[2 * p] = img[p];
			b[2 * p] = psfAt0[p];
		}
		fft.complexForward(a);
		fft.complexForward(b);
		for (int p = 0; p < img.length; p++) {
			double ar = a[2 * p], ai = a[2 * p + 1], br = b[2 * p], bi = b[2 * p + 1];
			a[2 * p] = ar * br + ai * bi;
			a[2 * p + 1] = ai * br - ar * bi;
		}
		fft.complexInverse(a, true);
		double[] out = new double[img.length];
		for (int p = 0; p < out.length; p++) out[p] = a[2 * p];
		return out;
	}

	private static double std(double[] v) {
		double s = 0, s2 = 0;
		for (double x : v) {
			s += x;
			s2 += x * x;
		}
		return Math.sqrt(s2 / v.length - Math.pow(s / v.length, 2));
	}
}
