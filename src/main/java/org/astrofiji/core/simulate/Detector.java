package org.astrofiji.core.simulate;

import java.util.Locale;

import org.astrofiji.core.Parallel;

/**
 * The camera: bias level with a fixed column pattern, dark current with an amplifier glow and hot
 * pixels, and a flat-field response per filter (vignetting, 1 % pixel-to-pixel sensitivity, dust
 * rings) normalized to mean 1. All deterministic functions of the seed.
 */
final class Detector {

	private final SimulationSettings s;
	private final int w, h;
	/** Bias per column, ADU. */
	final float[] biasColumns;
	/** Dark current, e-/s per pixel. */
	final float[] dark;
	/** Pixel-to-pixel sensitivity, common to all filters. */
	private final float[] prnu;

	Detector(SimulationSettings s) {
		this.s = s;
		this.w = s.width;
		this.h = s.height;
		Rng rng = Rng.of(s.seed, 201, 0);
		biasColumns = new float[w];
		double drift = 0;
		for (int x = 0; x < w; x++) {
			drift = 0.9 * drift + 0.8 * rng.gaussian(); // correlated column-to-column structure
			biasColumns[x] = (float) (s.biasLevel + 2.0 * Math.sin(2 * Math.PI * x / 97.0) + drift + (x % 2 == 0 ? 0.7 : -0.7));
		}
		dark = new float[w * h];
		prnu = new float[w * h];
		Parallel.forRange(h, 16, (y0, y1) -> { // rows are independent (one generator each): the same for any thread count
			for (int y = y0; y < y1; y++) {
				Rng row = Rng.of(s.seed, 202, y);
				for (int x = 0; x < w; x++) {
					double glow = Math.exp(-Math.hypot(x, y) / (0.08 * Math.max(w, h)));
					dark[y * w + x] = (float) (s.darkCurrent * (1 + 4 * glow));
					prnu[y * w + x] = (float) (1 + 0.01 * row.gaussian());
				}
			}
		});
		int hot = Math.max(1, (int) (2e-4 * w * h));
		for (int i = 0; i < hot; i++) {
			int p = rng.nextInt(w * h);
			dark[p] = (float) (s.darkCurrent * Math.exp(rng.uniform(Math.log(50), Math.log(3000))));
		}
	}

	/** Flat-field response of a filter, mean 1. */
	float[] flat(String filter) {
		float[] r = new float[w * h];
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, rc = Math.hypot(cx, cy);
		Rng rng = Rng.of(s.seed, 203, filter.toUpperCase(Locale.ROOT).hashCode());
		Rng window = Rng.of(s.seed, 204, 0);
		int n = 6;
		double[][] dust = new double[n][];
		for (int i = 0; i < n; i++) {
			Rng src = i < 2 ? window : rng; // two motes on the window (all filters), the rest on the filter
			dust[i] = new double[] { src.uniform(0, w), src.uniform(0, h), src.uniform(5, 14), src.uniform(0.03, 0.07) };
		}
		double sum = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double q = Math.hypot(x - cx, y - cy) / rc;
				double v = (1 - 0.12 * q * q) * prnu[y * w + x];
				for (double[] d : dust) {
					// the distance is at least |dx| and |dy|: a mote more than its radius + 7 away on either axis
					// cannot reach |dr| < 6, so its hypot (slow: StrictMath's) is skipped
					double dx = x - d[0], dy = y - d[1];
					if (Math.abs(dx) > d[2] + 7 || Math.abs(dy) > d[2] + 7) continue;
					double dr = Math.hypot(dx, dy) - d[2];
					if (Math.abs(dr) < 6) v *= 1 - d[3] * Math.exp(-0.5 * dr * dr / 2.25); // a ring 1.5 px wide
				}
				r[y * w + x] = (float) v;
				sum += v;
			}
		}
		float mean = (float) (sum / r.length);
		for (int i = 0; i < r.length; i++) r[i] /= mean;
		return r;
	}

	/** The true bias image (level and column pattern), ADU. */
	float[] biasImage() {
		float[] b = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(biasColumns, 0, b, y * w, w);
		return b;
	}
}
