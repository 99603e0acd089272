package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.junit.jupiter.api.Test;

/** Aperture photometry on images built by hand: ERR, DQ, labels, background maps, errors, magnitudes, bad input. */
class AperturePhotometryTest {

	static final int W = 60, H = 50;

	static float[] flat(float v) {
		float[] a = new float[W * H];
		Arrays.fill(a, v);
		return a;
	}

	static PhotometrySettings settings() {
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(4));
		s.annulus = Aperture.annulus(7, 11);
		return s;
	}

	/** A flat sky of 10 with a "star" of 1000 ADU spread evenly over the 3 x 3 pixels around FITS (30, 25). */
	static float[] star() {
		float[] img = flat(10);
		for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) img[(H - 25 + j) * W + 29 + i] += 1000 / 9f;
		return img;
	}

	@Test
	void ccdEquationErrorsAndMagnitudesByHand() {
		PhotometrySettings s = settings();
		s.gain = 2;
		s.readNoise = 5;
		s.darkCurrent = 3;
		s.zeroPoint = 20;
		s.exposureTime = 10;
		Measurement m = AperturePhotometry.measure(Pixels.of(star(), W, H), Target.at("a", 30, 25), s);
		double a = Math.PI * 16, n = m.skyPixels;
		assertEquals(10, m.sky, 0);
		assertEquals(1000, m.flux[0], 1e-4);
		assertEquals(a, m.areaUsed[0], 1e-10);
		double f = m.flux[0], v = (10 * 2 + 3 + 25) / 4.0, var = f / 2 + a * v * (1 + Math.PI / 2 * a / n);
		assertEquals(Math.sqrt(var), m.fluxError[0], 1e-9);
		assertEquals(f / Math.sqrt(var), m.snr[0], 1e-9);
		assertEquals(20 - 2.5 * Math.log10(f / 10), m.mag[0], 1e-12);
		assertEquals(2.5 / Math.log(10) * Math.sqrt(var) / f, m.magError[0], 1e-12);
		// measured sky noise: a flat sky has none, only the source's Poisson term is left
		s.skyNoise = PhotometrySettings.SkyNoise.MEASURED;
		m = AperturePhotometry.measure(Pixels.of(star(), W, H), Target.at("a", 30, 25), s);
		assertEquals(Math.sqrt(m.flux[0] / 2), m.fluxError[0], 1e-9);
	}

	@Test
	void errImageDqFlagsAndSourceLabels() {
		float[] img = star(), err = flat(3);
		short[] dq = new short[W * H];
		int inAperture = (H - 25) * W + 30, inAnnulus = (H - 25) * W + 29 + 8;
		dq[inAperture] = 4;
		int[] labels = new int[W * H];
		// a "neighbour" in the annulus, labelled: left out of the sky
		for (int i = 36; i < 40; i++) {
			img[(H - 25) * W + i] = 5000;
			labels[(H - 25) * W + i] = 7;
		}
		PhotometrySettings s = settings();
		Pixels px = Pixels.of(img, W, H).withErr(err).withDq(dq, 4 | 8).withSourceLabels(labels);
		Measurement m = AperturePhotometry.measure(px, Target.at("a", 30, 25), s);
		assertEquals(1, m.badPixels[0]);
		assertEquals(Measurement.BAD_PIXELS, m.flags & Measurement.BAD_PIXELS);
		assertEquals(Math.PI * 16 - 1, m.areaUsed[0], 1e-10);
		assertEquals(Math.PI * 16, m.areaOnImage[0], 1e-10);
		assertEquals(10, m.sky, 0);
		assertTrue(labels[inAnnulus] == 7);
		// the flagged pixel held 10 + 1000/9 of the star: it is missing from the sum, and its sky is not subtracted
		assertEquals(1000 - 1000 / 9.0, m.flux[0], 1e-3);
		double a = m.areaUsed[0], var = 9 * a + Math.PI / 2 * a * a * 9 / m.skyPixels;
		assertEquals(Math.sqrt(var), m.fluxError[0], 1e-9);
		// without the labels the bright neighbour pixels are sky: the median hardly moves, the mean would
		Measurement unlabelled = AperturePhotometry.measure(Pixels.of(img, W, H).withErr(err), Target.at("a", 30, 25), s);
		assertEquals(m.skyPixels + 4, unlabelled.skyPixels);
		// a DQ bit that is not bad leaves the pixel in
		Measurement other = AperturePhotometry.measure(Pixels.of(img, W, H).withDq(dq, 2), Target.at("a", 30, 25), s);
		assertEquals(0, other.badPixels[0]);
	}

	@Test
	void backgroundMapsAndNoSky() {
		float[] img = star(), map = new float[W * H];
		for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
			map[y * W + x] = 10 + 0.01f * x;
			img[y * W + x] += 0.01f * x;
		}
		PhotometrySettings s = settings();
		s.sky = Sky.Method.MAP;
		s.annulus = null;
		Measurement m = AperturePhotometry.measure(Pixels.of(img, W, H).withBackground(map), Target.at("a", 30, 25), s);
		assertEquals(1000, m.flux[0], 1e-3);
		assertEquals(10 + 0.01 * 29, m.sky, 1e-4, "the map's mean under the aperture");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AperturePhotometry.measure(Pixels.of(img,
			W, H), Target.at("a", 30, 25), s));
		assertEquals("sky=map needs a background map", e.getMessage());
		s.sky = Sky.Method.NONE;
		m = AperturePhotometry.measure(Pixels.of(star(), W, H), Target.at("a", 30, 25), s);
		assertEquals(1000 + 10 * Math.PI * 16, m.flux[0], 1e-3);
		assertEquals(0, m.sky, 0);
	}

	@Test
	void severalAperturesMakeSuffixedColumnsAndMarks() {
		PhotometrySettings s = settings();
		s.apertures = List.of(Aperture.circle(2), Aperture.circle(4), Aperture.ellipse(5, 3, 20));
		PhotometryResult r = AperturePhotometry.measure(Pixels.of(star(), W, H), Target.numbered(30, 25, 2, 2), s, Progress.NONE);
		Table t = r.table("phot");
		assertTrue(t.hasColumn("net_flux_0") && t.hasColumn("net_flux_2") && !t.hasColumn("net_flux"), t.columns().toString());
		assertEquals(1000, t.getDouble(0, "net_flux_1"), 1e-4);
		assertEquals(5, t.getDouble(0, "radius_2"), 0);
		assertEquals(Measurement.EDGE, (int) t.getDouble(1, "flags") & Measurement.EDGE);
		assertEquals("edge,not_positive", Measurement.describe((int) t.getDouble(1, "flags") & ~Measurement.NAN));
		Marks marks = r.marks("apertures", "green");
		assertEquals(2 * 4, marks.size(), "three apertures and an annulus per target");
		assertEquals(Marks.Kind.ANNULUS, marks.marks().get(3).kind);
		Table single = AperturePhotometry.measure(Pixels.of(star(), W, H), Target.numbered(30, 25), settings(), Progress.NONE)
			.table("one");
		assertTrue(single.hasColumn("net_flux") && single.hasColumn("mag_err"));
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed() {
		String[][] cases = {
			{ "inner_radius must be smaller than outer_radius (got 12.0 >= 8.0)", "annulus" },
			{ "radius must be > 0 (got 0.0)", "circle" },
			{ "subpixels must be >= 1 (got 0)", "subpixels" },
			{ "overlap must be exact, center or subpixel (got 'fuzzy')", "overlap" },
			{ "sky must be median, clipped_mean, mode, map or none (got 'max')", "sky" },
			{ "centroid must be none, center_of_mass, windowed or gaussian (got 'peak')", "centroid" } };
		Runnable[] calls = { () -> Aperture.annulus(12, 8), () -> Aperture.circle(0), () -> Overlap.subpixel(0),
			() -> Overlap.Method.of("fuzzy"), () -> Sky.Method.of("max"), () -> Centroids.Method.of("peak") };
		for (int i = 0; i < cases.length; i++) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, calls[i]::run, cases[i][1]);
			assertEquals(cases[i][0], e.getMessage());
		}
		Pixels px = Pixels.of(star(), W, H);
		PhotometrySettings s = settings();
		s.gain = 0;
		assertEquals("gain must be > 0 (got 0.0)", assertThrows(IllegalArgumentException.class, () -> AperturePhotometry.measure(px,
			Target.at("a", 1, 1), s)).getMessage());
		PhotometrySettings t = settings();
		t.annulus = null;
		assertEquals("sky=median needs a sky annulus", assertThrows(IllegalArgumentException.class, () -> AperturePhotometry.measure(px,
			Target.at("a", 1, 1), t)).getMessage());
		assertThrows(IllegalArgumentException.class, () -> Target.at("a", Double.NaN, 1));
		assertThrows(IllegalArgumentException.class, () -> Pixels.of(new float[10], 3, 3));
		// an aperture fully off the image: a flagged row, not an error
		Measurement off = AperturePhotometry.measure(px, Target.at("far", -100, 300), settings());
		assertTrue(Double.isNaN(off.flux[0]));
		assertEquals(Measurement.EDGE | Measurement.OFF_IMAGE | Measurement.NO_SKY | Measurement.NOT_POSITIVE, off.flags);
	}
}
