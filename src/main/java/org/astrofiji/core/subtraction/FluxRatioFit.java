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
 * <p>
 * The shared PSF is made of the two models, and a star of D<sub>n</sub> has the shape P_r &otimes;
 * P<sub>n,true</sub>: where a model's wings are wrong (a fitted Moffat index off by several per cent) the
 * amplitudes in the two images are off by different factors and &beta; with them (1-6 % measured). So
 * before &beta; is averaged, each image's template is corrected along the tangents of its model's
 * width and index ({@link WingFit}, fitted to the stars at S/N &ge; {@value #WING_SNR} out to 3 template
 * radii), and every star's amplitudes are refitted with the corrected templates; the error of &beta;
 * is then a jackknife over ten groups of stars (the wing fit redone without each), since the correction's
 * noise is common to all stars. Where the wing fit does not apply (PSFs that are not fitted profiles, a
 * Gaussian's two directions that are one, fewer than 20 bright stars) the earlier aperture correction
 * stands in (sums within 3 template radii less an annulus; its sky noise left &beta; 2-3 % off on some
 * seeds where the wing fit is within 2 %).
 */
final class FluxRatioFit {

	/** D<sub>n</sub> and D<sub>r</sub> of one tile, and their common PSF. */
	interface Images {

		/** D<sub>n</sub>, D<sub>r</sub> on the tile's grid into out[0], out[1]; returns their background noise RMS {n, r}. */
		double[] compute(int tile, ZogyTile.Params params, float[][] out);

		/** The PSF of D<sub>n</sub> and D<sub>r</sub> at the tile (unit sum, odd square). */
		double[] template(int tile, ZogyTile.Params params);

		/**
		 * That PSF on a size &times; size square and its wing directions ({@link Stamps#wingsOfDifference}):
		 * {T, n stretch, n index, r stretch, r index}; null when unknown (the template &beta; then stands).
		 */
		default double[][] wings(int tile, ZogyTile.Params params, int size) {
			return null;
		}

	}

	static final int MAX_TILES = 16;
	/** Clip in robust sigmas; per-star floors of the relative flux error and of the shift error (px). */
	private static final double CLIP = 4, FLOOR = 0.01, SHIFT_FLOOR = 0.01;
	private static final int MIN_STARS = 3;
	/** The S/N of the stars taken for the wing fit (and the aperture correction). */
	private static final double WING_SNR = 30;
	/** Aperture and annulus outer radius of the fallback aperture correction, in template radii. */
	private static final int APERTURE = 3, ANNULUS = 5;

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
			List<Fitted> fitted = stars(t, tiles, images, dq, radius, p, fitBeta, fitShift, minSnr, progress.range(pass / 4.0,
				(pass + 1) / 4.0));
			List<double[]> stars = new ArrayList<>();
			for (Fitted f : fitted) stars.add(f.row);
			double wingErr = fitBeta ? correctWings(fitted, stars, p.beta) : Double.NaN;
			r = combine(stars, p, fitBeta, fitShift, sx, sy, wingErr);
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
	private static List<Fitted> stars(Tiling t, int[] tiles, Images images, short[] dq, int radius, ZogyTile.Params p,
		boolean fitBeta, boolean fitShift, double minSnr, Progress progress)
	{
		@SuppressWarnings("unchecked")
		List<Fitted>[] perTile = new List[tiles.length];
		int gx = t.gridX, gy = t.gridY;
		int[] done = { 0 };
		Parallel.forRange(tiles.length, 1, (from, to) -> {
			float[][] out = { new float[gx * gy], new float[gx * gy] };
			for (int i = from; i < to; i++) {
				int tile = tiles[i];
				double[] noise = images.compute(tile, p, out);
				Template tp = new Template(images.template(tile, p), radius);
				double[][] wings = fitBeta ? images.wings(tile, p, Math.max((int) Math.round(Math.sqrt(tp.full.length)), 2 *
					WingFit.RING * tp.r + 1)) : null;
				perTile[i] = fitStars(t, tile, out[0], out[1], noise, tp, wings == null ? null : new WingFit.Models(wings), dq, p.beta,
					fitBeta, fitShift, minSnr);
				synchronized (done) {
					progress.report("flux ratio fit", ++done[0] / (double) tiles.length);
				}
			}
		});
		List<Fitted> all = new ArrayList<>();
		for (List<Fitted> l : perTile) all.addAll(l);
		return all;
	}

	/** A star's row, its box of pixels in D<sub>n</sub> and D<sub>r</sub>, its tile's models and (bright stars) its wider square. */
	private static final class Fitted {

		final double[] row;
		final float[] boxN, boxR;
		final double[] noise;
		final WingFit.Models models;
		WingFit.Star wide;

		Fitted(double[] row, float[] boxN, float[] boxR, double[] noise, WingFit.Models models) {
			this.row = row;
			this.boxN = boxN;
			this.boxR = boxR;
			this.noise = noise;
			this.models = models;
		}
	}

	/**
	 * Refits every star's amplitudes with the templates corrected by the wing fit ({@link WingFit}) of
	 * the bright, unclipped stars, and puts the new &beta; (and its variance) into the rows. Returns
	 * &beta;'s error by a jackknife over {@link #GROUPS} groups of stars (each left out of the wing fit
	 * and of the mean in turn), which counts the wing coefficients' noise; NaN when not corrected.
	 */
	private static double correctWings(List<Fitted> fitted, List<double[]> rows, double beta0) {
		if (fitted.isEmpty() || fitted.get(0).models == null) return Double.NaN;
		boolean[] keep = clip(rows, new int[] { 0 });
		int r = rOf(fitted.get(0));
		double[] eps = coefficients(fitted, keep, r, -1);
		if (eps == null) return Double.NaN;
		double[] jack = new double[GROUPS];
		for (int g = 0; g < GROUPS; g++) {
			double[] e = coefficients(fitted, keep, r, g);
			if (e == null) return Double.NaN;
			List<double[]> part = refit(fitted, e, r, beta0);
			boolean[] in = keep.clone();
			for (int i = g; i < in.length; i += GROUPS) in[i] = false;
			jack[g] = mean(part, in, 0)[0];
		}
		List<double[]> corrected = refit(fitted, eps, r, beta0);
		for (int i = 0; i < rows.size(); i++) {
			rows.get(i)[0] = corrected.get(i)[0];
			rows.get(i)[1] = corrected.get(i)[1];
		}
		double m = 0, v = 0;
		for (double b : jack) m += b / GROUPS;
		for (double b : jack) v += (b - m) * (b - m);
		return Math.sqrt(v * (GROUPS - 1) / GROUPS);
	}

	/** The wing coefficients from the bright kept stars, leaving out group {@code skip} (none if negative); null with too few. */
	private static double[] coefficients(List<Fitted> fitted, boolean[] keep, int r, int skip) {
		List<WingFit.Star> bright = new ArrayList<>();
		for (int i = 0; i < fitted.size(); i++) {
			if (keep[i] && fitted.get(i).wide != null && (skip < 0 || i % GROUPS != skip)) bright.add(fitted.get(i).wide);
		}
		return bright.size() < MIN_WING_STARS ? null : WingFit.fit(bright, r);
	}

	/** Every star's {&beta;, var &beta;} from its box with the templates corrected by the coefficients. */
	private static List<double[]> refit(List<Fitted> fitted, double[] eps, int r, double beta0) {
		java.util.Map<WingFit.Models, Template[]> corrected = new java.util.IdentityHashMap<>();
		List<double[]> out = new ArrayList<>();
		for (Fitted f : fitted) {
			Template[] tp = corrected.computeIfAbsent(f.models, m -> new Template[] { new Template(combination(m, eps[0], 1, eps[1], 2), r),
				new Template(combination(m, eps[2], 3, eps[3], 4), r) });
			double an = amplitude(tp[0], f.boxN), ar = amplitude(tp[1], f.boxR);
			double sn2 = f.noise[0] * f.noise[0], sr2 = f.noise[1] * f.noise[1];
			double mean = 0.5 * (an / beta0 + ar), b = an / ar;
			out.add(new double[] { ar > 0 ? b : Double.NaN, tp[0].inv[0] * (sn2 + b * b * sr2) / (mean * mean) + FLOOR * FLOOR * b * b });
		}
		return out;
	}

	/** Fewer stars leave the two coefficients (of nearly parallel directions) unsteady: a 256² night with under 20 gave a jackknife error of 37 %. */
	private static final int MIN_WING_STARS = 20, GROUPS = 10;

	private static int rOf(Fitted f) {
		return (int) Math.round((Math.sqrt(f.boxN.length) - 1) / 2);
	}

	private static double[] combination(WingFit.Models m, double e1, int i1, double e2, int i2) {
		double[] t = m.stamps[0].clone();
		for (int q = 0; q < t.length; q++) t[q] += e1 * m.stamps[i1][q] + e2 * m.stamps[i2][q];
		return t;
	}

	/** The template's amplitude (with a constant) in a box of the template's side. */
	private static double amplitude(Template tp, float[] box) {
		double tv = 0, v1 = 0;
		for (int k = 0; k < box.length; k++) {
			tv += tp.t[k] * box[k];
			v1 += box[k];
		}
		return tp.inv[0] * tv + tp.inv[1] * v1;
	}

	/** The PSF of the fit images over the box, its gradients, and the inverse normal matrix of [PSF, 1]. */
	private static final class Template {

		final int r, side;
		final double[] t, gx, gy, inv, full;

		Template(double[] psf, int radius) {
			full = psf;
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

	private static List<Fitted> fitStars(Tiling t, int tile, float[] dn, float[] dr, double[] noise, Template tp,
		WingFit.Models models, short[] dq, double beta, boolean fitBeta, boolean fitShift, double minSnr)
	{
		List<Fitted> out = new ArrayList<>();
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
				double[] star = new double[9];
				Arrays.fill(star, Double.NaN);
				double b = fitBeta ? an / ar : beta;
				if (fitBeta && mean > WING_SNR * Math.sqrt(varMean)) aperture(dn, dr, g, gw, t.gridY, x - x0, y - y0, r, an, ar, sn2, sr2,
					dq, w, x, y, star);
				Fitted fitted = null;
				if (models != null) {
					fitted = new Fitted(star, square(dn, g, gw, r), square(dr, g, gw, r), noise, models);
					int ro = WingFit.RING * r, gxs = x - x0, gys = y - y0;
					if (mean > WING_SNR * Math.sqrt(varMean) && gxs - ro >= 0 && gys - ro >= 0 && gxs + ro < gw && gys + ro < t.gridY &&
						x - ro >= 0 && y - ro >= 0 && x + ro < w && y + ro < h && !flagged(dq, w, x, y, ro))
						fitted.wide = new WingFit.Star(square(dn, g, gw, ro), square(dr, g, gw, ro), models);
				}
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
				out.add(fitted != null ? fitted : new Fitted(star, null, null, noise, null));
			}
		}
		return out;
	}

	private static float[] square(float[] a, int g, int gw, int r) {
		int side = 2 * r + 1;
		float[] v = new float[side * side];
		for (int j = -r, k = 0; j <= r; j++) for (int i = -r; i <= r; i++, k++) v[k] = a[g + j * gw + i];
		return v;
	}

	/**
	 * The star's aperture ratios into star[6], star[7] (wide-aperture sum over template amplitude in
	 * D<sub>n</sub>, the same in D<sub>r</sub>) and star[8] (their weight's inverse). The template
	 * amplitudes follow the PSF models' cores; where a model's wings are wrong (a Moffat index off by a few
	 * per cent) the two images' amplitudes are off by different factors, and &beta; with them (1-6 %
	 * measured). Stars have the same PSF in D<sub>n</sub> and D<sub>r</sub>, so what an aperture of
	 * {@link #APERTURE} template radii (&asymp; FWHM) misses, and what the local background (the mean of the
	 * annulus out to {@link #ANNULUS} radii) takes of the star's own wings, cancels in the ratio of the two.
	 * Skipped when the outer box leaves the tile's grid or touches a flag.
	 */
	private static void aperture(float[] dn, float[] dr, int g, int gw, int gh, int gxs, int gys, int r, double an, double ar,
		double sn2, double sr2, short[] dq, int w, int x, int y, double[] star)
	{
		int ra = APERTURE * r, ro = ANNULUS * r;
		if (gxs - ro < 0 || gys - ro < 0 || gxs + ro >= gw || gys + ro >= gh || x - ro < 0 || y - ro < 0 || x + ro >= w ||
			(y + ro) * w >= dq.length || flagged(dq, w, x, y, ro)) return;
		double sumN = 0, sumR = 0, ringN = 0, ringR = 0;
		int inside = 0, ring = 0;
		for (int j = -ro; j <= ro; j++) {
			for (int i = -ro; i <= ro; i++) {
				int d2 = i * i + j * j, q = g + j * gw + i;
				if (d2 <= ra * ra) {
					sumN += dn[q];
					sumR += dr[q];
					inside++;
				}
				else if (d2 <= ro * ro) {
					ringN += dn[q];
					ringR += dr[q];
					ring++;
				}
			}
		}
		// the annulus mean, not its median: neighbours raise both images' alike and cancel in the ratio,
		// while the median (and the mesh background alone, without a local one) biased the correction
		// by -1.7 % with the true PSFs of a seeing 3 -> 4 pair, growing with the aperture's area
		double fn = sumN - inside * ringN / ring, fr = sumR - inside * ringR / ring;
		if (!(fn > 0) || !(fr > 0)) return;
		// the weight from the template amplitudes, not the aperture sums: weights that follow the sums
		// favour upward sky excursions in D_r and biased the mean low (-2 % measured)
		star[6] = fn / an;
		star[7] = fr / ar;
		star[8] = inside * (1 + inside / (double) ring) * (sn2 / (an * an) + sr2 / (ar * ar)) + FLOOR * FLOOR / 4;
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
		double sy, double wingErr)
	{
		int n = stars.size();
		if (n < MIN_STARS) throw new IllegalArgumentException("beta/shift fit: only " + n + " star" + (n == 1 ? "" : "s") +
			" bright and clean enough (need " + MIN_STARS + "); give beta (and the shift) instead of fitting them");
		// clip on beta when it is fitted, else on the shifts
		boolean[] keep = clip(stars, fitBeta ? new int[] { 0 } : new int[] { 2, 4 });
		int kept = 0;
		for (boolean k : keep) if (k) kept++;
		if (kept < MIN_STARS) throw new IllegalArgumentException("beta/shift fit: only " + kept + " consistent stars; give " +
			"beta (and the shift) instead of fitting them");
		double[] b = fitBeta ? mean(stars, keep, 0) : new double[] { p.beta, Double.NaN, Double.NaN };
		if (fitBeta && wingErr > b[1]) b[1] = wingErr;
		if (fitBeta && Double.isNaN(wingErr)) {
			// no wing fit (directions the models cannot tell apart, or too few stars): the aperture correction
			double[] c = correction(stars, keep);
			if (c != null) {
				double rel = b[1] / b[0];
				b[0] *= c[0];
				b[1] = b[0] * Math.sqrt(rel * rel + c[1] * c[1] / (c[0] * c[0]));
			}
		}
		double[] x = fitShift ? mean(stars, keep, 2) : new double[] { 0, Double.NaN, Double.NaN };
		double[] y = fitShift ? mean(stars, keep, 4) : new double[] { 0, Double.NaN, Double.NaN };
		// memory y runs down: FITS shifts are (dx, -dy)
		return new FluxRatio(b[0], b[1], b[2] / b[0], sx + x[0], sy + y[0], x[1], y[1], x[2], y[2], kept, n - kept, fitBeta, fitShift);
	}

	/** Stars within CLIP robust sigmas of the median in each column, three rounds (NaN rows out). */
	private static boolean[] clip(List<double[]> stars, int[] cols) {
		int n = stars.size();
		boolean[] keep = new boolean[n];
		for (int i = 0; i < n; i++) {
			keep[i] = true;
			for (int col : cols) keep[i] &= !Double.isNaN(stars.get(i)[col]);
		}
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
		return keep;
	}

	/**
	 * The aperture correction of the template &beta;: the weighted sum of the stars' D<sub>n</sub>
	 * ratios over that of their D<sub>r</sub> ratios (the same weights, so a star's neighbours cancel),
	 * clipped on the residuals; {correction, its error from the stars' scatter}, or
	 * null with fewer than MIN_STARS (the template &beta; then stands).
	 */
	private static double[] correction(List<double[]> stars, boolean[] keep) {
		int n = stars.size();
		boolean[] use = new boolean[n];
		int m = 0;
		double[] ratio = new double[n];
		for (int i = 0; i < n; i++) {
			double[] s = stars.get(i);
			ratio[i] = s[6] / s[7];
			if (use[i] = keep[i] && Double.isFinite(ratio[i])) m++;
		}
		if (m < MIN_STARS) return null;
		double[] v = new double[m];
		for (int i = 0, k = 0; i < n; i++) if (use[i]) v[k++] = ratio[i];
		double c = Medians.median(v);
		// clipped on the linear residual s6 - c s7 (symmetric) rather than on the ratio, whose noisy
		// denominator gives it a long upper tail: clipping that tail removed the low D_r sums and
		// biased the correction low (-1.5 % with the true PSFs)
		for (int round = 0; round < 5; round++) {
			double[] z = new double[n];
			double[] dev = new double[m];
			for (int i = 0, k = 0; i < n; i++) {
				if (!use[i]) continue;
				double[] s = stars.get(i);
				z[i] = (s[6] - c * s[7]) / Math.sqrt(s[8]);
				dev[k++] = Math.abs(z[i]);
			}
			double limit = CLIP * Math.max(Medians.MAD_TO_SIGMA * Medians.median(dev), 1e-9);
			int left = 0;
			for (int i = 0; i < n; i++) if (use[i] && Math.abs(z[i]) > limit) use[i] = false; else if (use[i]) left++;
			if (left < MIN_STARS) return null;
			double previous = c;
			c = ratioOfSums(stars, use);
			boolean changed = left != m;
			m = left;
			if (!changed && Math.abs(c - previous) < 1e-6) break;
		}
		// the same weights for both images' corrections: neighbours in an aperture then cancel in the ratio
		double sw = 0, sr = 0, s2 = 0;
		for (int i = 0; i < n; i++) {
			if (!use[i]) continue;
			double[] s = stars.get(i);
			sw += 1 / s[8];
			sr += s[7] / s[8];
		}
		for (int i = 0; i < n; i++) {
			if (!use[i]) continue;
			double[] s = stars.get(i);
			// the residual of the linearised ratio, per star, in units of the correction
			double e = (s[6] - c * s[7]) / (sr / sw);
			s2 += e * e / s[8];
		}
		double scatter = Math.sqrt(s2 / sw * m / Math.max(1, m - 1));
		return new double[] { c, scatter / Math.sqrt(m) };
	}

	private static double ratioOfSums(List<double[]> stars, boolean[] use) {
		double sn = 0, sr = 0;
		for (int i = 0; i < stars.size(); i++) {
			if (!use[i]) continue;
			double[] s = stars.get(i);
			sn += s[6] / s[8];
			sr += s[7] / s[8];
		}
		return sn / sr;
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
