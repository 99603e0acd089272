package org.astrofiji.pipeline;

import java.io.Serializable;
import java.util.Locale;

import org.astrofiji.core.calibration.FrameSelection;

/**
 * One FITS file of a night as the plan sees it: its type, filter, exposure, size and epoch from the
 * header, and whether it is used (else why not). Plain data, so a distributed engine can ship it to
 * the workers that process the frame.
 */
public final class NightFrame implements Serializable {

	private static final long serialVersionUID = 1L;

	/** The file name in the input directory, e.g. {@code science_V_001.fits}. */
	public final String name;
	/** bias, dark, flat or science; null when unknown (an unreadable file). */
	public final FrameSelection.Type type;
	/** The filter ("" when the frame has no filter keyword). */
	public final String filter;
	/** Exposure time, s (NaN when unknown). */
	public final double exptime;
	public final int width, height;
	/** Mid-exposure MJD (NaN when the header has no time). */
	public final double mjd;
	/** The epoch label (the UTC date its night started, e.g. 2026-03-21), "" when undated; set by the plan. */
	final String epoch;
	/** Why the frame is not used, or null when it is. */
	final String skipped;

	NightFrame(String name, FrameSelection.Type type, String filter, double exptime, int width, int height, double mjd,
		String epoch, String skipped)
	{
		this.name = name;
		this.type = type;
		this.filter = filter == null ? "" : filter;
		this.exptime = exptime;
		this.width = width;
		this.height = height;
		this.mjd = mjd;
		this.epoch = epoch == null ? "" : epoch;
		this.skipped = skipped;
	}

	/** An unreadable or unclassified file. */
	static NightFrame unusable(String name, String why) {
		return new NightFrame(name, null, "", Double.NaN, 0, 0, Double.NaN, "", why);
	}

	NightFrame skip(String why) {
		return new NightFrame(name, type, filter, exptime, width, height, mjd, epoch, why);
	}

	NightFrame inEpoch(String label) {
		return new NightFrame(name, type, filter, exptime, width, height, mjd, label, skipped);
	}

	public String epoch() {
		return epoch;
	}

	public boolean isUsed() {
		return skipped == null;
	}

	/** Why the frame is not used ("" when it is). */
	public String skipReason() {
		return skipped == null ? "" : skipped;
	}

	public boolean isScience() {
		return type == FrameSelection.Type.SCIENCE;
	}

	/** The name without directory and FITS extension: {@code science_V_001}. */
	public String stem() {
		return stem(name);
	}

	static String stem(String name) {
		return name.replaceAll("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "");
	}

	/** "1024x1024". */
	public String size() {
		return width + "x" + height;
	}

	/** The filter as shown to users: its name, or "(none)". */
	public String filterLabel() {
		return filter.isEmpty() ? "(none)" : filter;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s (%s, %s, %s s, %s%s)", name, type == null ? "unknown" : type.label, filterLabel(),
			Double.isNaN(exptime) ? "?" : String.valueOf(exptime), size(), skipped == null ? "" : "; skipped: " + skipped);
	}
}
