package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.io.FitsImage;
import org.junit.jupiter.api.Test;

/**
 * Acceptance against scipy.ndimage (../shared/oracle/align.py) on the real M13 frame: cubic-spline
 * shifts and rotations equal scipy's order-3, mode='constant' results to 1e-5 relative on a grid of
 * samples that includes the first and last five rows and columns, and the fill (cval) pixels are the
 * same ones. Skipped without ../shared.
 */
class ResamplerOracleTest {

	@Test
	void shiftSubPixelEqualsScipyWithNaNOutside() throws Exception {
		compare("shift_0.6_-0.7");
	}

	@Test
	void shiftLargeEqualsScipyWithZeroOutside() throws Exception {
		compare("shift_13.25_-4.5");
	}

	@Test
	void rotationEqualsScipy() throws Exception {
		compare("rotate_30");
	}

	/** A registration-sized rotation: its interior runs through the float segments of {@link CubicSegments}. */
	@Test
	void smallRotationEqualsScipy() throws Exception {
		compare("rotate_0.35");
	}

	@Test
	void rotationOnAGrownCanvasEqualsScipy() throws Exception {
		compare("rotate_-17.5_reshape");
	}

	static void compare(String name) throws Exception {
		Map<String, String> c = Expected.csv("resample_cases.csv").stream().filter(r -> r.get("name").equals(name)).findFirst()
			.get();
		FitsImage img = Expected.frame("m13-orion-ssdsi/M13_blue_0001.fits");
		int w = img.width(), h = img.height();
		Warp warp = c.get("kind").equals("shift") ? Warp.shift(w, h, Expected.d(c, "dx"), Expected.d(c, "dy"))
			: Warp.rotation(w, h, Expected.d(c, "angle"), Expected.i(c, "reshape") == 1);
		int ow = warp.width(), oh = warp.height();
		assertEquals(Expected.i(c, "width"), ow, name + " output width");
		assertEquals(Expected.i(c, "height"), oh, name + " output height");
		double cval = Expected.d(c, "cval");
		float[] out = Resampler.of(Interpolation.CUBIC).fill(cval).image(img.data(), warp);

		List<Map<String, String>> rows = Expected.csv(name + ".csv.gz");
		double worst = 0;
		int values = 0, fills = 0, edge = 0;
		for (Map<String, String> e : rows) {
			int col = Expected.i(e, "col"), row = Expected.i(e, "row");
			double ref = Expected.d(e, "value");
			double ours = out[Coordinates.memoryRow(row, oh) * ow + col];
			String where = String.format(Locale.ROOT, "%s at FITS (%d, %d)", name, col + 1, row + 1);
			// M13's pixels are all far above 0, so a value equal to cval is a fill pixel
			boolean fill = Double.isNaN(cval) ? Double.isNaN(ref) : ref == cval;
			if (fill) {
				fills++;
				if (!(Double.isNaN(cval) ? Double.isNaN(ours) : ours == cval)) fail(where + ": scipy fills (" + ref + "), we have " +
					ours);
				continue;
			}
			values++;
			if (col < 5 || row < 5 || col >= ow - 5 || row >= oh - 5) edge++;
			double rel = Math.abs(ours - ref) / Math.abs(ref);
			worst = Math.max(worst, rel);
			if (!(rel <= 1e-5)) fail(where + ": " + ours + " vs scipy " + ref + " (relative " + rel + ")");
		}
		assertTrue(values > 1000 && fills > 0, name + ": " + values + " values and " + fills + " fill pixels compared");
		System.out.printf(Locale.ROOT, "%s: %d samples equal scipy's to %.2e relative (%d within 5 px of the border), " +
			"%d fill pixels the same%n", name, values, worst, edge, fills);
	}
}
