package org.astrofiji.core.stats;

import java.util.Arrays;

/**
 * IRAF's zscale display range, as DS9 and astropy's {@code ZScaleInterval} compute it: a line is
 * fitted to about 1000 sorted samples of the image with iterative k-sigma rejection, and the range
 * spans the median plus or minus the fitted slope over the sample count, divided by the contrast.
 * Sky noise fills the range; stars saturate to white, which is what astronomers expect of a first look.
 * <p>
 * The sampling, rejection and dilation follow astropy 5.2 step by step (samples every
 * {@code n / nSamples}-th finite value in FITS array order, 2.5-sigma rejection, bad samples dilated by
 * 1 % of the count, at most 5 fits), so the range equals astropy's for the same pixels.
 */
public final class ZScale {

	public static final int SAMPLES = 1000;
	/** DS9's and astropy's default contrast. */
	public static final double CONTRAST = 0.25;
	private static final double MAX_REJECT = 0.5, KREJ = 2.5;
	private static final int MIN_PIXELS = 5, MAX_ITERATIONS = 5;

	private ZScale() {}

	/**
	 * The zscale range {low, high} of a row-major image in memory (ImageJ) orientation, with the default
	 * contrast; NaN and infinite pixels are skipped. {NaN, NaN} when no pixel is finite.
	 */
	public static double[] range(float[] pixels, int width, int height) {
		return range(pixels, width, height, CONTRAST);
	}

	public static double[] range(float[] pixels, int width, int height, double contrast) {
		double[] samples = sample(pixels, width, height);
		return samples.length == 0 ? new double[] { Double.NaN, Double.NaN } : limits(samples, contrast);
	}

	/** Every stride-th finite value in FITS array order (row 0 = the bottom row in memory), sorted. */
	static double[] sample(float[] pixels, int width, int height) {
		long finite = 0;
		for (float v : pixels) if (Float.isFinite(v)) finite++;
		int stride = (int) Math.max(1.0, finite / (double) SAMPLES);
		double[] s = new double[(int) Math.min(SAMPLES, (finite + stride - 1) / stride)];
		int n = 0;
		long k = 0;
		for (int row = 0; row < height && n < s.length; row++) {
			int base = (height - 1 - row) * width;
			for (int x = 0; x < width && n < s.length; x++) {
				float v = pixels[base + x];
				if (!Float.isFinite(v)) continue;
				if (k++ % stride == 0) s[n++] = v;
			}
		}
		Arrays.sort(s, 0, n);
		return n == s.length ? s : Arrays.copyOf(s, n);
	}

	static double[] limits(double[] samples, double contrast) {
		int npix = samples.length;
		double vmin = samples[0], vmax = samples[npix - 1];
		int minpix = Math.max(MIN_PIXELS, (int) (npix * MAX_REJECT));
		int ngrow = Math.max(1, (int) (npix * 0.01));
		boolean[] bad = new boolean[npix];
		int good = npix, lastGood = npix + 1;
		double slope = 0;
		for (int it = 0; it < MAX_ITERATIONS; it++) {
			if (good >= lastGood || good < minpix) break;
			// least-squares line through the good samples
			double sn = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
			for (int i = 0; i < npix; i++) {
				if (bad[i]) continue;
				sn++;
				sx += i;
				sy += samples[i];
				sxx += (double) i * i;
				sxy += i * samples[i];
			}
			double det = sn * sxx - sx * sx;
			slope = (sn * sxy - sx * sy) / det;
			double intercept = (sy - slope * sx) / sn;
			// population std of the good residuals
			double mean = 0;
			double[] flat = new double[npix];
			for (int i = 0; i < npix; i++) {
				flat[i] = samples[i] - (slope * i + intercept);
				if (!bad[i]) mean += flat[i];
			}
			mean /= sn;
			double var = 0;
			for (int i = 0; i < npix; i++) if (!bad[i]) var += (flat[i] - mean) * (flat[i] - mean);
			double threshold = KREJ * Math.sqrt(var / sn);
			for (int i = 0; i < npix; i++) if (flat[i] < -threshold || flat[i] > threshold) bad[i] = true;
			bad = dilate(bad, ngrow);
			lastGood = good;
			good = 0;
			for (boolean b : bad) if (!b) good++;
		}
		if (good >= minpix) {
			if (contrast > 0) slope /= contrast;
			int centre = (npix - 1) / 2;
			double median = npix % 2 == 1 ? samples[npix / 2] : 0.5 * (samples[npix / 2 - 1] + samples[npix / 2]);
			vmin = Math.max(vmin, median - (centre - 1) * slope);
			vmax = Math.min(vmax, median + (npix - centre) * slope);
		}
		return new double[] { vmin, vmax };
	}

	/** numpy.convolve(bad, ones(n), mode='same') != 0: out[i] = any of bad[i - n/2 .. i + (n-1)/2]. */
	private static boolean[] dilate(boolean[] bad, int n) {
		boolean[] out = new boolean[bad.length];
		int lo = n / 2, hi = (n - 1) / 2;
		for (int i = 0; i < bad.length; i++) {
			if (!bad[i]) continue;
			for (int j = Math.max(0, i - hi); j <= Math.min(bad.length - 1, i + lo); j++) out[j] = true;
		}
		return out;
	}
}
