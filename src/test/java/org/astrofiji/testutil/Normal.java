package org.astrofiji.testutil;

/** The standard normal distribution, for tests that check numerics against it. */
public final class Normal {

	private Normal() {}

	/** The cumulative distribution Phi(x) by its Taylor series: exact to double precision for |x| &lt; 8. */
	public static double cdf(double x) {
		double sum = x, term = x;
		for (int n = 1; n < 200; n++) {
			term *= x * x / (2 * n + 1);
			sum += term;
		}
		return 0.5 + sum * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
	}

	/** The probability that a normal deviate of this sigma falls within 0.5 of c: a unit pixel's share along one axis. */
	public static double pixel(double c, double sigma) {
		return cdf((c + 0.5) / sigma) - cdf((c - 0.5) / sigma);
	}
}
