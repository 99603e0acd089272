package org.astrofiji.core.image;

import org.astrofiji.core.Parallel;

/**
 * The pixels of a 2-D float image produced a band of rows at a time (ImageJ orientation: row 0 is the
 * top row): a model evaluated on demand, such as the mesh background's spline, so that a writer can
 * take it band by band without a full-size array. Filling must be safe from several threads at once
 * and give the same values whatever the bands.
 */
public interface RowBands {

	int width();

	int height();

	/** Memory rows {@code [from, to)} into {@code out}, row {@code from} starting at {@code offset}. */
	void fill(int from, int to, float[] out, int offset);

	/** All rows in a new row-major array, filled on all threads. */
	default float[] toArray() {
		int w = width();
		float[] a = new float[Math.multiplyExact(w, height())];
		Parallel.forRange(height(), 16, (from, to) -> fill(from, to, a, from * w));
		return a;
	}

	/** The rows of a row-major array (ImageJ orientation), copied. */
	static RowBands of(float[] data, int width, int height) {
		return new OfArray(data, width, height);
	}

	/** The rows of an array ({@link #of}): {@link AstroImage#computed} keeps the array itself. */
	final class OfArray implements RowBands {

		private final float[] data;
		private final int width, height;

		private OfArray(float[] data, int width, int height) {
			if (data.length != (long) width * height) throw new IllegalArgumentException(data.length + " pixels do not fit " +
				width + "x" + height);
			this.data = data;
			this.width = width;
			this.height = height;
		}

		/** The array itself (not copied). */
		public float[] array() {
			return data;
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
		public void fill(int from, int to, float[] out, int offset) {
			System.arraycopy(data, from * width, out, offset, (to - from) * width);
		}
	}
}
