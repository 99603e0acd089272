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
		double[] psf = difference(pr, sr, pn, sn, pr, pn, size, p);
		double sum = 0;
		for (double v : psf) sum += v;
		for (int q = 0; q < psf.length; q++) psf[q] /= sum;
		return psf;
	}

	/**
	 * How P_D changes when one of the two PSFs is off (size &times; size stamps, in units of the unit-sum
	 * P_D): {n stretched, n's index, r stretched, r's index}. The image D<sub>n</sub> = P_r &otimes; N
	 * holds stars of shape P_r &otimes; P<sub>n,true</sub>, so a wrong model of P_n shows there alone as
	 * P_r &otimes; (P<sub>n,true</sub> &minus; P_n), and likewise in D<sub>r</sub>. The two directions are
	 * the tangents of the Moffat family at the model (a stretch r &rarr; r/s changes its width, a power P^&gamma;
	 * its index at a fixed core radius), both of zero sum: adding them moves light between core and wings
	 * without changing a star's flux.
	 */
	static double[][] wingsOfDifference(double[] pr, int sr, double[] pn, int sn, int size, ZogyTile.Params p) {
		double[] t = difference(pr, sr, pn, sn, pr, pn, size, p);
		double sum = 0;
		for (double v : t) sum += v;
		double[][] out = { difference(pr, sr, pn, sn, pr, stretch(pn, sn), size, p), difference(pr, sr, pn, sn, pr, power(pn), size, p),
			difference(pr, sr, pn, sn, stretch(pr, sr), pn, size, p), difference(pr, sr, pn, sn, power(pr), pn, size, p) };
		for (double[] u : out) for (int q = 0; q < u.length; q++) u[q] /= sum;
		return out;
	}

	/** d/ds of P(x/s)/s&sup2; at s = 1: &minus;2P &minus; x&middot;&nabla;P (about the middle pixel), made of zero sum. */
	static double[] stretch(double[] psf, int size) {
		int c = size / 2;
		double[] d = new double[psf.length];
		for (int j = 1; j < size - 1; j++) {
			for (int i = 1; i < size - 1; i++) {
				int q = j * size + i;
				d[q] = -2 * psf[q] - (i - c) * 0.5 * (psf[q + 1] - psf[q - 1]) - (j - c) * 0.5 * (psf[q + size] - psf[q - size]);
			}
		}
		return zeroSum(d, psf);
	}

	/** d/d&gamma; of P<sup>&gamma;</sup> / &Sigma;P<sup>&gamma;</sup> at &gamma; = 1 (P ln P less its mean share; negative values count as 0). */
	static double[] power(double[] psf) {
		double[] d = new double[psf.length];
		for (int q = 0; q < psf.length; q++) d[q] = psf[q] > 0 ? psf[q] * Math.log(psf[q]) : 0;
		return zeroSum(d, psf);
	}

	/** d less P times d's sum over P's: the direction keeps a unit-sum PSF's sum. */
	private static double[] zeroSum(double[] d, double[] psf) {
		double sd = 0, sp = 0;
		for (int q = 0; q < d.length; q++) {
			sd += d[q];
			sp += psf[q];
		}
		for (int q = 0; q < d.length; q++) d[q] -= psf[q] * sd / sp;
		return d;
	}

	/**
	 * F^-1[&beta; X&#770;r X&#770;n / (F_D &radic;den)] on a size &times; size stamp, den from the PSFs pr, pn,
	 * not normalised (linear in each of xr, xn, stamps of pr's and pn's sizes).
	 */
	private static double[] difference(double[] pr, int sr, double[] pn, int sn, double[] xr, double[] xn, int size, ZogyTile.Params p) {
		int n = Fft2.smooth(2 * size + 1);
		ZogyTile z = new ZogyTile(n, n);
		Fft2 fft = z.fft();
		double[] c = z.psfSpectra(pr, sr, pn, sn), x = xr == pr && xn == pn ? c : z.psfSpectra(xr, sr, xn, sn);
		double beta = p.beta, b2 = beta * beta, sn2 = p.sigmaN * p.sigmaN, sr2 = p.sigmaR * p.sigmaR, fd = p.fluxD();
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		double[] part = new double[4], out = fft.newArray();
		for (int q = 0; q < fft.points(); q++) {
			Fft2.split(c, q, fft.mirror(q), part);
			double ar = part[0], ai = part[1], br = part[2], bi = part[3];
			double den = Math.max(tiny, sn2 * (ar * ar + ai * ai) + b2 * sr2 * (br * br + bi * bi)), f = beta / (fd * Math.sqrt(den));
			if (x != c) {
				Fft2.split(x, q, fft.mirror(q), part);
				ar = part[0];
				ai = part[1];
				br = part[2];
				bi = part[3];
			}
			out[2 * q] = f * (ar * br - ai * bi);
			out[2 * q + 1] = f * (ar * bi + ai * br);
		}
		fft.inverse(out);
		double[] psf = new double[size * size];
		int r = size / 2;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) psf[j * size + i] = out[2 * (Math.floorMod(j - r, n) * n + Math.floorMod(i - r, n))];
		}
		return psf;
	}
}
