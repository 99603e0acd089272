package org.astrofiji.core.stats;

import java.util.Arrays;
import java.util.Locale;

import org.astrofiji.core.Parallel;

/**
 * Exact median filters of row-major float images: square k x k windows, 1-D windows along rows or
 * columns, and the separable median (rows, then columns) that astroscrappy uses.
 * <p>
 * Speed comes from reusing work between neighbouring pixels rather than sorting every window from
 * scratch. Square windows of 3, 5 and 7: every column of the window rows is sorted once per output
 * row, then 4 adjacent windows share the merge of their common columns in a selection network
 * ({@link MedianNetworks}); larger windows keep the window sorted while moving along a row (the
 * leaving column taken out and the entering one merged in, two branch-free passes). 1-D windows of
 * 3 to 9 also find 4 neighbouring medians per shared network; larger ones slide a sorted window.
 * All comparisons run on integer keys that order floats exactly (negative zero before zero), so the
 * result is the exact median of each window.
 * <p>
 * NaN means no data: a window's median is taken over its non-NaN values (the mean of the middle two
 * when their number is even), and is NaN when all are NaN. Borders: {@link Border}. Work is split
 * over rows with {@link Parallel}; the result does not depend on the number of threads.
 */
public final class MedianFilter {

	/** What the window sees beyond the image edge. */
	public enum Border {
		/** Zeros, as scipy.signal.medfilt pads. */
		ZERO,
		/** The image mirrored about its edge, edge pixel repeated (d c b a | a b c d), as scipy.ndimage's 'reflect'. */
		REFLECT,
		/**
		 * No padding: pixels closer to the edge than half the window keep their input value (astroscrappy's
		 * convention; for the separable filter, the whole border band of half the window keeps the input).
		 */
		COPY;

		/** By name, any case ("zero", "reflect", "copy"). */
		public static Border of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException | NullPointerException e) {
				throw new IllegalArgumentException("border must be zero, reflect or copy (got '" + name + "')");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private static final int NAN_KEY = key(Float.NaN);
	/** Larger than every key of a float (NaN is canonicalized to {@link #NAN_KEY}). */
	private static final int SENTINEL = Integer.MAX_VALUE;
	private static final int MIN_ROWS = 8;

	private MedianFilter() {}

	/** The k x k median (k odd, at least 1) of a w x h image. */
	public static float[] square(float[] data, int w, int h, int size, Border border) {
		check(data, w, h, size);
		float[] out = new float[data.length];
		if (size == 1) {
			System.arraycopy(data, 0, out, 0, data.length);
			return out;
		}
		int r = size / 2;
		if (border == Border.COPY) {
			System.arraycopy(data, 0, out, 0, data.length);
			if (w < size || h < size) return out;
			valid(keys(data), w, h, size, out, w, r, r);
		}
		else {
			int pw = w + 2 * r, ph = h + 2 * r;
			valid(padded(data, w, h, r, border), pw, ph, size, out, w, 0, 0);
		}
		return out;
	}

	/** The 1-D median over {@code size} neighbours along each row (x). */
	public static float[] alongRows(float[] data, int w, int h, int size, Border border) {
		check(data, w, h, size);
		return values(rowKeys(data, w, h, size, border, hasNaN(data), new int[data.length]));
	}

	/** The 1-D median over {@code size} neighbours along each column (y). */
	public static float[] alongColumns(float[] data, int w, int h, int size, Border border) {
		check(data, w, h, size);
		return columns(keys(data), w, h, size, border, hasNaN(data), data, false, new float[data.length]);
	}

	/**
	 * The separable median: 1-D medians along rows, then along the columns of that result. Not the
	 * same as the square median, but close and much cheaper. With {@link Border#COPY} this is
	 * astroscrappy's {@code sepmedfilt}: the band of half the window along all four edges keeps the
	 * input values.
	 */
	public static float[] separable(float[] data, int w, int h, int size, Border border) {
		return separable(data, w, h, size, border, null, null);
	}

	/**
	 * {@link #separable(float[], int, int, int, Border)} into {@code out} (a new array when null), using
	 * the workspace's buffers (none when null): for repeated filtering without allocating.
	 */
	public static float[] separable(float[] data, int w, int h, int size, Border border, float[] out, Workspace ws) {
		check(data, w, h, size);
		if (out != null && out.length != data.length) throw new IllegalArgumentException("output array does not fit " + w + "x" + h);
		if (out == data) throw new IllegalArgumentException("the output array must not be the input");
		boolean nan = hasNaN(data);
		int[] keys = ws == null ? new int[data.length] : ws.keys(data.length);
		return columns(rowKeys(data, w, h, size, border, nan, keys), w, h, size, border, nan, data, true,
			out == null ? new float[data.length] : out);
	}

	/** Buffers reused by repeated calls on images of one size; one per thread of the caller. */
	public static final class Workspace {

		private int[] keys;

		int[] keys(int n) {
			if (keys == null || keys.length != n) keys = new int[n];
			return keys;
		}
	}

	// ---------------------------------------------------------------------------------------------
	// 1-D windows on keys

	/** Keys of the medians along rows; with COPY, the pixels within size/2 of the left and right edges keep theirs. */
	private static int[] rowKeys(float[] data, int w, int h, int size, Border border, boolean nan, int[] out) {
		int r = size / 2, t = MedianNetworks.TILE;
		boolean copy = border == Border.COPY;
		int nOut = copy ? Math.max(0, w - 2 * r) : w;
		Parallel.forRange(h, MIN_ROWS * 4, (y0, y1) -> {
			int[] line = new int[w + 2 * r + t];
			int[] med = new int[nOut + t];
			SlidingWindow window = new SlidingWindow(size);
			for (int y = y0; y < y1; y++) {
				int o = y * w;
				if (copy) {
					for (int x = 0; x < w; x++) line[x] = key(data[o + x]);
					for (int x = 0; x < Math.min(r, w); x++) out[o + x] = line[x];
					for (int x = Math.max(w - r, 0); x < w; x++) out[o + x] = line[x];
				}
				else {
					for (int x = 0; x < w + 2 * r; x++) {
						int sx = x - r;
						line[x] = sx >= 0 && sx < w ? key(data[o + sx]) : border == Border.ZERO ? 0 : key(data[o + reflect(sx, w)]);
					}
				}
				if (nOut == 0) continue;
				line1d(line, 1, nOut, size, nan, window, med);
				System.arraycopy(med, 0, out, o + (copy ? r : 0), nOut);
			}
		});
		return out;
	}

	/**
	 * Medians along the columns of a key image, as floats. With COPY, the rows within size/2 of the top
	 * and bottom (and with {@code bandColumns} also the columns within size/2 of the sides) take the
	 * values of {@code band} instead.
	 */
	private static float[] columns(int[] keys, int w, int h, int size, Border border, boolean nan, float[] band,
		boolean bandColumns, float[] out)
	{
		int r = size / 2, t = MedianNetworks.TILE;
		boolean copy = border == Border.COPY;
		int nOut = copy ? Math.max(0, h - 2 * r) : h, first = copy ? r : 0;
		if (copy) {
			int head = Math.min(first, h);
			System.arraycopy(band, 0, out, 0, head * w);
			int tail = Math.max(head, h - r);
			System.arraycopy(band, tail * w, out, tail * w, (h - tail) * w);
		}
		if (nOut == 0) return out;
		int x0 = copy && bandColumns ? Math.min(r, w) : 0, x1 = copy && bandColumns ? Math.max(w - r, x0) : w;
		if (!nan && size <= 9) {
			int tiles = (nOut + t - 1) / t;
			Parallel.forRange(tiles, MIN_ROWS, (t0, t1) -> {
				int[] med = new int[t * w];
				int[] scratch = null;
				for (int ti = t0; ti < t1; ti++) {
					int y = first + ti * t; // first output row of the tile
					int sy = y - r, rowsRead = t + 2 * r;
					int[] src = keys;
					int off = sy * w;
					if (sy < 0 || sy + rowsRead > h) {
						// near the top or bottom: the rows this tile reads, padded as the border asks
						if (scratch == null) scratch = new int[rowsRead * w];
						for (int j = 0; j < rowsRead; j++) {
							int yy = sy + j;
							if (yy >= 0 && yy < h) System.arraycopy(keys, yy * w, scratch, j * w, w);
							else if (border == Border.REFLECT) System.arraycopy(keys, reflect(yy, h) * w, scratch, j * w, w);
							else java.util.Arrays.fill(scratch, j * w, (j + 1) * w, 0);
						}
						src = scratch;
						off = 0;
					}
					for (int x = 0; x < w; x++) lineN(size, src, off + x, w, med, x, w);
					int rows = Math.min(t, first + nOut - y);
					for (int j = 0; j < rows; j++) {
						int o = (y + j) * w;
						if (copy && bandColumns) {
							for (int x = 0; x < x0; x++) out[o + x] = band[o + x];
							for (int x = x1; x < w; x++) out[o + x] = band[o + x];
						}
						for (int x = x0, m = j * w + x0; x < x1; x++, m++) out[o + x] = value(med[m]);
					}
				}
			});
			return out;
		}
		// general case (NaN, or windows above 9): slide down each column
		Parallel.forRange(w, 16, (c0, c1) -> {
			int[] line = new int[h + 2 * r + t];
			int[] med = new int[nOut + t];
			SlidingWindow window = new SlidingWindow(size);
			for (int x = c0; x < c1; x++) {
				if (copy) for (int y = 0; y < h; y++) line[y] = keys[y * w + x];
				else {
					for (int y = 0; y < h + 2 * r; y++) {
						int sy = y - r;
						line[y] = sy >= 0 && sy < h ? keys[sy * w + x] : border == Border.ZERO ? 0 : keys[reflect(sy, h) * w + x];
					}
				}
				line1d(line, 1, nOut, size, nan, window, med);
				boolean bandColumn = x < x0 || x >= x1;
				for (int y = 0; y < nOut; y++) {
					int o = (first + y) * w + x;
					out[o] = bandColumn ? band[o] : value(med[y]);
				}
			}
		});
		return out;
	}

	/** Medians of the n windows line[i .. i + size) into out[i] (line has {@link MedianNetworks#TILE} spare entries). */
	private static void line1d(int[] line, int stride, int n, int size, boolean nan, SlidingWindow window, int[] out) {
		if (!nan && size <= 9) {
			for (int i = 0; i < n; i += MedianNetworks.TILE) lineN(size, line, i, 1, out, i, 1);
			return;
		}
		window.start(line, 0);
		for (int i = 0; i < n; i++) {
			if (i > 0) window.replace(line[i - 1], line[i + size - 1]);
			out[i] = key(window.median());
		}
	}

	/** {@link MedianNetworks#TILE} medians of windows of 1, 3, 5, 7 or 9 keys along a line. */
	private static void lineN(int size, int[] v, int off, int stride, int[] out, int o, int ostride) {
		switch (size) {
			case 1:
				for (int p = 0; p < MedianNetworks.TILE; p++) out[o + p * ostride] = v[off + p * stride];
				break;
			case 3:
				MedianNetworks.line3(v, off, stride, out, o, ostride);
				break;
			case 5:
				MedianNetworks.line5(v, off, stride, out, o, ostride);
				break;
			case 7:
				MedianNetworks.line7(v, off, stride, out, o, ostride);
				break;
			default:
				MedianNetworks.line9(v, off, stride, out, o, ostride);
		}
	}

	/** A sorted window of keys sliding along a line: one key leaves and one enters per step. */
	private static final class SlidingWindow {

		final int size;
		final int[] sorted;
		int nan;

		SlidingWindow(int size) {
			this.size = size;
			sorted = new int[size];
		}

		void start(int[] line, int from) {
			System.arraycopy(line, from, sorted, 0, size);
			Arrays.sort(sorted);
			nan = 0;
			for (int v : sorted) if (v == NAN_KEY) nan++;
		}

		void replace(int old, int nw) {
			int i = 0;
			while (sorted[i] != old) i++;
			if (nw > old) {
				while (i < size - 1 && sorted[i + 1] < nw) {
					sorted[i] = sorted[i + 1];
					i++;
				}
			}
			else {
				while (i > 0 && sorted[i - 1] > nw) {
					sorted[i] = sorted[i - 1];
					i--;
				}
			}
			sorted[i] = nw;
			nan += (nw == NAN_KEY ? 1 : 0) - (old == NAN_KEY ? 1 : 0);
		}

		float median() {
			return MedianFilter.median(sorted, size, nan);
		}
	}

	// ---------------------------------------------------------------------------------------------
	// square windows

	/**
	 * Medians of all k x k windows lying inside the pw x ph key image p ("valid" positions); the median
	 * of the window with top-left corner (x, y) goes to out[(y + oy) * outW + x + ox].
	 */
	private static void valid(int[] p, int pw, int ph, int k, float[] out, int outW, int ox, int oy) {
		int ny = ph - k + 1;
		if (k == 3 || k == 5 || k == 7) {
			Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> new NetworkSweep(p, pw, k).rows(y0, y1, out, outW, ox, oy));
		}
		else Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> new SquareSweep(p, pw, k).rows(y0, y1, out, outW, ox, oy));
	}

	/**
	 * One thread's state for the square filter of 3, 5 or 7: for each output row, every column of the
	 * window rows is sorted once, then {@link MedianNetworks} finds the medians of
	 * {@link MedianNetworks#TILE} adjacent windows at a time from those sorted columns.
	 */
	private static final class NetworkSweep {

		final int[] p;
		final int pw, k, nx, tiles;
		/** Column c's k keys of the current rows, sorted, at c * k (columns beyond the image hold 0). */
		final int[] cols;
		final int[] colNaN, medians, window;

		NetworkSweep(int[] p, int pw, int k) {
			this.p = p;
			this.pw = pw;
			this.k = k;
			nx = pw - k + 1;
			int t = MedianNetworks.TILE;
			tiles = (nx + t - 1) / t;
			cols = new int[(tiles * t + k - 1) * k];
			colNaN = new int[pw];
			medians = new int[tiles * t];
			window = new int[k * k];
		}

		void rows(int y0, int y1, float[] out, int outW, int ox, int oy) {
			int t = MedianNetworks.TILE, kk = k * k;
			for (int y = y0; y < y1; y++) {
				Arrays.fill(colNaN, 0);
				for (int j = 0; j < k; j++) {
					int row = (y + j) * pw;
					for (int c = 0, d = j; c < pw; c++, d += k) {
						int v = p[row + c];
						cols[d] = v;
						if (v == NAN_KEY) colNaN[c]++;
					}
				}
				if (k == 5) {
					for (int c = 0; c < pw; c++) MedianNetworks.sort5(cols, c * 5);
					for (int i = 0; i < tiles; i++) MedianNetworks.tile5(cols, i * t * 5, medians, i * t);
				}
				else if (k == 3) {
					for (int c = 0; c < pw; c++) MedianNetworks.sort3(cols, c * 3);
					for (int i = 0; i < tiles; i++) MedianNetworks.tile3(cols, i * t * 3, medians, i * t);
				}
				else {
					for (int c = 0; c < pw; c++) MedianNetworks.sort7(cols, c * 7);
					for (int i = 0; i < tiles; i++) MedianNetworks.tile7(cols, i * t * 7, medians, i * t);
				}
				int o = (y + oy) * outW + ox;
				int nan = 0;
				for (int c = 0; c < k - 1; c++) nan += colNaN[c];
				for (int x = 0; x < nx; x++) {
					nan += colNaN[x + k - 1];
					if (nan == 0) out[o + x] = value(medians[x]);
					else {
						// a window with NaN: the median of its other values
						System.arraycopy(cols, x * k, window, 0, kk);
						Arrays.sort(window);
						out[o + x] = median(window, kk, nan);
					}
					nan -= colNaN[x];
				}
			}
		}
	}

	/** One thread's state for the square filter: sorted columns and the sorted window. */
	private static final class SquareSweep {

		final int[] p;
		final int pw, k, n, stride;
		/** Column c's k keys of the current rows, sorted, at c * stride, then a sentinel. */
		final int[] cols;
		final int[] colNaN;
		final int[] window, rest;

		SquareSweep(int[] p, int pw, int k) {
			this.p = p;
			this.pw = pw;
			this.k = k;
			this.n = k * k;
			this.stride = k + 1;
			cols = new int[pw * stride];
			colNaN = new int[pw];
			window = new int[n];
			rest = new int[n - k + 1];
		}

		void rows(int y0, int y1, float[] out, int outW, int ox, int oy) {
			int nx = pw - k + 1;
			for (int c = 0; c < pw; c++) {
				int b = c * stride, nan = 0;
				for (int j = 0; j < k; j++) {
					int v = p[(y0 + j) * pw + c];
					cols[b + j] = v;
					if (v == NAN_KEY) nan++;
				}
				Arrays.sort(cols, b, b + k);
				cols[b + k] = SENTINEL;
				colNaN[c] = nan;
			}
			for (int y = y0; y < y1; y++) {
				if (y > y0) for (int c = 0; c < pw; c++) replace(c, p[(y - 1) * pw + c], p[(y + k - 1) * pw + c]);
				for (int c = 0; c < k; c++) System.arraycopy(cols, c * stride, window, c * k, k);
				Arrays.sort(window);
				int nan = 0;
				for (int c = 0; c < k; c++) nan += colNaN[c];
				int o = (y + oy) * outW + ox;
				for (int x = 0; x < nx; x++) {
					out[o + x] = median(window, n, nan);
					if (x + 1 < nx) {
						slide(x * stride, (x + k) * stride);
						nan += colNaN[x + k] - colNaN[x];
					}
				}
			}
		}

		/** In sorted column c, one key leaves and one enters. */
		private void replace(int c, int old, int nw) {
			int b = c * stride, i = b;
			while (cols[i] != old) i++;
			if (nw > old) {
				int end = b + k - 1;
				while (i < end && cols[i + 1] < nw) {
					cols[i] = cols[i + 1];
					i++;
				}
			}
			else {
				while (i > b && cols[i - 1] > nw) {
					cols[i] = cols[i - 1];
					i--;
				}
			}
			cols[i] = nw;
			colNaN[c] += (nw == NAN_KEY ? 1 : 0) - (old == NAN_KEY ? 1 : 0);
		}

		/** Takes the sorted column at {@code out} out of the window and merges the one at {@code in} into it. */
		private void slide(int out, int in) {
			int[] win = window, rst = rest, col = cols;
			int d = out, dv = col[d], o = 0;
			for (int i = 0; i < n; i++) {
				int v = win[i];
				int eq = v == dv ? 1 : 0;
				rst[o] = v;
				o += 1 - eq;
				d += eq;
				dv = col[d];
			}
			rst[n - k] = SENTINEL;
			int ia = 0, ib = in, a = rst[0], b = col[in];
			for (int i = 0; i < n; i++) {
				boolean takeA = a <= b;
				win[i] = takeA ? a : b;
				ia += takeA ? 1 : 0;
				ib += takeA ? 0 : 1;
				a = rst[ia];
				b = col[ib];
			}
		}
	}

	/** Median of a sorted key window whose last {@code nan} keys are NaN. */
	private static float median(int[] sorted, int n, int nan) {
		if (nan == 0) return value(sorted[n >> 1]);
		int m = n - nan;
		if (m == 0) return Float.NaN;
		if ((m & 1) == 1) return value(sorted[m >> 1]);
		return (float) (((double) value(sorted[(m >> 1) - 1]) + value(sorted[m >> 1])) / 2);
	}

	// ---------------------------------------------------------------------------------------------
	// keys, padding, checks

	/** An int that orders like the float (NaN canonical and above +infinity, -0 before 0). */
	static int key(float v) {
		int b = Float.floatToIntBits(v);
		return b ^ ((b >> 31) & 0x7fffffff);
	}

	static float value(int key) {
		return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
	}

	private static float[] values(int[] keys) {
		float[] v = new float[keys.length];
		Parallel.forRange(keys.length, 1 << 16, (a, b) -> {
			for (int i = a; i < b; i++) v[i] = value(keys[i]);
		});
		return v;
	}

	private static int[] keys(float[] data) {
		int[] k = new int[data.length];
		Parallel.forRange(data.length, 1 << 16, (a, b) -> {
			for (int i = a; i < b; i++) k[i] = key(data[i]);
		});
		return k;
	}

	/** Keys of the image with r rows and columns of padding on every side. */
	private static int[] padded(float[] data, int w, int h, int r, Border border) {
		int pw = w + 2 * r, ph = h + 2 * r;
		int[] p = new int[pw * ph];
		Parallel.forRange(ph, MIN_ROWS * 4, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int sy = y - r, o = y * pw;
				if (sy < 0 || sy >= h) {
					if (border == Border.ZERO) continue; // key(0f) == 0
					sy = reflect(sy, h);
				}
				int so = sy * w;
				for (int x = 0; x < pw; x++) {
					int sx = x - r;
					if (sx >= 0 && sx < w) p[o + x] = key(data[so + sx]);
					else if (border == Border.REFLECT) p[o + x] = key(data[so + reflect(sx, w)]);
				}
			}
		});
		return p;
	}

	/** Index i mirrored into [0, n) about the edges, edge repeated: -1 -> 0, n -> n - 1. */
	static int reflect(int i, int n) {
		int period = 2 * n;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - 1 - m;
	}

	private static boolean hasNaN(float[] data) {
		for (float v : data) if (v != v) return true;
		return false;
	}

	private static void check(float[] data, int w, int h, int size) {
		if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("median filter size must be odd and at least 1 (got " +
			size + ")");
		if (w < 1 || h < 1 || data.length != (long) w * h) throw new IllegalArgumentException("pixel array of length " +
			data.length + " does not fit " + w + "x" + h);
	}
}
