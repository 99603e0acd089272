package org.astrofiji.core.photometry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mid-exposure time of a frame from its header values, as a Modified Julian Date (UTC, days):
 * the start of the exposure from {@code DATE-OBS} (ISO 8601 {@code yyyy-mm-ddThh:mm:ss[.s]}, or a date
 * with the time in {@code TIME-OBS} or {@code UT}, or the old {@code dd/mm/yy} of 19yy), else
 * {@code MJD-OBS}, else {@code JD} (minus 2400000.5), plus half of {@code EXPTIME} (or
 * {@code EXPOSURE}; 0 when neither is given). All three keywords are read as the start of the exposure,
 * as the FITS standard defines DATE-OBS and MJD-OBS. No leap seconds, no light-travel-time
 * (heliocentric or barycentric) correction.
 */
public final class ObservationTime {

	/** JD = MJD + this. */
	public static final double MJD_ZERO = 2400000.5;
	/** MJD of 1970-01-01, the epoch of {@link LocalDate#toEpochDay()}. */
	private static final long MJD_OF_EPOCH = 40587;
	private static final Pattern OLD_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2})");

	private ObservationTime() {}

	/**
	 * The mid-exposure MJD from header values; null strings and NaN numbers are missing values.
	 *
	 * @param exposure seconds
	 */
	public static double midExposureMjd(String dateObs, String timeObs, double mjdObs, double jd, double exposure) {
		double start;
		if (dateObs != null && !dateObs.isBlank()) start = mjd(dateObs.trim(), timeObs);
		else if (Double.isFinite(mjdObs)) start = mjdObs;
		else if (Double.isFinite(jd)) start = jd - MJD_ZERO;
		else throw new IllegalArgumentException("no observation time: the header has none of DATE-OBS, MJD-OBS and JD");
		if (Double.isFinite(exposure) && exposure < 0) throw new IllegalArgumentException("EXPTIME must be >= 0 (got " + exposure + ")");
		return start + (Double.isFinite(exposure) ? exposure / 2 / 86400 : 0);
	}

	/**
	 * The same from a header lookup (keyword to value text, null when absent): DATE-OBS, TIME-OBS or UT,
	 * MJD-OBS, JD, EXPTIME or EXPOSURE.
	 */
	public static double midExposureMjd(Function<String, String> header) {
		String time = header.apply("TIME-OBS");
		if (time == null) time = header.apply("UT");
		String exp = header.apply("EXPTIME");
		if (exp == null) exp = header.apply("EXPOSURE");
		return midExposureMjd(header.apply("DATE-OBS"), time, number("MJD-OBS", header.apply("MJD-OBS")), number("JD",
			header.apply("JD")), number("EXPTIME", exp));
	}

	/** The MJD of a DATE-OBS value (and a separate time of day when the date has none). */
	static double mjd(String dateObs, String timeObs) {
		String date = dateObs, time = null;
		int t = dateObs.indexOf('T');
		if (t >= 0) {
			date = dateObs.substring(0, t);
			time = dateObs.substring(t + 1);
		}
		else if (timeObs != null && !timeObs.isBlank()) time = timeObs.trim();
		LocalDate d;
		Matcher old = OLD_DATE.matcher(date);
		try {
			d = old.matches() ? LocalDate.of(1900 + Integer.parseInt(old.group(3)), Integer.parseInt(old.group(2)), Integer.parseInt(
				old.group(1))) : LocalDate.parse(date);
		}
		catch (DateTimeException e) {
			throw new IllegalArgumentException("DATE-OBS '" + dateObs + "' is not a date (yyyy-mm-ddThh:mm:ss or dd/mm/yy)");
		}
		double day = 0;
		if (time != null && !time.isEmpty()) {
			if (time.endsWith("Z")) time = time.substring(0, time.length() - 1);
			try {
				LocalTime lt = LocalTime.parse(time.length() == 5 ? time + ":00" : time);
				day = lt.toNanoOfDay() / 86400e9;
			}
			catch (DateTimeParseException e) {
				throw new IllegalArgumentException("observation time '" + time + "' is not hh:mm:ss[.s]");
			}
		}
		return d.toEpochDay() + MJD_OF_EPOCH + day;
	}

	private static double number(String key, String v) {
		if (v == null || v.isBlank()) return Double.NaN;
		try {
			return Double.parseDouble(v.trim().replace("'", "").trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + " '" + v + "' is not a number");
		}
	}
}
