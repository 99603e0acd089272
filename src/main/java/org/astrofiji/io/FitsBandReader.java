package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import nom.tam.fits.Header;

/**
 * One 2-D image HDU of a FITS file, opened once and read in bands of rows: what combining many
 * large frames in bounded memory needs (only a band of each frame is held at a time).
 * <p>
 * Rows are numbered as in memory, in ImageJ orientation (row 0 is the top, i.e. the last row of the
 * FITS array; see {@link org.astrofiji.core.Coordinates}), and values are exactly those
 * {@link FitsReader} gives: BSCALE/BZERO applied, BLANK as NaN, 32-bit float. Uncompressed files are
 * read straight from disk, only the requested rows; gzip and tile-compressed files cannot be read in
 * part, so they are decoded once in full when opened.
 * <p>
 * {@link #read} may be called from several threads at once (positional reads, per-thread buffers).
 */
public final class FitsBandReader implements AutoCloseable {

	private final File file;
	private final String name;
	private final FitsHeader header;
	private final int width, height, bitpix;
	private final RawPixels raw;
	private final long offset;
	private final FileChannel channel;
	/** The whole image when it had to be decoded (compressed files), else null. */
	private final float[] decoded;

	private FitsBandReader(File file, String name, FitsHeader header, int width, int height, int bitpix, RawPixels raw,
		long offset, FileChannel channel, float[] decoded)
	{
		this.file = file;
		this.name = name;
		this.header = header;
		this.width = width;
		this.height = height;
		this.bitpix = bitpix;
		this.raw = raw;
		this.offset = offset;
		this.channel = channel;
		this.decoded = decoded;
	}

	/** Opens {@code path}, which may end in an HDU selector ({@code x.fits[SCI]}). */
	public static FitsBandReader open(String path) throws IOException {
		FitsPath p = FitsPath.parse(path);
		return open(p.file(), p.hdu());
	}

	/**
	 * Opens one image HDU (null or empty: the first holding an image) of a file. Fails, naming the
	 * file and HDU, when it is not a 2-D image or the file is truncated.
	 */
	public static FitsBandReader open(File file, String hdu) throws IOException {
		try (FitsReader.Scan scan = new FitsReader.Scan(file)) {
			int index = scan.select(hdu);
			Header h = scan.imageHeader(index);
			int[] shape = scan.squeezedShape(index, h);
			String name = file.getName() + (index == 0 ? "" : "[" + scan.label(index) + "]");
			if (shape[2] > 1) throw new IOException("HDU " + index + scan.describe(index) + " of " + file + " is a cube of " +
				shape[2] + " planes (" + shape[0] + "x" + shape[1] + "x" + shape[2] + "); only 2-D images can be read in bands");
			FitsHeader header = scan.header(index).setSource(name);
			RawPixels raw = scan.rawPixels(index);
			long offset = scan.directDataOffset(index);
			if ((long) shape[0] * raw.bytesPerPixel() > Integer.MAX_VALUE - 8) throw new IOException("HDU " + index +
				scan.describe(index) + " of " + file + " has rows of " + shape[0] + " pixels, too long to read in bands");
			if (offset < 0) {
				FitsImage all = scan.readImage(index);
				return new FitsBandReader(file, name, header, shape[0], shape[1], raw.bitpix, raw, -1, null, all.data());
			}
			FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ);
			return new FitsBandReader(file, name, header, shape[0], shape[1], raw.bitpix, raw, offset, ch, null);
		}
	}

	/** "file.fits", or "file.fits[SCI]" for an extension. */
	public String name() {
		return name;
	}

	public File file() {
		return file;
	}

	/** The HDU's descriptive header (an extension's inherits the primary's keywords). */
	public FitsHeader header() {
		return header;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** BITPIX of the data in the file. */
	public int bitpix() {
		return bitpix;
	}

	/** True when rows are read from disk on demand; false when the file was decoded in full (compressed). */
	public boolean isStreaming() {
		return decoded == null;
	}

	/**
	 * Reads memory rows {@code [row, row + rows)} into {@code dst} from {@code dstOffset}, row after
	 * row ({@code rows * width()} values).
	 */
	public void read(int row, int rows, float[] dst, int dstOffset) throws IOException {
		if (row < 0 || rows < 0 || row + rows > height) throw new IndexOutOfBoundsException("rows " + row + ".." +
			(row + rows - 1) + " are outside the " + height + " rows of " + name);
		if (rows == 0) return;
		if (decoded != null) {
			System.arraycopy(decoded, row * width, dst, dstOffset, rows * width);
			return;
		}
		// memory rows [row, row + rows) are FITS rows [height - row - rows, height - row): one contiguous range
		long start = offset + (long) (height - row - rows) * width * raw.bytesPerPixel();
		try {
			raw.read(channel, start, width, rows, dst, dstOffset + (rows - 1) * width);
		}
		catch (IOException e) {
			throw new IOException("cannot read rows " + row + ".." + (row + rows - 1) + " of " + name + ": " +
				e.getMessage(), e);
		}
	}

	@Override
	public void close() throws IOException {
		if (channel != null) channel.close();
	}

	@Override
	public String toString() {
		return name + " (" + width + "x" + height + ", BITPIX " + bitpix + ")";
	}
}
