package org.astrofiji.core.subtraction;

import org.astrofiji.core.stats.Medians;

/**
 * S_corr's own noise, measured: the MAD-based standard deviation of S_corr over the pixels that are
 * neither left out nor near them (DQ 0). ZOGY's V(S) assumes white noise of the given per-pixel
 * variance. Where the noise is correlated, the noise a matched filter sees differs from the pixel
 * scatter and S_corr's noise is not 1: both images of a pair resampled by a cubic spline (an aligned
 * pair) gave 1.32 at a half-pixel shift. Measuring each image's noise at its PSF's scale fails on
 * images whose correlated part is common to both and cancels in the difference (raw frames' bias
 * columns and flat pattern: measured 1.1-1.5 per image, S_corr then 0.82), so the factor is measured
 * on S_corr itself, where only what survives the subtraction counts. Unchanged stars have unit-noise
 * S_corr too and transients are few, so the MAD is the sky's.
 */
final class NoiseScale {

	/** A measured noise outside this band is not a noise-model error but no noise (identical images) or no sky: left alone. */
	static final double MIN = 0.5, MAX = 3;
	/** Fewer usable pixels than this: no measurement. */
	private static final int MIN_PIXELS = 1000;

	private NoiseScale() {}

	/** The robust standard deviation of {@code scorr} over the pixels whose {@code dq} is 0; NaN when too few. */
	static double of(float[] scorr, short[] dq) {
		float[] a = new float[scorr.length];
		int n = 0;
		for (int p = 0; p < scorr.length; p++) if (dq[p] == 0 && Float.isFinite(scorr[p])) a[n++] = scorr[p];
		if (n < MIN_PIXELS) return Double.NaN;
		double median = Medians.select(a, n, n / 2);
		for (int i = 0; i < n; i++) a[i] = (float) Math.abs(a[i] - median);
		return Medians.MAD_TO_SIGMA * Medians.select(a, n, n / 2);
	}

	/** Whether a measured noise is one to divide out. */
	static boolean applies(double noise) {
		return noise >= MIN && noise <= MAX;
	}
}
