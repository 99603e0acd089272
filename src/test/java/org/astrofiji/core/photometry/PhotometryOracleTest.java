package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Aperture photometry against photutils 1.6 on the M67 plate (../shared/data/m67-poss-plate) at the
 * oracle's sep positions, r = 5, annulus 8-12; expected values from src/test/oracle/photometry_expected.py.
 * Exact sums to 1e-9 relative, center and subpixel pixel membership exactly (pixel counts and sums),
 * annulus medians exactly, net fluxes to 1e-6 relative; also apertures over the image edges, NaN pixels
 * and ellipses. Skipped without ../shared.
 */
class PhotometryOracleTest {

	static List<Map<String, String>> expected(String name) throws IOException {
		return SharedData.csv("/expected/photometry/" + name);
	}

	static double d(Map<String, String> row, String col) {
		String v = row.get(col);
		return v.equals("nan") ? Double.NaN : Double.parseDouble(v);
	}

	static Pixels m67() throws IOException {
		FitsImage img = FitsReader.read(SharedData.file("m67-poss-plate/M6707HH.fits"), null);
		return Pixels.of(img.data(), img.width(), img.height());
	}

	/** The oracle's sep positions (0-based numpy) as targets at FITS positions. */
	static List<Target> sepTargets() throws IOException {
		List<Target> t = new ArrayList<>();
		for (Map<String, String> r : SharedData.csv("/expected/detection/sep_M6707HH.csv.gz")) t.add(Target.at(
			Integer.toString(t.size()), d(r, "x") + 1, d(r, "y") + 1));
		return t;
	}

	static PhotometrySettings settings(Overlap overlap, Sky.Method sky) {
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(5));
		s.annulus = Aperture.annulus(8, 12);
		s.overlap = overlap;
		s.sky = sky;
		return s;
	}

	@Test
	void sepSourcesExactSumsMediansAndNetFluxesArePhotutils() throws IOException {
		Pixels px = m67();
		List<Target> targets = sepTargets();
		List<Map<String, String>> exp = expected("m67_sep.csv.gz");
		List<Measurement> exact = AperturePhotometry.measure(px, targets, settings(Overlap.exact(), Sky.Method.MEDIAN),
			Progress.NONE).measurements();
		assertEquals(exp.size(), exact.size());
		int edge = 0;
		for (int i = 0; i < exp.size(); i++) checkExact(exp.get(i), exact.get(i), "sep source " + i);
		for (Measurement m : exact) if ((m.flags & Measurement.EDGE) != 0) edge++;
		assertTrue(edge > 10, "some sep sources cross the image edge: " + edge);
	}

	static void checkExact(Map<String, String> e, Measurement m, String what) {
		double sum = d(e, "exact_sum");
		assertEquals(sum, m.sum[0], 1e-9 * Math.abs(sum), what + " exact sum");
		assertEquals(d(e, "area_on_image"), m.areaOnImage[0], 1e-9, what + " area on image");
		assertEquals(d(e, "ann_median"), m.sky, 0, what + " annulus median");
		assertEquals(Integer.parseInt(e.get("ann_npix")), m.skyPixels, what + " annulus pixels");
		double net = d(e, "net_flux");
		assertEquals(net, m.flux[0], 1e-6 * Math.abs(net) + 1e-9 * sum, what + " net flux");
	}

	@Test
	void centerAndSubpixelMembershipIsPhotutils() throws IOException {
		Pixels px = m67();
		List<Target> targets = sepTargets();
		List<Map<String, String>> exp = expected("m67_sep.csv.gz");
		List<Measurement> center = AperturePhotometry.measure(px, targets, settings(Overlap.center(), Sky.Method.MEDIAN),
			Progress.NONE).measurements();
		List<Measurement> sub = AperturePhotometry.measure(px, targets, settings(Overlap.subpixel(5), Sky.Method.MEDIAN),
			Progress.NONE).measurements();
		for (int i = 0; i < exp.size(); i++) {
			Map<String, String> e = exp.get(i);
			// integer pixel values: center sums are exact in any order
			assertEquals(d(e, "center_sum"), center.get(i).sum[0], 0, "center sum of " + i);
			assertEquals(d(e, "center_npix"), center.get(i).areaOnImage[0], 0, "center pixels of " + i);
			assertEquals(d(e, "sub5_sum"), sub.get(i).sum[0], 1e-12 * d(e, "sub5_sum"), "subpixel sum of " + i);
			assertEquals(d(e, "sub5_area25"), Math.rint(sub.get(i).areaOnImage[0] * 25), 0, "subpixel area of " + i);
			assertEquals(sub.get(i).areaOnImage[0] * 25, Math.rint(sub.get(i).areaOnImage[0] * 25), 1e-9);
		}
	}

	@Test
	void clippedMeanAndModeSkiesAreAstropysAndPhotutils() throws IOException {
		Pixels px = m67();
		List<Target> targets = sepTargets();
		List<Map<String, String>> exp = expected("m67_sep.csv.gz");
		List<Measurement> mean = AperturePhotometry.measure(px, targets, settings(Overlap.exact(), Sky.Method.CLIPPED_MEAN),
			Progress.NONE).measurements();
		List<Measurement> mode = AperturePhotometry.measure(px, targets, settings(Overlap.exact(), Sky.Method.MODE),
			Progress.NONE).measurements();
		for (int i = 0; i < exp.size(); i++) {
			Map<String, String> e = exp.get(i);
			assertEquals(d(e, "clipped_mean"), mean.get(i).sky, 1e-10 * d(e, "clipped_mean"), "clipped mean of " + i);
			assertEquals(d(e, "clipped_std"), mean.get(i).skyStd, 1e-9 * d(e, "clipped_std"), "clipped std of " + i);
			assertEquals(d(e, "mode"), mode.get(i).sky, 1e-10 * Math.abs(d(e, "mode")), "mode of " + i);
			assertEquals(mean.get(i).sum[0], mode.get(i).sum[0], 0);
			assertEquals(mean.get(i).flux[0], mean.get(i).sum[0] - mean.get(i).sky * mean.get(i).areaUsed[0], 1e-9 * mean.get(i).sum[0]);
		}
	}

	@Test
	void aperturesOverTheEdgesAndOffTheImage() throws IOException {
		Pixels px = m67();
		List<Map<String, String>> exp = expected("m67_edges.csv");
		List<Target> targets = new ArrayList<>();
		for (Map<String, String> e : exp) targets.add(Target.at(e.get("index"), d(e, "x") + 1, d(e, "y") + 1));
		PhotometrySettings s = settings(Overlap.exact(), Sky.Method.MEDIAN);
		s.apertures = List.of(Aperture.circle(5), Aperture.circle(3));
		List<Measurement> exact = AperturePhotometry.measure(px, targets, s, Progress.NONE).measurements();
		List<Measurement> center = AperturePhotometry.measure(px, targets, settings(Overlap.center(), Sky.Method.MEDIAN),
			Progress.NONE).measurements();
		for (int i = 0; i < exp.size(); i++) {
			Map<String, String> e = exp.get(i);
			Measurement m = exact.get(i);
			String what = "edge position " + e.get("x") + "," + e.get("y");
			assertTrue((m.flags & Measurement.EDGE) != 0, what + " flagged edge");
			if (Double.isNaN(d(e, "exact_sum"))) { // fully off the image: a flagged row, not a crash
				assertTrue(Double.isNaN(m.sum[0]) && Double.isNaN(m.flux[0]) && Double.isNaN(m.sky), what);
				assertEquals(0, m.areaOnImage[0]);
				assertEquals(Measurement.OFF_IMAGE | Measurement.NO_SKY, m.flags & (Measurement.OFF_IMAGE | Measurement.NO_SKY));
				continue;
			}
			assertEquals(d(e, "exact_sum"), m.sum[0], 1e-9 * d(e, "exact_sum"), what);
			if (Double.isNaN(d(e, "exact_sum_r3"))) assertTrue(Double.isNaN(m.sum[1]), what + " r = 3 is off the image");
			else assertEquals(d(e, "exact_sum_r3"), m.sum[1], 1e-9 * d(e, "exact_sum_r3"), what + " r = 3");
			assertEquals(d(e, "ann_median"), m.sky, 0, what);
			assertEquals(Integer.parseInt(e.get("ann_npix")), m.skyPixels, what);
			assertEquals(d(e, "center_npix"), center.get(i).areaOnImage[0], 0, what);
			if (Double.isNaN(d(e, "area_on_image"))) {
				// photutils' ApertureStats has no area when no pixel centre is on the image; the sum has it
				assertEquals(0, d(e, "center_npix"));
				assertTrue(Double.isNaN(center.get(i).sum[0]));
				continue;
			}
			assertEquals(d(e, "center_sum"), center.get(i).sum[0], 0, what);
			checkExact(e, m, what);
		}
	}

	@Test
	void nanPixelsAreLeftOutAndCounted() throws IOException {
		Pixels clean = m67();
		int w = clean.width, h = clean.height;
		float[] values = clean.values.clone();
		for (Map<String, String> r : expected("m67_nan_pixels.csv")) {
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			values[Coordinates.memoryRow(row, h) * w + col] = Float.NaN;
		}
		Pixels px = Pixels.of(values, w, h);
		List<Target> all = sepTargets(), targets = new ArrayList<>();
		List<Map<String, String>> exp = expected("m67_nan.csv");
		for (Map<String, String> e : exp) targets.add(all.get(Integer.parseInt(e.get("index"))));
		List<Measurement> ms = AperturePhotometry.measure(px, targets, settings(Overlap.exact(), Sky.Method.MEDIAN),
			Progress.NONE).measurements();
		int flagged = 0;
		for (int i = 0; i < exp.size(); i++) {
			Map<String, String> e = exp.get(i);
			Measurement m = ms.get(i);
			String what = "source " + e.get("index");
			assertEquals(d(e, "exact_sum"), m.sum[0], 1e-9 * d(e, "exact_sum"), what);
			assertEquals(d(e, "area_used"), m.areaUsed[0], 1e-9, what);
			assertEquals(Integer.parseInt(e.get("nan_pixels")), m.nanPixels[0], what);
			assertEquals(d(e, "ann_median"), m.sky, 0, what);
			assertEquals(Integer.parseInt(e.get("ann_npix")), m.skyPixels, what);
			assertEquals(d(e, "net_flux"), m.flux[0], 1e-6 * Math.abs(d(e, "net_flux")) + 1e-9 * d(e, "exact_sum"), what);
			assertEquals(m.nanPixels[0] > 0, (m.flags & Measurement.NAN) != 0, what);
			if (m.nanPixels[0] > 0) flagged++;
		}
		assertEquals(exp.size(), flagged, "every chosen source has a NaN pixel in its aperture");
	}

	@Test
	void ellipticalAperturesAndAnnuliArePhotutils() throws IOException {
		Pixels px = m67();
		List<Target> all = sepTargets(), targets = new ArrayList<>();
		List<Map<String, String>> exp = expected("m67_ellipse.csv");
		for (Map<String, String> e : exp) targets.add(all.get(Integer.parseInt(e.get("index"))));
		List<List<Measurement>> by = new ArrayList<>();
		for (Overlap ov : new Overlap[] { Overlap.exact(), Overlap.center(), Overlap.subpixel(5) }) {
			PhotometrySettings s = settings(ov, Sky.Method.MEDIAN);
			s.apertures = List.of(Aperture.ellipse(6, 3.5, 30));
			s.annulus = Aperture.ellipticalAnnulus(9, 14, 9, 30);
			by.add(AperturePhotometry.measure(px, targets, s, Progress.NONE).measurements());
		}
		for (int i = 0; i < exp.size(); i++) {
			Map<String, String> e = exp.get(i);
			String what = "source " + e.get("index");
			assertEquals(d(e, "exact_sum"), by.get(0).get(i).sum[0], 1e-9 * d(e, "exact_sum"), what);
			assertEquals(d(e, "area_on_image"), by.get(0).get(i).areaOnImage[0], 1e-9, what);
			assertEquals(d(e, "center_sum"), by.get(1).get(i).sum[0], 0, what);
			assertEquals(d(e, "center_npix"), by.get(1).get(i).areaOnImage[0], 0, what);
			assertEquals(d(e, "sub5_sum"), by.get(2).get(i).sum[0], 1e-12 * d(e, "sub5_sum"), what);
			assertEquals(d(e, "sub5_area25"), Math.rint(25 * by.get(2).get(i).areaOnImage[0]), 0, what);
			assertEquals(d(e, "ann_median"), by.get(0).get(i).sky, 0, what);
			assertEquals(Integer.parseInt(e.get("ann_npix")), by.get(0).get(i).skyPixels, what);
		}
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() throws IOException {
		Pixels px = m67();
		List<Target> targets = sepTargets();
		PhotometrySettings s = settings(Overlap.exact(), Sky.Method.MODE);
		s.centroid = Centroids.Method.WINDOWED;
		int threads = Parallel.threads();
		try {
			Parallel.setThreads(1);
			List<Measurement> one = AperturePhotometry.measure(px, targets, s, Progress.NONE).measurements();
			Parallel.setThreads(3);
			List<Measurement> three = AperturePhotometry.measure(px, targets, s, Progress.NONE).measurements();
			for (int i = 0; i < one.size(); i++) {
				assertEquals(one.get(i).x, three.get(i).x, 0);
				assertEquals(one.get(i).flux[0], three.get(i).flux[0], 0);
				assertEquals(one.get(i).fluxError[0], three.get(i).fluxError[0], 0);
			}
		}
		finally {
			Parallel.setThreads(threads);
		}
	}
}
