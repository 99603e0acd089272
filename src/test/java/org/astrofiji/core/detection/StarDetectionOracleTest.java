package org.astrofiji.core.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Acceptance against the shared oracle (../shared/oracle/stars.py) on the real frames: scipy's label
 * image and centres of mass, sep.extract's sources, skimage's peaks. Skipped without ../shared.
 */
class StarDetectionOracleTest {

	static final Map<String, String> FILES = Map.of("M13_blue_0001", "m13-orion-ssdsi/M13_blue_0001.fits",
		"M6707HH", "m67-poss-plate/M6707HH.fits");

	static FitsImage read(String stem) throws Exception {
		File f = SharedData.file(FILES.get(stem));
		return FitsReader.read(f, null);
	}

	@Test
	void m13GlobalK2LabelImageAndCentresAreScipys() throws Exception {
		labelImageAndCentresAreScipys("M13_blue_0001");
	}

	@Test
	void m67GlobalK2LabelImageAndCentresAreScipys() throws Exception {
		labelImageAndCentresAreScipys("M6707HH");
	}

	static void labelImageAndCentresAreScipys(String stem) throws Exception {
		FitsImage img = read(stem);
		int w = img.width(), h = img.height();
		Map<String, String> sum = Expected.csv("label_summary.csv").stream().filter(r -> r.get("image").equals(stem))
			.findFirst().get();
		Detection d = StarFinder.find(img.data(), w, h, DetectionSettings.scipyLabeling(Expected.d(sum, "k")), Progress.NONE);
		double level = d.threshold().level(0);
		assertEquals(Expected.d(sum, "threshold"), level, 1e-9 * Math.abs(level), "threshold mean + k std");
		assertEquals(Expected.i(sum, "labels"), d.labelCount(), "number of labels");

		// the whole label image, row by row (FITS array rows, 0-based as numpy)
		int[] labels = d.labels();
		List<Map<String, String>> rows = Expected.csv("label_" + stem + "_rows.csv");
		assertEquals(h, rows.size());
		CRC32 crc = new CRC32();
		ByteBuffer buf = ByteBuffer.allocate(4 * w).order(ByteOrder.LITTLE_ENDIAN);
		long labelled = 0;
		for (int r = 0; r < h; r++) {
			int y = Coordinates.memoryRow(r, h);
			buf.clear();
			int n = 0;
			for (int x = 0; x < w; x++) {
				int l = labels[y * w + x];
				buf.putInt(l);
				if (l != 0) n++;
			}
			labelled += n;
			crc.reset();
			crc.update(buf.array());
			Map<String, String> e = rows.get(r);
			if (crc.getValue() != Long.parseLong(e.get("crc32"))) fail(String.format(Locale.ROOT,
				"%s: label image differs from scipy's in FITS row %d (numpy row; FITS y = %d): %d labelled pixels " +
					"(scipy %s); our labels in that row (x_fits:label): %s", stem, r, r + 1, n, e.get("npix"),
				rowLabels(labels, y, w, 40)));
		}
		assertEquals(Expected.i(sum, "labelled_pixels"), labelled);

		// centres of mass of all labels of 2 pixels or more; single pixels are their own centre
		Map<Integer, Source> byId = new HashMap<>();
		for (Source s : d.sources()) byId.put(s.id, s);
		double worst = 0;
		for (Map<String, String> e : Expected.csv("label_" + stem + "_centres.csv.gz")) {
			Source s = byId.get(Expected.i(e, "id"));
			String where = stem + " label " + e.get("id");
			assertEquals(Expected.i(e, "npix"), s.npix, where + " npix");
			assertEquals(Expected.i(e, "xmin") + 1, s.xmin, where + " xmin");
			assertEquals(Expected.i(e, "xmax") + 1, s.xmax, where + " xmax");
			assertEquals(Expected.i(e, "ymin") + 1, s.ymin, where + " ymin");
			assertEquals(Expected.i(e, "ymax") + 1, s.ymax, where + " ymax");
			double dx = Math.abs(s.x - (Expected.d(e, "x_com") + 1)), dy = Math.abs(s.y - (Expected.d(e, "y_com") + 1));
			worst = Math.max(worst, Math.max(dx, dy));
			assertTrue(dx <= 1e-6 && dy <= 1e-6, where + ": centre (" + s.x + ", " + s.y + ") vs scipy + 1 (" +
				(Expected.d(e, "x_com") + 1) + ", " + (Expected.d(e, "y_com") + 1) + ")");
		}
		for (Source s : d.sources()) {
			if (s.npix == 1) assertTrue(s.x == s.xmin && s.y == s.ymin, stem + " single-pixel label " + s.id + " centre");
		}
		System.out.printf(Locale.ROOT, "%s global k=2: %d labels equal scipy's, worst centre difference %.2e px%n", stem,
			d.labelCount(), worst);
	}

	private static String rowLabels(int[] labels, int y, int w, int max) {
		List<String> out = new ArrayList<>();
		for (int x = 0; x < w && out.size() < max; x++) if (labels[y * w + x] != 0) out.add((x + 1) + ":" + labels[y * w + x]);
		return out.toString();
	}

	/**
	 * The configuration of the oracle's sep.extract run: background mesh 64 px / filter 3, threshold 3 x
	 * rms, SEP's default 3x3 kernel applied as a plain convolution (sep with a scalar err), min_area 5,
	 * deblending 32 / 0.005, isophotal barycentres.
	 */
	@Test
	void backgroundModeRecoversSepSourcesOnM67() throws Exception {
		FitsImage img = read("M6707HH");
		List<Map<String, String>> sep = Expected.csv("sep_M6707HH.csv.gz");
		DetectionSettings s = new DetectionSettings();
		s.filterType = DetectionSettings.FilterType.CONV;
		s.weights = DetectionSettings.Weights.BACKGROUND_SUBTRACTED;
		s.deblend = true;
		double frac = sepRecovery(img, s, sep, "isophotal");
		assertTrue(frac >= 0.95, "recovered " + frac + " of sep's sources within 0.5 px");
		s.weights = DetectionSettings.Weights.WINDOWED; // reported: windowed centres differ more from sep's isophotal ones
		sepRecovery(img, s, sep, "windowed");
	}

	static double sepRecovery(FitsImage img, DetectionSettings s, List<Map<String, String>> sep, String what) {
		Detection d = StarFinder.find(img.data(), img.width(), img.height(), s, Progress.NONE);
		double[] dist = nearest(d.sources(), sep);
		int found = 0;
		for (double r : dist) if (r <= 0.5) found++;
		double[] sorted = dist.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "M67 background mode (%s): %d sources (sep %d); %d of sep's (%.1f %%) within " +
			"0.5 px, median distance %.3f px%n", what, d.sources().size(), sep.size(), found, 100.0 * found / sep.size(),
			sorted[sorted.length / 2]);
		return found / (double) sep.size();
	}

	/** Distance from each sep source (0-based + 1) to our nearest source. */
	static double[] nearest(List<Source> ours, List<Map<String, String>> sep) {
		double[] out = new double[sep.size()];
		for (int i = 0; i < out.length; i++) {
			double x = Expected.d(sep.get(i), "x") + 1, y = Expected.d(sep.get(i), "y") + 1, best = Double.POSITIVE_INFINITY;
			for (Source s : ours) best = Math.min(best, Math.hypot(s.x - x, s.y - y));
			out[i] = best;
		}
		return out;
	}

	@Test
	void m13PeaksAreSkimages() throws Exception {
		peaksAreSkimages("M13_blue_0001", 5, 5);
		peaksAreSkimages("M13_blue_0001", 3, 3);
	}

	/** M67 (a photographic plate) has plateaus of equal values: ties decide which peak stays. */
	@Test
	void m67PeaksAreSkimages() throws Exception {
		peaksAreSkimages("M6707HH", 5, 5);
		peaksAreSkimages("M6707HH", 3, 3);
		peaksAreSkimages("M6707HH", 2, 2);
	}

	static void peaksAreSkimages(String stem, int md, int k) throws Exception {
		FitsImage img = read(stem);
		DetectionSettings s = DetectionSettings.scipyLabeling(k);
		s.method = DetectionSettings.Method.PEAKS;
		s.minDistance = md;
		Detection d = StarFinder.find(img.data(), img.width(), img.height(), s, Progress.NONE);
		List<Map<String, String>> e = Expected.csv("peaks_" + stem + "_md" + md + "_k" + k + ".csv.gz");
		List<Source> ours = d.sources();
		for (int i = 0; i < Math.min(e.size(), ours.size()); i++) {
			double x = Expected.d(e.get(i), "x") + 1, y = Expected.d(e.get(i), "y") + 1;
			if (ours.get(i).x != x || ours.get(i).y != y) fail(String.format(Locale.ROOT,
				"%s min_distance %d: peak %d (rank %d) is at (%s, %s), skimage's at (%s, %s)", stem, md, i + 1, i, ours.get(i).x,
				ours.get(i).y, x, y));
		}
		assertEquals(e.size(), ours.size(), stem + " min_distance " + md + ": number of peaks");
	}
}
