package org.astrofiji.core.simulate;

import java.util.SplittableRandom;

/**
 * Deterministic random numbers for the simulator: every (seed, stream, index) triple, e.g. (night
 * seed, frame, row), has its own generator, so a frame comes out the same whatever the thread count.
 * Adds the normal and Poisson deviates {@link SplittableRandom} lacks on Java 11.
 */
final class Rng {

	private final SplittableRandom random;
	private double spare = Double.NaN;

	Rng(long seed) {
		random = new SplittableRandom(seed);
	}

	/** The generator of one (seed, stream, index) triple. */
	static Rng of(long seed, long stream, long index) {
		return new Rng(mix(mix(mix(seed) ^ stream) ^ index));
	}

	/** SplitMix64 finalizer: spreads nearby integers over all 64 bits. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	double uniform() {
		return random.nextDouble();
	}

	double uniform(double lo, double hi) {
		return lo + (hi - lo) * random.nextDouble();
	}

	int nextInt(int bound) {
		return random.nextInt(bound);
	}

	/** Standard normal deviate (Marsaglia's polar method). */
	double gaussian() {
		if (!Double.isNaN(spare)) {
			double s = spare;
			spare = Double.NaN;
			return s;
		}
		double u, v, s;
		do {
			u = 2 * random.nextDouble() - 1;
			v = 2 * random.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		double f = Math.sqrt(-2 * Math.log(s) / s);
		spare = v * f;
		return u * f;
	}

	/**
	 * Poisson deviate: multiplication of uniforms below a mean of 10, above it the transformed
	 * rejection method PTRS (Hörmann 1993), exact and fast for any mean.
	 */
	long poisson(double mean) {
		if (!(mean > 0)) return 0;
		if (mean < 10) {
			double limit = Math.exp(-mean), p = random.nextDouble();
			long k = 0;
			while (p > limit) {
				k++;
				p *= random.nextDouble();
			}
			return k;
		}
		double slam = Math.sqrt(mean), loglam = Math.log(mean);
		double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
		double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
		while (true) {
			double u = random.nextDouble() - 0.5, v = random.nextDouble();
			double us = 0.5 - Math.abs(u);
			long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
			if (us >= 0.07 && v <= vr) return k;
			if (k < 0 || (us < 0.013 && v > us)) continue;
			if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
		}
	}

	private static final double[] LOG_FACTORIAL = new double[16];
	static {
		for (int k = 1; k < LOG_FACTORIAL.length; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
	}

	/** ln k!, exact for small k, Stirling's series beyond (error below 1e-10 from k = 16). */
	static double logFactorial(long k) {
		if (k < LOG_FACTORIAL.length) return LOG_FACTORIAL[(int) k];
		double x = k + 1.0, inv = 1 / x, inv2 = inv * inv;
		return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
	}
}
