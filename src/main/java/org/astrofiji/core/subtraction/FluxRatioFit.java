package org.astrofiji.core.subtraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.stats.Medians;

/**
 * Fits the flux ratio &beta; and the shift (&delta;x, &delta;y) of a new image to its reference after
 * Zackay, Ofek &amp; Gal-Yam (2016, &sect;3.4 and the astrometric extension): the images
 * D<sub>n</sub> = P<sub>r</sub> &otimes; N / &radic;den and D<sub>r</sub> = P<sub>n</sub> &otimes; R /
 * &radic;den have the same PSF, so wherever the PSFs and the registration are right D<sub>n</sub> =
 * &beta; D<sub>r</sub>(x &minus; &delta;) &asymp; &beta; D<sub>r</sub> &minus; &beta;&delta;&middot;&nabla;D<sub>r</sub>,
 * whatever &beta; den was built with.
 * <p>
 * The fit is made star by star, at every local maximum of D<sub>r</sub> whose box of pixels is free
 * of flags (left out, or within the kernels' reach of a left-out pixel or the edge): the star's
 * amplitude in D<sub>n</sub> and in D<sub>r</sub> is fitted with the PSF they share (P_D) and a constant
 * (a local background difference, ZOGY's &gamma;'), and the star's &beta; is their ratio; the shift
 * is fitted to D<sub>n</sub> &minus; &beta;D<sub>r</sub> with the PSF's gradients. Regressing on the
 * noiseless PSF instead of on D<sub>r</sub> itself avoids the bias towards 0 that the noise of
 * D<sub>r</sub> would give a least-squares slope (a few per cent for stars at 10&sigma;). Stars whose
 * amplitude is at least {@code minSnr} times its noise are kept; their &beta; are clipped about the
 * median (4 &times; 1.4826 MAD, three rounds: variable stars, transients and unflagged saturated stars
 * drop out) and averaged with weights from their noise and a 1 % floor (so the brightest, limited by
 * PSF errors, do not take all the weight); the error is the weighted scatter of the stars over
 * &radic;n. The shift is averaged the same way; while it moves by more than 0.05 px the fit is
 * repeated with the reference moved by it, since the linearisation holds for small shifts only.
 * Tiles: a spread of at most {@link #MAX_TILES} of the image's.
 */
final class FluxRatioFit {

	/** D<sub>n</sub> and D<sub>r</sub> of one tile, and their common PSF. */
	interface Images {

		/** D<sub>n</sub>, D<sub>r</sub> on the tile's grid into out[0], out[1]; returns their background noise RMS {n, r}. */
		double[] compute(int tile, ZogyTile.Params params, float[][] out);

		/** The PSF of D<sub>n</sub> and D<sub>r</sub> at the tile (unit sum, odd square). */
		double[] template(int tile, ZogyTile.Params params);

	}

	static final int MAX_TILES = 16;
	/** Clip in robust sigmas; per-star floors of the relative flux error and of the shift error (px). */
	private static final double CLIP = 4, FLOOR = 0.01, SHIFT_FLOOR = 0.01;
	private static final int MIN_STARS = 3;

	private FluxRatioFit() {}

	/**
	 * @param dq flags of the output pixels: stars touching any are skipped
	 * @param radius half-side of the fitted box, pixels
	 * @throws IllegalArgumentException with fewer than 3 usable stars
	 */
	static FluxRatio fit(Tiling t, Images images, short[] dq, int radius, ZogyTile.Params p0, boolean fitBeta, boolean fitShift,
		double minSnr, Progress progress)
	{
		int[] tiles = spread(t.count());
		ZogyTile.Params p = p0;
		FluxRatio r = null;
		double sx = p0.shiftX, sy = p0.shiftY;
		for (int pass = 0; pass < 4; pass++) {
			List<double[]> stars = stars(t, tiles, images, dq, radius, p, fitBeta, fitShift, minSnr, progress.range(pass / 4.0,
				(pass + 1) / 4.0));
			r = combine(stars, p, fitBeta, fitShift, sx, sy);
			if (!fitShift) break;
			// the fitted shift is of the new image relative to the (already moved) reference, memory pixels
			double dx = r.shiftX - sx, dy = r.shiftY - sy;
			sx = r.shiftX;
			sy = r.shiftY;
			p = p0.withShift(sx, sy).withBeta(fitBeta ? r.beta : p0.beta);
			if (Math.hypot(dx, dy) < 0.05) break;
		}
		return r;
	}

	/** At most MAX_TILES tile indices spread evenly over 0 .. n-1. */
	static int[] spread(int n) {
		if (n <= MAX_TILES) {
			int[] all = new int[n];
			for (int i = 0; i < n; i++) all[i] = i;
			return all;
		}
		int[] s = new int[MAX_TILES];
		for (int i = 0; i < MAX_TILES; i++) s[i] = (int) (((long) (2 * i + 1) * n) / (2 * MAX_TILES));
		return s;
	}

	/**
	 * One row per star: {&beta;, var &beta;, &delta;x, var &delta;x, &delta;y, var &delta;y} (shift in memory
	 * pixels, relative to the shift the images were made with; NaN where not fitted).
	 */
	private static List<double[]> stars(Tiling t, int[] tiles, Images images, short[] dq, int radius, ZogyTile.Params p,
		boolean fitBeta, boolean fitShift, double minSnr, Progress progress)
	{
		@SuppressWarnings("unchecked")
		List<double[]>[] perTile = new List[tiles.length];
		int gx = t.gridX, gy = t.gridY;
		int[] done = { 0 };
		Parallel.forRange(tiles.length, 1, (from, to) -> {
			float[][] out = { new float[gx * gy], new float[gx * gy] };
			for (int i = from; i < to; i++) {
				int tile = tiles[i];
				double[] noise = images.compute(tile, p, out);
				Template tp = new Template(images.template(tile, p), radius);
				perTile[i] = fitStars(t, tile, out[0], out[1], noise, tp, dq, p.beta, fitBeta, fitShift, minSnr);
				synchronized (done) {
					progress.report("flux ratio fit", ++done[0] / (double) tiles.length);
				}
			}
		});
		List<double[]> all = new ArrayList<>();
		for (List<double[]> l : perTile) all.addAll(l);
		return all;
	}

	/** The PSF of the fit images over the box, its gradients, and the inverse normal matrix of [PSF, 1]. */
	private static final class Template {

		final int r, side;
		final double[] t, gx, gy, inv;

		Template(double[] psf, int radius) {
			int size = (int) Math.round(Math.sqrt(psf.length)), c = size / 2;
			r = Math.min(radius, c - 1);
			side = 2 * r + 1;
			t = new double[side * side];
			gx = new double[side * side];
			gy = new double[side * side];
			double stt = 0, st = 0;
			for (int j = -r; j <= r; j++) {
				for (int i = -r; i <= r; i++) {
					int k = (j + r) * side + i + r, q = (j + c) * size + i + c;
					t[k] = psf[q];
					gx[k] = 0.5 * (psf[q + 1] - psf[q - 1]);
					gy[k] = 0.5 * (psf[q + size] - psf[q - size]);
					stt += t[k] * t[k];
					st += t[k];
				}
			}
			inv = invert(new double[] { stt, st, st, side * side }, 2);
		}
	}

	private static List<double[]> fitStars(Tiling t, int tile, float[] dn, float[] dr, double[] noise, Template tp,
		short[] dq, double beta, boolean fitBeta, boolean fitShift, double minSnr)
	{
		List<double[]> out = new ArrayList<>();
		int w = t.width, h = t.height, gw = t.gridX, x0 = t.gridX0(tile), y0 = t.gridY0(tile), r = tp.r;
		double sn2 = noise[0] * noise[0], sr2 = noise[1] * noise[1];
		double level = 0.5 * minSnr * noise[1];
		double[] m3 = new double[9], v3 = new double[3];
		for (int y = Math.max(r + 1, t.coreY0(tile)); y < Math.min(h - r - 1, t.coreY1(tile)); y++) {
			for (int x = Math.max(r + 1, t.coreX0(tile)); x < Math.min(w - r - 1, t.coreX1(tile)); x++) {
				int g = (y - y0) * gw + (x - x0);
				if (!(dr[g] >= level) || !isPeak(dr, g, gw) || flagged(dq, w, x, y, r)) continue;
				// amplitudes of the PSF (plus a constant) in both images
				double tn = 0, n1 = 0, trr = 0, r1 = 0;
				for (int j = -r, k = 0; j <= r; j++) {
					for (int i = -r; i <= r; i++, k++) {
						int q = g + j * gw + i;
						tn += tp.t[k] * dn[q];
						n1 += dn[q];
						trr += tp.t[k] * dr[q];
						r1 += dr[q];
					}
				}
				double an = tp.inv[0] * tn + tp.inv[1] * n1, ar = tp.inv[0] * trr + tp.inv[1] * r1;
				double b0 = beta, mean = 0.5 * (an / b0 + ar);
				double varMean = 0.25 * tp.inv[0] * (sn2 / (b0 * b0) + sr2);
				if (!(mean > minSnr * Math.sqrt(varMean)) || !(ar > 0)) continue;
				double[] star = new double[6];
				Arrays.fill(star, Double.NaN);
				double b = fitBeta ? an / ar : beta;
				if (fitBeta) {
					star[0] = b;
					star[1] = tp.inv[0] * (sn2 + b * b * sr2) / (mean * mean) + FLOOR * FLOOR * b * b;
				}
				if (fitShift) {
					// D_n - b D_r = -b A (dx dT/dx + dy dT/dy) + c
					Arrays.fill(m3, 0);
					Arrays.fill(v3, 0);
					double scale = -b * mean;
					for (int j = -r, k = 0; j <= r; j++) {
						for (int i = -r; i <= r; i++, k++) {
							int q = g + j * gw + i;
							double res = dn[q] - b * dr[q];
							double[] row = { scale * tp.gx[k], scale * tp.gy[k], 1 };
							for (int a = 0; a < 3; a++) {
								v3[a] += row[a] * res;
								for (int c = 0; c < 3; c++) m3[a * 3 + c] += row[a] * row[c];
							}
						}
					}
					double[] inv = invert(m3, 3);
					if (inv == null) continue;
					double noise2 = sn2 + b * b * sr2, floor2 = SHIFT_FLOOR * SHIFT_FLOOR;
					star[2] = inv[0] * v3[0] + inv[1] * v3[1] + inv[2] * v3[2];
					star[3] = inv[0] * noise2 + floor2;
					star[4] = inv[3] * v3[0] + inv[4] * v3[1] + inv[5] * v3[2];
					star[5] = inv[4] * noise2 + floor2;
				}
				out.add(star);
			}
		}
		return out;
	}

	private static boolean isPeak(float[] a, int g, int gw) {
		float v = a[g];
		for (int j = -1; j <= 1; j++) {
			for (int i = -1; i <= 1; i++) {
				if (i == 0 && j == 0) continue;
				float o = a[g + j * gw + i];
				if (o > v || o == v && j * gw + i < 0) return false;
			}
		}
		return true;
	}

	private static boolean flagged(short[] dq, int w, int x, int y, int r) {
		for (int j = y - r; j <= y + r; j++) for (int i = x - r; i <= x + r; i++) if (dq[j * w + i] != 0) return true;
		return false;
	}

	/** The inverse of a small symmetric positive-definite matrix (Gauss-Jordan), or null when singular. */
	static double[] invert(double[] a, int m) {
		double[] x = a.clone(), inv = new double[m * m];
		for (int i = 0; i < m; i++) inv[i * m + i] = 1;
		for (int col = 0; col < m; col++) {
			int piv = col;
			for (int r = col + 1; r < m; r++) if (Math.abs(x[r * m + col]) > Math.abs(x[piv * m + col])) piv = r;
			double d = x[piv * m + col];
			if (!(Math.abs(d) > 1e-300)) return null;
			if (piv != col) {
				for (int c = 0; c < m; c++) {
					double t = x[col * m + c];
					x[col * m + c] = x[piv * m + c];
					x[piv * m + c] = t;
					t = inv[col * m + c];
					inv[col * m + c] = inv[piv * m + c];
					inv[piv * m + c] = t;
				}
			}
			for (int c = 0; c < m; c++) {
				x[col * m + c] /= d;
				inv[col * m + c] /= d;
			}
			for (int r = 0; r < m; r++) {
				if (r == col) continue;
				double f = x[r * m + col];
				if (f == 0) continue;
				for (int c = 0; c < m; c++) {
					x[r * m + c] -= f * x[col * m + c];
					inv[r * m + c] -= f * inv[col * m + c];
				}
			}
		}
		return inv;
	}

	/** Clips the stars and averages them; the shift is returned in memory pixels, absolute (plus sx, sy). */
	private static FluxRatio combine(List<double[]> stars, ZogyTile.Params p, boolean fitBeta, boolean fitShift, double sx,
		double sy)
	{
		int n = stars.size();
		if (n < MIN_STARS) throw new IllegalArgumentException("beta/shift fit: only " + n + " star" + (n == 1 ? "" : "s") +
			" bright and clean enough (need " + MIN_STARS + "); give beta (and the shift) instead of fitting them");
		boolean[] keep = new boolean[n];
		Arrays.fill(keep, true);
		// clip on beta when it is fitted, else on the shifts
		int[] cols = fitBeta ? new int[] { 0 } : new int[] { 2, 4 };
		for (int round = 0; round < 3; round++) {
			boolean changed = false;
			for (int col : cols) {
				double[] v = values(stars, keep, col);
				double med = Medians.median(v);
				double[] dev = new double[v.length];
				for (int i = 0; i < v.length; i++) dev[i] = Math.abs(v[i] - med);
				double mad = Medians.MAD_TO_SIGMA * Medians.median(dev);
				double limit = CLIP * Math.max(mad, col == 0 ? 1e-6 * Math.abs(med) : 1e-4);
				for (int i = 0; i < n; i++) {
					if (keep[i] && Math.abs(stars.get(i)[col] - med) > limit) {
						keep[i] = false;
						changed = true;
					}
				}
			}
			if (!changed) break;
		}
		int kept = 0;
		for (boolean k : keep) if (k) kept++;
		if (kept < MIN_STARS) throw new IllegalArgumentException("beta/shift fit: only " + kept + " consistent stars; give " +
			"beta (and the shift) instead of fitting them");
		double[] b = fitBeta ? mean(stars, keep, 0) : new double[] { p.beta, Double.NaN, Double.NaN };
		double[] x = fitShift ? mean(stars, keep, 2) : new double[] { 0, Double.NaN, Double.NaN };
		double[] y = fitShift ? mean(stars, keep, 4) : new double[] { 0, Double.NaN, Double.NaN };
		// memory y runs down: FITS shifts are (dx, -dy)
		return new FluxRatio(b[0], b[1], b[2] / b[0], sx + x[0], sy + y[0], x[1], y[1], x[2], y[2], kept, n - kept, fitBeta, fitShift);
	}

	private static double[] values(List<double[]> stars, boolean[] keep, int col) {
		double[] v = new double[stars.size()];
		int k = 0;
		for (int i = 0; i < v.length; i++) if (keep[i]) v[k++] = stars.get(i)[col];
		return Arrays.copyOf(v, k);
	}

	/** {weighted mean, its error from the scatter, the weighted RMS scatter of the stars}. */
	private static double[] mean(List<double[]> stars, boolean[] keep, int col) {
		double sw = 0, swv = 0;
		int n = 0;
		for (int i = 0; i < stars.size(); i++) {
			if (!keep[i]) continue;
			double[] s = stars.get(i);
			double w = s[col + 1] > 0 ? 1 / s[col + 1] : 0;
			sw += w;
			swv += w * s[col];
			n++;
		}
		double mean = swv / sw, s2 = 0;
		for (int i = 0; i < stars.size(); i++) {
			if (!keep[i]) continue;
			double[] s = stars.get(i);
			double w = s[col + 1] > 0 ? 1 / s[col + 1] : 0;
			s2 += w * (s[col] - mean) * (s[col] - mean);
		}
		double scatter = Math.sqrt(s2 / sw * n / Math.max(1, n - 1));
		return new double[] { mean, scatter / Math.sqrt(n), scatter };
	}
}
