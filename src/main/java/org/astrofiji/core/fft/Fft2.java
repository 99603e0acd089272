package org.astrofiji.core.fft;

import org.astrofiji.core.Parallel;
import org.jtransforms.fft.DoubleFFT_1D;

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
 * 0 is the sum), the inverse divides by nx ny, so a unit-sum kernel has spectrum 1 at 0.
 * <p>
 * The 2-D transform is done here as rows then columns of JTransforms' 1-D plans (its own 2-D class
 * threads on its own pool, whatever {@link Parallel} says, and two tiles transformed at once then ran 4
 * threads on 2 cores): the rows and the blocks of columns are spread by {@link Parallel}, each line is
 * transformed alike whoever runs it, so results are the same for any thread count. Rows that are all
 * zero (zero padding, a PSF stamp) are skipped in the forward transform, and {@link #inverse(double[],
 * int, int)} finishes only the rows asked for. One instance may be used by one thread at a time.
 */
public final class Fft2 {

	/** Columns gathered per block of the column pass (contiguous copies, whole cache lines). */
	private static final int BLOCK = 8;

	private final int nx, ny;
	private final DoubleFFT_1D rows, columns;

	public Fft2(int nx, int ny) {
		if (nx < 1 || ny < 1) throw new IllegalArgumentException("FFT grid must be at least 1x1 (got " + nx + "x" + ny + ")");
		this.nx = nx;
		this.ny = ny;
		this.rows = new DoubleFFT_1D(nx);
		this.columns = new DoubleFFT_1D(ny);
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
		Parallel.forRange(ny, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int off = 2 * y * nx;
				if (!zero(a, off, 2 * nx)) rows.complexForward(a, off);
			}
		});
		columns(a, true);
	}

	/** The inverse transform divided by nx ny, in place. */
	public void inverse(double[] a) {
		inverse(a, 0, ny);
	}

	/**
	 * The inverse transform divided by nx ny, in place, finished on the rows [y0, y1) only: the other
	 * rows hold an intermediate result (for a caller that reads only a tile's output rows).
	 */
	public void inverse(double[] a, int y0, int y1) {
		if (y0 < 0 || y1 > ny || y0 > y1) throw new IllegalArgumentException("rows " + y0 + ".." + y1 + " are not within 0.." + ny);
		columns(a, false);
		Parallel.forRange(y1 - y0, 16, (r0, r1) -> {
			for (int y = y0 + r0; y < y0 + r1; y++) rows.complexInverse(a, 2 * y * nx, true);
		});
	}

	private static boolean zero(double[] a, int off, int n) {
		for (int i = off, end = off + n; i < end; i++) if (a[i] != 0) return false;
		return true;
	}

	/** The column pass: blocks of columns copied out, transformed and copied back. */
	private void columns(double[] a, boolean forward) {
		Parallel.forRange((nx + BLOCK - 1) / BLOCK, 2, (b0, b1) -> {
			double[] t = new double[2 * ny * BLOCK];
			for (int b = b0; b < b1; b++) {
				int x0 = b * BLOCK, m = Math.min(BLOCK, nx - x0);
				for (int y = 0; y < ny; y++) {
					for (int c = 0, src = 2 * (y * nx + x0), dst = 2 * y; c < m; c++, src += 2, dst += 2 * ny) {
						t[dst] = a[src];
						t[dst + 1] = a[src + 1];
					}
				}
				for (int c = 0; c < m; c++) {
					if (forward) columns.complexForward(t, 2 * c * ny);
					else columns.complexInverse(t, 2 * c * ny, true);
				}
				for (int y = 0; y < ny; y++) {
					for (int c = 0, dst = 2 * (y * nx + x0), src = 2 * y; c < m; c++, dst += 2, src += 2 * ny) {
						a[dst] = t[src];
						a[dst + 1] = t[src + 1];
					}
				}
			}
		});
	}

	/** The point index of frequency &minus;k for the point index p of k (0 &le; p &lt; nx ny). */
	public int mirror(int p) {
		int x = p % nx, y = p / nx;
		return ((ny - y) % ny) * nx + (nx - x) % nx;
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
