package org.astrofiji.core.photometry;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.astrofiji.core.Images;

/**
 * The image photometry measures: values (in-memory orientation, row-major), and optionally the 1-sigma
 * error of each pixel (ERR) and data-quality bit flags (DQ) with the bits that make a pixel bad.
 * NaN values and pixels with a bad DQ bit are left out of every sum and counted.
 */
public final class Pixels {

	public final int width, height;
	final float[] values;
	final float[] err;
	final short[] dq;
	final int badBits;
	final float[] background;
	final int[] labels;

	private Pixels(float[] values, int width, int height, float[] err, short[] dq, int badBits, float[] background,
		int[] labels)
	{
		this.values = values;
		this.width = width;
		this.height = height;
		this.err = err;
		this.dq = dq;
		this.badBits = badBits;
		this.background = background;
		this.labels = labels;
	}

	/** The pixels of a row-major w x h array (not copied). */
	public static Pixels of(float[] values, int width, int height) {
		if (width < 1 || height < 1 || values.length != (long) width * height) throw new IllegalArgumentException(
			"pixel array of length " + values.length + " does not fit " + width + "x" + height);
		return new Pixels(values, width, height, null, null, 0, null, null);
	}

	/** The pixels of a 2-D image (no copy when it is a float ArrayImg). */
	public static Pixels of(RandomAccessibleInterval<? extends RealType<?>> image) {
		return of(Images.floats(image), (int) image.dimension(0), (int) image.dimension(1));
	}

	/** With per-pixel 1-sigma errors (same layout); errors then come from ERR, not the CCD equation. */
	public Pixels withErr(float[] err) {
		if (err != null && err.length != values.length) throw new IllegalArgumentException("ERR has " + err.length +
			" pixels, the image " + values.length);
		return new Pixels(values, width, height, err, dq, badBits, background, labels);
	}

	/** With data-quality flags: a pixel is bad when {@code (dq & badBits) != 0}. */
	public Pixels withDq(short[] dq, int badBits) {
		if (dq != null && dq.length != values.length) throw new IllegalArgumentException("DQ has " + dq.length +
			" pixels, the image " + values.length);
		return new Pixels(values, width, height, err, dq, badBits, background, labels);
	}

	/** With a background map (same layout), for {@code sky=map}. */
	public Pixels withBackground(float[] map) {
		if (map != null && map.length != values.length) throw new IllegalArgumentException("background map has " +
			map.length + " pixels, the image " + values.length);
		return new Pixels(values, width, height, err, dq, badBits, map, labels);
	}

	/**
	 * With a label image of detected sources (same layout, 0 = no source): labelled pixels are left out
	 * of sky annuli.
	 */
	public Pixels withSourceLabels(int[] labels) {
		if (labels != null && labels.length != values.length) throw new IllegalArgumentException("label image has " +
			labels.length + " pixels, the image " + values.length);
		return new Pixels(values, width, height, err, dq, badBits, background, labels);
	}

	public boolean hasErr() {
		return err != null;
	}

	/** The value of pixel p (index y w + x in memory). */
	public float value(int p) {
		return values[p];
	}

	/** True when pixel p has a DQ bit among the bad bits (NaN is tested separately). */
	boolean flagged(int p) {
		return dq != null && (dq[p] & badBits) != 0;
	}
}
