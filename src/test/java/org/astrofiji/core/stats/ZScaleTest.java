package org.astrofiji.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;

/** The zscale display range equals astropy's ZScaleInterval (src/test/oracle/zscale_expected.py). */
class ZScaleTest {

	static void assertRange(double lo, double hi, double[] got, String what) {
		// astropy's reader scales 16-bit data in float32 (rounding twice); ours rounds once: pixel values may
		// differ by a few float32 ulps, hence 1e-6 of the values, far below anything a display shows
		double tol = 1e-6 * (hi - lo) + 1e-6 * Math.max(Math.abs(lo), Math.abs(hi));
		assertEquals(lo, got[0], tol, what + " low");
		assertEquals(hi, got[1], tol, what + " high");
	}

	@Test
	void syntheticImageEqualsAstropy() throws Exception {
		Map<String, String> row = rows().get(rows().size() - 1);
		assertEquals("synthetic", row.get("file"));
		int w = 300, h = 200;
		float[] memory = new float[w * h];
		for (int i = 0; i < w * h; i++) {
			int fitsRow = i / w, x = i % w;
			float v = (float) (((long) i * 7919) % 1000);
			memory[(h - 1 - fitsRow) * w + x] = i % 97 == 0 ? Float.NaN : v;
		}
		assertRange(Double.parseDouble(row.get("vmin")), Double.parseDouble(row.get("vmax")), ZScale.range(memory, w, h),
			"synthetic");
	}

	@Test
	void everySharedImageEqualsAstropy() throws Exception {
		SharedData.dir("m13-orion-ssdsi");
		int checked = 0;
		for (Map<String, String> row : rows()) {
			if (row.get("file").equals("synthetic")) continue;
			File f = SharedData.file(row.get("file"));
			AstroImage img = FitsReader.readImage(f.getPath() + "[" + row.get("hdu") + "]");
			assertRange(Double.parseDouble(row.get("vmin")), Double.parseDouble(row.get("vmax")),
				ZScale.range(img.data(), img.width(), img.height()), row.get("file"));
			checked++;
		}
		assertTrue(checked >= 50, "images checked: " + checked);
	}

	@Test
	void flatAndEmptyImages() {
		float[] flat = new float[100];
		java.util.Arrays.fill(flat, 7);
		double[] r = ZScale.range(flat, 10, 10);
		assertEquals(7, r[0], 0);
		assertEquals(7, r[1], 0);
		float[] none = new float[16];
		java.util.Arrays.fill(none, Float.NaN);
		assertTrue(Double.isNaN(ZScale.range(none, 4, 4)[0]));
	}

	private static List<Map<String, String>> rows() throws Exception {
		return SharedData.csv("/expected/display/zscale.csv");
	}
}
