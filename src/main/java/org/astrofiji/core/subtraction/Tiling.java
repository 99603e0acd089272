package org.astrofiji.core.subtraction;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.fft.Fft2;

/**
 * Overlapping tiles of an image, each transformed on its own zero-padded FFT grid and blended
 * without seams.
 * <p>
 * The image is cut into nearly equal cores (about {@code tile} pixels a side). A tile's outputs
 * cover its core plus {@code overlap} pixels on each side; its FFT grid adds a {@code halo} of image
 * pixels (zeros beyond the image) on each side, at least the reach of the kernels, so the circular
 * transforms compute the linear convolutions there. Where two tiles overlap their outputs are
 * blended with weights sin&sup2; and cos&sup2; of the position across the 2 &times; overlap band, which
 * sum to 1 and are smooth, so neither the values nor the noise jump at a border; along the image's
 * own edges a tile's weight stays 1. All tiles share one grid size (a fast FFT length). A single tile
 * is the whole image on one grid with zeros around it: circularly its edges are separated by all the
 * zeros, so they need to cover the halo once (the ESO pair's 1024 &times; 682 on 1080 &times; 720, not
 * two tiles of 600 &times; 768).
 * <p>
 * {@link #forEach} runs the tiles in four passes by the parity of their column and row: tiles of
 * one pass never overlap, so they run in parallel and each adds its weighted outputs to the
 * image's without locks, and the fixed order of the passes makes every sum the same for any number
 * of threads.
 */
final class Tiling {

	/** Work on one tile. */
	interface TileTask {
		void run(int tile) throws Exception;
	}

	final int width, height, overlap, halo, gridX, gridY, across, down;
	private final int[] xs, ys;
	/** Grid index 0 relative to the image's first pixel along x and y: &minus;halo for tiles, the zeros' share for one grid. */
	private final int padX, padY;

	/**
	 * @param tile core side, pixels (the image's side when larger)
	 * @param overlap blend band half-width, pixels (at most half the smallest core)
	 * @param halo extra grid on each side, pixels
	 */
	Tiling(int width, int height, int tile, int overlap, int halo) {
		this.width = width;
		this.height = height;
		this.across = Math.max(1, (int) Math.round(width / (double) tile));
		this.down = Math.max(1, (int) Math.round(height / (double) tile));
		this.xs = cuts(width, across);
		this.ys = cuts(height, down);
		int minCore = Math.min(minCore(xs), minCore(ys));
		this.overlap = across == 1 && down == 1 ? 0 : Math.max(1, Math.min(overlap, minCore / 2));
		this.halo = halo;
		if (across == 1 && down == 1) {
			// one grid: the image and zeros; circularly, an edge pixel has all the zeros on either side before the
			// opposite edge wraps in, so they need to cover the halo once, not on each side
			this.gridX = Fft2.smooth(width + halo);
			this.gridY = Fft2.smooth(height + halo);
			this.padX = -((gridX - width) / 2);
			this.padY = -((gridY - height) / 2);
		}
		else {
			this.gridX = Fft2.smooth(maxCore(xs) + 2 * (this.overlap + halo));
			this.gridY = Fft2.smooth(maxCore(ys) + 2 * (this.overlap + halo));
			this.padX = -(this.overlap + halo);
			this.padY = -(this.overlap + halo);
		}
	}

	/** The grid of one tile holding an image of this size with this halo (what {@link #Tiling} makes when tile &ge; both sides): points. */
	static long oneGridPoints(int width, int height, int halo) {
		return (long) Fft2.smooth(width + halo) * Fft2.smooth(height + halo);
	}

	private static int[] cuts(int n, int parts) {
		int[] c = new int[parts + 1];
		for (int i = 0; i <= parts; i++) c[i] = (int) Math.round((double) i * n / parts);
		return c;
	}

	private static int minCore(int[] c) {
		int m = Integer.MAX_VALUE;
		for (int i = 0; i + 1 < c.length; i++) m = Math.min(m, c[i + 1] - c[i]);
		return m;
	}

	private static int maxCore(int[] c) {
		int m = 0;
		for (int i = 0; i + 1 < c.length; i++) m = Math.max(m, c[i + 1] - c[i]);
		return m;
	}

	int count() {
		return across * down;
	}

	int column(int tile) {
		return tile % across;
	}

	int row(int tile) {
		return tile / across;
	}

	/** Core of a tile: [coreX0, coreX1) x [coreY0, coreY1), memory pixels. */
	int coreX0(int t) {
		return xs[column(t)];
	}

	int coreX1(int t) {
		return xs[column(t) + 1];
	}

	int coreY0(int t) {
		return ys[row(t)];
	}

	int coreY1(int t) {
		return ys[row(t) + 1];
	}

	/** Output region of a tile: its core plus the overlap, within the image. */
	int outX0(int t) {
		return Math.max(0, coreX0(t) - overlap);
	}

	int outX1(int t) {
		return Math.min(width, coreX1(t) + overlap);
	}

	int outY0(int t) {
		return Math.max(0, coreY0(t) - overlap);
	}

	int outY1(int t) {
		return Math.min(height, coreY1(t) + overlap);
	}

	/** Image pixel at grid index 0 of a tile (may be negative: zeros beyond the image). */
	int gridX0(int t) {
		return coreX0(t) + padX;
	}

	int gridY0(int t) {
		return coreY0(t) + padY;
	}

	/** Memory position of a tile's core centre. */
	double centreX(int t) {
		return 0.5 * (coreX0(t) + coreX1(t)) - 0.5;
	}

	double centreY(int t) {
		return 0.5 * (coreY0(t) + coreY1(t)) - 0.5;
	}

	/** Blend weight of tile t at memory pixel (x, y) (0 outside its output region). */
	double weight(int t, int x, int y) {
		return weight(xs, column(t), x) * weight(ys, row(t), y);
	}

	/** The weights of a tile along x for the pixels of its output region, outX0 .. outX1 - 1. */
	double[] weightsX(int t) {
		int x0 = outX0(t), c = column(t);
		double[] w = new double[outX1(t) - x0];
		for (int i = 0; i < w.length; i++) w[i] = weight(xs, c, x0 + i);
		return w;
	}

	double[] weightsY(int t) {
		int y0 = outY0(t), r = row(t);
		double[] w = new double[outY1(t) - y0];
		for (int i = 0; i < w.length; i++) w[i] = weight(ys, r, y0 + i);
		return w;
	}

	private double weight(int[] cuts, int i, int v) {
		int parts = cuts.length - 1;
		if (v < cuts[i] - overlap || v >= cuts[i + 1] + overlap) return 0;
		double w = 1;
		if (i > 0 && v < cuts[i] + overlap) w *= rising(v, cuts[i]);
		if (i + 1 < parts && v >= cuts[i + 1] - overlap) w *= 1 - rising(v, cuts[i + 1]);
		return w;
	}

	/** sin^2 rising from 0 to 1 across the band [b - overlap, b + overlap) at pixel v. */
	private double rising(int v, int b) {
		double t = (v + 0.5 - (b - overlap)) / (2.0 * overlap);
		double s = Math.sin(0.5 * Math.PI * Math.max(0, Math.min(1, t)));
		return s * s;
	}

	/** Runs every tile, in four passes of non-overlapping tiles (see the class comment). */
	void forEach(TileTask task) {
		for (int py = 0; py < 2; py++) {
			for (int px = 0; px < 2; px++) {
				int cx = (across - px + 1) / 2, cy = (down - py + 1) / 2;
				int n = cx * cy, ox = px, oy = py;
				if (n == 0) continue;
				Parallel.forRange(n, 1, (from, to) -> {
					for (int k = from; k < to; k++) task.run((oy + 2 * (k / cx)) * across + ox + 2 * (k % cx));
				});
			}
		}
	}
}
