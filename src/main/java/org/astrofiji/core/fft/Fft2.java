package org.astrofiji.core.fft;

import org.astrofiji.core.Parallel;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * 2-D discrete Fourier transforms of real fields on an nx &times; ny grid (JTransforms), two real
 * fields at a time: a complex array holding field a in its real parts and field b in its imaginary
 * parts is transformed once, and the two spectra are read back with {@link #split} from the
 * transform at k and at &minus;k (both fields real, so their spectra are Hermitian). The inverse
 * works the same way: the sum A + iB of two Hermitian spectra transforms back to a + ib. This halves
 * the transforms of image subtraction and coaddition, which handle real images, kernels and
 * variance maps in pairs.
 * <p>
 * Arrays are interleaved complex, row-major: index 2 (y nx + x) holds the real part of point (x, y)
 * and the next the imaginary part; frequencies follow the array indices (0 first, negative ones in
 * the upper half, as numpy's {@code fftfreq}). The forward transform is unnormalized (the spectrum at
 * 0 is the sum), the inverse divides by nx ny, so a unit-sum kernel has spectrum 1 at 0. Not
 * thread-safe: one instance per thread.
 * <p>
 * A field known to be zero outside a band of rows (a PSF stamp on a tile's grid) is transformed by
 * {@link #forward(double[], int, int)} with the row pass on the band only: JTransforms' 2-D class runs
 * 1-D transforms of every row, then of every column (copied out), on grids that are not powers of two on
 * both axes; the same 1-D plans are run here, so the spectrum has the same bits.
 */
public final class Fft2 {

	/** Columns copied out together in the column pass (a column alone reads one value per cache line). */
	private static final int COLUMN_BLOCK = 4;

	private final int nx, ny;
	private final DoubleFFT_2D fft;
	/** JTransforms' 1-D plans of a row (nx points) and a column (ny points), for bands; made when first needed. */
	private DoubleFFT_1D rowPlan, columnPlan;

	public Fft2(int nx, int ny) {
		if (nx < 1 || ny < 1) throw new IllegalArgumentException("FFT grid must be at least 1x1 (got " + nx + "x" + ny + ")");
		this.nx = nx;
		this.ny = ny;
		this.fft = new DoubleFFT_2D(ny, nx);
	}

	/**
	 * JTransforms spreads a large 2-D transform over its own threads (JLargeArrays' ConcurrencyUtils),
	 * as many as the machine has cores whatever {@code astrofiji.threads} says: a "1 thread" run used
	 * two for its transforms, and tiles or frames transformed side by side started two each. Its count
	 * is set to this thread's share ({@link Parallel#threadsHere}) before each transform; the split
	 * into rows and columns does not change a result.
	 */
	private static void matchThreads() {
		int n = Parallel.threadsHere();
		if (ConcurrencyUtils.getNumberOfThreads() != n) ConcurrencyUtils.setNumberOfThreads(n);
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	/** Points of the grid. */
	public int points() {
		return nx * ny;
	}

	/** A new interleaved complex array of the grid, zero. */
	public double[] newArray() {
		return new double[2 * nx * ny];
	}

	/** The unnormalized forward transform, in place. */
	public void forward(double[] a) {
		matchThreads();
		fft.complexForward(a);
	}

	/**
	 * The forward transform of a field that is zero outside the grid rows [y0, y1), taken cyclically
	 * (y0 may be negative: rows ny + y0..ny &minus; 1 and 0..y1 &minus; 1, e.g. a stamp centred on point 0).
	 * A band of at most half the rows gets the row pass on its rows only (a 21-row stamp on a 600x768
	 * grid: 0.6 of a full transform's time); a wider one, or a power-of-two grid (the 2-D class runs
	 * another algorithm there), the full transform: the few rows saved did not pay for running the
	 * passes outside the 2-D class (tiles' halo rows, 11 % of the rows: no gain measured).
	 */
	public void forward(double[] a, int y0, int y1) {
		if (a.length != 2 * nx * ny) throw new IllegalArgumentException("array of " + a.length + " values for a " + nx + "x" + ny +
			" complex grid");
		int rows = Math.max(0, y1 - y0);
		if (2 * rows > ny || (nx & (nx - 1)) == 0 && (ny & (ny - 1)) == 0) {
			forward(a);
			return;
		}
		if (rows == 0) return; // all zero
		plans();
		matchThreads();
		Parallel.forRange(rows, 16, (r0, r1) -> {
			for (int r = r0; r < r1; r++) rowPlan.complexForward(a, 2 * Math.floorMod(y0 + r, ny) * nx);
		});
		columns(a);
	}

	private void plans() {
		if (rowPlan == null) {
			rowPlan = new DoubleFFT_1D(nx);
			columnPlan = new DoubleFFT_1D(ny);
		}
	}

	/** 1-D forward transforms of every column (copied out in blocks). */
	private void columns(double[] a) {
		int stride = 2 * nx, blocks = (nx + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
		Parallel.forRange(blocks, 4, (b0, b1) -> {
			double[] t = new double[2 * ny * COLUMN_BLOCK];
			for (int b = b0; b < b1; b++) {
				int x0 = b * COLUMN_BLOCK, n = Math.min(COLUMN_BLOCK, nx - x0);
				for (int y = 0, i = 2 * x0; y < ny; y++, i += stride) {
					for (int k = 0, o = 2 * y; k < n; k++, o += 2 * ny) {
						t[o] = a[i + 2 * k];
						t[o + 1] = a[i + 2 * k + 1];
					}
				}
				for (int k = 0; k < n; k++) columnPlan.complexForward(t, 2 * ny * k);
				for (int y = 0, i = 2 * x0; y < ny; y++, i += stride) {
					for (int k = 0, o = 2 * y; k < n; k++, o += 2 * ny) {
						a[i + 2 * k] = t[o];
						a[i + 2 * k + 1] = t[o + 1];
					}
				}
			}
		});
	}

	/** The inverse transform divided by nx ny, in place. */
	public void inverse(double[] a) {
		matchThreads();
		fft.complexInverse(a, true);
	}

	/**
	 * The inverse transform for a caller that reads only the rows [y0, y1) (a tile's output rows): the
	 * other rows may hold anything. Today the whole grid is transformed: a row-and-column pass of our own
	 * that finished only those rows (and skipped all-zero rows forward) measured 15-30 % more CPU per
	 * transform than JTransforms' 2-D class at 600x768 and 720² (docs/dev/zogy.md, round zogy7).
	 */
	public void inverse(double[] a, int y0, int y1) {
		if (y0 < 0 || y1 > ny || y0 > y1) throw new IllegalArgumentException("rows " + y0 + ".." + y1 + " are not within 0.." + ny);
		matchThreads();
		fft.complexInverse(a, true);
	}

	/** The point index of frequency &minus;k for the point index p of k (0 &le; p &lt; nx ny). */
	public int mirror(int p) {
		int x = p % nx, y = p / nx;
		return ((ny - y) % ny) * nx + (nx - x) % nx;
	}

	/** The first point index of the row that mirrors row v: with {@link #mirror(int, int)}, a row's mirrors without a division per point. */
	public int mirrorRow(int v) {
		return ((ny - v) % ny) * nx;
	}

	/** {@link #mirror(int)} of the point at column u of a row, given {@link #mirrorRow} of that row. */
	public int mirror(int mirrorRow, int u) {
		return mirrorRow + (u == 0 ? 0 : nx - u);
	}

	/**
	 * Adds a size &times; size stamp, centred (its pixel size / 2 on point 0, the rest wrapped around), to
	 * the real (part 0) or imaginary (part 1) values of the grid {@code c}.
	 */
	public void placeCentred(double[] c, double[] stamp, int size, int part) {
		int r = size / 2;
		for (int j = 0; j < size; j++) {
			int gy = Math.floorMod(j - r, ny);
			for (int i = 0; i < size; i++) c[2 * (gy * nx + Math.floorMod(i - r, nx)) + part] += stamp[j * size + i];
		}
	}

	/**
	 * e<sup>&minus;2&pi;i f s</sup> for the n frequencies f of an axis, interleaved into {@code ph} (2n values): the
	 * spectrum's factor for a shift by s points; real at the Nyquist frequency (cos &pi;s), so a shifted real
	 * field's spectrum stays Hermitian.
	 */
	public static void shiftPhases(double[] ph, int n, double s) {
		for (int i = 0; i < n; i++) {
			if (isNyquist(i, n)) {
				ph[2 * i] = Math.cos(Math.PI * s);
				ph[2 * i + 1] = 0;
			}
			else {
				double t = -2 * Math.PI * frequency(i, n) * s;
				ph[2 * i] = Math.cos(t);
				ph[2 * i + 1] = Math.sin(t);
			}
		}
	}

	/**
	 * The spectra A and B at point p of two real fields transformed together as a + ib ({@code x}),
	 * given the point q = {@link #mirror}(p): out = {Re A, Im A, Re B, Im B}. A(k) = (X(k) + X(&minus;k)*)
	 * / 2, B(k) = (X(k) &minus; X(&minus;k)*) / 2i.
	 */
	public static void split(double[] x, int p, int q, double[] out) {
		double pr = x[2 * p], pi = x[2 * p + 1], qr = x[2 * q], qi = x[2 * q + 1];
		out[0] = 0.5 * (pr + qr);
		out[1] = 0.5 * (pi - qi);
		out[2] = 0.5 * (pi + qi);
		out[3] = -0.5 * (pr - qr);
	}

	/**
	 * The signed frequency of index i on an axis of n points, in cycles per point: i / n for i &lt;
	 * n / 2, (i &minus; n) / n above; the Nyquist index n / 2 of an even n gives &minus;1/2.
	 */
	public static double frequency(int i, int n) {
		return (2 * i < n ? i : i - n) / (double) n;
	}

	/** Whether index i is the Nyquist frequency of an even axis of n points (its own mirror, but not 0). */
	public static boolean isNyquist(int i, int n) {
		return n % 2 == 0 && 2 * i == n;
	}

	/**
	 * The smallest 2<sup>a</sup> 3<sup>b</sup> 5<sup>c</sup> at least n: lengths JTransforms transforms by its
	 * fast mixed-radix plans (a power of two alone can be slower at large sizes, by cache effects).
	 */
	public static int smooth(int n) {
		if (n < 1) throw new IllegalArgumentException("FFT length must be at least 1 (got " + n + ")");
		for (int m = n;; m++) {
			int r = m;
			for (int f : new int[] { 2, 3, 5 }) while (r % f == 0) r /= f;
			if (r == 1) return m;
		}
	}
}
