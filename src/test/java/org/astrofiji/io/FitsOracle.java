package org.astrofiji.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What the pixels of an uncompressed FITS file must read as, worked out independently of the reader
 * (its own walk over the bytes, its own parsing of the cards): the oracle of the fuzz test for every
 * read that succeeds. Where a value that shapes or scales the pixels is not valid (BITPIX = 16.5,
 * BZERO = 'abc', BSCALE = 0, a pixel turned infinite by the scaling, missing data), the file has no
 * right reading and {@link Invalid} says why: the reader must then fail. HDUs it does not judge
 * (tables, tile-compressed images) map to null.
 */
final class FitsOracle {

	/** The file cannot be read right: a read that succeeds is wrong. */
	static final class Invalid extends Exception {

		Invalid(String why) {
			super(why, null, false, false);
		}
	}

	private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
	private static final Pattern REAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([EeDd][+-]?[0-9]+)?");
	private static final Set<Integer> BITPIX = Set.of(8, 16, 32, 64, -32, -64);

	private FitsOracle() {}

	/** Expected pixels (ImageJ orientation, planes one after the other) of each image HDU, by index. */
	static Map<Integer, float[]> expected(byte[] file) throws Invalid {
		byte[] b = file;
		if (FitsBytes.isGzip(file)) {
			try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
				b = in.readAllBytes();
			}
			catch (IOException e) {
				throw new Invalid("gzip: " + e.getMessage());
			}
		}
		Map<Integer, float[]> out = new HashMap<>();
		long pos = 0;
		for (int index = 0; pos + FitsBytes.CARD <= b.length; index++) {
			if (index > 0 && !FitsBytes.text(b, (int) pos, 9).equals("XTENSION=")) break;
			Map<String, String> cards = new HashMap<>();
			Set<String> twice = new HashSet<>();
			long c = pos;
			boolean end = false;
			for (; c + FitsBytes.CARD <= b.length; c += FitsBytes.CARD) {
				String card = FitsBytes.text(b, (int) c, FitsBytes.CARD);
				// keyword and value as FITS readers split a card (case, '=' within the first 9 characters)
				int eq = card.indexOf('=');
				int stem = eq >= 0 && eq <= 8 ? eq : 8;
				String key = card.substring(0, stem).trim().toUpperCase(java.util.Locale.ROOT);
				if (key.equals("END")) {
					end = true;
					break;
				}
				int p = stem;
				while (p < 80 && Character.isSpaceChar(card.charAt(p))) p++;
				if (key.isEmpty() || p > 8 || card.charAt(p) != '=') continue;
				String v = card.substring(p + 1).trim();
				if (v.startsWith("'")) v = v.substring(0, Math.max(1, v.indexOf('\'', 1) + 1));
				else if (v.contains("/")) v = v.substring(0, v.indexOf('/')).trim();
				if (cards.putIfAbsent(key, v) != null) twice.add(key);
			}
			if (!end) throw new Invalid("HDU " + index + " has no END");
			long dataStart = (c / FitsBytes.BLOCK + 1) * FitsBytes.BLOCK;
			for (String k : twice) {
				if (k.matches("BITPIX|NAXIS\\d*|BSCALE|BZERO|BLANK|PCOUNT|GCOUNT")) throw new Invalid(k + " twice");
			}
			int bitpix = (int) integer(cards, "BITPIX", null);
			if (!BITPIX.contains(bitpix)) throw new Invalid("BITPIX " + bitpix);
			int naxis = (int) integer(cards, "NAXIS", null);
			if (naxis < 0 || naxis > 999) throw new Invalid("NAXIS " + naxis);
			long[] axes = new long[naxis];
			long n = naxis == 0 ? 0 : 1;
			for (int i = 0; i < naxis; i++) {
				axes[i] = integer(cards, "NAXIS" + (i + 1), null);
				if (axes[i] < 0) throw new Invalid("NAXIS" + (i + 1) + " < 0");
				n = mul(n, axes[i]);
			}
			long pcount = index == 0 ? 0 : integer(cards, "PCOUNT", 0L), gcount = index == 0 ? 1 : integer(cards, "GCOUNT", 1L);
			if (pcount < 0 || gcount < 0) throw new Invalid("PCOUNT/GCOUNT < 0");
			long bytes = naxis == 0 ? 0 : mul(mul(Math.abs(bitpix) / 8, gcount), pcount + n);
			if (dataStart + bytes > b.length) throw new Invalid("HDU " + index + " data beyond the end");
			String xt = cards.get("XTENSION");
			boolean image = index == 0 ? !"T".equals(cards.get("GROUPS")) : xt != null && xt.matches("'IMAGE *'");
			if (image && n > 0) out.put(index, pixels(b, (int) dataStart, bitpix, axes, cards));
			else out.put(index, null);
			pos = dataStart + (bytes + FitsBytes.BLOCK - 1) / FitsBytes.BLOCK * FitsBytes.BLOCK;
		}
		return out;
	}

	private static float[] pixels(byte[] b, int start, int bitpix, long[] axes, Map<String, String> cards)
		throws Invalid
	{
		double scale = real(cards, "BSCALE", 1), zero = real(cards, "BZERO", 0);
		if (scale == 0) throw new Invalid("BSCALE 0");
		Long blank = null;
		if (bitpix > 0 && cards.containsKey("BLANK")) blank = integer(cards, "BLANK", null);
		int nx = (int) axes[0], ny = axes.length > 1 ? (int) axes[1] : 1;
		long planes = 1;
		for (int i = 2; i < axes.length; i++) planes *= axes[i];
		if ((long) nx * ny * planes > 50_000_000) return null; // not judged: beyond what the test files hold
		float[] out = new float[(int) (nx * ny * planes)];
		ByteBuffer buf = ByteBuffer.wrap(b, start, b.length - start).slice();
		int bpp = Math.abs(bitpix) / 8;
		for (int i = 0; i < out.length; i++) {
			int p = i * bpp;
			double v;
			boolean isBlank = false;
			switch (bitpix) {
				case 8: {
					long s = buf.get(p) & 0xFF;
					isBlank = blank != null && s == blank;
					v = zero + scale * s;
					break;
				}
				case 16: {
					long s = buf.getShort(p);
					isBlank = blank != null && s == blank;
					v = zero + scale * s;
					break;
				}
				case 32: {
					long s = buf.getInt(p);
					isBlank = blank != null && s == blank;
					v = zero + scale * s;
					break;
				}
				case 64: {
					long s = buf.getLong(p);
					isBlank = blank != null && s == blank;
					v = zero + scale * s;
					break;
				}
				case -32:
					v = zero + scale * buf.getFloat(p); // a float scaled beyond float range reads as infinity anywhere
					break;
				default:
					v = zero + scale * buf.getDouble(p);
					break;
			}
			float f = isBlank ? Float.NaN : (float) v;
			if (bitpix > 0 && !isBlank && !Float.isFinite(f)) throw new Invalid("scaled to infinity");
			// FITS row r of plane z is memory row ny - 1 - r
			int z = i / (nx * ny), r = i % (nx * ny) / nx, x = i % nx;
			out[z * nx * ny + (ny - 1 - r) * nx + x] = f;
		}
		return out;
	}

	private static long integer(Map<String, String> cards, String key, Long fallback) throws Invalid {
		String v = cards.get(key);
		if (v == null) {
			if (fallback == null) throw new Invalid(key + " missing");
			return fallback;
		}
		if (!INT.matcher(v).matches()) throw new Invalid(key + " = " + v);
		try {
			return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
		}
		catch (NumberFormatException e) {
			throw new Invalid(key + " = " + v);
		}
	}

	private static double real(Map<String, String> cards, String key, double fallback) throws Invalid {
		String v = cards.get(key);
		if (v == null) return fallback;
		if (!REAL.matcher(v).matches()) throw new Invalid(key + " = " + v);
		double d = Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
		if (!Double.isFinite(d)) throw new Invalid(key + " = " + v);
		return d;
	}

	private static long mul(long a, long b) throws Invalid {
		try {
			return Math.multiplyExact(a, b);
		}
		catch (ArithmeticException e) {
			throw new Invalid("size overflow");
		}
	}
}
