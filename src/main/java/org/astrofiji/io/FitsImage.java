package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;

import java.io.File;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;

/**
 * An image HDU read from a FITS file: 32-bit float pixels in ImageJ orientation (FITS row 1 at the
 * bottom) with BSCALE/BZERO applied and BLANK as NaN, plus its descriptive header. 2-D images are
 * {@code ArrayImg}s, cubes {@code PlanarImg}s, so both wrap into ImageJ without copying.
 */
public final class FitsImage {

	private final String name;
	private final Img<FloatType> pixels;
	private final FitsHeader header;
	private final File file;
	private final int hduIndex;
	private final int bitpix;

	public FitsImage(String name, Img<FloatType> pixels, FitsHeader header, File file, int hduIndex, int bitpix) {
		this.name = name;
		this.pixels = pixels;
		this.header = header;
		this.file = file;
		this.hduIndex = hduIndex;
		this.bitpix = bitpix;
	}

	/** "file.fits", or "file.fits[SCI]" for an extension: the image title in ImageJ. */
	public String name() {
		return name;
	}

	public Img<FloatType> pixels() {
		return pixels;
	}

	/** The pixels of a 2-D image as a row-major array (the image's own storage). */
	public float[] data() {
		return Images.floats(pixels);
	}

	public FitsHeader header() {
		return header;
	}

	/** The file read, or null for an image that did not come from a file. */
	public File file() {
		return file;
	}

	/** 0-based index of the HDU in the file (0 = primary). */
	public int hduIndex() {
		return hduIndex;
	}

	/** BITPIX of the data in the file. */
	public int bitpix() {
		return bitpix;
	}

	public int width() {
		return (int) pixels.dimension(0);
	}

	public int height() {
		return (int) pixels.dimension(1);
	}

	public int depth() {
		return pixels.numDimensions() > 2 ? (int) pixels.dimension(2) : 1;
	}

	@Override
	public String toString() {
		return name + " (" + Images.size(pixels) + ")";
	}
}
