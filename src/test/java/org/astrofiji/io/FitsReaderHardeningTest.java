package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.astrofiji.core.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's defences against damaged and hostile files (issue 11): bad values of the cards that
 * size and scale the data are errors naming the card, never pixels read with a default; gzip
 * checksums are verified; claimed sizes are checked against the data there are before anything is
 * allocated; a header without END fails at once; messages carry no nom-tam internals.
 */
class FitsReaderHardeningTest {

	@TempDir
	Path tmp;

	private static float[] ramp(int nx, int ny) {
		float[] a = new float[nx * ny];
		for (int i = 0; i < a.length; i++) a[i] = 100 + i;
		return a;
	}

	/** A 16-bit file (BZERO = 32768, BSCALE = 1) of a 6x4 ramp, as bytes. */
	private byte[] u16() throws IOException {
		File f = tmp.resolve("u16-seed.fits").toFile();
		if (!f.exists()) FitsWriter.write(f, false, Hdu.image(Images.wrap(ramp(6, 4), 6, 4), null).withBitpix(16));
		return Files.readAllBytes(f.toPath());
	}

	private File file(String name, byte[] bytes) throws IOException {
		File f = tmp.resolve(name).toFile();
		Files.write(f.toPath(), bytes);
		return f;
	}

	private static String error(File f) {
		String m = assertThrows(IOException.class, () -> FitsReader.read(f, null)).getMessage();
		assertTrue(m.contains(f.getPath()), "names the file: " + m);
		assertFalse(m.contains("\n"), "one line: " + m);
		return m;
	}

	@Test
	void badScalingValuesAreErrorsNamingTheCard() throws Exception {
		byte[] seed = u16();
		File abc = file("abc.fits", FitsBytes.setValue(seed, 0, "BZERO", "'abc'"));
		assertEquals("HDU 0 of " + abc + ": BZERO = 'abc' is not a number", error(abc));
		File zero = file("zero.fits", FitsBytes.setValue(seed, 0, "BSCALE", "0"));
		assertEquals("HDU 0 of " + zero + ": BSCALE = 0 would make every pixel equal BZERO; BSCALE must not be 0",
			error(zero));
		File huge = file("huge.fits", FitsBytes.setValue(seed, 0, "BZERO", "1.0D400"));
		assertEquals("HDU 0 of " + huge + ": BZERO = 1.0D400 is beyond the range of numbers", error(huge));
		File inf = file("inf.fits", FitsBytes.setValue(seed, 0, "BZERO", "1E39"));
		assertTrue(error(inf).endsWith("BSCALE = 1 and BZERO = 1E39 put the pixel values beyond the 32-bit float range"),
			error(inf));
		// a valid change is read as written: Fortran's D exponent included
		float[] shifted = FitsReader.read(file("d.fits", FitsBytes.setValue(seed, 0, "BZERO", "3.2868D4")), null).data();
		float[] a = ramp(6, 4);
		for (int i = 0; i < a.length; i++) a[i] += 100;
		assertArrayEquals(a, shifted);
	}

	/** Cards are split as nom-tam (and astropy) split them, so the values checked are the values read. */
	@Test
	void nonStandardCardsAreCheckedAsTheyAreRead() throws Exception {
		byte[] seed = u16();
		int c = FitsBytes.units(seed).get(0).card(seed, "BZERO");
		float[] plus100 = ramp(6, 4);
		for (int i = 0; i < plus100.length; i++) plus100[i] += 100;
		// a lower-case keyword, '=' early: still BZERO
		for (String card : new String[] { "bzero   =                32868", "BZERO=32868", "  BZERO =  32868" }) {
			File f = file("card.fits", FitsBytes.setCard(seed, c, card));
			assertArrayEquals(plus100, FitsReader.read(f, null).data(), card);
			File bad = file("bad.fits", FitsBytes.setCard(seed, c, card.replace("32868", "'abc'")));
			assertEquals("HDU 0 of " + bad + ": BZERO = 'abc' is not a number", error(bad), card);
		}
		// '=' after column 9 makes a comment: no BZERO, the stored values as they are
		File comment = file("comment.fits", FitsBytes.setCard(seed, c, "BZERO    = 'abc'"));
		float[] stored = ramp(6, 4);
		for (int i = 0; i < stored.length; i++) stored[i] -= 32768;
		assertArrayEquals(stored, FitsReader.read(comment, null).data());
	}

	@Test
	void badBitpixIsAnErrorAlsoInsideGzip() throws Exception {
		byte[] seed = u16();
		File half = file("half.fits", FitsBytes.setValue(seed, 0, "BITPIX", "16.5"));
		assertEquals("HDU 0 of " + half + ": BITPIX = 16.5 is not a FITS pixel type (8, 16, 32, 64, -32 or -64)",
			error(half));
		File seven = file("seven.fits.gz", FitsBytes.gzip(FitsBytes.setValue(seed, 0, "BITPIX", "7")));
		assertEquals("HDU 0 of " + seven + ": BITPIX = 7 is not a FITS pixel type (8, 16, 32, 64, -32 or -64)",
			error(seven));
		File naxis = file("naxis.fits", FitsBytes.setValue(seed, 0, "NAXIS2", "-4"));
		assertEquals("HDU 0 of " + naxis + ": NAXIS2 = -4 must be an integer >= 0", error(naxis));
	}

	@Test
	void gzipChecksumAndDataAreVerified() throws Exception {
		byte[] gz = FitsBytes.gzip(u16());
		assertArrayEquals(ramp(6, 4), FitsReader.read(file("ok.fits.gz", gz), null).data());
		byte[] crc = gz.clone();
		crc[crc.length - 8] ^= 0x01; // the CRC-32 of the trailer
		File badCrc = file("crc.fits.gz", crc);
		assertEquals(badCrc + " is damaged: its gzip checksum (CRC-32) or length does not match the decompressed data",
			error(badCrc));
		// flipped bits in the deflate data: a decoding error or, where the stream still decodes, the CRC.
		// (A flip in an unused part of a Huffman table can leave the content as it was: then it reads.)
		int refused = 0;
		for (int i = 20; i < gz.length - 8; i += 7) {
			byte[] flipped = gz.clone();
			flipped[i] ^= 0x10;
			File f = file("flip" + i + ".fits.gz", flipped);
			boolean intact;
			try {
				intact = java.util.Arrays.equals(u16(), FitsBytes.gunzip(flipped));
			}
			catch (IOException e) {
				intact = false;
			}
			if (intact) {
				assertArrayEquals(ramp(6, 4), FitsReader.read(f, null).data());
				continue;
			}
			String m = error(f);
			assertTrue(m.startsWith(f + " is damaged") || m.startsWith(f + " is truncated"), m);
			refused++;
		}
		assertTrue(refused > 10, refused + " refused");
	}

	@Test
	void hugeClaimsAreCheckedAgainstTheDataThereAre() throws Exception {
		// 139 bytes of gzip claiming 30000 x 30000 floats: refused without allocating 3.6 GB
		byte[] claim = FitsBytes.header("SIMPLE  =                    T", "BITPIX  =                  -32",
			"NAXIS   =                    2", "NAXIS1  =                30000", "NAXIS2  =                30000");
		File gz = file("claim.fits.gz", FitsBytes.gzip(claim));
		assertTrue(gz.length() < 200, gz.length() + " bytes");
		assertEquals(gz + " is truncated: HDU 0 needs 3600000000 bytes of data from byte 2880 but its decompressed " +
			"content ends at byte 2880", error(gz));
		File plain = file("claim.fits", claim);
		assertEquals(plain + " is truncated: HDU 0 needs 3600000000 bytes of data from byte 2880 but its file ends at " +
			"byte 2880", error(plain));
		assertEquals(plain + " is truncated: HDU 0 needs 3600000000 bytes of data from byte 2880 but its file ends at " +
			"byte 2880", assertThrows(IOException.class, () -> FitsBandReader.open(plain, null)).getMessage());
		String m = assertThrows(IOException.class, () -> Memory.require(Long.MAX_VALUE / 2, "reading x.fits")).getMessage();
		assertTrue(m.startsWith("reading x.fits needs ") && m.endsWith("raise the maximum with -Xmx)"), m);
	}

	@Test
	void tileCompressedClaimsAreChecked() throws Exception {
		File fz = tmp.resolve("ramp.fits.fz").toFile();
		FitsWriter.write(fz, false, Hdu.image(Images.wrap(ramp(6, 4), 6, 4), null).withBitpix(16));
		byte[] seed = Files.readAllBytes(fz.toPath());
		assertArrayEquals(ramp(6, 4), FitsReader.read(fz, null).data());
		File negative = file("negative.fits.fz", FitsBytes.setValue(seed, 1, "ZNAXIS1", "-98304"));
		assertEquals("HDU 1 of " + negative + ": ZNAXIS1 = -98304 must be an integer >= 1", error(negative));
		File wide = file("wide.fits.fz", FitsBytes.setValue(seed, 1, "ZNAXIS2", "30000"));
		assertEquals("HDU 1 of " + wide + ": ZNAXISn and ZTILEn give 30000 tiles but the table holds 4 (NAXIS2); " +
			"the compressed image is damaged", error(wide));
		File type = file("type.fits.fz", FitsBytes.setValue(seed, 1, "ZBITPIX", "12"));
		assertEquals("HDU 1 of " + type + ": ZBITPIX = 12 is not a FITS pixel type (8, 16, 32, 64, -32 or -64)", error(type));
		File groups = file("gcount.fits.fz", FitsBytes.setValue(seed, 1, "GCOUNT", "0"));
		assertEquals("HDU 1 of " + groups + ": a BINTABLE extension has BITPIX = 8, NAXIS = 2 and GCOUNT = 1, not 8, 2 and 0",
			error(groups));
		// a tile descriptor claiming 538976288 bytes (four spaces): nom-tam would allocate them before reading.
		// Noise makes float tiles (GZIP_2) of different lengths, stored in the heap (TFORM1 = '1PB(...)')
		float[] noise = new float[32 * 8];
		java.util.Random r = new java.util.Random(11);
		for (int i = 0; i < noise.length; i++) noise[i] = r.nextInt(60000);
		File noisy = tmp.resolve("noise.fits.fz").toFile();
		FitsWriter.write(noisy, false, Hdu.image(Images.wrap(noise, 32, 8), null));
		byte[] spaces = Files.readAllBytes(noisy.toPath());
		FitsBytes.Unit tiles = FitsBytes.units(spaces).get(1);
		assertTrue(FitsBytes.value(spaces, tiles.card(spaces, "TFORM1")).startsWith("'1PB"));
		int table = (int) tiles.dataStart;
		for (int i = 0; i < 4; i++) spaces[table + i] = ' ';
		File heap = file("heap.fits.fz", spaces);
		String m = error(heap);
		assertTrue(m.startsWith("HDU 1 of " + heap + ": row 1 of COMPRESSED_DATA claims 538976288 elements at heap offset 0, " +
			"outside the ") && m.endsWith("-byte heap; the table is damaged"), m);
	}

	@Test
	void aHeaderWithoutEndFailsAtOnceNamingTheEnd() throws Exception {
		byte[] seed = u16();
		int end = FitsBytes.units(seed).get(0).end;
		File noEnd = file("noend.fits", FitsBytes.setCard(seed, end, "COMMENT END was here"));
		String m = error(noEnd);
		assertTrue(m.startsWith("HDU 0 of " + noEnd + " has no END card: its header (from byte 0) runs into binary data " +
			"at byte 29") && m.endsWith("; the header is damaged"), m);
		// a file that is all header text: the search stops at the end of the file
		byte[] text = FitsBytes.setCard(FitsBytes.header("SIMPLE  =                    T", "BITPIX  =                    8",
			"NAXIS   =                    0"), 240, "COMMENT no end");
		File textOnly = file("text.fits", text);
		assertEquals("HDU 0 of " + textOnly + " has no END card: its header (from byte 0) runs to the end of the file at " +
			"byte 2880", error(textOnly));
	}

	@Test
	void headerTextIsParsedWithNomTamQuietToo() throws Exception {
		// FitsCards parses ImageJ's Info text through nom-tam: in a JVM that reads no file first, it must route its logging too
		Process p = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-cp",
			System.getProperty("java.class.path"), FitsCardsProbe.class.getName()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
		assertEquals(0, p.waitFor(), out);
		assertEquals("nom.tam logs to the console: false", out);
	}

	@Test
	void nomTamLogsOnlyAtDebugLevel() throws Exception {
		List<LogRecord> records = new ArrayList<>();
		Handler h = new Handler() {

			@Override
			public void publish(LogRecord r) {
				if (r.getLoggerName() != null && r.getLoggerName().startsWith("nom.tam")) records.add(r);
			}

			@Override
			public void flush() {}

			@Override
			public void close() {}
		};
		Logger root = Logger.getLogger("");
		root.addHandler(h);
		File fz = tmp.resolve("log.fits.fz").toFile();
		try {
			// a tile table whose column has an unknown name: nom-tam logs SEVERE "Unknown compression column"
			float[] noise = new float[32 * 8];
			for (int i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 1000;
			File good = tmp.resolve("good.fits.fz").toFile();
			FitsWriter.write(good, false, Hdu.image(Images.wrap(noise, 32, 8), null));
			byte[] b = Files.readAllBytes(good.toPath());
			Files.write(fz.toPath(), FitsBytes.setValue(b, 1, "TTYPE1", "'COMPRESSED_DATB'"));
			assertEquals("cannot read the data of HDU 1 of " + fz + " (truncated or damaged?): could not process tile",
				error(fz));
		}
		finally {
			root.removeHandler(h);
		}
		assertEquals(List.of(), records);
		// they are there for debugging
		Logger debug = Logger.getLogger("org.astrofiji.io");
		java.util.logging.Level level = debug.getLevel();
		debug.setLevel(java.util.logging.Level.FINE);
		List<LogRecord> fine = new ArrayList<>();
		Handler catcher = new Handler() {

			@Override
			public void publish(LogRecord r) {
				fine.add(r);
			}

			@Override
			public void flush() {}

			@Override
			public void close() {}
		};
		debug.addHandler(catcher);
		try {
			error(fz);
		}
		finally {
			debug.removeHandler(catcher);
			debug.setLevel(level);
		}
		assertTrue(fine.stream().anyMatch(r -> r.getMessage().contains("nom-tam-fits: ")), fine.toString());
	}
}
