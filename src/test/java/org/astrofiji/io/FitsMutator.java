package org.astrofiji.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Damages valid FITS files the ways files get damaged and the ways hostile files are built: bit flips
 * anywhere, edits of the cards that shape and scale the data (BITPIX, NAXISn, BSCALE, BZERO, BLANK,
 * PCOUNT, GCOUNT, ZBITPIX, ZNAXISn, ZTILEn...), a removed END, truncation, blocks added or removed,
 * gzip corruption (checksum, length, deflate data, cut streams) and tile corruption. Header-level
 * damage to a gzip file is done inside the gzip stream (decompressed, edited, compressed again), as a
 * hostile file would be. Deterministic for a given {@link Random}.
 */
final class FitsMutator {

	/** A valid file to start from. */
	static final class Seed {

		final String name;
		final byte[] bytes;
		/** The FITS content: {@link #bytes} decompressed when gzip. */
		final byte[] plain;
		final boolean gzip, tiled, real;
		final List<FitsBytes.Unit> units;

		Seed(String name, byte[] bytes, boolean real) throws IOException {
			this.name = name;
			this.bytes = bytes;
			this.gzip = FitsBytes.isGzip(bytes);
			this.plain = gzip ? FitsBytes.gunzip(bytes) : bytes;
			this.tiled = name.endsWith(".fz");
			this.real = real;
			this.units = FitsBytes.units(plain);
		}

		@Override
		public String toString() {
			return name;
		}
	}

	/** A damaged copy and what was done to it. */
	static final class Mutant {

		final Seed seed;
		final String op;
		final String what;
		final byte[] bytes;

		Mutant(Seed seed, String op, String what, byte[] bytes) {
			this.seed = seed;
			this.op = op;
			this.what = what;
			this.bytes = bytes;
		}

		@Override
		public String toString() {
			return seed.name + " " + op + ": " + what;
		}
	}

	static final List<String> OPS = List.of("bitflip", "header-bitflip", "card", "card", "card", "end", "truncate",
		"blocks", "data", "gzip", "tile");

	private static final Pattern SHAPING = Pattern.compile("BITPIX|NAXIS\\d*|BSCALE|BZERO|BLANK|PCOUNT|GCOUNT|GROUPS|" +
		"SIMPLE|XTENSION|ZIMAGE|ZBITPIX|ZNAXIS\\d*|ZTILE\\d+|ZCMPTYPE|ZQUANTIZ|ZDITHER0|ZVAL\\d+|ZNAME\\d+|THEAP|" +
		"TFORM\\d+|TFIELDS|EXTNAME|ZSCALE|ZZERO|ZBLANK");
	private static final String[] NASTY = { "0", "-1", "1", "2", "3", "7", "-7", "16.5", "-98304", "30000", "2147483647",
		"2147483648", "-2147483649", "9223372036854775808", "99999999999999999999", "'abc'", "'16'", "''", "T", "F", "1.0D400",
		"1E39", "-1E39", "1.0E-300", "NaN", "Infinity", "0.5", "1.5D0", "+8", "1e10", "-0", "'RICE_1'", "'GZIP_2'",
		"'NOPE'", "'IMAGE'", "'BINTABLE'", "'1J'", "'1PB(100)'", "65536", "46340" };

	private FitsMutator() {}

	static Mutant mutate(Seed s, Random r) throws IOException {
		String op = OPS.get(r.nextInt(OPS.size()));
		if (op.equals("gzip") && !s.gzip) op = "bitflip";
		if (op.equals("tile") && !s.tiled) op = "data";
		switch (op) {
			case "bitflip": {
				byte[] b = s.bytes.clone();
				int n = 1 + r.nextInt(8);
				StringBuilder what = new StringBuilder();
				for (int i = 0; i < n; i++) {
					int at = r.nextInt(b.length), bit = r.nextInt(8);
					b[at] ^= 1 << bit;
					what.append(i == 0 ? "" : ",").append(at).append('.').append(bit);
				}
				return new Mutant(s, op, what.toString(), b);
			}
			case "header-bitflip": {
				FitsBytes.Unit u = s.units.get(r.nextInt(s.units.size()));
				byte[] p = s.plain.clone();
				int n = 1 + r.nextInt(4);
				StringBuilder what = new StringBuilder();
				for (int i = 0; i < n; i++) {
					int at = u.cards.get(r.nextInt(u.cards.size())) + r.nextInt(FitsBytes.CARD), bit = r.nextInt(8);
					p[at] ^= 1 << bit;
					what.append(i == 0 ? "" : ",").append(at).append('.').append(bit);
				}
				return repack(s, op, what.toString(), p);
			}
			case "card": {
				int h = r.nextInt(s.units.size());
				FitsBytes.Unit u = s.units.get(h);
				List<Integer> shaping = new ArrayList<>();
				for (int c : u.cards) if (SHAPING.matcher(FitsBytes.key(s.plain, c)).matches()) shaping.add(c);
				int c = shaping.isEmpty() ? u.cards.get(r.nextInt(u.cards.size())) : shaping.get(r.nextInt(shaping.size()));
				String old = FitsBytes.value(s.plain, c);
				String value = newValue(old, r);
				return repack(s, op, "HDU " + h + " " + FitsBytes.key(s.plain, c) + " = " + old + " -> " + value,
					FitsBytes.setValue(s.plain, c, value));
			}
			case "end": {
				int h = r.nextInt(s.units.size());
				FitsBytes.Unit u = s.units.get(h);
				String[] replacement = { "", "COMMENT no END", "END-ish", "ENDX    = 1", "  END" };
				String card = replacement[r.nextInt(replacement.length)];
				return repack(s, op, "HDU " + h + " END -> '" + card + "'", FitsBytes.setCard(s.plain, u.end, card));
			}
			case "truncate": {
				boolean plainLevel = !s.gzip || r.nextBoolean();
				byte[] b = plainLevel ? s.plain : s.bytes;
				int cut = r.nextInt(4) == 0 ? FitsBytes.BLOCK * r.nextInt(Math.max(1, b.length / FitsBytes.BLOCK)) : r.nextInt(b.length);
				byte[] t = Arrays.copyOf(b, cut);
				return plainLevel ? repack(s, op, "content cut at " + cut, t) : new Mutant(s, op, "gzip cut at " + cut, t);
			}
			case "blocks": {
				int blocks = s.plain.length / FitsBytes.BLOCK;
				int at = r.nextInt(blocks + 1) * FitsBytes.BLOCK;
				byte[] p;
				String what;
				switch (r.nextInt(3)) {
					case 0: { // a block repeated
						int from = Math.min(at, s.plain.length - FitsBytes.BLOCK);
						p = splice(s.plain, at, 0, Arrays.copyOfRange(s.plain, from, from + FitsBytes.BLOCK));
						what = "block at " + from + " repeated at " + at;
						break;
					}
					case 1: // a block removed
						at = Math.min(at, s.plain.length - FitsBytes.BLOCK);
						p = splice(s.plain, at, FitsBytes.BLOCK, new byte[0]);
						what = "block at " + at + " removed";
						break;
					default: { // zeros or spaces inserted
						byte[] fill = new byte[FitsBytes.BLOCK];
						if (r.nextBoolean()) Arrays.fill(fill, (byte) ' ');
						p = splice(s.plain, at, 0, fill);
						what = (fill[0] == 0 ? "zero" : "blank") + " block inserted at " + at;
					}
				}
				return repack(s, op, what, p);
			}
			case "data": {
				List<FitsBytes.Unit> withData = new ArrayList<>();
				for (FitsBytes.Unit u : s.units) if (u.dataBytes > 0) withData.add(u);
				if (withData.isEmpty()) return mutate(s, r);
				FitsBytes.Unit u = withData.get(r.nextInt(withData.size()));
				byte[] p = s.plain.clone();
				int n = 1 + r.nextInt(16);
				for (int i = 0; i < n; i++) p[(int) (u.dataStart + r.nextInt((int) u.dataBytes))] ^= 1 << r.nextInt(8);
				return repack(s, op, n + " bits of the data at " + u.dataStart, p);
			}
			case "gzip": {
				byte[] b = s.bytes.clone();
				switch (r.nextInt(5)) {
					case 0:
						b[b.length - 8 + r.nextInt(4)] ^= 1 << r.nextInt(8);
						return new Mutant(s, op, "CRC-32 changed", b);
					case 1:
						b[b.length - 4 + r.nextInt(4)] ^= 1 << r.nextInt(8);
						return new Mutant(s, op, "ISIZE changed", b);
					case 2: {
						int at = 10 + r.nextInt(b.length - 18);
						b[at] ^= 1 << r.nextInt(8);
						return new Mutant(s, op, "deflate bit flipped at " + at, b);
					}
					case 3: {
						int cut = b.length - 1 - r.nextInt(12);
						return new Mutant(s, op, "trailer cut at " + cut, Arrays.copyOf(b, cut));
					}
					default: {
						byte[] junk = new byte[1 + r.nextInt(64)];
						r.nextBytes(junk);
						return new Mutant(s, op, junk.length + " bytes appended", splice(b, b.length, 0, junk));
					}
				}
			}
			default: { // tile: the heap or the descriptors of a compressed HDU
				FitsBytes.Unit u = s.units.get(s.units.size() - 1);
				int tableBytes = (int) (u.dataBytes - heapSize(s, u));
				byte[] b = s.bytes.clone();
				boolean heap = r.nextBoolean() && u.dataBytes > tableBytes;
				int from = (int) u.dataStart + (heap ? tableBytes : 0);
				int len = heap ? (int) (u.dataBytes - tableBytes) : Math.max(1, tableBytes);
				int n = 1 + r.nextInt(8);
				for (int i = 0; i < n; i++) {
					int at = from + r.nextInt(len);
					if (r.nextBoolean()) b[at] ^= 1 << r.nextInt(8);
					else b[at] = (byte) r.nextInt(256);
				}
				return new Mutant(s, op, n + " bytes of the " + (heap ? "heap" : "tile descriptors"), b);
			}
		}
	}

	/** PCOUNT of a table: the bytes of its heap (the compressed tiles). */
	private static long heapSize(Seed s, FitsBytes.Unit u) {
		int c = u.card(s.plain, "PCOUNT");
		return c < 0 ? 0 : Long.parseLong(FitsBytes.value(s.plain, c));
	}

	/** A new value for a card: one of the nasty ones, or a near or scaled copy of the old number. */
	private static String newValue(String old, Random r) {
		if (r.nextInt(3) > 0 || !old.matches("[+-]?[0-9.]+([EeDd][+-]?[0-9]+)?")) return NASTY[r.nextInt(NASTY.length)];
		double v = Double.parseDouble(old.replace('D', 'E'));
		boolean integer = old.matches("[+-]?[0-9]+");
		double[] candidates = { v + 1, v - 1, v * 2, v / 2, -v, v * 1000, v + 0.5 };
		double n = candidates[r.nextInt(candidates.length)];
		return integer && n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n);
	}

	/** A plain-level change packed as the seed is: compressed again when the seed is gzip. */
	private static Mutant repack(Seed s, String op, String what, byte[] plain) throws IOException {
		return new Mutant(s, op, what + (s.gzip ? " (inside gzip)" : ""), s.gzip ? FitsBytes.gzip(plain) : plain);
	}

	private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
		byte[] out = new byte[b.length - remove + insert.length];
		System.arraycopy(b, 0, out, 0, at);
		System.arraycopy(insert, 0, out, at, insert.length);
		System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
		return out;
	}
}
