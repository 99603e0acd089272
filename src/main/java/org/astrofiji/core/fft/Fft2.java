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
 */
public final class Fft2 {

	private final int nx, ny;
	private final DoubleFFT_2D fft;
	/** JTransforms' 1-D plans of the rows and columns, for {@link #forwardNear}; made when first needed. */
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
	 * The forward transform of a field that is zero except on the grid rows within {@code reach} of row 0
	 * (wrapped: rows 0..reach and ny &minus; reach..ny &minus; 1), such as a stamp centred on point 0: only
	 * those rows get the row pass, then every column its transform. JTransforms' 2-D class does exactly
	 * these 1-D transforms, rows then columns, on grids that are not powers of two on both axes (on those
	 * it runs another algorithm, and so does this), so the spectrum is the same to the bit (at 600x768 a
	 * stamp costs 0.6 of a full transform: the row pass is most of the other 0.4).
	 */
	public void forwardNear(double[] a, int reach) {
		if (a.length != 2 * nx * ny) throw new IllegalArgumentException("array of " + a.length + " values for a " + nx + "x" + ny +
			" complex grid");
		if (2 * reach + 1 >= ny || isPowerOfTwo(nx) && isPowerOfTwo(ny)) {
			forward(a);
			return;
		}
		if (rowPlan == null) {
			rowPlan = new DoubleFFT_1D(nx);
			columnPlan = new DoubleFFT_1D(ny);
		}
		matchThreads();
		for (int y = 0; y <= reach; y++) rowPlan.complexForward(a, 2 * y * nx);
		for (int y = ny - reach; y < ny; y++) rowPlan.complexForward(a, 2 * y * nx);
		int stride = 2 * nx;
		Parallel.forRange(nx, 16, (x0, x1) -> {
			double[] column = new double[2 * ny];
			for (int x = x0; x < x1; x++) {
				for (int y = 0, i = 2 * x; y < ny; y++, i += stride) {
					column[2 * y] = a[i];
					column[2 * y + 1] = a[i + 1];
				}
				columnPlan.complexForward(column);
				for (int y = 0, i = 2 * x; y < ny; y++, i += stride) {
					a[i] = column[2 * y];
					a[i + 1] = column[2 * y + 1];
				}
			}
		});
	}

	private static boolean isPowerOfTwo(int n) {
		return (n & (n - 1)) == 0;
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
