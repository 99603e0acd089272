package org.astrofiji.core.psf;

import java.util.Arrays;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Table;
import org.astrofiji.core.stats.Medians;

/**
 * Least-squares fits of 2-D Gaussian or Moffat profiles ({@link StarProfile}) over a constant
 * background to stars at given positions, one square box per star, as astropy's
 * {@code Gaussian2D/Moffat2D + Const2D} fitted by {@code LevMarLSQFitter} (the oracle
 * {@code psf.py fit}): box centred on the pixel nearest the position, clipped to the image; NaN
 * pixels (and pixels whose error is not positive) skipped; start at the given position, amplitude =
 * max &minus; median of the box, background = its median, the FWHM of {@link Settings#fwhm}, &beta; = 2.5.
 * <p>
 * Errors: from the covariance of the parameters, (J<sup>T</sup>J)<sup>&minus;1</sup> scaled by the residual
 * variance RSS/(n &minus; p) when no error map is given (scipy's {@code curve_fit} default), or
 * (J<sup>T</sup>WJ)<sup>&minus;1</sup> with W = 1/err&sup2; when one is; derived quantities (FWHM, angle,
 * flux) propagate it to first order.
 * <p>
 * Stars are fitted in parallel, each by its own solver ({@link LevenbergMarquardt}), so results do
 * not depend on the thread count.
 */
public final class StarFitter {

	/** What to fit. */
	public static final class Settings {

		public StarProfile profile = StarProfile.GAUSSIAN;
		/** Elliptical (major/minor axes and angle) or circular profile. */
		public boolean elliptical = true;
		/** Box side, pixels (odd); 0 = 2 ceil(2 fwhm) + 1, at least 7. */
		public int box = 0;
		/** FWHM the fits start from, pixels. */
		public double fwhm = 3;
		public int maxIterations = 100;

		public Settings() {}

		public Settings(StarProfile profile, boolean elliptical) {
			this.profile = profile;
			this.elliptical = elliptical;
		}

		public Settings validate() {
			if (profile == null) throw new IllegalArgumentException("model must be gaussian or moffat");
			if (box != 0 && (box < 3 || box % 2 == 0)) throw new IllegalArgumentException("box must be 0 (auto) or an odd " +
				"number >= 3 (got " + box + ")");
			if (!(fwhm > 0 && fwhm < 1000)) throw new IllegalArgumentException("fwhm must be > 0 pixels (got " + fwhm + ")");
			if (maxIterations < 1) throw new IllegalArgumentException("max_iterations must be >= 1 (got " + maxIterations + ")");
			return this;
		}

		/** The box side in use. */
		public int boxSize() {
			return box > 0 ? box : Math.max(7, 2 * (int) Math.ceil(2 * fwhm) + 1);
		}
	}

	private StarFitter() {}

	/**
	 * Fits every star.
	 *
	 * @param image pixels in memory orientation (ImageJ), row-major
	 * @param err 1-sigma errors per pixel (same layout) or null for unweighted fits
	 * @param x FITS x of the stars
	 * @param y FITS y of the stars
	 */
	public static ProfileFit[] fit(float[] image, float[] err, int width, int height, double[] x, double[] y,
		Settings settings)
	{
		Settings s = settings.validate();
		if (image.length != (long) width * height) throw new IllegalArgumentException("image: " + image.length +
			" pixels do not fit " + width + "x" + height);
		if (err != null && err.length != image.length) throw new IllegalArgumentException("err: " + err.length +
			" values for " + image.length + " pixels");
		if (x.length != y.length) throw new IllegalArgumentException("x and y: " + x.length + " and " + y.length + " positions");
		for (int i = 0; i < x.length; i++) requireInside(i, x[i], y[i], width, height);
		ProfileFit[] out = new ProfileFit[x.length];
		int box = s.boxSize();
		Parallel.forRange(x.length, 16, (from, to) -> {
			Workspace ws = new Workspace(s, box, width, height);
			for (int i = from; i < to; i++) out[i] = ws.fit(i, image, err, width, height, x[i], y[i]);
		});
		return out;
	}

	/** Fails unless FITS position (x, y) lies on the image (within half a pixel of its edge pixels). */
	public static void requireInside(int index, double x, double y, int width, int height) {
		if (!(x >= 0.5 && x <= width + 0.5 && y >= 0.5 && y <= height + 0.5)) throw new IllegalArgumentException(String.format(
			Locale.ROOT, "position %d (x=%s, y=%s) is outside the %dx%d image", index + 1, x, y, width, height));
	}

	/** The fits as a table (FITS positions, one row per star). */
	public static Table table(ProfileFit[] fits) {
		return table(fits, null);
	}

	/**
	 * The fits as a table: star (1, 2, ... in the order given) and, when given, the stars' ids; FITS
	 * position, the profile's values and errors, fwhm = &radic;(major &times; minor) and the ellipticity
	 * 1 &minus; minor / major, the residual rms, pixels, iterations and status ("ok" or why the fit failed).
	 */
	public static Table table(ProfileFit[] fits, String[] ids) {
		if (ids != null && ids.length != fits.length) throw new IllegalArgumentException(ids.length + " ids for " + fits.length + " fits");
		Table t = new Table("Star profile fits", "star");
		if (ids != null) t.addColumn("id");
		for (String c : new String[] { "x", "y", "amplitude", "background", "fwhm_major", "fwhm_minor", "fwhm", "ellipticity", "angle",
			"beta", "flux", "x_err", "y_err", "amplitude_err", "background_err", "fwhm_major_err", "fwhm_minor_err", "angle_err",
			"beta_err", "flux_err", "rms", "pixels", "iterations", "status" }) t.addColumn(c);
		for (int k = 0; k < fits.length; k++) {
			ProfileFit f = fits[k];
			int r = t.addRow();
			t.set(r, "star", f.index + 1);
			if (ids != null) t.set(r, "id", ids[k]);
			double[] v = { f.x, f.y, f.amplitude, f.background, f.fwhmMajor, f.fwhmMinor, f.fwhm(), f.ellipticity(), f.angle, f.beta,
				f.flux, f.xErr, f.yErr, f.amplitudeErr, f.backgroundErr, f.fwhmMajorErr, f.fwhmMinorErr, f.angleErr, f.betaErr,
				f.fluxErr, f.rms, f.pixels, f.iterations };
			for (int c = 0; c < v.length; c++) t.set(r, t.columns().get(c + (ids == null ? 1 : 2)), v[c]);
			t.set(r, "status", f.status);
		}
		return t;
	}

	/**
	 * The successful fits as overlay shapes: ellipses with the FWHM along the major and minor axes
	 * as semi-axes at the fitted angle (circles for circular fits).
	 */
	public static Marks marks(ProfileFit[] fits, String name, String color) {
		Marks m = new Marks(name, color);
		for (ProfileFit f : fits) {
			if (!f.ok()) continue;
			String label = String.valueOf(f.index + 1);
			if (f.elliptical) m.ellipse(f.x, f.y, f.fwhmMajor, f.fwhmMinor, f.angle, label);
			else m.circle(f.x, f.y, f.fwhmMajor, label);
		}
		return m;
	}

	/** Per-thread buffers: one box of samples and one solver. */
	private static final class Workspace {

		final Settings s;
		final int half, np;
		final StarProfile profile;
		final boolean elliptical;
		final LevenbergMarquardt lm;
		final double[] xs, ys, data, w, p, cov, sorted;

		Workspace(Settings s, int box, int width, int height) {
			this.s = s;
			this.half = box / 2;
			this.profile = s.profile;
			this.elliptical = s.elliptical;
			this.lm = new LevenbergMarquardt(profile, elliptical);
			this.np = lm.parameters();
			// a box is clipped to the image: no more samples than its part inside (box=99999 must not allocate 10^10)
			int n = Math.min(box, width) * Math.min(box, height);
			xs = new double[n];
			ys = new double[n];
			data = new double[n];
			w = new double[n];
			sorted = new double[n];
			p = new double[np];
			cov = new double[np * np];
		}

		ProfileFit fit(int index, float[] img, float[] err, int width, int height, double fx, double fy) {
			// box centred on the nearest pixel of the FITS array (numpy's round: half to even)
			int col = (int) Math.rint(fx - 1), row = (int) Math.rint(fy - 1);
			int cx = col, cy = Coordinates.memoryRow(row, height);
			int n = 0;
			double max = Double.NEGATIVE_INFINITY;
			for (int y = Math.max(0, cy - half); y <= Math.min(height - 1, cy + half); y++) {
				for (int x = Math.max(0, cx - half); x <= Math.min(width - 1, cx + half); x++) {
					float v = img[y * width + x];
					if (v != v) continue;
					double wt = 1;
					if (err != null) {
						double e = err[y * width + x];
						if (!(e > 0)) continue;
						wt = 1 / (e * e);
					}
					xs[n] = x - cx;
					ys[n] = y - cy;
					data[n] = v;
					w[n] = wt;
					sorted[n] = v;
					max = Math.max(max, v);
					n++;
				}
			}
			if (n <= np) return ProfileFit.failed(index, profile, elliptical, n, 0, "too few pixels");
			// selection, not a sort: the sort of the box was a tenth of the time of 10 000 fits
			double median = Medians.medianInPlace(sorted, n);
			// start: fit in box coordinates (centre pixel at 0, y down)
			p[0] = max - median;
			p[1] = Coordinates.memoryX(fx) - cx;
			p[2] = Coordinates.memoryY(fy, height) - cy;
			int b = profile.background(elliptical), beta = profile.beta(elliptical);
			double q = StarProfile.q(profile, s.fwhm, StarProfile.BETA_START);
			if (elliptical) {
				p[3] = q;
				p[4] = 0;
				p[5] = q;
			}
			else p[3] = q;
			if (beta >= 0) p[beta] = StarProfile.BETA_START;
			p[b] = median;
			if (!(p[0] > 0)) p[0] = 1e-3 * Math.max(1, Math.abs(median));
			double[] wts = err == null ? null : w;
			LevenbergMarquardt.Status st = lm.fit(xs, ys, data, wts, n, p, s.maxIterations);
			if (st == LevenbergMarquardt.Status.INVALID_START) return ProfileFit.failed(index, profile, elliptical, n, 0,
				"invalid start");
			if (st == LevenbergMarquardt.Status.MAX_ITERATIONS) return ProfileFit.failed(index, profile, elliptical, n,
				lm.iterations(), "not converged");
			if (Math.abs(p[1]) > half + 0.5 || Math.abs(p[2]) > half + 0.5) return ProfileFit.failed(index, profile, elliptical,
				n, lm.iterations(), "centre left the box");
			double rss = lm.rss();
			boolean haveCov = lm.inverseNormalMatrix(cov);
			if (err == null) for (int i = 0; i < cov.length; i++) cov[i] *= rss / (n - np);
			double[] v = derive(p, cx, cy, height);
			double[] e = new double[ProfileFit.VALUES];
			if (haveCov) propagate(p, cx, cy, height, v, e);
			else Arrays.fill(e, Double.NaN);
			double ss = rss;
			if (wts != null) {
				ss = 0;
				double[] g = new double[np];
				for (int i = 0; i < n; i++) {
					double r = profile.value(elliptical, p, xs[i], ys[i], g) - data[i];
					ss += r * r;
				}
			}
			return new ProfileFit(index, profile, elliptical, v, e, Math.sqrt(ss / n), n, lm.iterations(), "ok");
		}

		/** x, y, amplitude, background, fwhm major, minor, angle, beta, flux of parameters p (box at cx, cy). */
		double[] derive(double[] p, int cx, int cy, int height) {
			double[] v = new double[ProfileFit.VALUES];
			v[0] = Coordinates.fitsX(cx + p[1]);
			v[1] = Coordinates.fitsY(cy + p[2], height);
			v[2] = p[0];
			v[3] = p[profile.background(elliptical)];
			int bi = profile.beta(elliptical);
			double beta = bi >= 0 ? p[bi] : Double.NaN;
			// quadratic form in FITS orientation: y flips, so the cross term changes sign
			double a, b, c;
			if (elliptical) {
				a = p[3];
				b = -p[4];
				c = p[5];
			}
			else {
				a = c = p[3];
				b = 0;
			}
			double mean = (a + c) / 2, diff = Math.sqrt((a - c) * (a - c) / 4 + b * b);
			double small = mean - diff, large = mean + diff;
			v[4] = StarProfile.fwhm(profile, small, beta);
			v[5] = StarProfile.fwhm(profile, large, beta);
			if (elliptical) {
				// direction of the largest eigenvalue (the minor axis); the major axis is 90 degrees away
				double minor = Math.toDegrees(0.5 * Math.atan2(2 * b, a - c));
				v[6] = wrapAngle(minor + 90);
			}
			else v[6] = Double.NaN;
			v[7] = beta;
			double det = a * c - b * b;
			v[8] = profile == StarProfile.GAUSSIAN ? 2 * Math.PI * p[0] / Math.sqrt(det) :
				beta > 1 ? Math.PI * p[0] / ((beta - 1) * Math.sqrt(det)) : Double.NaN;
			return v;
		}

		/** First-order errors of the derived values from the parameter covariance (central differences). */
		void propagate(double[] p, int cx, int cy, int height, double[] v, double[] e) {
			double[][] jac = new double[ProfileFit.VALUES][np];
			double[] q = p.clone();
			for (int k = 0; k < np; k++) {
				double sd = Math.sqrt(Math.max(cov[k * np + k], 0));
				double h = sd > 0 ? 1e-4 * sd : 1e-8 * Math.max(1, Math.abs(p[k]));
				q[k] = p[k] + h;
				double[] up = profile.valid(elliptical, q) ? derive(q, cx, cy, height) : null;
				q[k] = p[k] - h;
				double[] down = profile.valid(elliptical, q) ? derive(q, cx, cy, height) : null;
				q[k] = p[k];
				for (int i = 0; i < ProfileFit.VALUES; i++) {
					if (up == null || down == null) jac[i][k] = Double.NaN;
					else {
						double d = up[i] - down[i];
						if (i == 6) d = wrapAngle(d);
						jac[i][k] = d / (2 * h);
					}
				}
			}
			for (int i = 0; i < ProfileFit.VALUES; i++) {
				if (Double.isNaN(v[i])) {
					e[i] = Double.NaN;
					continue;
				}
				double var = 0;
				for (int a = 0; a < np; a++) for (int b = 0; b < np; b++) var += jac[i][a] * cov[a * np + b] * jac[i][b];
				e[i] = Math.sqrt(Math.max(var, 0));
			}
		}
	}

	/** An angle in degrees wrapped to (-90, 90]. */
	static double wrapAngle(double deg) {
		double a = deg % 180;
		if (a > 90) a -= 180;
		if (a <= -90) a += 180;
		return a;
	}
}
