package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.astrofiji.core.Progress;
import org.astrofiji.core.image.Dq;
import org.junit.jupiter.api.Test;

/** Hot pixels from darks and dead pixels from flats on synthetic masters whose defects are known. */
class BadPixelsTest {

	static final int W = 128, H = 96;

	static Set<Integer> flagged(BadPixels b, int bit) {
		Set<Integer> s = new TreeSet<>();
		for (int p = 0; p < b.flags.length; p++) if ((b.flags[p] & bit) != 0) s.add(p);
		return s;
	}

	/**
	 * A dark with read noise (sigma 2 ADU), an amplifier glow in a corner 40 ADU high, and 30 hot pixels
	 * 16 to 500 ADU above it (two of them side by side): exactly the hot pixels are flagged, none of
	 * the glow, which a threshold over the frame's median would flag by the hundred.
	 */
	@Test
	void hotPixelsStandOutOfTheirNeighbourhoodNotTheFrame() {
		Random r = new Random(3);
		float[] dark = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) dark[y * W + x] = (float) (5 + 40 * Math.exp(-Math.hypot(x, y) / 12) + 2 * r.nextGaussian());
		}
		Set<Integer> hot = new TreeSet<>();
		int first = 0;
		for (int i = 0; i < 30; i++) {
			int p = i == 29 ? first + 1 : r.nextInt(W * H); // the last one next to the first: a pair
			if (i == 0) first = p;
			dark[p] += (float) (16 * Math.exp(i / 29.0 * Math.log(500 / 16.0)));
			hot.add(p);
		}
		BadPixels b = new BadPixels(W, H).flagHot(dark, 5, "test dark");
		assertEquals(hot, flagged(b, Dq.HOT));
		assertEquals(hot.size(), b.hot());
		assertEquals(0, b.dead());
		assertTrue(b.notes().get(0).startsWith("hot: " + hot.size() + " pixels of test dark more than 5 sigma = "), b.notes().get(0));
		// the same threshold over the whole frame: the glow would be "hot"
		double[] cs = BadPixels.robustCentreAndSpread(dark);
		int glow = 0;
		for (int p = 0; p < dark.length; p++) if (!hot.contains(p) && dark[p] > cs[0] + 5 * cs[1]) glow++;
		assertTrue(glow > 100, "glow pixels above a frame-wide threshold: " + glow);
	}

	/**
	 * A dark quantized to whole counts with almost no noise (90 % zeros, 10 % ones, so the MAD is 0)
	 * and three hot pixels of 8 counts: the spread falls back to the clipped standard deviation and
	 * only the three are flagged, not the ones.
	 */
	@Test
	void aQuantizedNoiselessDarkFlagsOnlyItsHotPixels() {
		Random r = new Random(5);
		float[] dark = new float[W * H];
		for (int p = 0; p < dark.length; p++) dark[p] = r.nextDouble() < 0.1 ? 1 : 0;
		Set<Integer> hot = Set.of(100, 5000, 9000);
		for (int p : hot) dark[p] = 8;
		assertEquals(Math.sqrt(0.1), BadPixels.robustCentreAndSpread(dark)[1], 0.01); // rms about the median 0
		assertEquals(new TreeSet<>(hot), flagged(new BadPixels(W, H).flagHot(dark, 5, "d"), Dq.HOT));
	}

	/**
	 * A flat with vignetting (to 0.75 in the corners), 0.5 % pixel noise, a dust ring 6 % deep, a NaN, and
	 * dead pixels: a single one at 0.1, a column segment at 0.3, a 2x2 cluster at 0.45 and a zero; a
	 * pixel at 0.6 of its neighbours is left alone at dead_fraction 0.5.
	 */
	@Test
	void deadPixelsAreBelowAFractionOfTheirNeighbours() {
		Random r = new Random(7);
		float[] flat = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				double q = Math.hypot(x - W / 2.0, y - H / 2.0) / Math.hypot(W / 2.0, H / 2.0);
				double ring = Math.abs(Math.hypot(x - 90, y - 30) - 8) < 1.5 ? 0.94 : 1;
				flat[y * W + x] = (float) ((1 - 0.25 * q * q) * ring * (1 + 0.005 * r.nextGaussian()));
			}
		}
		Set<Integer> dead = new TreeSet<>();
		dead.add(set(flat, 10, 10, 0.1));
		for (int y = 40; y < 60; y++) dead.add(set(flat, 70, y, 0.3));
		for (int y = 20; y < 22; y++) for (int x = 30; x < 32; x++) dead.add(set(flat, x, y, 0.45));
		dead.add(set(flat, 120, 90, 0));
		set(flat, 50, 80, 0.6);
		flat[5 * W + 100] = Float.NaN;
		BadPixels b = new BadPixels(W, H).flagDead(flat, 0.5, "master_flat_V");
		assertEquals(dead, flagged(b, Dq.DEAD));
		assertEquals(dead.size(), b.dead());
		assertEquals("dead: 26 pixels of master_flat_V below 0.5 x their 7x7 median", b.notes().get(0));
	}

	static int set(float[] flat, int x, int y, double fraction) {
		int p = y * W + x;
		flat[p] *= (float) fraction;
		return p;
	}

	/** Keeps the products in memory. */
	static final class Kept implements MasterCalibration.Sink {

		final List<Reduced> reduced = new ArrayList<>();
		BadPixels bad;

		@Override
		public void master(Master m) {}

		@Override
		public RowSource reduced(Reduced r) {
			reduced.add(r);
			return null;
		}

		@Override
		public void combined(String label, String filter, CombineResult r, List<String> inputs) {}

		@Override
		public void badPixels(BadPixels b) {
			bad = b;
		}
	}

	static Frame frame(String name, float[] pixels, double exptime) {
		return new Frame(name, RowSource.of(name, pixels, W, H), exptime, "V");
	}

	/**
	 * Through the recipe: a hot pixel of the 120 s master dark and a dead pixel of the flat are flagged
	 * in the science frame's DQ; the hot pixel keeps its dark-subtracted value. With hot_sigma and
	 * dead_fraction 0 nothing is looked for.
	 */
	@Test
	void theRecipeFlagsEveryReducedFrame() throws Exception {
		Random r = new Random(11);
		int hotPixel = 40 * W + 50, deadPixel = 70 * W + 20;
		List<Frame> bias = new ArrayList<>(), darks = new ArrayList<>(), flats = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			float[] b = new float[W * H], d = new float[W * H], f = new float[W * H];
			for (int p = 0; p < b.length; p++) {
				b[p] = (float) Math.rint(1000 + 3 * r.nextGaussian());
				d[p] = (float) Math.rint(1000 + 12 + 3 * r.nextGaussian() + (p == hotPixel ? 600 : 0));
				f[p] = (float) Math.rint(1000 + 20000 * (p == deadPixel ? 0.2 : 1) + 3 * r.nextGaussian());
			}
			bias.add(frame("bias" + i, b, 0));
			darks.add(frame("dark" + i, d, 120));
			flats.add(frame("flat" + i, f, 1));
		}
		float[] sci = new float[W * H];
		for (int p = 0; p < sci.length; p++) sci[p] = 1000 + 6 + 500 + (p == hotPixel ? 300 : 0);
		MasterCalibration.Settings s = new MasterCalibration.Settings();
		Kept out = new Kept();
		MasterCalibration.Result res = MasterCalibration.run(bias, darks, flats, List.of(frame("sci", sci, 60)), s, out,
			Progress.NONE);
		assertSame(res.badPixels, out.bad);
		assertEquals(Set.of(hotPixel), flagged(out.bad, Dq.HOT));
		assertEquals(Set.of(deadPixel), flagged(out.bad, Dq.DEAD));
		assertTrue(out.bad.notes().get(0).contains("of master_dark_120s x 0.5 (dark current in 60s)"), out.bad.notes().get(0));
		Reduced red = out.reduced.get(0);
		assertEquals(Dq.HOT, red.dq[hotPixel]);
		assertEquals(Dq.DEAD, red.dq[deadPixel]);
		for (int p = 0; p < red.dq.length; p++) if (p != hotPixel && p != deadPixel) assertEquals(0, red.dq[p], "pixel " + p);
		// the hot pixel's value is the calibrated one: its dark current (300 in 60 s) taken off like everyone's
		assertEquals(500, red.value[hotPixel], 15);
		assertEquals("bad_pixels", res.summary.getString(res.summary.rowCount() - 1, "file"));

		s.hotSigma = 0;
		s.deadFraction = 0;
		Kept none = new Kept();
		assertNull(MasterCalibration.run(bias, darks, flats, List.of(frame("sci", sci, 60)), s, none, Progress.NONE).badPixels);
		assertNull(none.bad);
		assertEquals(0, none.reduced.get(0).dq[hotPixel]);
		s.deadFraction = 1;
		assertEquals("dead_fraction must be in [0, 1) (0: no dead pixels flagged), got 1.0", assertThrows(
			IllegalArgumentException.class, () -> MasterCalibration.run(bias, darks, flats, List.of(), s, none, Progress.NONE))
				.getMessage());
	}
}
