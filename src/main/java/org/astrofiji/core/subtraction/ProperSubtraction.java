package org.astrofiji.core.subtraction;

import java.util.concurrent.ConcurrentLinkedDeque;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.image.Dq;

/**
 * Proper image subtraction after Zackay, Ofek &amp; Gal-Yam (2016, "ZOGY"): the difference image D,
 * its PSF P_D, the score S and the corrected score S_corr of a new image N against a reference R on
 * the same pixel grid ({@link ZogyTile} has the formulas). S_corr has unit noise, so a transient is a
 * peak of |S_corr| above a threshold such as 5 ({@link TransientFinder}).
 * <p>
 * <b>Steps.</b> (1) The pixels left out of either image ({@link Epoch}) are left out of both and
 * filled in each by interpolation, so nothing rings into their neighbourhood. (2) &beta; and the
 * shift are fitted ({@link FluxRatioFit}) unless given. (3) Every tile ({@link Tiling}: overlapping,
 * zero-padded, blended) is transformed with the PSFs at its centre. Constant PSFs make every tile
 * alike, and large tiles only bound the memory; spatially varying PSFs want small tiles. (4) D, S and
 * S_corr are set to 0 at left-out pixels; the DQ of the outputs holds the left-out pixels' bits, and
 * {@link Dq#EDGE} where the kernels reach a left-out pixel or beyond the image. (5) S_corr is divided by
 * its own measured noise ({@link NoiseScale}) where that is not 1: correlated noise (resampled images).
 * <p>
 * Differences from ProperImage (on purpose, and why): &beta; is a flux ratio (ProperImage divides
 * magnitude zero points); S_corr is normalised so that its noise is 1 (ProperImage's is scaled by
 * &beta; / (zp_n &radic;N), about 10&minus;4 on its example pair, and its variance kernels are not re-centred);
 * every tile uses the full PSF at its position (ProperImage takes the first KL basis element only);
 * a fitted Gaussian PSF keeps its axes (ProperImage swaps x and y); the astrometric noise term V_ast
 * is included; left-out pixels are flagged in the output DQ.
 */
public final class ProperSubtraction {

	/** How to subtract. */
	public static final class Settings {

		/** Flux ratio F_n / F_r; 0 = fit it. */
		public double beta = 0;
		/** Fit the shift (&delta;x, &delta;y) of the new image together with &beta;. */
		public boolean fitShift = false;
		/** Given shift of the new image relative to the reference, FITS pixels (the start of the fit when fitted). */
		public double shiftX = 0, shiftY = 0;
		/**
		 * Tile side, pixels; 0 = automatic (constant PSFs: one grid up to {@link #ONE_GRID_POINTS} points, else {@link
		 * #CONSTANT_TILE}; {@link #VARIABLE_TILE} for varying ones).
		 */
		public int tileSize = 0;
		/**
		 * Astrometric (registration) noise of V_ast, pixels per axis; &lt; 0 = automatic: the scatter of
		 * the stars' own shifts when the shift is fitted, else 0.
		 */
		public double astrometricRms = -1;
		/**
		 * Relative error of &beta; in the V_&beta; term of S_corr ({@link ZogyTile}); &lt; 0 = automatic: the
		 * scatter of the stars' own &beta; when &beta; is fitted, else 0.
		 */
		public double fluxRatioRms = -1;
		/** The PSF-error term V_psf of S_corr ({@link ZogyTile}) from each PSF's measured error ({@link PsfField#error}). */
		public boolean psfError = true;
		/** Stars for the &beta;/shift fit: peaks at least this many times the background noise. */
		public double fitSnr = 10;

		public Settings validate() {
			if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("beta must be > 0, or 0 to fit it (got " +
				beta + ")");
			if (!Double.isFinite(shiftX) || !Double.isFinite(shiftY)) throw new IllegalArgumentException("shift must be finite " +
				"(got " + shiftX + ", " + shiftY + ")");
			if (tileSize != 0 && tileSize < 32) throw new IllegalArgumentException("tile_size must be 0 (automatic) or at least 32 " +
				"pixels (got " + tileSize + ")");
			if (Double.isNaN(astrometricRms) || astrometricRms > 10) throw new IllegalArgumentException(
				"astrometric_rms must be < 0 (automatic), 0 (none) or a few pixels at most (got " + astrometricRms + ")");
			if (Double.isNaN(fluxRatioRms) || fluxRatioRms > 1) throw new IllegalArgumentException(
				"flux_ratio_rms must be < 0 (automatic), 0 (none) or a relative error below 1 (got " + fluxRatioRms + ")");
			if (!(fitSnr > 0)) throw new IllegalArgumentException("fit_snr must be > 0 (got " + fitSnr + ")");
			return this;
		}
	}

	/** Default tile side with constant PSFs (every tile alike: the size only bounds memory) and with varying ones. */
	public static final int CONSTANT_TILE = 512, VARIABLE_TILE = 512;
	/**
	 * Constant PSFs and an image whose zero-padded grid has at most this many points (a 1024 &times; 1024
	 * image's 1080 &times; 1080): one grid, no tiles (a workspace of six complex grids: 110 MB at most).
	 */
	public static final long ONE_GRID_POINTS = 1200 * 1000;

	private ProperSubtraction() {}

	/**
	 * Subtracts the reference from the new image.
	 *
	 * @throws IllegalArgumentException when the images differ in size, or the fit finds too few stars
	 */
	public static Subtraction run(Epoch reference, Epoch newImage, Settings settings, Progress progress) {
		Settings s = settings.validate();
		Setup su = new Setup(reference, newImage, s);
		Epoch r = su.r, n = su.n;
		int w = r.width(), h = r.height();
		PsfField pr = r.psf(), pn = n.psf();
		boolean constant = su.constant;
		Tiling tiling = su.tiling;
		short[] union = su.union, dq = su.dq;
		int[] counts = count(dq, union);
		Workspaces ws = su.ws;
		Psfs psfs = su.psfs;
		FluxRatio ratio = su.fluxRatio(s, progress.range(0, 0.3));
		SparseScene sceneR = SparseScene.of(r, union), sceneN = SparseScene.of(n, union);
		double ax = s.astrometricRms >= 0 ? s.astrometricRms : ratio.shiftFitted ? finite(ratio.scatterX) : 0;
		double ay = s.astrometricRms >= 0 ? s.astrometricRms : ratio.shiftFitted ? finite(ratio.scatterY) : 0;
		double fb = s.fluxRatioRms >= 0 ? s.fluxRatioRms : ratio.betaFitted ? finite(ratio.betaScatter) : 0;
		double wr = s.psfError && pr.error() != null ? 1 : 0, wn = s.psfError && pn.error() != null ? 1 : 0;
		ZogyTile.Params params = new ZogyTile.Params(ratio.beta, r.sigma(), n.sigma(), ratio.shiftX, -ratio.shiftY, ax, ay, fb, wr, wn);

		float[] d = new float[w * h], sc = new float[w * h], scorr = new float[w * h];
		boolean psfTerm = params.psfTerm();
		float[] basic = psfTerm ? new float[w * h] : scorr;
		float[][] image = psfTerm ? new float[][] { d, sc, scorr, basic } : new float[][] { d, sc, scorr };
		double[] pointScores = new double[tiling.count()];
		ZogyTile.Kernels shared = constant ? ws.with(z -> psfs.kernels(0, z, params)) : null;
		int[] done = { 0 };
		Progress tp = progress.range(0.3, 1);
		tiling.forEach(t -> {
			ZogyTile z = ws.take();
			try {
				ZogyTile.Kernels k = shared != null ? shared : psfs.kernels(t, z, params);
				float[][] out = ws.outputs(image.length);
				int gy0 = tiling.gridY0(t);
				z.subtract(r, n, sceneR, sceneN, tiling.gridX0(t), gy0, k, params, out, tiling.outY0(t) - gy0, tiling.outY1(t) - gy0);
				pointScores[t] = k.pointScore;
				accumulate(tiling, t, out, image);
			}
			finally {
				ws.give(z);
			}
			synchronized (done) {
				tp.report("proper subtraction", ++done[0] / (double) tiling.count());
			}
		});
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int q = y0 * w; q < y1 * w; q++) {
				if (union[q] != 0) d[q] = sc[q] = scorr[q] = basic[q] = 0;
			}
		});
		// the last step: S_corr's measured noise divided out (correlated noise, NoiseScale says why), measured
		// without V_psf, which lowers S_corr at every star and would make the MAD the sky's no more
		double noise = NoiseScale.of(basic, dq);
		double scoreNoise = NoiseScale.applies(noise) ? noise : 1;
		if (scoreNoise != 1) {
			float f = (float) (1 / scoreNoise);
			for (int q = 0; q < scorr.length; q++) scorr[q] *= f;
		}
		double cx = Coordinates.fitsX((w - 1) / 2.0), cy = Coordinates.fitsY((h - 1) / 2.0, h);
		int size = Math.max(pr.size(), pn.size());
		double[] psfD = Stamps.psfOfDifference(pr.at(cx, cy), pr.size(), pn.at(cx, cy), pn.size(), size, params);
		return new Subtraction(r, n, d, sc, scorr, dq, psfD, size, ratio, params.fluxD(), ax, ay, fb, tiling, pointScores, counts[0],
			counts[1], scoreNoise);
	}

	/**
	 * Only the flux ratio (and shift) of an image to a reference as {@link #run} fits or takes it
	 * (&beta; = 0 fits it): for coaddition, which weighs every image by its flux scale.
	 */
	public static FluxRatio fluxRatio(Epoch reference, Epoch image, Settings settings, Progress progress) {
		Settings s = settings.validate();
		return new Setup(reference, image, s).fluxRatio(s, progress);
	}

	/** The two images with their union of left-out pixels filled, the tiling, the output flags and the PSFs' spectra. */
	private static final class Setup {

		final Epoch r, n;
		final boolean constant;
		final Tiling tiling;
		final short[] union, dq;
		final Workspaces ws;
		final Psfs psfs;

		Setup(Epoch reference, Epoch newImage, Settings s) {
			union = Epoch.union(reference, newImage);
			r = reference.filled(union);
			n = newImage.filled(union);
			PsfField pr = r.psf(), pn = n.psf();
			constant = pr.isConstant() && pn.isConstant();
			int reach = (pr.size() + pn.size()) / 2;
			int halo = reach + reach / 2 + 2, w = r.width(), h = r.height();
			// constant PSFs: one grid for the whole image while it is small enough (fewer points than the overlapping
			// tiles, no blend), else tiles, which bound the memory
			int tile = s.tileSize > 0 ? s.tileSize : !constant ? VARIABLE_TILE : Tiling.oneGridPoints(w, h, halo) <= ONE_GRID_POINTS ? Math
				.max(w, h) : CONSTANT_TILE;
			int overlap = constant ? Math.max(4, reach / 4) : Math.max(reach, tile / 8);
			tiling = new Tiling(w, h, tile, overlap, halo);
			dq = flags(union, r.width(), r.height(), reach);
			ws = new Workspaces(tiling.gridX, tiling.gridY);
			psfs = new Psfs(pr, pn, tiling, ws);
		}

		FluxRatio fluxRatio(Settings s, Progress progress) {
			if (s.beta > 0 && !s.fitShift) return FluxRatio.given(s.beta, s.shiftX, s.shiftY);
			ZogyTile.Params p = new ZogyTile.Params(s.beta > 0 ? s.beta : 1, r.sigma(), n.sigma(), s.shiftX, -s.shiftY, 0, 0);
			FluxRatioFit.Images images = new FluxRatioFit.Images() {

				@Override
				public double[] compute(int t, ZogyTile.Params params, float[][] out) {
					ZogyTile z = ws.take();
					try {
						return z.fluxRatioImages(r, n, tiling.gridX0(t), tiling.gridY0(t), psfs.spectra(t, z), params, out);
					}
					finally {
						ws.give(z);
					}
				}

				@Override
				public double[] template(int t, ZogyTile.Params params) {
					return psfs.difference(t, params);
				}

				@Override
				public double[][] wings(int t, ZogyTile.Params params, int size) {
					return psfs.wings(t, params, size);
				}
			};
			int radius = Math.max(2, (int) Math.ceil(Math.max(Stamps.fwhm(psfs.centre(r.psf())), Stamps.fwhm(psfs.centre(n.psf())))));
			return FluxRatioFit.fit(tiling, images, dq, radius, p, s.beta == 0, s.fitShift, s.fitSnr, progress).flippedY();
		}
	}

	private static double finite(double v) {
		return Double.isFinite(v) ? v : 0;
	}

	/** Adds a tile's weighted outputs (grid layout) to the image's. */
	static void accumulate(Tiling t, int tile, float[][] grid, float[][] image) {
		int x0 = t.outX0(tile), x1 = t.outX1(tile), y0 = t.outY0(tile), y1 = t.outY1(tile);
		int gx0 = t.gridX0(tile), gy0 = t.gridY0(tile), gw = t.gridX, w = t.width;
		if (t.count() == 1) {
			// one tile, weight 1 everywhere onto zeros: a copy (0 + 1.0 v is v)
			Parallel.forRange(y1 - y0, 16, (r0, r1) -> {
				for (int y = y0 + r0; y < y0 + r1; y++) {
					for (int k = 0; k < grid.length; k++) System.arraycopy(grid[k], (y - gy0) * gw + (x0 - gx0), image[k], y * w + x0, x1 - x0);
				}
			});
			return;
		}
		double[] wx = t.weightsX(tile), wy = t.weightsY(tile);
		Parallel.forRange(y1 - y0, 16, (r0, r1) -> {
			for (int y = y0 + r0; y < y0 + r1; y++) {
				for (int x = x0; x < x1; x++) {
					double wt = wx[x - x0] * wy[y - y0];
					if (wt == 0) continue;
					int g = (y - gy0) * gw + (x - gx0), p = y * w + x;
					for (int k = 0; k < grid.length; k++) image[k][p] += (float) (wt * grid[k][g]);
				}
			}
		});
	}

	/**
	 * The DQ of the outputs: the left-out pixels' bits, and {@link Dq#EDGE} on the other pixels within
	 * {@code reach} (in x and y) of a left-out pixel or of the image's edge.
	 */
	static short[] flags(short[] leftOut, int w, int h, int reach) {
		short[] dq = leftOut.clone();
		// rows: distance along x to the nearest left-out pixel or edge, then columns
		boolean[] nearX = new boolean[w * h];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int[] nextAt = new int[w];
				int next = Integer.MAX_VALUE;
				for (int x = w - 1; x >= 0; x--) {
					if (leftOut[y * w + x] != 0) next = x;
					nextAt[x] = next;
				}
				int prev = Integer.MIN_VALUE / 2;
				for (int x = 0; x < w; x++) {
					if (leftOut[y * w + x] != 0) prev = x;
					nearX[y * w + x] = x - prev <= reach || (long) nextAt[x] - x <= reach || x < reach || x >= w - reach;
				}
			}
		});
		Parallel.forRange(w, 32, (x0, x1) -> {
			int[] nextAt = new int[h];
			for (int x = x0; x < x1; x++) {
				int next = Integer.MAX_VALUE;
				for (int y = h - 1; y >= 0; y--) {
					if (nearX[y * w + x]) next = y;
					nextAt[y] = next;
				}
				int prev = Integer.MIN_VALUE / 2;
				for (int y = 0; y < h; y++) {
					int p = y * w + x;
					if (nearX[p]) prev = y;
					boolean near = y - prev <= reach || (long) nextAt[y] - y <= reach || y < reach || y >= h - reach;
					if (near && leftOut[p] == 0) dq[p] = (short) (dq[p] | Dq.EDGE);
				}
			}
		});
		return dq;
	}

	/** {left-out pixels, edge-flagged pixels}. */
	private static int[] count(short[] dq, short[] leftOut) {
		int a = 0, b = 0;
		for (int p = 0; p < dq.length; p++) {
			if (leftOut[p] != 0) a++;
			else if (dq[p] != 0) b++;
		}
		return new int[] { a, b };
	}

	/** Grid workspaces, one per thread at a time; whichever a tile gets, its results are the same. */
	static final class Workspaces {

		private final int nx, ny;
		private final ConcurrentLinkedDeque<ZogyTile> free = new ConcurrentLinkedDeque<>();
		private final ThreadLocal<float[][]> outputs;

		Workspaces(int nx, int ny) {
			this.nx = nx;
			this.ny = ny;
			this.outputs = ThreadLocal.withInitial(() -> new float[0][]);
		}

		ZogyTile take() {
			ZogyTile z = free.poll();
			return z != null ? z : new ZogyTile(nx, ny);
		}

		void give(ZogyTile z) {
			free.push(z);
		}

		/** This thread's {@code count} grid-sized output arrays. */
		float[][] outputs(int count) {
			float[][] o = outputs.get();
			if (o.length != count) {
				o = new float[count][nx * ny];
				outputs.set(o);
			}
			return o;
		}

		<T> T with(java.util.function.Function<ZogyTile, T> f) {
			ZogyTile z = take();
			try {
				return f.apply(z);
			}
			finally {
				give(z);
			}
		}
	}

	/** The PSFs' packed spectra on the tile grid: once for constant PSFs, per tile otherwise. */
	static final class Psfs {

		private final PsfField pr, pn;
		private final Tiling tiling;
		private final double[] constant;

		Psfs(PsfField pr, PsfField pn, Tiling tiling, Workspaces ws) {
			this.pr = pr;
			this.pn = pn;
			this.tiling = tiling;
			this.constant = pr.isConstant() && pn.isConstant() ? ws.with(z -> spectraAt(z, 0)) : null;
		}

		double[] spectra(int tile, ZogyTile z) {
			return constant != null ? constant : spectraAt(z, tile);
		}

		/**
		 * The PSFs' spectra at a tile's centre and the noise terms' kernels ({@link NoiseKernels}, with the PSFs'
		 * error stamps when V_psf is on).
		 */
		ZogyTile.Kernels kernels(int tile, ZogyTile z, ZogyTile.Params p) {
			int t = constant != null ? 0 : tile;
			double x = Coordinates.fitsX(tiling.centreX(t)), y = Coordinates.fitsY(tiling.centreY(t), tiling.height);
			double[] er = p.errorR > 0 ? pr.error() : null, en = p.errorN > 0 ? pn.error() : null;
			NoiseKernels nk = NoiseKernels.of(pr.at(x, y), pr.size(), pn.at(x, y), pn.size(), er, en, p, tiling.halo);
			return new ZogyTile.Kernels(spectra(tile, z), nk);
		}

		private double[] spectraAt(ZogyTile z, int tile) {
			double x = Coordinates.fitsX(tiling.centreX(tile)), y = Coordinates.fitsY(tiling.centreY(tile), tiling.height);
			return z.psfSpectra(pr.at(x, y), pr.size(), pn.at(x, y), pn.size());
		}

		/** The PSF of D (and of the flux-ratio fit's images) at a tile's centre; one for constant PSFs. */
		double[] difference(int tile, ZogyTile.Params p) {
			double x = Coordinates.fitsX(tiling.centreX(constant != null ? 0 : tile));
			double y = Coordinates.fitsY(tiling.centreY(constant != null ? 0 : tile), tiling.height);
			int size = Math.max(pr.size(), pn.size());
			return Stamps.psfOfDifference(pr.at(x, y), pr.size(), pn.at(x, y), pn.size(), size, p);
		}

		/**
		 * {@link #difference}'s PSF on a size &times; size square and its wing directions ({@link
		 * Stamps#wingsOfDifference}); null unless both PSFs are fitted profiles: the directions are the
		 * tangents of the Moffat family, and an empirical (Lauer) model's errors are not along them (the
		 * bench's 4096&sup2; pair of Lauer models moved from +0.64 % to -1.11 % with them).
		 */
		double[][] wings(int tile, ZogyTile.Params p, int size) {
			if (!pr.isFittedProfile() || !pn.isFittedProfile()) return null;
			double x = Coordinates.fitsX(tiling.centreX(constant != null ? 0 : tile));
			double y = Coordinates.fitsY(tiling.centreY(constant != null ? 0 : tile), tiling.height);
			double[] a = pr.at(x, y), b = pn.at(x, y);
			double[][] u = Stamps.wingsOfDifference(a, pr.size(), b, pn.size(), size, p);
			return new double[][] { Stamps.psfOfDifference(a, pr.size(), b, pn.size(), size, p), u[0], u[1], u[2], u[3] };
		}

		/** The PSF at the image centre. */
		double[] centre(PsfField f) {
			return f.at(Coordinates.fitsX((tiling.width - 1) / 2.0), Coordinates.fitsY((tiling.height - 1) / 2.0, tiling.height));
		}
	}
}
