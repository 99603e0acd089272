package org.astrofiji.core.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Table;
import org.astrofiji.testutil.MemoryNight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated night agrees with its own truth, within the noise it claims. */
class NightSimulatorTest {

	static SimulationSettings s;
	static MemoryNight night;

	@BeforeAll
	static void simulate() throws Exception {
		s = MemoryNight.small();
		s.width = 256;
		s.height = 200;
		s.stars = 60;
		night = MemoryNight.simulate(s);
	}

	@Test
	void sameSeedSameNightWhateverTheThreadCount() throws Exception {
		int saved = Parallel.threads();
		try {
			Parallel.setThreads(1);
			MemoryNight one = MemoryNight.simulate(MemoryNight.small());
			Parallel.setThreads(3);
			MemoryNight three = MemoryNight.simulate(MemoryNight.small());
			assertEquals(one.images.keySet(), three.images.keySet());
			for (String k : one.images.keySet()) assertArrayEquals(one.image(k), three.image(k), k);
			SimulationSettings other = MemoryNight.small();
			other.seed = 2;
			assertTrue(!Arrays.equals(one.image("science_V_001"), MemoryNight.simulate(other).image("science_V_001")));
		}
		finally {
			Parallel.setThreads(saved);
		}
	}

	@Test
	void framesAndHeadersOfANight() {
		assertEquals(2 + 2 + 2 + 1 + 1, night.summary.rawFrames);
		Map<String, Object> h = night.headers.get("science_V_001");
		assertEquals("Light Frame", h.get("IMAGETYP"));
		assertEquals(60.0, h.get("EXPTIME"));
		assertEquals("V", h.get("FILTER"));
		assertEquals(1.5, h.get("GAIN"));
		assertEquals(6.0, h.get("RDNOISE"));
		assertTrue(((String) h.get("DATE-OBS")).startsWith("2026-03-21T"));
		assertEquals("Bias Frame", night.headers.get("bias_001").get("IMAGETYP"));
		assertEquals(180.0, night.headers.get("dark_180s_001").get("EXPTIME"));
		assertEquals("Flat Field", night.headers.get("flat_V_002").get("IMAGETYP"));
		for (float v : night.image("science_V_001")) assertTrue(v == Math.rint(v) && v >= 0 && v <= 65535, "raw ADU are integers in range");
	}

	@Test
	void idealFrameHoldsEachStarsTruthCounts() throws Exception {
		for (Psf.Kind kind : Psf.Kind.values()) {
			SimulationSettings sparse = MemoryNight.small();
			sparse.width = 300;
			sparse.height = 300;
			sparse.stars = 8;
			sparse.psf = kind;
			sparse.biasFrames = sparse.darkFrames = sparse.flatFrames = sparse.epoch2Frames = 0;
			MemoryNight n = MemoryNight.simulate(sparse);
			float[] ideal = n.image("truth/ideal_V");
			double sky = sparse.sky * sparse.exposure / sparse.gain;
			Table stars = n.tables.get("truth/stars");
			int r = new Psf(kind, sparse.fwhm, 0, 0).radius(), checked = 0;
			for (int i = 0; i < stars.rowCount(); i++) {
				double x = Coordinates.memoryX(stars.getDouble(i, "x")), y = Coordinates.memoryY(stars.getDouble(i, "y"), sparse.height);
				if (!isolated(stars, i, 2 * r + 2) || x < r || y < r || x > sparse.width - 1 - r || y > sparse.height - 1 - r) continue;
				double sum = 0;
				int cx = (int) Math.rint(x), cy = (int) Math.rint(y);
				for (int yy = cy - r; yy <= cy + r; yy++) for (int xx = cx - r; xx <= cx + r; xx++) sum += ideal[yy * sparse.width + xx] - sky;
				double counts = stars.getDouble(i, "counts_V");
				// float32 pixels: 1e-7 of the sky level per pixel
				assertEquals(counts, sum, 1e-5 * counts + 1e-6 * sky * (2 * r + 1) * (2 * r + 1), kind + " star " + stars.getDouble(i, "id"));
				checked++;
			}
			assertTrue(checked >= 3, kind + ": isolated stars checked: " + checked);
		}
	}

	private static boolean isolated(Table stars, int i, double dist) {
		for (int j = 0; j < stars.rowCount(); j++) {
			if (j != i && Math.hypot(stars.getDouble(i, "x") - stars.getDouble(j, "x"),
				stars.getDouble(i, "y") - stars.getDouble(j, "y")) < dist) return false;
		}
		return true;
	}

	/** Raw science calibrated with the true bias, dark and flat. */
	private static double[] trueCalibration(String frame) {
		float[] raw = night.image(frame), bias = night.image("truth/bias"), dark = night.image("truth/dark_current");
		float[] flat = night.image("truth/flat_V");
		double t = (Double) night.headers.get(frame).get("EXPTIME");
		double[] cal = new double[raw.length];
		for (int p = 0; p < raw.length; p++) cal[p] = (raw[p] - bias[p] - dark[p] * t / s.gain) / flat[p];
		return cal;
	}

	@Test
	void rawScienceCalibratesToTheIdealFrameWithTheExpectedNoise() {
		double[] cal = trueCalibration("science_V_001");
		float[] ideal = night.image("truth/ideal_V"), cr = night.image("truth/crmask_science_V_001");
		float[] flat = night.image("truth/flat_V"), dark = night.image("truth/dark_current");
		double sum = 0, sumZ2 = 0;
		int n = 0;
		for (int p = 0; p < cal.length; p++) {
			if (cr[p] != 0 || ideal[p] > 2000) continue; // sky and faint stars, no cosmic rays or saturation
			double e = flat[p] * ideal[p] * s.gain + dark[p] * s.exposure + s.readNoise * s.readNoise;
			double sigma = Math.sqrt(e / (s.gain * s.gain) + 1 / 12.0) / flat[p]; // Poisson + read + rounding
			double d = cal[p] - ideal[p];
			sum += d;
			sumZ2 += (d / sigma) * (d / sigma);
			n++;
		}
		assertTrue(n > 40000);
		// the column-pattern offset per frame (0.5 ADU rms) is the only systematic
		assertEquals(0, sum / n, 1.2, "mean residual, ADU");
		assertEquals(1, Math.sqrt(sumZ2 / n), 0.05, "residual / expected noise");
	}

	@Test
	void cosmicRayMaskMarksTheOutliers() {
		double[] cal = trueCalibration("science_V_001");
		float[] ideal = night.image("truth/ideal_V"), cr = night.image("truth/crmask_science_V_001");
		double noise = Math.sqrt(s.sky * s.exposure + s.readNoise * s.readNoise) / s.gain;
		int flagged = 0, outliers = 0, falseOutliers = 0, clean = 0;
		for (int p = 0; p < cal.length; p++) {
			double z = (cal[p] - ideal[p]) / Math.sqrt(noise * noise + Math.max(0, ideal[p] - s.sky * s.exposure / s.gain) / s.gain);
			if (cr[p] != 0) {
				flagged++;
				if (z > 5) outliers++;
			}
			else {
				clean++;
				if (z > 6) falseOutliers++;
			}
		}
		assertTrue(flagged >= s.cosmics, "CR pixels: " + flagged);
		assertTrue(outliers >= 0.97 * flagged, outliers + " of " + flagged + " CR pixels stand out by > 5 sigma");
		assertTrue(falseOutliers < 1e-4 * clean + 3, falseOutliers + " unflagged pixels above 6 sigma");
		Table events = night.tables.get("truth/cosmics");
		assertTrue(events.rowCount() >= 2 * s.cosmics - 2, "events of both science frames: " + events.rowCount());
	}

	@Test
	void calibrationFramesFollowTheirTruth() {
		float[] bias = night.image("truth/bias"), dark = night.image("truth/dark_current"), resp = night.image("truth/flat_V");
		double mean = 0;
		for (float v : resp) mean += v;
		assertEquals(1, mean / resp.length, 1e-5, "flat response has mean 1");
		float[] b = night.image("bias_001");
		double db = 0;
		for (int p = 0; p < b.length; p++) db += b[p] - bias[p];
		assertEquals(0, db / b.length, 2, "bias frame = true bias + per-frame offset");
		// the offset is recorded as SIMBOFF (truth); rounding to integers leaves a bias of at most ~0.1 ADU
		double offset = (Double) night.headers.get("bias_001").get("SIMBOFF");
		assertEquals(offset, db / b.length, 0.15, "SIMBOFF is the frame's offset");
		// dark current: median of (dark - bias) * gain / t over normal pixels
		float[] d = night.image("dark_180s_001");
		double[] rate = new double[d.length];
		for (int p = 0; p < d.length; p++) rate[p] = (d[p] - bias[p]) * s.gain / 180 - dark[p];
		Arrays.sort(rate);
		assertEquals(0, rate[rate.length / 2], 0.02, "median dark-current residual, e-/s");
		// a flat divided by the response is flat
		float[] f = night.image("flat_V_001");
		double[] q = new double[f.length];
		for (int p = 0; p < f.length; p++) q[p] = (f[p] - bias[p]) / resp[p];
		double qm = Arrays.stream(q).average().getAsDouble(), qv = 0;
		for (double v : q) qv += (v - qm) * (v - qm);
		double expected = Math.sqrt(qm / s.gain); // Poisson noise of the flat level, ADU
		assertEquals(expected, Math.sqrt(qv / q.length), 0.1 * expected, "flat / response is noise only");
	}

	@Test
	void secondEpochHasTransientsAndVariables() {
		Table tr = night.tables.get("truth/transients"), var = night.tables.get("truth/variables");
		assertEquals(2, tr.rowCount());
		assertTrue(var.rowCount() >= 1);
		float[] ideal2 = night.image("truth/ideal_epoch2_V"), ideal1 = night.image("truth/ideal_V");
		for (int i = 0; i < tr.rowCount(); i++) {
			int x = (int) Math.rint(Coordinates.memoryX(tr.getDouble(i, "x")));
			int y = (int) Math.rint(Coordinates.memoryY(tr.getDouble(i, "y"), s.height));
			int p = y * s.width + x;
			assertTrue(ideal2[p] - ideal1[p] > 0.02 * tr.getDouble(i, "counts"), "transient " + (i + 1) + " is new light");
		}
		for (int i = 0; i < var.rowCount(); i++) {
			double ratio = var.getDouble(i, "ratio");
			assertTrue(ratio <= 0.8 || ratio >= 1.25, "variable star changes by at least 20 %");
			assertEquals(var.getDouble(i, "flux_epoch1") * ratio, var.getDouble(i, "flux_epoch2"), 1e-9);
		}
	}

	@Test
	void psfTruthOnAGrid() {
		int[] size = night.sizes.get("truth/psf");
		assertEquals(9, size[2]);
		float[] cube = night.image("truth/psf");
		int n = size[0] * size[1];
		for (int k = 0; k < 9; k++) {
			double sum = 0;
			for (int i = 0; i < n; i++) sum += cube[k * n + i];
			assertEquals(1, sum, 1e-5, "PSF plane " + k);
		}
		assertEquals(9, night.tables.get("truth/psf_grid").rowCount());
		assertEquals(1.25 * s.fwhm, night.tables.get("truth/psf_epoch2_grid").getDouble(0, "fwhm"), 1e-12);
	}

	@Test
	void variablePsfGrowsTowardsTheCorners() {
		PsfModel m = new PsfModel(Psf.Kind.MOFFAT, 3, true, 1001, 1001);
		assertEquals(3, m.at(500, 500).fwhm(), 1e-12);
		assertEquals(0, m.at(500, 500).ellipticity(), 1e-12);
		assertEquals(3.9, m.at(0, 0).fwhm(), 1e-9);
		assertEquals(0.2, m.at(1000, 1000).ellipticity(), 1e-9);
		assertEquals(Math.toRadians(45), m.at(1000, 1000).angle(), 1e-9, "major axis points at the centre");
	}

	@Test
	void badSettingsAreNamed() {
		SimulationSettings bad = MemoryNight.small();
		bad.gain = 0;
		assertEquals("gain must be > 0 (got 0.0)", org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, bad::validate).getMessage());
		bad = MemoryNight.small();
		bad.fwhm = 0.1;
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, bad::validate)
			.getMessage().startsWith("fwhm must be between"));
	}
}
