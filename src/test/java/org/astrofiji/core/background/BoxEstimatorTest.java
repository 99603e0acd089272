package org.astrofiji.core.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The histogram mode estimate with prefix sums and one binary search per round ({@link HistogramMode}) equals
 * SExtractor's literal back_guess loop, given the dense histogram or only the non-empty bins.
 */
class BoxEstimatorTest {

	/** SExtractor/SEP back_guess as written there: the two-ended walk over the bins in every round. */
	static float[] reference(int[] histo, int nlevels, float boxMean, float qzero, float qscale) {
		int nlevelsm1 = nlevels - 1, lcut = 0, hcut = nlevelsm1;
		double sig = 10.0 * nlevelsm1, sig1 = 1.0, mea = boxMean, med = boxMean;
		for (int n = 100; n-- != 0 && sig >= 0.1 && Math.abs(sig / sig1 - 1.0) > 1e-4;) {
			sig1 = sig;
			long sum = 0, lowsum = 0, highsum = 0;
			mea = sig = 0.0;
			int hilow = lcut, hihigh = hcut;
			for (int i = lcut; i <= hcut; i++) {
				if (lowsum < highsum) lowsum += histo[hilow++];
				else highsum += histo[hihigh--];
				int pix = histo[i];
				sum += pix;
				double dpix = (double) pix * i;
				mea += dpix;
				sig += dpix * i;
			}
			med = hihigh >= 0 ? hihigh + 0.5 + ((double) highsum - lowsum) / (2.0 * Math.max(histo[hilow], histo[hihigh])) : 0.0;
			if (sum != 0) {
				mea /= sum;
				sig = sig / sum - mea * mea;
			}
			sig = sig > 0.0 ? Math.sqrt(sig) : 0.0;
			double t = med - 3.0 * sig;
			lcut = t > 0.0 ? (int) (t + 0.5) : 0;
			t = med + 3.0 * sig;
			hcut = t < nlevelsm1 ? (int) (t > 0.0 ? t + 0.5 : t - 0.5) : nlevelsm1;
		}
		double mode = Math.abs(sig) > 0.0 ? (Math.abs((mea - med) / sig) < 0.3 ? qzero + (2.5 * med - 1.5 * mea) * qscale
			: qzero + med * qscale) : qzero + mea * qscale;
		return new float[] { (float) mode, (float) (sig * qscale) };
	}

	@Test
	void prefixSumGuessEqualsTheLiteralLoop() {
		Random rng = new Random(42);
		HistogramMode dense = new HistogramMode(), sparse = new HistogramMode();
		int cases = 0, distinctModes = 0;
		for (int trial = 0; trial < 20000; trial++) {
			int nlevels = 1 + rng.nextInt(trial % 10 == 0 ? 6 : 4096);
			int[] h = new int[nlevels];
			int kind = trial % 5, npix = 1 + rng.nextInt(5000);
			double centre = nlevels * (0.3 + 0.4 * rng.nextDouble()), width = Math.max(0.5, nlevels * 0.1 * rng.nextDouble());
			for (int k = 0; k < npix; k++) {
				int bin;
				if (kind == 0) bin = rng.nextInt(nlevels); // flat
				else if (kind == 1) bin = (int) Math.round(centre + width * rng.nextGaussian()); // Gaussian
				else if (kind == 2) bin = (int) Math.round(centre + width * (rng.nextDouble() < 0.8 ? rng.nextGaussian() : 5 * Math.abs(rng.nextGaussian()))); // skewed
				else if (kind == 3) bin = (int) centre + (rng.nextBoolean() ? 0 : 3); // two spikes, ties
				else bin = rng.nextInt(Math.max(1, nlevels / 50)) * 50; // sparse, many empty bins
				if (bin >= 0 && bin < nlevels) h[bin]++;
			}
			if (trial % 50 == 1) for (int k = 0; k < nlevels; k++) h[k] *= 400; // boxes of up to 2 million pixels
			float boxMean = (float) (100 * rng.nextDouble()), qzero = (float) (1000 * rng.nextDouble()), qscale = (float) (0.01 + rng.nextDouble());
			float[] ref = reference(h, nlevels, boxMean, qzero, qscale);
			int[] stale = java.util.Arrays.copyOf(h, nlevels + rng.nextInt(100)); // the bins beyond nlevels hold an earlier box's counts
			for (int k = nlevels; k < stale.length; k++) stale[k] = rng.nextInt(50);
			dense.estimate(stale, nlevels, boxMean, qzero, qscale);
			sparse.clear();
			for (int k = 0; k < nlevels; k++) if (h[k] != 0) sparse.add(k, h[k]);
			sparse.estimate(nlevels, boxMean, qzero, qscale);
			for (HistogramMode m : new HistogramMode[] { dense, sparse }) {
				float[] out = { m.back, m.sigma };
				assertEquals(Float.floatToIntBits(ref[0]), Float.floatToIntBits(out[0]), "trial " + trial + " mode " + ref[0] + " vs " + out[0]);
				assertEquals(Float.floatToIntBits(ref[1]), Float.floatToIntBits(out[1]), "trial " + trial + " sigma");
			}
			cases++;
			if (ref[0] != qzero) distinctModes++;
		}
		assertTrue(cases == 20000 && distinctModes > 15000);
	}

	/**
	 * Integer-valued boxes: the exact pass gives what SEP's three passes with double sums give, to the
	 * bit (sky levels from negative to 60000, noise from 0 to 300, stars up to 65535, sky jumps the
	 * value window does not expect, values at the exactness limit, tiny and odd boxes); boxes with a
	 * fraction, a NaN, an infinity or a value beyond the limit are refused.
	 */
	@Test
	void integerBoxesEqualSepsPasses() {
		Random rng = new Random(11);
		int exact = 0, refused = 0;
		for (int trial = 0; trial < 300; trial++) {
			int bw = 1 + rng.nextInt(trial % 3 == 0 ? 8 : 90), bh = 1 + rng.nextInt(trial % 3 == 0 ? 8 : 90);
			int nbx = 1 + rng.nextInt(4), nby = 1 + rng.nextInt(3), w = nbx * bw, h = nby * bh;
			int kind = trial % 6;
			float[] img = new float[w * h];
			double level = -500 + 60500 * rng.nextDouble(), noise = kind == 2 ? 0 : 300 * Math.pow(rng.nextDouble(), 2);
			long limit = BoxEstimator.exactLimit(bw * bh);
			for (int i = 0; i < img.length; i++) {
				double v = level + noise * rng.nextGaussian();
				if (kind == 1 && rng.nextInt(50) == 0) v = Math.min(65535, v + 60000 * Math.pow(rng.nextDouble(), 3)); // stars
				if (kind == 3) v += (i % w) / bw * 3000.0 * (rng.nextBoolean() ? 1 : -1); // sky jumps between boxes
				if (kind == 4 && rng.nextInt(30) == 0) v = rng.nextBoolean() ? limit : -limit; // at the limit
				img[i] = (float) Math.rint(v);
			}
			boolean spoilt = kind == 5;
			if (spoilt) {
				float[] bad = { 0.5f + (float) Math.rint(level), Float.NaN, Float.POSITIVE_INFINITY, limit + 1, -limit - 1 };
				img[rng.nextInt(img.length)] = bad[rng.nextInt(bad.length)];
			}
			BoxEstimator fast = new BoxEstimator(img, null, 0, w, h), sep = new BoxEstimator(img, null, 0, w, h);
			for (int j = 0; j < nby; j++) {
				for (int i = 0; i < nbx; i++) {
					int r0 = j * bh, c0 = i * bw;
					boolean done = fast.exactly(r0, r0 + bh, c0, c0 + bw);
					sep.sepPasses(r0, r0 + bh, c0, c0 + bw);
					if (!done) {
						refused++;
						assertTrue(spoilt, "trial " + trial + ": an integer box was refused");
						continue;
					}
					exact++;
					String where = "trial " + trial + " box " + i + "," + j + " (" + bw + "x" + bh + ", kind " + kind + ")";
					assertEquals(Float.floatToIntBits(sep.back), Float.floatToIntBits(fast.back), where + " back " + sep.back + " vs " + fast.back);
					assertEquals(Float.floatToIntBits(sep.sigma), Float.floatToIntBits(fast.sigma), where + " sigma");
					assertEquals(sep.valid, fast.valid, where + " valid");
					assertEquals(sep.clipped, fast.clipped, where + " clipped");
				}
			}
		}
		assertTrue(exact > 800 && refused >= 50, exact + " exact, " + refused + " refused");
	}
}
