package org.astrofiji.core.psf;

import java.util.Locale;

/**
 * The star profiles {@link StarFitter} fits: a 2-D Gaussian or Moffat over a constant background,
 * elliptical or circular. The shape is a positive-definite quadratic form
 * Q = a dx&sup2; + 2 b dx dy + c dy&sup2; (dx, dy from the centre, memory coordinates), so that round
 * stars have a well-defined fit (an angle parameter would be degenerate there):
 * <ul>
 * <li>Gaussian: f = A exp(&minus;Q/2) + B; parameters A, x0, y0, a, b, c, B (circular: A, x0, y0, q, B
 * with Q = q r&sup2;, q = 1/&sigma;&sup2;);</li>
 * <li>Moffat: f = A (1 + Q)<sup>&minus;&beta;</sup> + B; parameters A, x0, y0, a, b, c, &beta;, B
 * (circular: A, x0, y0, q, &beta;, B with q = 1/&gamma;&sup2;, astropy's Moffat2D with alpha = &beta;).</li>
 * </ul>
 */
public enum StarProfile {
	GAUSSIAN, MOFFAT;

	/** Moffat index the fits start from. */
	static final double BETA_START = 2.5;

	/** "gaussian" or "moffat" (any case). */
	public static StarProfile of(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("model must be gaussian or moffat (got '" + name + "')");
		}
	}

	/** Number of fitted parameters. */
	int parameters(boolean elliptical) {
		return (elliptical ? 7 : 5) + (this == MOFFAT ? 1 : 0);
	}

	/**
	 * The value at memory position (x, y) and its gradient with respect to the parameters.
	 *
	 * @return NaN never; callers check {@link #valid} before
	 */
	double value(boolean elliptical, double[] p, double x, double y, double[] grad) {
		double amp = p[0], dx = x - p[1], dy = y - p[2];
		double qa, qb, qc;
		int s = elliptical ? 3 : 1; // shape parameters
		if (elliptical) {
			qa = p[3];
			qb = p[4];
			qc = p[5];
		}
		else {
			qa = qc = p[3];
			qb = 0;
		}
		double ux = qa * dx + qb * dy, uy = qb * dx + qc * dy; // (1/2) dQ/d(dx), dQ/d(dy)
		double q = dx * ux + dy * uy;
		double g, dfdq; // profile and d f / d Q
		int last = 3 + s;
		if (this == GAUSSIAN) {
			g = Math.exp(-0.5 * q);
			dfdq = -0.5 * amp * g;
		}
		else {
			double beta = p[3 + s], l = Math.log1p(q);
			g = Math.exp(-beta * l);
			dfdq = -amp * beta * g / (1 + q);
			grad[3 + s] = -amp * g * l;
			last++;
		}
		grad[0] = g;
		// dQ/dx0 = -2 ux, dQ/dy0 = -2 uy
		grad[1] = -2 * dfdq * ux;
		grad[2] = -2 * dfdq * uy;
		if (elliptical) {
			grad[3] = dfdq * dx * dx;
			grad[4] = dfdq * 2 * dx * dy;
			grad[5] = dfdq * dy * dy;
		}
		else grad[3] = dfdq * (dx * dx + dy * dy);
		grad[last] = 1;
		return amp * g + p[last];
	}

	/** Whether the shape is positive definite and the Moffat index positive. */
	boolean valid(boolean elliptical, double[] p) {
		for (int i = 0; i < parameters(elliptical); i++) if (!Double.isFinite(p[i])) return false;
		boolean shape = elliptical ? p[3] > 0 && p[5] > 0 && p[3] * p[5] - p[4] * p[4] > 0 : p[3] > 0;
		return shape && (this == GAUSSIAN || p[elliptical ? 6 : 4] > 0);
	}

	/** Index of the background parameter. */
	int background(boolean elliptical) {
		return parameters(elliptical) - 1;
	}

	/** Index of beta (Moffat), -1 for a Gaussian. */
	int beta(boolean elliptical) {
		return this == MOFFAT ? (elliptical ? 6 : 4) : -1;
	}

	/** The quadratic form's q of a profile with this FWHM (round; Moffat at beta). */
	static double q(StarProfile profile, double fwhm, double beta) {
		double half = fwhm / 2;
		return profile == GAUSSIAN ? 2 * Math.log(2) / (half * half) : (Math.pow(2, 1 / beta) - 1) / (half * half);
	}

	/** FWHM along a principal axis whose eigenvalue of the quadratic form is {@code lambda}. */
	static double fwhm(StarProfile profile, double lambda, double beta) {
		return 2 * Math.sqrt((profile == GAUSSIAN ? 2 * Math.log(2) : Math.pow(2, 1 / beta) - 1) / lambda);
	}
}
