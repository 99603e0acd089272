package org.astrofiji.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import nom.tam.fits.HeaderCard;

/**
 * The HDU layout of a FITS file, checked card by card before nom-tam-fits parses it: every header
 * ends with END, the cards that describe the data (BITPIX, NAXISn, PCOUNT, GCOUNT, BSCALE, BZERO,
 * BLANK and the tile-compression cards ZBITPIX, ZNAXISn, ZTILEn) hold valid values, and the data of
 * every HDU is in the file. Bad values are refused with the keyword and its text rather than read as
 * a default (nom-tam reads {@code BZERO = 'abc'} as 0 and {@code BITPIX = 16.5} as 16), and the
 * checks take time linear in the file's size whatever the damage (nom-tam searches a header without
 * END for seconds).
 * <p>
 * A gzip file is decompressed here with {@link GZIPInputStream}, streaming to its end, so its CRC-32
 * and length are verified and a size claimed by a header is compared with the decompressed length
 * before anything of that size is allocated.
 */
final class FitsLayout {

	static final int BLOCK = 2880, CARD = 80;

	private static final Set<Integer> BITPIX = Set.of(8, 16, 32, 64, -32, -64);
	private static final Set<String> COMPRESSION = Set.of("RICE_1", "RICE_ONE", "GZIP_1", "GZIP_2", "PLIO_1",
		"HCOMPRESS_1", "NOCOMPRESS");
	/** Keywords whose second occurrence in a header would leave their value ambiguous. */
	private static final Pattern UNIQUE = Pattern.compile("SIMPLE|XTENSION|BITPIX|NAXIS\\d*|PCOUNT|GCOUNT|GROUPS|" +
		"BSCALE|BZERO|BLANK|ZIMAGE|ZBITPIX|ZNAXIS\\d*|ZTILE\\d+|ZCMPTYPE");
	private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
	private static final Pattern REAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([EeDd][+-]?\\d+)?");

	/** One HDU: where its header and data are, with the checked values that size its data. */
	static final class HduLayout {

		final int index;
		final String extname;
		final long headerStart, dataStart, dataBytes;
		/** BITPIX and axes of the image: ZBITPIX and ZNAXISn for a tile-compressed image. */
		final int bitpix;
		final long[] axes;
		final boolean compressed;

		HduLayout(int index, String extname, long headerStart, long dataStart, long dataBytes, int bitpix, long[] axes,
			boolean compressed)
		{
			this.index = index;
			this.extname = extname;
			this.headerStart = headerStart;
			this.dataStart = dataStart;
			this.dataBytes = dataBytes;
			this.bitpix = bitpix;
			this.axes = axes;
			this.compressed = compressed;
		}

		/** Bytes of the image's pixels as stored (decompressed): the product of the axes times |BITPIX| / 8. */
		long imageBytes() {
			long n = Math.abs(bitpix) / 8;
			for (long a : axes) n = saturatedMultiply(n, a);
			return n;
		}
	}

	private final File file;
	private final boolean gzip;
	private final List<HduLayout> hdus;
	private final long length;

	private FitsLayout(File file, boolean gzip, List<HduLayout> hdus, long length) {
		this.file = file;
		this.gzip = gzip;
		this.hdus = Collections.unmodifiableList(hdus);
		this.length = length;
	}

	List<HduLayout> hdus() {
		return hdus;
	}

	int size() {
		return hdus.size();
	}

	HduLayout hdu(int index) {
		return hdus.get(index);
	}

	/** Length of the FITS content: the file's length, or the decompressed length of a gzip file. */
	long length() {
		return length;
	}

	boolean gzip() {
		return gzip;
	}

	/** Bytes of data of all HDUs together (what reading a whole gzip stream puts in memory). */
	long totalDataBytes() {
		long n = 0;
		for (HduLayout h : hdus) n += h.dataBytes;
		return n;
	}

	/**
	 * Scans {@code file} (gzip-compressed when {@code gzip}). Fails with an IOException naming the file,
	 * the HDU and the card or byte at fault.
	 */
	static FitsLayout scan(File file, boolean gzip) throws IOException {
		try (Source src = gzip ? new GzipSource(file) : new PlainSource(file)) {
			return new Scanner(file, gzip, src).run();
		}
		catch (ZipException | EOFException e) {
			throw gzipError(file, e);
		}
		catch (IOException e) {
			// damaged compressed data make damaged content: the checksum is the better diagnosis
			if (gzip) verifyGzip(file);
			throw e;
		}
	}

	/** Decompresses a gzip file to its end, failing as {@link #scan} does when it is damaged. */
	static void verifyGzip(File file) throws IOException {
		try (GzipSource src = new GzipSource(file)) {
			src.skip(Long.MAX_VALUE);
		}
		catch (ZipException | EOFException e) {
			throw gzipError(file, e);
		}
	}

	/** What a failure of {@link GZIPInputStream} means for the file. */
	static IOException gzipError(File file, IOException e) {
		if (e instanceof EOFException) return new IOException(file + " is truncated: its gzip stream ends before the end " +
			"of the compressed data", e);
		// GZIPInputStream checks the trailer's CRC-32 and length at the end of each member
		String m = String.valueOf(e.getMessage());
		return new IOException(file + " is damaged: " + (m.contains("trailer") ? "its gzip checksum (CRC-32) or length " +
			"does not match the decompressed data" : "its gzip data are corrupt (" + m + ")"), e);
	}

	/** Reads the file block by block, header after header. */
	private static final class Scanner {

		private final File file;
		private final boolean gzip;
		private final Source src;
		private final byte[] block = new byte[BLOCK];
		private long pos;

		Scanner(File file, boolean gzip, Source src) {
			this.file = file;
			this.gzip = gzip;
			this.src = src;
		}

		FitsLayout run() throws IOException {
			List<HduLayout> hdus = new ArrayList<>();
			while (true) {
				long start = pos;
				int n = src.readFully(block);
				pos += n;
				if (n == 0) break;
				// after the last HDU: padding or other bytes, which readers ignore (astropy warns)
				if (!hdus.isEmpty() && !ascii(block, 0, Math.min(n, 9)).equals("XTENSION=")) break;
				Map<String, String> cards = new HashMap<>();
				int index = hdus.size();
				readHeader(index, start, n, cards);
				HduLayout h = check(index, start, cards);
				hdus.add(h);
				long done = 0;
				if (h.compressed) {
					// nom-tam allocates what a tile's descriptor claims: check each against the heap first
					Values v = new Values(where(index, cards), cards);
					long rows = v.integer("NAXIS2", 0, Integer.MAX_VALUE), rowBytes = v.integer("NAXIS1", 0, Integer.MAX_VALUE);
					long table = Math.min(rows * rowBytes, h.dataBytes);
					byte[] main = src.read(table);
					done = main.length;
					pos += done;
					if (done == table) Descriptors.check(v, main, (int) rows, (int) rowBytes, h.dataBytes - table);
				}
				long skipped = done + src.skip(h.dataBytes - done);
				pos += skipped - done;
				if (skipped < h.dataBytes) throw new IOException(file + " is truncated: HDU " + index + quoted(h.extname) +
					" needs " + h.dataBytes + " bytes of data from byte " + h.dataStart + " but its " +
					(gzip ? "decompressed content" : "file") + " ends at byte " + pos);
				// the last HDU's padding may be missing
				pos += src.skip(padding(h.dataBytes));
			}
			if (gzip) pos += src.skip(Long.MAX_VALUE); // to the end: the gzip trailer's checks
			return new FitsLayout(file, gzip, hdus, pos);
		}

		/**
		 * Collects the cards of one header up to END, the first block already in {@link #block} with
		 * {@code n} bytes. Stops at the first card holding a control character: a header is text, so
		 * binary data there means the END card is missing.
		 */
		private void readHeader(int index, long start, int n, Map<String, String> cards) throws IOException {
			while (true) {
				for (int c = 0; c + CARD <= n; c += CARD) {
					int bad = firstControl(block, c, CARD);
					if (bad >= 0) throw new IOException("HDU " + index + " of " + file + " has no END card: its header " +
						"(from byte " + start + ") runs into binary data at byte " + (pos - n + c + bad) +
						"; the header is damaged");
					String card = ascii(block, c, CARD);
					String key = key(card);
					if (key.equals("END")) return;
					String value = value(card);
					if (value == null) continue; // commentary cards
					if (cards.containsKey(key)) {
						if (UNIQUE.matcher(key).matches()) throw new IOException(where(index, cards) + ": " + key +
							" appears twice in the header (" + cards.get(key) + " and " + value + ")");
						continue;
					}
					cards.put(key, value);
				}
				if (n < BLOCK) throw new IOException("HDU " + index + " of " + file + " has no END card: its header " +
					"(from byte " + start + ") runs to the end of the " + (gzip ? "decompressed content" : "file") +
					" at byte " + pos);
				n = src.readFully(block);
				pos += n;
			}
		}

		/** Checks the structural values of one header; returns the layout of its HDU. */
		private HduLayout check(int index, long start, Map<String, String> cards) throws IOException {
			String where = where(index, cards);
			Values v = new Values(where, cards);
			boolean primary = index == 0;
			if (primary && !"T".equals(cards.get("SIMPLE"))) throw new IOException(where + ": SIMPLE = " +
				cards.get("SIMPLE") + ", not T: the file does not follow the FITS standard");
			String xtension = primary ? null : v.string("XTENSION");
			int bitpix = v.bitpix("BITPIX");
			int naxis = (int) v.integer("NAXIS", 0, 999);
			long[] axes = new long[naxis];
			for (int i = 0; i < naxis; i++) axes[i] = v.integer("NAXIS" + (i + 1), 0, Integer.MAX_VALUE);
			boolean groups = primary && naxis > 0 && axes[0] == 0 && "T".equals(cards.get("GROUPS"));
			long pcount = primary && !groups ? 0 : v.optionalInteger("PCOUNT", 0, 0, Long.MAX_VALUE);
			long gcount = primary && !groups ? 1 : v.optionalInteger("GCOUNT", 1, 0, Long.MAX_VALUE);
			if ("IMAGE".equals(xtension) && (pcount != 0 || gcount != 1)) throw new IOException(where + ": PCOUNT = " +
				pcount + " and GCOUNT = " + gcount + " in an IMAGE extension, which has PCOUNT = 0 and GCOUNT = 1");
			if ("BINTABLE".equals(xtension) || "TABLE".equals(xtension)) {
				if (bitpix != 8 || naxis != 2 || gcount != 1) throw new IOException(where + ": a " + xtension + " extension has " +
					"BITPIX = 8, NAXIS = 2 and GCOUNT = 1, not " + bitpix + ", " + naxis + " and " + gcount);
				if (xtension.equals("BINTABLE")) Descriptors.columns(v, axes[0]);
				else for (int i = 1; i <= v.integer("TFIELDS", 0, 999); i++) v.string("TFORM" + i);
			}
			long data = 0;
			try {
				if (naxis > 0) {
					long n = 1;
					for (int i = groups ? 1 : 0; i < naxis; i++) n = Math.multiplyExact(n, axes[i]);
					data = Math.multiplyExact(Math.multiplyExact(Math.abs(bitpix) / 8, gcount), Math.addExact(pcount, n));
				}
			}
			catch (ArithmeticException e) {
				throw new IOException(where + ": NAXIS" + (naxis > 0 ? "n" : "") + ", PCOUNT and GCOUNT claim more data than " +
					"any file can hold");
			}
			int imageBitpix = bitpix;
			long[] imageAxes = groups ? new long[0] : axes;
			boolean compressed = "BINTABLE".equals(xtension) && "T".equals(cards.get("ZIMAGE"));
			if (compressed) {
				imageBitpix = v.bitpix("ZBITPIX");
				imageAxes = compressedAxes(v, naxis == 2 ? axes[1] : -1);
			}
			boolean pixels = imageAxes.length > 0;
			for (long a : imageAxes) pixels &= a > 0;
			// scaling of images only (tables scale columns with TSCALn), and only where there are pixels to scale
			if (pixels && (xtension == null || xtension.equals("IMAGE") || compressed)) v.scaling(imageBitpix);
			return new HduLayout(index, extname(cards), start, pos, data, imageBitpix, imageAxes, compressed);
		}

		/** ZNAXISn of a tile-compressed image, checked against ZTILEn and the rows (tiles) of its table. */
		private long[] compressedAxes(Values v, long rows) throws IOException {
			int znaxis = (int) v.integer("ZNAXIS", 1, 999);
			long[] axes = new long[znaxis];
			long tiles = 1;
			for (int i = 0; i < znaxis; i++) {
				axes[i] = v.integer("ZNAXIS" + (i + 1), 1, Integer.MAX_VALUE);
				long tile = v.optionalInteger("ZTILE" + (i + 1), i == 0 ? axes[0] : 1, 1, Integer.MAX_VALUE);
				tiles = saturatedMultiply(tiles, (axes[i] + tile - 1) / tile);
			}
			String type = v.string("ZCMPTYPE");
			if (!COMPRESSION.contains(type)) throw new IOException(v.where + ": ZCMPTYPE = '" + type + "' is not a " +
				"compression FITS knows (RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1 or NOCOMPRESS)");
			if (tiles != rows) throw new IOException(v.where + ": ZNAXISn and ZTILEn give " + tiles + " tiles but the " +
				"table holds " + rows + " (NAXIS2); the compressed image is damaged");
			return axes;
		}

		private String where(int index, Map<String, String> cards) {
			return "HDU " + index + quoted(extname(cards)) + " of " + file;
		}
	}

	/** The checked values of one header's cards. */
	private static final class Values {

		final String where;
		final Map<String, String> cards;

		Values(String where, Map<String, String> cards) {
			this.where = where;
			this.cards = cards;
		}

		int bitpix(String key) throws IOException {
			String text = required(key);
			if (!INTEGER.matcher(text).matches() || !BITPIX.contains(parseInt(text))) throw new IOException(where + ": " +
				key + " = " + text + " is not a FITS pixel type (8, 16, 32, 64, -32 or -64)");
			return parseInt(text);
		}

		long integer(String key, long min, long max) throws IOException {
			return integer(key, required(key), min, max);
		}

		long optionalInteger(String key, long fallback, long min, long max) throws IOException {
			String text = cards.get(key);
			return text == null ? fallback : integer(key, text, min, max);
		}

		private long integer(String key, String text, long min, long max) throws IOException {
			Long value = null;
			if (INTEGER.matcher(text).matches()) {
				try {
					value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
				}
				catch (NumberFormatException e) {
					// beyond long: out of range below
				}
			}
			if (value == null || value < min || value > max) throw new IOException(where + ": " + key + " = " + text +
				" must be an integer" + (min == Long.MIN_VALUE ? "" : max == Integer.MAX_VALUE || max == Long.MAX_VALUE ?
					" >= " + min : " from " + min + " to " + max));
			return value;
		}

		String string(String key) throws IOException {
			String text = required(key);
			if (!text.startsWith("'")) throw new IOException(where + ": " + key + " = " + text + " must be a quoted string");
			return unquote(text).trim();
		}

		private String required(String key) throws IOException {
			String text = cards.get(key);
			if (text == null) throw new IOException(where + ": the " + key + " card is missing");
			if (text.isEmpty()) throw new IOException(where + ": " + key + " has no value");
			return text;
		}

		/**
		 * BSCALE and BZERO finite numbers keeping the pixel values in float range, BSCALE not 0, and an
		 * integer BLANK for integer data.
		 */
		void scaling(int bitpix) throws IOException {
			double scale = 1, zero = 0;
			String s = cards.get("BSCALE"), z = cards.get("BZERO"), b = cards.get("BLANK");
			if (s != null) scale = real(where, "BSCALE", s);
			if (z != null) zero = real(where, "BZERO", z);
			if (scale == 0) throw new IOException(where + ": BSCALE = " + s + " would make every pixel equal BZERO; " +
				"BSCALE must not be 0");
			double stored = bitpix == 8 ? 255 : bitpix == 16 ? 32768 : bitpix == 32 ? 0x1p31 : bitpix == 64 ? 0x1p63 : 0;
			if (Math.abs(zero) + Math.abs(scale) * stored > Float.MAX_VALUE) throw new IOException(where + ": " +
				(s == null ? "" : "BSCALE = " + s + " and ") + (z == null ? "" : "BZERO = " + z + " ") +
				"put the pixel values beyond the 32-bit float range");
			if (bitpix > 0 && b != null) integer("BLANK", b, Long.MIN_VALUE, Long.MAX_VALUE);
		}
	}

	/**
	 * The value of BSCALE, BZERO and the like: a FITS real ({@code 1.5}, {@code 1.5E3}, Fortran's
	 * {@code 1.5D3}) that is finite; anything else is an error naming the keyword and its text.
	 */
	static double real(String where, String key, String text) throws IOException {
		double v = Double.NaN;
		if (REAL.matcher(text).matches()) v = Double.parseDouble(text.replace('D', 'E').replace('d', 'e'));
		if (!Double.isFinite(v)) throw new IOException(where + ": " + key + " = " + text + (REAL.matcher(text).matches()
			? " is beyond the range of numbers" : " is not a number"));
		return v;
	}

	/** As {@link #real(String, String, String)}, for a card nom-tam parsed (null: the card is absent). */
	static double real(String where, HeaderCard card, double fallback) throws IOException {
		String v = card == null ? null : card.getValue();
		if (v == null) return fallback; // absent, or a card without a value ('=' after column 9)
		return real(where, card.getKey(), card.isStringValue() ? "'" + v + "'" : v.trim());
	}

	/*
	 * Cards are split into keyword and value as nom-tam splits them (its HeaderCardParser), so that what
	 * is checked here is what nom-tam will read: the keyword is the first 8 characters, or those before
	 * an '=' within them, trimmed and in upper case; a value follows an '=' in the first 9 characters.
	 * (The standard wants the keyword in upper case and "= " in columns 9-10; readers take more.)
	 */

	/** End of the keyword field of a card: an '=' within the first 9 characters, else 8. */
	private static int stemEnd(String card) {
		int eq = card.indexOf('=');
		return Math.min(card.length(), eq >= 0 && eq <= 8 ? eq : 8);
	}

	/** The keyword of a card. */
	static String key(String card) {
		return card.substring(0, stemEnd(card)).trim().toUpperCase(Locale.ROOT);
	}

	/**
	 * The value text of a card: a quoted string as written, otherwise the text before any comment;
	 * null for a card without a value (commentary cards, '=' after column 9).
	 */
	static String value(String card) {
		int p = stemEnd(card);
		if (card.substring(0, p).isBlank()) return null;
		while (p < card.length() && Character.isSpaceChar(card.charAt(p))) p++;
		if (p > 8 || p >= card.length() || card.charAt(p) != '=') return null;
		String v = card.substring(p + 1);
		String t = v.trim();
		if (t.startsWith("'")) {
			int i = v.indexOf('\'') + 1;
			while (i < v.length()) {
				if (v.charAt(i) == '\'') {
					if (i + 1 < v.length() && v.charAt(i + 1) == '\'') i += 2;
					else return v.substring(v.indexOf('\''), i + 1);
				}
				else i++;
			}
			return t; // unterminated: kept whole, refused where a string is needed
		}
		int slash = v.indexOf('/');
		return (slash >= 0 ? v.substring(0, slash) : v).trim();
	}

	private static String unquote(String text) {
		String s = text.length() >= 2 && text.endsWith("'") ? text.substring(1, text.length() - 1) : text.substring(1);
		return s.replace("''", "'");
	}

	private static String extname(Map<String, String> cards) {
		String e = cards.get("EXTNAME");
		if (e == null || !e.startsWith("'")) return null;
		String s = unquote(e).trim();
		return s.isEmpty() ? null : s;
	}

	private static String quoted(String extname) {
		return extname == null ? "" : " ('" + extname + "')";
	}

	private static int parseInt(String text) {
		try {
			return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
		}
		catch (NumberFormatException e) {
			return 0; // not a BITPIX value
		}
	}

	static long padding(long bytes) {
		long r = bytes % BLOCK;
		return r == 0 ? 0 : BLOCK - r;
	}

	private static long saturatedMultiply(long a, long b) {
		long hi = Math.multiplyHigh(a, b);
		long lo = a * b;
		return hi == 0 && lo >= 0 ? lo : Long.MAX_VALUE;
	}

	/** Index in {@code b[off, off+n)} of the first control character (not header text), relative to off; -1 if none. */
	private static int firstControl(byte[] b, int off, int n) {
		for (int i = 0; i < n; i++) if ((b[off + i] & 0xFF) < 0x20 || b[off + i] == 0x7F) return i;
		return -1;
	}

	private static String ascii(byte[] b, int off, int n) {
		return new String(b, off, n, StandardCharsets.ISO_8859_1);
	}

	/**
	 * The variable-length array descriptors of a binary table (the tiles of a compressed image): each
	 * must point inside the heap, which nom-tam trusts (it allocates what a descriptor claims).
	 */
	private static final class Descriptors {

		private static final Pattern TFORM = Pattern.compile("(\\d*)([LXBIJKAEDCMPQ])([LXBIJKAEDCM]?)(\\(\\d*\\))?.*");

		/** One column: where it starts in a row, and for variable-length arrays the descriptor and element types. */
		private static final class Column {

			String name;
			int offset;
			/** 'P' or 'Q' for a variable-length array, else 0. */
			char kind;
			char element;
		}

		/** The columns of a binary table (TFIELDS, TFORMn, TTYPEn), checked to fill NAXIS1 bytes a row. */
		static Column[] columns(Values v, long rowBytes) throws IOException {
			int fields = (int) v.integer("TFIELDS", 0, 999);
			Column[] columns = new Column[fields];
			long width = 0;
			for (int i = 0; i < fields; i++) {
				String key = "TFORM" + (i + 1);
				String form = v.string(key).toUpperCase(Locale.ROOT);
				java.util.regex.Matcher m = TFORM.matcher(form);
				if (!m.matches() || (m.group(2).matches("[PQ]") && m.group(3).isEmpty())) throw new IOException(v.where +
					": " + key + " = '" + form + "' is not a binary table column format");
				if (m.group(1).length() > 9) throw new IOException(v.where + ": " + key + " = '" + form + "' repeats " +
					"its column more often than any table holds");
				long repeat = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
				char type = m.group(2).charAt(0);
				Column c = columns[i] = new Column();
				c.offset = (int) Math.min(width, Integer.MAX_VALUE);
				String ttype = v.cards.get("TTYPE" + (i + 1));
				c.name = ttype != null && ttype.startsWith("'") ? unquote(ttype).trim() : "column " + (i + 1);
				if (type == 'P' || type == 'Q') {
					c.kind = type;
					c.element = m.group(3).charAt(0);
					width += repeat * (type == 'P' ? 8 : 16);
				}
				else width += type == 'X' ? (repeat + 7) / 8 : repeat * size(type);
			}
			if (width != rowBytes) throw new IOException(v.where + ": its columns (TFORMn) take " + width +
				" bytes a row but NAXIS1 = " + rowBytes + "; the table is damaged");
			return columns;
		}

		/** Checks every descriptor of the table {@code main} against the heap that follows it. */
		static void check(Values v, byte[] main, int rows, int rowBytes, long afterTable) throws IOException {
			Column[] columns = columns(v, rowBytes);
			long table = (long) rows * rowBytes;
			long heapStart = v.optionalInteger("THEAP", table, table, table + afterTable);
			long heap = table + afterTable - heapStart;
			ByteBuffer b = ByteBuffer.wrap(main);
			for (int r = 0; r < rows; r++) {
				for (Column c : columns) {
					if (c.kind == 0) continue;
					int at = r * rowBytes + c.offset;
					long count = c.kind == 'P' ? b.getInt(at) : b.getLong(at);
					long start = c.kind == 'P' ? b.getInt(at + 4) : b.getLong(at + 8);
					// no element takes less than a bit: a count beyond 8 bits a byte of heap cannot fit (and cannot overflow below)
					long bytes = count < 0 || count / 8 > heap ? -1 : c.element == 'X' ? (count + 7) / 8 : count * size(c.element);
					if (bytes < 0 || start < 0 || start > heap || bytes > heap - start) throw new IOException(
						v.where + ": row " + (r + 1) + " of " + c.name + " claims " + count + " elements at heap offset " +
						start + ", outside the " + heap + "-byte heap; the table is damaged");
				}
			}
		}

		private static int size(char type) {
			switch (type) {
				case 'I': return 2;
				case 'J': case 'E': return 4;
				case 'K': case 'D': case 'C': return 8;
				case 'M': return 16;
				default: return 1; // L, B, A
			}
		}
	}

	/** Sequential bytes of the FITS content. */
	private interface Source extends AutoCloseable {

		/** Fills {@code b} unless the content ends first; returns the bytes read. */
		int readFully(byte[] b) throws IOException;

		/**
		 * Up to {@code n} bytes (fewer where the content ends), read in chunks: a claimed length is
		 * never allocated before the bytes are there.
		 */
		default byte[] read(long n) throws IOException {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			byte[] chunk = new byte[1 << 16];
			while (out.size() < n) {
				byte[] c = (int) Math.min(chunk.length, n - out.size()) == chunk.length ? chunk
					: new byte[(int) Math.min(chunk.length, n - out.size())];
				int k = readFully(c);
				out.write(c, 0, k);
				if (k < c.length) break;
				if (out.size() > Integer.MAX_VALUE - (1 << 17)) throw new IOException("a binary table of more than 2 GB");
			}
			return out.toByteArray();
		}

		/** Skips up to {@code n} bytes; returns how many there were. */
		long skip(long n) throws IOException;

		@Override
		void close() throws IOException;
	}

	/** An uncompressed file: positional reads of the headers, data skipped by arithmetic. */
	private static final class PlainSource implements Source {

		private final FileChannel channel;
		private final long size;
		private long pos;

		PlainSource(File file) throws IOException {
			channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
			size = channel.size();
		}

		@Override
		public int readFully(byte[] b) throws IOException {
			ByteBuffer buf = ByteBuffer.wrap(b);
			while (buf.hasRemaining()) {
				int n = channel.read(buf, pos + buf.position());
				if (n < 0) break;
			}
			pos += buf.position();
			return buf.position();
		}

		@Override
		public long skip(long n) {
			long k = Math.min(n, size - pos);
			pos += k;
			return k;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	/** A gzip file, decompressed as it is read; reading to its end verifies its CRC-32 and length. */
	private static final class GzipSource implements Source {

		private final InputStream in;
		private final byte[] scratch = new byte[1 << 16];

		GzipSource(File file) throws IOException {
			InputStream raw = new BufferedInputStream(new FileInputStream(file), 1 << 16);
			try {
				in = new GZIPInputStream(raw, 1 << 16);
			}
			catch (IOException e) {
				raw.close();
				throw e;
			}
		}

		@Override
		public int readFully(byte[] b) throws IOException {
			return in.readNBytes(b, 0, b.length);
		}

		@Override
		public long skip(long n) throws IOException {
			long done = 0;
			while (done < n) {
				int k = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
				if (k < 0) break;
				done += k;
			}
			return done;
		}

		@Override
		public void close() throws IOException {
			in.close();
		}
	}

	static String describe(long[] axes) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < axes.length; i++) sb.append(i == 0 ? "" : "x").append(axes[i]);
		return sb.toString().toLowerCase(Locale.ROOT);
	}
}
