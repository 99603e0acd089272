package org.astrofiji.io;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import nom.tam.fits.AsciiTableHDU;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.RandomGroupsHDU;
import nom.tam.fits.UndefinedHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsFile;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;

/**
 * Reads image HDUs of FITS files: the primary or any extension (by index or EXTNAME), BITPIX
 * 8/16/32/64/-32/-64 with BSCALE/BZERO (unsigned 16/32-bit included) and BLANK as NaN, gzip and
 * tile-compressed files, 3-D cubes as stacks.
 * <p>
 * Pixels come back as 32-bit floats, flipped vertically into ImageJ orientation (FITS row 1 at the
 * bottom, as ImageJ's own reader and DS9 show it); see {@link org.astrofiji.core.Coordinates}. The
 * header of an extension inherits the primary header's keywords it lacks (EXPTIME, GAIN, ... often
 * live in the primary). Every failure names the file and, where it applies, the HDU.
 * <p>
 * Before nom-tam-fits parses a file, {@link FitsLayout} checks its structure card by card (valid
 * BITPIX, NAXISn, scaling and compression cards, an END to every header, all data present, gzip
 * checksums), so a damaged file is refused with the card or byte at fault instead of being read with
 * defaults or allocating what its cards claim.
 */
public final class FitsReader {

	static {
		NomTam.quiet();
	}

	private FitsReader() {}

	/**
	 * Sets up now what the first read sets up otherwise: java.util.logging, which nom-tam-fits logs
	 * through (routed by {@link NomTam}) and whose set-up looks through every jar of the class path for
	 * logging services (15-35 ms). A one-shot launcher calls this on a thread of its own while it
	 * prepares the command.
	 */
	public static void prepare() {
		NomTam.quiet();
		new Header();
	}

	/** Reads {@code path}, which may end in an HDU selector: {@code x.fits[SCI]}, {@code x.fits[1]}. */
	public static FitsImage read(String path) throws IOException {
		FitsPath p = FitsPath.parse(path);
		return read(p.file(), p.hdu());
	}

	/**
	 * Reads one image HDU.
	 *
	 * @param hdu null or empty for the first HDU holding an image; a 0-based index ("1"); an EXTNAME
	 *          ("SCI", any case); or EXTNAME and EXTVER ("SCI,2")
	 */
	public static FitsImage read(File file, String hdu) throws IOException {
		try (Scan scan = new Scan(file)) {
			int index = scan.select(hdu);
			return scan.readImage(index);
		}
	}

	/**
	 * Reads an image with its uncertainty and quality flags: the HDU {@code path} names (or the first
	 * one holding an image) and, when that is a SCI extension, the ERR and DQ extensions of the same
	 * EXTVER beside it (the layout every Astro Fiji product uses, and HST's). A DQ extension is attached
	 * only when it holds Astro Fiji's flags ({@link Dq#MARKER_KEY}): other observatories' bits mean other
	 * things. DQ must hold integers.
	 */
	public static AstroImage readImage(String path) throws IOException {
		return readImage(FitsPath.parse(path));
	}

	/** {@link #readImage(String)} of a file and HDU. */
	public static AstroImage readImage(FitsPath p) throws IOException {
		try (Scan scan = new Scan(p.file())) {
			int index = scan.select(p.hdu());
			FitsImage sci = scan.readImage(index);
			AstroImage image = AstroImage.of(sci.name(), sci.pixels(), sci.header()).withBitpix(sci.bitpix());
			Header h = scan.hduHeader(index);
			String ext = h.getStringValue("EXTNAME");
			if (ext == null || !ext.trim().equalsIgnoreCase("SCI")) return image;
			String version = String.valueOf(h.getIntValue("EXTVER", 1));
			int errIndex = scan.find("ERR", version), dqIndex = scan.find("DQ", version);
			if (errIndex >= 0) image = image.withErr(scan.readImage(errIndex).pixels());
			if (dqIndex >= 0 && Dq.MARKER_VALUE.equals(scan.hduHeader(dqIndex).getStringValue(Dq.MARKER_KEY))) {
				image = image.withDq(flags(scan.readImage(dqIndex)));
			}
			return image;
		}
	}

	/** A DQ extension as 16-bit flags; anything but non-negative integers below 2^15 is named as an error. */
	private static short[] flags(FitsImage dq) throws IOException {
		if (dq.bitpix() < 0) throw new IOException(dq.name() + " has BITPIX " + dq.bitpix() +
			": data-quality flags must be integers");
		float[] v = dq.data();
		short[] out = new short[v.length];
		for (int i = 0; i < v.length; i++) {
			float f = v[i];
			if (!(f >= 0 && f <= 0x7FFF) || f != Math.rint(f)) throw new IOException(dq.name() + " holds " + f +
				" at pixel " + i + ": data-quality flags are integers from 0 to 32767");
			out[i] = (short) f;
		}
		return out;
	}

	/** The header of one image HDU (extension headers inherit the primary's keywords), without pixels. */
	public static FitsHeader readHeader(File file, String hdu) throws IOException {
		try (Scan scan = new Scan(file)) {
			return scan.header(scan.select(hdu));
		}
	}

	/** What the file holds, one entry per HDU. */
	public static List<HduInfo> list(File file) throws IOException {
		try (Scan scan = new Scan(file)) {
			return scan.infos();
		}
	}

	/** One HDU as {@link #list} describes it. */
	public static final class HduInfo {

		public final int index;
		public final String extname;
		public final String kind;
		public final int[] axes;
		public final int bitpix;

		HduInfo(int index, String extname, String kind, int[] axes, int bitpix) {
			this.index = index;
			this.extname = extname;
			this.kind = kind;
			this.axes = axes;
			this.bitpix = bitpix;
		}

		public boolean isImage() {
			return kind.endsWith("image") && axes.length > 0;
		}

		@Override
		public String toString() {
			StringBuilder sb = new StringBuilder().append(index);
			if (extname != null) sb.append(' ').append(extname);
			sb.append(" (").append(kind);
			if (axes.length > 0) {
				sb.append(' ');
				for (int i = 0; i < axes.length; i++) sb.append(i == 0 ? "" : "x").append(axes[i]);
				sb.append(", BITPIX ").append(bitpix);
			}
			return sb.append(')').toString();
		}
	}

	/**
	 * An open file with its HDU headers read (data of uncompressed files stays on disk). Package-private
	 * for {@link FitsBandReader}, which locates an HDU with it and then reads its data in row bands.
	 */
	static final class Scan implements AutoCloseable {

		private final File file;
		private final boolean gzip;
		private final FitsLayout layout;
		private final Fits fits;
		private final List<BasicHDU<?>> hdus = new ArrayList<>();

		Scan(File file) throws IOException {
			this.file = file;
			if (!file.isFile()) throw new IOException("FITS file not found: " + file);
			byte[] magic = firstBytes(file, 3);
			gzip = magic.length >= 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b;
			if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') throw new IOException(
				file + " is bzip2-compressed; decompress it first (bzip2 -d)");
			String start = startText(file, gzip);
			if (!start.startsWith("SIMPLE  =")) {
				if (gzip) FitsLayout.verifyGzip(file); // damaged gzip data say more than the content they give
				throw new IOException(file + " is not a FITS file (a FITS file begins with 'SIMPLE  =      T')");
			}
			layout = FitsLayout.scan(file, gzip);
			// a gzip stream cannot be read in part: nom-tam decodes every HDU into memory
			if (gzip) Memory.require(layout.totalDataBytes(), "reading " + file + " (gzip-compressed, all " +
				layout.size() + " HDUs decompressed)");
			fits = open(file, gzip);
			try {
				for (int i = 0; i < layout.size(); i++) {
					BasicHDU<?> h = fits.readHDU();
					if (h == null) throw new IOException("it ends early");
					hdus.add(h);
				}
			}
			catch (IOException | RuntimeException e) {
				close();
				throw new IOException("cannot read HDU " + hdus.size() + " of " + file + ": " + NomTam.reason(e), e);
			}
		}

		/**
		 * nom-tam over the file: gzip decompressed by us (nom-tam would look its gzip support up through
		 * the thread's context class loader, which in plain ImageJ and under the macro runner cannot see
		 * the jars beside the plugin), and what lookup remains (nom-tam probes every stream) done with
		 * nom-tam's own class loader.
		 */
		private static Fits open(File file, boolean gzip) throws IOException {
			Thread thread = Thread.currentThread();
			ClassLoader saved = thread.getContextClassLoader();
			thread.setContextClassLoader(Fits.class.getClassLoader());
			java.io.Closeable source = null;
			try {
				if (!gzip) {
					FitsFile f = new FitsFile(file, "r");
					source = f;
					return new Fits(f);
				}
				InputStream in = new GZIPInputStream(new BufferedInputStream(new FileInputStream(file), 1 << 16), 1 << 16);
				source = in;
				return new Fits(in);
			}
			catch (RuntimeException e) {
				if (source != null) source.close();
				throw new IOException("cannot read " + file + ": " + NomTam.reason(e), e);
			}
			finally {
				thread.setContextClassLoader(saved);
			}
		}

		int select(String spec) throws IOException {
			if (spec == null || spec.isBlank()) {
				for (int i = 0; i < hdus.size(); i++) if (infoOf(i).isImage()) return i;
				throw new IOException(file + " holds no image; its HDUs are: " + listing());
			}
			String s = spec.trim();
			int index = -1;
			if (s.matches("\\d+")) {
				index = Integer.parseInt(s);
				if (index >= hdus.size()) throw new IOException(file + " has no HDU " + index + "; its " +
					hdus.size() + " HDUs are: " + listing());
			}
			else {
				String name = s, version = null;
				int comma = s.indexOf(',');
				if (comma >= 0) {
					name = s.substring(0, comma).trim();
					version = s.substring(comma + 1).trim();
				}
				for (int i = 0; i < hdus.size() && index < 0; i++) {
					Header h = hdus.get(i).getHeader();
					String ext = h.getStringValue("EXTNAME");
					boolean versionOk = version == null || version.equals(String.valueOf(h.getIntValue("EXTVER", 1)));
					if (ext != null && ext.trim().equalsIgnoreCase(name) && versionOk) index = i;
				}
				if (index < 0) throw new IOException(file + " has no HDU named '" + s + "'; its HDUs are: " + listing());
			}
			HduInfo info = infoOf(index);
			if (!info.kind.endsWith("image")) throw new IOException("HDU " + index + describe(index) + " of " +
				file + " is a " + info.kind + ", not an image");
			if (!info.isImage()) throw new IOException("HDU " + index + describe(index) + " of " + file +
				" holds no data (NAXIS = 0); its HDUs are: " + listing());
			return index;
		}

		/** The nom-tam header of an HDU as stored. */
		Header hduHeader(int index) {
			return hdus.get(index).getHeader();
		}

		/** The index of the image extension with this EXTNAME and EXTVER, or -1. */
		int find(String extname, String version) throws IOException {
			for (int i = 1; i < hdus.size(); i++) {
				Header h = hdus.get(i).getHeader();
				String ext = h.getStringValue("EXTNAME");
				if (ext != null && ext.trim().equalsIgnoreCase(extname) &&
					version.equals(String.valueOf(h.getIntValue("EXTVER", 1))) && infoOf(i).isImage()) return i;
			}
			return -1;
		}

		FitsHeader header(int index) throws IOException {
			FitsHeader h = FitsCards.of(imageHeader(index), file.getName() + describe(index));
			if (index > 0) h.inherit(FitsCards.of(hdus.get(0).getHeader(), file.getName()));
			return h;
		}

		FitsImage readImage(int index) throws IOException {
			Header header = imageHeader(index);
			int[] shape = squeezedShape(index, header);
			int nx = shape[0], ny = shape[1], nz = shape[2];
			if ((long) nx * ny > Integer.MAX_VALUE - 8) throw new IOException("HDU " + index + " of " + file +
				" is too large for one ImageJ plane (" + nx + "x" + ny + ")");
			RawPixels raw = rawPixels(index);
			BasicHDU<?> hdu = hdus.get(index);
			// what the claimed size takes before any of it is allocated: 32-bit floats, and nom-tam's
			// decompressed copy of a tile-compressed image
			long bytes = 4L * nx * ny * nz;
			if (hdu instanceof CompressedImageHDU) bytes += layout.hdu(index).imageBytes();
			Memory.require(bytes, "reading HDU " + index + describe(index) + " of " + file + " (" + nx + "x" + ny +
				(nz > 1 ? "x" + nz : "") + " pixels)");
			float[][] planes = new float[nz][nx * ny];
			try {
				long offset = directDataOffset(index);
				if (offset >= 0) readDirect(offset, raw, nx, ny, planes);
				else readDecoded(hdu, raw, nx, ny, planes);
			}
			catch (IOException | RuntimeException e) {
				throw new IOException("cannot read the data of HDU " + index + describe(index) + " of " + file +
					" (truncated or damaged?): " + NomTam.reason(e), e);
			}
			Img<FloatType> pixels = nz == 1 && shape[3] <= 2 ? Images.wrap(planes[0], nx, ny)
				: Images.stack(nx, ny, planes);
			String name = file.getName() + (index == 0 ? "" : "[" + label(index) + "]");
			return new FitsImage(name, pixels, header(index).setSource(name), file, index, raw.bitpix);
		}

		/**
		 * How the stored values of an image HDU convert to physical values. The cards are parsed again
		 * as strictly as {@link FitsLayout} checked them in the file (nom-tam would read a bad value as
		 * the default): a compressed image's header is the one nom-tam rebuilt.
		 */
		RawPixels rawPixels(int index) throws IOException {
			Header h = imageHeader(index);
			String where = "HDU " + index + describe(index) + " of " + file;
			int bitpix = layout.hdu(index).bitpix;
			Long blank = null;
			if (bitpix > 0 && h.containsKey("BLANK") && h.findCard("BLANK").getValue() != null) {
				double b = FitsLayout.real(where, h.findCard("BLANK"), 0);
				if (b != Math.rint(b)) throw new IOException(where + ": BLANK = " + h.findCard("BLANK").getValue() +
					" must be an integer");
				blank = h.getLongValue("BLANK");
			}
			return new RawPixels(bitpix, FitsLayout.real(where, h.findCard("BSCALE"), 1),
				FitsLayout.real(where, h.findCard("BZERO"), 0), blank);
		}

		File file() {
			return file;
		}

		/**
		 * The byte offset of the HDU's data when it can be read straight from the file (an uncompressed
		 * image HDU of a file that is not gzipped), else -1.
		 */
		long directDataOffset(int index) {
			return !gzip && hdus.get(index) instanceof ImageHDU ? layout.hdu(index).dataStart : -1;
		}

		/**
		 * Reads the stored values straight from the file, converting and flipping in parallel row bands
		 * ({@link RawPixels#read}: positional reads of L2-sized chunks, no mapping).
		 */
		private void readDirect(long offset, RawPixels raw, int nx, int ny, float[][] planes) throws IOException {
			long rowLength = (long) nx * raw.bytesPerPixel();
			if (rowLength > Integer.MAX_VALUE - 8) throw new IOException("rows of " + nx + " pixels are too long to read");
			int rowBytes = (int) rowLength;
			try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
				// the file may have changed since FitsLayout checked it
				if (offset + rowLength * ny * planes.length > ch.size()) throw new IOException("unexpected end of file at byte " +
					ch.size());
				for (int z = 0; z < planes.length; z++) {
					long pos = offset + (long) z * ny * rowBytes;
					float[] plane = planes[z];
					// flipped: FITS row r is memory row ny - 1 - r
					Parallel.forRange(ny, 16, (y0, y1) -> raw.read(ch, pos + (long) y0 * rowBytes, nx, y1 - y0, plane,
						(ny - 1 - y0) * nx));
				}
			}
		}

		/** Converts arrays nom-tam decoded (gzip streams, tile compression). */
		private void readDecoded(BasicHDU<?> hdu, RawPixels raw, int nx, int ny, float[][] planes)
			throws FitsException
		{
			Object kernel = hdu instanceof CompressedImageHDU ? ((CompressedImageHDU) hdu).asImageHDU().getKernel()
				: hdu.getKernel();
			// drop leading length-1 axes (NAXIS4 = 1 ...) down to [plane][row][column]
			while (kernel instanceof Object[] && ((Object[]) kernel).length == 1 &&
				((Object[]) kernel)[0] instanceof Object[] && ((Object[]) ((Object[]) kernel)[0])[0] instanceof Object[])
			{
				kernel = ((Object[]) kernel)[0];
			}
			Object[][] planeRows;
			if (!(kernel instanceof Object[])) planeRows = new Object[][] { { kernel } }; // 1-D
			else if (!(((Object[]) kernel)[0] instanceof Object[])) planeRows = new Object[][] { (Object[]) kernel };
			else {
				Object[] k = (Object[]) kernel;
				planeRows = new Object[k.length][];
				for (int z = 0; z < k.length; z++) planeRows[z] = (Object[]) k[z];
			}
			for (int z = 0; z < planes.length; z++) {
				for (int r = 0; r < ny; r++) raw.convert(RawPixels.view(planeRows[z][r]), nx, planes[z], (ny - 1 - r) * nx);
			}
		}

		Header imageHeader(int index) throws IOException {
			BasicHDU<?> h = hdus.get(index);
			if (h instanceof CompressedImageHDU) {
				try {
					return ((CompressedImageHDU) h).getImageHeader();
				}
				catch (FitsException e) {
					throw new IOException("cannot read the image header of compressed HDU " + index + " of " + file +
						": " + NomTam.reason(e), e);
				}
			}
			return h.getHeader();
		}

		/** {nx, ny, nz, naxis}: at most 3 axes of length > 1 after dropping trailing length-1 axes. */
		int[] squeezedShape(int index, Header header) throws IOException {
			int naxis = header.getIntValue("NAXIS");
			int[] n = new int[naxis];
			for (int i = 0; i < naxis; i++) n[i] = header.getIntValue("NAXIS" + (i + 1));
			int used = naxis;
			while (used > 2 && n[used - 1] == 1) used--;
			if (used > 3) throw new IOException("HDU " + index + describe(index) + " of " + file + " has NAXIS = " +
				naxis + " (" + join(n) + "); only 2-D images and 3-D cubes can be read");
			return new int[] { n[0], naxis > 1 ? n[1] : 1, used == 3 ? n[2] : 1, used };
		}

		List<HduInfo> infos() throws IOException {
			List<HduInfo> list = new ArrayList<>();
			for (int i = 0; i < hdus.size(); i++) list.add(infoOf(i));
			return list;
		}

		private HduInfo infoOf(int i) throws IOException {
			BasicHDU<?> h = hdus.get(i);
			String ext = extname(i);
			if (h instanceof CompressedImageHDU) {
				Header ih = imageHeader(i);
				return new HduInfo(i, ext, "compressed image", axes(ih), ih.getIntValue("BITPIX"));
			}
			String kind = h instanceof ImageHDU ? "image" : h instanceof BinaryTableHDU ? "binary table"
				: h instanceof AsciiTableHDU ? "ASCII table" : h instanceof RandomGroupsHDU ? "random groups HDU"
				: h instanceof UndefinedHDU ? "non-standard extension" : "HDU";
			int[] axes = h instanceof ImageHDU ? axes(h.getHeader()) : new int[0];
			if (h instanceof ImageHDU && axes.length == 0) kind = "empty image";
			return new HduInfo(i, ext, kind, axes, h.getHeader().getIntValue("BITPIX"));
		}

		private static int[] axes(Header h) {
			int naxis = h.getIntValue("NAXIS", 0);
			int[] a = new int[naxis];
			for (int i = 0; i < naxis; i++) {
				a[i] = h.getIntValue("NAXIS" + (i + 1), 0);
				if (a[i] == 0) return new int[0];
			}
			return a;
		}

		private String extname(int i) {
			String e = hdus.get(i).getHeader().getStringValue("EXTNAME");
			return e == null || e.isBlank() ? null : e.trim();
		}

		String label(int i) {
			String e = extname(i);
			return e != null ? e : String.valueOf(i);
		}

		String describe(int i) {
			String e = extname(i);
			return e == null ? "" : " ('" + e + "')";
		}

		private String listing() throws IOException {
			StringBuilder sb = new StringBuilder();
			for (HduInfo info : infos()) sb.append(sb.length() == 0 ? "" : ", ").append(info);
			return sb.toString();
		}

		@Override
		public void close() throws IOException {
			if (fits != null) fits.close();
		}
	}

	private static byte[] firstBytes(File file, int n) throws IOException {
		try (InputStream in = new FileInputStream(file)) {
			return in.readNBytes(n);
		}
	}

	private static String startText(File file, boolean gzip) throws IOException {
		try (InputStream raw = new BufferedInputStream(new FileInputStream(file));
			InputStream in = gzip ? new GZIPInputStream(raw) : raw)
		{
			return new String(in.readNBytes(9), StandardCharsets.US_ASCII);
		}
		catch (java.util.zip.ZipException | java.io.EOFException e) {
			throw FitsLayout.gzipError(file, e);
		}
	}

	private static String join(int[] n) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < n.length; i++) sb.append(i == 0 ? "" : "x").append(n[i]);
		return sb.toString().toLowerCase(Locale.ROOT);
	}
}
