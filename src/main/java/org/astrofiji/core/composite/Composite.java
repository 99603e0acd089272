package org.astrofiji.core.composite;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;

/**
 * A colour composite: 8 bits per channel packed as ARGB ints (alpha 255; row-major, ImageJ
 * orientation, so row 0 is the top of the picture and FITS row 1 its bottom), optionally the float
 * channels in [0, 1] it was quantized from, and what was used and found on the way.
 */
public final class Composite {

	private final int width, height;
	private final int[] argb;
	private final float[][] planes;
	private final double[] low, high;
	private final long noData;
	private final long[] saturated;

	Composite(int width, int height, int[] argb, float[][] planes, double[] low, double[] high, long noData,
		long[] saturated)
	{
		this.width = width;
		this.height = height;
		this.argb = argb;
		this.planes = planes;
		this.low = low;
		this.high = high;
		this.noData = noData;
		this.saturated = saturated;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The packed pixels, 0xAARRGGBB, row-major. */
	public int[] argb() {
		return argb;
	}

	/** The 8-bit value of channel c (0 red, 1 green, 2 blue) at memory (x, y). */
	public int value(int c, int x, int y) {
		return (argb[y * width + x] >> (16 - 8 * c)) & 0xff;
	}

	/** The composite as an imglib2 colour image over the same pixels. */
	public ArrayImg<ARGBType, IntArray> rgb() {
		return ArrayImgs.argbs(argb, width, height);
	}

	/** The float channels (0..1, NaN where there is no data) when they were kept, else null. */
	public float[][] planes() {
		return planes;
	}

	/** The float channels as a 3-plane image (red, green, blue), or null when they were not kept. */
	public PlanarImg<FloatType, FloatArray> stack() {
		return planes == null ? null : Images.stack(width, height, planes);
	}

	/** The black point used for channel c (a per-channel stretch), NaN for Lupton. */
	public double low(int c) {
		return low[c];
	}

	/** The white point used for channel c (a per-channel stretch), NaN for Lupton. */
	public double high(int c) {
		return high[c];
	}

	/** Pixels with no data (NaN or infinite) in some channel, shown black. */
	public long noData() {
		return noData;
	}

	/** Pixels whose channel c is at the full 255. */
	public long saturated(int c) {
		return saturated[c];
	}
}
