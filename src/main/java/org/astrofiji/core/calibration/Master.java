package org.astrofiji.core.calibration;

import org.astrofiji.core.image.FitsHeader;

import org.astrofiji.core.image.Dq;

import org.astrofiji.core.image.AstroImage;

import java.util.List;

/** A master calibration frame: the combined value, its standard error and the frames used per pixel. */
public final class Master {

	/** "bias", "dark" or "flat". */
	public final String kind;
	/** What it is called: "master_bias", "master_dark_60s", "master_flat_V". */
	public final String label;
	public final int width, height;
	public final float[] value, error;
	public final int[] count;
	/** Exposure time (darks; NaN when unknown), filter (flats; "" otherwise). */
	public final double exptime;
	public final String filter;
	/** The frames combined, in order. */
	public final List<String> inputs;
	/** How it was made, e.g. "median of 5 frames, 512x512: 0 values rejected, 0 NaN skipped". */
	public final String description;

	private Master(String kind, String label, int width, int height, float[] value, float[] error, double exptime, String filter) {
		this.kind = kind;
		this.label = label;
		this.width = width;
		this.height = height;
		this.value = value;
		this.error = error;
		this.count = null;
		this.exptime = exptime;
		this.filter = filter == null ? "" : filter;
		this.inputs = List.of();
		this.description = "";
	}

	/** A master made by an earlier run, read back for the later steps of the recipe (no counts, inputs or description). */
	public static Master stored(String kind, String label, int width, int height, float[] value, float[] error, double exptime,
		String filter)
	{
		if (value.length != width * height || error.length != value.length) throw new IllegalArgumentException(label +
			": values and errors must be " + width + "x" + height);
		return new Master(kind, label, width, height, value, error, exptime, filter);
	}

	Master(String kind, String label, CombineResult r, double exptime, String filter, List<String> inputs, String description) {
		this.kind = kind;
		this.label = label;
		this.width = r.width;
		this.height = r.height;
		this.value = r.value;
		this.error = r.error;
		this.count = r.count;
		this.exptime = exptime;
		this.filter = filter == null ? "" : filter;
		this.inputs = List.copyOf(inputs);
		this.description = description;
	}

	/** The master as an image: the values, their standard error as ERR, DQ no_data where no frame contributed. */
	public AstroImage image(FitsHeader header) {
		return AstroImage.of(label, value, width, height, header).withErr(error).withDq(Dq.noData(count));
	}

	@Override
	public String toString() {
		return label + " (" + description + ")";
	}
}
