package org.astrofiji.core.calibration;

/**
 * A raw frame to calibrate or to calibrate with: its pixels (read in bands) and what the recipe
 * needs from its header. Unknown numbers are NaN; a null section means none (no overscan) or the
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

	public Frame(String name, RowSource raw, double exptime, String filter) {
		this.name = name;
		this.raw = raw;
		this.exptime = exptime;
		this.filter = filter == null ? "" : filter.trim();
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
