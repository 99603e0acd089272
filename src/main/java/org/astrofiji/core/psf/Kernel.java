package org.astrofiji.core.psf;

import java.util.Arrays;

/**
 * A convolution kernel: odd width and height, values row-major (rows = y), centred on the middle
 * pixel. A separable kernel also keeps its two factors (value(i, j) = y[j] x[i]), so that
 * {@link Convolution} can apply it as two 1-D passes.
 */
public final class Kernel {

	private final int width, height;
	private final double[] values, x, y;

	private Kernel(int width, int height, double[] values, double[] x, double[] y) {
		this.width = width;
		this.height = height;
		this.values = values;
		this.x = x;
		this.y = y;
	}

	/** A kernel from row-major values (copied); width and height must be odd. */
	public static Kernel of(double[] values, int width, int height) {
		check(values.length, width, height);
		return new Kernel(width, height, values.clone(), null, null);
	}

	/** A kernel from row-major float values; width and height must be odd. */
	public static Kernel of(float[] values, int width, int height) {
		check(values.length, width, height);
		double[] v = new double[values.length];
		for (int i = 0; i < v.length; i++) v[i] = values[i];
		return new Kernel(width, height, v, null, null);
	}

	/** The outer product y[j] x[i] of two odd-length factors (copied), kept separable. */
	public static Kernel separable(double[] x, double[] y) {
		check(x.length * (long) y.length, x.length, y.length);
		double[] v = new double[x.length * y.length];
		for (int j = 0; j < y.length; j++) for (int i = 0; i < x.length; i++) v[j * x.length + i] = y[j] * x[i];
		return new Kernel(x.length, y.length, v, x.clone(), y.clone());
	}

	/** Wraps values the caller gives up (not copied). */
	static Kernel wrap(double[] values, int width, int height) {
		check(values.length, width, height);
		return new Kernel(width, height, values, null, null);
	}

	private static void check(long length, int width, int height) {
		if (width < 1 || height < 1 || width % 2 == 0 || height % 2 == 0) throw new IllegalArgumentException(
			"kernel size must be odd (got " + width + "x" + height + ")");
		if (length != (long) width * height) throw new IllegalArgumentException("kernel: " + length + " values do not fit " +
			width + "x" + height);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Half-width: the kernel reaches this many pixels left and right of its centre. */
	public int radiusX() {
		return width / 2;
	}

	/** Half-height. */
	public int radiusY() {
		return height / 2;
	}

	/** The value at column i, row j (0-based from the kernel's corner). */
	public double at(int i, int j) {
		return values[j * width + i];
	}

	/** The values, row-major (a copy). */
	public double[] values() {
		return values.clone();
	}

	/** The values as floats, row-major. */
	public float[] floats() {
		float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
		return f;
	}

	public boolean isSeparable() {
		return x != null;
	}

	/** The factor along x of a separable kernel (a copy); null when it is not separable. */
	public double[] xFactor() {
		return x == null ? null : x.clone();
	}

	/** The factor along y of a separable kernel (a copy); null when it is not separable. */
	public double[] yFactor() {
		return y == null ? null : y.clone();
	}

	/** The sum of the values, row by row. */
	public double sum() {
		return total(values);
	}

	/** This kernel divided by its sum (a separable one: each factor by its own sum). */
	public Kernel normalized() {
		if (x != null) return separable(divide(x.clone(), divisor(x, "a factor sums to")), divide(y.clone(), divisor(y,
			"a factor sums to")));
		return new Kernel(width, height, normalize(values.clone()), null, null);
	}

	/** Divides values the caller owns by their sum, in place, and returns them: {@link #normalized()} without a copy. */
	static double[] normalize(double[] values) {
		return divide(values, divisor(values, "its sum is"));
	}

	/** sqrt(sum k^2) / sum k: the factor by which the kernel scales uncorrelated noise of a flat image. */
	public double noiseFactor() {
		double s = 0, s2 = 0;
		for (double v : values) {
			s += v;
			s2 += v * v;
		}
		return Math.sqrt(s2) / Math.abs(s);
	}

	private static double total(double[] a) {
		double s = 0;
		for (double v : a) s += v;
		return s;
	}

	/** The sum to divide {@code a} by: nonzero and finite, else an error naming what sums to what. */
	private static double divisor(double[] a, String what) {
		double s = total(a);
		if (!(s != 0) || !Double.isFinite(s)) throw new IllegalArgumentException("kernel: cannot normalize, " + what + " " + s);
		return s;
	}

	/** {@code a} divided by {@code s}, in place. */
	private static double[] divide(double[] a, double s) {
		for (int i = 0; i < a.length; i++) a[i] /= s;
		return a;
	}

	@Override
	public String toString() {
		return "Kernel " + width + "x" + height + (x != null ? " separable" : "") + " sum " + sum() + " " +
			(values.length <= 9 ? Arrays.toString(values) : "");
	}
}
