package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Every image HDU in ../shared/data read by our reader equals astropy's reading (the oracle's
 * common.py): shape, NaN count, sum, extremes and 64 pixels per HDU. Each value is the correctly
 * rounded float of the exactly scaled value (BZERO + BSCALE * stored, in float64), and differs from
 * astropy's by no more than astropy's own rounding (it scales 8/16-bit data in float32).
 * Expected values: src/test/oracle/fits_expected.py.
 */
class FitsReaderSharedDataTest {

	@Test
	void everySharedImageHduEqualsAstropy() throws Exception {
		File data = SharedData.dir("");
		List<Map<String, String>> rows = SharedData.csv("/expected/shared-fits.csv");
		Map<String, FitsImage> cache = new HashMap<>();
		int pixels = 0, hdus = 0;
		for (Map<String, String> row : rows) {
			String key = row.get("file") + "[" + row.get("hdu") + "]";
			FitsImage img = cache.get(key);
			if (img == null) {
				cache.clear();
				img = FitsReader.read(new File(data, row.get("file")), row.get("hdu"));
				cache.put(key, img);
			}
			float[] a = img.data();
			int nx = img.width(), ny = img.height();
			double expected = Double.parseDouble(row.get("value"));
			double exact = row.get("exact").isEmpty() ? expected : Double.parseDouble(row.get("exact"));
			switch (row.get("kind")) {
				case "shape":
					hdus++;
					assertEquals(Integer.parseInt(row.get("row")), ny, key + " NAXIS2");
					assertEquals(Integer.parseInt(row.get("col")), nx, key + " NAXIS1");
					int nans = 0;
					for (float v : a) if (!Float.isFinite(v)) nans++;
					assertEquals((int) expected, nans, key + " NaN count");
					break;
				case "sum": {
					double s = 0;
					for (float v : a) if (Float.isFinite(v)) s += v;
					assertEquals(exact, s, 1e-7 * absSum(a), key + " sum");
					break;
				}
				case "min":
				case "max": {
					double m = row.get("kind").equals("min") ? Double.MAX_VALUE : -Double.MAX_VALUE;
					for (float v : a) if (Float.isFinite(v)) m = row.get("kind").equals("min") ? Math.min(m, v) : Math.max(m, v);
					assertCloseToBoth(exact, expected, m, key + " " + row.get("kind"));
					break;
				}
				default: {
					int r = Integer.parseInt(row.get("row")), c = Integer.parseInt(row.get("col"));
					// numpy row r of the FITS array is memory row ny-1-r (ImageJ orientation)
					float v = a[(ny - 1 - r) * nx + c];
					assertCloseToBoth(exact, expected, v, key + " pixel (row " + r + ", col " + c + ")");
					pixels++;
				}
			}
		}
		assertTrue(hdus >= 60, "HDUs compared: " + hdus);
		assertTrue(pixels >= 60 * 64, "pixels compared: " + pixels);
	}

	/** Ours is the float nearest the exact value, and as close to astropy as astropy is to exact. */
	private static void assertCloseToBoth(double exact, double astropy, double ours, String what) {
		assertEquals(exact, ours, 0.5 * Math.ulp((float) exact) * 1.0001, what + " vs exact scaling");
		assertEquals(astropy, ours, Math.abs(exact - astropy) + Math.ulp((float) exact) * 1.01, what + " vs astropy");
	}

	private static double absSum(float[] a) {
		double s = 0;
		for (float v : a) if (Float.isFinite(v)) s += Math.abs(v);
		return s;
	}

	@Test
	void extensionHeadersInheritThePrimaryAndStringNumbersParse() throws Exception {
		File alfosc = new File(SharedData.dir("alfosc-not-longslit"), "science/ALDc200205.fits");
		FitsImage img = FitsReader.read(alfosc, null); // primary is empty: the first image is 'im1'
		assertEquals("ALDc200205.fits[im1]", img.name());
		assertEquals(1030.0, img.header().getDouble("EXPTIME"), 0); // lives in the primary header
		assertEquals(0.16, img.header().getDouble("GAIN"), 1e-12);
		// a real outlier near 2^32 at FITS pixel (1,1) (astropy reads 4294950158) survives unsigned 32-bit reading
		assertEquals(4294950158.0, img.pixels().randomAccess().setPositionAndGet(0, img.height() - 1).get(), 512);
		FitsImage tircam = FitsReader.read(new File(SharedData.dir("tircam2-ic310-jband"), "IC310_1.fits"), null);
		assertEquals(40.0, tircam.header().getDouble("EXPTIME"), 0); // EXPTIME = '40'
		FitsImage err = FitsReader.read(new File(SharedData.dir("hst-stis-3c120-longslit"), "3c120_stis.fits.gz").getPath() + "[err]");
		assertEquals("3c120_stis.fits.gz[ERR]", err.name());
		assertEquals(2, err.hduIndex());
	}
}
