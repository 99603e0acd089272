package org.astrofiji.core.detection;

import java.util.Locale;

import org.astrofiji.core.Parallel;

/**
 * The detection threshold and the background under it, per pixel: {@code global} mean + k std of the
 * image, {@code background} mesh back + k rms, or an {@code absolute} level over a background of 0.
 * A pixel is detected when it is strictly above {@link #level(int)} (scipy's {@code img > thr}).
 */
public final class Threshold {

	private final DetectionSettings.ThresholdMode mode;
	private final double k, back0, above0, level0;
	private final float[] back;
	/** The sky of the background mode; its noise is read by row or pixel, never as a full map. */
	private final SkyModel sky;
	private final int width;
	private final String description;

	private Threshold(DetectionSettings.ThresholdMode mode, double k, double back0, double above0, double level0,
		SkyModel sky, String description)
	{
		this.mode = mode;
		this.k = k;
		this.back0 = back0;
		this.above0 = above0;
		this.level0 = level0;
		this.sky = sky;
		this.back = sky == null ? null : sky.back();
		this.width = sky == null ? 0 : sky.width();
		this.description = description;
	}

	/**
	 * mean + k * std over the valid pixels (population std, as numpy's img.std()); with
	 * {@code noise} != 1 (a matched filter) the std is scaled by it.
	 */
	public static Threshold global(float[] pixels, int w, int h, double k, double noise) {
		double[] ms = meanStd(pixels, w, h);
		double level = noise == 1 ? ms[0] + k * ms[1] : ms[0] + k * (ms[1] * noise);
		return new Threshold(DetectionSettings.ThresholdMode.GLOBAL, k, ms[0], level - ms[0], level, null,
			String.format(Locale.ROOT, "global: mean %.6g + %s x std %.6g%s = %.8g", ms[0], fmt(k), ms[1],
				noise == 1 ? "" : String.format(Locale.ROOT, " x filter noise %.4g", noise), level));
	}

	/** back + k * rms of a sky model; with {@code noise} != 1 (a matched filter) the rms is scaled by it. */
	public static Threshold background(SkyModel sky, double k, double noise) {
		return new Threshold(DetectionSettings.ThresholdMode.BACKGROUND, k * noise, sky.globalBack(),
			k * noise * sky.globalRms(), Double.NaN, sky, String.format(Locale.ROOT,
				"background + %s x rms%s (%s; global back %.6g, rms %.6g)", fmt(k),
				noise == 1 ? "" : String.format(Locale.ROOT, " x filter noise %.4g", noise), sky.describe(), sky.globalBack(),
				sky.globalRms()));
	}

	/** A fixed level; background 0. */
	public static Threshold absolute(double level) {
		return new Threshold(DetectionSettings.ThresholdMode.ABSOLUTE, Double.NaN, 0, level, level, null,
			"absolute: " + fmt(level));
	}

	public DetectionSettings.ThresholdMode mode() {
		return mode;
	}

	/** The background at pixel p. */
	public double background(int p) {
		return back == null ? back0 : back[p];
	}

	/**
	 * The detection level at pixel p: a pixel is detected when its value is strictly above it. For
	 * a few pixels (a source's); passes over the whole frame use {@link #rows()}.
	 */
	public double level(int p) {
		return back == null ? level0 : back[p] + k * sky.rms(p % width, p / width);
	}

	/** level - background at pixel p (for a few pixels, like {@link #level(int)}). */
	public double above(int p) {
		return back == null ? above0 : k * sky.rms(p % width, p / width);
	}

	/** A cursor over the rows of the threshold for one thread's pass over the frame. */
	public Rows rows() {
		return new Rows();
	}

	/**
	 * {@link #level} and {@link #above} along one memory row at a time, the same values: the noise of
	 * the current row only (one row of floats), not a full-size map.
	 */
	public final class Rows {

		private final float[] rms = back == null ? null : new float[width];
		private int base;

		private Rows() {}

		/** Makes memory row y (y = 0 the top row) the current row. */
		public void row(int y) {
			base = y * width;
			if (rms != null) sky.rmsRow(y, rms, 0);
		}

		/** {@link Threshold#level} at column x of the current row. */
		public double level(int x) {
			return rms == null ? level0 : back[base + x] + k * rms[x];
		}

		/** {@link Threshold#above} at column x of the current row. */
		public double above(int x) {
			return rms == null ? above0 : k * rms[x];
		}
	}

	/** The background map (null unless the background mode). */
	public float[] backgroundMap() {
		return back;
	}

	/** The background as one number: the mean (global), the sky's global value, or 0. */
	public double globalBackground() {
		return back0;
	}

	/** The sky model of the background mode, else null. */
	public SkyModel sky() {
		return sky;
	}

	@Override
	public String toString() {
		return description;
	}

	static String fmt(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
		return String.valueOf(d);
	}

	/**
	 * {mean, population std, valid count} of the non-NaN pixels; row sums are added in row order, so
	 * the result does not depend on the number of threads.
	 */
	static double[] meanStd(float[] pixels, int w, int h) {
		double[] rowSum = new double[h];
		long[] rowCount = new long[h];
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				double s = 0;
				long n = 0;
				for (int p = y * w; p < (y + 1) * w; p++) {
					float v = pixels[p];
					if (v == v) {
						s += v;
						n++;
					}
				}
				rowSum[y] = s;
				rowCount[y] = n;
			}
		});
		double s = 0, c = 0;
		long n = 0;
		for (int y = 0; y < h; y++) { // Neumaier-compensated sum of the row sums
			double t = s + rowSum[y];
			c += Math.abs(s) >= Math.abs(rowSum[y]) ? (s - t) + rowSum[y] : (rowSum[y] - t) + s;
			s = t;
			n += rowCount[y];
		}
		if (n == 0) return new double[] { Double.NaN, Double.NaN, 0 };
		double mean = (s + c) / n;
		double[] rowSq = new double[h];
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				double q = 0;
				for (int p = y * w; p < (y + 1) * w; p++) {
					float v = pixels[p];
					if (v == v) {
						double d = v - mean;
						q += d * d;
					}
				}
				rowSq[y] = q;
			}
		});
		double q = 0;
		c = 0;
		for (int y = 0; y < h; y++) {
			double t = q + rowSq[y];
			c += q >= rowSq[y] ? (q - t) + rowSq[y] : (rowSq[y] - t) + q;
			q = t;
		}
		return new double[] { mean, Math.sqrt((q + c) / n), n };
	}
}
