package org.astrofiji.io;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;

/**
 * Conversion of stored FITS pixel values to physical float values: {@code BZERO + BSCALE * stored},
 * BLANK (integer data only) to NaN, BITPIX 8 as unsigned: for bytes read straight from a file
 * (big-endian) and for arrays nom-tam decoded (gzip, tile compression), with the same values.
 */
final class RawPixels {

	final int bitpix;
	final double scale;
	final double zero;
	final boolean hasBlank;
	final long blank;

	/** The physical value of every stored 8- or 16-bit value (index: the stored bits, unsigned); else null. */
	private final float[] table;

	RawPixels(int bitpix, double scale, double zero, Long blank) {
		this.bitpix = bitpix;
		this.scale = scale;
		this.zero = zero;
		this.hasBlank = blank != null && bitpix > 0;
		this.blank = blank == null ? 0 : blank;
		if (bitpix == 8 || bitpix == 16) {
			table = new float[1 << bitpix];
			for (int u = 0; u < table.length; u++) table[u] = physical(bitpix == 8 ? u : (short) u);
		}
		else table = null;
	}

	/**
	 * Bytes of the file one thread reads at a time: an L2-sized chunk (tests make it small, to split
	 * rows and bands).
	 */
	static int chunkBytes = 256 << 10;

	private static final ThreadLocal<ByteBuffer[]> CHUNK = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

	/**
	 * Reads {@code rows} FITS rows of {@code nx} stored values from byte {@code start} of the file and
	 * converts them into {@code dst} flipped into ImageJ orientation: the first row from
	 * {@code dst[firstRowOff]} on, each next row {@code nx} values lower. May be called from several
	 * threads at once on one channel (positional reads into a per-thread buffer).
	 * <p>
	 * The file comes in by positional reads of {@link #chunkBytes} into a reused direct buffer, which
	 * stays in the L2 cache, and each chunk's rows are converted last to first, so {@code dst} is written
	 * upwards in memory (4096^2 uint16, warm, 1 thread: 8 ms against 12-13 ms for rows converted in file
	 * order, whose destination runs downwards row after row and defeats the hardware's prefetching).
	 * Reading 32 MB in 256 KB chunks took 1.6-2.5 ms of CPU where mapping the file afresh and touching its
	 * pages took 14-17 ms at load 10 (page faults, and unmapping's TLB shootdowns, cost more the busier the
	 * machine; about the same when it is quiet).
	 */
	void read(FileChannel ch, long start, int nx, int rows, float[] dst, int firstRowOff) throws IOException {
		int bpp = bytesPerPixel(), rowBytes = nx * bpp, chunk = chunkBytes;
		ByteBuffer buffer = chunkBuffer(chunk);
		if (rowBytes <= chunk) {
			int band = chunk / rowBytes;
			for (int j0 = 0; j0 < rows; j0 += band) {
				int k = Math.min(band, rows - j0);
				fill(ch, buffer, start + (long) j0 * rowBytes, k * rowBytes);
				for (int j = k - 1; j >= 0; j--) convert(buffer, j * rowBytes, nx, dst, firstRowOff - (j0 + j) * nx);
			}
			return;
		}
		int perChunk = chunk / bpp; // a row longer than a chunk: in pieces
		for (int j = 0; j < rows; j++) {
			for (int x0 = 0; x0 < nx; x0 += perChunk) {
				int n = Math.min(perChunk, nx - x0);
				fill(ch, buffer, start + (long) j * rowBytes + (long) x0 * bpp, n * bpp);
				convert(buffer, 0, n, dst, firstRowOff - j * nx + x0);
			}
		}
	}

	private static ByteBuffer chunkBuffer(int bytes) {
		ByteBuffer[] holder = CHUNK.get();
		if (holder[0] == null || holder[0].capacity() < bytes) holder[0] = ByteBuffer.allocateDirect(bytes);
		return holder[0];
	}

	/** {@code bytes} bytes from {@code pos} of the file into {@code buffer} (from its start). */
	private static void fill(FileChannel ch, ByteBuffer buffer, long pos, int bytes) throws IOException {
		buffer.clear().limit(bytes);
		while (buffer.hasRemaining()) {
			int n = ch.read(buffer, pos + buffer.position());
			if (n < 0) throw new IOException("unexpected end of file at byte " + (pos + buffer.position()));
		}
	}

	/**
	 * Converts {@code n} stored values from the big-endian buffer {@code src} at byte {@code pos} (an
	 * absolute index: the buffer's position is not used or moved, so threads may share it) into
	 * {@code dst[off..off+n)}: the same values as {@link #convert(Buffer, int, float[], int)}. The values
	 * are fetched in blocks by a typed view's bulk get (a byte-swapping copy, native code from the first
	 * call on) into a small per-thread array, then converted from there in a plain array loop: 8- and
	 * 16-bit values through the table of every stored value (1.7x the ShortBuffer loop on 4096^2
	 * uint16). Reading the buffer value by value costs the same once C2 has compiled it, but a fresh
	 * JVM (C1 code, as {@code ./astro run} runs) spends 0.3 s on a 4096^2 uint16 image in the buffer's
	 * per-value accessors against 0.05 s this way.
	 */
	void convert(ByteBuffer src, int pos, int n, float[] dst, int off) {
		ByteBuffer b = src.duplicate().position(pos).limit(pos + n * bytesPerPixel()).slice().order(ByteOrder.BIG_ENDIAN);
		if (bitpix == -32) { // straight into the destination, scaled there if need be
			b.asFloatBuffer().get(dst, off, n);
			if (scale != 1 || zero != 0) for (int i = off; i < off + n; i++) dst[i] = (float) (zero + scale * dst[i]);
			return;
		}
		Block block = BLOCK.get();
		Buffer view = bitpix == 8 ? b : bitpix == 16 ? b.asShortBuffer() : bitpix == 32 ? b.asIntBuffer() : bitpix == 64
			? b.asLongBuffer() : bitpix == -64 ? b.asDoubleBuffer() : null;
		if (view == null) throw new IllegalArgumentException("BITPIX " + bitpix + " is not a FITS pixel type");
		for (int k = 0; k < n; k += Block.SIZE) {
			int len = Math.min(Block.SIZE, n - k);
			switch (bitpix) {
				case 8:
					((ByteBuffer) view).get(block.bytes, 0, len);
					lookup(block.bytes, len, dst, off + k);
					break;
				case 16:
					((ShortBuffer) view).get(block.shorts, 0, len);
					lookup(block.shorts, len, dst, off + k);
					break;
				case 32:
					((IntBuffer) view).get(block.ints, 0, len);
					for (int i = 0; i < len; i++) dst[off + k + i] = physical(block.ints[i]);
					break;
				case 64:
					((LongBuffer) view).get(block.longs, 0, len);
					for (int i = 0; i < len; i++) dst[off + k + i] = physical(block.longs[i]);
					break;
				default:
					((DoubleBuffer) view).get(block.doubles, 0, len);
					scaled(block.doubles, len, dst, off + k);
			}
		}
	}

	private void lookup(byte[] v, int len, float[] dst, int off) {
		float[] t = table;
		for (int i = 0; i < len; i++) dst[off + i] = t[v[i] & 0xFF];
	}

	private void lookup(short[] v, int len, float[] dst, int off) {
		float[] t = table;
		for (int i = 0; i < len; i++) dst[off + i] = t[v[i] & 0xFFFF];
	}

	private void scaled(double[] v, int len, float[] dst, int off) {
		if (scale == 1 && zero == 0) for (int i = 0; i < len; i++) dst[off + i] = (float) v[i];
		else for (int i = 0; i < len; i++) dst[off + i] = (float) (zero + scale * v[i]);
	}

	/** A thread's arrays for one block of stored values (kept: ~56 KB per reading thread). */
	private static final class Block {

		static final int SIZE = 2048;

		final byte[] bytes = new byte[SIZE];
		final short[] shorts = new short[SIZE];
		final int[] ints = new int[SIZE];
		final long[] longs = new long[SIZE];
		final double[] doubles = new double[SIZE];
	}

	private static final ThreadLocal<Block> BLOCK = ThreadLocal.withInitial(Block::new);

	int bytesPerPixel() {
		return Math.abs(bitpix) / 8;
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
