package org.astrofiji.core.wcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sexagesimal text and separations, against hand-computed values. */
class EquatorialTest {

	@Test
	void parsesRaInHoursOrDegrees() {
		double ra = 15 * (12 + 34 / 60.0 + 56.7 / 3600);
		assertEquals(ra, Equatorial.parseRa("12:34:56.7"), 1e-12);
		assertEquals(ra, Equatorial.parseRa(" 12 34 56.7 "), 1e-12);
		assertEquals(ra, Equatorial.parseRa("12h34m56.7s"), 1e-12);
		assertEquals(ra, Equatorial.parseRa("12h 34m 56.7s"), 1e-12);
		assertEquals(15 * (5 + 30.5 / 60), Equatorial.parseRa("05:30.5"), 1e-12);
		assertEquals(188.736, Equatorial.parseRa("188.736"), 0);
		assertEquals(188.736, Equatorial.parseRa("188.736d"), 0);
		assertEquals(0, Equatorial.parseRa("24:00:00"), 0);
	}

	@Test
	void parsesDecWithItsSignOnTheWholeAngle() {
		assertEquals(12 + 34 / 60.0 + 56 / 3600.0, Equatorial.parseDec("+12:34:56"), 1e-12);
		assertEquals(-0.5, Equatorial.parseDec("-00:30:00"), 1e-15);
		assertEquals(-(5 + 6 / 60.0 + 7.5 / 3600), Equatorial.parseDec("-05 06 07.5"), 1e-12);
		assertEquals(-(5 + 6 / 60.0 + 7.5 / 3600), Equatorial.parseDec("\u221205d06m07.5s"), 1e-12);
		assertEquals(41 + 16 / 60.0 + 9 / 3600.0, Equatorial.parseDec("41\u00b016'09\""), 1e-12);
		assertEquals(-5.25, Equatorial.parseDec("-5.25"), 0);
		assertEquals(12.5, Equatorial.parseDec("+12.5"), 0);
	}

	@Test
	void rejectsBadText() {
		for (String s : new String[] { "", "abc", "25:00:00", "12:60:00", "12:30:61", "-12:00:00", "400" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Equatorial.parseRa(s), s);
			assertTrue(e.getMessage().startsWith("RA"), e.getMessage());
		}
		for (String s : new String[] { "+91:00:00", "-90.5", "12:34:xx", "north" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Equatorial.parseDec(s), s);
			assertTrue(e.getMessage().startsWith("Dec"), e.getMessage());
		}
	}

	@Test
	void formatsWithRoundingCarry() {
		assertEquals("12:34:56.70", Equatorial.formatRa(15 * (12 + 34 / 60.0 + 56.7 / 3600), 2));
		assertEquals("00:00:00.0", Equatorial.formatRa(359.9999999, 1), "rounds up into the next day");
		assertEquals("01:00:00", Equatorial.formatRa(15 * (59 / 60.0 + 59.6 / 3600), 0), "59.6 s carries into the hour");
		assertEquals("23:00:00.000", Equatorial.formatRa(-15, 3));
		assertEquals("-00:30:00.0", Equatorial.formatDec(-0.5, 1));
		assertEquals("+13:00:00.00", Equatorial.formatDec(12.9999999999, 2));
		assertEquals("+00:00:00", Equatorial.formatDec(-1e-9, 0), "no negative zero");
		assertEquals("-89:59:59.9", Equatorial.formatDec(-(89 + 59 / 60.0 + 59.94 / 3600), 1));
		for (double d = -89.9; d < 90; d += 7.3) {
			assertEquals(d, Equatorial.parseDec(Equatorial.formatDec(d, 6)), 1e-9 / 3600 * 1.01);
			double ra = (d + 90) * 2;
			assertEquals(ra, Equatorial.parseRa(Equatorial.formatRa(ra, 6)), 15e-9 / 3600 * 1.01);
		}
	}

	@Test
	void separations() {
		assertEquals(90, Equatorial.separation(0, 0, 90, 0), 1e-12);
		assertEquals(180, Equatorial.separation(10, 20, 190, -20), 1e-12);
		assertEquals(0.2, Equatorial.separation(10, 89.9, 190, 89.9), 1e-12);
		// a milliarcsecond on the sky, along RA at dec 60: 2 mas of RA
		double mas = 1 / 3.6e6;
		assertEquals(mas, Equatorial.separation(100, 60, 100 + 2 * mas, 60), 1e-6 * mas);
		assertEquals(mas, Equatorial.separation(359.9999999999, 0, 359.9999999999 + mas, 0), 1e-3 * mas);
		assertEquals(0, Equatorial.separation(0, 45, 360, 45), 1e-12);
	}
}
