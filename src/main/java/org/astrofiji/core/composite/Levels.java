package org.astrofiji.core.composite;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.stats.Percentiles;

/**
 * Automatic display levels of one channel (the black and white points of a per-channel stretch),
 * computed on the finite pixels of {@code scale * value}:
 * <ul>
 * <li>{@link #sigma}: mean + a·std and mean + b·std (population std; the seed's recipe with a = 0.75,
 * b = 5);</li>
 * <li>{@link #minMax}: the smallest and largest value (img_scale's default);</li>
 * <li>{@link #percentiles}: numpy's {@code nanpercentile} with linear interpolation.</li>
 * </ul>
 * Sums run in double per image row and are then added in row order, so the result does not depend on
 * the number of threads.
 */
public final class Levels {

	private Levels() {}

	/** {mean + low·std, mean + high·std} of the finite values of scale·a. */
	public static double[] sigma(float[] a, int width, double scale, double low, double high) {
		double[] ms = meanStd(a, width, scale);
		return new double[] { ms[0] + low * ms[1], ms[0] + high * ms[1] };
	}

	/** {mean, population standard deviation, count} of the finite values of scale·a. */
	public static double[] meanStd(float[] a, int width, double scale) {
		int rows = a.length / width;
		double[] sum = new double[rows];
		long[] count = new long[rows];
		Parallel.forRange(rows, chunk(width), (from, to) -> {
			for (int y = from; y < to; y++) {
				double s = 0;
				long n = 0;
				for (int i = y * width, end = i + width; i < end; i++) {
					double v = scale * a[i];
					if (Double.isFinite(v)) {
						s += v;
						n++;
					}
				}
				sum[y] = s;
				count[y] = n;
			}
		});
		double s = 0;
		long n = 0;
		for (int y = 0; y < rows; y++) {
			s += sum[y];
			n += count[y];
		}
		if (n == 0) return new double[] { Double.NaN, Double.NaN, 0 };
		double mean = s / n;
		Parallel.forRange(rows, chunk(width), (from, to) -> {
			for (int y = from; y < to; y++) {
				double q = 0;
				for (int i = y * width, end = i + width; i < end; i++) {
					double d = scale * a[i] - mean;
					if (Double.isFinite(d)) q += d * d;
				}
				sum[y] = q;
			}
		});
		double q = 0;
		for (int y = 0; y < rows; y++) q += sum[y];
		return new double[] { mean, Math.sqrt(q / n), n };
	}

	/** {min, max} of the finite values of scale·a. */
	public static double[] minMax(float[] a, int width, double scale) {
		int rows = a.length / width;
		double[] lo = new double[rows], hi = new double[rows];
		Parallel.forRange(rows, chunk(width), (from, to) -> {
			for (int y = from; y < to; y++) {
				// on the floats (NaN fails both tests), then scaled: scale > 0 keeps the order and maps
				// distinct floats to distinct doubles, so this picks the value the loop over scale·a picks
				float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
				for (int i = y * width, end = i + width; i < end; i++) {
					float x = a[i];
					if (x < mn) mn = x;
					if (x > mx) mx = x;
				}
				double vmn = scale * mn, vmx = scale * mx;
				if (!Double.isFinite(vmn) || !Double.isFinite(vmx)) { // infinities (or an overflow): value by value
					vmn = Double.POSITIVE_INFINITY;
					vmx = Double.NEGATIVE_INFINITY;
					for (int i = y * width, end = i + width; i < end; i++) {
						double v = scale * a[i];
						if (!Double.isFinite(v)) continue;
						if (v < vmn) vmn = v;
						if (v > vmx) vmx = v;
					}
				}
				lo[y] = vmn;
				hi[y] = vmx;
			}
		});
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (int y = 0; y < rows; y++) {
			mn = Math.min(mn, lo[y]);
			mx = Math.max(mx, hi[y]);
		}
		return mn > mx ? new double[] { Double.NaN, Double.NaN } : new double[] { mn, mx };
	}

	/**
	 * The given percentiles (0..100) of the finite values of scale·a, as numpy's
	 * {@code nanpercentile(..., method='linear')} ({@link Percentiles#ofScaled}).
	 */
	public static double[] percentiles(float[] a, int width, double scale, double... p) {
		return Percentiles.ofScaled(a, scale, p);
	}

	private static int chunk(int width) {
		return Math.max(1, 65536 / Math.max(1, width));
	}
}
