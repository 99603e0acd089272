package org.astrofiji.core.registration;

/**
 * The cubic B-spline sampling of an output row's interior run, for maps close to a shift (registration:
 * small rotations and scale changes), in float arithmetic that C2 vectorises. Along an output row the
 * source position moves linearly; the run is cut into segments where floor(y) and floor(x) - X stay
 * the same (about 1 / |rotation in rad| pixels: 160 at 0.35 deg), so each segment reads the same 4
 * source rows at a fixed column offset and its fractional positions advance by a constant step.
 * <p>
 * Why so many small loops and copies: the JIT of Java 11-17 vectorises a loop only when it is small
 * and every array it touches is indexed [k] (an invariant or constant offset such as c[r + k + 1]
 * keeps it scalar: measured). So the 4 taps of a row are copied to 4 shifted scratch lines first, and
 * each sum is a loop of two products over scratch lines. Measured on the bench pair (1392 x 1040,
 * 0.35 deg, 1 thread): 8.5 ms against 22.5 ms for the scalar double loop.
 * <p>
 * Float, not double: differs from the double loop by up to 4e-7 relative (3.9e-3 ADU at the bench
 * frame's brightest star), well inside scipy's 1e-5. The fractional positions are the segment's first
 * one (computed in double) plus the step times k, in float: ~6e-8 px.
 */
final class CubicSegments {

	/** Segments are cut at this length (longer ones gained nothing measurable). */
	private static final int MAX = 256;
	/** Below this expected segment length the per-segment overhead outweighs the vector loops. */
	static final double MIN_LENGTH = 32;
	private static final float SIXTH = 1f / 6, TWO_THIRDS = 2f / 3;
	private static final float[] IOTA = new float[MAX];

	static {
		for (int k = 0; k < MAX; k++) IOTA[k] = k;
	}

	/** Scratch lines of one thread: weights (8), row sums (4), taps (4), position, output. */
	private final float[] x0 = scratch(), x1 = scratch(), x2 = scratch(), x3 = scratch(), y0 = scratch(), y1 = scratch(), y2 = scratch(),
		y3 = scratch();
	private final float[][] t = { scratch(), scratch(), scratch(), scratch() };
	private final float[] s0 = scratch(), s1 = scratch(), s2 = scratch(), s3 = scratch(), f = scratch(), o = scratch();

	private static float[] scratch() {
		return new float[MAX];
	}

	/** Whether the map output -> source (memory order, m[0..5]) suits segments: near-unit x step, slow y. */
	static boolean suits(double[] m) {
		return Math.abs(m[0] - 1) * MIN_LENGTH <= 1 && Math.abs(m[3]) * MIN_LENGTH <= 1;
	}

	/**
	 * The output pixels [a, b) of one row (offset o in out), every one of whose 4 x 4 taps is inside
	 * the w-wide coefficient array c; source x = m0 X + rowX + m2, y = m3 X + rowY + m5 (as the scalar
	 * loop computes them, so the floors are the same).
	 */
	void run(float[] c, int w, double m0, double rowX, double m2, double m3, double rowY, double m5, float gain, float[] out,
		int o, int a, int b)
	{
		int X = a;
		while (X < b) {
			double sx = m0 * X + rowX + m2, sy = m3 * X + rowY + m5;
			int ix = (int) sx, iy = (int) sy, d = ix - X;
			int e = end(m0, rowX, m2, m3, rowY, m5, X, Math.min(b, X + MAX), d, iy);
			int n = e - X;
			line((float) (sx - ix), (float) (m0 - 1), n);
			weights(n, x0, x1, x2, x3);
			line((float) (sy - iy), (float) m3, n);
			weights(n, y0, y1, y2, y3);
			int r = (iy - 1) * w + ix - 1;
			for (int j = 0; j < 4; j++, r += w) {
				System.arraycopy(c, r, s0, 0, n);
				System.arraycopy(c, r + 1, s1, 0, n);
				System.arraycopy(c, r + 2, s2, 0, n);
				System.arraycopy(c, r + 3, s3, 0, n);
				products(x0, s0, x1, s1, t[j], n);
				addProducts(x2, s2, x3, s3, t[j], n);
			}
			products(y0, t[0], y1, t[1], this.o, n);
			addProducts(y2, t[2], y3, t[3], this.o, n);
			if (gain != 1) for (int k = 0; k < n; k++) this.o[k] *= gain;
			System.arraycopy(this.o, 0, out, o + X, n);
			X = e;
		}
	}

	/**
	 * The end of the segment from X (exclusive, at most limit): the first pixel whose floor(x) - X or
	 * floor(y) differs. Both are monotonic in X, so a galloping search then a linear one finds it.
	 */
	private static int end(double m0, double rowX, double m2, double m3, double rowY, double m5, int X, int limit, int d, int iy) {
		int e = X + 1, step = 1;
		while (e < limit && same(m0, rowX, m2, m3, rowY, m5, Math.min(limit, e + step) - 1, d, iy)) {
			e = Math.min(limit, e + step);
			step <<= 1;
		}
		while (e < limit && same(m0, rowX, m2, m3, rowY, m5, e, d, iy)) e++;
		return e;
	}

	private static boolean same(double m0, double rowX, double m2, double m3, double rowY, double m5, int X, int d, int iy) {
		return (int) (m0 * X + rowX + m2) - X == d && (int) (m3 * X + rowY + m5) == iy;
	}

	private void line(float first, float step, int n) {
		float[] f = this.f;
		for (int k = 0; k < n; k++) f[k] = first + step * IOTA[k];
	}

	/** B-spline weights of the taps -1..2 at the fractions in f: (1-f)^3/6, 2/3 + f^2 (f/2 - 1), the same of 1-f, f^3/6. */
	private void weights(int n, float[] w0, float[] w1, float[] w2, float[] w3) {
		float[] f = this.f;
		for (int k = 0; k < n; k++) {
			float fk = f[k], g = 1 - fk, f2 = fk * fk, g2 = g * g;
			w0[k] = g2 * g * SIXTH;
			w1[k] = f2 * (0.5f * fk - 1) + TWO_THIRDS;
			w2[k] = g2 * (0.5f * g - 1) + TWO_THIRDS;
			w3[k] = f2 * fk * SIXTH;
		}
	}

	private static void products(float[] a, float[] b, float[] c, float[] d, float[] t, int n) {
		for (int k = 0; k < n; k++) t[k] = a[k] * b[k] + c[k] * d[k];
	}

	private static void addProducts(float[] a, float[] b, float[] c, float[] d, float[] t, int n) {
		for (int k = 0; k < n; k++) t[k] += a[k] * b[k] + c[k] * d[k];
	}
}
