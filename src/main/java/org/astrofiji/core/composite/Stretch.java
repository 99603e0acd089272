package org.astrofiji.core.composite;

/**
 * Per-channel stretches of {@code v} between a black point {@code lo} and a white point {@code hi} to
 * [0, 1] (img_scale's conventions): values below {@code lo} give 0, above {@code hi} give 1, NaN stays
 * NaN.
 */
public enum Stretch {

	/** img_scale.asinh: asinh((v - lo)/non_linear) / asinh((hi - lo)/non_linear). */
	ASINH {
		@Override
		double factor(double lo, double hi, double nonLinear) {
			return Asinh.asinh((hi - lo) / nonLinear);
		}

		@Override
		double inside(double v, double lo, double factor, double nonLinear) {
			return Asinh.asinh((v - lo) / nonLinear) / factor;
		}

		@Override
		double insideApprox(double v, double lo, double factor, double nonLinear) {
			return Asinh.approx((v - lo) / nonLinear) / factor;
		}
	},
	/** (v - lo) / (hi - lo). */
	LINEAR {
		@Override
		double factor(double lo, double hi, double nonLinear) {
			return hi - lo;
		}

		@Override
		double inside(double v, double lo, double factor, double nonLinear) {
			return (v - lo) / factor;
		}
	},
	/** img_scale.sqrt: sqrt(v - lo) / sqrt(hi - lo). */
	SQRT {
		@Override
		double factor(double lo, double hi, double nonLinear) {
			return Math.sqrt(hi - lo);
		}

		@Override
		double inside(double v, double lo, double factor, double nonLinear) {
			return Math.sqrt(v - lo) / factor;
		}
	},
	/** log10(1 + 1000·x) / log10(1001) with x = (v - lo)/(hi - lo): DS9's log scale. */
	LOG {
		@Override
		double factor(double lo, double hi, double nonLinear) {
			return hi - lo;
		}

		@Override
		double inside(double v, double lo, double factor, double nonLinear) {
			return Math.log1p(LOG_EXPONENT * ((v - lo) / factor)) / LOG_NORM;
		}
	};

	/** The exponent of the log stretch (DS9's default). */
	public static final double LOG_EXPONENT = 1000;
	private static final double LOG_NORM = Math.log1p(LOG_EXPONENT);

	/** The channel-constant part of the stretch (so the per-pixel work is one function call). */
	abstract double factor(double lo, double hi, double nonLinear);

	/** The stretch of lo <= v <= hi. */
	abstract double inside(double v, double lo, double factor, double nonLinear);

	/** {@link #inside} within a relative 1e-14, where a faster formula exists (for bounds only). */
	double insideApprox(double v, double lo, double factor, double nonLinear) {
		return inside(v, lo, factor, nonLinear);
	}

	/** {@link #map} within a relative 1e-14 (for bounds only: see {@link ByteLookup}). */
	final double mapApprox(double v, double lo, double hi, double factor, double nonLinear) {
		if (v < lo) return 0;
		if (v > hi) return 1;
		return insideApprox(v, lo, factor, nonLinear);
	}

	/** The stretched value in [0, 1] (NaN for NaN). */
	public double apply(double v, double lo, double hi, double nonLinear) {
		return map(v, lo, hi, factor(lo, hi, nonLinear), nonLinear);
	}

	final double map(double v, double lo, double hi, double factor, double nonLinear) {
		if (v < lo) return 0;
		if (v > hi) return 1;
		return inside(v, lo, factor, nonLinear);
	}
}
