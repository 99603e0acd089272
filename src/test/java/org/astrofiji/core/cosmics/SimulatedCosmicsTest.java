package org.astrofiji.core.cosmics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.core.stats.MedianFilter.Border;
import org.astrofiji.testutil.MemoryNight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * L.A.Cosmic on simulated raw science frames whose cosmic rays are known (singles, clumps and
 * tracks on a star field, truth/crmask_*): recall >= 95 % and precision >= 90 % of the cosmic-ray
 * pixels, and no star core flagged. As an observer would run it: gain, read noise and saturation
 * from the frame's header, the hot pixels known from darks as bad pixels (a single raw frame cannot
 * tell them from cosmic rays), reflected borders (astroscrappy's copied border band makes stars 3
 * pixels from the edge look like cosmic rays; see LaCosmicTest).
 */
class SimulatedCosmicsTest {

	static MemoryNight night;
	static final int SIZE = 512;

	@BeforeAll
	static void simulate() throws Exception {
		SimulationSettings s = new SimulationSettings();
		s.width = s.height = SIZE;
		s.stars = 200;
		s.cosmics = 60;
		s.filters = new ArrayList<>(List.of("B", "V", "R"));
		s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
		s.scienceFrames = 1;
		night = MemoryNight.simulate(s);
	}

	/** Hot pixels: dark current far above the mean (what a master dark shows). */
	static byte[] hotPixels() {
		float[] dark = night.image("truth/dark_current");
		byte[] bad = new byte[dark.length];
		int n = 0;
		for (int i = 0; i < dark.length; i++) {
			if (dark[i] > 0.5) {
				bad[i] = 1;
				n++;
			}
		}
		assertTrue(n > 10, "the simulator makes hot pixels");
		return bad;
	}

	static LaCosmic.Settings fromHeader(Map<String, Object> h) {
		LaCosmic.Settings s = new LaCosmic.Settings();
		s.gain = ((Number) h.get("GAIN")).doubleValue();
		s.readNoise = ((Number) h.get("RDNOISE")).doubleValue();
		s.satLevel = ((Number) h.get("SATURATE")).doubleValue() * s.gain;
		return s;
	}

	@Test
	void laCosmicFindsTheSimulatedCosmicRaysAndNoStar() {
		check(Border.REFLECT);
	}

	/** With astroscrappy's own borders: the same away from the border band (4 pixels along the edges). */
	@Test
	void withAstroscrappysBordersOnlyStarsAtTheEdgeAreFlagged() {
		check(Border.COPY);
	}

	static void check(Border border) {
		byte[] hot = hotPixels();
		Table stars = night.tables.get("truth/stars");
		int frames = 0, totalTruth = 0, totalFound = 0, totalFlagged = 0;
		for (String f : List.of("B", "V", "R")) {
			String name = "science_" + f + "_001";
			float[] raw = night.image(name);
			byte[] truth = asMask(night.image("truth/crmask_" + name));
			LaCosmic.Settings s = fromHeader(night.headers.get(name));
			s.badPixels = hot;
			s.border = border;
			CosmicRayMask r = LaCosmic.run(raw, SIZE, SIZE, s, Progress.NONE);
			int tp = 0, nTruth = 0, nTruthOk = 0, tpOk = 0, flagged = 0;
			for (int i = 0; i < truth.length; i++) {
				// with copied borders, the band of 4 pixels along the edges is left out of the counts
				if (border == Border.COPY && edge(i) <= 4) continue;
				boolean t = truth[i] != 0, m = r.mask()[i] != 0;
				if (m) flagged++;
				if (t) nTruth++;
				if (t && m) tp++;
				// hits on (grown) bad pixels cannot be flagged: they are not counted for recall
				if (t && !nearBad(hot, i)) {
					nTruthOk++;
					if (m) tpOk++;
				}
			}
			double recall = (double) tpOk / nTruthOk, precision = (double) tp / flagged;
			System.out.printf("%s (%s borders): %d cosmic-ray pixels, %d flagged, recall %.4f, precision %.4f%n", name, border,
				nTruth, flagged, recall, precision);
			assertTrue(nTruth > 100, name + " has enough cosmic-ray pixels");
			assertTrue(recall >= 0.95, name + " recall " + recall);
			assertTrue(precision >= 0.90, name + " precision " + precision);
			// no star core flagged (unless a cosmic ray hit right next to it: then the growth takes it)
			for (int k = 0; k < stars.rowCount(); k++) {
				int x = (int) Math.round(Coordinates.memoryX(stars.getDouble(k, "x")));
				int y = (int) Math.round(Coordinates.memoryY(stars.getDouble(k, "y"), SIZE));
				if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) continue;
				int p = y * SIZE + x;
				if (border == Border.COPY && edge(p) <= 4) continue;
				if (r.mask()[p] != 0 && !touches(truth, p)) throw new AssertionError(name + ": star " +
					(int) stars.getDouble(k, "id") + " at " + stars.getDouble(k, "x") + "," + stars.getDouble(k, "y") + " flagged");
			}
			frames++;
			totalTruth += nTruthOk;
			totalFound += tpOk;
			totalFlagged += flagged;
		}
		assertEquals(3, frames);
		System.out.printf("all frames (%s borders): recall %.4f, %d flagged%n", border, (double) totalFound / totalTruth,
			totalFlagged);
	}

	/** Distance of pixel p from the nearest edge. */
	static int edge(int p) {
		int x = p % SIZE, y = p / SIZE;
		return Math.min(Math.min(x, y), Math.min(SIZE - 1 - x, SIZE - 1 - y));
	}

	static byte[] asMask(float[] a) {
		byte[] m = new byte[a.length];
		for (int i = 0; i < a.length; i++) m[i] = a[i] != 0 ? (byte) 1 : 0;
		return m;
	}

	/** A cosmic-ray pixel in the 3x3 neighbourhood. */
	static boolean touches(byte[] truth, int p) {
		int x = p % SIZE, y = p / SIZE;
		for (int dy = -1; dy <= 1; dy++) {
			for (int dx = -1; dx <= 1; dx++) {
				int xx = x + dx, yy = y + dy;
				if (xx >= 0 && yy >= 0 && xx < SIZE && yy < SIZE && truth[yy * SIZE + xx] != 0) return true;
			}
		}
		return false;
	}

	/** Within one pixel of a bad pixel (L.A.Cosmic grows the bad-pixel mask by one). */
	static boolean nearBad(byte[] bad, int p) {
		return touches(bad, p);
	}
}
