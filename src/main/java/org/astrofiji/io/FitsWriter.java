package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.image.RowSource;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsOutputStream;

/**
 * Writes FITS files: one image, or a multi-extension file (an empty primary holding the header,
 * then extensions such as SCI, ERR and DQ). Pixels are flipped back from ImageJ orientation to FITS
 * order. BITPIX -32 by default; -64; 16 stored as unsigned (BZERO = 32768); 8 (unsigned); 32.
 * Integer types round to nearest and clip to their range, and write NaN as BLANK, noting both in
 * HISTORY. A name ending in {@code .gz} is gzip-compressed; {@code .fz} is tile-compressed (lossless:
 * RICE for integers, GZIP for floats). Writes are atomic (see {@link OutputFiles}). nom-tam writes
 * every header and the pixels of every HDU but the BITPIX -32 images of plain and gzip files, whose
 * pixels this class writes itself (1.6x faster on 4096^2, without nom-tam's copy of the image).
 */
public final class FitsWriter {

	static {
		NomTam.quiet();
	}

	private FitsWriter() {}

	/** Writes one image HDU. */
	public static void write(File file, boolean overwrite, Hdu hdu) throws IOException {
		write(file, overwrite, List.of(hdu));
	}

	/** Writes the HDUs in order: the first is the primary, the others become IMAGE extensions. */
	public static void write(File file, boolean overwrite, List<Hdu> hdus) throws IOException {
		if (hdus.isEmpty()) throw new IllegalArgumentException("nothing to write to " + file);
		String name = file.getName().toLowerCase(Locale.ROOT);
		boolean gzip = name.endsWith(".gz");
		boolean tiled = name.endsWith(".fz");
		OutputFiles.write(file, overwrite, out -> {
			try (Fits fits = new Fits()) {
				// each HDU as nom-tam will write it, and the image whose pixels we write ourselves (else null)
				List<BasicHDU<?>> built = new ArrayList<>();
				List<Hdu> direct = new ArrayList<>();
				for (Hdu h : hdus) {
					if (built.isEmpty() && tiled && h.hasData()) {
						built.add(build(Hdu.empty(new FitsHeader()), true, false)); // compressed images cannot be primary
						direct.add(null);
					}
					boolean own = !tiled && h.hasData() && (h.bitpix() == -32 || ownShorts(h) != null);
					BasicHDU<?> hdu = build(h, built.isEmpty(), own);
					if (tiled && h.hasData()) hdu = compress((ImageHDU) hdu);
					built.add(hdu);
					direct.add(own ? h : null);
				}
				for (BasicHDU<?> hdu : built) fits.addHDU(hdu); // makes the first one primary
				OutputStream target = gzip ? new GZIPOutputStream(nonClosing(out), 1 << 16) : nonClosing(out);
				// plain files: our pixels go straight to the staging file's channel, behind the flushed stream
				FileChannel channel = !gzip && out instanceof OutputFiles.Staging ? ((OutputFiles.Staging) out).channel : null;
				try (FitsOutputStream fos = new FitsOutputStream(target)) {
					for (int i = 0; i < built.size(); i++) {
						if (direct.get(i) == null) {
							built.get(i).write(fos);
							continue;
						}
						built.get(i).getHeader().write(fos);
						fos.flush();
						target.flush();
						writeFloats(direct.get(i), target, channel);
					}
				}
			}
			catch (FitsException e) {
				throw new IOException("cannot write " + file + ": " + NomTam.reason(e), e);
			}
		});
	}

	/**
	 * Writes BITPIX -32 pixels: rows flipped into FITS order, converted to big-endian bytes in chunks of
	 * about 1 MB (a byte-swapping bulk put, native code from the first call on) and written one chunk per
	 * call, then the zero padding to the FITS block. With {@code channel} (a plain file) the chunk is a
	 * direct buffer written to the channel: the stream would copy every chunk once more, and the
	 * channel once more again into a direct buffer of its own. The chunk stays small enough for the
	 * cache, so the bytes are swapped and handed to the kernel while they are hot. nom-tam's route (the
	 * image copied into a float[][] through an imglib2 cursor, then written through its stream) also
	 * held a second copy of the image. 4096^2, 1 thread, figures in docs/dev/io13.md. Computed pixels
	 * ({@link Hdu#bands()}) are made a band of rows per chunk: no full-size array.
	 */
	private static void writeFloats(Hdu h, OutputStream out, FileChannel channel) throws IOException {
		// a 16-bit HDU is here only when ownShorts chose it (its range already checked)
		Object shorts = h.bitpix() == 16 ? integerArray(h.data()) : null;
		if (shorts != null) {
			writeShorts(shorts, (int) h.data().dimension(0), (int) h.data().dimension(1), out, channel);
			return;
		}
		Chunks chunks = new Chunks(h);
		long bytes = 0;
		if (channel != null && chunks.planes != null && kept(chunks.rowsPer * chunks.nx * Float.BYTES)) {
			bytes = writeAt(channel, chunks.count, chunks::offset, chunks::make);
		}
		else {
			ByteBuffer chunk = chunks.buffer(channel != null);
			for (int i = 0; i < chunks.count; i++) bytes += write(chunks.make(i, chunk), out, channel);
		}
		out.write(new byte[(int) ((FitsLayout.BLOCK - bytes % FitsLayout.BLOCK) % FitsLayout.BLOCK)]);
	}

	/** Makes chunk {@code i} into a thread's buffer. */
	private interface ChunkMaker {
		ByteBuffer make(int i, ByteBuffer chunk) throws IOException;
	}

	/**
	 * Writes {@code count} chunks of an image held in memory at their own offsets from the channel's
	 * position, made and written by all threads (positional writes into the staging file, each thread
	 * its own kept 1 MB buffer), then moves the channel's position past them; returns the bytes written.
	 * Making a chunk (flip, byte swap) and handing it to the kernel is CPU work: 200 MB of Combine
	 * Frames' 4096² outputs took ~0.2 s on one thread while the others waited.
	 */
	private static long writeAt(FileChannel channel, int count, java.util.function.IntToLongFunction offset, ChunkMaker maker)
		throws IOException
	{
		long start = channel.position();
		java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
		try {
			Parallel.forRange(count, 1, (i0, i1) -> {
				ByteBuffer chunk = CHUNK.get();
				for (int i = i0; i < i1; i++) {
					ByteBuffer b = maker.make(i, chunk);
					long pos = start + offset.applyAsLong(i);
					bytes.addAndGet(b.remaining());
					while (b.hasRemaining()) pos += channel.write(b, pos);
				}
			});
		}
		catch (RuntimeException e) {
			if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
			throw e;
		}
		channel.position(start + bytes.get());
		return bytes.get();
	}

	/**
	 * The array of a BITPIX 16 plane this class writes itself: an unsigned 16-bit plane (DQ flags) or
	 * a 32-bit one (counts) whose values all fit 0..65535, so that no value is clipped and no card is
	 * added ({@link #encode} would store the same values); else null (nom-tam writes it).
	 */
	private static Object ownShorts(Hdu h) {
		if (h.bitpix() != 16 || h.bands() != null) return null;
		RandomAccessibleInterval<? extends RealType<?>> data = h.data();
		if (data.numDimensions() != 2) return null;
		Object a = integerArray(data);
		if (a instanceof int[]) for (int v : (int[]) a) if (v < 0 || v > 65535) return null;
		return a;
	}

	/**
	 * Writes a 16-bit plane as BITPIX 16 with BZERO 32768 (stored = value - 32768): the same bytes as
	 * nom-tam writes from {@link #encode}'s array, in chunks of rows as {@link #writeFloats}, without a
	 * second copy of the plane (2 x 32 MB of fresh memory for Combine Frames' DQ and COUNT of 4096^2).
	 */
	private static void writeShorts(Object plane, int nx, int ny, OutputStream out, FileChannel channel) throws IOException {
		int rowsPer = Math.max(1, CHUNK_BYTES / Short.BYTES / nx), count = (ny + rowsPer - 1) / rowsPer;
		ChunkMaker maker = (i, chunk) -> {
			int r = i * rowsPer, k = Math.min(rowsPer, ny - r);
			short[] row = new short[nx];
			chunk.clear();
			ShortBuffer sb = chunk.order(ByteOrder.BIG_ENDIAN).asShortBuffer();
			for (int j = 0; j < k; j++) { // FITS row r + j is memory row ny - 1 - r - j
				int o = (ny - 1 - r - j) * nx;
				if (plane instanceof short[]) {
					short[] in = (short[]) plane;
					for (int x = 0; x < nx; x++) row[x] = (short) (in[o + x] ^ 0x8000);
				}
				else {
					int[] in = (int[]) plane;
					for (int x = 0; x < nx; x++) row[x] = (short) (in[o + x] - 32768);
				}
				sb.put(row, 0, nx);
			}
			return chunk.limit(k * nx * Short.BYTES);
		};
		long bytes = 0;
		if (channel != null && kept(rowsPer * nx * Short.BYTES)) {
			bytes = writeAt(channel, count, i -> (long) i * rowsPer * nx * Short.BYTES, maker);
		}
		else {
			ByteBuffer chunk = ByteBuffer.allocate(rowsPer * nx * Short.BYTES);
			for (int i = 0; i < count; i++) bytes += write(maker.make(i, chunk), out, channel);
		}
		out.write(new byte[(int) ((FitsLayout.BLOCK - bytes % FitsLayout.BLOCK) % FitsLayout.BLOCK)]);
	}

	/** The pixels of one HDU as chunks of whole FITS rows, in file order. */
	private static final class Chunks {

		final int count;
		private final int nx, ny, rowsPer, perPlane;
		/** Computed rows, or null. */
		private final RowSource bands;
		/** Otherwise the image's planes: its own arrays when it is float-backed, else converted copies. */
		private final float[][] planes;
		/** A band of computed rows. */
		private final float[] rows;

		Chunks(Hdu h) {
			bands = h.bands();
			RandomAccessibleInterval<? extends RealType<?>> data = bands == null ? h.data() : null;
			planes = data == null ? null : data.numDimensions() == 2 ? new float[][] { Images.floats(data) } : Images.planes(data);
			nx = bands != null ? bands.width() : (int) data.dimension(0);
			ny = bands != null ? bands.height() : planes[0].length / nx;
			rowsPer = Math.max(1, CHUNK_BYTES / Float.BYTES / nx);
			perPlane = (ny + rowsPer - 1) / rowsPer;
			count = perPlane * (planes == null ? 1 : planes.length);
			rows = bands == null ? null : new float[rowsPer * nx];
		}

		/** Where chunk {@code i} starts, in bytes from the first. */
		long offset(int i) {
			return ((long) (i / perPlane) * ny + (long) (i % perPlane) * rowsPer) * nx * Float.BYTES;
		}

		/** A buffer for a chunk: direct for a channel (the kept one while it is big enough), else on the heap. */
		ByteBuffer buffer(boolean direct) {
			int bytes = rowsPer * nx * Float.BYTES;
			if (!direct) return ByteBuffer.allocate(bytes);
			return kept(bytes) ? CHUNK.get() : ByteBuffer.allocateDirect(bytes);
		}

		/** Chunk {@code i} into {@code chunk} as big-endian floats (position 0, limit its end). */
		ByteBuffer make(int i, ByteBuffer chunk) throws IOException {
			int plane = i / perPlane, r = i % perPlane * rowsPer, k = Math.min(rowsPer, ny - r);
			chunk.clear();
			FloatBuffer floats = chunk.order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
			// FITS rows r .. r + k - 1 are memory rows ny - 1 - r down to ny - r - k
			if (bands != null) {
				try {
					bands.read(ny - r - k, k, rows, 0);
				}
				catch (IOException | RuntimeException e) {
					throw e;
				}
				catch (Exception e) {
					throw new IOException("cannot make rows " + (ny - r - k) + ".." + (ny - r - 1) + " of " + bands.name() + ": " +
						e.getMessage(), e);
				}
				for (int j = k - 1; j >= 0; j--) floats.put(rows, j * nx, nx);
			}
			else for (int j = 0; j < k; j++) floats.put(planes[plane], (ny - 1 - r - j) * nx, nx);
			return chunk.limit(k * nx * Float.BYTES);
		}
	}

	private static final int CHUNK_BYTES = 1 << 20;

	/** Each writing thread's direct chunk (1 MB, kept: a new one per image would wait for GC to be freed). */
	private static final ThreadLocal<ByteBuffer> CHUNK = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK_BYTES));

	/**
	 * Whether a chunk of this many bytes is made in the thread's kept buffer ({@link #CHUNK}): then the
	 * chunks of an image in memory may be made and written by all threads at once ({@link #writeAt}).
	 */
	private static boolean kept(int chunkBytes) {
		return chunkBytes <= CHUNK_BYTES;
	}

	/** Writes a made chunk; returns its byte count. */
	private static int write(ByteBuffer chunk, OutputStream out, FileChannel channel) throws IOException {
		int n = chunk.remaining();
		if (channel == null) out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
		else while (chunk.hasRemaining()) channel.write(chunk);
		return n;
	}

	/**
	 * The HDU to write; {@code headerOnly}: its header describes the pixels (BITPIX -32 and the axes)
	 * but it holds none (the caller writes them).
	 */
	private static BasicHDU<?> build(Hdu h, boolean primary, boolean headerOnly) throws IOException, FitsException {
		FitsHeader cards = h.header().copy();
		if (!h.hasData()) {
			BasicHDU<?> dummy = BasicHDU.getDummyHDU();
			finish(dummy.getHeader(), cards, h, primary);
			return dummy;
		}
		ImageHDU hdu = headerOnly ? ownHeader(h) : (ImageHDU) Fits.makeHDU(encode(h.data(), h.bitpix(), cards));
		Header header = hdu.getHeader();
		if (h.bitpix() == 16) {
			header.addValue("BSCALE", 1, "physical = BZERO + BSCALE * stored");
			header.addValue("BZERO", 32768, "unsigned 16-bit data");
		}
		if (cards.contains("BLANK")) { // set by encode when NaN had to be stored
			header.addValue("BLANK", cards.getDouble("BLANK").longValue(), "stored value of undefined pixels");
			cards.remove("BLANK");
		}
		finish(header, cards, h, primary);
		return hdu;
	}

	/**
	 * An HDU with the header nom-tam makes for a float array (a short array for the 16-bit planes this
	 * class writes itself) of this image's shape, without the array.
	 */
	private static ImageHDU ownHeader(Hdu h) throws FitsException {
		RowSource bands = h.bands();
		RandomAccessibleInterval<? extends RealType<?>> data = bands == null ? h.data() : null;
		int nx = bands != null ? bands.width() : (int) data.dimension(0), ny = bands != null ? bands.height() : (int) data.dimension(1);
		boolean cube = data != null && data.numDimensions() > 2;
		Object shape = h.bitpix() == 16 ? new short[1][1] : cube ? new float[1][1][1] : new float[1][1];
		Header header = ImageHDU.manufactureHeader(ImageData.from(shape));
		if (cube) ImageData.overrideHeaderAxes(header, (int) data.dimension(2), ny, nx);
		else ImageData.overrideHeaderAxes(header, ny, nx);
		return new ImageHDU(header, new ImageData(header));
	}

	private static void finish(Header header, FitsHeader cards, Hdu h, boolean primary) {
		if (!primary && h.extname() != null) header.addValue("EXTNAME", h.extname(), "extension name");
		cards.remove("DATE");
		FitsCards.appendTo(cards, header);
		header.addValue("DATE", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(
			Instant.now().atOffset(ZoneOffset.UTC)), "UTC date this HDU was written");
	}

	private static BasicHDU<?> compress(ImageHDU image) {
		int[] axes = image.getAxes(); // [.., ny, nx]
		CompressedImageHDU c = CompressedImageHDU.fromImageHDU(image, axes[axes.length - 1], 1);
		// RICE for integers; floats are GZIP-compressed without quantization, so nothing is lost
		c.setCompressAlgorithm(image.getBitPix() > 0 ? "RICE_1" : "GZIP_2").setQuantAlgorithm((String) null);
		c.compress();
		return c;
	}

	/**
	 * The pixels as a nom-tam array in FITS order ([plane][row][column], FITS row 1 first). Integer
	 * output records BLANK (when NaN occurs) in {@code cards} and notes clipping in HISTORY.
	 */
	static Object encode(RandomAccessibleInterval<? extends RealType<?>> data, int bitpix, FitsHeader cards) {
		int nx = (int) data.dimension(0), ny = (int) data.dimension(1);
		int nz = data.numDimensions() > 2 ? (int) data.dimension(2) : 1;
		boolean hasNaN = bitpix > 0 && !(Util.getTypeFromInterval(data) instanceof IntegerType) && containsNaN(data);
		// NaN is stored as BLANK: the top value of unsigned types, the bottom of signed 32-bit
		double lo, hi;
		long blank;
		switch (bitpix) {
			case 8: lo = 0; hi = hasNaN ? 254 : 255; blank = 255; break;
			case 16: lo = 0; hi = hasNaN ? 65534 : 65535; blank = 65535; break;
			case 32: lo = Integer.MIN_VALUE + 1; hi = Integer.MAX_VALUE; blank = Integer.MIN_VALUE; break;
			default: lo = hi = Double.NaN; blank = 0;
		}
		Object planes = newPlanes(bitpix, nz, ny, nx);
		long nans = 0, clipped = 0;
		double[] row = new double[nx];
		for (int z = 0; z < nz; z++) {
			RandomAccessibleInterval<? extends RealType<?>> plane = nz == 1 && data.numDimensions() == 2 ? data
				: Views.hyperSlice(data, 2, data.min(2) + z);
			Object rows = java.lang.reflect.Array.get(planes, z);
			Object backing = integerArray(plane);
			Cursor<? extends RealType<?>> c = backing == null ? Views.flatIterable(plane).cursor() : null;
			for (int y = 0; y < ny; y++) {
				if (bitpix == 16 && backing instanceof short[]) {
					// unsigned 16-bit values fit BITPIX 16 as they are (no NaN, nothing to clip): stored = value - BZERO
					short[] in = (short[]) backing, out = ((short[][]) rows)[ny - 1 - y];
					for (int x = 0, o = y * nx; x < nx; x++) out[x] = (short) (in[o + x] ^ 0x8000);
					continue;
				}
				if (backing instanceof short[]) for (int x = 0, o = y * nx; x < nx; x++) row[x] = ((short[]) backing)[o + x] & 0xFFFF;
				else if (backing instanceof int[]) for (int x = 0, o = y * nx; x < nx; x++) row[x] = ((int[]) backing)[o + x];
				else for (int x = 0; x < nx; x++) row[x] = c.next().getRealDouble();
				int r = ny - 1 - y; // FITS row order: memory bottom row first
				switch (bitpix) {
					case -32: {
						float[] out = ((float[][]) rows)[r];
						for (int x = 0; x < nx; x++) out[x] = (float) row[x];
						break;
					}
					case -64:
						System.arraycopy(row, 0, ((double[][]) rows)[r], 0, nx);
						break;
					default:
						for (int x = 0; x < nx; x++) {
							double v = row[x];
							long stored;
							if (Double.isNaN(v)) {
								nans++;
								stored = blank;
							}
							else {
								double q = Math.rint(v);
								if (q < lo || q > hi) {
									clipped++;
									q = Math.max(lo, Math.min(hi, q));
								}
								stored = (long) q;
							}
							store(rows, bitpix, r, x, stored);
						}
				}
			}
		}
		if (nans > 0) {
			long stored = bitpix == 16 ? blank - 32768 : blank;
			cards.set("BLANK", stored, "");
			cards.addHistory(nans + " NaN pixels stored as BLANK = " + stored);
		}
		if (clipped > 0) cards.addHistory(clipped + " values outside " + (long) lo + ".." + (long) hi +
			" clipped for BITPIX " + bitpix);
		return nz == 1 && data.numDimensions() == 2 ? java.lang.reflect.Array.get(planes, 0) : planes;
	}

	/**
	 * How many of these values writing them as {@code bitpix} changes: integer types round to the
	 * nearest integer and clip to their range (NaN is kept, as BLANK); float types change none of a
	 * float image's values.
	 */
	public static long changedBy(int bitpix, RandomAccessibleInterval<? extends RealType<?>> data) {
		if (bitpix < 0) return 0;
		boolean hasNaN = containsNaN(data);
		double lo = bitpix == 32 ? Integer.MIN_VALUE + 1 : 0;
		double hi = bitpix == 8 ? (hasNaN ? 254 : 255) : bitpix == 16 ? (hasNaN ? 65534 : 65535) : Integer.MAX_VALUE;
		long changed = 0;
		for (RealType<?> t : Views.flatIterable(data)) {
			double v = t.getRealDouble();
			if (!Double.isNaN(v) && (v != Math.rint(v) || v < lo || v > hi)) changed++;
		}
		return changed;
	}

	/** A typed [plane][row][column] array, as nom-tam needs to recognise an image. */
	private static Object newPlanes(int bitpix, int nz, int ny, int nx) {
		switch (bitpix) {
			case 8: return new byte[nz][ny][nx];
			case 16: return new short[nz][ny][nx];
			case 32: return new int[nz][ny][nx];
			case -64: return new double[nz][ny][nx];
			default: return new float[nz][ny][nx];
		}
	}

	/**
	 * The row-major array behind a zero-based 2-D image of unsigned 16-bit (DQ flags) or signed 32-bit
	 * values (counts), else null: read directly, those planes are written several times faster than
	 * through a cursor (the same values).
	 */
	private static Object integerArray(RandomAccessibleInterval<? extends RealType<?>> plane) {
		if (!(plane instanceof ArrayImg) || plane.numDimensions() != 2 || plane.min(0) != 0 || plane.min(1) != 0) return null;
		Object type = Util.getTypeFromInterval(plane), access = ((ArrayImg<?, ?>) plane).update(null);
		if (type instanceof UnsignedShortType && access instanceof ShortArray) return ((ShortArray) access).getCurrentStorageArray();
		if (type instanceof IntType && access instanceof IntArray) return ((IntArray) access).getCurrentStorageArray();
		return null;
	}

	private static boolean containsNaN(RandomAccessibleInterval<? extends RealType<?>> data) {
		for (RealType<?> t : Views.flatIterable(data)) if (Double.isNaN(t.getRealDouble())) return true;
		return false;
	}

	private static void store(Object rows, int bitpix, int r, int x, long v) {
		switch (bitpix) {
			case 8: ((byte[][]) rows)[r][x] = (byte) v; break;
			case 16: ((short[][]) rows)[r][x] = (short) (v - 32768); break; // BZERO = 32768
			default: ((int[][]) rows)[r][x] = (int) v;
		}
	}

	private static OutputStream nonClosing(OutputStream out) {
		return new java.io.FilterOutputStream(out) {

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				flush();
			}
		};
	}
}
