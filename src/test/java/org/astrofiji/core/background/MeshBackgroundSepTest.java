package org.astrofiji.core.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the mesh background against sep.Background 1.2.1 with the 64/3 defaults on real frames
 * (expected values from background_expected.py). The issue asks for the global values within 0.5 %
 * and the map within 1 % beyond one box from the edges; the implementation follows SEP's arithmetic,
 * so the samples (edges included) agree to float rounding, which is what is asserted.
 */
class MeshBackgroundSepTest {

	@Test
	void m13Frame1() throws Exception {
		equalsSepBackground("m13-orion-ssdsi/M13_blue_0001.fits", "M13_blue_0001");
	}

	@Test
	void m67Plate() throws Exception {
		equalsSepBackground("m67-poss-plate/M6707HH.fits", "M6707HH");
	}

	static void equalsSepBackground(String path, String stem) throws Exception {
		File f = SharedData.file(path);
		FitsImage img = FitsReader.read(f, null);
		int w = img.width(), h = img.height();
		MeshBackground b = MeshBackground.compute(img.data(), null, w, h, new MeshBackground.Settings(), Progress.NONE);
		Map<String, String> global = null;
		for (Map<String, String> r : SharedData.csv("/expected/background/sep_summary.csv")) if (r.get("stem").equals(stem)) global = r;
		double gb = Double.parseDouble(global.get("globalback")), gr = Double.parseDouble(global.get("globalrms"));
		assertEquals(gb, b.globalBack(), 0.005 * gb, "global background within 0.5 %");
		assertEquals(gr, b.globalRms(), 0.005 * gr, "global rms within 0.5 %");
		assertEquals((float) gb, b.globalBack(), 0, "global background to the last bit");
		assertEquals((float) gr, b.globalRms(), 0, "global rms to the last bit");
		List<Map<String, String>> samples = SharedData.csv("/expected/background/sep_" + stem + "_samples.csv");
		double worstInterior = 0, worstAll = 0;
		int interior = 0;
		for (Map<String, String> r : samples) {
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			float back = Float.parseFloat(r.get("back")), rms = Float.parseFloat(r.get("rms"));
			int y = Coordinates.memoryRow(row, h);
			double rel = Math.abs(b.back(col, y) - back) / Math.abs(back);
			worstAll = Math.max(worstAll, Math.max(rel, Math.abs(b.rms(col, y) - rms) / rms));
			if (row >= 64 && row < h - 64 && col >= 64 && col < w - 64) {
				worstInterior = Math.max(worstInterior, rel);
				interior++;
			}
		}
		assertTrue(interior > 200, interior + " interior samples");
		assertTrue(worstInterior < 0.01, "background map within 1 % over the interior: worst " + worstInterior);
		assertTrue(worstAll < 1e-6, "maps (edges included) to float rounding: worst relative difference " + worstAll);
	}
}
