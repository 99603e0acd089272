package org.astrofiji.core.registration;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;

/**
 * Resamples an image, its 1-sigma error and its data-quality bits through a {@link Warp} (shift,
 * rotation, any affine map). Images are row-major float arrays in memory order (ImageJ orientation);
 * the warp's transform is in FITS coordinates.
 * <p>
 * <b>Edges</b> (scipy.ndimage's {@code mode='constant'}, verified against scipy 1.10.1): an output
 * pixel whose sample position in the source, 0-based, lies outside [0, w-1] x [0, h-1] gets the fill
 * value (NaN by default, or 0); inside, the taps that reach past the edge use the mirror-symmetric
 * extension (v[-k] = v[k]) of the pixels or, for the cubic spline, of its coefficients, whose prefilter
 * uses the same extension ({@link SplinePrefilter}). So shifting by (0.6, -0.7) loses one column and one
 * row: the pixels whose samples fall between the edge pixel's centre and the border.
 * <p>
 * <b>NaN</b> pixels mean "no data": an output pixel whose interpolation touches one (a tap with non-zero
 * weight) is NaN. For the cubic spline the NaN pixels are first bridged by linear interpolation along
 * rows (then columns) so the prefilter does not spread them; scipy would turn whole rows and columns NaN.
 * <p>
 * <b>Flux</b>: values are surface brightness per source pixel; with {@link #conserveFlux} they are divided
 * by |det| of the transform (the output pixel's area in source pixels), so sums are kept when the scale
 * changes. Shifts and rotations have |det| = 1.
 * <p>
 * Output rows are computed in parallel, each the same way whatever the thread count.
 */
public final class Resampler {

	/** One axis of a kernel: fills the weights of a sample at x and returns the first tap's index. */
	private interface Axis {
		int taps();

		int weights(double x, double[] w);
	}

	private final Interpolation interpolation;
	private final double fill;
	private final boolean conserveFlux;

	private Resampler(Interpolation interpolation, double fill, boolean conserveFlux) {
		if (interpolation == null) throw new IllegalArgumentException("interpolation: none given");
		this.interpolation = interpolation;
		this.fill = fill;
		this.conserveFlux = conserveFlux;
	}

	/** Resampling with this interpolation, NaN outside the source, no flux scaling. */
	public static Resampler of(Interpolation interpolation) {
		return new Resampler(interpolation, Double.NaN, false);
	}

	/** The value of output pixels outside the source (NaN = no data, or e.g. 0). */
	public Resampler fill(double value) {
		return new Resampler(interpolation, value, conserveFlux);
	}

	/** Divide values (and errors) by |det| of the transform so that flux sums are kept. */
	public Resampler conserveFlux(boolean on) {
		return new Resampler(interpolation, fill, on);
	}

	public Interpolation interpolation() {
		return interpolation;
	}

	public double fillValue() {
		return fill;
	}

	public boolean conservesFlux() {
		return conserveFlux;
	}

	/** The resampled image (any 2-D real image in; float out). */
	public ArrayImg<FloatType, FloatArray> image(RandomAccessibleInterval<? extends RealType<?>> source, Warp warp) {
		Images.requireDimensions("image", source, 2);
		return Images.wrap(image(Images.floats(source), warp), warp.width(), warp.height());
	}

	/** The resampled pixels of a row-major image of the warp's source size (not modified). */
	public float[] image(float[] source, Warp warp) {
		int w = warp.sourceWidth(), h = warp.sourceHeight();
		checkSize("image", source, w, h);
		byte[] nan = null; // other kernels: NaN pixels propagate through their non-zero weights by themselves
		float[] data = source;
		if (interpolation == Interpolation.CUBIC) {
			// the prefilter spreads a NaN over its row and then every column, so a finite first
			// coefficient says there is none: no scan of the frame first, the usual case
			data = new float[source.length];
			SplinePrefilter.filter(source, data, w, h);
			if (!Float.isFinite(data[0]) && (nan = nanMask(source, w, h)) != null) {
				data = bridgeNaN(source, nan, w, h);
				SplinePrefilter.filter(data, data, w, h);
			}
		}
		Axis axis = axis(interpolation);
		return sample(data, nan, warp, axis, fluxGain(warp), false, (float) fill);
	}

	/**
	 * The 1-sigma error of the resampled image, for independent input errors: sqrt(sum of weight^2 x
	 * err^2) over the input pixels, with the weights the interpolation gives each input pixel. For the
	 * cubic spline these are the weights of prefilter and spline together (the cardinal spline, kept to
	 * +-7 px; exact for pixels away from the edge, the mirror extension taken as independent pixels near
	 * it). Outside the source and where the footprint touches a NaN error the result is NaN. The output
	 * pixels are correlated; this is each one's own error only.
	 */
	public float[] error(float[] error, Warp warp) {
		int w = warp.sourceWidth(), h = warp.sourceHeight();
		checkSize("error", error, w, h);
		byte[] nan = nanMask(error, w, h);
		float[] variance = new float[error.length];
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int p = y0 * w; p < y1 * w; p++) {
				float e = error[p];
				variance[p] = e == e ? e * e : 0;
			}
		});
		Axis base = axis(interpolation);
		Axis squared = interpolation == Interpolation.CUBIC ? cardinalSquared() : squared(base);
		return sample(variance, nan, warp, squared, fluxGain(warp), true, Float.NaN);
	}

	/**
	 * The data-quality bits of the resampled image (see {@link DqBits}): input bits dilated to the output
	 * pixels whose interpolation touches them, no-data and edge bits set.
	 *
	 * @param dq input bits per pixel, or null for none
	 * @param source the image (for its NaN pixels), or null
	 */
	public int[] dq(int[] dq, float[] source, Warp warp, DqBits bits) {
		int w = warp.sourceWidth(), h = warp.sourceHeight();
		if (dq != null && dq.length != (long) w * h) throw new IllegalArgumentException("dq array of length " + dq.length +
			" does not fit the source size " + w + "x" + h);
		if (source != null) checkSize("image", source, w, h);
		if (bits == null) throw new IllegalArgumentException("dq bits: none given");
		int W = warp.width(), H = warp.height();
		int[] out = new int[W * H];
		double[] m = warp.outputToSourceMemory();
		byte[] nan = source == null ? null : nanMask(source, w, h);
		Axis axis = axis(interpolation);
		int taps = axis.taps(), before = interpolation.before;
		byte[] near = near(dq, bits, nan, w, h, before, taps);
		Parallel.forRange(H, 8, (y0, y1) -> {
			double[] wx = new double[taps], wy = new double[taps];
			for (int Y = y0; Y < y1; Y++) {
				double rowX = m[1] * Y, rowY = m[4] * Y;
				// without flagged pixels, the run of output pixels whose taps are all inside has no bits:
				// skipped whole (the positions are monotonic in X, so the run is one interval [a, b))
				int a = W, b = W;
				if (near == null) {
					a = 0;
					while (a < W && !clear(m[0] * a + rowX + m[2], w, m[3] * a + rowY + m[5], h, before, taps)) a++;
					while (b > a && !clear(m[0] * (b - 1) + rowX + m[2], w, m[3] * (b - 1) + rowY + m[5], h, before, taps)) b--;
				}
				for (int X = 0; X < W; X++) {
					if (X == a) X = b;
					if (X == W) break;
					double sx = m[0] * X + rowX + m[2], sy = m[3] * X + rowY + m[5];
					if (!inside(sx, w) || !inside(sy, h)) {
						out[Y * W + X] = bits.noData;
						continue;
					}
					// most pixels: every tap inside the source and no flagged pixel near: no bits
					if (clear(sx, w, sy, h, before, taps) && (near == null || near[((int) sy) * w + (int) sx] == 0)) continue;
					int ix = axis.weights(sx, wx), iy = axis.weights(sy, wy);
					boolean edge = false, noData = false;
					for (int k = 0; k < taps; k++) {
						if (wx[k] != 0 && (ix + k < 0 || ix + k >= w)) edge = true;
						if (wy[k] != 0 && (iy + k < 0 || iy + k >= h)) edge = true;
					}
					int flags = 0;
					if (near != null) {
						for (int j = 0; j < taps; j++) {
							if (wy[j] == 0) continue;
							int r = Kernels.mirror(iy + j, h) * w;
							for (int i = 0; i < taps; i++) {
								if (wx[i] == 0) continue;
								int p = r + Kernels.mirror(ix + i, w);
								if (dq != null) {
									flags |= dq[p] & bits.carry;
									if ((dq[p] & bits.noDataInput) != 0) noData = true;
								}
								if (nan != null && nan[p] != 0) noData = true;
							}
						}
					}
					if (noData) flags |= bits.noData;
					else if (edge) flags |= bits.interpolated;
					out[Y * W + X] = flags;
				}
			}
		});
		return out;
	}

	/** Whether every tap of a sample at (sx, sy), the first at floor - before, lies inside the source. */
	private static boolean clear(double sx, int w, double sy, int h, int before, int taps) {
		if (!inside(sx, w) || !inside(sy, h)) return false;
		int fx = (int) sx - before, fy = (int) sy - before;
		return fx >= 0 && fx + taps < w && fy >= 0 && fy + taps < h;
	}

	/**
	 * 1 at the pixels (x, y) whose box [x - before, x - before + taps]^2 holds a NaN pixel or one with
	 * a carried or no-data bit (the box covers every tap of a sample at floor position (x, y), one more
	 * for nearest's rounding), or null when no pixel is flagged: frames have few flagged pixels, so
	 * most output pixels skip the taps altogether. Built from the flagged pixels alone.
	 */
	private static byte[] near(int[] dq, DqBits bits, byte[] nan, int w, int h, int before, int taps) {
		if (dq == null && nan == null) return null;
		int any = bits.carry | bits.noDataInput;
		byte[] near = null;
		for (int q = 0; q < w * h; q++) {
			if (!(dq != null && (dq[q] & any) != 0 || nan != null && nan[q] != 0)) continue;
			if (near == null) near = new byte[w * h];
			int qx = q % w, qy = q / w;
			// anchors x with x - before <= qx <= x - before + taps
			int x0 = Math.max(0, qx + before - taps), x1 = Math.min(w - 1, qx + before);
			int ya = Math.max(0, qy + before - taps), yb = Math.min(h - 1, qy + before);
			for (int y = ya; y <= yb; y++) for (int x = x0; x <= x1; x++) near[y * w + x] = 1;
		}
		return near;
	}

	/** The no-data and edge bits of the resampled image when the input has no DQ bits. */
	public int[] dq(float[] source, Warp warp, DqBits bits) {
		return dq((int[]) null, source, warp, bits);
	}

	/** {@link #dq(int[], float[], Warp, DqBits)} for 16-bit masks (bits 0-15). */
	public short[] dq(short[] dq, float[] source, Warp warp, DqBits bits) {
		int[] in = null;
		if (dq != null) {
			in = new int[dq.length];
			for (int i = 0; i < dq.length; i++) in[i] = dq[i] & 0xffff;
		}
		int[] r = dq(in, source, warp, bits);
		short[] out = new short[r.length];
		for (int i = 0; i < r.length; i++) out[i] = (short) r[i];
		return out;
	}

	private double fluxGain(Warp warp) {
		return conserveFlux ? 1 / Math.abs(warp.transform().det()) : 1;
	}

	/**
	 * Evaluates every output pixel: sum of weight x data over the taps (mirrored at the edges), times
	 * gain, square-rooted for variances; {@code fillValue} outside; NaN where a footprint tap of the
	 * interpolation has a non-zero weight on a masked pixel.
	 */
	private float[] sample(float[] data, byte[] mask, Warp warp, Axis axis, double gain, boolean root, float fillValue) {
		int w = warp.sourceWidth(), h = warp.sourceHeight(), W = warp.width(), H = warp.height();
		double[] m = warp.outputToSourceMemory();
		float[] out = new float[W * H];
		Axis footprint = axis(interpolation);
		if (m[1] == 0 && m[3] == 0) {
			// axis-aligned (shifts, scales): the same weights for a whole output row or column
			AxisTable tx = new AxisTable(W, m[0], m[2], w, axis), ty = new AxisTable(H, m[4], m[5], h, axis);
			AxisTable fx = mask == null ? null : new AxisTable(W, m[0], m[2], w, footprint);
			AxisTable fy = mask == null ? null : new AxisTable(H, m[4], m[5], h, footprint);
			Parallel.forRange(H, 8, (y0, y1) -> {
				double[] row = new double[w];
				boolean[] rowMask = mask == null ? null : new boolean[w];
				for (int Y = y0; Y < y1; Y++) {
					int o = Y * W;
					if (!ty.valid[Y]) {
						Arrays.fill(out, o, o + W, fillValue);
						continue;
					}
					Arrays.fill(row, 0);
					for (int k = 0, t = Y * ty.taps; k < ty.taps; k++, t++) {
						double wk = ty.w[t];
						if (wk == 0) continue;
						int r = ty.index[t] * w;
						for (int x = 0; x < w; x++) row[x] += wk * data[r + x];
					}
					if (rowMask != null) {
						Arrays.fill(rowMask, false);
						for (int k = 0, t = Y * fy.taps; k < fy.taps; k++, t++) {
							if (fy.w[t] == 0) continue;
							int r = fy.index[t] * w;
							for (int x = 0; x < w; x++) rowMask[x] |= mask[r + x] != 0;
						}
					}
					for (int X = 0; X < W; X++) {
						if (!tx.valid[X]) {
							out[o + X] = fillValue;
							continue;
						}
						double s = 0;
						for (int k = 0, t = X * tx.taps; k < tx.taps; k++, t++) if (tx.w[t] != 0) s += tx.w[t] * row[tx.index[t]];
						if (rowMask != null) {
							for (int k = 0, t = X * fx.taps; k < fx.taps; k++, t++) if (fx.w[t] != 0 && rowMask[fx.index[t]]) s = Double.NaN;
						}
						out[o + X] = (float) (gain * (root ? Math.sqrt(s) : s));
					}
				}
			});
			return out;
		}
		if (!root && mask == null && interpolation == Interpolation.CUBIC) return cubic(data, warp, axis, gain, fillValue, out);
		int taps = axis.taps(), ftaps = footprint.taps();
		Parallel.forRange(H, 8, (y0, y1) -> {
			double[] wx = new double[taps], wy = new double[taps], fwx = new double[ftaps], fwy = new double[ftaps];
			for (int Y = y0; Y < y1; Y++) {
				int o = Y * W;
				double rowX = m[1] * Y, rowY = m[4] * Y;
				for (int X = 0; X < W; X++) {
					double sx = m[0] * X + rowX + m[2], sy = m[3] * X + rowY + m[5];
					if (!inside(sx, w) || !inside(sy, h)) {
						out[o + X] = fillValue;
						continue;
					}
					int ix = axis.weights(sx, wx), iy = axis.weights(sy, wy);
					double s = 0;
					if (ix >= 0 && ix + taps <= w && iy >= 0 && iy + taps <= h) {
						for (int j = 0; j < taps; j++) {
							if (wy[j] == 0) continue;
							int r = (iy + j) * w + ix;
							double t = 0;
							for (int i = 0; i < taps; i++) if (wx[i] != 0) t += wx[i] * data[r + i];
							s += wy[j] * t;
						}
					}
					else s = mirrored(data, w, h, taps, ix, iy, wx, wy);
					if (mask != null && touches(mask, footprint, sx, sy, w, h, fwx, fwy)) s = Double.NaN;
					out[o + X] = (float) (gain * (root ? Math.sqrt(s) : s));
				}
			}
		});
		return out;
	}

	/**
	 * The common case on its own: cubic spline coefficients (never NaN: bridged) through any affine
	 * map. Each output row is split into its interior run (every tap inside the source), found first
	 * from both ends, and the rest (fill value or mirrored taps): the run needs no tests, its B-spline
	 * weights are Horner polynomials without divisions (measured 1.3x faster than the weights of
	 * {@link Kernels#bspline} written out with tests per pixel). The last bits of the double weights
	 * change, so the float results are the same but for rare roundings (none in 144 interpolation x
	 * transform x NaN/DQ cases hashed against the previous loop). Not {@link Math#fma}: 1.2x faster
	 * still where the hardware has it, but computed in software (~100x slower) on x86 before 2013, and
	 * asking the JVM which costs ~30 ms of a cold start. Maps close to a shift (registration) run their
	 * interior in float segments instead ({@link CubicSegments}: 2.6x faster, within 4e-7 relative).
	 */
	private static float[] cubic(float[] data, Warp warp, Axis axis, double gain, float fillValue, float[] out) {
		int w = warp.sourceWidth(), h = warp.sourceHeight(), W = warp.width(), H = warp.height();
		double[] m = warp.outputToSourceMemory();
		double m0 = m[0], m2 = m[2], m3 = m[3], m5 = m[5];
		boolean segments = CubicSegments.suits(m);
		Parallel.forRange(H, 8, (y0, y1) -> {
			double[] wx = new double[4], wy = new double[4];
			CubicSegments runs = segments ? new CubicSegments() : null;
			for (int Y = y0; Y < y1; Y++) {
				int o = Y * W;
				double rowX = m[1] * Y, rowY = m[4] * Y;
				// the positions along a row are monotonic in X, so the interior is one run [a, b)
				int a = 0, b = W;
				while (a < W && !interior(m0 * a + rowX + m2, w, m3 * a + rowY + m5, h)) a++;
				while (b > a && !interior(m0 * (b - 1) + rowX + m2, w, m3 * (b - 1) + rowY + m5, h)) b--;
				if (runs != null) runs.run(data, w, m0, rowX, m2, m3, rowY, m5, (float) gain, out, o, a, b);
				else cubicRun(data, w, m0, rowX, m2, m3, rowY, m5, gain, out, o, a, b);
				for (int X = 0; X < W; X++) {
					if (X == a) X = b;
					if (X == W) break;
					double sx = m0 * X + rowX + m2, sy = m3 * X + rowY + m5;
					if (!(sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1)) out[o + X] = fillValue;
					else out[o + X] = (float) (gain * mirrored(data, w, h, 4, axis.weights(sx, wx), axis.weights(sy, wy), wx, wy));
				}
			}
		});
		return out;
	}

	/** Whether the 4 x 4 cubic taps of (sx, sy), floor - 1 .. floor + 2 on each axis, all lie in the w x h source. */
	private static boolean interior(double sx, int w, double sy, int h) {
		return sx >= 1 && sx < w - 2 && sy >= 1 && sy < h - 2;
	}

	private static final double SIXTH = 1.0 / 6, TWO_THIRDS = 2.0 / 3;

	/** The output pixels [a, b) of one row, all of whose taps are inside the source. */
	private static void cubicRun(float[] c, int w, double m0, double rowX, double m2, double m3, double rowY, double m5,
		double gain, float[] out, int o, int a, int b)
	{
		for (int X = a; X < b; X++) {
			double sx = m0 * X + rowX + m2, sy = m3 * X + rowY + m5;
			int ix = (int) sx, iy = (int) sy; // floor: both are >= 1
			// B-spline weights of the taps -1..2: (1-f)^3/6, 2/3 + f^2 (f/2 - 1), the same of 1-f, f^3/6
			double fx = sx - ix, gx = 1 - fx, fx2 = fx * fx, gx2 = gx * gx;
			double x0 = gx2 * gx * SIXTH, x1 = fx2 * (0.5 * fx - 1) + TWO_THIRDS;
			double x2 = gx2 * (0.5 * gx - 1) + TWO_THIRDS, x3 = fx2 * fx * SIXTH;
			double fy = sy - iy, gy = 1 - fy, fy2 = fy * fy, gy2 = gy * gy;
			double y0 = gy2 * gy * SIXTH, y1 = fy2 * (0.5 * fy - 1) + TWO_THIRDS;
			double y2 = gy2 * (0.5 * gy - 1) + TWO_THIRDS, y3 = fy2 * fy * SIXTH;
			int r = (iy - 1) * w + ix - 1;
			double t0 = x0 * c[r] + x1 * c[r + 1] + x2 * c[r + 2] + x3 * c[r + 3];
			r += w;
			double t1 = x0 * c[r] + x1 * c[r + 1] + x2 * c[r + 2] + x3 * c[r + 3];
			r += w;
			double t2 = x0 * c[r] + x1 * c[r + 1] + x2 * c[r + 2] + x3 * c[r + 3];
			r += w;
			double t3 = x0 * c[r] + x1 * c[r + 1] + x2 * c[r + 2] + x3 * c[r + 3];
			out[o + X] = (float) (gain * (y0 * t0 + y1 * t1 + y2 * t2 + y3 * t3));
		}
	}

	/** The taps mirrored at the edges. */
	private static double mirrored(float[] data, int w, int h, int taps, int ix, int iy, double[] wx, double[] wy) {
		double s = 0;
		for (int j = 0; j < taps; j++) {
			if (wy[j] == 0) continue;
			int r = Kernels.mirror(iy + j, h) * w;
			double t = 0;
			for (int i = 0; i < taps; i++) if (wx[i] != 0) t += wx[i] * data[r + Kernels.mirror(ix + i, w)];
			s += wy[j] * t;
		}
		return s;
	}

	/** Whether a non-zero-weight tap of the footprint at (sx, sy) is a masked pixel. */
	private static boolean touches(byte[] mask, Axis footprint, double sx, double sy, int w, int h, double[] wx, double[] wy) {
		int ix = footprint.weights(sx, wx), iy = footprint.weights(sy, wy), taps = footprint.taps();
		for (int j = 0; j < taps; j++) {
			if (wy[j] == 0) continue;
			int r = Kernels.mirror(iy + j, h) * w;
			for (int i = 0; i < taps; i++) if (wx[i] != 0 && mask[r + Kernels.mirror(ix + i, w)] != 0) return true;
		}
		return false;
	}

	/** The sample position is on the source: scipy's constant mode keeps [0, n - 1], both ends included. */
	static boolean inside(double s, int n) {
		return s >= 0 && s <= n - 1;
	}

	/** Weights and mirrored tap indices of every output row or column of an axis-aligned warp. */
	private static final class AxisTable {
		final int taps;
		final boolean[] valid;
		final double[] w;
		final int[] index;

		AxisTable(int n, double scale, double offset, int sourceN, Axis axis) {
			taps = axis.taps();
			valid = new boolean[n];
			w = new double[n * taps];
			index = new int[n * taps];
			double[] wk = new double[taps];
			for (int i = 0; i < n; i++) {
				double s = scale * i + offset;
				valid[i] = inside(s, sourceN);
				if (!valid[i]) continue;
				int first = axis.weights(s, wk);
				for (int k = 0; k < taps; k++) {
					w[i * taps + k] = wk[k];
					index[i * taps + k] = Kernels.mirror(first + k, sourceN);
				}
			}
		}
	}

	private static Axis axis(Interpolation interpolation) {
		return new Axis() {
			@Override
			public int taps() {
				return interpolation.taps;
			}

			@Override
			public int weights(double x, double[] w) {
				return Kernels.weights(interpolation, x, w);
			}
		};
	}

	private static Axis squared(Axis a) {
		return new Axis() {
			@Override
			public int taps() {
				return a.taps();
			}

			@Override
			public int weights(double x, double[] w) {
				int first = a.weights(x, w);
				for (int k = 0; k < w.length; k++) w[k] *= w[k];
				return first;
			}
		};
	}

	/** Squared weights of the cubic spline on the original pixels (the cardinal spline). */
	private static Axis cardinalSquared() {
		return new Axis() {
			private final ThreadLocal<double[]> spline = ThreadLocal.withInitial(() -> new double[4]);

			@Override
			public int taps() {
				return Kernels.CARDINAL_TAPS;
			}

			@Override
			public int weights(double x, double[] w) {
				int i = (int) Math.floor(x);
				Kernels.cardinal(x - i, spline.get(), w);
				for (int k = 0; k < w.length; k++) w[k] *= w[k];
				return i - 1 - Kernels.CARDINAL_TAIL;
			}
		};
	}

	private static void checkSize(String name, float[] a, int w, int h) {
		if (a == null) throw new IllegalArgumentException(name + ": no pixels given");
		if (a.length != (long) w * h) throw new IllegalArgumentException(name + " array of length " + a.length +
			" does not fit the source size " + w + "x" + h);
	}

	/**
	 * 1 where the pixel is NaN, or null when none is. Rows are first screened in blocks: v - v is NaN
	 * for NaN and infinite v, summed per column over a copy of each row (loops over lines at [x], which
	 * the JIT vectorises: 2x faster than testing each pixel); only a block that shows one is tested pixel
	 * by pixel.
	 */
	static byte[] nanMask(float[] a, int w, int h) {
		boolean[] any = new boolean[h];
		Parallel.forRange(h, 64, (y0, y1) -> {
			float[] line = new float[w], sum = new float[w];
			for (int y = y0; y < y1; y++) {
				System.arraycopy(a, y * w, line, 0, w);
				for (int x = 0; x < w; x++) sum[x] += line[x] - line[x];
			}
			boolean finite = true;
			for (int x = 0; x < w; x++) finite &= sum[x] == 0;
			if (finite) return;
			for (int y = y0; y < y1; y++) for (int p = y * w; p < (y + 1) * w; p++) if (a[p] != a[p]) {
				any[y] = true;
				break;
			}
		});
		boolean some = false;
		for (boolean b : any) some |= b;
		if (!some) return null;
		byte[] mask = new byte[a.length];
		for (int p = 0; p < a.length; p++) if (a[p] != a[p]) mask[p] = 1;
		return mask;
	}

	/**
	 * A copy with NaN runs bridged by linear interpolation along rows (the nearest value past a row's
	 * end), then along columns for rows with no value at all; 0 if the image has none.
	 */
	static float[] bridgeNaN(float[] a, byte[] nan, int w, int h) {
		float[] c = a.clone();
		boolean[] empty = new boolean[h];
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int y = y0; y < y1; y++) empty[y] = !bridge(c, y * w, 1, w);
		});
		boolean anyEmpty = false;
		for (boolean e : empty) anyEmpty |= e;
		if (anyEmpty) {
			Parallel.forRange(w, 64, (x0, x1) -> {
				for (int x = x0; x < x1; x++) if (!bridge(c, x, w, h)) for (int y = 0; y < h; y++) c[y * w + x] = 0;
			});
		}
		return c;
	}

	/** Bridges the NaN runs of one line in place; false if the line has no finite value. */
	private static boolean bridge(float[] c, int offset, int stride, int n) {
		int prev = -1;
		for (int k = 0; k <= n; k++) {
			boolean finite = k < n && c[offset + k * stride] == c[offset + k * stride];
			if (k < n && !finite) continue;
			if (k > prev + 1) {
				// a gap (prev, k): interpolate, or extend the value on its one finite side
				if (prev < 0 && k == n) return false;
				float a = prev >= 0 ? c[offset + prev * stride] : c[offset + k * stride];
				float b = k < n ? c[offset + k * stride] : a;
				for (int j = prev + 1; j < k; j++) {
					double t = prev < 0 || k == n ? 0 : (double) (j - prev) / (k - prev);
					c[offset + j * stride] = (float) (a + t * (b - a));
				}
			}
			prev = k;
		}
		return true;
	}
}
