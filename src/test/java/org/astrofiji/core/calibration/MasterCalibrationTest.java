package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import org.astrofiji.core.image.Dq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.testutil.MemoryNight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recipe on a simulated night against its truth: the reduced science frame equals the ideal
 * calibrated frame (sky + stars) t / g within the noise the physics predicts.
 */
class MasterCalibrationTest {

	static SimulationSettings s;
	static MemoryNight night;

	@BeforeAll
	static void simulate() throws Exception {
		s = MemoryNight.small();
		s.width = s.height = 512;
		s.sky = 5; // low sky: the mean residual of 262144 pixels is known to 0.02 ADU
		s.stars = 60;
		s.biasFrames = 15; // many calibration frames: the masters' noise is 1-2 % of the science noise
		s.darkFrames = 9;
		s.flatFrames = 5;
		s.scienceFrames = 1;
		s.epoch2Frames = 0;
		night = MemoryNight.simulate(s);
	}

	/** A raw frame of the night with its recorded bias offset removed (the one systematic the truth does not hold). */
	static Frame frame(String name) {
		float[] raw = night.image(name).clone();
		Map<String, Object> h = night.headers.get(name);
		double offset = (Double) h.get("SIMBOFF");
		for (int p = 0; p < raw.length; p++) raw[p] -= offset;
		Frame f = new Frame(name + ".fits", RowSource.of(name + ".fits", raw, s.width, s.height), (Double) h.get("EXPTIME"),
			(String) h.get("FILTER"));
		f.gain = (Double) h.get("GAIN");
		f.readNoise = (Double) h.get("RDNOISE");
		f.saturation = 65535 - 1;
		return f;
	}

	static List<Frame> frames(String prefix) {
		List<Frame> list = new ArrayList<>();
		for (String name : night.images.keySet()) if (name.startsWith(prefix)) list.add(frame(name));
		return list;
	}

	/** Keeps everything in memory. */
	static final class Products implements MasterCalibration.Sink {

		final Map<String, Master> masters = new LinkedHashMap<>();
		final Map<String, Reduced> reduced = new LinkedHashMap<>();
		final Map<String, CombineResult> combined = new LinkedHashMap<>();

		@Override
		public void master(Master m) {
			masters.put(m.label, m);
		}

		@Override
		public RowSource reduced(Reduced r) {
			reduced.put(r.label, r);
			return null;
		}

		@Override
		public void combined(String label, String filter, CombineResult r, List<String> inputs) {
			combined.put(label, r);
		}
	}

	/** Residual statistics of a reduced frame against the ideal one, over clean pixels. */
	static double[] residuals(Reduced r) {
		float[] ideal = night.image("truth/ideal_V"), cr = night.image("truth/crmask_science_V_001");
		float[] flat = night.image("truth/flat_V"), dark = night.image("truth/dark_current");
		double sum = 0, sum2 = 0, phys2 = 0, z2 = 0;
		int n = 0;
		for (int p = 0; p < ideal.length; p++) {
			if (cr[p] != 0 || ideal[p] > 20000 || r.dq[p] != 0) continue;
			double d = r.value[p] - ideal[p];
			double e = flat[p] * ideal[p] * s.gain + dark[p] * s.exposure + s.readNoise * s.readNoise;
			phys2 += (e / (s.gain * s.gain) + 1 / 12.0) / (flat[p] * flat[p]); // Poisson + read + rounding
			sum += d;
			sum2 += d * d;
			z2 += d * d / ((double) r.error[p] * r.error[p]);
			n++;
		}
		double mean = sum / n;
		return new double[] { mean, Math.sqrt(sum2 / n - mean * mean), Math.sqrt(phys2 / n), Math.sqrt(z2 / n), n };
	}

	@Test
	void scaledDarksReduceToTheIdealFrame() throws Exception {
		MasterCalibration.Settings set = new MasterCalibration.Settings();
		Products out = new Products();
		MasterCalibration.Result res = MasterCalibration.run(frames("bias_"), frames("dark_"), frames("flat_"), frames("science_"),
			set, out, Progress.NONE);
		assertEquals(List.of("master_bias", "master_dark_60s", "master_dark_180s", "master_flat_V"), new ArrayList<>(out.masters.keySet()));
		Reduced r = out.reduced.get("science_V_001_red");
		double[] st = residuals(r);
		assertTrue(st[4] > 200000, "clean pixels: " + st[4]);
		assertEquals(0, st[0], 0.1, "mean residual, ADU");
		assertEquals(1, st[1] / st[2], 0.1, "residual std / expected noise");
		assertEquals(1, st[3], 0.1, "residual / ERR");
		// the flat is normalized to mean 1 and matches the true response
		Master flat = out.masters.get("master_flat_V");
		assertEquals(1, StackCombiner.finiteMean(flat.value), 1e-6);
		float[] truth = night.image("truth/flat_V");
		double d2 = 0;
		for (int p = 0; p < truth.length; p++) d2 += (flat.value[p] - truth[p]) * (flat.value[p] - truth[p]);
		assertTrue(Math.sqrt(d2 / truth.length) < 0.004, "master flat vs response rms " + Math.sqrt(d2 / truth.length));
		// the summary names every frame and product
		assertEquals(15 + 18 + 5 + 1 + 4 + 1, res.summary.rowCount()); // frames, masters, bad-pixel mask
		assertTrue(res.summary.getString(15 + 9, "note").startsWith("bias subtracted"), res.summary.getString(15 + 9, "note"));
		assertEquals("science_V_001_red", res.reduced.get(0));
		// the saturation level in calibrated units: the lowest (saturation - bias - dark x k) / flat of the frame
		float[] B = out.masters.get("master_bias").value, D = out.masters.get("master_dark_60s").value;
		double raw = frame("science_V_001").saturation, lowest = Double.POSITIVE_INFINITY;
		for (int p = 0; p < B.length; p++) lowest = Math.min(lowest, (raw - B[p] - D[p]) / flat.value[p]);
		assertEquals(lowest, r.saturation, 1e-9 * lowest);
		assertTrue(r.saturation < raw - s.biasLevel, "below the raw level minus the bias: " + r.saturation);
		boolean saturatedPixelsReachIt = true;
		for (int p = 0; p < B.length; p++) if ((r.dq[p] & Dq.SATURATED) != 0) saturatedPixelsReachIt &= r.value[p] >= r.saturation;
		assertTrue(saturatedPixelsReachIt, "every saturated pixel is at or above the calibrated saturation level");
	}

	@Test
	void unscaledDarksOfTheScienceExposureGiveTheSameFrame() throws Exception {
		MasterCalibration.Settings set = new MasterCalibration.Settings();
		set.scaleDarks = false;
		Products out = new Products();
		List<Frame> darks60 = frames("dark_060s");
		MasterCalibration.run(frames("bias_"), darks60, frames("flat_"), frames("science_"), set, out, Progress.NONE);
		Reduced r = out.reduced.get("science_V_001_red");
		double[] st = residuals(r);
		assertEquals(0, st[0], 0.1, "mean residual, ADU");
		assertEquals(1, st[1] / st[2], 0.1, "residual std / expected noise");
		assertTrue(r.description.contains("dark master_dark_60s unscaled"), r.description);
		// the dark master keeps the bias (about 1000 ADU)
		assertEquals(1000, StackCombiner.finiteMean(out.masters.get("master_dark_60s").value), 10);
	}

	/** (sci - D) / (F - B) * mean(F - B) with the masters recomputed by hand: the seed recipe itself. */
	@Test
	void seedRecipeIsExactlyTheFormula() throws Exception {
		MasterCalibration.Settings set = new MasterCalibration.Settings();
		set.scaleDarks = false;
		set.flatScale = CombineSettings.Scale.NONE;
		Products out = new Products();
		List<Frame> bias = frames("bias_"), darks = frames("dark_060s"), flats = frames("flat_");
		MasterCalibration.run(bias, darks, flats, frames("science_"), set, out, Progress.NONE);
		int n = s.width * s.height;
		float[] b = median(bias), d = median(darks), f = median(flats), sci = RowSource.readAll(frame("science_V_001").raw);
		double mean = 0;
		for (int p = 0; p < n; p++) mean += f[p] - b[p];
		mean /= n;
		float[] red = out.reduced.get("science_V_001_red").value;
		for (int p = 0; p < n; p++) {
			double expected = (sci[p] - d[p]) / (f[p] - b[p]) * mean;
			assertEquals(expected, red[p], 2e-6 * Math.abs(expected) + 1e-4, "pixel " + p);
		}
	}

	static float[] median(List<Frame> frames) throws Exception {
		List<float[]> planes = new ArrayList<>();
		for (Frame f : frames) planes.add(RowSource.readAll(f.raw));
		return StackCombiner.combine(planes, s.width, s.height, new CombineSettings(), Progress.NONE).value;
	}

	@Test
	void zeroAndNegativeFlatPixelsBecomeFlaggedNaN() throws Exception {
		int w = 6, h = 4;
		List<Frame> bias = List.of(new Frame("b.fits", RowSource.of("b.fits", filled(w, h, 100), w, h), 0, ""));
		float[] flatRaw = filled(w, h, 1100);
		flatRaw[3] = 100; // flat - bias = 0
		flatRaw[7] = 50; // negative
		flatRaw[9] = Float.NaN;
		List<Frame> flats = List.of(new Frame("f.fits", RowSource.of("f.fits", flatRaw, w, h), 1, ""));
		List<Frame> sci = List.of(new Frame("s.fits", RowSource.of("s.fits", filled(w, h, 600), w, h), 10, ""));
		Products out = new Products();
		MasterCalibration.Settings set = new MasterCalibration.Settings();
		set.flatScale = CombineSettings.Scale.NONE;
		MasterCalibration.run(bias, List.of(), flats, sci, set, out, Progress.NONE);
		Reduced r = out.reduced.get("s_red");
		for (int p = 0; p < w * h; p++) {
			if (p == 3 || p == 7 || p == 9) {
				assertTrue(Float.isNaN(r.value[p]), "pixel " + p);
				assertEquals(Dq.BAD, r.dq[p] & Dq.BAD);
			}
			else {
				assertTrue(Float.isFinite(r.value[p]));
				assertEquals(0, r.dq[p]);
			}
		}
		assertEquals(3, r.badFlat);
	}

	/**
	 * Overscan columns on the right with a level that changes along FITS rows, and a TRIMSEC: the level
	 * is removed row by row (so the section's rows are mapped to memory rows correctly) and the data
	 * section is cut out.
	 */
	@Test
	void overscanIsSubtractedPerRowAndFramesTrimmed() throws Exception {
		int w = 12, h = 6; // data: columns 1..8, overscan: 10..12; FITS rows 2..6 are data
		float[] raw = new float[w * h];
		for (int y = 0; y < h; y++) {
			int fitsRow = h - y;
			for (int x = 0; x < w; x++) raw[y * w + x] = x < 8 ? 500 + 100 * fitsRow + x : 100 * fitsRow + (x == 10 ? 7 : 0);
		}
		Frame f = new Frame("o.fits", RowSource.of("o.fits", raw, w, h), 1, "");
		f.overscan = Section.parse("[10:12,*]", w, h, "BIASSEC");
		f.trim = Section.parse("[1:8,2:6]", w, h, "TRIMSEC");
		assertEquals(0, f.trim.y0);
		assertEquals(5, f.trim.height);
		RowSource c = new CorrectedSource(f.raw, f.trim, Overscan.measure(f.raw, f.overscan), null, null, 0);
		assertEquals(8, c.width());
		assertEquals(5, c.height());
		float[] out = RowSource.readAll(c);
		for (int y = 0; y < 5; y++) for (int x = 0; x < 8; x++) assertEquals(500 + x, out[y * 8 + x], 0, "x " + x + " y " + y);
		// a section leaving the frame or written backwards is named
		assertEquals("TRIMSEC of o.fits: the y range 0:6 leaves the image (1:6)", assertThrows(IllegalArgumentException.class,
			() -> Section.parse("[1:8,0:6]", w, h, "TRIMSEC of o.fits")).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Section.parse("[8:1,1:6]", w, h, "x")).getMessage()
			.contains("reversed"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Section.parse("1:8,1:6", w, h, "x")).getMessage()
			.contains("is not a FITS section"));
	}

	@Test
	void badNightsAreNamed() {
		int w = 4, h = 4;
		List<Frame> bias = List.of(new Frame("b1.fits", RowSource.of("b1.fits", filled(w, h, 100), w, h), 0, ""),
			new Frame("b2.fits", RowSource.of("b2.fits", new float[20], 5, 4), 0, ""));
		MasterCalibration.Settings set = new MasterCalibration.Settings();
		assertEquals("frames differ in size: b1.fits is 4x4 but b2.fits is 5x4", assertThrows(IllegalArgumentException.class,
			() -> MasterCalibration.run(bias, List.of(), List.of(), List.of(), set, new Products(), Progress.NONE)).getMessage());
		List<Frame> b = List.of(bias.get(0));
		List<Frame> darks = List.of(new Frame("d.fits", RowSource.of("d.fits", filled(w, h, 110), w, h), 30, ""));
		List<Frame> sci = List.of(new Frame("s.fits", RowSource.of("s.fits", filled(w, h, 300), w, h), Double.NaN, "V"));
		assertEquals("s.fits: no exposure time; it is needed to scale the dark", assertThrows(IllegalArgumentException.class,
			() -> MasterCalibration.run(b, darks, List.of(), sci, set, new Products(), Progress.NONE)).getMessage());
		List<Frame> flats = List.of(new Frame("f.fits", RowSource.of("f.fits", filled(w, h, 100), w, h), 1, "B"));
		set.scaleDarks = false;
		assertEquals("s.fits has filter 'V' but there are flats only for [B]", assertThrows(IllegalArgumentException.class,
			() -> MasterCalibration.run(b, darks, flats, sci, set, new Products(), Progress.NONE)).getMessage());
		List<Frame> flatsV = List.of(new Frame("f.fits", RowSource.of("f.fits", filled(w, h, 100), w, h), 1, "V"));
		assertEquals("f.fits: its median is 0.0; frames can be scaled by median only when it is positive",
			assertThrows(IllegalArgumentException.class, () -> MasterCalibration.run(b, darks, flatsV, sci, set, new Products(),
				Progress.NONE)).getMessage());
	}

	static float[] filled(int w, int h, float v) {
		float[] a = new float[w * h];
		java.util.Arrays.fill(a, v);
		return a;
	}
}
