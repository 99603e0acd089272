package org.astrofiji.core.subtraction;

import java.util.List;

/**
 * The wing correction of the flux-ratio fit's templates: how far each image's PSF model is off, along the
 * two directions of {@link Stamps#wingsOfDifference} (a stretch and an index change of the model), the
 * new model's fitted to the bright stars of D<sub>n</sub>, the reference's to those of D<sub>r</sub>, the
 * stars' amplitudes free and each image's two coefficients common to all its stars. The template fit alone follows the models' cores: a Moffat index off by
 * a few per cent made &beta; 1-6 % off. Directions of zero sum move light between core and wings without
 * changing a star's flux, so the amplitudes of the corrected templates are fluxes again.
 * <p>
 * Each star's pixels within {@link #FIT} template radii count, less the mean of the annulus out to
 * {@link #RING} radii (the same annulus is taken off the model, so the local background is consistent);
 * the fit alternates between the amplitudes (given the coefficients) and the coefficients (given the
 * amplitudes).
 */
final class WingFit {

	/** Fit radius and the background annulus' outer radius, in template radii. */
	static final int FIT = 2, RING = 3;
	private static final int ROUNDS = 30;
	static final double DEGENERATE = 0.995;

	/** One bright star: its pixels out to RING radii (odd square) in D<sub>n</sub> and D<sub>r</sub>, and its tile's models. */
	static final class Star {

		final float[] dn, dr;
		final Models models;

		Star(float[] dn, float[] dr, Models models) {
			this.dn = dn;
			this.dr = dr;
			this.models = models;
		}
	}

	/** A tile's template and wing directions on the star's square: {T, n stretch, n index, r stretch, r index}. */
	static final class Models {

		final double[][] stamps;
		final int side;

		Models(double[][] stamps) {
			this.stamps = stamps;
			this.side = (int) Math.round(Math.sqrt(stamps[0].length));
		}
	}

	private WingFit() {}

	/**
	 * The coefficients {n stretch, n index, r stretch, r index}, or null where an image's two directions
	 * are one (their correlation over the stars' pixels above {@link #DEGENERATE}: a Gaussian model, whose
	 * index direction is its stretch, has no wings to correct).
	 *
	 * @param r the template radius (pixels); stars' squares have side 2 RING r + 1
	 */
	static double[] fit(List<Star> stars, int r) {
		double[] eps = new double[4];
		double[] en = fitImage(stars, r, true), er = fitImage(stars, r, false);
		if (en == null || er == null) return null;
		eps[0] = en[0];
		eps[1] = en[1];
		eps[2] = er[0];
		eps[3] = er[1];
		return eps;
	}

	private static double[] fitImage(List<Star> stars, int r, boolean isN) {
		int n = stars.size(), ro = RING * r, side = 2 * ro + 1, rf = FIT * r;
		// the region's pixel indices, the annulus' too
		int[] region = new int[side * side], ring = new int[side * side];
		int nRegion = 0, nRing = 0;
		for (int j = -ro; j <= ro; j++) {
			for (int i = -ro; i <= ro; i++) {
				int d2 = i * i + j * j, k = (j + ro) * side + i + ro;
				if (d2 <= rf * rf) region[nRegion++] = k;
				else if (d2 <= ro * ro) ring[nRing++] = k;
			}
		}
		double[][] d = new double[n][], t = new double[n][], u1 = new double[n][], u2 = new double[n][];
		int a = isN ? 1 : 3;
		for (int s = 0; s < n; s++) {
			Star st = stars.get(s);
			d[s] = inRegion(isN ? st.dn : st.dr, side, side, region, nRegion, ring, nRing);
			double[][] m = st.models.stamps;
			t[s] = inRegion(m[0], st.models.side, side, region, nRegion, ring, nRing);
			u1[s] = inRegion(m[a], st.models.side, side, region, nRegion, ring, nRing);
			u2[s] = inRegion(m[a + 1], st.models.side, side, region, nRegion, ring, nRing);
		}
		double e1 = 0, e2 = 0;
		double[] amp = new double[n];
		for (int round = 0; round < ROUNDS; round++) {
			for (int s = 0; s < n; s++) {
				double dm = 0, mm = 0;
				for (int k = 0; k < nRegion; k++) {
					double m = t[s][k] + e1 * u1[s][k] + e2 * u2[s][k];
					dm += d[s][k] * m;
					mm += m * m;
				}
				amp[s] = dm / mm;
			}
			double g11 = 0, g12 = 0, g22 = 0, h1 = 0, h2 = 0;
			for (int s = 0; s < n; s++) {
				double a2 = amp[s] * amp[s];
				for (int k = 0; k < nRegion; k++) {
					double res = d[s][k] - amp[s] * t[s][k];
					g11 += a2 * u1[s][k] * u1[s][k];
					g12 += a2 * u1[s][k] * u2[s][k];
					g22 += a2 * u2[s][k] * u2[s][k];
					h1 += amp[s] * u1[s][k] * res;
					h2 += amp[s] * u2[s][k] * res;
				}
			}
			if (!(Math.abs(g12) < DEGENERATE * Math.sqrt(g11 * g22))) return null;
			double[] inv = FluxRatioFit.invert(new double[] { g11, g12, g12, g22 }, 2);
			if (inv == null) return null;
			double n1 = inv[0] * h1 + inv[1] * h2, n2 = inv[2] * h1 + inv[3] * h2;
			boolean done = Math.abs(n1 - e1) < 1e-6 * (1 + Math.abs(n1)) && Math.abs(n2 - e2) < 1e-6 * (1 + Math.abs(n2));
			e1 = n1;
			e2 = n2;
			if (done) break;
		}
		return new double[] { e1, e2 };
	}

	/** A square (of side {@code size}, centred) read over the region's pixels of a square of side {@code side}, less its annulus mean. */
	private static double[] inRegion(Object square, int size, int side, int[] region, int nRegion, int[] ring, int nRing) {
		int off = (size - side) / 2;
		double[] v = new double[nRegion];
		double ringSum = 0;
		for (int k = 0; k < nRing; k++) ringSum += value(square, size, side, off, ring[k]);
		double bg = ringSum / nRing;
		for (int k = 0; k < nRegion; k++) v[k] = value(square, size, side, off, region[k]) - bg;
		return v;
	}

	private static double value(Object square, int size, int side, int off, int k) {
		int i = k % side + off, j = k / side + off;
		if (i < 0 || j < 0 || i >= size || j >= size) return 0;
		return square instanceof float[] ? ((float[]) square)[j * size + i] : ((double[]) square)[j * size + i];
	}
}
