package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/**
 * The registration detector against the simulator's truth: centres of isolated stars, what it leaves
 * out (blends, a cosmic-ray-like spike, a saturated flat top, DQ-flagged and edge stars), the ranking,
 * the same list for any thread count, and no list (the full detection's turn) for a faint frame.
 */
class BrightStarsTest {

	static final int W = 400, H = 300;

	/** 120 stars on a 15 px grid jittered (isolated), fluxes 5e3-3e5, Moffat FWHM 3, sky 200. */
	static final class Field {
		final List<double[]> truth = new ArrayList<>();
		float[] pixels;
	}

	static Field field(double countsScale) {
		SplittableRandom r = new SplittableRandom(5);
		StarFrame f = new StarFrame(W, H, new Psf(Psf.Kind.MOFFAT, 3, 0, 0), 200, 1.5, 6, 3);
		Field out = new Field();
		for (int j = 0; j < 10; j++) {
			for (int i = 0; i < 12; i++) {
				double x = 20 + 32 * i + r.nextDouble(-4, 4), y = 18 + 28 * j + r.nextDouble(-4, 4);
				double c = countsScale * Math.exp(r.nextDouble(Math.log(5e3), Math.log(3e5)));
				f.star(x, y, c);
				out.truth.add(new double[] { x, y, c });
			}
		}
		out.pixels = f.render(0, 0, 0, 0);
		return out;
	}

	@Test
	void isolatedStarsAreFoundAtTheirTrueCentresBrightestFirst() {
		Field f = field(1);
		StarList s = BrightStars.detect(f.pixels, null, W, H, 300);
		assertNotNull(s);
		// stars within 8 px of an edge may be left out (their window would leave the image); the others are all found
		int inner = 0;
		for (double[] t : f.truth) if (t[0] > 9 && t[0] < W - 8 && t[1] > 9 && t[1] < H - 8) inner++;
		assertTrue(s.size() >= inner - 2 && s.size() <= f.truth.size(), s.size() + " stars of " + inner + " away from the edges");
		double worst = 0;
		for (int i = 0; i < s.size(); i++) {
			double[] t = nearest(f.truth, s.x(i), s.y(i));
			double d = Math.hypot(t[0] - s.x(i), t[1] - s.y(i));
			worst = Math.max(worst, d);
			if (i > 0) assertTrue(s.flux(i) <= s.flux(i - 1), "brightest first");
		}
		assertTrue(worst < 0.15, "worst centre off by " + worst + " px");
		// the brightest found is the brightest true star (fluxes spread over 1.8 decades)
		double[] top = nearest(f.truth, s.x(0), s.y(0));
		double max = 0;
		for (double[] t : f.truth) if (t[0] > 9 && t[0] < W - 8 && t[1] > 9 && t[1] < H - 8) max = Math.max(max, t[2]);
		assertEquals(max, top[2], 0);
	}

	@Test
	void spikesFlatTopsBlendsAndFlaggedStarsAreLeftOut() {
		Field f = field(1);
		float[] p = f.pixels.clone();
		// a one-pixel spike far from the stars, a saturated (clipped) star, a close pair
		int spike = mem(196, 172); // the middle of a cell of the star grid
		p[spike] = 20000;
		double[] sat = f.truth.get(50);
		int c = mem(sat[0], sat[1]);
		float ceiling = 0.6f * p[c];
		for (int y = -3; y <= 3; y++) for (int x = -3; x <= 3; x++) p[c + y * W + x] = Math.min(p[c + y * W + x], ceiling);
		double[] a = f.truth.get(70);
		StarFrame pair = new StarFrame(W, H, new Psf(Psf.Kind.MOFFAT, 3, 0, 0), 0, 1e6, 0, 4);
		pair.star(a[0] + 4.5, a[1], a[2]);
		float[] extra = pair.ideal(0, 0, 0);
		for (int q = 0; q < p.length; q++) p[q] += extra[q];
		short[] dq = new short[W * H];
		double[] bad = f.truth.get(30);
		dq[mem(bad[0] + 2, bad[1])] = Dq.HOT;

		StarList s = BrightStars.detect(p, dq, W, H, 300);
		for (int i = 0; i < s.size(); i++) {
			for (double[] gone : new double[][] { sat, a, { a[0] + 4.5, a[1] }, bad, { Coordinates.fitsX(spike % W), Coordinates.fitsY(spike / W, H) } }) {
				assertTrue(Math.hypot(s.x(i) - gone[0], s.y(i) - gone[1]) > 2, "found a star at " + s.x(i) + ", " + s.y(i) +
					" that should be left out");
			}
		}
		// without the DQ the flagged star is back
		StarList all = BrightStars.detect(p, null, W, H, 300);
		boolean back = false;
		for (int i = 0; i < all.size(); i++) back |= Math.hypot(all.x(i) - bad[0], all.y(i) - bad[1]) < 0.2;
		assertTrue(back, "the star next to the hot pixel is found without the DQ");
	}

	@Test
	void theListIsTheSameForAnyThreadCountAndCapped() {
		Field f = field(1);
		int saved = Parallel.threads();
		StarList one, four;
		try {
			Parallel.setThreads(1);
			one = BrightStars.detect(f.pixels, null, W, H, 40);
			Parallel.setThreads(4);
			four = BrightStars.detect(f.pixels, null, W, H, 40);
		}
		finally {
			Parallel.setThreads(saved);
		}
		assertEquals(40, one.size());
		assertEquals(one.size(), four.size());
		for (int i = 0; i < one.size(); i++) {
			assertArrayEquals(new double[] { one.x(i), one.y(i), one.flux(i) }, new double[] { four.x(i), four.y(i), four.flux(i) }, 0);
		}
	}

	@Test
	void faintFramesAndFramesWithoutDataGiveNoList() {
		// 300x fainter: filtered peaks under 20 sigma, short of the 10 bright stars the selection needs
		assertNull(BrightStars.detect(field(0.003).pixels, null, W, H, 300));
		float[] nan = new float[W * H];
		java.util.Arrays.fill(nan, Float.NaN);
		assertNull(BrightStars.detect(nan, null, W, H, 300));
		// and StarList.detect then runs the full detection, which finds the faint stars
		assertTrue(StarList.detect(field(0.003).pixels, W, H).size() > 0);
	}

	private static int mem(double fx, double fy) {
		return Coordinates.memoryIndex(fx, fy, W, H);
	}

	private static double[] nearest(List<double[]> truth, double x, double y) {
		double[] best = null;
		double d = Double.POSITIVE_INFINITY;
		for (double[] t : truth) {
			double e = Math.hypot(t[0] - x, t[1] - y);
			if (e < d) {
				d = e;
				best = t;
			}
		}
		return best;
	}
}
