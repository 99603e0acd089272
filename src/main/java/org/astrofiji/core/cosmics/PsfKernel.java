package org.astrofiji.core.cosmics;

import java.util.Locale;

import org.astrofiji.core.psf.Gaussian;
import org.astrofiji.core.psf.Kernels;
import org.astrofiji.core.psf.Moffat;

/**
 * L.A.Cosmic's psfmodel kernels for its fine-structure image (fsmode=convolve): core.psf's Gaussian
 * and Moffat shapes sampled as astroscrappy samples them.
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
	 * astroscrappy's own arithmetic, kept so that its masks agree pixel for pixel: the float32 FWHM
	 * squared in single precision over its FWHM/sigma constant 2.35482, alpha from the half width, the
	 * Moffat radius as sqrt(dx^2 + dy^2) squared again, values stored as float32 and divided by numpy's
	 * float32 sum ({@link Kernels#normalizeAsNumpy}). The shapes are core.psf's.
	 *
	 * @param fwhm full width at half maximum, pixels
	 * @param beta Moffat beta (ignored by the Gaussians)
	 */
	public static float[] make(Model model, double fwhm, int size, double beta) {
		if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("psfsize must be odd and at least 1 (got " + size + ")");
		if (!(fwhm > 0) || Double.isInfinite(fwhm)) throw new IllegalArgumentException("psffwhm must be > 0 (got " + fwhm + ")");
		float b = (float) beta;
		if (model == Model.MOFFAT && !(b > 0)) throw new IllegalArgumentException("psfbeta must be > 0 (got " + beta + ")");
		float f = (float) fwhm;
		float ff = f * f;
		double sigma2 = ff / 2.35482 / 2.35482;
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
						v = Gaussian.shape(dx * dx, sigma2);
						break;
					case GAUSSY:
						v = Gaussian.shape(dy * dy, sigma2);
						break;
					case MOFFAT: {
						double r = Math.sqrt(dx * dx + dy * dy);
						v = Moffat.shape(r * r, alpha, b);
						break;
					}
					default:
						v = Gaussian.shape(dx * dx + dy * dy, sigma2);
				}
				k[y * size + x] = (float) v;
			}
		}
		Kernels.normalizeAsNumpy(k);
		return k;
	}
}
