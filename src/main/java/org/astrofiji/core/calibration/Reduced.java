package org.astrofiji.core.calibration;

/**
 * A calibrated science frame: values (NaN where there is no result), their uncertainty, and a data
 * quality mask with the flags below.
 */
public final class Reduced {

	/** DQ flag: the flat is zero, negative or NaN here, so the pixel is NaN (never +-inf). */
	public static final int BAD_FLAT = 1;
	/** DQ flag: no data (NaN in the frame or in a master). */
	public static final int NO_DATA = 2;
	/** DQ flag: the raw value reached the saturation level. */
	public static final int SATURATED = 4;

	public final Frame frame;
	/** What the product is called: "science_V_001_red". */
	public final String label;
	public final int width, height;
	public final float[] value, error;
	public final byte[] dq;
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

	Reduced(Frame frame, String label, int width, int height, float[] value, float[] error, byte[] dq, String description,
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
		for (byte f : dq) {
			if ((f & BAD_FLAT) != 0) b++;
			if ((f & NO_DATA) != 0) n++;
			if ((f & SATURATED) != 0) s++;
		}
		badFlat = b;
		noData = n;
		saturated = s;
	}
}
