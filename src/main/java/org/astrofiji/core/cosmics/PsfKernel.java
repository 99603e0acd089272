package org.astrofiji.core.cosmics;

import java.util.Locale;

/**
 * Small PSF kernels for L.A.Cosmic's matched-filter fine-structure image, computed as astroscrappy
 * computes them (double precision, stored as float32, normalized by numpy's float32 pairwise sum).
 */
public final class PsfKernel {

	/** Kernel shapes. */
	public enum Model {
		/** Circular Gaussian. */
		GAUSS,
		/** Gaussian along x only (e.g. along the dispersion of a spectrum). */
		GAUSSX,
		/** Gaussian along y only. */
		GAUSSY,
		/** Circular Moffat with the given beta. */
		MOFFAT;

		public static Model of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException | NullPointerException e) {
				throw new IllegalArgumentException("psfmodel must be gauss, gaussx, gaussy or moffat (got '" + name + "')");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private PsfKernel() {}

	/**
	 * A size x size kernel (row-major, rows = y), normalized to sum 1, centred on the middle pixel.
	 *
	 * @param fwhm full width at half maximum, pixels
	 * @param beta Moffat beta (ignored by the Gaussians)
	 */
	public static float[] make(Model model, double fwhm, int size, double beta) {
		if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("psfsize must be odd and at least 1 (got " + size + ")");
		if (!(fwhm > 0) || Double.isInfinite(fwhm)) throw new IllegalArgumentException("psffwhm must be > 0 (got " + fwhm + ")");
		float f = (float) fwhm;
		float ff = f * f; // astroscrappy squares the float32 fwhm in single precision
		double sigma2 = ff / 2.35482 / 2.35482;
		float b = (float) beta;
		double hwhm = f / 2.0;
		double alpha = hwhm / Math.sqrt(Math.pow(2.0, 1.0 / b) - 1.0);
		int c = size / 2;
		float[] k = new float[size * size];
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				double dx = x - c, dy = y - c;
				double v;
				switch (model) {
					case GAUSSX:
						v = Math.exp(-0.5 * (dx * dx) / sigma2);
						break;
					case GAUSSY:
						v = Math.exp(-0.5 * (dy * dy) / sigma2);
						break;
					case MOFFAT: {
						double r = Math.sqrt(dx * dx + dy * dy);
						if (!(b > 0)) throw new IllegalArgumentException("psfbeta must be > 0 (got " + beta + ")");
						v = Math.pow(1.0 + r * r / alpha / alpha, -1.0 * b);
						break;
					}
					default:
						v = Math.exp(-0.5 * (dx * dx + dy * dy) / sigma2);
				}
				k[y * size + x] = (float) v;
			}
		}
		float sum = numpySum(k);
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		return k;
	}

	/** numpy's float32 sum of a contiguous array (pairwise: eight running sums per block of 128). */
	static float numpySum(float[] a) {
		return pairwise(a, 0, a.length);
	}

	private static float pairwise(float[] a, int from, int n) {
		if (n < 8) {
			float s = 0;
			for (int i = 0; i < n; i++) s += a[from + i];
			return s;
		}
		if (n <= 128) {
			float[] r = new float[8];
			System.arraycopy(a, from, r, 0, 8);
			int i = 8;
			for (; i < n - n % 8; i += 8) for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
			float s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
			for (; i < n; i++) s += a[from + i];
			return s;
		}
		int n2 = n / 2;
		n2 -= n2 % 8;
		return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
	}
}
