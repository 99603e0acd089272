package org.astrofiji.core.subtraction;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.fft.Fft2;

/**
 * The Fourier-space arithmetic of Zackay, Ofek &amp; Gal-Yam (2016) on one tile's FFT grid, with one
 * workspace of grid-sized arrays per thread. The reference R and new image N are background
 * subtracted, their PSFs P<sub>r</sub>, P<sub>n</sub> have unit sum, F<sub>r</sub> = 1 and F<sub>n</sub> =
 * &beta; (so fluxes are in the reference's units), and (&delta;x, &delta;y) moves R onto N:
 * <pre>
 * den  = &sigma;n&sup2; |P&#770;r|&sup2; + &beta;&sup2; &sigma;r&sup2; |P&#770;n|&sup2;                         (eq. 13)
 * D&#770;    = (P&#770;r N&#770; &minus; &beta; P&#770;n R&#770;') / &radic;den,   R&#770;' = R&#770; e^(&minus;2&pi;i k&middot;&delta;)
 * P&#770;D   = &beta; P&#770;r P&#770;n / (F_D &radic;den),  F_D = &beta; / &radic;(&sigma;n&sup2; + &beta;&sup2; &sigma;r&sup2;)      (eqs. 14, 15)
 * S&#770;    = F_D D&#770; P&#770;D* = k&#770;n N&#770; &minus; k&#770;r R&#770;'                                  (eq. 17)
 * k&#770;n   = &beta; |P&#770;r|&sup2; P&#770;n* / den,   k&#770;r = &beta;&sup2; |P&#770;n|&sup2; P&#770;r* / den           (eqs. 26-29)
 * V(S) = V(&epsilon;n) &otimes; kn&sup2; + V(&epsilon;r) &otimes; kr&sup2;                                (source and background noise)
 * V_ast= &sigma;x&sup2; [(&part;x S_N)&sup2; + (&part;x S_R)&sup2;] + &sigma;y&sup2; [(&part;y S_N)&sup2; + (&part;y S_R)&sup2;]     (eqs. 30-31)
 * V_&beta; = (&sigma;&beta; / &beta;)&sup2; S_R&sup2;
 * V_psf= (F&#8315;&sup1;[k&#770;n (&Ecirc;n / P&#770;n) N&#770;s])&sup2; + (F&#8315;&sup1;[k&#770;r (&Ecirc;r / P&#770;r) R&#770;s'])&sup2;
 * S_corr = S / &radic;(V(S) + V_ast + V_&beta; + V_psf)
 * </pre>
 * with S_N = kn &otimes; N and S_R = kr &otimes; R' the two parts of S. V_&beta; is ours, built as the
 * paper builds V_ast: an error &delta;&beta; of the flux ratio leaves (&delta;&beta; / &beta;) S_R at every
 * unchanged star, so bright stars do not become candidates through the flux ratio's uncertainty. V_psf is ours
 * too, derived the same way for an error of the PSFs' shape: with true PSFs P + &delta;P an unchanged scene T
 * leaves &delta;S = kn &otimes; (&beta; T &otimes; &delta;Pn) &minus; kr &otimes; (T &otimes; &delta;Pr), and T &otimes; &delta;P = F&#8315;&sup1;[(&delta;P&#770; /
 * P&#770;) N&#770; / &beta;]; &delta;P is replaced by each PSF's measured error stamp E ({@link PsfField#error}: the
 * PSF stars' RMS radial misfit, taken coherent over the stamp and independent between the images), and N,
 * R by their source pixels N_s, R_s (above {@link #SOURCE_SIGMAS} &sigma;: the sky's noise would be magnified by
 * the division), with |&Ecirc; / P&#770;| &le; 1. Real fields go through the
 * transforms in pairs ({@link Fft2}): R and N forward, D and S back. The noise terms V(S) and V_psf are
 * sums in real space over compact kernels ({@link NoiseKernels}: kn&sup2;, kr&sup2;, and hn, hr with
 * H&#770;n = k&#770;n &Ecirc;n / P&#770;n) and sparse scenes ({@link SparseScene}: the variance beyond the smooth
 * background's, which enters as the background times &Sigma;k&sup2;, and the sources), four transforms of the
 * grid fewer than computing them in Fourier space (docs/dev/zogy.md, round zogy9, has their accuracy). A
 * tile with constant PSFs reuses the PSFs' spectra and the kernels ({@link Kernels}).
 * <p>
 * The loops over the grid's points run in parallel by rows ({@link Parallel}); sums over the grid are
 * summed per row first and the rows' sums in order, so every result is the same for any thread count.
 */
final class ZogyTile {

	/** The numbers every tile shares. */
	static final class Params {

		final double beta, sigmaR, sigmaN, shiftX, shiftY, astroX, astroY, fluxRms, errorR, errorN;

		Params(double beta, double sigmaR, double sigmaN, double shiftX, double shiftY, double astroX, double astroY) {
			this(beta, sigmaR, sigmaN, shiftX, shiftY, astroX, astroY, 0, 0, 0);
		}

		/**
		 * @param shiftX shift applied to the reference, memory pixels (x)
		 * @param astroX astrometric noise sigma along x, pixels (0: no V_ast)
		 * @param fluxRms relative error of &beta; for V_&beta; (0: none)
		 * @param errorR weight of the reference PSF's error stamp in V_psf (1: its stamp as measured, 0: none); errorN the new image's
		 */
		Params(double beta, double sigmaR, double sigmaN, double shiftX, double shiftY, double astroX, double astroY, double fluxRms,
			double errorR, double errorN)
		{
			this.fluxRms = fluxRms;
			this.errorR = errorR;
			this.errorN = errorN;
			this.beta = beta;
			this.sigmaR = sigmaR;
			this.sigmaN = sigmaN;
			this.shiftX = shiftX;
			this.shiftY = shiftY;
			this.astroX = astroX;
			this.astroY = astroY;
		}

		/** F_D = &beta; / &radic;(&sigma;n&sup2; + &beta;&sup2;&sigma;r&sup2;). */
		double fluxD() {
			return beta / Math.sqrt(sigmaN * sigmaN + beta * beta * sigmaR * sigmaR);
		}

		Params withBeta(double b) {
			return new Params(b, sigmaR, sigmaN, shiftX, shiftY, astroX, astroY, fluxRms, errorR, errorN);
		}

		Params withShift(double sx, double sy) {
			return new Params(beta, sigmaR, sigmaN, sx, sy, astroX, astroY, fluxRms, errorR, errorN);
		}

		/** Whether S_corr has the PSF-error term V_psf. */
		boolean psfTerm() {
			return errorR > 0 || errorN > 0;
		}
	}

	/**
	 * What depends only on the two PSFs (and the parameters): the packed spectra P&#770;r + iP&#770;n on the
	 * grid and the noise terms' real-space kernels ({@link NoiseKernels}, with F_D&sup2; &Sigma;P_D&sup2;, S of a
	 * unit point source). Immutable once made; shared by the tiles of constant PSFs.
	 */
	static final class Kernels {

		final double[] psf;
		final NoiseKernels noise;
		final double pointScore;

		Kernels(double[] psf, NoiseKernels noise) {
			this.psf = psf;
			this.noise = noise;
			this.pointScore = noise.pointScore;
		}
	}

	private final Fft2 fft;
	private final int nx, ny, points;
	private final double[] a, e;
	/** V_ast's and V_&beta;'s two more grids, made when first needed (most runs have neither term). */
	private double[] b, g;
	/** e^(-2 pi i f delta) per column and row index (real at the Nyquist frequency, so the product stays Hermitian). */
	private final double[] phaseX, phaseY;
	private double phaseShiftX = Double.NaN, phaseShiftY = Double.NaN;

	ZogyTile(int nx, int ny) {
		this.fft = new Fft2(nx, ny);
		this.nx = nx;
		this.ny = ny;
		this.points = nx * ny;
		this.a = fft.newArray();
		this.e = fft.newArray();
		this.phaseX = new double[2 * nx];
		this.phaseY = new double[2 * ny];
	}

	Fft2 fft() {
		return fft;
	}

	/** Packs two images' pixels (zeros beyond them) into {@code dst} on the grid whose index 0 is image pixel (gx0, gy0). */
	void load(double[] dst, float[] re, float[] im, int w, int h, int gx0, int gy0) {
		int x0 = Math.max(0, gx0), x1 = Math.min(w, gx0 + nx);
		Parallel.forRange(ny, 16, (r0, r1) -> {
			for (int gy = r0; gy < r1; gy++) {
				java.util.Arrays.fill(dst, 2 * gy * nx, 2 * (gy + 1) * nx, 0);
				int y = gy0 + gy;
				if (y < 0 || y >= h) continue;
				for (int x = x0, q = y * w + x0, p = 2 * (gy * nx + x0 - gx0); x < x1; x++, q++, p += 2) {
					dst[p] = re[q];
					if (im != null) dst[p + 1] = im[q];
				}
			}
		});
	}

	/** The packed spectra P&#770;r + iP&#770;n: each stamp's centre at grid point 0 (wrapped), transformed. */
	double[] psfSpectra(double[] pr, int sr, double[] pn, int sn) {
		double[] c = fft.newArray();
		fft.placeCentred(c, pr, sr, 0);
		fft.placeCentred(c, pn, sn, 1);
		int r = Math.max(sr, sn) / 2;
		fft.forward(c, -r, r + 1);
		return c;
	}

	/** Prepares the shift phases of the reference for this shift (memory pixels). */
	private void phases(double sx, double sy) {
		if (sx == phaseShiftX && sy == phaseShiftY) return;
		Fft2.shiftPhases(phaseX, nx, sx);
		Fft2.shiftPhases(phaseY, ny, sy);
		phaseShiftX = sx;
		phaseShiftY = sy;
	}

	/** The reference's shift phase at frequency (u, v): real part. */
	private double phaseRe(int u, int v) {
		return phaseX[2 * u] * phaseY[2 * v] - phaseX[2 * u + 1] * phaseY[2 * v + 1];
	}

	/** The reference's shift phase at frequency (u, v): imaginary part. */
	private double phaseIm(int u, int v) {
		return phaseX[2 * u] * phaseY[2 * v + 1] + phaseX[2 * u + 1] * phaseY[2 * v];
	}

	/**
	 * The two spectra packed in {@code x} at point p (mirror q, frequency (u, v)) into {@code out} =
	 * {re, im of the reference's, re, im of the new image's}, the reference's shifted by the phases.
	 */
	private void splitShifted(double[] x, int p, int q, int u, int v, double[] out) {
		Fft2.split(x, p, q, out);
		if (phaseShiftX == 0 && phaseShiftY == 0) return; // the phase is 1 + 0i: the same bits
		double cr = phaseRe(u, v), ci = phaseIm(u, v), r0 = out[0], i0 = out[1];
		out[0] = r0 * cr - i0 * ci;
		out[1] = r0 * ci + i0 * cr;
	}

	/**
	 * D<sub>n</sub> = P<sub>r</sub> &otimes; N / &radic;den and D<sub>r</sub> = P<sub>n</sub> &otimes; R' /
	 * &radic;den on the grid (the flux-ratio fit's two images, which differ only by &beta; where the
	 * PSFs are right): {@code out[0]} and {@code out[1]} receive them (grid-sized). Returns the
	 * background noise RMS of D<sub>n</sub> and D<sub>r</sub>.
	 */
	double[] fluxRatioImages(Epoch r, Epoch n, int gx0, int gy0, double[] psf, Params pr, float[][] out) {
		load(a, r.subtracted(), n.subtracted(), r.width(), r.height(), gx0, gy0);
		fft.forward(a);
		phases(pr.shiftX, pr.shiftY);
		double beta = pr.beta, b2 = beta * beta, sn2 = pr.sigmaN * pr.sigmaN, sr2 = pr.sigmaR * pr.sigmaR;
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		double[] rowR = new double[ny], rowN = new double[ny];
		Parallel.forRange(ny, 8, (y0, y1) -> {
			double[] part = new double[4], part2 = new double[4];
			for (int v = y0; v < y1; v++) {
				double noiseR = 0, noiseN = 0;
				int mirrorRow = fft.mirrorRow(v);
				for (int u = 0, p = v * nx; u < nx; u++, p++) {
					int q = fft.mirror(mirrorRow, u);
					splitShifted(a, p, q, u, v, part);
					Fft2.split(psf, p, q, part2);
					double rr = part[0], ri = part[1], nr = part[2], ni = part[3];
					double ar = part2[0], ai = part2[1], br = part2[2], bi = part2[3];
					double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
					double den = Math.max(tiny, sn2 * pr2 + b2 * sr2 * pn2), sd = Math.sqrt(den);
					double dnr = (ar * nr - ai * ni) / sd, dni = (ar * ni + ai * nr) / sd;
					double drr = (br * rr - bi * ri) / sd, dri = (br * ri + bi * rr) / sd;
					e[2 * p] = dnr - dri;
					e[2 * p + 1] = dni + drr;
					noiseR += sr2 * pn2 / den;
					noiseN += sn2 * pr2 / den;
				}
				rowR[v] = noiseR;
				rowN[v] = noiseN;
			}
		});
		double noiseR = 0, noiseN = 0;
		for (int v = 0; v < ny; v++) {
			noiseR += rowR[v];
			noiseN += rowN[v];
		}
		fft.inverse(e);
		unpack(e, out[0], out[1], 0, ny);
		return new double[] { Math.sqrt(noiseN / points), Math.sqrt(noiseR / points) };
	}

	/**
	 * D, S and S_corr on the grid: {@code out[0..2]} (grid-sized) receive them; with V_psf, {@code out[3]}
	 * (when there) S_corr without it. Only the grid rows [row0, row1) of the outputs are written (a
	 * tile's output region: the transforms finish only those).
	 *
	 * @param sr the reference's sparse scene (its variance excess and sources), sn the new image's
	 * @param kn the PSFs' spectra and the noise terms' kernels
	 */
	void subtract(Epoch r, Epoch n, SparseScene sr, SparseScene sn, int gx0, int gy0, Kernels kn, Params pr, float[][] out, int row0,
		int row1)
	{
		int w = r.width(), h = r.height();
		load(a, r.subtracted(), n.subtracted(), w, h, gx0, gy0);
		fft.forward(a);
		phases(pr.shiftX, pr.shiftY);
		double[] c = kn.psf;
		double beta = pr.beta, b2 = beta * beta, sn2 = pr.sigmaN * pr.sigmaN, sr2 = pr.sigmaR * pr.sigmaR;
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		Parallel.forRange(ny, 8, (y0, y1) -> {
			double[] part = new double[4], part2 = new double[4];
			for (int v = y0; v < y1; v++) {
				int mirrorRow = fft.mirrorRow(v);
				for (int u = 0, p = v * nx; u < nx; u++, p++) {
					int q = fft.mirror(mirrorRow, u);
					// each point with its mirror, by the lower index of the two: the mirror's spectra are the exact
					// conjugates (every operation below flips sign exactly), so put writes what computing it would
					if (q < p) continue;
					splitShifted(a, p, q, u, v, part);
					Fft2.split(c, p, q, part2);
					double rr = part[0], ri = part[1], nr = part[2], ni = part[3];
					double ar = part2[0], ai = part2[1], br = part2[2], bi = part2[3];
					double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
					double den = Math.max(tiny, sn2 * pr2 + b2 * sr2 * pn2), is = 1 / Math.sqrt(den);
					double tr = ar * nr - ai * ni - beta * (br * rr - bi * ri);
					double ti = ar * ni + ai * nr - beta * (br * ri + bi * rr);
					double dr = tr * is, di = ti * is;
					double mr = ar * br - ai * bi, mi = ar * bi + ai * br;
					double scr = beta * (mr * dr + mi * di) * is, sci = beta * (mr * di - mi * dr) * is;
					put(e, p, q, dr, di, scr, sci);
				}
			}
		});
		fft.inverse(e, row0, row1);
		unpack(e, out[0], out[1], row0, row1);
		boolean astro = pr.astroX > 0 || pr.astroY > 0 || pr.fluxRms > 0;
		if (astro) astrometric(pr, c);
		NoiseKernels nk = kn.noise;
		boolean psfTerm = pr.psfTerm() && nk.hn != null;
		double ax2 = pr.astroX * pr.astroX, ay2 = pr.astroY * pr.astroY, f2 = pr.fluxRms * pr.fluxRms;
		int x0 = Math.max(0, gx0), x1 = Math.min(w, gx0 + nx);
		float[] bn = sn.background, br = sr.background;
		double skyN = sn.skyExcess, skyR = sr.skyExcess;
		Parallel.forRange(row1 - row0, 8, (r0, r1) -> {
			double[] vN = new double[x1 - x0], vR = new double[x1 - x0], hN = new double[x1 - x0], hR = new double[x1 - x0];
			for (int gy = row0 + r0; gy < row0 + r1; gy++) {
				int y = gy0 + gy;
				if (y < 0 || y >= h) continue;
				java.util.Arrays.fill(vN, 0);
				java.util.Arrays.fill(vR, 0);
				sn.gather(true, nk.kn2, nk.rv, y, x0, x1, vN);
				sr.gather(true, nk.kr2, nk.rv, y, x0, x1, vR);
				sn.gatherBig(nk.kn2Wide, nk.rw, y, x0, x1, vN);
				sr.gatherBig(nk.kr2Wide, nk.rw, y, x0, x1, vR);
				if (psfTerm) {
					java.util.Arrays.fill(hN, 0);
					java.util.Arrays.fill(hR, 0);
					sn.gather(false, nk.hn, nk.rp, y, x0, x1, hN);
					sr.gather(false, nk.hr, nk.rp, y, x0, x1, hR);
				}
				for (int x = x0, i = 0, p = gy * nx + x0 - gx0; x < x1; x++, i++, p++) {
					int q = y * w + x;
					double v = (bn[q] + skyN) * nk.inside(false, x, y, w, h) + vN[i] + (br[q] + skyR) * nk.inside(true, x, y, w, h) + vR[i];
					if (astro) {
						double dxn = b[2 * p + 1], dyn = a[2 * p], dxr = a[2 * p + 1], dyr = g[2 * p];
						double sRef = g[2 * p + 1];
						v += ax2 * (dxn * dxn + dxr * dxr) + ay2 * (dyn * dyn + dyr * dyr) + f2 * sRef * sRef;
					}
					if (psfTerm) {
						// S_corr without V_psf too: the noise NoiseScale measures is the sky's, which V_psf leaves alone
						if (out.length > 3) out[3][p] = v > 0 ? (float) (out[1][p] / Math.sqrt(v)) : 0f;
						v += hN[i] * hN[i] + hR[i] * hR[i];
					}
					out[2][p] = v > 0 ? (float) (out[1][p] / Math.sqrt(v)) : 0f;
				}
			}
		});
	}

	/**
	 * V_ast's and V_&beta;'s fields on the grid from R&#770;, N&#770; in {@code a}: the gradients of S_N and S_R and
	 * S_R itself, transformed back into b (imaginary: &part;x S_N), a (&part;y S_N + i &part;x S_R) and g (&part;y S_R + i S_R).
	 */
	private void astrometric(Params pr, double[] c) {
		if (b == null) {
			b = fft.newArray();
			g = fft.newArray();
		}
		double beta = pr.beta, b2 = beta * beta, sn2 = pr.sigmaN * pr.sigmaN, sr2 = pr.sigmaR * pr.sigmaR;
		double tiny = 1e-300 + 1e-30 * (sn2 + b2 * sr2);
		Parallel.forRange(ny, 8, (y0, y1) -> {
			double[] part = new double[4], part2 = new double[4];
			for (int v = y0; v < y1; v++) {
				int mirrorRow = fft.mirrorRow(v);
				for (int u = 0, p = v * nx; u < nx; u++, p++) {
					int q = fft.mirror(mirrorRow, u);
					// each point with its mirror, by the lower index of the two (no other point reads or writes them)
					if (q < p) continue;
					splitShifted(a, p, q, u, v, part);
					double rr = part[0], ri = part[1], nr = part[2], ni = part[3];
					Fft2.split(c, p, q, part2);
					double ar = part2[0], ai = part2[1], br = part2[2], bi = part2[3];
					double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
					double den = Math.max(tiny, sn2 * pr2 + b2 * sr2 * pn2);
					double knr = beta * pr2 * br / den, kni = -beta * pr2 * bi / den;
					double krr = b2 * pn2 * ar / den, kri = -b2 * pn2 * ai / den;
					double snr = knr * nr - kni * ni, sni = knr * ni + kni * nr;
					double srr = krr * rr - kri * ri, sri = krr * ri + kri * rr;
					double gx = Fft2.isNyquist(u, nx) ? 0 : 2 * Math.PI * Fft2.frequency(u, nx);
					double gy = Fft2.isNyquist(v, ny) ? 0 : 2 * Math.PI * Fft2.frequency(v, ny);
					// i g Z = (-g Zi, g Zr)
					put(b, p, q, 0, 0, -gx * sni, gx * snr);
					put(a, p, q, -gy * sni, gy * snr, -gx * sri, gx * srr);
					put(g, p, q, -gy * sri, gy * srr, srr, sri);
				}
			}
		});
		fft.inverse(b);
		fft.inverse(a);
		fft.inverse(g);
	}

	/** Unpacks the real and imaginary parts of the grid rows [row0, row1) of x into re and im. */
	private void unpack(double[] x, float[] re, float[] im, int row0, int row1) {
		Parallel.forRange(row1 - row0, 8, (r0, r1) -> {
			for (int p = (row0 + r0) * nx, end = (row0 + r1) * nx; p < end; p++) {
				re[p] = (float) x[2 * p];
				im[p] = (float) x[2 * p + 1];
			}
		});
	}

	/** Pixels of R and N above this many times their background noise are V_psf's sources. */
	static final double SOURCE_SIGMAS = 3;

	/** |P&#770;|&sup2; below this (P&#770;(0) = 1) has no phase to divide by: the PSF-error filter is 0 there ({@link NoiseKernels}). */
	static final double TINY_POWER = 1e-12;

	/**
	 * Writes X = A + iB at point p and its mirror q, for the spectra A(p) = (ar, ai) and B(p) = (br,
	 * bi) of two real fields: X(p) = A + iB, X(q) = A* + iB*.
	 */
	private static void put(double[] x, int p, int q, double ar, double ai, double br, double bi) {
		x[2 * p] = ar - bi;
		x[2 * p + 1] = ai + br;
		if (q != p) {
			x[2 * q] = ar + bi;
			x[2 * q + 1] = -ai + br;
		}
	}
}
