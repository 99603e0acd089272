package org.astrofiji.core.wcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Wcs} against astropy.wcs 5.2.1 ({@code all_pix2world}/{@code all_world2pix}, wcslib 7.12) on
 * every FITS file of ../shared/data with a celestial WCS and on synthetic headers (TAN-SIP, SIN, ARC,
 * ZEA, CAR, PC+CDELT, CROTA2, swapped axes, galactic, arcsec units, DSS plate); expected values from
 * src/test/oracle/wcs_expected.py. Targets: 1 mas on the sky, 1e-6 px back to the pixel.
 */
class WcsOracleTest {

	static final double MAS = 1 / 3.6e6;
	static final double PX = 1e-6;

	@TestFactory
	Stream<DynamicTest> synthetic() throws IOException {
		return cases("synthetic").map(c -> DynamicTest.dynamicTest(c.get("name"), () -> {
			FitsHeader h = FitsCards.parse(resource("/expected/wcs/" + c.get("name") + ".hdr"));
			check(c, h);
		}));
	}

	@TestFactory
	Stream<DynamicTest> realData() throws IOException {
		return cases("real").map(c -> DynamicTest.dynamicTest(c.get("name"), () -> {
			File f = SharedData.file(c.get("file"));
			check(c, FitsReader.readHeader(f, c.get("hdu")));
		}));
	}

	private static Stream<Map<String, String>> cases(String kind) throws IOException {
		List<Map<String, String>> out = new ArrayList<>();
		for (Map<String, String> c : SharedData.csv("/expected/wcs/cases.csv")) if (c.get("kind").equals(kind)) out.add(c);
		return out.stream();
	}

	private static void check(Map<String, String> c, FitsHeader h) throws IOException {
		String name = c.get("name");
		assertTrue(Wcs.isCelestial(h), name);
		Wcs w = Wcs.from(h);
		assertNotNull(w, name);
		assertTrue(w.isSupported(), name + ": " + w.note());
		if (w.isEquatorial()) assertEquals(c.get("radesys"), w.frame(), name + " frame");
		// wcslib drops EQUINOX for ICRS, where it means nothing; we keep what the header says
		double eq = Double.parseDouble(c.get("equinox"));
		if (!"ICRS".equals(c.get("radesys"))) assertEquals(eq, w.equinox(), 0, name + " equinox");
		double sky = 0, back = 0, self = 0;
		for (Map<String, String> r : SharedData.csv("/expected/wcs/" + name + ".csv")) {
			double x = num(r, "x"), y = num(r, "y"), lon = num(r, "lon"), lat = num(r, "lat");
			double[] s = w.pixelToSky(x, y);
			double d = Equatorial.separation(lon, lat, s[0], s[1]);
			assertTrue(d <= MAS, () -> String.format(Locale.ROOT, "%s (%s, %s): sky %s, %s vs astropy %s, %s: %.3g mas",
				name, x, y, s[0], s[1], lon, lat, d / MAS));
			sky = Math.max(sky, d);
			double[] p = w.skyToPixel(lon, lat);
			double e = Math.max(Math.abs(p[0] - x), Math.abs(p[1] - y));
			assertTrue(e <= PX, () -> String.format(Locale.ROOT, "%s: sky (%s, %s) -> pixel (%s, %s), expected (%s, %s)",
				name, lon, lat, p[0], p[1], x, y));
			back = Math.max(back, e);
			double[] q = w.skyToPixel(s[0], s[1]);
			self = Math.max(self, Math.max(Math.abs(q[0] - x), Math.abs(q[1] - y)));
		}
		assertTrue(self <= PX, name + " round trip " + self + " px");
		System.out.printf(Locale.ROOT, "WCS %-22s vs astropy: sky %.2e mas, pixel %.2e px; round trip %.2e px%n", name,
			sky / MAS, back, self);
	}

	private static double num(Map<String, String> r, String k) {
		return Double.parseDouble(r.get(k));
	}

	static String resource(String name) throws IOException {
		try (InputStream in = WcsOracleTest.class.getResourceAsStream(name)) {
			if (in == null) throw new IOException("missing test resource " + name);
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}
}
