package org.astrofiji.core.image;

import java.util.List;
import java.util.Locale;

/**
 * The detector numbers a recipe reads from a header, with the one list of keywords every command
 * looks through (observatories spell them differently): gain, read noise, saturation and exposure
 * time. A value the user gives wins; a keyword that is present must hold a positive number (a wrong
 * one is named, never silently replaced by a default).
 */
public final class CcdKeys {

	/** e-/ADU: GAIN, then EGAIN (SBIG, MaxIm), ATODGAIN (HST), CCDGAIN. */
	public static final List<String> GAIN = List.of("GAIN", "EGAIN", "ATODGAIN", "CCDGAIN");
	/** e-: RDNOISE, then READNOIS (HST), READNSE, RON. */
	public static final List<String> READ_NOISE = List.of("RDNOISE", "READNOIS", "READNSE", "RON");
	/** Image units: SATURATE, then SATLEVEL. */
	public static final List<String> SATURATION = List.of("SATURATE", "SATLEVEL");
	/** Seconds: EXPTIME, then EXPOSURE, ITIME. */
	public static final List<String> EXPOSURE = List.of("EXPTIME", "EXPOSURE", "ITIME");

	private CcdKeys() {}

	/** A number and where it came from ("GAIN", "given", "default"). */
	public static final class Value {

		public final double value;
		public final String source;

		Value(double value, String source) {
			this.value = value;
			this.source = source;
		}

		public boolean fromHeader() {
			return !source.equals("given") && !source.equals("default");
		}

		/** "gain 1.5 from EGAIN" for a run's summary, or "" when the user gave it. */
		public String note(String what) {
			if (source.equals("given")) return "";
			return what + " " + format(value) + (fromHeader() ? " from " + source : " (default: no " + what + " keyword)");
		}

		@Override
		public String toString() {
			return format(value) + " (" + source + ")";
		}
	}

	/**
	 * {@code given} when it is > 0, else the first of the keywords the header has (a positive
	 * number, or an error naming the keyword and what to give instead), else {@code fallback} (NaN: none).
	 */
	public static Value lookup(FitsHeader h, String what, double given, List<String> keys, double fallback) {
		if (given > 0) return new Value(given, "given");
		if (h != null) {
			for (String k : keys) {
				if (!h.contains(k)) continue;
				Double v;
				try {
					v = h.getDouble(k);
				}
				catch (IllegalArgumentException e) {
					v = null;
				}
				if (v == null || !(v > 0) || v.isInfinite()) throw new IllegalArgumentException(what + ": header card " + k +
					" = '" + h.getString(k) + "'" + (h.source().isEmpty() ? "" : " in " + h.source()) +
					" is not a positive number; give " + what + " explicitly");
				return new Value(v, k);
			}
		}
		return new Value(fallback, "default");
	}

	public static Value gain(FitsHeader h, double given, double fallback) {
		return lookup(h, "gain", given, GAIN, fallback);
	}

	public static Value readNoise(FitsHeader h, double given, double fallback) {
		return lookup(h, "read_noise", given, READ_NOISE, fallback);
	}

	/** The saturation level in image units, or NaN when neither given nor in the header. */
	public static Value saturation(FitsHeader h, double given) {
		return lookup(h, "saturation", given, SATURATION, Double.NaN);
	}

	/** Exposure time in seconds, or NaN when the header has none. */
	public static Value exposure(FitsHeader h) {
		return lookup(h, "exposure time", 0, EXPOSURE, Double.NaN);
	}

	static String format(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
	}
}
