package org.astrofiji.core;

/**
 * The one place that converts between in-memory pixel positions and FITS pixel coordinates.
 * <p>
 * In memory, images have ImageJ's orientation: the FITS file is flipped vertically at read (and back
 * at write), so FITS row 1 is the bottom row, as DS9 shows it. Memory position (x, y) has x to the
 * right and y down, pixel centres at integers from 0.
 * <p>
 * FITS pixel coordinates (what tables report, and what DS9, SExtractor and IRAF use) are 1-based with
 * the centre of the first pixel at (1.0, 1.0) and y up. numpy/photutils/sep positions are 0-based in
 * the FITS array: column = x_fits - 1, row = y_fits - 1.
 */
public final class Coordinates {

	private Coordinates() {}

	/** FITS x of memory x. */
	public static double fitsX(double x) {
		return x + 1;
	}

	/** FITS y of memory y in an image of the given height. */
	public static double fitsY(double y, long height) {
		return height - y;
	}

	/** Memory x of FITS x. */
	public static double memoryX(double fitsX) {
		return fitsX - 1;
	}

	/** Memory y of FITS y in an image of the given height. */
	public static double memoryY(double fitsY, long height) {
		return height - fitsY;
	}

	/**
	 * ImageJ display (overlay/ROI) x of FITS x: ImageJ puts pixel x's centre at x + 0.5, so a FITS
	 * position p is at p - 0.5.
	 */
	public static double displayX(double fitsX) {
		return fitsX - 0.5;
	}

	/** ImageJ display y of FITS y in an image of the given height. */
	public static double displayY(double fitsY, long height) {
		return height - fitsY + 0.5;
	}

	/** FITS x of an ImageJ display x. */
	public static double fitsXOfDisplay(double displayX) {
		return displayX + 0.5;
	}

	/** FITS y of an ImageJ display y. */
	public static double fitsYOfDisplay(double displayY, long height) {
		return height - displayY + 0.5;
	}

	/** Memory row of a 0-based row of the FITS array (numpy's first index). */
	public static int memoryRow(int fitsArrayRow, int height) {
		return height - 1 - fitsArrayRow;
	}

	/** 0-based row of the FITS array of a memory row; the same flip as {@link #memoryRow}. */
	public static int fitsArrayRow(int memoryRow, int height) {
		return height - 1 - memoryRow;
	}

	/** Row-major memory index of the pixel whose centre is nearest FITS position (x, y). */
	public static int memoryIndex(double fitsX, double fitsY, int width, int height) {
		int x = (int) Math.round(memoryX(fitsX)), y = (int) Math.round(memoryY(fitsY, height));
		return y * width + x;
	}
}
