package org.astrofiji.io;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Conversion of stored FITS pixel values to physical float values: {@code BZERO + BSCALE * stored},
 * BLANK (integer data only) to NaN, BITPIX 8 as unsigned. One code path for data read straight from
 * a file (big-endian byte buffers) and for arrays nom-tam decoded (gzip, tile compression).
 */
final class RawPixels {

	final int bitpix;
	final double scale;
	final double zero;
	final boolean hasBlank;
	final long blank;

	RawPixels(int bitpix, double scale, double zero, Long blank) {
		this.bitpix = bitpix;
		this.scale = scale;
		this.zero = zero;
		this.hasBlank = blank != null && bitpix > 0;
		this.blank = blank == null ? 0 : blank;
	}

	int bytesPerPixel() {
		return Math.abs(bitpix) / 8;
	}

	/** A typed view of big-endian bytes read from a file. */
	Buffer view(ByteBuffer bytes) {
		switch (bitpix) {
			case 8: return bytes;
			case 16: return bytes.asShortBuffer();
			case 32: return bytes.asIntBuffer();
			case 64: return bytes.asLongBuffer();
			case -32: return bytes.asFloatBuffer();
			case -64: return bytes.asDoubleBuffer();
			default: throw new IllegalArgumentException("BITPIX " + bitpix + " is not a FITS pixel type");
		}
	}

	/** A typed view of one row of a decoded nom-tam array (byte[], short[], ... double[]). */
	static Buffer view(Object row) {
		if (row instanceof byte[]) return ByteBuffer.wrap((byte[]) row);
		if (row instanceof short[]) return ShortBuffer.wrap((short[]) row);
		if (row instanceof int[]) return IntBuffer.wrap((int[]) row);
		if (row instanceof long[]) return LongBuffer.wrap((long[]) row);
		if (row instanceof float[]) return FloatBuffer.wrap((float[]) row);
		if (row instanceof double[]) return DoubleBuffer.wrap((double[]) row);
		throw new IllegalArgumentException("unexpected FITS data row " + row.getClass().getSimpleName());
	}

	/** Converts {@code n} values from the buffer's position into {@code dst[off..off+n)}. */
	void convert(Buffer src, int n, float[] dst, int off) {
		boolean identity = scale == 1 && zero == 0;
		if (src instanceof ByteBuffer) {
			ByteBuffer b = (ByteBuffer) src;
			for (int i = 0; i < n; i++) dst[off + i] = physical(b.get() & 0xFF);
		}
		else if (src instanceof ShortBuffer) {
			ShortBuffer b = (ShortBuffer) src;
			for (int i = 0; i < n; i++) dst[off + i] = physical(b.get());
		}
		else if (src instanceof IntBuffer) {
			IntBuffer b = (IntBuffer) src;
			for (int i = 0; i < n; i++) dst[off + i] = physical(b.get());
		}
		else if (src instanceof LongBuffer) {
			LongBuffer b = (LongBuffer) src;
			for (int i = 0; i < n; i++) dst[off + i] = physical(b.get());
		}
		else if (src instanceof FloatBuffer) {
			FloatBuffer b = (FloatBuffer) src;
			if (identity) b.get(dst, off, n);
			else for (int i = 0; i < n; i++) dst[off + i] = (float) (zero + scale * b.get());
		}
		else {
			DoubleBuffer b = (DoubleBuffer) src;
			if (identity) for (int i = 0; i < n; i++) dst[off + i] = (float) b.get();
			else for (int i = 0; i < n; i++) dst[off + i] = (float) (zero + scale * b.get());
		}
	}

	private float physical(long raw) {
		if (hasBlank && raw == blank) return Float.NaN;
		// in double, as astropy does, then rounded once to float
		return (float) (zero + scale * raw);
	}
}
