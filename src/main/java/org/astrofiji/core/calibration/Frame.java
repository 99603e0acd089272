package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import org.astrofiji.core.calibration.CombineSettings.Scale;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.FitsHeader;

/**
 * A raw frame to calibrate or to calibrate with: its pixels (read in bands), its header and what the
 * recipe needs from it. Unknown numbers are NaN; a null section means none (no overscan) or the
 * whole frame (no trim).
 */
public final class Frame {

	public final String name;
	public final RowSource raw;
	/** Exposure time, s. */
	public final double exptime;
	/** Filter name ("" when the frame has none). */
	public final String filter;
	/** Gain (e-/ADU), read noise (e-), saturation level (raw ADU). */
	public double gain = Double.NaN, readNoise = Double.NaN, saturation = Double.NaN;
	/** Overscan region and data section of the raw frame. */
	public Section overscan, trim;
	/** The raw frame's header: the products made from it start from it. */
	public FitsHeader header = new FitsHeader();

	public Frame(String name, RowSource raw, double exptime, String filter) {
		this.name = name;
		this.raw = raw;
		this.exptime = exptime;
		this.filter = filter == null ? "" : filter.trim();
	}

	/**
	 * A selected frame as the recipe {@code s} reads its header: the exposure time (required where
	 * darks or flats are scaled by it: with {@code darksUsed} and scaled darks for every frame but a
	 * bias, and for flats with flat_scale=exposure), the filter, for science frames gain, read noise
	 * ({@link CcdKeys}: a given value wins) and saturation level, and the overscan and trim sections.
	 */
	public static Frame read(String name, RowSource raw, FitsHeader h, Type type, MasterCalibration.Settings s,
		boolean darksUsed)
	{
		boolean needExposure = (s.scaleDarks && darksUsed && type != Type.BIAS) || (type == Type.FLAT &&
			s.flatScale == Scale.EXPOSURE);
		double exptime = !needExposure ? h.getDoubleOrNaN(s.exptimeKey) : h.requireDouble(s.exptimeKey, type == Type.FLAT &&
			!darksUsed ? "to scale the flats by exposure (flat_scale=exposure)" : "to scale the dark (scale_darks)");
		Frame f = new Frame(name, raw, exptime, s.filterKey == null || s.filterKey.isBlank() ? "" : h.getString(s.filterKey));
		f.header = h;
		if (type == Type.SCIENCE) {
			f.gain = CcdKeys.gain(h, s.gain, Double.NaN).value;
			f.readNoise = CcdKeys.readNoise(h, s.readNoise, Double.NaN).value;
			f.saturation = CcdKeys.saturation(h, 0).value;
		}
		f.overscan = section(s.overscan, "BIASSEC", "overscan", f);
		f.trim = section(s.trim, "TRIMSEC", "trim", f);
		return f;
	}

	/** A section given as text, or 'header' for the frame's own card. */
	private static Section section(String spec, String keyword, String key, Frame f) {
		String s = spec == null ? "" : spec.trim();
		if (s.isEmpty()) return null;
		int w = f.raw.width(), h = f.raw.height();
		if (!s.equalsIgnoreCase("header")) return Section.parse(s, w, h, key);
		String v = f.header.getString(keyword);
		if (v == null || v.isBlank()) throw new IllegalArgumentException(key + "=header but " + f.name + " has no " + keyword +
			" keyword");
		return Section.parse(v, w, h, keyword + " of " + f.name);
	}

	/** Width and height after trimming. */
	public int width() {
		return trim == null ? raw.width() : trim.width;
	}

	public int height() {
		return trim == null ? raw.height() : trim.height;
	}

	/** "512x512" (after trimming). */
	public String shape() {
		return width() + "x" + height();
	}

	@Override
	public String toString() {
		return name;
	}
}
