package org.astrofiji.core.composite;

import java.util.Arrays;

import org.astrofiji.core.Parallel;

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
				double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
				for (int i = y * width, end = i + width; i < end; i++) {
					double v = scale * a[i];
					if (!Double.isFinite(v)) continue;
					if (v < mn) mn = v;
					if (v > mx) mx = v;
				}
				lo[y] = mn;
				hi[y] = mx;
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
	 * {@code nanpercentile(..., method='linear')}: rank p/100·(n-1) of the sorted values, interpolated
	 * between its neighbours. Found by a histogram over the float bit patterns and a sort of one bin, so
	 * it takes linear time and does not sort the image.
	 */
	public static double[] percentiles(float[] a, int width, double scale, double... p) {
		for (double q : p) if (!(q >= 0 && q <= 100)) throw new IllegalArgumentException("percentile " + q +
			" is outside 0..100");
		if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0 (got " + scale + ")");
		// scale > 0: the ranks of scale·a are those of a
		int[] hist = histogram(a, width, a.length / width);
		long n = 0;
		for (int b : hist) n += b;
		if (n == 0) {
			double[] nan = new double[p.length];
			Arrays.fill(nan, Double.NaN);
			return nan;
		}
		double[] out = new double[p.length];
		for (int k = 0; k < p.length; k++) {
			double idx = p[k] / 100.0 * (n - 1);
			long below = (long) Math.floor(idx);
			long above = Math.min(n - 1, below + 1);
			double t = idx - below;
			double lo = scale * select(a, hist, below), hi = scale * select(a, hist, above);
			// numpy's _lerp: a + (b - a)·t, from the upper end when t >= 0.5
			double d = hi - lo;
			out[k] = t >= 0.5 ? hi - d * (1 - t) : lo + d * t;
		}
		return out;
	}

	/** Histogram of the finite values over the top 16 bits of their order-preserving integer key. */
	private static int[] histogram(float[] v, int width, int rows) {
		int chunks = Math.max(1, Math.min(Parallel.threads(), rows));
		int[][] part = new int[chunks][];
		int per = (rows + chunks - 1) / chunks;
		Parallel.forRange(chunks, 1, (from, to) -> {
			for (int c = from; c < to; c++) {
				int[] h = new int[65536];
				int end = Math.min(rows, (c + 1) * per) * width;
				for (int i = c * per * width; i < end; i++) if (Float.isFinite(v[i])) h[bin(v[i])]++;
				part[c] = h;
			}
		});
		int[] h = part[0];
		for (int c = 1; c < chunks; c++) for (int b = 0; b < 65536; b++) h[b] += part[c][b];
		return h;
	}

	/** The value of the given 0-based rank among the sorted finite values. */
	private static double select(float[] v, int[] hist, long rank) {
		int b = 0;
		long seen = 0;
		while (seen + hist[b] <= rank) seen += hist[b++];
		float[] inBin = new float[hist[b]];
		int k = 0;
		for (float x : v) if (Float.isFinite(x) && bin(x) == b) inBin[k++] = x;
		Arrays.sort(inBin);
		return inBin[(int) (rank - seen)];
	}

	/** Bin of a float: the top 16 bits of an integer key that sorts as the floats do. */
	private static int bin(float x) {
		int bits = Float.floatToRawIntBits(x);
		int key = bits ^ ((bits >> 31) & 0x7fffffff);
		return (key >> 16) + 32768;
	}

	private static int chunk(int width) {
		return Math.max(1, 65536 / Math.max(1, width));
	}
}
