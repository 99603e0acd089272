package org.astrofiji.core.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.Parallel;

/** The sky: stars (power-law fluxes, uniform positions, colours) and how to render them. */
final class StarField {

	/** Number counts dN/dF ~ F^-(1+ALPHA): many faint stars, few bright ones. */
	private static final double ALPHA = 1.0;

	private StarField() {}

	static List<Star> stars(SimulationSettings s) {
		Rng rng = Rng.of(s.seed, 101, 0);
		List<Star> stars = new ArrayList<>(s.stars);
		double ratio = Math.pow(s.faintest / s.brightest, ALPHA);
		for (int i = 0; i < s.stars; i++) {
			double x = rng.uniform(-0.5, s.width - 0.5), y = rng.uniform(-0.5, s.height - 0.5);
			double flux = s.faintest * Math.pow(1 - rng.uniform() * (1 - ratio), -1 / ALPHA);
			double colour = 0.6 + 0.35 * rng.gaussian();
			stars.add(new Star(i + 1, x, y, flux, colour, 1));
		}
		return stars;
	}

	/**
	 * Picks variable stars for the second epoch: moderately bright, unsaturated ones, brightened or
	 * dimmed by 25-100 %.
	 */
	static List<Star> withVariables(List<Star> stars, SimulationSettings s, int count) {
		Rng rng = Rng.of(s.seed, 102, 0);
		List<Integer> candidates = new ArrayList<>();
		for (int i = 0; i < stars.size(); i++) {
			double f = stars.get(i).flux;
			if (f > 20 * s.faintest && f < s.brightest / 30) candidates.add(i);
		}
		for (int i = candidates.size() - 1; i > 0; i--) Collections.swap(candidates, i, rng.nextInt(i + 1));
		List<Star> out = new ArrayList<>(stars);
		for (int k = 0; k < Math.min(count, candidates.size()); k++) {
			double factor = rng.uniform() < 0.5 ? rng.uniform(0.5, 0.8) : rng.uniform(1.25, 2.0);
			int i = candidates.get(k);
			out.set(i, out.get(i).withVariability(factor));
		}
		return out;
	}

	/**
	 * Adds stars to an image of e-/s per pixel: each star's light integrated over pixels with the PSF
	 * at its position. Stamps are computed in parallel and added in star order, so the result does not
	 * depend on the thread count. {@code peaks}, when not null, receives each star's largest stamp value:
	 * the share of its light in its brightest pixel.
	 */
	static void render(List<Star> stars, String filter, double epochFactor, boolean variable, PsfModel psfs,
		float[] image, int w, int h, double[] peaks)
	{
		int chunk = 64;
		for (int c0 = 0; c0 < stars.size(); c0 += chunk) {
			int c1 = Math.min(stars.size(), c0 + chunk), base = c0;
			double[][] stamps = new double[c1 - c0][];
			Parallel.forRange(c1 - c0, 1, (from, to) -> {
				for (int k = from; k < to; k++) {
					Star st = stars.get(base + k);
					Psf psf = psfs.at(st.x, st.y);
					stamps[k] = psf.stamp(st.x - Math.rint(st.x), st.y - Math.rint(st.y));
					if (peaks != null) {
						double max = 0;
						for (double v : stamps[k]) max = Math.max(max, v);
						peaks[base + k] = max;
					}
				}
			});
			for (int k = 0; k < stamps.length; k++) {
				Star st = stars.get(c0 + k);
				double flux = st.flux(filter) * (variable ? st.variability : 1) * epochFactor;
				add(image, w, h, stamps[k], (int) Math.rint(st.x), (int) Math.rint(st.y), flux);
			}
		}
	}

	/** Adds flux x stamp centred on pixel (cx, cy), clipped to the image. */
	static void add(float[] image, int w, int h, double[] stamp, int cx, int cy, double flux) {
		int size = (int) Math.round(Math.sqrt(stamp.length)), r = size / 2;
		for (int j = 0; j < size; j++) {
			int y = cy - r + j;
			if (y < 0 || y >= h) continue;
			for (int i = 0; i < size; i++) {
				int x = cx - r + i;
				if (x < 0 || x >= w) continue;
				image[y * w + x] += (float) (flux * stamp[j * size + i]);
			}
		}
	}
}
