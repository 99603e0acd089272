package org.astrofiji.core.simulate;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Table;

/**
 * Cosmic-ray hits of one exposure: single pixels (50 %), compact clumps of 2-6 pixels (30 %) and
 * straight tracks 4-25 pixels long (20 %). Each hit pixel receives 10 to 100 times the background
 * noise in electrons (log-uniform), and no blurring: cosmic rays do not go through the optics.
 */
final class CosmicRays {

	private CosmicRays() {}

	/**
	 * Adds the hits to {@code electrons} and marks them in {@code mask} (255); appends one row per
	 * event to {@code events}. Returns the number of events.
	 */
	static int add(Rng rng, int count, double noise, float[] electrons, byte[] mask, int w, int h, Table events,
		String frame)
	{
		for (int e = 0; e < count; e++) {
			double kind = rng.uniform();
			String type;
			int[] xs, ys;
			int x0 = rng.nextInt(w), y0 = rng.nextInt(h);
			if (kind < 0.5) {
				type = "single";
				xs = new int[] { x0 };
				ys = new int[] { y0 };
			}
			else if (kind < 0.8) {
				type = "clump";
				int n = 2 + rng.nextInt(5);
				xs = new int[n];
				ys = new int[n];
				xs[0] = x0;
				ys[0] = y0;
				for (int i = 1; i < n; i++) { // a random walk among 8-neighbours
					int from = rng.nextInt(i);
					xs[i] = xs[from] + rng.nextInt(3) - 1;
					ys[i] = ys[from] + rng.nextInt(3) - 1;
				}
			}
			else {
				type = "track";
				int len = 4 + rng.nextInt(22);
				double a = rng.uniform(0, Math.PI);
				xs = new int[len];
				ys = new int[len];
				double dx = Math.cos(a), dy = Math.sin(a), step = 1 / Math.max(Math.abs(dx), Math.abs(dy));
				for (int i = 0; i < len; i++) { // one pixel per step along the major direction
					xs[i] = (int) Math.rint(x0 + i * step * dx);
					ys[i] = (int) Math.rint(y0 + i * step * dy);
				}
			}
			int npix = 0;
			double sx = 0, sy = 0;
			for (int i = 0; i < xs.length; i++) {
				if (xs[i] < 0 || xs[i] >= w || ys[i] < 0 || ys[i] >= h) continue;
				int p = ys[i] * w + xs[i];
				if (mask[p] == 0) {
					npix++;
					sx += xs[i];
					sy += ys[i];
				}
				electrons[p] += (float) (noise * Math.exp(rng.uniform(Math.log(10), Math.log(100))));
				mask[p] = (byte) 255;
			}
			if (npix > 0) events.addRow(frame, e + 1, type, npix, Coordinates.fitsX(sx / npix), Coordinates.fitsY(sy / npix, h));
		}
		return count;
	}

	static Table table() {
		return new Table("cosmic rays", "frame", "id", "type", "npix", "x", "y");
	}
}
