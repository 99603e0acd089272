package org.astrofiji.core.wcs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Equatorial coordinate text and geometry: sexagesimal RA/Dec as DS9 regions, catalogues and headers
 * write them ({@code 12:34:56.7 +12:34:56}, {@code 12 34 56.7}, {@code 12h34m56.7s +12d34m56s}) or
 * plain degrees ({@code 188.7363}), and angular separation. All angles in and out are degrees.
 */
public final class Equatorial {

	/** Up to three numbers separated by ':', blanks, or h/d/m/s, degree, ' and " marks. */
	private static final Pattern SEXAGESIMAL = Pattern.compile("(\\d+(?:\\.\\d*)?)\\s*(?:[:hHdD\u00b0]|\\s)\\s*" +
		"(\\d+(?:\\.\\d*)?)(?:\\s*(?:[:mM']|\\s)\\s*(\\d+(?:\\.\\d*)?)\\s*(?:[sS\"]|'')?)?\\s*(?:[mM'])?");
	private static final Pattern DEGREES = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*" +
		"(?:d|deg|\u00b0)?", Pattern.CASE_INSENSITIVE);

	private Equatorial() {}

	/**
	 * Right ascension in degrees from sexagesimal hours ("12:34:56.7", "12 34 56.7", "12h34m56.7s",
	 * also hours and minutes only) or from plain degrees ("188.736", "188.736d").
	 *
	 * @throws IllegalArgumentException for text that is neither, or out of range
	 */
	public static double parseRa(String text) {
		String s = clean(text, "RA");
		double[] hms = sexagesimal(s);
		double ra;
		if (hms != null) {
			if (s.startsWith("-") || s.startsWith("+")) throw new IllegalArgumentException("RA '" + text +
				"' must not have a sign");
			check(hms, 24, "RA", text);
			ra = 15 * (hms[0] + hms[1] / 60 + hms[2] / 3600);
		}
		else ra = degrees(s, "RA", text);
		if (!(ra >= 0 && ra <= 360)) throw new IllegalArgumentException("RA '" + text + "' is outside 0 to 360 degrees " +
			"(24 hours)");
		return ra == 360 ? 0 : ra;
	}

	/**
	 * Declination in degrees from sexagesimal degrees ("+12:34:56", "-00:30:00", "12d34m56s",
	 * "12 34 56") or from plain degrees ("-5.25").
	 *
	 * @throws IllegalArgumentException for text that is neither, or beyond +-90
	 */
	public static double parseDec(String text) {
		String s = clean(text, "Dec");
		double sign = 1;
		String body = s;
		if (s.startsWith("-") || s.startsWith("+")) {
			sign = s.startsWith("-") ? -1 : 1;
			body = s.substring(1).trim();
		}
		double[] dms = sexagesimal(body);
		double dec;
		if (dms != null) {
			check(dms, 90, "Dec", text);
			// the sign belongs to the whole angle: -00:30:00 is -0.5
			dec = sign * (dms[0] + dms[1] / 60 + dms[2] / 3600);
		}
		else dec = degrees(s, "Dec", text);
		if (!(Math.abs(dec) <= 90)) throw new IllegalArgumentException("Dec '" + text + "' is beyond +-90 degrees");
		return dec;
	}

	private static String clean(String text, String what) {
		if (text == null || text.isBlank()) throw new IllegalArgumentException(what + " is empty");
		return text.trim().replace('\u2212', '-');
	}

	/** {first, minutes, seconds} of sexagesimal text without sign, or null when it is one plain number. */
	private static double[] sexagesimal(String s) {
		Matcher m = SEXAGESIMAL.matcher(s);
		if (!m.matches()) return null;
		return new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
			m.group(3) == null ? 0 : Double.parseDouble(m.group(3)) };
	}

	private static void check(double[] v, double maxFirst, String what, String text) {
		if (v[0] > maxFirst || v[1] >= 60 || v[2] >= 60) throw new IllegalArgumentException(what + " '" + text +
			"' is not a valid sexagesimal angle (minutes and seconds must be below 60)");
	}

	private static double degrees(String s, String what, String text) {
		Matcher m = DEGREES.matcher(s);
		if (!m.matches()) throw new IllegalArgumentException(what + " '" + text + "' is neither sexagesimal " +
			"(12:34:56.7) nor degrees (188.736)");
		return Double.parseDouble(m.group(1));
	}

	/** RA in degrees as "hh:mm:ss.sss" with {@code decimals} decimals of seconds (0 to 9), rounded. */
	public static String formatRa(double ra, int decimals) {
		if (!Double.isFinite(ra)) throw new IllegalArgumentException("RA must be finite (got " + ra + ")");
		double r = ra % 360;
		if (r < 0) r += 360;
		return sexagesimal(r / 15, decimals, 24, false);
	}

	/** Dec in degrees as "+dd:mm:ss.ss" with {@code decimals} decimals of arcseconds (0 to 9), rounded. */
	public static String formatDec(double dec, int decimals) {
		if (!(Math.abs(dec) <= 90)) throw new IllegalArgumentException("Dec must be within +-90 degrees (got " + dec +
			")");
		return sexagesimal(dec, decimals, 0, true);
	}

	private static String sexagesimal(double value, int decimals, int wrap, boolean signed) {
		if (decimals < 0 || decimals > 9) throw new IllegalArgumentException("decimals must be 0 to 9 (got " +
			decimals + ")");
		long scale = 1;
		for (int i = 0; i < decimals; i++) scale *= 10;
		// round once, in units of the last digit, so that 59.9999 carries into the minutes
		long units = Math.round(Math.abs(value) * 3600 * scale);
		if (wrap > 0) units %= wrap * 3600L * scale;
		long whole = units / scale, frac = units % scale;
		long first = whole / 3600, min = whole / 60 % 60, sec = whole % 60;
		StringBuilder s = new StringBuilder();
		if (signed) s.append(value < 0 && units != 0 ? '-' : '+');
		s.append(String.format(Locale.ROOT, "%02d:%02d:%02d", first, min, sec));
		if (decimals > 0) s.append('.').append(String.format(Locale.ROOT, "%0" + decimals + "d", frac));
		return s.toString();
	}

	/** Angular separation of two positions, degrees (Vincenty's formula: accurate at every distance). */
	public static double separation(double ra1, double dec1, double ra2, double dec2) {
		double d1 = Math.toRadians(dec1), d2 = Math.toRadians(dec2), da = Math.toRadians(ra2 - ra1);
		double s1 = Math.sin(d1), c1 = Math.cos(d1), s2 = Math.sin(d2), c2 = Math.cos(d2);
		double cda = Math.cos(da);
		double num = Math.hypot(c2 * Math.sin(da), c1 * s2 - s1 * c2 * cda);
		double den = s1 * s2 + c1 * c2 * cda;
		return Math.toDegrees(Math.atan2(num, den));
	}
}
