package org.astrofiji.core.subtraction;

import org.astrofiji.core.fft.Fft2;

/**
 * The real-space kernels of S_corr's noise terms ({@link ZogyTile}) for one pair of PSFs: kn&sup2; and
 * kr&sup2; (V(S) = V(&epsilon;n) &otimes; kn&sup2; + V(&epsilon;r) &otimes; kr&sup2;) and the PSF-error filters hn, hr
 * (V_psf = (hn &otimes; N_s)&sup2; + (hr &otimes; R_s)&sup2;, hn = F&#8315;&sup1;[H&#770;n]), the reference's shift
 * included in kr and hr. The kernels are compact (the PSFs' size), so they are computed on a small
 * grid of their own (a few FFTs of ~70&sup2; points) and cut where all but {@link #CUT} of their
 * energy lies; the noise terms are then sums over a sparse scene ({@link SparseScene}) instead of
 * four transforms of the whole grid. Immutable.
 * <p>
 * A kernel on the small grid is the big grid's kernel summed over the small period (the same
 * spectrum sampled more coarsely): equal where the kernel has decayed within half the small grid.
 * The shift is applied to kr (a fractional shift of the kernel, not of its square: equal for a
 * well-sampled kernel).
 */
final class NoiseKernels {

	/** Energy share a cut kernel leaves out, at most (of &Sigma;k&sup2;, of &Sigma;h&sup2;). */
	static final double CUT = 1e-4;

	/** Radii of the cut kernel squares, of the uncut ones (the tiles' halo) and of the PSF-error filters. */
	final int rv, rw, rp;
	/** kn&sup2;, kr&sup2;: (2 rv + 1)&sup2; values, row-major, offset (i &minus; rv, j &minus; rv) at index j (2 rv + 1) + i. */
	final double[] kn2, kr2;
	/**
	 * kn&sup2;, kr&sup2; to radius rw, for the pixels of a very large variance (a saturated star's filled core:
	 * {@link SparseScene#BIG}), whose share beyond rv is not small against the sky's variance.
	 */
	final double[] kn2Wide, kr2Wide;
	/** Summed-area tables of kn2, kr2: (2 rv + 2)&sup2; values, table[(j + 1)(2 rv + 2) + i + 1] = sum over [0..i] x [0..j]. */
	private final double[] tableN, tableR;
	/** &Sigma;kn&sup2;, &Sigma;kr&sup2; of the whole kernels (before the cut). */
	final double sumN, sumR;
	/** hn, hr: (2 rp + 1)&sup2; values as kn2; null without V_psf. */
	final double[] hn, hr;
	/** F_D&sup2; &Sigma;P_D&sup2;: S of a unit point source. */
	final double pointScore;

	private NoiseKernels(int rv, double[] kn2, double[] kr2, int rw, double[] kn2Wide, double[] kr2Wide, double sumN, double sumR,
		int rp, double[] hn, double[] hr, double pointScore)
	{
		this.rv = rv;
		this.kn2 = kn2;
		this.kr2 = kr2;
		this.rw = rw;
		this.kn2Wide = kn2Wide;
		this.kr2Wide = kr2Wide;
		this.tableN = table(kn2, 2 * rv + 1);
		this.tableR = table(kr2, 2 * rv + 1);
		this.sumN = sumN;
		this.sumR = sumR;
		this.rp = rp;
		this.hn = hn;
		this.hr = hr;
		this.pointScore = pointScore;
	}

	/**
	 * @param pr the reference's PSF stamp (sr &times; sr, centred), pn the new image's
	 * @param er the reference PSF's error stamp or null; en the new image's (used with V_psf's weights in p)
	 * @param maxRadius the largest radius a kernel is cut at (the tiles' halo)
	 */
	static NoiseKernels of(double[] pr, int sr, double[] pn, int sn, double[] er, double[] en, ZogyTile.Params p, int maxRadius) {
		int n = Fft2.smooth(Math.max(2 * maxRadius + 2, 4 * Math.max(sr, sn)));
		Fft2 fft = new Fft2(n, n);
		double[] c = fft.newArray();
		fft.placeCentred(c, pr, sr, 0);
		fft.placeCentred(c, pn, sn, 1);
		fft.forward(c);
		boolean psfTerm = p.psfTerm();
		double[] m = null;
		if (psfTerm) {
			m = fft.newArray();
			if (er != null) fft.placeCentred(m, er, sr, 0);
			if (en != null) fft.placeCentred(m, en, sn, 1);
			fft.forward(m);
		}
		double[] phX = new double[2 * n], phY = new double[2 * n];
		Fft2.shiftPhases(phX, n, p.shiftX);
		Fft2.shiftPhases(phY, n, p.shiftY);
		double beta = p.beta, b2 = beta * beta, sn2 = p.sigmaN * p.sigmaN, sr2 = p.sigmaR * p.sigmaR;
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		double[] k = fft.newArray(), h = psfTerm ? fft.newArray() : null;
		double[] x = new double[4], e = new double[4];
		double point = 0;
		for (int v = 0; v < n; v++) {
			for (int u = 0; u < n; u++) {
				int q0 = v * n + u, q = fft.mirror(q0);
				Fft2.split(c, q0, q, x);
				double ar = x[0], ai = x[1], br = x[2], bi = x[3];
				double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
				double den = Math.max(tiny, sn2 * pr2 + b2 * sr2 * pn2);
				// the reference's shift phase at (u, v)
				double cr = phX[2 * u] * phY[2 * v] - phX[2 * u + 1] * phY[2 * v + 1];
				double ci = phX[2 * u] * phY[2 * v + 1] + phX[2 * u + 1] * phY[2 * v];
				double knr = beta * pr2 * br / den, kni = -beta * pr2 * bi / den;
				double kr0 = b2 * pn2 * ar / den, ki0 = -b2 * pn2 * ai / den;
				double krr = kr0 * cr - ki0 * ci, kri = kr0 * ci + ki0 * cr;
				k[2 * q0] = knr - kri;
				k[2 * q0 + 1] = kni + krr;
				point += b2 * pr2 * pn2 / den;
				if (!psfTerm) continue;
				// ZogyTile's H n = beta |Pr|^2 En conj(Pn)^2 / (|Pn|^2 den) and H r, |E / P| at most 1
				Fft2.split(m, q0, q, e);
				double en2 = e[2] * e[2] + e[3] * e[3], er2 = e[0] * e[0] + e[1] * e[1];
				double hnr = 0, hni = 0, hrr = 0, hri = 0;
				if (pn2 > ZogyTile.TINY_POWER) {
					double cjr = br * br - bi * bi, cji = -2 * br * bi;
					double f = p.errorN * beta * pr2 / (pn2 * den) * (en2 > pn2 ? Math.sqrt(pn2 / en2) : 1);
					hnr = f * (e[2] * cjr - e[3] * cji);
					hni = f * (e[2] * cji + e[3] * cjr);
				}
				if (pr2 > ZogyTile.TINY_POWER) {
					double cjr = ar * ar - ai * ai, cji = -2 * ar * ai;
					double f = p.errorR * b2 * pn2 / (pr2 * den) * (er2 > pr2 ? Math.sqrt(pr2 / er2) : 1);
					double h0 = f * (e[0] * cjr - e[1] * cji), h1 = f * (e[0] * cji + e[1] * cjr);
					hrr = h0 * cr - h1 * ci;
					hri = h0 * ci + h1 * cr;
				}
				h[2 * q0] = hnr - hri;
				h[2 * q0 + 1] = hni + hrr;
			}
		}
		fft.inverse(k);
		double[] sq = new double[2];
		for (int i = 0; i < n * n; i++) {
			sq[0] += k[2 * i] * k[2 * i];
			sq[1] += k[2 * i + 1] * k[2 * i + 1];
		}
		int rv = Math.min(maxRadius, radius(k, n, sq)), rw = Math.min(maxRadius, (n - 1) / 2);
		double[] kn2 = stamp(k, n, rv, 0, true), kr2 = stamp(k, n, rv, 1, true);
		double[] kn2Wide = stamp(k, n, rw, 0, true), kr2Wide = stamp(k, n, rw, 1, true);
		int rp = 0;
		double[] hn = null, hr = null;
		if (psfTerm) {
			fft.inverse(h);
			double[] hs = new double[2];
			for (int i = 0; i < n * n; i++) {
				hs[0] += h[2 * i] * h[2 * i];
				hs[1] += h[2 * i + 1] * h[2 * i + 1];
			}
			rp = Math.min(maxRadius, radius(h, n, hs));
			hn = stamp(h, n, rp, 0, false);
			hr = stamp(h, n, rp, 1, false);
		}
		return new NoiseKernels(rv, kn2, kr2, rw, kn2Wide, kr2Wide, sq[0], sq[1], rp, hn, hr, point / ((double) n * n));
	}

	/** The smallest radius whose square holds all but {@link #CUT} of both parts' energy (sums of squares). */
	private static int radius(double[] x, int n, double[] total) {
		for (int r = 0; 2 * r + 1 < n; r++) {
			double a = 0, b = 0;
			for (int j = -r; j <= r; j++) {
				for (int i = -r; i <= r; i++) {
					int g = 2 * (Math.floorMod(j, n) * n + Math.floorMod(i, n));
					a += x[g] * x[g];
					b += x[g + 1] * x[g + 1];
				}
			}
			if (a >= (1 - CUT) * total[0] && b >= (1 - CUT) * total[1]) return r;
		}
		return (n - 1) / 2;
	}

	/** The part (0 real, 1 imaginary) of x within radius r of point 0, squared or not. */
	private static double[] stamp(double[] x, int n, int r, int part, boolean square) {
		int s = 2 * r + 1;
		double[] out = new double[s * s];
		for (int j = -r; j <= r; j++) {
			for (int i = -r; i <= r; i++) {
				double v = x[2 * (Math.floorMod(j, n) * n + Math.floorMod(i, n)) + part];
				out[(j + r) * s + i + r] = square ? v * v : v;
			}
		}
		return out;
	}

	private static double[] table(double[] k, int s) {
		double[] t = new double[(s + 1) * (s + 1)];
		for (int j = 0; j < s; j++) {
			double row = 0;
			for (int i = 0; i < s; i++) {
				row += k[j * s + i];
				t[(j + 1) * (s + 1) + i + 1] = t[j * (s + 1) + i + 1] + row;
			}
		}
		return t;
	}

	/**
	 * &Sigma; k&sup2;(d) over the offsets d with pixel (x, y) &minus; d inside a w &times; h image (the whole
	 * kernel's sum when all are): a smooth variance times this is its convolution with k&sup2;, zeros beyond
	 * the image as in the transforms.
	 */
	double inside(boolean reference, int x, int y, int w, int h) {
		int r = rv;
		if (x >= r && y >= r && x + r < w && y + r < h) return reference ? sumR : sumN;
		// offsets d in [x - w + 1, x] x [y - h + 1, y], within [-r, r]
		int i0 = Math.max(-r, x - w + 1) + r, i1 = Math.min(r, x) + r, j0 = Math.max(-r, y - h + 1) + r, j1 = Math.min(r, y) + r;
		if (i0 > i1 || j0 > j1) return 0;
		double[] t = reference ? tableR : tableN;
		int s = 2 * r + 2;
		return t[(j1 + 1) * s + i1 + 1] - t[j0 * s + i1 + 1] - t[(j1 + 1) * s + i0] + t[j0 * s + i0];
	}
}
