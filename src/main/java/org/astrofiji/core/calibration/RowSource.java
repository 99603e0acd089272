package org.astrofiji.core.calibration;

import org.astrofiji.core.Parallel;

/**
 * A frame the combiner reads in bands of rows, so that a stack of large frames never has to be in
 * memory at once: a FITS file on disk (the I/O layer's band reader), an image in memory, or another
 * source with corrections applied on the fly ({@link CorrectedSource}). Rows are memory rows (ImageJ
 * orientation). {@link #read} may be called from several threads at once.
 */
public interface RowSource {

	/** For messages and provenance: usually the file name. */
	String name();

	int width();

	int height();

	/** Writes rows {@code [row, row + rows)} to {@code dst} from {@code offset}, {@code rows * width()} values. */
	void read(int row, int rows, float[] dst, int offset) throws Exception;

	/** "512x512". */
	default String shape() {
		return width() + "x" + height();
	}

	/** An image in memory (row-major, no copy). */
	static RowSource of(String name, float[] data, int width, int height) {
		if (data.length != (long) width * height) throw new IllegalArgumentException(name + ": " + data.length +
			" pixels do not fit " + width + "x" + height);
		return new RowSource() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public int width() {
				return width;
			}

			@Override
			public int height() {
				return height;
			}

			@Override
			public void read(int row, int rows, float[] dst, int offset) {
				System.arraycopy(data, row * width, dst, offset, rows * width);
			}
		};
	}

	/** All rows of a source in one array, read in bands on all threads (sources may be read from several at once). */
	static float[] readAll(RowSource source) throws Exception {
		int w = source.width();
		float[] all = new float[w * source.height()];
		Parallel.forRange(source.height(), 16, (y0, y1) -> source.read(y0, y1 - y0, all, y0 * w));
		return all;
	}
}
