package org.astrofiji.core.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The data-quality flags: one bit each, the same in every workflow, in memory (an {@link AstroImage}'s
 * DQ plane, 16-bit) and in files (the DQ extension, BITPIX 16). A pixel with no bit set is good. Bit 15
 * is never used, so the stored 16-bit values need no BZERO.
 */
public final class Dq {

	/** Unusable for a known reason without its own bit (e.g. flat <= 0 or NaN there; listed in a user mask). */
	public static final int BAD = 1;
	/** No value: no frame contributed, off the resampled footprint, or NaN in the input. */
	public static final int NO_DATA = 2;
	/** At or above the saturation level in the raw frame. */
	public static final int SATURATED = 4;
	/** Hot pixel: dark current far above the detector's (from the master dark). */
	public static final int HOT = 8;
	/** Dead or low-response pixel (from the master flat). */
	public static final int DEAD = 16;
	/** Hit by a cosmic ray (the value was replaced: see {@link #INTERPOLATED}). */
	public static final int COSMIC_RAY = 32;
	/** The value was interpolated from neighbours (cosmic-ray cleaning, resampling over a flagged pixel). */
	public static final int INTERPOLATED = 64;
	/** Near the image edge: a filter or resampling reached beyond the image there. */
	public static final int EDGE = 128;

	/**
	 * Pixels whose value a fit or a measurement should not use. Cosmic-ray pixels are not among them: the
	 * flag is set where cleaning replaced the value by an estimate from the neighbours ({@link #INTERPOLATED}).
	 */
	public static final int UNUSABLE = BAD | NO_DATA | SATURATED | HOT | DEAD;
	/** Pixels with a defect of the detector itself: what a bad-pixel mask lists. */
	public static final int DETECTOR = BAD | HOT | DEAD;

	/**
	 * The keyword and value that mark a DQ extension as holding these flags. Other DQ extensions (HST's,
	 * JWST's) use other bits, so a reader attaches only marked ones.
	 */
	public static final String MARKER_KEY = "DQFLAGS", MARKER_VALUE = "AstroFiji";

	private static final int[] BITS = { BAD, NO_DATA, SATURATED, HOT, DEAD, COSMIC_RAY, INTERPOLATED, EDGE };
	private static final String[] NAMES = { "bad", "no_data", "saturated", "hot", "dead", "cosmic_ray",
		"interpolated", "edge" };

	private Dq() {}

	/** The flags, lowest bit first. */
	public static int[] bits() {
		return BITS.clone();
	}

	/** The name of one flag ("hot"). */
	public static String name(int bit) {
		for (int i = 0; i < BITS.length; i++) if (BITS[i] == bit) return NAMES[i];
		throw new IllegalArgumentException("no DQ flag " + bit);
	}

	/** The names of the flags set in {@code value}, joined by '+' ("hot+saturated"), or "" when none. */
	public static String names(int value) {
		List<String> n = new ArrayList<>();
		for (int i = 0; i < BITS.length; i++) if ((value & BITS[i]) != 0) n.add(NAMES[i]);
		return String.join("+", n);
	}

	/**
	 * The bits of a list of flag names ("hot,cosmic_ray") or a number ("40"): how a user names the
	 * flags a command should treat as bad.
	 */
	public static int parse(String what, String text) {
		String t = text == null ? "" : text.trim();
		if (t.isEmpty() || t.equalsIgnoreCase("none")) return 0;
		if (t.matches("\\d+")) {
			int v = Integer.parseInt(t);
			if (v > 0x7FFF) throw new IllegalArgumentException(what + ": DQ flags are at most 32767 (got " + t + ")");
			return v;
		}
		if (t.equalsIgnoreCase("unusable")) return UNUSABLE;
		int v = 0;
		for (String part : t.split("\\s*[,+]\\s*|\\s+", -1)) {
			// "bad+" or "bad,,hot" is a typo, not "bad"
			if (part.isEmpty()) throw new IllegalArgumentException(what + ": '" + text + "' has an empty flag name; give flag " +
				"names joined by +, e.g. bad+hot");
			int bit = 0;
			for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equalsIgnoreCase(part)) bit = BITS[i];
			if (bit == 0) throw new IllegalArgumentException(what + ": no DQ flag '" + part + "'; the flags are " +
				String.join(", ", NAMES) + " (or unusable, none, or a number)");
			v |= bit;
		}
		return v;
	}

	/** A copy of {@code data} with NaN where {@code dq} has any of {@code flags} (the pixels a fit leaves out). */
	public static float[] withoutFlagged(float[] data, short[] dq, int flags) {
		float[] out = data.clone();
		for (int i = 0; i < out.length; i++) if ((dq[i] & flags) != 0) out[i] = Float.NaN;
		return out;
	}

	/** Flags of a combination: {@link #NO_DATA} where no frame contributed ({@code count} 0). */
	public static short[] noData(int[] count) {
		short[] dq = new short[count.length];
		for (int i = 0; i < dq.length; i++) if (count[i] == 0) dq[i] = NO_DATA;
		return dq;
	}

	/** One line per flag, "1 bad: ...", for the DQ extension's COMMENT cards and the docs. */
	public static List<String> legend() {
		String[] what = { "unusable (flat <= 0 or NaN, or listed in a mask)", "no data", "saturated", "hot pixel",
			"dead or low-response pixel", "cosmic ray", "interpolated value", "near the edge" };
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < BITS.length; i++) lines.add(BITS[i] + " " + NAMES[i] + ": " + what[i]);
		return lines;
	}
}
