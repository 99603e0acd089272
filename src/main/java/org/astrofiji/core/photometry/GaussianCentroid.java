package org.astrofiji.core.photometry;

import java.util.Arrays;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * A star's centre from a least-squares fit of {@code b + A exp(-((x - x0)^2 + (y - y0)^2) / (2 s^2))}
 * to the pixels of a square box (commons-math3 Levenberg-Marquardt, analytic Jacobian), unweighted.
 * Only the centre is used here; full 2-D Gaussian and Moffat profile fits belong to {@code core.psf}
 * and should replace this class once it offers them.
 */
final class GaussianCentroid {

	private GaussianCentroid() {}

	/**
	 * The fitted centre (memory coordinates) near (x, y) from the pixels within {@code halfBox} of the
	 * nearest pixel, starting from width fwhm and background sky; null when the fit fails, or its centre
	 * leaves the box or its amplitude or width is not positive.
	 */
	static double[] fit(Pixels px, double x, double y, double halfBox, double fwhm, double sky) {
		int w = px.width, h = px.height, hb = Math.max(2, (int) Math.ceil(halfBox));
		int cx = (int) Math.rint(x), cy = (int) Math.rint(y);
		int xa = Math.max(0, cx - hb), xb = Math.min(w - 1, cx + hb), ya = Math.max(0, cy - hb), yb = Math.min(h - 1, cy + hb);
		if (xa > xb || ya > yb) return null;
		int m = 0;
		int[] xs = new int[(xb - xa + 1) * (yb - ya + 1)], ys = new int[xs.length];
		double[] v = new double[xs.length];
		double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
		for (int j = ya; j <= yb; j++) {
			for (int i = xa; i <= xb; i++) {
				int p = j * w + i;
				float f = px.values[p];
				if (f != f || px.flagged(p)) continue;
				xs[m] = i;
				ys[m] = j;
				v[m++] = f;
				max = Math.max(max, f);
				min = Math.min(min, f);
			}
		}
		if (m < 6) return null;
		double b0 = Double.isFinite(sky) ? sky : min;
		double s0 = fwhm > 0 ? fwhm / (2 * Math.sqrt(2 * Math.log(2))) : 1.5;
		final int n = m;
		double[] target = Arrays.copyOf(v, n);
		LeastSquaresOptimizer.Optimum opt;
		try {
			opt = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
				.start(new double[] { max - b0, x, y, s0, b0 }).target(target).maxEvaluations(400).maxIterations(200)
				.model(p -> model(p, xs, ys, n)).build());
		}
		catch (MathIllegalStateException e) {
			return null;
		}
		RealVector p = opt.getPoint();
		double fx = p.getEntry(1), fy = p.getEntry(2);
		if (!(p.getEntry(0) > 0) || !(Math.abs(p.getEntry(3)) > 0) || !(fx >= xa - 0.5 && fx <= xb + 0.5 && fy >= ya - 0.5 &&
			fy <= yb + 0.5)) return null;
		return new double[] { fx, fy };
	}

	private static Pair<RealVector, RealMatrix> model(RealVector p, int[] xs, int[] ys, int n) {
		double amp = p.getEntry(0), x0 = p.getEntry(1), y0 = p.getEntry(2), s = p.getEntry(3), b = p.getEntry(4);
		double inv = 1 / (s * s);
		double[] f = new double[n];
		double[][] jac = new double[n][5];
		for (int k = 0; k < n; k++) {
			double dx = xs[k] - x0, dy = ys[k] - y0, r2 = dx * dx + dy * dy, e = Math.exp(-0.5 * r2 * inv);
			f[k] = b + amp * e;
			jac[k][0] = e;
			jac[k][1] = amp * e * dx * inv;
			jac[k][2] = amp * e * dy * inv;
			jac[k][3] = amp * e * r2 * inv / s;
			jac[k][4] = 1;
		}
		return new Pair<>(new ArrayRealVector(f, false), new Array2DRowRealMatrix(jac, false));
	}
}
