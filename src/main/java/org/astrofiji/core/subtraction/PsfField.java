package org.astrofiji.core.subtraction;

/**
 * The PSF of one image wherever it is wanted: a unit-sum, odd-sized square stamp (row-major, memory
 * orientation) centred on its middle pixel. Constant over the field, or varying (a Lauer model);
 * {@link PsfFields} makes them. Implementations are immutable and safe to share between threads.
 */
public interface PsfField {

	/** Stamp side, pixels (odd). */
	int size();

	/** The unit-sum PSF at FITS position (x, y): size&times;size values, row-major, memory orientation. */
	double[] at(double x, double y);

	/** Whether {@link #at} is the same everywhere. */
	boolean isConstant();

	/** Width and height of the image this PSF belongs to, or 0 when it fits any (a constant PSF). */
	int width();

	int height();

	/** One line: what this PSF is (a model with its elements, a fitted Gaussian with its FWHM, ...). */
	String describe();

	/**
	 * Whether this PSF is an analytic profile fitted to the stars (a Gaussian or a Moffat, {@link
	 * PsfFields#profile}), whose errors lie along the profile family's width and index; false for
	 * empirical models and given stamps.
	 */
	default boolean isFittedProfile() {
		return false;
	}

	/**
	 * The PSF's error as the image's stars show it ({@link PsfFields#errorStamp}): a non-negative stamp
	 * of {@link #size()}, unit flux, for S_corr's PSF-error term; null when not measured.
	 */
	default double[] error() {
		return null;
	}
}
