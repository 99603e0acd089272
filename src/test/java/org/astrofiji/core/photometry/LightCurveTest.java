package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/** Light curves of a simulated transit, and frame times from header values. */
class LightCurveTest {

	static final int FRAMES = 50;
	/** The dip: frames 20 to 34 (time in minutes, a frame a minute), 1 % deep. */
	static final double START = 19.7, END = 34.7, DEPTH = 0.01;

	/**
	 * 50 frames of a target with a box-shaped 1 % dip and three comparison stars, drifting 0.15 px right
	 * and 0.1 px down per frame (7.5 and 5 px over the series): the depth within 0.1 % absolute, the
	 * ingress within one frame, every star followed to its true position.
	 */
	@Test
	void boxShapedDipIsRecoveredWhileTheFieldDrifts() {
		StarFrame field = new StarFrame(200, 160, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), 100, 2, 6, 77)
			.variable(60.4, 80.3, 1e6, new StarFrame.BoxDip(START, END, DEPTH)).star(140.2, 50.7, 8e5).star(130.6, 120.1, 1.2e6)
			.star(40.8, 30.5, 1e6);
		List<LightCurve.Frame> frames = new ArrayList<>();
		for (int i = 0; i < FRAMES; i++) {
			float[] img = field.render(i, i, 0.15 * i, -0.1 * i);
			frames.add(new LightCurve.Frame("f" + i, i, Pixels.of(img, field.width, field.height)));
		}
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(8));
		s.annulus = Aperture.annulus(12, 18);
		s.gain = 2;
		s.readNoise = 6;
		s.centroid = Centroids.Method.WINDOWED;
		LightCurve lc = LightCurve.measure(frames, Target.at("T", 60.4, 80.3), Target.numbered(140.2, 50.7, 130.6, 120.1, 40.8,
			30.5), s, 0, Progress.NONE);
		double in = 0, out = 0;
		int nin = 0, nout = 0, ingress = -1;
		double[] norm = lc.normalized();
		for (int i = 0; i < FRAMES; i++) {
			LightCurve.Point p = lc.points().get(i);
			assertEquals(0, p.flags, Measurement.describe(p.flags));
			boolean dip = i >= START && i < END;
			if (dip) {
				in += p.relative;
				nin++;
			}
			else {
				out += p.relative;
				nout++;
			}
			if (ingress < 0 && norm[i] < 1 - DEPTH / 2) ingress = i;
			// each star followed to where it is
			assertEquals(60.4 + 0.15 * i, p.stars.get(0).x, 0.02, "target x in frame " + i);
			assertEquals(80.3 - 0.1 * i, p.stars.get(0).y, 0.02, "target y in frame " + i);
			assertEquals(40.8 + 0.15 * i, p.stars.get(3).x, 0.02);
		}
		double depth = 1 - (in / nin) / (out / nout);
		assertEquals(DEPTH, depth, 0.001, "depth");
		assertEquals(20, ingress, 1, "ingress frame");
		System.out.printf("depth %.5f (true %.3f), ingress frame %d (true 20), typical relative error %.5f%n", depth, DEPTH, ingress,
			lc.points().get(0).relativeError / lc.points().get(0).relative);
		Table t = lc.table("lc");
		assertEquals(FRAMES, t.rowCount());
		assertEquals(lc.points().get(3).relative, t.getDouble(3, "rel_flux"), 0);
		assertEquals(lc.points().get(3).stars.get(2).flux[0], t.getDouble(3, "flux_C3"), 0);
		assertTrue(t.hasColumn("x_T1") && t.hasColumn("sky_C4"));
	}

	@Test
	void badComparisonsAreRefused() {
		List<LightCurve.Frame> frames = List.of(new LightCurve.Frame("f", 0, Pixels.of(new float[100], 10, 10)));
		PhotometrySettings s = new PhotometrySettings();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LightCurve.measure(frames,
			Target.at("T", 5, 5), Target.numbered(2, 2, 5.3, 5.1), s, 0, Progress.NONE));
		assertTrue(e.getMessage().startsWith("comparison star 2 (2) is the target"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> LightCurve.measure(frames, Target.at("T", 5, 5), List.of(),
			s, 0, Progress.NONE));
		assertTrue(e.getMessage().contains("at least one comparison star"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> LightCurve.measure(frames, Target.at("T", 5, 5), Target.numbered(2,
			2), s, 1, Progress.NONE));
		assertTrue(e.getMessage().contains("aperture 1 does not exist"), e.getMessage());
	}

	@Test
	void midExposureTimesFromHeaderValues() {
		// 2026-03-21T19:30:00 is MJD 61120.8125; a 60 s exposure's middle is 30 s later
		assertEquals(61120.8125 + 30 / 86400.0, ObservationTime.midExposureMjd("2026-03-21T19:30:00", null, Double.NaN,
			Double.NaN, 60), 1e-9);
		assertEquals(61120.8125 + 30 / 86400.0, ObservationTime.midExposureMjd("2026-03-21T19:30:00.000Z", null, Double.NaN,
			Double.NaN, 60), 1e-9);
		assertEquals(61120.8125, ObservationTime.midExposureMjd("2026-03-21", "19:30:00", Double.NaN, Double.NaN, Double.NaN),
			1e-9);
		// the M67 plate: DATE-OBS = '29/11/51' (1951), EXPOSURE = 50 minutes in the header is not seconds: given here as 3000 s
		assertEquals(33979 + 1500 / 86400.0, ObservationTime.midExposureMjd("29/11/51", null, Double.NaN, Double.NaN, 3000), 1e-9);
		assertEquals(55000.25 + 5 / 86400.0, ObservationTime.midExposureMjd(null, null, 55000.25, Double.NaN, 10), 1e-12);
		assertEquals(55000.25, ObservationTime.midExposureMjd(null, null, Double.NaN, 2455000.75, 0), 1e-9);
		Map<String, String> h = Map.of("DATE-OBS", "2000-01-01T12:00:00", "EXPTIME", "'40'");
		assertEquals(51544.5 + 20 / 86400.0, ObservationTime.midExposureMjd(h::get), 1e-9);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObservationTime.midExposureMjd(null, null,
			Double.NaN, Double.NaN, 1));
		assertTrue(e.getMessage().contains("DATE-OBS, MJD-OBS and JD"));
		e = assertThrows(IllegalArgumentException.class, () -> ObservationTime.midExposureMjd("yesterday", null, Double.NaN,
			Double.NaN, 1));
		assertTrue(e.getMessage().contains("DATE-OBS 'yesterday'"));
	}
}
