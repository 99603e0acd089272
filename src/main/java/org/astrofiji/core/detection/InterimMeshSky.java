package org.astrofiji.core.detection;

import java.util.Arrays;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;

/**
 * INTERIM sky for the {@code background} threshold mode, to be replaced by the mesh background of
 * {@code org.astrofiji.core.background} (see {@link SkyEstimator}). A small SExtractor-style mesh:
 * <ol>
 * <li>the image is cut into boxes of {@code boxSize} pixels (the last row and column of boxes hold
 * what is left); in each box the valid pixels are sigma-clipped about their median at 3 sigma until
 * nothing changes, and the box's background is SExtractor's mode estimate {@code 2.5 median - 1.5 mean}
 * (the median when the clipped mean and median differ by more than 0.3 sigma, i.e. in crowded boxes),
 * its RMS the clipped standard deviation; boxes with fewer than half their pixels valid take the mean
 * of their valid neighbours;</li>
 * <li>both meshes are median-filtered over {@code filterSize} x {@code filterSize} boxes (a window
 * centred on the box, narrower at the edges of the mesh so that gradients are kept);</li>
 * <li>the maps are natural bicubic splines through the box centres (linear beyond the outer centres).</li>
 * </ol>
 * The global values are the medians of the filtered meshes.
 */
public final class InterimMeshSky implements SkyModel {

	private static final double CLIP = 3.0;

	private final int width, height, boxSize, filterSize;
	private final float[] back, rms;
	private final double globalBack, globalRms;

	private InterimMeshSky(int width, int height, int boxSize, int filterSize, float[] back, float[] rms,
		double globalBack, double globalRms)
	{
		this.width = width;
		this.height = height;
		this.boxSize = boxSize;
		this.filterSize = filterSize;
		this.back = back;
		this.rms = rms;
		this.globalBack = globalBack;
		this.globalRms = globalRms;
	}

	/** Estimates the sky of an image (see the class description). */
	public static InterimMeshSky estimate(float[] pixels, int width, int height, int boxSize, int filterSize,
		Progress progress)
	{
		if (boxSize < 4) throw new IllegalArgumentException("box_size must be at least 4 pixels (got " + boxSize + ")");
		if (filterSize < 1 || filterSize % 2 == 0) throw new IllegalArgumentException(
			"filter_size must be an odd number >= 1 (got " + filterSize + ")");
		int nx = (width + boxSize - 1) / boxSize, ny = (height + boxSize - 1) / boxSize;
		double[] meshBack = new double[nx * ny], meshRms = new double[nx * ny];
		progress.report("background mesh", 0);
		Parallel.forRange(ny, 1, (j0, j1) -> {
			float[] buf = new float[boxSize * boxSize];
			Clipper clipper = new Clipper();
			for (int j = j0; j < j1; j++) {
				for (int i = 0; i < nx; i++) {
					int x0 = i * boxSize, x1 = Math.min(width, x0 + boxSize);
					int y0 = j * boxSize, y1 = Math.min(height, y0 + boxSize);
					int n = 0;
					float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
					for (int y = y0; y < y1; y++) {
						for (int x = x0, p = y * width + x0; x < x1; x++, p++) {
							float v = pixels[p];
							if (v == v) {
								buf[n++] = v;
								if (v < lo) lo = v;
								if (v > hi) hi = v;
							}
						}
					}
					double[] stat = n >= Math.max(3, (x1 - x0) * (y1 - y0) / 2) ? clipper.mode(buf, n, lo, hi) : null;
					meshBack[j * nx + i] = stat == null ? Double.NaN : stat[0];
					meshRms[j * nx + i] = stat == null ? Double.NaN : stat[1];
				}
			}
		});
		if (!fillMissing(meshBack, nx, ny) || !fillMissing(meshRms, nx, ny)) throw new IllegalArgumentException(
			"no background box has enough valid (non-NaN) pixels: the image holds no usable data");
		double[] fb = medianFilter(meshBack, nx, ny, filterSize), fr = medianFilter(meshRms, nx, ny, filterSize);
		progress.report("background map", 0.5);
		double[] cx = centres(width, boxSize, nx), cy = centres(height, boxSize, ny);
		float[] back = interpolate(fb, nx, ny, cx, cy, width, height);
		float[] rms = interpolate(fr, nx, ny, cx, cy, width, height);
		progress.report("background done", 1);
		return new InterimMeshSky(width, height, boxSize, filterSize, back, rms, median(fb), median(fr));
	}

	/**
	 * {mode, sigma} of n values after iterative 3-sigma clipping about the median: each round keeps
	 * the values within median +- 3 sigma of the previous round's set (sigma its standard deviation),
	 * until the set stops changing. Rounds run on a histogram of 1024 bins holding each bin's count,
	 * sum and sum of squares (so means and sigmas are exact for whole bins, medians interpolated within
	 * a bin); when the bins are coarser than sigma / 50 the histogram is rebuilt over the clipped range.
	 * {@code v} is left unchanged.
	 */
	static double[] clippedMode(float[] v, int n) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			lo = Math.min(lo, v[i]);
			hi = Math.max(hi, v[i]);
		}
		return new Clipper().mode(v, n, lo, hi);
	}

	/** Scratch space of the histogram clipping (one per thread). */
	static final class Clipper {

		static final int BINS = 1024;
		// cumulative over bins: entry b holds bins 0 .. b-1
		final long[] count = new long[BINS + 1];
		final double[] sum = new double[BINS + 1], sq = new double[BINS + 1];

		/** {mode, sigma} of v[0 .. n-1], whose smallest and largest values are min and max. */
		double[] mode(float[] v, int n, float min, float max) {
			double lo = min, hi = max;
			double ref = v[0], med = ref, mean = ref, sigma = 0;
			for (int rebuild = 0; rebuild < 8 && hi > lo; rebuild++) {
				double width = (hi - lo) / BINS, inv = 1 / width;
				java.util.Arrays.fill(count, 0);
				java.util.Arrays.fill(sum, 0);
				java.util.Arrays.fill(sq, 0);
				for (int i = 0; i < n; i++) {
					double x = v[i];
					if (x < lo || x > hi) continue;
					int b = Math.min(BINS - 1, (int) ((x - lo) * inv));
					double d = x - ref;
					count[b + 1]++;
					sum[b + 1] += d;
					sq[b + 1] += d * d;
				}
				for (int b = 1; b <= BINS; b++) {
					count[b] += count[b - 1];
					sum[b] += sum[b - 1];
					sq[b] += sq[b - 1];
				}
				int b0 = 0, b1 = BINS - 1;
				for (int iter = 0; iter < 100; iter++) {
					long m = count[b1 + 1] - count[b0];
					if (m < 3) break;
					double a = (sum[b1 + 1] - sum[b0]) / m;
					mean = ref + a;
					sigma = Math.sqrt(Math.max(0, (sq[b1 + 1] - sq[b0]) / m - a * a));
					// median: the bin where the cumulative count passes half, linear inside it
					double target = count[b0] + 0.5 * m;
					int lo2 = b0, hi2 = b1; // first bin b with count[b + 1] >= target
					while (lo2 < hi2) {
						int mid = (lo2 + hi2) >>> 1;
						if (count[mid + 1] >= target) hi2 = mid;
						else lo2 = mid + 1;
					}
					long inBin = count[lo2 + 1] - count[lo2];
					med = lo + (lo2 + (inBin > 0 ? (target - count[lo2]) / inBin : 0.5)) * width;
					if (sigma == 0) break;
					int nb0 = Math.max(0, (int) Math.floor((med - CLIP * sigma - lo) / width));
					int nb1 = Math.min(BINS - 1, (int) Math.floor((med + CLIP * sigma - lo) / width));
					if (nb0 == b0 && nb1 == b1) break;
					b0 = nb0;
					b1 = nb1;
				}
				if (sigma == 0 || width <= sigma / 50) break;
				// finer bins over the clipped range (a little wider, to see the values near its edges)
				lo = Math.max(lo, med - 4 * sigma);
				hi = Math.min(hi, med + 4 * sigma);
			}
			double mode = sigma > 0 && Math.abs(mean - med) / sigma < 0.3 ? 2.5 * med - 1.5 * mean : med;
			return new double[] { mode, sigma };
		}
	}

	/** Replaces NaN boxes by the mean of their valid 8-neighbours, repeatedly; false if all are NaN. */
	private static boolean fillMissing(double[] m, int nx, int ny) {
		boolean any = false;
		for (double v : m) any |= v == v;
		if (!any) return false;
		boolean missing = true;
		while (missing) {
			missing = false;
			double[] copy = m.clone();
			for (int j = 0; j < ny; j++) {
				for (int i = 0; i < nx; i++) {
					if (copy[j * nx + i] == copy[j * nx + i]) continue;
					double s = 0;
					int n = 0;
					for (int dj = -1; dj <= 1; dj++) {
						for (int di = -1; di <= 1; di++) {
							int a = i + di, b = j + dj;
							if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
							double v = copy[b * nx + a];
							if (v == v) {
								s += v;
								n++;
							}
						}
					}
					if (n > 0) m[j * nx + i] = s / n;
					else missing = true;
				}
			}
		}
		return true;
	}

	private static double[] medianFilter(double[] m, int nx, int ny, int size) {
		if (size <= 1) return m.clone();
		int r = size / 2;
		double[] out = new double[m.length], buf = new double[size * size];
		for (int j = 0; j < ny; j++) {
			for (int i = 0; i < nx; i++) {
				// the window shrinks symmetrically at the edges, so a linear gradient passes unchanged
				int rx = Math.min(r, Math.min(i, nx - 1 - i)), ry = Math.min(r, Math.min(j, ny - 1 - j));
				int n = 0;
				for (int b = j - ry; b <= j + ry; b++) {
					for (int a = i - rx; a <= i + rx; a++) buf[n++] = m[b * nx + a];
				}
				out[j * nx + i] = median(Arrays.copyOf(buf, n));
			}
		}
		return out;
	}

	static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}

	/** Pixel coordinate of the centre of each box along one axis. */
	private static double[] centres(int size, int box, int n) {
		double[] c = new double[n];
		for (int i = 0; i < n; i++) c[i] = 0.5 * (i * box + Math.min(size, (i + 1) * box) - 1);
		return c;
	}

	/** Natural bicubic spline of the mesh through the box centres, at every pixel. */
	private static float[] interpolate(double[] mesh, int nx, int ny, double[] cx, double[] cy, int width, int height) {
		// along x for each mesh row
		Spline sx = new Spline(cx, width);
		double[][] rows = new double[ny][];
		for (int j = 0; j < ny; j++) rows[j] = sx.evaluate(Arrays.copyOfRange(mesh, j * nx, (j + 1) * nx));
		// along y: second derivatives per column, then every output row
		Spline sy = new Spline(cy, height);
		double[][] d2 = new double[ny][width];
		double[] column = new double[ny];
		for (int x = 0; x < width; x++) {
			for (int j = 0; j < ny; j++) column[j] = rows[j][x];
			double[] m = sy.secondDerivatives(column);
			for (int j = 0; j < ny; j++) d2[j][x] = m[j];
		}
		float[] out = new float[width * height];
		Parallel.forRange(height, 64, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int j = sy.interval[y];
				double a = sy.a[y], b = sy.b[y], c = sy.c[y], d = sy.d[y];
				double[] r0 = rows[j], r1 = rows[Math.min(j + 1, ny - 1)], m0 = d2[j], m1 = d2[Math.min(j + 1, ny - 1)];
				for (int x = 0, p = y * width; x < width; x++, p++) {
					out[p] = (float) (a * r0[x] + b * r1[x] + c * m0[x] + d * m1[x]);
				}
			}
		});
		return out;
	}

	/**
	 * A natural cubic spline through knots at fixed positions, evaluated at the integer positions
	 * 0 .. size-1: each position's value is a * y[j] + b * y[j+1] + c * M[j] + d * M[j+1] with M the
	 * second derivatives; beyond the outer knots the spline continues linearly.
	 */
	private static final class Spline {

		final double[] knots;
		final int[] interval;
		final double[] a, b, c, d;

		Spline(double[] knots, int size) {
			this.knots = knots;
			int n = knots.length;
			interval = new int[size];
			a = new double[size];
			b = new double[size];
			c = new double[size];
			d = new double[size];
			int j = 0;
			for (int t = 0; t < size; t++) {
				if (n == 1) {
					a[t] = 1;
					continue;
				}
				if (t < knots[0]) { // linear with the slope at the first knot
					double h = knots[1] - knots[0], s = t - knots[0];
					interval[t] = 0;
					a[t] = 1 - s / h;
					b[t] = s / h;
					c[t] = -s * h / 3;
					d[t] = -s * h / 6;
				}
				else if (t > knots[n - 1]) { // linear with the slope at the last knot
					double h = knots[n - 1] - knots[n - 2], s = t - knots[n - 1];
					interval[t] = n - 2;
					a[t] = -s / h;
					b[t] = 1 + s / h;
					c[t] = s * h / 6;
					d[t] = s * h / 3;
				}
				else {
					while (j < n - 2 && t > knots[j + 1]) j++;
					double h = knots[j + 1] - knots[j], u = (knots[j + 1] - t) / h, v = 1 - u;
					interval[t] = j;
					a[t] = u;
					b[t] = v;
					c[t] = (u * u * u - u) * h * h / 6;
					d[t] = (v * v * v - v) * h * h / 6;
				}
			}
		}

		/** Second derivatives of the natural spline through (knots, y). */
		double[] secondDerivatives(double[] y) {
			int n = knots.length;
			double[] m = new double[n];
			if (n < 3) return m;
			// tridiagonal system for M[1..n-2], M[0] = M[n-1] = 0 (Thomas algorithm)
			double[] cp = new double[n], dp = new double[n];
			for (int i = 1; i < n - 1; i++) {
				double h0 = knots[i] - knots[i - 1], h1 = knots[i + 1] - knots[i];
				double lower = h0 / 6, diag = (h0 + h1) / 3, upper = h1 / 6;
				double rhs = (y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0;
				double denom = diag - (i > 1 ? lower * cp[i - 1] : 0);
				cp[i] = upper / denom;
				dp[i] = (rhs - (i > 1 ? lower * dp[i - 1] : 0)) / denom;
			}
			for (int i = n - 2; i >= 1; i--) m[i] = dp[i] - (i < n - 2 ? cp[i] * m[i + 1] : 0);
			return m;
		}

		double[] evaluate(double[] y) {
			double[] m = secondDerivatives(y);
			int n = knots.length;
			double[] out = new double[interval.length];
			for (int t = 0; t < out.length; t++) {
				int j = interval[t];
				if (n == 1) out[t] = y[0];
				else out[t] = a[t] * y[j] + b[t] * y[j + 1] + c[t] * m[j] + d[t] * m[j + 1];
			}
			return out;
		}
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public float[] back() {
		return back;
	}

	@Override
	public float[] rms() {
		return rms;
	}

	@Override
	public double globalBack() {
		return globalBack;
	}

	@Override
	public double globalRms() {
		return globalRms;
	}

	@Override
	public String describe() {
		return "interim mesh " + boxSize + " px, median filter " + filterSize;
	}
}
