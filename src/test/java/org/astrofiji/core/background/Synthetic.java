package org.astrofiji.core.background;

import java.util.Arrays;

import org.astrofiji.core.Coordinates;

/**
 * The synthetic images of {@code src/test/oracle/background_expected.py} (integer-hash noise, a
 * gradient and square "stars"), rebuilt bit for bit, in memory orientation.
 */
final class Synthetic {

	private Synthetic() {}

	/** numpy: synth(w, h, seed); FITS array row r is memory row h-1-r. */
	static float[] image(int w, int h, long seed) {
		double[] fitsOrder = new double[w * h];
		for (int i = 0; i < w * h; i++) {
			long hsh = (i * 2654435761L + seed) % 4294967296L;
			hsh = ((hsh ^ (hsh >>> 13)) * 1274126177L) % 4294967296L;
			double u = hsh % 10007;
			int y = i / w, x = i % w;
			fitsOrder[i] = 1000.0 + (u - 5003.0) / 250.0 + 0.05 * x + 0.02 * y;
		}
		for (int y = 5; y < h; y += 37) for (int x = 7; x < w; x += 41) fitsOrder[y * w + x] += 500;
		float[] out = new float[w * h];
		for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) out[Coordinates.memoryRow(r, h) * w + c] = (float) fitsOrder[r * w + c];
		return out;
	}

	/** Sets FITS-array rows [r0, r1) and columns [c0, c1) (numpy slices) to v. */
	static void fill(float[] img, int w, int h, int r0, int r1, int c0, int c1, float v) {
		for (int r = r0; r < r1; r++) Arrays.fill(img, Coordinates.memoryRow(r, h) * w + c0, Coordinates.memoryRow(r, h) * w + c1, v);
	}
}
