package org.astrofiji.core.subtraction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.wcs.Wcs;

/**
 * Transient candidates of a subtraction: the local maxima of |S_corr| at or above the threshold,
 * positive (brighter in the new image) and negative (fainter), strongest first; a peak within the
 * merge radius of a stronger one (of either sign: a dipole is one feature) is merged into it. Each
 * candidate's position and S_corr come from a parabola through the 3&times;3 pixels around its peak
 * (so a source between pixels is not under-rated); its flux is S / (F_D&sup2; &Sigma;P_D&sup2;) there
 * (the PSF photometry of D with P_D: S is D filtered with its PSF) in the reference's units, with
 * the error flux / S_corr (source and astrometric noise included). Candidates on left-out pixels are
 * not reported (S_corr is 0 there), nor those within a PSF radius (half of P_D's stamp) of a saturated
 * pixel ({@link #nearSaturated}); those near other left-out pixels carry the flags.
 */
public final class TransientFinder {

	/** How to find candidates. */
	public static final class Settings {

		/** |S_corr| at or above this (ZOGY: 5 for a false-alarm rate of a few per 10^7 pixels... times the trials). */
		public double threshold = 5;
		/** Peaks closer than this (pixels) are one candidate; 0 = the FWHM of D's PSF (at least 2). */
		public double radius = 0;

		public Settings validate() {
			if (!(threshold > 0) || Double.isInfinite(threshold)) throw new IllegalArgumentException("threshold must be > 0 (got " +
				threshold + ")");
			if (!(radius >= 0) || radius > 1000) throw new IllegalArgumentException("radius must be 0 (automatic) or a distance in " +
				"pixels (got " + radius + ")");
			return this;
		}
	}

	private TransientFinder() {}

	/** The merge radius in use: the given one, else the FWHM of D's PSF (at least 2 px). */
	public static double radius(Subtraction s, Settings settings) {
		return settings.radius > 0 ? settings.radius : Math.max(2, Stamps.fwhm(s.psf()));
	}

	/**
	 * The candidates, strongest first.
	 *
	 * @param wcs the reference's WCS for RA and Dec, or null
	 */
	public static List<Candidate> find(Subtraction s, Settings settings, Wcs wcs) {
		settings.validate();
		int w = s.width(), h = s.height();
		float[] sc = s.correctedScore(), score = s.score();
		short[] dq = s.dq();
		double radius = radius(s, settings), thr = settings.threshold;
		List<int[]> peaks = new ArrayList<>();
		boolean[] saturated = nearSaturated(dq, w, h, s.psfSize() / 2);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int p = y * w + x;
				float v = sc[p];
				if (!(Math.abs(v) >= thr) || (dq[p] & ~Dq.EDGE) != 0 || saturated != null && saturated[p] || !isPeak(sc, w, h, x, y))
					continue;
				peaks.add(new int[] { p });
			}
		}
		peaks.sort((a, b) -> {
			int c = Float.compare(Math.abs(sc[b[0]]), Math.abs(sc[a[0]]));
			return c != 0 ? c : Integer.compare(a[0], b[0]);
		});
		List<Candidate> out = new ArrayList<>();
		List<int[]> kept = new ArrayList<>();
		Map<Long, List<Integer>> cells = new HashMap<>();
		double cell = Math.max(1, radius);
		for (int[] pk : peaks) {
			int p = pk[0], x = p % w, y = p / w;
			long cx = (long) Math.floor(x / cell), cy = (long) Math.floor(y / cell);
			int near = -1;
			for (long i = cx - 1; i <= cx + 1 && near < 0; i++) {
				for (long j = cy - 1; j <= cy + 1 && near < 0; j++) {
					List<Integer> l = cells.get(i * 0x1_0000_0000L + (j & 0xffff_ffffL));
					if (l == null) continue;
					for (int k : l) {
						int q = kept.get(k)[0];
						if (Math.hypot(q % w - x, q / w - y) <= radius) {
							near = k;
							break;
						}
					}
				}
			}
			if (near >= 0) {
				kept.get(near)[1]++;
				continue;
			}
			cells.computeIfAbsent(cx * 0x1_0000_0000L + (cy & 0xffff_ffffL), c -> new ArrayList<>()).add(kept.size());
			kept.add(new int[] { p, 0 });
		}
		int id = 0;
		for (int[] k : kept) {
			int p = k[0], x = p % w, y = p / w;
			double[] dx = parabola(sc, w, h, x, y, 1), dy = parabola(sc, w, h, x, y, w);
			double mx = x + dx[0], my = y + dy[0];
			double value = sc[p] + dx[1] + dy[1];
			double sv = interpolate(score, w, h, x, y, dx[0], dy[0]);
			double fx = Coordinates.fitsX(mx), fy = Coordinates.fitsY(my, h);
			double flux = sv / s.pointScore(fx, fy);
			double[] sky = wcs != null && wcs.isSupported() ? wcs.pixelToSky(fx, fy) : new double[] { Double.NaN, Double.NaN };
			out.add(new Candidate(++id, fx, fy, sky[0], sky[1], value, flux, Math.abs(flux / value), flagsNear(dq, w, h, x, y, radius),
				k[1]));
		}
		return out;
	}

	/**
	 * The pixels within {@code radius} of a left-out saturated pixel, or null when there is none: there the
	 * image holds a saturated star's wings, which the subtraction removes only as well as a PSF fitted on
	 * far fainter stars describes a star 10-100 times brighter, so its residual (proportional to the
	 * star's flux) outgrows the Poisson term of S_corr's noise (the demo night: rings of |S_corr| 5-6 at
	 * 16-19 px from a star of 8&middot;10^6 counts); and the filled core is invented.
	 */
	static boolean[] nearSaturated(short[] dq, int w, int h, int radius) {
		boolean[] near = null;
		int r2 = radius * radius;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int p = y * w + x;
				if ((dq[p] & Dq.SATURATED) == 0) continue;
				// the rim of a saturated patch is enough: its disc covers the inner pixels' discs' reach outside the patch
				if (x > 0 && x < w - 1 && y > 0 && y < h - 1 && (dq[p - 1] & dq[p + 1] & dq[p - w] & dq[p + w] & Dq.SATURATED) != 0)
					continue;
				if (near == null) near = new boolean[w * h];
				for (int j = Math.max(0, y - radius); j <= Math.min(h - 1, y + radius); j++) {
					for (int i = Math.max(0, x - radius); i <= Math.min(w - 1, x + radius); i++) {
						if ((i - x) * (i - x) + (j - y) * (j - y) <= r2) near[j * w + i] = true;
					}
				}
			}
		}
		return near;
	}

	/** A local maximum of |S_corr| with its sign (ties go to the first pixel in memory order). */
	private static boolean isPeak(float[] a, int w, int h, int x, int y) {
		float v = Math.abs(a[y * w + x]);
		for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
			for (int i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) {
				if (i == x && j == y) continue;
				float o = Math.abs(a[j * w + i]);
				if (o > v || o == v && (j * w + i) < y * w + x) return false;
			}
		}
		return true;
	}

	/** {offset of the vertex, value gained} of the parabola through the three pixels along one axis (step 1 or w). */
	private static double[] parabola(float[] a, int w, int h, int x, int y, int step) {
		boolean alongX = step == 1;
		if (alongX ? x == 0 || x == w - 1 : y == 0 || y == h - 1) return new double[] { 0, 0 };
		int p = y * w + x;
		double m = a[p - step], c = a[p], n = a[p + step];
		double curv = m - 2 * c + n;
		if (curv == 0 || Math.signum(curv) == Math.signum(c)) return new double[] { 0, 0 };
		double off = Math.max(-0.5, Math.min(0.5, 0.5 * (m - n) / curv));
		return new double[] { off, 0.25 * (n - m) * off };
	}

	/** Bilinear value at (x + dx, y + dy). */
	private static double interpolate(float[] a, int w, int h, int x, int y, double dx, double dy) {
		int x0 = dx >= 0 ? x : x - 1, y0 = dy >= 0 ? y : y - 1;
		double fx = dx >= 0 ? dx : 1 + dx, fy = dy >= 0 ? dy : 1 + dy;
		x0 = Math.max(0, Math.min(w - 2, x0));
		y0 = Math.max(0, Math.min(h - 2, y0));
		if (w < 2 || h < 2) return a[y * w + x];
		double v00 = a[y0 * w + x0], v10 = a[y0 * w + x0 + 1], v01 = a[(y0 + 1) * w + x0], v11 = a[(y0 + 1) * w + x0 + 1];
		return (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
	}

	private static int flagsNear(short[] dq, int w, int h, int x, int y, double radius) {
		int r = (int) Math.ceil(radius), f = 0;
		for (int j = Math.max(0, y - r); j <= Math.min(h - 1, y + r); j++) {
			for (int i = Math.max(0, x - r); i <= Math.min(w - 1, x + r); i++) {
				if ((i - x) * (i - x) + (j - y) * (j - y) <= radius * radius) f |= dq[j * w + i];
			}
		}
		return f;
	}

	/** The candidates as a table: id, x, y (FITS), ra, dec (with a WCS), s_corr, sign, flux, flux_err, flags, merged. */
	public static Table table(List<Candidate> candidates, boolean sky) {
		Table t = new Table("Transient candidates", "id", "x", "y");
		if (sky) t.addColumn("ra").addColumn("dec");
		for (String c : new String[] { "s_corr", "sign", "flux", "flux_err", "flags", "flag_names", "merged" }) t.addColumn(c);
		for (Candidate c : candidates) {
			int r = t.addRow();
			t.set(r, "id", c.id).set(r, "x", c.x).set(r, "y", c.y);
			if (sky) t.set(r, "ra", c.ra).set(r, "dec", c.dec);
			t.set(r, "s_corr", c.scorr).set(r, "sign", c.sign()).set(r, "flux", c.flux).set(r, "flux_err", c.fluxErr)
				.set(r, "flags", c.flags).set(r, "flag_names", Dq.names(c.flags)).set(r, "merged", c.merged);
		}
		return t;
	}

	/** Circles of twice the merge radius, labelled with the id and the signed S_corr (+: brightened, -: faded). */
	public static Marks marks(List<Candidate> candidates, double radius) {
		Marks m = new Marks("transient candidates", "green");
		for (Candidate c : candidates) m.circle(c.x, c.y, Math.max(3, 2 * radius), String.format(Locale.ROOT, "%d (%+.1f)", c.id,
			c.scorr));
		return m;
	}
}
