package org.astrofiji.core.psf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.linalg.LeastSquares;
import org.astrofiji.core.stats.Medians;

/**
 * Smooth fields over the image fitted to values known at star positions: the KL coefficients of the
 * PSF stars (Lauer 2002), or any other per-star quantity such as a FWHM. Each field is a
 * {@link FieldPolynomial} of the same degree, fitted by (weighted) linear least squares
 * ({@link LeastSquares}: one QR factorisation serves all fields), robustly:
 * <ol>
 * <li>fit all fields to the stars in use (at first all stars), star j with weight w<sub>j</sub>
 * (1 / the variance of its values; all 1 when no weights are given);</li>
 * <li>the residual of star j is the Euclidean norm of its residuals over all fields times
 * &radic;w<sub>j</sub> (for KL coefficients of an orthonormal basis the norm is the L2 distance between
 * the star's stamp and the model PSF at its position, so the residual is in units of its noise);</li>
 * <li>with k fields the squared residuals are taken to follow &sigma;&sup2;&chi;&sup2;<sub>k</sub>:
 * &sigma;&sup2; = median(r&sup2;) / median(&chi;&sup2;<sub>k</sub>) over the stars in use (at least 1 when weights
 * are given, since they are inverse variances: stars fitting better than their noise must not make
 * the noisier ones look like outliers), and stars beyond the
 * &chi;&sup2;<sub>k</sub> quantile of a {@code clip}-sigma Gaussian tail (Wilson-Hilferty; for one field
 * simply |r| &gt; clip &middot; 1.4826 median |r|) are left out, and the fit repeated until the set no
 * longer changes (at most {@code maxIterations} fits). A rejected star may come back when the fit
 * changes.</li>
 * </ol>
 * <b>Too few stars:</b> degree d needs at least 2&middot;(d + 1)(d + 2)/2 stars (twice the terms, so
 * that outliers can be seen); with fewer the degree is lowered and {@link #summary()} says so. So it
 * is when the stars' positions do not determine the polynomial (all on a line, say): the highest
 * degree they determine is used. A rejection step that would leave such a set ends the rejection.
 * Fewer than 3 stars is an error.
 */
public final class CoefficientFields {

	/** Default rejection threshold in robust standard deviations above the median residual. */
	public static final double DEFAULT_CLIP = 3;
	public static final int DEFAULT_ITERATIONS = 10;
	/** Stars needed at the least. */
	public static final int MIN_STARS = 3;

	private final FieldPolynomial polynomial;
	private final boolean[] rejected;
	private final double[] residuals;
	private final int requestedDegree, iterations;
	private final double rms;
	/** Whether the degree was lowered because the positions did not determine a higher one. */
	private final boolean degenerate;

	private CoefficientFields(FieldPolynomial polynomial, boolean[] rejected, double[] residuals, int requestedDegree,
		int iterations, double rms, boolean degenerate)
	{
		this.polynomial = polynomial;
		this.rejected = rejected;
		this.residuals = residuals;
		this.requestedDegree = requestedDegree;
		this.iterations = iterations;
		this.rms = rms;
		this.degenerate = degenerate;
	}

	/** The highest degree not above {@code degree} that {@code stars} stars support. */
	public static int usableDegree(int degree, int stars) {
		int d = degree;
		while (d > 0 && stars < 2 * FieldPolynomial.terms(d)) d--;
		return d;
	}

	/**
	 * Fits the fields.
	 *
	 * @param x FITS x of the stars
	 * @param y FITS y of the stars
	 * @param values one row per field, one value per star
	 * @param weights one positive weight per star (1 / variance), or null for equal weights
	 * @param clip rejection threshold (robust sigmas above the median residual); 0 = plain least squares
	 */
	public static CoefficientFields fit(double[] x, double[] y, double[][] values, double[] weights, int width, int height,
		int degree, double clip, int maxIterations)
	{
		int n = x.length;
		if (y.length != n) throw new IllegalArgumentException("x and y: " + n + " and " + y.length + " positions");
		if (degree < 0) throw new IllegalArgumentException("degree must be 0 or more (got " + degree + ")");
		if (!(clip >= 0)) throw new IllegalArgumentException("clip must be 0 (no rejection) or more (got " + clip + ")");
		if (n < MIN_STARS) throw new IllegalArgumentException("a spatially varying fit needs at least " + MIN_STARS +
			" stars (got " + n + ")");
		for (double[] v : values) if (v.length != n) throw new IllegalArgumentException("values: " + v.length +
			" per field for " + n + " stars");
		double[] sw = new double[n];
		for (int j = 0; j < n; j++) {
			double wj = weights == null ? 1 : weights[j];
			if (!(wj > 0 && wj < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("weight of star " + (j + 1) +
				" must be positive and finite (got " + wj + ")");
			sw[j] = Math.sqrt(wj);
		}
		for (int d = usableDegree(degree, n);; d--) {
			try {
				return fit(x, y, values, weights, sw, width, height, degree, d, clip, maxIterations);
			}
			catch (Degenerate e) {
				// a constant is determined by any star: degree 0 never gets here
			}
		}
	}

	/** The fit at degree d (not above the requested degree). */
	private static CoefficientFields fit(double[] x, double[] y, double[][] values, double[] weights, double[] sw, int width,
		int height, int degree, int d, double clip, int maxIterations)
	{
		int n = x.length, nt = FieldPolynomial.terms(d), nf = values.length;
		double[][] design = new double[n][nt];
		FieldPolynomial terms = new FieldPolynomial(width, height, d, new double[0][]);
		for (int j = 0; j < n; j++) terms.basis(x[j], y[j], design[j]);
		boolean[] use = new boolean[n];
		java.util.Arrays.fill(use, true);
		double[][] coef = solve(design, values, sw, use, nt);
		double[] r = residuals(design, values, sw, coef);
		int iter = 1;
		// rejection may not leave fewer than 1.5 stars per term
		int minUsed = Math.max(MIN_STARS, (3 * nt + 1) / 2);
		double size = 0;
		for (double[] v : values) for (int j = 0; j < n; j++) size += v[j] * v[j] * sw[j] * sw[j];
		size = Math.sqrt(size / n);
		while (clip > 0 && iter < Math.max(1, maxIterations)) {
			double[] sq = new double[n];
			int m = 0;
			for (int j = 0; j < n; j++) if (use[j]) sq[m++] = r[j] * r[j];
			// the floor keeps exact data from being clipped on rounding noise
			double scale = Medians.medianInPlace(sq, m) / chiSquareMedian(nf);
			// weights are 1/variance: residuals smaller than that noise must not tighten the limit
			if (weights != null) scale = Math.max(scale, 1);
			double limit = Math.max(Math.sqrt(scale * chiSquareQuantile(nf, clip)), 1e-9 * size);
			boolean[] next = new boolean[n];
			int kept = 0;
			boolean changed = false;
			for (int j = 0; j < n; j++) {
				next[j] = r[j] <= limit;
				if (next[j]) kept++;
				changed |= next[j] != use[j];
			}
			if (!changed || kept < minUsed) break;
			double[][] c;
			try {
				c = solve(design, values, sw, next, nt);
			}
			catch (Degenerate e) {
				break; // the stars left would not determine the polynomial
			}
			use = next;
			coef = c;
			r = residuals(design, values, sw, coef);
			iter++;
		}
		double ss = 0;
		int used = 0;
		boolean[] rejected = new boolean[n];
		for (int j = 0; j < n; j++) {
			rejected[j] = !use[j];
			if (use[j]) {
				ss += r[j] * r[j];
				used++;
			}
		}
		return new CoefficientFields(new FieldPolynomial(width, height, d, coef), rejected, r, degree, iter,
			Math.sqrt(ss / used), d < usableDegree(degree, n));
	}

	/** The stars' positions do not determine the polynomial. */
	private static final class Degenerate extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Degenerate() {
			super(null, null, false, false);
		}
	}

	/** Weighted least squares of every field over the stars in use: coefficients [field][term]. */
	private static double[][] solve(double[][] design, double[][] values, double[] sw, boolean[] use, int nt) {
		int m = 0;
		for (boolean u : use) if (u) m++;
		double[] a = new double[m * nt], w = new double[m];
		double[][] b = new double[values.length][m];
		for (int j = 0, row = 0; j < use.length; j++) {
			if (!use[j]) continue;
			System.arraycopy(design[j], 0, a, row * nt, nt);
			w[row] = sw[j] * sw[j];
			for (int k = 0; k < values.length; k++) b[k][row] = values[k][j];
			row++;
		}
		LeastSquares ls;
		try {
			ls = LeastSquares.weighted(a, m, nt, w);
		}
		catch (IllegalArgumentException e) {
			throw new Degenerate();
		}
		double[][] coef = new double[values.length][];
		for (int k = 0; k < values.length; k++) coef[k] = ls.solve(b[k]);
		return coef;
	}

	/** Median of chi-square with k degrees of freedom (Wilson-Hilferty). */
	static double chiSquareMedian(int k) {
		double a = 2.0 / (9 * k);
		return k * Math.pow(1 - a, 3);
	}

	/** The quantile of chi-square with k degrees of freedom that a clip-sigma Gaussian tail leaves (Wilson-Hilferty). */
	static double chiSquareQuantile(int k, double clip) {
		double a = 2.0 / (9 * k);
		return k * Math.pow(1 - a + clip * Math.sqrt(a), 3);
	}

	private static double[] residuals(double[][] design, double[][] values, double[] sw, double[][] coef) {
		double[] r = new double[design.length];
		for (int j = 0; j < design.length; j++) {
			double ss = 0;
			for (int k = 0; k < values.length; k++) {
				double f = 0;
				for (int t = 0; t < design[j].length; t++) f += coef[k][t] * design[j][t];
				double e = values[k][j] - f;
				ss += e * e;
			}
			r[j] = sw[j] * Math.sqrt(ss);
		}
		return r;
	}

	public FieldPolynomial polynomial() {
		return polynomial;
	}

	public int requestedDegree() {
		return requestedDegree;
	}

	public int degree() {
		return polynomial.degree();
	}

	/** Whether star j was left out of the final fit. */
	public boolean isRejected(int j) {
		return rejected[j];
	}

	/** Indices of the rejected stars, ascending. */
	public List<Integer> rejected() {
		List<Integer> out = new ArrayList<>();
		for (int j = 0; j < rejected.length; j++) if (rejected[j]) out.add(j);
		return out;
	}

	/** Weighted residual norm of star j over all fields (see the class notes). */
	public double residual(int j) {
		return residuals[j];
	}

	public int stars() {
		return rejected.length;
	}

	/** Root mean square weighted residual norm of the stars in use. */
	public double rms() {
		return rms;
	}

	public int iterations() {
		return iterations;
	}

	/** One line: degree (and why it is lower than asked), stars used and rejected, rms residual. */
	public String summary() {
		int nrej = rejected().size();
		return String.format(Locale.ROOT, "%s polynomial fields from %d stars, %d rejected, rms residual %.4g", degreeSummary(),
			stars() - nrej, nrej, rms);
	}

	/** "degree 3", or the degree with why it is lower than asked ("degree 1 (degree 3 needs at least 20 stars, 8 given)"). */
	public String degreeSummary() {
		return degree() == requestedDegree ? "degree " + degree() : degenerate ? String.format(Locale.ROOT,
			"degree %d (the positions of the %d stars do not determine a higher one)", degree(), stars()) : String.format(
				Locale.ROOT, "degree %d (degree %d needs at least %d stars, %d given)", degree(), requestedDegree,
				2 * FieldPolynomial.terms(requestedDegree), stars());
	}

	@Override
	public String toString() {
		return summary();
	}
}
