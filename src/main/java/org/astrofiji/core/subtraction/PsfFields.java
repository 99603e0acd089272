package org.astrofiji.core.subtraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.Gaussian;
import org.astrofiji.core.psf.Kernels;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.Moffat;
import org.astrofiji.core.psf.Profile;
import org.astrofiji.core.psf.ProfileFit;
import org.astrofiji.core.psf.PsfStar;
import org.astrofiji.core.psf.PsfStarSelector;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.psf.PsfStars;
import org.astrofiji.core.psf.StarFitter;
import org.astrofiji.core.psf.StarProfile;
import org.astrofiji.core.stats.Medians;

/**
 * The PSFs image subtraction and coaddition use ({@link PsfField}): a Lauer (2002) model (spatially
 * varying, from a model file or estimated on the image), a constant PSF (the same model with
 * constant coefficient fields: the weighted mean of the PSF stars' stamps), or a Gaussian or Moffat
 * profile fitted to the PSF stars (elliptical; the median of the stars' FWHMs along both axes and
 * the mean axis direction), sampled at pixel centres as the fits were.
 */
public final class PsfFields {

	/** How an image's PSF is obtained. */
	public enum Kind {
		MODEL, CONSTANT, GAUSSIAN, MOFFAT;

		public static Kind of(String name) {
			if (name != null) for (Kind k : values()) if (k.key().equals(name.trim().toLowerCase(Locale.ROOT))) return k;
			throw new IllegalArgumentException("psf must be model, constant, gaussian or moffat (got '" + name + "')");
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** An estimated PSF with the stars it came from. */
	public static final class Estimate {

		public final PsfField field;
		public final PsfStars stars;
		/** The Lauer model (model and constant PSFs), else null. */
		public final LauerPsf model;

		Estimate(PsfField field, PsfStars stars, LauerPsf model) {
			this.field = field;
			this.stars = stars;
			this.model = model;
		}

		/** One line: the PSF and the stars it came from. */
		public String summary() {
			return field.describe() + " (" + stars.count() + " PSF stars, stamps " + stars.stampSize() + "x" + stars.stampSize() + ")";
		}
	}

	/** Light beyond the stamp of a fitted profile (its half-size is at least this far out). */
	private static final double PROFILE_TAIL = 0.005;
	/** Largest stamp of a fitted profile: its far wings hold too little light to matter. */
	private static final int PROFILE_MAX_SIZE = 99;

	private PsfFields() {}

	/** A constant PSF from a stamp (row-major, odd side, memory orientation), divided by its sum. */
	public static PsfField constant(double[] stamp, int size, String description) {
		return new Fixed(unit(stamp, size), size, 0, 0, description, false);
	}

	/**
	 * A profile fitted to the stars, sampled at the pixel centres of a stamp of this odd side, constant
	 * over the field: a profile fitted to pixel values (as {@link StarFitter} fits them) already holds
	 * the pixel's width.
	 */
	public static PsfField profile(Profile p, int size, String description) {
		return new Fixed(unit(Kernels.sampled(p, size).values(), size), size, 0, 0, description, true);
	}

	/** The stamp divided by its sum. */
	private static double[] unit(double[] stamp, int size) {
		if (size < 1 || size % 2 == 0 || stamp.length != (long) size * size) throw new IllegalArgumentException("psf: a stamp " +
			"must be an odd square (got " + stamp.length + " values for side " + size + ")");
		double sum = 0;
		for (double v : stamp) sum += v;
		if (!(sum > 0) || Double.isInfinite(sum)) throw new IllegalArgumentException("psf: the stamp sums to " + sum +
			", not a positive number");
		double[] unit = new double[stamp.length];
		for (int p = 0; p < unit.length; p++) unit[p] = stamp[p] / sum;
		return unit;
	}

	/** A Lauer model (spatially varying unless it has one element or constant fields). */
	public static PsfField of(LauerPsf model) {
		if (model.elements() == 1 || model.degree() == 0) {
			double[] c = model.gridPosition(0, 0, 1);
			return new Fixed(flattened(model.at(c[0], c[1]), model.size()), model.size(), model.width(), model.height(), model.summary(),
				false);
		}
		return new Model(model);
	}

	/**
	 * Estimates an image's PSF: PSF stars ({@link PsfStarSelector}), then the model (model: the
	 * given settings; constant: the same with degree 0) or the profile fit.
	 *
	 * @param dq data-quality flags (the star selection leaves out pixels with {@code stars.dqMask}), or null
	 */
	public static Estimate estimate(Kind kind, float[] image, int[] dq, int w, int h, PsfStarSettings stars,
		LauerPsf.Settings model, Progress progress)
	{
		PsfStars ps = PsfStarSelector.select(image, dq, w, h, stars, progress.range(0, 0.8));
		if (ps.count() == 0) throw new IllegalArgumentException("no PSF stars found (" + ps.summary() + ")");
		Estimate e = estimate(kind, ps, w, h, model, progress);
		return new Estimate(withError(e.field, errorStamp(e.field, ps)), e.stars, e.model);
	}

	private static Estimate estimate(Kind kind, PsfStars ps, int w, int h, LauerPsf.Settings model, Progress progress) {
		switch (kind) {
			case MODEL:
			case CONSTANT: {
				LauerPsf.Settings s = copy(model);
				if (kind == Kind.CONSTANT) s.degree = 0;
				LauerPsf m = LauerPsf.estimate(ps, s);
				progress.report("PSF model", 1);
				return new Estimate(of(m), ps, m);
			}
			default: {
				Profile p = fitProfile(kind == Kind.GAUSSIAN ? StarProfile.GAUSSIAN : StarProfile.MOFFAT, ps, w, h);
				int size = Math.min(PROFILE_MAX_SIZE, Math.max(ps.stampSize(), 2 * Kernels.radius(p, PROFILE_TAIL) + 1));
				if (size > Math.min(w, h)) size = Math.min(w, h) - (Math.min(w, h) % 2 == 0 ? 1 : 0);
				progress.report("PSF fit", 1);
				return new Estimate(profile(p, size, "fitted " + describe(p) + ", stamp " + size + "x" + size), ps, null);
			}
		}
	}

	/**
	 * The profile of the PSF stars: each fitted (elliptical, {@link StarFitter}); the median FWHM along
	 * both axes (and Moffat index) of the good fits, the axis direction as the mean of 2&theta; weighted
	 * by the ellipticity (so that round stars do not vote), in memory orientation.
	 */
	static Profile fitProfile(StarProfile kind, PsfStars ps, int w, int h) {
		List<PsfStar> list = ps.stars();
		double[] x = new double[list.size()], y = new double[list.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = list.get(i).x;
			y[i] = list.get(i).y;
		}
		StarFitter.Settings fs = new StarFitter.Settings(kind, true);
		if (ps.fwhm() > 0) fs.fwhm = ps.fwhm();
		ProfileFit[] fits = StarFitter.fit(ps.backgroundSubtracted(), null, w, h, x, y, fs);
		List<Double> major = new ArrayList<>(), minor = new ArrayList<>(), beta = new ArrayList<>();
		double c2 = 0, s2 = 0;
		for (ProfileFit f : fits) {
			if (!f.ok() || !(f.fwhmMajor > 0) || !(f.fwhmMinor > 0) || !(f.amplitude > 0)) continue;
			major.add(f.fwhmMajor);
			minor.add(f.fwhmMinor);
			if (kind == StarProfile.MOFFAT) beta.add(f.beta);
			double e = f.ellipticity(), a = Math.toRadians(f.angle);
			if (Double.isFinite(a)) {
				c2 += e * Math.cos(2 * a);
				s2 += e * Math.sin(2 * a);
			}
		}
		if (major.isEmpty()) throw new IllegalArgumentException("psf: no PSF star could be fitted with a " + kind.name()
			.toLowerCase(Locale.ROOT) + " profile (" + ps.summary() + ")");
		double fa = Medians.median(toArray(major)), fb = Math.min(fa, Medians.median(toArray(minor)));
		// the fits' angles are FITS (y up); stamps are in memory orientation (y down)
		double angle = -0.5 * Math.atan2(s2, c2);
		double ell = 1 - fb / fa;
		if (kind == StarProfile.GAUSSIAN) return Gaussian.elliptical(fa, ell, angle);
		double b0 = Math.max(1.05, Medians.median(toArray(beta)));
		return Moffat.elliptical(fa, wingIndex(ps, w, h, fa, ell, angle, b0), ell, angle);
	}

	/** The annulus of the PSF stars whose shape gives the Moffat index, in FWHMs. */
	private static final double WING_INNER = 1, WING_OUTER = 4;
	/** Range of the Moffat index searched and the search's tolerance. */
	private static final double MIN_INDEX = 1.2, MAX_INDEX = 10, INDEX_TOLERANCE = 0.005;

	/**
	 * The Moffat index from the PSF stars' wings: the one whose profile (FWHM and shape held) best fits
	 * the background-subtracted pixels between {@link #WING_INNER} and {@link #WING_OUTER} FWHMs of every
	 * star, each star with its own amplitude and weighed by its share of the misfit (so the bright ones do
	 * not decide alone). The per-star fits (boxes of about 2 FWHM with a free background, which takes up
	 * part of the wings) overrate it: 2.70 and 2.92 where the simulated stars have 2.5, and the flux ratio
	 * of a subtraction fitted with such PSFs was 7 % off (the tests' night: 8 false candidates at bright
	 * stars); the wings' fit gives 2.4-2.6. {@code fallback} when no star has usable wing pixels.
	 */
	static double wingIndex(PsfStars ps, int w, int h, double fwhm, double ell, double angle, double fallback) {
		float[] img = ps.backgroundSubtracted();
		List<PsfStar> stars = ps.stars();
		double rin = WING_INNER * fwhm, rout = WING_OUTER * fwhm;
		int reach = (int) Math.ceil(rout);
		// each star's annulus pixels: offsets from its centre and values
		List<double[]> dx = new ArrayList<>(), dy = new ArrayList<>(), val = new ArrayList<>();
		for (PsfStar st : stars) {
			double cx = Coordinates.memoryX(st.x), cy = Coordinates.memoryY(st.y, h);
			int x0 = (int) Math.round(cx), y0 = (int) Math.round(cy);
			List<double[]> px = new ArrayList<>();
			for (int y = y0 - reach; y <= y0 + reach; y++) {
				for (int x = x0 - reach; x <= x0 + reach; x++) {
					if (x < 0 || y < 0 || x >= w || y >= h) continue;
					double ox = x - cx, oy = y - cy, r = Math.hypot(ox, oy);
					float v = img[y * w + x];
					if (r < rin || r > rout || !Float.isFinite(v)) continue;
					px.add(new double[] { ox, oy, v });
				}
			}
			if (px.size() < 8) continue;
			double[] a = new double[px.size()], b = new double[px.size()], c = new double[px.size()];
			for (int i = 0; i < a.length; i++) {
				a[i] = px.get(i)[0];
				b[i] = px.get(i)[1];
				c[i] = px.get(i)[2];
			}
			dx.add(a);
			dy.add(b);
			val.add(c);
		}
		if (dx.isEmpty()) return fallback;
		java.util.function.DoubleUnaryOperator misfit = beta -> {
			Moffat m = Moffat.elliptical(fwhm, beta, ell, angle);
			double total = 0;
			for (int s = 0; s < dx.size(); s++) {
				double[] a = dx.get(s), b = dy.get(s), v = val.get(s);
				double dm = 0, mm = 0, dd = 0;
				for (int i = 0; i < a.length; i++) {
					double model = m.value(a[i], b[i]);
					dm += v[i] * model;
					mm += model * model;
					dd += v[i] * v[i];
				}
				if (!(dd > 0) || !(mm > 0)) continue;
				// the share of the star's annulus that its best amplitude leaves unexplained
				total += (dd - dm * dm / mm) / dd;
			}
			return total;
		};
		// golden-section search of the misfit over the index
		double lo = MIN_INDEX, hi = MAX_INDEX, g = (Math.sqrt(5) - 1) / 2;
		double c = hi - g * (hi - lo), d = lo + g * (hi - lo), fc = misfit.applyAsDouble(c), fd = misfit.applyAsDouble(d);
		while (hi - lo > INDEX_TOLERANCE) {
			if (fc < fd) {
				hi = d;
				d = c;
				fd = fc;
				c = hi - g * (hi - lo);
				fc = misfit.applyAsDouble(c);
			}
			else {
				lo = c;
				c = d;
				fc = fd;
				d = lo + g * (hi - lo);
				fd = misfit.applyAsDouble(d);
			}
		}
		return 0.5 * (lo + hi);
	}

	/** Radial bins per pixel of the error profile. */
	private static final int ERROR_BINS_PER_PX = 1;

	/**
	 * The PSF model's error as its PSF stars show it, a unit-flux stamp of the model's size (memory
	 * orientation, centred, non-negative): at radius &rho;, e(&rho;)&sup2; = &lang;r&#772;<sub>L</sub> r&#772;<sub>R</sub> +
	 * r&#772;<sub>B</sub> r&#772;<sub>T</sub>&rang; / 2 over the stars, where r&#772;<sub>L</sub>(&rho;) is the mean over the left
	 * half of the annulus at &rho; of a star's unit-sum stamp divided by its amplitude a minus the model at
	 * the star (a from a least-squares fit a P + b over the stamps' common area, so that a local
	 * background offset does not bias it), r&#772;<sub>R</sub> the right half's, B and T the bottom and top
	 * halves'. Opposite halves share no pixel, so their noise (background, the star's Poisson noise, the
	 * resampling's correlations) averages out of the products, while the part of the residual that is
	 * common to the whole annulus (a wrong width or wing index, a per-star spread of either) stays: e&sup2;
	 * is the mean square of the radial misfit, bias and scatter both. The stars weigh by their flux
	 * squared (the term matters at bright stars, whose stamps are the least noisy). 0 beyond the stars'
	 * stamps and where the mean product is negative (noise only). Beyond about 2.5 FWHMs the measured
	 * profile is larger than the model's true error on simulated frames (there the annuli's means follow
	 * the local background and faint neighbours as much as the star): the term is conservative there.
	 */
	static double[] errorStamp(PsfField field, PsfStars ps) {
		int ss = ps.stampSize(), ms = field.size(), half = Math.min(ss, ms) / 2;
		int bins = ERROR_BINS_PER_PX * half + 1;
		double[] products = new double[bins], weights = new double[bins];
		for (PsfStar st : ps.stars()) {
			if (!(st.flux > 0)) continue;
			double[] m = field.at(st.x, st.y), sv = st.stamp();
			// the star as a m + b: its amplitude, unbiased by a local background offset
			double sm = 0, mm = 0, s1 = 0, m1 = 0, n1 = 0;
			for (int j = -half; j <= half; j++) {
				for (int i = -half; i <= half; i++) {
					double v = sv[(j + ss / 2) * ss + i + ss / 2], mv = m[(j + ms / 2) * ms + i + ms / 2];
					if (!Double.isFinite(v)) continue;
					sm += v * mv;
					mm += mv * mv;
					s1 += v;
					m1 += mv;
					n1++;
				}
			}
			double det = mm * n1 - m1 * m1;
			if (!(det > 0)) continue;
			double amp = (sm * n1 - m1 * s1) / det;
			if (!(amp > 0)) continue;
			double wf = st.flux * st.flux;
			// per bin: sums and counts of the residual in the left, right, bottom and top halves
			double[][] sum = new double[4][bins], count = new double[4][bins];
			for (int j = -half; j <= half; j++) {
				for (int i = -half; i <= half; i++) {
					int bin = (int) Math.round(ERROR_BINS_PER_PX * Math.hypot(i, j));
					double v = sv[(j + ss / 2) * ss + i + ss / 2];
					if (bin >= bins || !Double.isFinite(v)) continue;
					double r = v / amp - m[(j + ms / 2) * ms + i + ms / 2];
					if (i != 0) {
						sum[i < 0 ? 0 : 1][bin] += r;
						count[i < 0 ? 0 : 1][bin]++;
					}
					if (j != 0) {
						sum[j < 0 ? 2 : 3][bin] += r;
						count[j < 0 ? 2 : 3][bin]++;
					}
				}
			}
			for (int k = 0; k < bins; k++) {
				if (count[0][k] == 0 || count[1][k] == 0 || count[2][k] == 0 || count[3][k] == 0) continue;
				double pLR = sum[0][k] / count[0][k] * sum[1][k] / count[1][k], pBT = sum[2][k] / count[2][k] * sum[3][k] / count[3][k];
				products[k] += wf * 0.5 * (pLR + pBT);
				weights[k] += wf;
			}
		}
		double[] e = new double[bins];
		for (int k = 0; k < bins; k++) e[k] = weights[k] > 0 ? Math.sqrt(Math.max(0, products[k] / weights[k])) : 0;
		double[] stamp = new double[ms * ms];
		int c = ms / 2;
		for (int j = 0; j < ms; j++) {
			for (int i = 0; i < ms; i++) {
				double r = ERROR_BINS_PER_PX * Math.hypot(i - c, j - c);
				int k = (int) Math.floor(r);
				if (k + 1 >= bins) continue;
				stamp[j * ms + i] = e[k] + (r - k) * (e[k + 1] - e[k]);
			}
		}
		return stamp;
	}

	/** The same PSF with this {@link PsfField#error} stamp. */
	static PsfField withError(PsfField f, double[] error) {
		double total = 0;
		for (double v : error) total += v;
		String note = String.format(Locale.ROOT, ", stars' residual %.1f %%", 100 * total);
		return new PsfField() {

			@Override
			public int size() {
				return f.size();
			}

			@Override
			public double[] at(double x, double y) {
				return f.at(x, y);
			}

			@Override
			public boolean isConstant() {
				return f.isConstant();
			}

			@Override
			public int width() {
				return f.width();
			}

			@Override
			public int height() {
				return f.height();
			}

			@Override
			public String describe() {
				return f.describe() + note;
			}

			@Override
			public boolean isFittedProfile() {
				return f.isFittedProfile();
			}

			@Override
			public double[] error() {
				return error.clone();
			}
		};
	}

	/**
	 * The stamp minus the median of its border pixels, renormalised: a Lauer model built from stamps
	 * with slightly wrong backgrounds keeps a pedestal, which D would turn into a halo around every star.
	 */
	static double[] flattened(double[] p, int n) {
		double[] ring = new double[4 * n - 4];
		int k = 0;
		for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (i == 0 || j == 0 || i == n - 1 || j == n - 1) ring[k++] = p[j * n + i];
		double ped = Medians.median(ring), sum = 0;
		double[] out = new double[p.length];
		for (int q = 0; q < p.length; q++) sum += out[q] = p[q] - ped;
		for (int q = 0; q < p.length; q++) out[q] /= sum;
		return out;
	}

	private static String describe(Profile p) {
		String kind = p instanceof Moffat ? String.format(Locale.ROOT, "Moffat (beta %.2f)", ((Moffat) p).beta()) : "Gaussian";
		return String.format(Locale.ROOT, "%s FWHM %.3f px, ellipticity %.3f, angle %.1f deg", kind, p.fwhm(), p.ellipticity(),
			-Math.toDegrees(p.angle()));
	}

	private static double[] toArray(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	private static LauerPsf.Settings copy(LauerPsf.Settings s) {
		LauerPsf.Settings c = new LauerPsf.Settings();
		c.infLoss = s.infLoss;
		c.elements = s.elements;
		c.degree = s.degree;
		c.clip = s.clip;
		c.maxIterations = s.maxIterations;
		c.weighted = s.weighted;
		c.floor = s.floor;
		return c;
	}

	/** The same stamp everywhere. */
	private static final class Fixed implements PsfField {

		private final double[] stamp;
		private final int size, width, height;
		private final String description;
		private final boolean fittedProfile;

		Fixed(double[] stamp, int size, int width, int height, String description, boolean fittedProfile) {
			this.stamp = stamp;
			this.size = size;
			this.width = width;
			this.height = height;
			this.description = description;
			this.fittedProfile = fittedProfile;
		}

		@Override
		public boolean isFittedProfile() {
			return fittedProfile;
		}

		@Override
		public int size() {
			return size;
		}

		@Override
		public double[] at(double x, double y) {
			return stamp.clone();
		}

		@Override
		public boolean isConstant() {
			return true;
		}

		@Override
		public int width() {
			return width;
		}

		@Override
		public int height() {
			return height;
		}

		@Override
		public String describe() {
			return description;
		}
	}

	/** A spatially varying Lauer model. */
	private static final class Model implements PsfField {

		private final LauerPsf model;

		Model(LauerPsf model) {
			this.model = model;
		}

		@Override
		public int size() {
			return model.size();
		}

		@Override
		public double[] at(double x, double y) {
			return flattened(model.at(x, y), model.size());
		}

		@Override
		public boolean isConstant() {
			return false;
		}

		@Override
		public int width() {
			return model.width();
		}

		@Override
		public int height() {
			return model.height();
		}

		@Override
		public String describe() {
			return model.summary();
		}
	}
}
