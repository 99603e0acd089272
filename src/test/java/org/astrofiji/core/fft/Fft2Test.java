package org.astrofiji.core.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.astrofiji.core.Parallel;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * {@link Fft2} against the 2-D DFT summed by hand, the same bits as JTransforms' 2-D class, with rows
 * known to be zero skipped, and on 1 and 3 threads.
 */
class Fft2Test {

	/** A 2-D DFT by its definition: X(u, v) = sum x(x, y) e^(sign 2 pi i (u x / nx + v y / ny)). */
	private static double[] dft(double[] a, int nx, int ny, int sign) {
		double[] out = new double[a.length];
		for (int v = 0; v < ny; v++) {
			for (int u = 0; u < nx; u++) {
				double re = 0, im = 0;
				for (int y = 0; y < ny; y++) {
					for (int x = 0; x < nx; x++) {
						double t = sign * 2 * Math.PI * ((double) u * x / nx + (double) v * y / ny);
						double c = Math.cos(t), s = Math.sin(t), ar = a[2 * (y * nx + x)], ai = a[2 * (y * nx + x) + 1];
						re += ar * c - ai * s;
						im += ar * s + ai * c;
					}
				}
				out[2 * (v * nx + u)] = re;
				out[2 * (v * nx + u) + 1] = im;
			}
		}
		return out;
	}

	/** 30 x 12 (mixed radix, more columns than a block), rows 0-2 and 9 zero as padding would leave them. */
	private static double[] field(int nx, int ny) {
		Random r = new Random(7);
		double[] a = new double[2 * nx * ny];
		for (int y = 0; y < ny; y++) {
			if (y < 3 || y == 9) continue;
			for (int i = 2 * y * nx; i < 2 * (y + 1) * nx; i++) a[i] = r.nextGaussian();
		}
		return a;
	}

	@Test
	void forwardAndInverseMatchTheDefinition() {
		int nx = 30, ny = 12;
		double[] a = field(nx, ny), x = a.clone();
		Fft2 f = new Fft2(nx, ny);
		f.forward(x);
		double[] expected = dft(a, nx, ny, -1);
		for (int i = 0; i < x.length; i++) assertEquals(expected[i], x[i], 1e-9, "forward at " + i);
		f.inverse(x);
		for (int i = 0; i < x.length; i++) assertEquals(a[i], x[i], 1e-12, "round trip at " + i);
	}

	@Test
	void anInverseFinishedOnSomeRowsHasThoseRowsRight() {
		int nx = 30, ny = 12;
		double[] a = field(nx, ny), x = a.clone();
		Fft2 f = new Fft2(nx, ny);
		f.forward(x);
		f.inverse(x, 4, 10);
		for (int i = 2 * 4 * nx; i < 2 * 10 * nx; i++) assertEquals(a[i], x[i], 1e-12, "row value at " + i);
	}

	/**
	 * A grid large enough for JTransforms to spread over threads (65536 points and more): its count
	 * follows ours (1 inside {@link Parallel#inline}), and the bits do not depend on it.
	 */
	@Test
	void resultsAreTheSameBitsOnAnyThreadCount() throws Exception {
		int nx = 320, ny = 256, saved = Parallel.threads();
		double[] one = field(nx, ny), three = one.clone(), inline = one.clone();
		try {
			Parallel.setThreads(1);
			new Fft2(nx, ny).forward(one);
			assertEquals(1, ConcurrencyUtils.getNumberOfThreads());
			Parallel.setThreads(3);
			new Fft2(nx, ny).forward(three);
			assertEquals(3, ConcurrencyUtils.getNumberOfThreads());
			Parallel.inline(() -> {
				new Fft2(nx, ny).forward(inline);
				return null;
			});
			assertEquals(1, ConcurrencyUtils.getNumberOfThreads());
		}
		finally {
			Parallel.setThreads(saved);
		}
		assertArrayEquals(one, three);
		assertArrayEquals(one, inline);
	}

	/**
	 * A band of rows is transformed with JTransforms' 1-D transforms (rows of the band, then columns)
	 * where its 2-D class would run the same ones (grids not powers of two on both axes): the spectrum is
	 * its bits, on a grid it threads (320 x 256) too; on a power-of-two grid the 2-D class runs.
	 */
	@Test
	void aBandHasTheBitsOfJTransforms2D() {
		int saved = Parallel.threads();
		Random r = new Random(5);
		try {
			for (int threads : new int[] { 1, 2 }) {
				Parallel.setThreads(threads);
				for (int[] g : new int[][] { { 30, 12 }, { 320, 256 }, { 15, 45 }, { 32, 16 } }) {
					int nx = g[0], ny = g[1];
					double[] a = new double[2 * nx * ny];
					// rows ny - 3 .. ny - 1 and 0 .. 2, as a 7-row stamp centred on point 0
					for (int y = -3; y <= 3; y++) {
						int row = Math.floorMod(y, ny);
						for (int i = 2 * row * nx; i < 2 * (row + 1) * nx; i++) a[i] = r.nextGaussian();
					}
					double[] ours = a.clone(), theirs = a.clone();
					new Fft2(nx, ny).forward(ours, -3, 4);
					new DoubleFFT_2D(ny, nx).complexForward(theirs);
					assertArrayEquals(theirs, ours, nx + "x" + ny + ", " + threads + " thread(s)");
				}
			}
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	/** A field zero outside some rows (cyclic: a stamp around row 0, or a band) transforms to the same bits when told so. */
	@Test
	void rowsKnownToBeZeroAreSkippedWithTheSameResult() {
		int nx = 30, ny = 12;
		Random r = new Random(3);
		for (int[] rows : new int[][] { { -2, 3 }, { 3, 9 }, { 0, 12 }, { 5, 6 } }) {
			double[] a = new double[2 * nx * ny];
			for (int y = rows[0]; y < rows[1]; y++) {
				int row = Math.floorMod(y, ny);
				for (int i = 2 * row * nx; i < 2 * (row + 1) * nx; i++) a[i] = r.nextGaussian();
			}
			double[] full = a.clone(), some = a.clone();
			Fft2 f = new Fft2(nx, ny);
			f.forward(full);
			f.forward(some, rows[0], rows[1]);
			assertArrayEquals(full, some, "rows " + rows[0] + ".." + rows[1]);
		}
	}
}
