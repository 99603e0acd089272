package org.astrofiji.core.registration;

/**
 * Least-squares transforms from point pairs p[i] -> q[i]: closed forms on centred coordinates (2x2
 * systems; no library needed). The similarity is the linear least-squares solution of x' = a x - b y +
 * tx, y' = b x + a y + ty, which is Umeyama's scaled rotation without reflection (skimage's
 * SimilarityTransform.estimate).
 */
final class Fit {

	private Fit() {}

	/** The fitted transform, or null when the pairs do not determine one (too few, or collinear for affine). */
	static Transform fit(Transform.Kind kind, double[] px, double[] py, double[] qx, double[] qy, int n) {
		if (n < 1) return null;
		double mpx = 0, mpy = 0, mqx = 0, mqy = 0;
		for (int i = 0; i < n; i++) {
			mpx += px[i];
			mpy += py[i];
			mqx += qx[i];
			mqy += qy[i];
		}
		mpx /= n;
		mpy /= n;
		mqx /= n;
		mqy /= n;
		if (kind == Transform.Kind.TRANSLATION) return Transform.translation(mqx - mpx, mqy - mpy);
		double sxx = 0, sxy = 0, syy = 0, qxpx = 0, qxpy = 0, qypx = 0, qypy = 0;
		for (int i = 0; i < n; i++) {
			double ax = px[i] - mpx, ay = py[i] - mpy, bx = qx[i] - mqx, by = qy[i] - mqy;
			sxx += ax * ax;
			sxy += ax * ay;
			syy += ay * ay;
			qxpx += bx * ax;
			qxpy += bx * ay;
			qypx += by * ax;
			qypy += by * ay;
		}
		if (kind == Transform.Kind.SIMILARITY) {
			double norm = sxx + syy;
			if (n < 2 || !(norm > 0)) return null;
			double a = (qxpx + qypy) / norm, b = (qypx - qxpy) / norm;
			if (a == 0 && b == 0) return null;
			return Transform.similarityOf(a, b, mqx - (a * mpx - b * mpy), mqy - (b * mpx + a * mpy));
		}
		// affine: M = (sum q p^T)(sum p p^T)^-1; collinear points leave sum p p^T singular
		double det = sxx * syy - sxy * sxy;
		if (n < 3 || !(det > 1e-12 * (sxx + syy) * (sxx + syy))) return null;
		double i00 = syy / det, i01 = -sxy / det, i11 = sxx / det;
		double a00 = qxpx * i00 + qxpy * i01, a01 = qxpx * i01 + qxpy * i11;
		double a10 = qypx * i00 + qypy * i01, a11 = qypx * i01 + qypy * i11;
		if (a00 * a11 - a01 * a10 == 0) return null;
		return Transform.affine(a00, a01, mqx - (a00 * mpx + a01 * mpy), a10, a11, mqy - (a10 * mpx + a11 * mpy));
	}
}
