package org.astrofiji.core.image;

import org.astrofiji.core.Parallel;

/**
 * An image's rows, read a band at a time (ImageJ orientation: row 0 is the top row), so that no stage
 * needs the whole image in one array: a FITS file on disk (the I/O layer's band reader), an image in
 * memory, a frame with corrections applied on the fly (calibration's {@code CorrectedSource}), or a
 * model evaluated on demand (the mesh background's spline, {@code data - model}) that the FITS writer
 * takes band by band ({@link AstroImage#computed}). {@link #read} may be called from several threads at
 * once and gives the same values whatever the bands.
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
	static OfArray of(String name, float[] data, int width, int height) {
		return new OfArray(name, data, width, height);
	}

	/** The rows of an array ({@link #of}): {@link AstroImage#computed} keeps the array itself. */
	final class OfArray implements RowSource {

		private final String name;
		private final float[] data;
		private final int width, height;

		private OfArray(String name, float[] data, int width, int height) {
			if (data.length != (long) width * height) throw new IllegalArgumentException(name + ": " + data.length +
				" pixels do not fit " + width + "x" + height);
			this.name = name;
			this.data = data;
			this.width = width;
			this.height = height;
		}

		/** The array itself (not copied). */
		public float[] array() {
			return data;
		}

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
	}

	/** All rows of a source in one array, read in bands on all threads (sources may be read from several at once). */
	static float[] readAll(RowSource source) {
		int w = source.width();
		float[] all = new float[w * source.height()];
		Parallel.forRange(source.height(), 16, (y0, y1) -> source.read(y0, y1 - y0, all, y0 * w));
		return all;
	}
}
