package org.astrofiji.core.subtraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.fft.Fft2;

/**
 * Proper coaddition after Zackay &amp; Ofek (2017): of images M<sub>j</sub> on one grid with PSFs
 * P<sub>j</sub>, background noise &sigma;<sub>j</sub> and flux scales F<sub>j</sub> (F of the first = 1,
 * the others fitted as ZOGY's &beta; against it, or given),
 * <pre>
 * R&#770; = &Sigma; (F_j / &sigma;_j&sup2;) P&#770;_j* M&#770;_j / &radic;(&Sigma; F_j&sup2; / &sigma;_j&sup2; |P&#770;_j|&sup2;)
 * P&#770;_R = &radic;(&Sigma; F_j&sup2; / &sigma;_j&sup2; |P&#770;_j|&sup2;) / F_R,   F_R = &radic;(&Sigma; F_j&sup2; / &sigma;_j&sup2;)
 * S = F&#770;&sup1;[&Sigma; (F_j / &sigma;_j&sup2;) P&#770;_j* M&#770;_j] / &radic;(mean_k &Sigma; F_j&sup2; / &sigma;_j&sup2; |P&#770;_j|&sup2;)
 * </pre>
 * R has unit white noise where the background dominates and loses no information (a sufficient
 * statistic for point sources); S is its matched filter scaled to unit noise, so a point source's S is
 * its significance, the largest any linear combination of the images gives. Each image's PSF is taken
 * at the image centre (the coadd of images with varying PSFs uses their central PSFs), and the FFT
 * grid is padded by the PSFs' size so nothing wraps. Left-out pixels (the union over the images) are
 * filled in every image as in subtraction and are 0 in the outputs.
 */
public final class ProperCoadd {

	/** The outputs. */
	public static final class Result {

		/** The coadd R (unit background noise), its score S (unit noise), memory orientation. */
		public final float[] coadd, score;
		/** P_R, unit sum, {@link #psfSize} square, memory orientation. */
		public final double[] psf;
		public final int psfSize;
		/** Flux scales F_j (the first 1) and F_R. */
		public final double[] fluxes;
		public final double fluxR;
		/** DQ of the outputs: the left-out pixels' bits. */
		public final short[] dq;
		public final String summary;

		Result(float[] coadd, float[] score, double[] psf, int psfSize, double[] fluxes, double fluxR, short[] dq, String summary) {
			this.coadd = coadd;
			this.score = score;
			this.psf = psf;
			this.psfSize = psfSize;
			this.fluxes = fluxes;
			this.fluxR = fluxR;
			this.dq = dq;
			this.summary = summary;
		}
	}

	private ProperCoadd() {}

	/**
	 * @param fluxes F_j per image, or null to fit them against the first image (its F = 1)
	 */
	public static Result run(List<Epoch> images, double[] fluxes, Progress progress) {
		if (images.size() < 2) throw new IllegalArgumentException("proper coadd needs at least 2 images (got " + images.size() + ")");
		if (fluxes != null && fluxes.length != images.size()) throw new IllegalArgumentException("fluxes: " + fluxes.length +
			" values for " + images.size() + " images");
		Epoch first = images.get(0);
		int w = first.width(), h = first.height();
		short[] union = first.flags().clone();
		for (Epoch e : images) {
			short[] u = Epoch.union(first, e);
			for (int p = 0; p < union.length; p++) union[p] |= u[p];
		}
		List<Epoch> filled = new ArrayList<>();
		for (Epoch e : images) filled.add(e.filled(union));
		double[] f = new double[images.size()];
		for (int j = 0; j < f.length; j++) {
			if (fluxes != null) {
				if (!(fluxes[j] > 0) || Double.isInfinite(fluxes[j])) throw new IllegalArgumentException("fluxes: the flux scale of " +
					images.get(j).name() + " must be > 0 (got " + fluxes[j] + ")");
				f[j] = fluxes[j];
			}
			else f[j] = j == 0 ? 1 : ProperSubtraction.fluxRatio(filled.get(0), filled.get(j), new ProperSubtraction.Settings(),
				progress.range(0.5 * (j - 1) / f.length, 0.5 * j / f.length)).beta;
		}
		int size = 0;
		for (Epoch e : filled) size = Math.max(size, e.psf().size());
		int nx = Fft2.smooth(w + size), ny = Fft2.smooth(h + size), points = nx * ny;
		Fft2 fft = new Fft2(nx, ny);
		double[] num = fft.newArray(), den = new double[points], m = fft.newArray(), p = fft.newArray();
		double cx = Coordinates.fitsX((w - 1) / 2.0), cy = Coordinates.fitsY((h - 1) / 2.0, h), fr2 = 0;
		for (int j = 0; j < f.length; j++) {
			Epoch e = filled.get(j);
			double s2 = e.sigma() * e.sigma(), a = f[j] / s2, b = f[j] * f[j] / s2;
			fr2 += b;
			java.util.Arrays.fill(m, 0);
			float[] sub = e.subtracted();
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[2 * (y * nx + x)] = sub[y * w + x];
			fft.forward(m);
			java.util.Arrays.fill(p, 0);
			int ps = e.psf().size(), r = ps / 2;
			double[] stamp = e.psf().at(cx, cy);
			fft.placeCentred(p, stamp, ps, 0);
			fft.forward(p, -r, r + 1); // the stamp's rows only
			for (int k = 0; k < points; k++) {
				double pr = p[2 * k], pi = p[2 * k + 1], mr = m[2 * k], mi = m[2 * k + 1];
				// conj(P) M
				num[2 * k] += a * (pr * mr + pi * mi);
				num[2 * k + 1] += a * (pr * mi - pi * mr);
				den[k] += b * (pr * pr + pi * pi);
			}
			progress.report("proper coadd", 0.5 + 0.4 * (j + 1) / f.length);
		}
		double fluxR = Math.sqrt(fr2), meanDen = 0;
		double[] rr = fft.newArray(), pp = fft.newArray();
		for (int k = 0; k < points; k++) {
			double sd = Math.sqrt(den[k]);
			meanDen += den[k];
			if (sd > 1e-300) {
				rr[2 * k] = num[2 * k] / sd;
				rr[2 * k + 1] = num[2 * k + 1] / sd;
			}
			pp[2 * k] = sd / fluxR;
		}
		meanDen /= points;
		fft.inverse(rr);
		fft.inverse(num);
		fft.inverse(pp);
		float[] coadd = new float[w * h], score = new float[w * h];
		double norm = 1 / Math.sqrt(meanDen);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int q = y * w + x, g = 2 * (y * nx + x);
				if (union[q] != 0) continue;
				coadd[q] = (float) rr[g];
				score[q] = (float) (num[g] * norm);
			}
		}
		double[] psf = new double[size * size];
		int r = size / 2;
		double sum = 0;
		for (int jy = 0; jy < size; jy++) {
			for (int ix = 0; ix < size; ix++) sum += psf[jy * size + ix] = pp[2 * (Math.floorMod(jy - r, ny) * nx + Math.floorMod(ix - r, nx))];
		}
		for (int q = 0; q < psf.length; q++) psf[q] /= sum;
		StringBuilder fs = new StringBuilder();
		for (double v : f) fs.append(fs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
		int left = 0;
		for (short u : union) if (u != 0) left++;
		progress.report("proper coadd", 1);
		return new Result(coadd, score, psf, size, f, fluxR, union, String.format(Locale.ROOT,
			"proper coadd of %d images %dx%d: flux scales %s (%s), F_R %.5g, %d pixels left out", f.length, w, h, fs, fluxes != null
				? "given" : "fitted against the first", fluxR, left));
	}
}
