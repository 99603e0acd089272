package org.astrofiji.core.calibration;

import org.astrofiji.core.image.FitsHeader;

import org.astrofiji.core.image.Dq;

import org.astrofiji.core.image.AstroImage;

/**
 * A combined frame: per pixel the combined value, its standard error and the number of frames used
 * (0 where every frame was NaN or rejected: the value is NaN there), with what the combination did.
 */
public final class CombineResult {

	public final int width, height, frames;
	public final float[] value, error;
	public final int[] count;
	/** Frame pixels that were NaN (skipped) and values rejected (sigma_clip, minmax), over the whole stack. */
	public final long nanSkipped, rejected;
	/** Pixels with no value left. */
	public final long empty;
	/** The factor each frame was multiplied by (all 1 without scaling). */
	public final double[] scaleFactors;
	/** What was done, e.g. "median of 5 frames". */
	public final String description;

	CombineResult(int width, int height, int frames, float[] value, float[] error, int[] count, long nanSkipped,
		long rejected, double[] scaleFactors, String description)
	{
		this.width = width;
		this.height = height;
		this.frames = frames;
		this.value = value;
		this.error = error;
		this.count = count;
		this.nanSkipped = nanSkipped;
		this.rejected = rejected;
		this.scaleFactors = scaleFactors;
		this.description = description;
		long e = 0;
		for (int c : count) if (c == 0) e++;
		this.empty = e;
	}

	/** The same combination with another description (what was done before it, e.g. an alignment). */
	CombineResult described(String newDescription) {
		return new CombineResult(width, height, frames, value, error, count, nanSkipped, rejected, scaleFactors, newDescription);
	}

	/** The combination as an image: the values, their standard error as ERR, DQ no_data where no frame contributed. */
	public AstroImage image(String name, FitsHeader header) {
		return AstroImage.of(name, value, width, height, header).withErr(error).withDq(Dq.noData(count));
	}

	/** One line for logs and HISTORY. */
	public String summary() {
		StringBuilder sb = new StringBuilder(description).append(", ").append(width).append('x').append(height);
		sb.append(": ").append(rejected).append(" values rejected, ").append(nanSkipped).append(" NaN skipped");
		if (empty > 0) sb.append(", ").append(empty).append(" pixels with no value (NaN)");
		return sb.toString();
	}

	/** Mean of the finite combined values. */
	public double meanValue() {
		return StackCombiner.finiteMean(value);
	}
}
