package org.astrofiji.core.psf;

import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Table;

/**
 * A spatially varying PSF after Lauer (2002): P(x, y) = &Sigma;<sub>i</sub> a<sub>i</sub>(x, y)
 * B<sub>i</sub> / (its sum), with B<sub>i</sub> the first elements of the Karhunen-Lo&egrave;ve basis of
 * the PSF star stamps ({@link KarhunenLoeveBasis}) and a<sub>i</sub> polynomial fields fitted to the
 * stars' coefficients ({@link CoefficientFields}).
 * <p>
 * <b>Use.</b> {@code LauerPsf psf = LauerPsf.estimate(PsfStarSelector.select(...), new Settings());}
 * then {@link #at(double, double)} for the unit-sum PSF at a FITS position, {@link #montage(int)} for a
 * grid of PSFs over the field, {@link #residual(PsfStars)} for the image minus the scaled PSF at
 * every PSF star, {@link #describe()} for the numbers a model file stores. Immutable and safe to share
 * between threads.
 * <p>
 * <b>Estimation.</b> (1) KL basis of all PSF stars; the number of elements from {@code inf_loss} (or
 * given). (2) Robust polynomial fit of every element's coefficients over the field, each star weighted
 * by the inverse variance of its coefficients (background noise, its own Poisson noise and a 1 %
 * floor, see {@link Settings#weighted}); outlier stars are rejected. (3) When stars were rejected,
 * (1) and (2) are repeated without them, since outliers also bend the basis. Rejected stars are listed
 * ({@link #rejectedStars()}, {@link #starTable}).
 * <p>
 * <b>Choosing inf_loss.</b> The loss counts energy (squared L2), dominated by the mean PSF: a PSF
 * that changes by 13 % (relative L2) across the field carries under 2 % of the energy in its variable
 * part, so ProperImage's default 0.2 keeps one element (a constant PSF) on most fields; a variable PSF
 * needs inf_loss near 0.002 (4-26 elements on the simulated fields of the tests, 1-2 % residuals), or
 * {@code elements} set directly.
 * <p>
 * Differences from ProperImage (on purpose): the PSF at a point uses the coefficients at that point
 * (ProperImage evaluates them per pixel of the stamp window and divides by a "normal image"); the
 * basis is orthonormal and every element's coefficients are fitted, also when only one is kept
 * (then the PSF is constant); the coefficient fit is weighted and rejects outlier stars; the number of
 * elements can also be given directly.
 */
public final class LauerPsf {

	/** How to build the model. */
	public static final class Settings {

		/** Fraction of the stamps' energy the kept elements may lose, [0, 1] (ProperImage's default 0.2). */
		public double infLoss = 0.2;
		/** Number of elements to keep; 0 = from infLoss. */
		public int elements = 0;
		/** Degree of the coefficient polynomials (ProperImage: 3). */
		public int degree = 3;
		/** Star rejection of the coefficient fit, robust sigmas; 0 = none. */
		public double clip = CoefficientFields.DEFAULT_CLIP;
		public int maxIterations = CoefficientFields.DEFAULT_ITERATIONS;
		/**
		 * Weight each star's coefficients by the inverse of their variance: a coefficient of the
		 * unit-sum stamp of a star of flux F (image units) on an orthonormal element has the noise
		 * variance (rms&sup2; + F &Sigma;s&sup2;) / F&sup2;, with rms the background RMS per pixel and &Sigma;s&sup2;
		 * the stamp's energy standing in for the star's own Poisson noise under the element (gain 1
		 * assumed), plus (floor)&sup2; &Sigma;s&sup2; for what no PSF model reproduces (sub-pixel resampling,
		 * neighbours' wings), so that the brightest stars do not take all the weight and their small
		 * residuals cannot make fainter stars look like outliers. false = equal weights (as ProperImage).
		 */
		public boolean weighted = true;
		/** Relative accuracy floor of a stamp (see {@link #weighted}): 0.01 = 1 % of its L2 norm. */
		public double floor = 0.01;

		public Settings validate() {
			KarhunenLoeveBasis.requireInfLoss(infLoss);
			if (elements < 0) throw new IllegalArgumentException("elements must be 0 (from inf_loss) or more (got " + elements + ")");
			if (degree < 0 || degree > 10) throw new IllegalArgumentException("degree must be between 0 and 10 (got " + degree + ")");
			if (!(clip >= 0)) throw new IllegalArgumentException("clip must be 0 (no rejection) or more (got " + clip + ")");
			if (maxIterations < 1) throw new IllegalArgumentException("max_iterations must be >= 1 (got " + maxIterations + ")");
			if (!(floor >= 0 && floor < 1)) throw new IllegalArgumentException("floor must be in [0, 1) (got " + floor + ")");
			return this;
		}
	}

	private final PsfModelDescription d;
	private final FieldPolynomial fields;
	private final double[][] basis;
	private final CoefficientFields fit;
	private final KarhunenLoeveBasis kl;
	private final boolean[] rejected;
	private final double[] residuals;

	private LauerPsf(PsfModelDescription d, CoefficientFields fit, KarhunenLoeveBasis kl, boolean[] rejected,
		double[] residuals)
	{
		this.d = d;
		double[][] c = new double[d.elements()][];
		basis = new double[d.elements()][];
		for (int i = 0; i < c.length; i++) {
			c[i] = d.coefficients(i);
			basis[i] = d.basis(i);
		}
		this.fields = new FieldPolynomial(d.width, d.height, d.degree, c);
		this.fit = fit;
		this.kl = kl;
		this.rejected = rejected;
		this.residuals = residuals;
	}

	/** The model a description defines (e.g. read from a file). */
	public static LauerPsf of(PsfModelDescription description) {
		return new LauerPsf(description, null, null, null, null);
	}

	/**
	 * Builds the model from PSF stars.
	 *
	 * @throws IllegalArgumentException with fewer than 3 stars or a bad setting
	 */
	public static LauerPsf estimate(PsfStars stars, Settings settings) {
		Settings s = settings.validate();
		int n = stars.count();
		if (n < CoefficientFields.MIN_STARS) throw new IllegalArgumentException("a PSF model needs at least " +
			CoefficientFields.MIN_STARS + " PSF stars, got " + n + " (" + stars.summary() + ")");
		List<PsfStar> list = stars.stars();
		double[] w = s.weighted ? new double[n] : null;
		double sky = stars.backgroundRms() * stars.backgroundRms();
		for (int j = 0; j < n; j++) {
			PsfStar st = list.get(j);
			double f = st.flux, energy = 0;
			for (double v : st.stampView()) energy += v * v;
			if (w != null) w[j] = 1 / ((sky + f * energy) / (f * f) + s.floor * s.floor * energy);
		}
		boolean[] all = new boolean[n];
		java.util.Arrays.fill(all, true);
		Pass first = new Pass(stars, all, w, s);
		Pass pass = first;
		if (!first.fit.rejected().isEmpty() && s.clip > 0) {
			// outliers also spoil the basis: rebuild it from the stars the first fit kept
			boolean[] keep = new boolean[n];
			for (int j = 0; j < n; j++) keep[j] = !first.fit.isRejected(j);
			Pass second = new Pass(stars, keep, w, s);
			// the fields of the kept stars extrapolate over the rejected ones: a rejected star near the edge
			// of the kept ones' spread can land where the model has no flux (seen on 256² night frames)
			if (second.count >= CoefficientFields.MIN_STARS && second.positiveAt(list)) pass = second;
		}
		FieldPolynomial p = pass.fit.polynomial();
		int k = pass.basis.length;
		double[][] coef = new double[k][];
		for (int i = 0; i < k; i++) coef[i] = p.coefficients(i);
		boolean[] rejected = new boolean[n];
		int nrej = 0;
		double[] resid = new double[n];
		for (int j = 0, u = 0; j < n; j++) {
			if (pass.used[j]) {
				rejected[j] = pass.fit.isRejected(u);
				resid[j] = pass.fit.residual(u);
				u++;
			}
			else {
				rejected[j] = true;
				resid[j] = first.fit.residual(j);
			}
			if (rejected[j]) nrej++;
		}
		PsfModelDescription d = new PsfModelDescription(stars.width(), stars.height(), stars.stampSize(), p.degree(), n, nrej,
			s.elements > 0 ? Double.NaN : s.infLoss, pass.kl.loss(k), stars.recentred(), pass.basis, coef);
		return new LauerPsf(d, pass.fit, pass.kl, rejected, resid);
	}

	/** One basis and coefficient fit over a subset of the stars. */
	private static final class Pass {

		final boolean[] used;
		final int count;
		final KarhunenLoeveBasis kl;
		final double[][] basis;
		final CoefficientFields fit;

		Pass(PsfStars stars, boolean[] used, double[] weights, Settings s) {
			this.used = used;
			List<PsfStar> list = stars.stars();
			int m = 0;
			for (boolean u : used) if (u) m++;
			count = m;
			double[][] stamps = new double[m][];
			double[] x = new double[m], y = new double[m], w = weights == null ? null : new double[m];
			for (int j = 0, i = 0; j < used.length; j++) {
				if (!used[j]) continue;
				PsfStar st = list.get(j);
				stamps[i] = st.stampView();
				x[i] = st.x;
				y[i] = st.y;
				if (w != null) w[i] = weights[j];
				i++;
			}
			kl = KarhunenLoeveBasis.of(stamps, stars.stampSize());
			int k = s.elements > 0 ? Math.min(s.elements, kl.rank()) : kl.count(s.infLoss);
			double[][] c = new double[k][];
			basis = new double[k][];
			for (int i = 0; i < k; i++) {
				c[i] = kl.coefficients(i);
				basis[i] = kl.element(i);
			}
			fit = CoefficientFields.fit(x, y, c, w, stars.width(), stars.height(), s.degree, s.clip, s.maxIterations);
		}

		/** Whether the model of this pass has a positive sum at every star's position. */
		boolean positiveAt(List<PsfStar> stars) {
			double[] sums = new double[basis.length], a = new double[basis.length];
			for (int i = 0; i < basis.length; i++) for (double v : basis[i]) sums[i] += v;
			FieldPolynomial p = fit.polynomial();
			for (PsfStar st : stars) {
				p.evaluate(st.x, st.y, a);
				double sum = 0;
				for (int i = 0; i < a.length; i++) sum += a[i] * sums[i];
				if (!(sum > 0)) return false;
			}
			return true;
		}
	}

	/** The numbers that define this model. */
	public PsfModelDescription describe() {
		return d;
	}

	public int width() {
		return d.width;
	}

	public int height() {
		return d.height;
	}

	/** Stamp side. */
	public int size() {
		return d.size;
	}

	/** Number of basis elements. */
	public int elements() {
		return d.elements();
	}

	public int degree() {
		return d.degree;
	}

	public FieldPolynomial fields() {
		return fields;
	}

	/**
	 * The final coefficient fit (over the stars the first pass kept when it rejected any; null for a
	 * model read from a description).
	 */
	public CoefficientFields coefficientFit() {
		return fit;
	}

	/** The full KL basis of the final pass (null for a model read from a description). */
	public KarhunenLoeveBasis karhunenLoeve() {
		return kl;
	}

	/** The basis elements as a size&times;size&times;elements stack. */
	public PlanarImg<FloatType, FloatArray> basisStack() {
		float[][] planes = new float[basis.length][d.size * d.size];
		for (int i = 0; i < basis.length; i++) for (int p = 0; p < planes[i].length; p++) planes[i][p] = (float) basis[i][p];
		return Images.stack(d.size, d.size, planes);
	}

	/**
	 * The unit-sum PSF of a star at FITS position (x, y): row-major size&times;size, memory orientation,
	 * centred on the central pixel.
	 *
	 * @throws IllegalArgumentException when the position is outside the image
	 */
	public double[] at(double x, double y) {
		StarFitter.requireInside(0, x, y, d.width, d.height);
		double[] a = new double[basis.length];
		fields.evaluate(x, y, a);
		int np = d.size * d.size;
		double[] psf = new double[np];
		for (int i = 0; i < basis.length; i++) for (int p = 0; p < np; p++) psf[p] += a[i] * basis[i][p];
		double sum = 0;
		for (double v : psf) sum += v;
		if (!(sum > 0)) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the PSF model has no positive flux at (x=%s, y=%s): the coefficient fields are extrapolated too far", x, y));
		for (int p = 0; p < np; p++) psf[p] /= sum;
		return psf;
	}

	/** {@link #at} as a float image. */
	public ArrayImg<FloatType, FloatArray> image(double x, double y) {
		double[] p = at(x, y);
		float[] f = new float[p.length];
		for (int i = 0; i < f.length; i++) f[i] = (float) p[i];
		return Images.wrap(f, d.size, d.size);
	}

	/**
	 * The PSF over an n&times;n grid of the field: tile (i, j) is the PSF at the centre of grid cell
	 * (i, j), laid out as the cells are on the image (so the montage displays like the field).
	 */
	public ArrayImg<FloatType, FloatArray> montage(int n) {
		if (n < 1 || n > 64) throw new IllegalArgumentException("grid must be between 1 and 64 (got " + n + ")");
		int k = d.size, side = n * k;
		float[] m = new float[side * side];
		for (int tj = 0; tj < n; tj++) {
			for (int ti = 0; ti < n; ti++) {
				double[] c = gridPosition(ti, tj, n);
				double[] p = at(c[0], c[1]);
				for (int j = 0; j < k; j++) for (int i = 0; i < k; i++) m[(tj * k + j) * side + ti * k + i] = (float) p[j * k + i];
			}
		}
		return Images.wrap(m, side, side);
	}

	/** FITS position of the centre of grid cell (i, j) of an n&times;n grid, j counted from the top (memory rows). */
	public double[] gridPosition(int i, int j, int n) {
		double mx = (i + 0.5) * d.width / n - 0.5, my = (j + 0.5) * d.height / n - 0.5;
		return new double[] { Coordinates.fitsX(mx), Coordinates.fitsY(my, d.height) };
	}

	/**
	 * The background-subtracted image of the stars minus the PSF scaled to each PSF star (least-squares
	 * flux over its stamp, placed at its sub-pixel centre when the model is recentred): what the model
	 * does not explain. A new array, memory orientation.
	 */
	public float[] residual(PsfStars stars) {
		if (stars.width() != d.width || stars.height() != d.height) throw new IllegalArgumentException("stars of a " +
			stars.width() + "x" + stars.height() + " image for a PSF model of a " + d.width + "x" + d.height + " image");
		float[] out = stars.backgroundSubtracted().clone();
		int k = d.size, r = k / 2, w = d.width, h = d.height;
		double[] moved = new double[k * k];
		for (PsfStar s : stars.stars()) {
			double mx = Coordinates.memoryX(s.x), my = Coordinates.memoryY(s.y, h);
			int cx = (int) Math.rint(mx), cy = (int) Math.rint(my);
			double[] p = at(s.x, s.y);
			if (d.recentred) {
				StampSampler.shift(p, k, mx - cx, my - cy, moved);
				p = moved.clone();
			}
			double dp = 0, pp = 0;
			for (int j = 0; j < k; j++) {
				int y = cy - r + j;
				if (y < 0 || y >= h) continue;
				for (int i = 0; i < k; i++) {
					int x = cx - r + i;
					if (x < 0 || x >= w) continue;
					float v = out[y * w + x];
					if (v != v) continue;
					dp += v * p[j * k + i];
					pp += p[j * k + i] * p[j * k + i];
				}
			}
			double flux = pp > 0 ? dp / pp : 0;
			for (int j = 0; j < k; j++) {
				int y = cy - r + j;
				if (y < 0 || y >= h) continue;
				for (int i = 0; i < k; i++) {
					int x = cx - r + i;
					if (x >= 0 && x < w) out[y * w + x] -= (float) (flux * p[j * k + i]);
				}
			}
		}
		return out;
	}

	/** Whether the fit left PSF star j out (false for a model read from a description). */
	public boolean isRejected(int j) {
		return rejected != null && rejected[j];
	}

	/** The indices of the PSF stars the fit left out, ascending. */
	public List<Integer> rejectedStars() {
		List<Integer> out = new java.util.ArrayList<>();
		if (rejected != null) for (int j = 0; j < rejected.length; j++) if (rejected[j]) out.add(j);
		return out;
	}

	/**
	 * The PSF stars with the fit's verdict: id, FITS x, y, flux, fwhm (the selection's estimate),
	 * weighted coefficient residual (in noise units), whether the fit rejected them, and the star's
	 * coefficients c1, c2, ... on the model's elements (its stamp projected on each: the values the
	 * coefficient fields are fitted to).
	 */
	public Table starTable(PsfStars stars) {
		if (rejected != null && stars.count() != rejected.length) throw new IllegalArgumentException(stars.count() +
			" stars for a model fitted to " + rejected.length);
		if (stars.stampSize() != d.size) throw new IllegalArgumentException("stamps of " + stars.stampSize() + " px for a PSF model of " +
			d.size + " px");
		Table t = new Table("PSF stars", "id", "x", "y", "flux", "fwhm", "residual", "rejected");
		for (int i = 0; i < basis.length; i++) t.addColumn("c" + (i + 1));
		List<PsfStar> list = stars.stars();
		for (int j = 0; j < list.size(); j++) {
			PsfStar s = list.get(j);
			int r = t.addRow();
			t.set(r, "id", s.id).set(r, "x", s.x).set(r, "y", s.y).set(r, "flux", s.flux).set(r, "fwhm", s.fwhm)
				.set(r, "residual", residuals == null ? Double.NaN : residuals[j]).set(r, "rejected", isRejected(j) ? 1 : 0);
			double[] st = s.stampView();
			for (int i = 0; i < basis.length; i++) {
				double c = 0;
				for (int p = 0; p < st.length; p++) c += basis[i][p] * st[p];
				t.set(r, "c" + (i + 1), c);
			}
		}
		return t;
	}

	/** One line: elements, loss, degree, stars, stamp. */
	public String summary() {
		String loss = Double.isNaN(d.infLoss) ? String.format(Locale.ROOT, "%d element%s (information loss %.4f)",
			d.elements(), d.elements() == 1 ? "" : "s", d.loss) : String.format(Locale.ROOT,
				"%d element%s for inf_loss %s (loss %.4f)", d.elements(), d.elements() == 1 ? "" : "s", trim(d.infLoss), d.loss);
		String f = String.format(Locale.ROOT, "%s polynomial fields from %d stars, %d rejected", fit != null ? fit.degreeSummary() :
			"degree " + d.degree, d.stars - d.rejectedStars, d.rejectedStars);
		return String.format(Locale.ROOT, "Lauer PSF %dx%d: %s; %s", d.size, d.size, loss, f);
	}

	private static String trim(double v) {
		String s = String.format(Locale.ROOT, "%.6g", v);
		return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}

	@Override
	public String toString() {
		return summary();
	}
}
