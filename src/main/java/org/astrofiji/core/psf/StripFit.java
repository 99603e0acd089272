package org.astrofiji.core.psf;

import java.util.Locale;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Plot;

/**
 * The CCD handbook's 1-D star profile: a Gaussian a&middot;exp(&minus;(x &minus; &mu;)&sup2; / (2&sigma;&sup2;))
 * (no background term) fitted by least squares to a strip of pixel values at x = 0, 1, ..., as the
 * seed does with {@code scipy.optimize.leastsq} on {@code img[X, Y-10:Y+10]} from the start
 * (2000, 10, 3). Solved as leastsq solves it, for parity: commons-math3's Levenberg-Marquardt (a
 * translation of MINPACK's lmder, whose lmdif leastsq calls) with lmdif's forward-difference Jacobian
 * and scipy's default tolerances (ftol = xtol = 1.49012e-8, gtol = 0, factor 100). Those stop a little
 * before the exact minimum (on the ESO strip the amplitude is 7e-6 relative short of it); the
 * result follows scipy's to about 1e-8. The sign of &sigma; is kept as the fit leaves it (the model
 * depends on &sigma;&sup2; only).
 */
public final class StripFit {

	/** sqrt(machine epsilon): MINPACK's forward-difference step and scipy's default tolerances. */
	private static final double STEP = Math.sqrt(Math.ulp(1.0)), TOLERANCE = 1.49012e-8;

	/** The seed's start values. */
	public static final double[] SEED_START = { 2000, 10, 3 };

	public final double amplitude, mean, sigma;
	/** Root mean square residual, and the optimiser's iterations. */
	public final double rms;
	public final int iterations;

	private StripFit(double amplitude, double mean, double sigma, double rms, int iterations) {
		this.amplitude = amplitude;
		this.mean = mean;
		this.sigma = sigma;
		this.rms = rms;
		this.iterations = iterations;
	}

	/**
	 * The seed's strip {@code img[row, col - half : col + half]} of a numpy image: FITS-array row
	 * {@code row} (0-based), columns {@code col - half} to {@code col + half - 1}.
	 *
	 * @param image pixels in memory orientation (ImageJ), row-major
	 */
	public static double[] seedStrip(float[] image, int width, int height, int row, int col, int half) {
		if (row < 0 || row >= height) throw new IllegalArgumentException("row " + row + " is outside the " + width + "x" +
			height + " image");
		if (half < 2) throw new IllegalArgumentException("half must be at least 2 (got " + half + ")");
		if (col - half < 0 || col + half > width) throw new IllegalArgumentException("columns " + (col - half) + " to " +
			(col + half - 1) + " are not all on the " + width + "x" + height + " image");
		double[] v = new double[2 * half];
		int y = Coordinates.memoryRow(row, height);
		for (int i = 0; i < v.length; i++) v[i] = image[y * width + col - half + i];
		return v;
	}

	/** Fits the strip from the seed's start. */
	public static StripFit fit(double[] values) {
		return fit(values, SEED_START[0], SEED_START[1], SEED_START[2]);
	}

	/** Fits the strip from the given start. */
	public static StripFit fit(double[] values, double amplitude, double mean, double sigma) {
		if (values.length < 3) throw new IllegalArgumentException("a strip needs at least 3 values (got " + values.length + ")");
		for (double v : values) if (!Double.isFinite(v)) throw new IllegalArgumentException("the strip has a NaN or infinite value");
		if (sigma == 0) throw new IllegalArgumentException("the start sigma must not be 0");
		int n = values.length;
		MultivariateJacobianFunction model = p -> {
			double[] x = p.toArray(), f = profile(x, n);
			double[][] j = new double[n][3];
			// MINPACK lmdif's forward differences (scipy's leastsq without Dfun): step sqrt(eps) |x|
			for (int k = 0; k < 3; k++) {
				double t = x[k], h = STEP * Math.abs(t);
				if (h == 0) h = STEP;
				x[k] = t + h;
				double[] g = profile(x, n);
				x[k] = t;
				for (int i = 0; i < n; i++) j[i][k] = (g[i] - f[i]) / h;
			}
			return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(new ArrayRealVector(f, false),
				new Array2DRowRealMatrix(j, false));
		};
		// scipy's leastsq defaults: ftol = xtol = 1.49012e-8, gtol = 0, factor = 100
		LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer()
			.withCostRelativeTolerance(TOLERANCE).withParameterRelativeTolerance(TOLERANCE).withOrthoTolerance(0)
			.withInitialStepBoundFactor(100)
			.optimize(new LeastSquaresBuilder().start(new double[] { amplitude, mean, sigma }).model(model)
				.target(values).maxEvaluations(200 * 4).maxIterations(Integer.MAX_VALUE).build());
		RealVector p = o.getPoint();
		return new StripFit(p.getEntry(0), p.getEntry(1), p.getEntry(2), o.getRMS(), o.getIterations());
	}

	/** FWHM of the fitted Gaussian, 2 &radic;(2 ln 2) |&sigma;|. */
	public double fwhm() {
		return 2 * Math.sqrt(2 * Math.log(2)) * Math.abs(sigma);
	}

	/**
	 * The strip and this fit as a plot against pixel position: the values (strip index i at x0 + i)
	 * with error bars {@code err} (null: none) as points, and the fitted Gaussian drawn every tenth
	 * of a pixel.
	 */
	public Plot plot(String title, String xLabel, double[] values, double[] err, double x0) {
		double[] x = new double[values.length];
		for (int i = 0; i < x.length; i++) x[i] = x0 + i;
		int m = 10 * (values.length - 1) + 1;
		double[] fx = new double[m], fy = new double[m];
		for (int i = 0; i < m; i++) {
			double t = i / 10.0, d = t - mean;
			fx[i] = x0 + t;
			fy[i] = amplitude * Math.exp(-d * d / (2 * sigma * sigma));
		}
		Plot p = new Plot(title, xLabel, "value");
		p.add("pixels", x, values.clone(), err == null ? null : err.clone(), Plot.Style.POINTS, "black");
		return p.add(String.format(Locale.ROOT, "Gaussian, FWHM %.3f px", fwhm()), fx, fy, Plot.Style.LINE, "red");
	}

	private static double[] profile(double[] p, int n) {
		double[] f = new double[n];
		for (int i = 0; i < n; i++) {
			double d = i - p[1];
			f[i] = p[0] * Math.exp(-d * d / (2 * p[2] * p[2]));
		}
		return f;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "strip fit: amplitude %.6g, mean %.6g, sigma %.6g (rms %.4g)", amplitude, mean,
			sigma, rms);
	}
}
