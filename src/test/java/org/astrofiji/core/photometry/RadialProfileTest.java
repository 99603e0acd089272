package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/** Radial profiles against the seed's loop on a simulated galaxy, and curves of growth against a Gaussian's. */
class RadialProfileTest {

	static final int W = 240, H = 200;

	/** An elliptical Moffat "galaxy" (FWHM 10 px, ellipticity 0.3) with noise and a few NaN pixels. */
	static float[] galaxy() {
		StarFrame g = new StarFrame(W, H, new Psf(Psf.Kind.MOFFAT, 10, 0.3, 0.5), 80, 2, 5, 21).star(120.37, 95.81, 5e5);
		float[] img = g.render(0, 0, 0, 0);
		for (int k = 0; k < 40; k++) img[(60 + 2 * k) * W + 90 + 3 * k] = Float.NaN;
		return img;
	}

	/** The seed's loop, axes corrected: every pixel (FITS x, y) with inner < r < outer by its centre. */
	static void seedLoop(float[] img, double xc, double yc, double[] edges, int[] count, double[] sum, int[] nan) {
		for (int fy = 1; fy <= H; fy++) {
			for (int fx = 1; fx <= W; fx++) {
				double dx = fx - xc, dy = fy - yc, r = Math.sqrt(dx * dx + dy * dy);
				float v = img[(int) Coordinates.memoryY(fy, H) * W + (int) Coordinates.memoryX(fx)];
				for (int k = 0; k + 1 < edges.length; k++) {
					if (edges[k] < r && r < edges[k + 1]) {
						if (Float.isNaN(v)) nan[k]++;
						else {
							count[k]++;
							sum[k] += v;
						}
					}
				}
			}
		}
	}

	@Test
	void ringsEqualTheSeedLoopOnASimulatedGalaxy() {
		float[] img = galaxy();
		Pixels px = Pixels.of(img, W, H);
		// a fractional centre with a step, and an integer centre where pixel centres fall on the edges
		double[][] cases = { { 120.37, 95.81 }, { 120, 96 } };
		double[][] edgeSets = { RadialProfile.edges(0, 60, 2.5), { 0, 1, 2, 3, 5, 8, 13, 21, 34, 55 } };
		for (double[] c : cases) {
			for (double[] edges : edgeSets) {
				int m = edges.length - 1;
				int[] count = new int[m], nan = new int[m];
				double[] sum = new double[m];
				seedLoop(img, c[0], c[1], edges, count, sum, nan);
				RadialProfile p = RadialProfile.measure(px, c[0], c[1], edges, 0);
				String what = "centre " + Arrays.toString(c) + " edges " + Arrays.toString(edges);
				assertEquals(m, p.rings().size());
				int nanTotal = 0;
				for (int k = 0; k < m; k++) {
					RadialProfile.Ring r = p.rings().get(k);
					assertEquals(count[k], r.pixels, what + " ring " + k);
					assertEquals(nan[k], r.nanPixels, what + " ring " + k);
					assertEquals(sum[k], r.sum, 1e-12 * Math.abs(sum[k]), what + " ring " + k);
					if (count[k] == 0) assertTrue(Double.isNaN(r.mean));
					else assertEquals(sum[k] / count[k], r.mean, 1e-12 * Math.abs(sum[k] / count[k]));
					nanTotal += nan[k];
				}
				assertTrue(nanTotal > 0, "some NaN pixels are in the rings");
			}
		}
		// pixels exactly on an edge (3-4-5 triangles at r = 5) are in neither ring
		RadialProfile p = RadialProfile.measure(px, 120, 96, new double[] { 4, 5, 6 }, 0);
		int[] count = new int[2];
		seedLoop(img, 120, 96, new double[] { 4, 5, 6 }, count, new double[2], new int[2]);
		assertEquals(count[0], p.rings().get(0).pixels);
		int onEdge = 12; // (+-5, 0), (0, +-5), (+-3, +-4), (+-4, +-3)
		int within4to6 = 0;
		for (int j = -6; j <= 6; j++) for (int i = -6; i <= 6; i++) if (i * i + j * j > 16 && i * i + j * j < 36) within4to6++;
		assertEquals(within4to6 - onEdge, p.rings().get(0).pixels + p.rings().get(1).pixels);
	}

	/** Annuli placed one by one (own centres, gaps and overlaps): each equals the seed loop around its own centre. */
	@Test
	void annuliWithTheirOwnCentresEqualTheSeedLoop() {
		float[] img = galaxy();
		double[] x = { 120.4, 120.9, 119.6 }, y = { 95.8, 96.2, 95.1 }, in = { 2, 5, 4 }, out = { 6, 9, 12 };
		RadialProfile p = RadialProfile.annuli(Pixels.of(img, W, H), x, y, in, out, 80);
		for (int k = 0; k < 3; k++) {
			int[] count = new int[1], nan = new int[1];
			double[] sum = new double[1];
			seedLoop(img, x[k], y[k], new double[] { in[k], out[k] }, count, sum, nan);
			RadialProfile.Ring r = p.rings().get(k);
			assertEquals(count[0], r.pixels, "annulus " + k);
			assertEquals(sum[0] - 80 * count[0], r.sum, 1e-9 * Math.abs(sum[0]));
			assertEquals(x[k], r.x, 0);
			assertEquals(y[k], r.y, 0);
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RadialProfile.annuli(Pixels.of(img, W, H),
			new double[] { 1 }, new double[] { 1 }, new double[] { 5 }, new double[] { 5 }, 0));
		assertTrue(e.getMessage().contains("inner_radius must be smaller than outer_radius"), e.getMessage());
	}

	@Test
	void skyErrorsAndTable() {
		float[] img = new float[W * H];
		Arrays.fill(img, 10);
		float[] err = new float[W * H];
		Arrays.fill(err, 2);
		RadialProfile p = RadialProfile.measure(Pixels.of(img, W, H).withErr(err), 100.5, 100.5, new double[] { 0, 3, 6 }, 4);
		RadialProfile.Ring r = p.rings().get(1);
		assertEquals(6 * r.pixels, r.sum, 1e-9);
		assertEquals(6, r.mean, 1e-12);
		assertEquals(2 * Math.sqrt(r.pixels), r.sumError, 1e-9);
		assertEquals(2 / Math.sqrt(r.pixels), r.meanError, 1e-12);
		RadialProfile q = RadialProfile.measure(Pixels.of(img, W, H), 100.5, 100.5, new double[] { 0, 3, 6 }, 0);
		assertEquals(0, q.rings().get(1).meanError, 0, "no scatter, no error");
		Table t = p.table("profile");
		assertEquals(Arrays.asList("radius", "inner", "outer", "pixels", "sum", "sum_err", "mean", "mean_err", "nan_pixels",
			"bad_pixels", "x", "y"), t.columns());
		assertEquals(100.5, t.getDouble(1, "x"), 0);
		assertEquals(4.5, t.getDouble(1, "radius"), 0);
		assertArrayEquals(new double[] { 1.5, 4.5 }, p.plot("profile").series().get(0).x, 0);
		assertArrayEquals(new double[] { 0, 2.5, 5, 7.5, 10, 11 }, RadialProfile.edges(0, 11, 2.5), 1e-12);
		assertThrows(IllegalArgumentException.class, () -> RadialProfile.edges(5, 5, 1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RadialProfile.measure(Pixels.of(img, W, H),
			1, 1, new double[] { 0, 5, 5 }, 0));
		assertTrue(e.getMessage().contains("radii must increase"), e.getMessage());
	}

	@Test
	void curveOfGrowthFollowsTheGaussiansEnclosedLight() {
		double fwhm = 4, sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2))), counts = 1e5;
		StarFrame f = new StarFrame(W, H, new Psf(Psf.Kind.GAUSSIAN, fwhm, 0, 0), 50, 2, 5, 1).star(101.3, 99.6, counts);
		Pixels px = Pixels.of(f.ideal(0, 0, 0), W, H);
		double[] radii = { 1, 2, 3, 4, 6, 8, 12 };
		Table cog = RadialProfile.curveOfGrowth(px, 101.3, 99.6, radii, 50, Overlap.exact(), "cog");
		for (int k = 0; k < radii.length; k++) {
			// the Gaussian's enclosed light 1 - exp(-r^2 / 2 s^2), its variance grown by two pixel boxes (1/12 each): the
			// rendering integrates over pixels and the aperture takes each pixel as uniform
			double s2 = sigma * sigma + 2 / 12.0, ee = 1 - Math.exp(-radii[k] * radii[k] / (2 * s2));
			assertEquals(ee, cog.getDouble(k, "net") / counts, 0.004, "r = " + radii[k]);
			assertEquals(Math.PI * radii[k] * radii[k], cog.getDouble(k, "area_used"), 1e-9);
		}
		assertEquals(1, cog.getDouble(radii.length - 1, "fraction"), 0);
		assertEquals(counts, cog.getDouble(radii.length - 1, "net"), 1e-3 * counts);
	}

	@Test
	void aperturesBeyondTheImageAreTheWholeImage() {
		// issue 11 campaign: outer_radius=99999 made 99999 apertures over the whole image (16 s on 96x96); they share one sum
		float[] img = new float[20 * 15];
		for (int i = 0; i < img.length; i++) img[i] = i % 7;
		Pixels px = Pixels.of(img, 20, 15);
		double[] radii = new double[100_000];
		for (int k = 0; k < radii.length; k++) radii[k] = k + 1;
		Table cog = RadialProfile.curveOfGrowth(px, 4.2, 11.7, radii, 0.5, Overlap.exact(), "cog");
		for (int k : new int[] { 0, 5, 16, 17, 18, 30, 99_999 }) {
			PhotometrySettings one = new PhotometrySettings();
			one.apertures = List.of(Aperture.circle(radii[k]));
			one.annulus = null;
			one.sky = Sky.Method.NONE;
			one.overlap = Overlap.exact();
			Measurement m = AperturePhotometry.measure(px, Target.at("", 4.2, 11.7), one);
			assertEquals(m.sum[0], cog.getDouble(k, "sum"), 0, "r = " + radii[k]);
			assertEquals(m.areaUsed[0], cog.getDouble(k, "area_used"), 0, "r = " + radii[k]);
		}
		assertEquals(300, cog.getDouble(99_999, "area_used"), 0);
	}
}
