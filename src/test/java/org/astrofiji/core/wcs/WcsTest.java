package org.astrofiji.core.wcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;
import org.junit.jupiter.api.Test;

/**
 * The pixel-grid operations of {@link Wcs} (crop, shift, affine resampling with SIP and DSS carried
 * exactly), writing back, and bad input. The reference for a changed grid is the original WCS,
 * itself checked against astropy in {@link WcsOracleTest}.
 */
class WcsTest {

	/** 1e-6 mas, far below the 1 mas target: these maps are exact up to rounding. */
	private static final double EXACT = 1e-6 / 3.6e6;

	static Wcs load(String name) throws IOException {
		return Wcs.from(header(name));
	}

	static FitsHeader header(String name) throws IOException {
		return FitsCards.parse(WcsOracleTest.resource("/expected/wcs/" + name + ".hdr"));
	}

	/** new.pixelToSky(p) == old.pixelToSky(M p + t) over a grid, and the inverse maps agree too. */
	private static void assertResampled(Wcs old, Wcs now, double[] m, double w, double h) {
		for (double x = -0.2 * w; x <= 1.2 * w; x += w / 9) {
			for (double y = -0.2 * h; y <= 1.2 * h; y += h / 7) {
				double xo = m[0] * x + m[1] * y + m[2], yo = m[3] * x + m[4] * y + m[5];
				double[] a = old.pixelToSky(xo, yo), b = now.pixelToSky(x, y);
				if (Double.isNaN(a[0])) { // beyond the projection's domain (CAR's poles): so must the new one be
					assertTrue(Double.isNaN(b[0]) && Double.isNaN(b[1]));
					continue;
				}
				double d = Equatorial.separation(a[0], a[1], b[0], b[1]);
				assertTrue(d < EXACT, "(" + x + ", " + y + ") " + d * 3.6e6 + " mas");
				double[] p = now.skyToPixel(a[0], a[1]);
				if (now.projection() == Projection.CAR && Math.abs(p[0] - x) > 1e-8) {
					// CAR wraps every 360 degrees: the pixel back is the one within +-180 of the reference
					double[] c = now.pixelToSky(p[0], p[1]);
					assertTrue(Equatorial.separation(a[0], a[1], c[0], c[1]) < EXACT);
					continue;
				}
				assertEquals(x, p[0], 1e-8);
				assertEquals(y, p[1], 1e-8);
			}
		}
	}

	@Test
	void cropShiftsCrpixOnly() throws IOException {
		Wcs w = load("tan_sip3");
		Wcs c = w.cropped(101, 51);
		assertArrayEquals(new double[] { 1024.5 - 100, 1000.25 - 50 }, c.crpix(), 1e-12);
		assertArrayEquals(w.cd(), c.cd(), 0);
		assertEquals(w.sip(), c.sip(), "a shift keeps SIP unchanged");
		assertResampled(w, c, new double[] { 1, 0, 100, 0, 1, 50 }, 500, 400);
		Wcs s = w.shifted(-100, -50);
		assertArrayEquals(c.crpix(), s.crpix(), 1e-12);
	}

	@Test
	void affineResamplingCarriesSipExactly() throws IOException {
		Wcs w = load("tan_sip3");
		double a = Math.toRadians(23), k = 0.7;
		// rotation by 23 degrees, scale 0.7 (a finer grid), flip in x, shift
		double[] m = { -k * Math.cos(a), -k * Math.sin(a), 1500, -k * Math.sin(a), k * Math.cos(a), 300 };
		Wcs t = w.transformed(m);
		assertNotNull(t.sip());
		assertTrue(t.sip().hasInverse());
		assertEquals(3, t.sip().order());
		assertResampled(w, t, m, 2000, 2000);
		// 2x2 binning: new pixel centre x maps to old 2x - 0.5
		double[] bin = { 2, 0, -0.5, 0, 2, -0.5 };
		assertResampled(w, w.transformed(bin), bin, 1024, 1000);
		assertEquals(2 * w.pixelScale(), w.transformed(bin).pixelScale(), 1e-9);
		double[] flip = { 1, 0, 0, 0, -1, 2001 }; // vertical flip of the 2048 x 2000 image
		Wcs f = w.transformed(flip);
		assertResampled(w, f, flip, 2048, 2000);
		assertArrayEquals(w.pixelToSky(10, 2000), f.pixelToSky(10, 1), 1e-12, "row 2000 is now row 1");
	}

	@Test
	void affineResamplingOfOtherProjections() throws IOException {
		for (String name : new String[] { "sin", "zea", "car_oblique", "swapped", "tan_sip4_pole" }) {
			Wcs w = load(name);
			double[] m = { 0.8, 0.3, 20, -0.25, 0.9, -10 };
			assertResampled(w, w.transformed(m), m, 300, 300);
		}
	}

	@Test
	void dssPlateKeepsItsCardsOnACropAndBecomesTanSipOnAResampling() throws IOException {
		Wcs w = load("dss");
		assertTrue(w.isDssPlate());
		Wcs c = w.cropped(11, 21);
		assertTrue(c.isDssPlate());
		assertResampled(w, c, new double[] { 1, 0, 10, 0, 1, 20 }, 700, 600);
		FitsHeader h = new FitsHeader();
		c.writeTo(h);
		assertEquals(6530, h.getDouble("CNPIX1"), 0);
		assertEquals(4330, h.getDouble("CNPIX2"), 0);
		assertFalse(h.contains("CTYPE1"));

		double[] m = { 0.5, 0.1, 3, -0.1, 0.5, 7 };
		Wcs t = w.transformed(m);
		assertFalse(t.isDssPlate());
		assertTrue(t.note().contains("DSS"), t.note());
		assertResampled(w, t, m, 1400, 1400);
		FitsHeader h2 = header("dss");
		t.writeTo(h2);
		assertFalse(h2.contains("AMDX1") || h2.contains("PLTRAH") || h2.contains("CNPIX1"), "plate cards removed");
		assertEquals("RA---TAN-SIP", h2.getString("CTYPE1"));
		assertResampled(t, Wcs.from(text(h2)), new double[] { 1, 0, 0, 0, 1, 0 }, 1400, 1400);
	}

	@Test
	void removeWcsDropsAPlateSolution() throws IOException {
		FitsHeader h = header("dss");
		assertTrue(h.hasWcs());
		h.removeWcs();
		assertFalse(Wcs.isCelestial(h));
		assertNull(Wcs.from(h));
		assertTrue(h.keys().isEmpty(), "only plate and WCS cards were there: " + h.keys());
	}

	/** The header through its card text, as a file or ImageJ's Info keeps it. */
	private static FitsHeader text(FitsHeader h) {
		return FitsCards.parse(FitsCards.toText(h));
	}

	@Test
	void writeToRoundTripsEveryCase() throws IOException {
		String[] names = { "tan_sip3", "tan_sip4_pole", "sin", "arc", "zea", "car", "car_oblique", "car_latpole",
			"pc_cdelt", "crota2", "swapped", "galactic_car", "arcsec_units", "ra_wrap", "dss" };
		for (String name : names) {
			Wcs w = load(name).transformed(new double[] { 1, 0, 0.5, 0, 1, -0.25 });
			FitsHeader h = header(name);
			w.writeTo(h);
			Wcs back = Wcs.from(text(h));
			assertResampled(w, back, new double[] { 1, 0, 0, 0, 1, 0 }, 400, 300);
			assertEquals(w.frame(), back.frame(), name);
			assertEquals(w.equinox(), back.equinox(), 0, name);
			if (!w.isDssPlate()) {
				assertFalse(h.contains("PC1_1") || h.contains("CDELT1") || h.contains("CROTA2"), name + ": one matrix form");
				assertEquals("deg", h.getString("CUNIT1"));
			}
		}
	}

	@Test
	void writeToKeepsOtherAxesAndDropsStaleCards() {
		FitsHeader h = new FitsHeader();
		h.set("CTYPE1", "RA---TAN", "").set("CTYPE2", "DEC--TAN", "").set("CTYPE3", "FREQ", "");
		h.set("CRPIX1", 10, "").set("CRPIX2", 20, "").set("CRPIX3", 1, "").set("CRVAL3", 1.4e9, "");
		h.set("CDELT1", -1e-3, "").set("CDELT2", 1e-3, "").set("CDELT3", 1e6, "").set("CRVAL1", 30, "");
		h.set("CRVAL2", 40, "").set("CTYPE1A", "X", "").set("LTV1", 5, "").set("OBJECT", "M31", "");
		Wcs w = Wcs.from(h);
		assertNull(w.note());
		w.cropped(3, 4).writeTo(h);
		assertEquals("FREQ", h.getString("CTYPE3"));
		assertEquals(1e6, h.getDouble("CDELT3"), 0);
		assertEquals(1.4e9, h.getDouble("CRVAL3"), 0);
		assertEquals("M31", h.getString("OBJECT"));
		assertFalse(h.contains("CTYPE1A") || h.contains("LTV1") || h.contains("CDELT1"));
		assertEquals(8, h.getDouble("CRPIX1"), 0);
		assertEquals(17, h.getDouble("CRPIX2"), 0);
		assertEquals(-1e-3, h.getDouble("CD1_1"), 0);
	}

	@Test
	void scaleRotationAndFrame() throws IOException {
		Wcs w = load("crota2");
		assertEquals(0.432, w.pixelScale(), 1e-12);
		assertEquals(37, w.rotation(), 1e-12);
		assertEquals("FK4", w.frame());
		assertEquals(1950, w.equinox(), 0);
		assertEquals(0, load("ra_wrap").rotation(), 0);
		assertEquals("ICRS", load("ra_wrap").frame());
		assertEquals("FK5", load("pc_cdelt").frame());
		Wcs g = load("galactic_car");
		assertEquals("GALACTIC", g.frame());
		assertFalse(g.isEquatorial());
		assertTrue(g.note().contains("galactic"), g.note());
		assertEquals(Projection.CAR, g.projection());
	}

	@Test
	void tanFactoryAndSip() {
		double s = 1 / 3600.0;
		Wcs w = Wcs.tan(100, 200, 10, 20, new double[] { -s, 0, 0, s });
		assertArrayEquals(new double[] { 10, 20 }, w.pixelToSky(100, 200), 1e-12);
		// one pixel east is one arcsecond of great circle, to the left
		double[] e = w.pixelToSky(99, 200);
		assertEquals(1, Equatorial.separation(10, 20, e[0], e[1]) * 3600, 1e-9);
		assertTrue(e[0] > 10);
		double[][] a = { { 0, 0, 1e-5 }, { 0, 2e-5, 0 }, { 0, 0, 0 } };
		double[][] b = { { 0, 0, 0 }, { 0, 0, 0 }, { -1e-5, 0, 0 } };
		Wcs d = w.withSip(Sip.of(a, b, null, null));
		// at (u, v) = (10, 20): f = 1e-5 * 400 + 2e-5 * 200 = 0.008 px, g = -1e-5 * 100 = -0.001 px
		double[] p = d.pixelToSky(110, 220), q = w.pixelToSky(110.008, 219.999);
		assertEquals(0, Equatorial.separation(p[0], p[1], q[0], q[1]), EXACT);
		double[] back = d.skyToPixel(p[0], p[1]);
		assertArrayEquals(new double[] { 110, 220 }, back, 1e-10);
		assertArrayEquals(new String[] { "RA---TAN-SIP", "DEC--TAN-SIP" }, d.ctype());
	}

	@Test
	void arraysMatchSinglePositions() throws IOException {
		Wcs w = load("tan_sip3");
		double[] x = { 1, 500.5, 2048 }, y = { 1, 1300.25, 2000 };
		double[] lon = new double[3], lat = new double[3], xb = new double[3], yb = new double[3];
		w.pixelToSky(x, y, lon, lat);
		w.skyToPixel(lon, lat, xb, yb);
		for (int i = 0; i < 3; i++) {
			assertArrayEquals(w.pixelToSky(x[i], y[i]), new double[] { lon[i], lat[i] }, 0);
			assertEquals(x[i], xb[i], 1e-9);
			assertEquals(y[i], yb[i], 1e-9);
		}
		assertThrows(IllegalArgumentException.class, () -> w.pixelToSky(x, y, new double[2], lat));
	}

	@Test
	void outsideTheProjectionIsNaN() throws IOException {
		Wcs tan = load("ra_wrap");
		double[] p = tan.skyToPixel(180.02, -12); // the antipode of the tangent point
		assertTrue(Double.isNaN(p[0]) && Double.isNaN(p[1]));
		Wcs sin = load("sin");
		double[] far = sin.pixelToSky(257 + 1e5, 240.5); // beyond the orthographic limb
		assertTrue(Double.isNaN(far[0]) && Double.isNaN(far[1]));
	}

	// ---------------------------------------------------------------- bad input

	private static FitsHeader tan(String ctype1, String ctype2) {
		FitsHeader h = new FitsHeader().setSource("test.fits");
		h.set("CTYPE1", ctype1, "").set("CTYPE2", ctype2, "").set("CRPIX1", 50, "").set("CRPIX2", 60, "");
		h.set("CRVAL1", 150, "").set("CRVAL2", 2, "").set("CD1_1", -1e-4, "").set("CD2_2", 1e-4, "");
		h.set("CD1_2", 0, "").set("CD2_1", 0, "");
		return h;
	}

	@Test
	void singularMatrixFailsNamingTheKeywords() {
		FitsHeader h = tan("RA---TAN", "DEC--TAN");
		h.set("CD1_1", 1e-4, "").set("CD1_2", 2e-4, "").set("CD2_1", 1e-4, "").set("CD2_2", 2e-4, "");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wcs.from(h));
		assertTrue(e.getMessage().contains("CD1_1") && e.getMessage().contains("test.fits"), e.getMessage());
		FitsHeader c = new FitsHeader();
		c.set("CTYPE1", "RA---TAN", "").set("CTYPE2", "DEC--TAN", "").set("CDELT1", 0, "").set("CDELT2", 1e-4, "");
		e = assertThrows(IllegalArgumentException.class, () -> Wcs.from(c));
		assertTrue(e.getMessage().contains("CDELT1"), e.getMessage());
		Wcs w = Wcs.from(tan("RA---TAN", "DEC--TAN"));
		e = assertThrows(IllegalArgumentException.class, () -> w.transformed(new double[] { 1, 2, 0, 2, 4, 0 }));
		assertTrue(e.getMessage().contains("singular"), e.getMessage());
	}

	@Test
	void unsupportedProjectionKeepsPixelOperations() {
		FitsHeader h = tan("RA---AZP", "DEC--AZP");
		h.set("PV2_1", 2.0, "AZP mu");
		Wcs w = Wcs.from(h);
		assertNotNull(w);
		assertFalse(w.isSupported());
		assertNull(w.projection());
		assertEquals("AZP", w.projectionCode());
		assertTrue(w.note().contains("AZP"), w.note());
		UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> w.pixelToSky(1, 1));
		assertTrue(e.getMessage().contains("AZP"), e.getMessage());
		assertThrows(UnsupportedOperationException.class, () -> w.skyToPixel(150, 2));
		Wcs c = w.cropped(11, 1);
		assertArrayEquals(new double[] { 40, 60 }, c.crpix(), 0);
		FitsHeader out = new FitsHeader();
		c.writeTo(out);
		assertEquals("RA---AZP", out.getString("CTYPE1"));
		assertEquals(2.0, out.getDouble("PV2_1"), 0, "projection parameters travel with the WCS");
		assertEquals(40, out.getDouble("CRPIX1"), 0);
	}

	@Test
	void unsupportedDistortionsAndFrames() {
		FitsHeader tpv = tan("RA---TAN", "DEC--TAN");
		tpv.set("PV1_1", 1.0, "").set("PV1_5", 1e-3, "").set("PV2_1", 1.0, "");
		Wcs w = Wcs.from(tpv);
		assertFalse(w.isSupported());
		assertTrue(w.note().contains("PV1_1"), w.note());
		assertFalse(Wcs.from(tan("RA---TPV", "DEC--TPV")).isSupported());
		FitsHeader lookup = tan("RA---TAN", "DEC--TAN");
		lookup.set("CPDIS1", "LOOKUP", "");
		assertFalse(Wcs.from(lookup).isSupported());
		FitsHeader unit = tan("RA---TAN", "DEC--TAN");
		unit.set("CUNIT1", "m", "");
		assertTrue(Wcs.from(unit).note().contains("CUNIT1"));
		assertFalse(Wcs.from(tan("RA---TAN", "DEC--SIN")).isSupported());
		FitsHeader sip = tan("RA---TAN", "DEC--TAN");
		sip.set("A_ORDER", 2, "").set("B_ORDER", 2, "").set("A_2_0", 1e-5, "");
		Wcs s = Wcs.from(sip);
		assertTrue(s.isSupported());
		assertNotNull(s.sip());
		assertTrue(s.note().contains("-SIP"), s.note());
		FitsHeader half = tan("RA---TAN-SIP", "DEC--TAN-SIP");
		half.set("A_ORDER", 2, "");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wcs.from(half));
		assertTrue(e.getMessage().contains("B_ORDER") && e.getMessage().contains("test.fits"), e.getMessage());
	}

	@Test
	void noCelestialWcsIsNull() {
		assertNull(Wcs.from(new FitsHeader()));
		FitsHeader linear = new FitsHeader();
		linear.set("CTYPE1", "WAVE", "").set("CTYPE2", "ANGLE", "").set("CDELT1", 1, "").set("CDELT2", 1, "");
		assertNull(Wcs.from(linear));
		assertFalse(Wcs.isCelestial(linear));
		assertNull(Wcs.from(tan("RA", "DEC")), "no projection code: not a celestial WCS (as astropy)");
		assertNull(Wcs.from(tan("RA---TAN", "LINEAR")), "a longitude without a latitude");
		FitsHeader cube = tan("FREQ", "RA---TAN");
		cube.set("CTYPE3", "DEC--TAN", "");
		assertNull(Wcs.from(cube), "celestial axes 2 and 3 are not the image plane");
	}
}
