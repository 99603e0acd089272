package org.astrofiji.core.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.astrofiji.core.Parallel;
import org.junit.jupiter.api.Test;

/** Star frames: the flux where it belongs, noise of the stated size, box dips, determinism. */
class StarFrameTest {

	static StarFrame frame() {
		return new StarFrame(64, 48, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), 50, 2, 5, 11).star(20.3, 30.6, 1e5)
			.variable(44, 12.5, 2e4, new StarFrame.BoxDip(10, 20, 0.25));
	}

	@Test
	void idealFramesHoldTheStarsCountsAtTheirFitsPositions() {
		StarFrame f = frame();
		float[] img = f.ideal(0, 0, 0);
		double total = 0;
		for (float v : img) total += v - 50;
		assertEquals(1.2e5, total, 0.05);
		// FITS (20.3, 30.6) is memory (19.3, 48 - 30.6 = 17.4): the brightest pixel is (19, 17)
		int best = 0;
		for (int p = 0; p < img.length; p++) if (img[p] > img[best]) best = p;
		assertEquals(17 * 64 + 19, best);
		// during the dip the second star loses a quarter of its light; a shift moves everything
		double during = 0;
		for (float v : f.ideal(15, 0, 0)) during += v - 50;
		assertEquals(1e5 + 0.75 * 2e4, during, 0.05);
		float[] shifted = f.ideal(0, 2, -1);
		assertEquals(img[17 * 64 + 19], shifted[18 * 64 + 21], 1e-3);
		assertEquals(1, new StarFrame.BoxDip(10, 20, 0.25).factor(20), 0);
		assertEquals(0.75, new StarFrame.BoxDip(10, 20, 0.25).factor(10), 0);
	}

	@Test
	void noiseHasTheCcdVarianceAndFramesAreReproducible() {
		StarFrame f = new StarFrame(200, 200, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), 400, 2, 5, 3);
		float[] a = f.render(1, 0, 0, 0);
		double s = 0, s2 = 0;
		for (float v : a) {
			s += v;
			s2 += v * (double) v;
		}
		double mean = s / a.length, var = s2 / a.length - mean * mean;
		assertEquals(400, mean, 0.1);
		assertEquals((400 * 2 + 25) / 4.0, var, 0.02 * 206);
		assertEquals(Math.sqrt((400 * 2 + 25) / 4.0), f.error(0, 0, 0)[0], 1e-4);
		int threads = Parallel.threads();
		try {
			Parallel.setThreads(1);
			float[] b = f.render(1, 0, 0, 0);
			assertArrayEquals(a, b);
		}
		finally {
			Parallel.setThreads(threads);
		}
		float[] c = f.render(2, 0, 0, 0);
		int same = 0;
		for (int p = 0; p < a.length; p++) if (a[p] == c[p]) same++;
		assertEquals(0, same, a.length / 20.0, "another frame has other noise");
		assertThrows(IllegalArgumentException.class, () -> new StarFrame.BoxDip(5, 5, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new StarFrame(10, 10, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), 1, 0, 1, 1));
	}
}
