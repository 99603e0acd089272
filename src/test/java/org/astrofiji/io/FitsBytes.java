package org.astrofiji.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Byte-level editing of valid FITS files for tests that damage them on purpose: where the header
 * cards and the data of each HDU are, a card replaced, gzip in and out. Walks the structure with its
 * own arithmetic (not the reader's), on files the tests wrote or real files known to be valid.
 */
final class FitsBytes {

	static final int BLOCK = 2880, CARD = 80;

	private FitsBytes() {}

	/** One HDU of a valid file: offsets of its cards (END included, last) and of its data. */
	static final class Unit {

		final List<Integer> cards = new ArrayList<>();
		int end;
		long dataStart, dataBytes;

		/** Offset of the card with this keyword, or -1. */
		int card(byte[] fits, String key) {
			for (int c : cards) if (key(fits, c).equals(key)) return c;
			return -1;
		}
	}

	/** The HDUs of a valid (uncompressed) FITS byte array. */
	static List<Unit> units(byte[] fits) {
		List<Unit> units = new ArrayList<>();
		long pos = 0;
		while (pos + BLOCK <= fits.length) {
			if (!units.isEmpty() && !text(fits, (int) pos, 8).equals("XTENSION")) break;
			Unit u = new Unit();
			int c = (int) pos;
			while (true) {
				u.cards.add(c);
				if (key(fits, c).equals("END")) break;
				c += CARD;
			}
			u.end = c;
			u.dataStart = (c / BLOCK + 1) * (long) BLOCK;
			int naxis = (int) number(fits, u, "NAXIS", 0);
			long n = naxis == 0 ? 0 : 1;
			for (int i = 1; i <= naxis; i++) n *= number(fits, u, "NAXIS" + i, 0);
			long bitpix = Math.abs(number(fits, u, "BITPIX", 8));
			u.dataBytes = bitpix / 8 * number(fits, u, "GCOUNT", 1) * (number(fits, u, "PCOUNT", 0) + n);
			units.add(u);
			pos = u.dataStart + (u.dataBytes + BLOCK - 1) / BLOCK * BLOCK;
		}
		return units;
	}

	private static long number(byte[] fits, Unit u, String key, long fallback) {
		int c = u.card(fits, key);
		return c < 0 ? fallback : Long.parseLong(value(fits, c).replace("'", "").trim());
	}

	static String key(byte[] fits, int card) {
		return text(fits, card, 8).trim();
	}

	/** The value text of a card (before a comment). */
	static String value(byte[] fits, int card) {
		String v = text(fits, card + 10, 70);
		if (v.trim().startsWith("'")) return v.substring(0, v.indexOf('\'', v.indexOf('\'') + 1) + 1).trim();
		int slash = v.indexOf('/');
		return (slash < 0 ? v : v.substring(0, slash)).trim();
	}

	static String text(byte[] b, int off, int n) {
		return new String(b, off, Math.min(n, b.length - off), StandardCharsets.ISO_8859_1);
	}

	/** A copy with the card at {@code offset} replaced by {@code KEY = value} (value text as written in FITS). */
	static byte[] setValue(byte[] fits, int offset, String value) {
		return setCard(fits, offset, String.format(Locale.ROOT, "%-8s= %20s", key(fits, offset), value));
	}

	/** A copy with the card at {@code offset} replaced by {@code card} (padded to 80 characters). */
	static byte[] setCard(byte[] fits, int offset, String card) {
		byte[] out = fits.clone();
		byte[] c = String.format("%-80s", card).substring(0, CARD).getBytes(StandardCharsets.ISO_8859_1);
		System.arraycopy(c, 0, out, offset, CARD);
		return out;
	}

	/** A copy with the value of the first card {@code key} of HDU {@code hdu} replaced. */
	static byte[] setValue(byte[] fits, int hdu, String key, String value) {
		int c = units(fits).get(hdu).card(fits, key);
		if (c < 0) throw new IllegalArgumentException("no card " + key + " in HDU " + hdu);
		return setValue(fits, c, value);
	}

	static byte[] gzip(byte[] b) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		// the fastest level: tests compress often, and any valid deflate stream will do
		try (GZIPOutputStream gz = new GZIPOutputStream(out) {
			{
				def.setLevel(java.util.zip.Deflater.BEST_SPEED);
			}
		}) {
			gz.write(b);
		}
		return out.toByteArray();
	}

	static byte[] gunzip(byte[] b) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
			return in.readAllBytes();
		}
	}

	static boolean isGzip(byte[] b) {
		return b.length > 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
	}

	/** A header-only FITS file from card texts (END and padding added). */
	static byte[] header(String... cards) {
		StringBuilder sb = new StringBuilder();
		for (String c : cards) sb.append(String.format("%-80s", c));
		sb.append(String.format("%-80s", "END"));
		while (sb.length() % BLOCK != 0) sb.append(' ');
		return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
	}
}
