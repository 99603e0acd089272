package org.astrofiji.core.subtraction;

import org.astrofiji.core.fft.Fft2;

/** Small computations on PSF stamps (odd squares, row-major, centred on the middle pixel). */
final class Stamps {

	private Stamps() {}

	/** FWHM of a stamp from its second moments about its centre of light, as for a Gaussian: 2.355 &radic;((Ixx + Iyy) / 2). */
	static double fwhm(double[] stamp) {
		int size = (int) Math.round(Math.sqrt(stamp.length));
		double s = 0, sx = 0, sy = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				double v = Math.max(0, stamp[j * size + i]);
				s += v;
				sx += v * i;
				sy += v * j;
			}
		}
		if (!(s > 0)) return 1;
		double cx = sx / s, cy = sy / s, m = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				double v = Math.max(0, stamp[j * size + i]);
				m += v * ((i - cx) * (i - cx) + (j - cy) * (j - cy));
			}
		}
		return 2 * Math.sqrt(2 * Math.log(2)) * Math.sqrt(0.5 * m / s);
	}

	/**
	 * P_D = F^-1[&beta; P&#770;r P&#770;n / (F_D &radic;den)] (ZOGY eq. 14), unit sum, on a size &times; size
	 * stamp (computed on a grid twice as large, so its wings do not wrap).
	 */
	static double[] psfOfDifference(double[] pr, int sr, double[] pn, int sn, int size, ZogyTile.Params p) {
		int n = Fft2.smooth(2 * size + 1);
		ZogyTile z = new ZogyTile(n, n);
		Fft2 fft = z.fft();
		double[] c = z.psfSpectra(pr, sr, pn, sn);
		double beta = p.beta, b2 = beta * beta, sn2 = p.sigmaN * p.sigmaN, sr2 = p.sigmaR * p.sigmaR, fd = p.fluxD();
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		double[] part = new double[4], out = fft.newArray();
		for (int q = 0; q < fft.points(); q++) {
			Fft2.split(c, q, fft.mirror(q), part);
			double ar = part[0], ai = part[1], br = part[2], bi = part[3];
			double den = Math.max(tiny, sn2 * (ar * ar + ai * ai) + b2 * sr2 * (br * br + bi * bi)), f = beta / (fd * Math.sqrt(den));
			out[2 * q] = f * (ar * br - ai * bi);
			out[2 * q + 1] = f * (ar * bi + ai * br);
		}
		fft.inverse(out);
		double[] psf = new double[size * size];
		int r = size / 2;
		double sum = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				double v = out[2 * (Math.floorMod(j - r, n) * n + Math.floorMod(i - r, n))];
				psf[j * size + i] = v;
				sum += v;
			}
		}
		for (int q = 0; q < psf.length; q++) psf[q] /= sum;
		return psf;
	}
}
