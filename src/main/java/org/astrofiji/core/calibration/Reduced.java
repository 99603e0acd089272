package org.astrofiji.core.calibration;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;

/**
 * A calibrated science frame: values (NaN where there is no result), their uncertainty, and data
 * quality flags ({@link Dq}: bad where the flat is zero, negative or NaN, so the pixel is NaN, never
 * +-inf; no_data where the frame or a master is NaN; saturated where the raw value reached the
 * saturation level; hot and dead from the run's {@link BadPixels}, whose values are calibrated as any
 * other's).
 */
public final class Reduced {

	public final Frame frame;
	/** What the product is called: "science_V_001_red". */
	public final String label;
	public final int width, height;
	public final float[] value, error;
	public final short[] dq;
	public final long badFlat, noData, saturated;
	/** What was done: the masters used and the dark factor. */
	public final String description;
	/**
	 * The lowest calibrated value a saturated raw pixel can take anywhere in the frame: the raw
	 * saturation level through the same bias, dark and flat arithmetic (NaN when unknown). Below the
	 * raw level after bias subtraction, so tools that mask saturated stars (L.A.Cosmic's satlevel)
	 * need this value, not the raw one.
	 */
	public final double saturation;

	/** The reduced frame as an image (SCI, ERR, DQ). */
	public AstroImage image(FitsHeader header) {
		return AstroImage.of(label, value, width, height, header).withErr(error).withDq(dq);
	}

	Reduced(Frame frame, String label, int width, int height, float[] value, float[] error, short[] dq, String description,
		double saturation)
	{
		this.frame = frame;
		this.label = label;
		this.width = width;
		this.height = height;
		this.value = value;
		this.error = error;
		this.dq = dq;
		this.description = description;
		this.saturation = saturation;
		long b = 0, n = 0, s = 0;
		for (short f : dq) {
			if ((f & Dq.BAD) != 0) b++;
			if ((f & Dq.NO_DATA) != 0) n++;
			if ((f & Dq.SATURATED) != 0) s++;
		}
		badFlat = b;
		noData = n;
		saturated = s;
	}
}
