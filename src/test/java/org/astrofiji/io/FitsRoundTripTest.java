package org.astrofiji.io;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.image.RowSource;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

import org.astrofiji.core.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading back every BITPIX, MEF, gzip, tile compression, cubes, scaling and headers. */
class FitsRoundTripTest {

	@TempDir
	Path tmp;

	/** A 7x5 ramp with value 1000 + 10*y + x in memory orientation. */
	private static float[] ramp(int nx, int ny) {
		float[] a = new float[nx * ny];
		for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) a[y * nx + x] = 1000 + 10 * y + x;
		return a;
	}

	private static FitsHeader header() {
		return new FitsHeader().set("EXPTIME", 40.0, "s").set("OBJECT", "M13", "target").set("FILTER", "V", "")
			.set("CRPIX1", 3.0, "").set("CTYPE1", "RA---TAN", "").addHistory("created by the test");
	}

	@Test
	void float32RoundTripKeepsValuesNaNHeaderAndOrientation() throws Exception {
		float[] a = ramp(7, 5);
		a[3] = Float.NaN;
		File f = tmp.resolve("ramp.fits").toFile();
		FitsWriter.write(f, false, Hdu.image(Images.wrap(a, 7, 5), header()));
		FitsImage back = FitsReader.read(f, null);
		assertArrayEquals(a, back.data());
		assertEquals(-32, back.bitpix());
		assertEquals(40.0, back.header().getDouble("EXPTIME"), 0);
		assertEquals("M13", back.header().getString("OBJECT"));
		assertEquals(List.of("created by the test"), back.header().history());
		// the file holds FITS order: its first row is the bottom memory row (y = 4)
		try (Fits fits = new Fits(f)) {
			float[][] raw = (float[][]) fits.getHDU(0).getKernel();
			assertEquals(1040f, raw[0][0]);
			assertEquals(1000f, raw[4][0]);
			assertEquals(-32, fits.getHDU(0).getHeader().getIntValue("BITPIX"));
		}
	}

	@Test
	void errAndDqExtensionsCarryTheImagesHistory() throws Exception {
		float[] a = ramp(7, 5), err = new float[35];
		java.util.Arrays.fill(err, 2.5f);
		short[] dq = new short[35];
		dq[4] = 1;
		FitsHeader h = header().addHistory("cleaned by the second step, with a text long enough to be wrapped over more " +
			"than one HISTORY card of seventy-two characters");
		File f = tmp.resolve("sci_err_dq.fits").toFile();
		FitsWriter.write(f, false, Hdu.of(AstroImage.of("a", a, 7, 5, h).withErr(err).withDq(dq)));
		try (Fits fits = new Fits(f)) {
			List<String> expected = histories(fits.getHDU(1).getHeader());
			assertEquals(3, expected.size());
			for (int i = 2; i <= 3; i++) {
				Header x = fits.getHDU(i).getHeader();
				assertEquals(i == 2 ? "ERR" : "DQ", x.getStringValue("EXTNAME"));
				assertEquals(expected, histories(x), "HISTORY of HDU " + i);
			}
			assertEquals(List.of("created by the test"), histories(fits.getHDU(0).getHeader()).subList(0, 1));
		}
		AstroImage back = FitsReader.readImage(f.getPath());
		assertArrayEquals(err, back.errData());
		assertArrayEquals(dq, back.dqData());
		assertEquals(h.history(), back.header().history(), "read back once, not once per HDU");
	}

	private static List<String> histories(Header h) {
		List<String> out = new java.util.ArrayList<>();
		for (nom.tam.util.Cursor<String, nom.tam.fits.HeaderCard> c = h.iterator(); c.hasNext();) {
			nom.tam.fits.HeaderCard card = c.next();
			if ("HISTORY".equals(card.getKey())) out.add(card.getComment());
		}
		return out;
	}

	@Test
	void integerBitpixRoundTripExactlyWithTheirScaling() throws Exception {
		float[] a = ramp(7, 5);
		for (int b : new int[] { 8, 16, 32, -64 }) {
			float[] v = a.clone();
			if (b == 8) for (int i = 0; i < v.length; i++) v[i] = v[i] - 1000;
			File f = tmp.resolve("b" + b + ".fits").toFile();
			FitsWriter.write(f, false, Hdu.image(Images.wrap(v, 7, 5), header()).withBitpix(b));
			FitsImage back = FitsReader.read(f, null);
			assertEquals(b, back.bitpix());
			assertArrayEquals(v, back.data(), "BITPIX " + b);
			try (Fits fits = new Fits(f)) {
				Header h = fits.getHDU(0).getHeader();
				if (b == 16) {
					assertEquals(32768.0, h.getDoubleValue("BZERO"), 0, "unsigned 16-bit");
					assertEquals((short) (1040 - 32768), ((short[][]) fits.getHDU(0).getKernel())[0][0]);
				}
				else assertFalse(h.containsKey("BZERO"));
			}
		}
	}

	@Test
	void integerOutputRoundsClipsAndStoresNaNAsBlank() throws Exception {
		float[] v = { -5f, 0.4f, 1.6f, 70000f, Float.NaN, 65535f };
		File f = tmp.resolve("u16.fits").toFile();
		FitsWriter.write(f, false, Hdu.image(Images.wrap(v, 3, 2), null).withBitpix(16));
		FitsImage back = FitsReader.read(f, null);
		// with NaN present, 65535 is BLANK, so valid values clip to 0..65534
		assertArrayEquals(new float[] { 0, 0, 2, 65534, Float.NaN, 65534 }, back.data());
		assertTrue(back.header().history().contains("1 NaN pixels stored as BLANK = 32767"), back.header().history().toString());
		assertTrue(back.header().history().contains("3 values outside 0..65534 clipped for BITPIX 16"));
		float[] mask = { 0, 255, 255, 0 };
		File m = tmp.resolve("mask.fits").toFile();
		FitsWriter.write(m, false, Hdu.image(Images.wrap(mask, 2, 2), null).withBitpix(8));
		assertArrayEquals(mask, FitsReader.read(m, null).data(), "no NaN: the full 8-bit range");
	}

	@Test
	void readsScaledAndUnsignedDataWrittenByOthers() throws Exception {
		// BITPIX 16 with BSCALE 2, BZERO 10 (ImageJ's own reader ignores this scaling) and BLANK
		File f = tmp.resolve("scaled.fits").toFile();
		short[][] s = { { 1, 2, 3 }, { 4, -7, 6 } };
		ImageHDU hdu = (ImageHDU) Fits.makeHDU(s);
		hdu.getHeader().addValue("BSCALE", 2.0, "");
		hdu.getHeader().addValue("BZERO", 10.0, "");
		hdu.getHeader().addValue("BLANK", -7, "");
		hdu.getHeader().addValue("EXPTIME", "40", "string-valued, as TIRCAM2 writes it");
		try (Fits fits = new Fits()) {
			fits.addHDU(hdu);
			fits.write(f);
		}
		FitsImage img = FitsReader.read(f, null);
		// memory row 0 is FITS row 2
		assertArrayEquals(new float[] { 18, Float.NaN, 22, 12, 14, 16 }, img.data());
		assertEquals(40.0, img.header().getDouble("EXPTIME"), 0);
		assertNull(img.header().getString("BSCALE"), "layout cards are not descriptive");
		// BITPIX 32 unsigned (BZERO 2^31), BITPIX 8 and BITPIX 64
		int[][] u32 = { { Integer.MIN_VALUE, -1, Integer.MAX_VALUE } };
		File g = tmp.resolve("u32.fits").toFile();
		ImageHDU h32 = (ImageHDU) Fits.makeHDU(u32);
		h32.getHeader().addValue("BZERO", 2147483648L, "");
		try (Fits fits = new Fits()) {
			fits.addHDU(h32);
			fits.write(g);
		}
		assertArrayEquals(new float[] { 0f, 2147483647f, 4294967295f }, FitsReader.read(g, null).data());
		File b8 = tmp.resolve("b8.fits").toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new byte[][] { { 0, 127, (byte) 200, (byte) 255 } }));
			fits.write(b8);
		}
		assertArrayEquals(new float[] { 0, 127, 200, 255 }, FitsReader.read(b8, null).data());
		File b64 = tmp.resolve("b64.fits").toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new long[][] { { -3, 1L << 40 } }));
			fits.write(b64);
		}
		assertArrayEquals(new float[] { -3, (float) (1L << 40) }, FitsReader.read(b64, null).data());
	}

	@Test
	void multiExtensionFilesByNameIndexAndVersion() throws Exception {
		float[] sci = ramp(6, 4), err = new float[24], dq = new float[24];
		for (int i = 0; i < 24; i++) {
			err[i] = 0.5f * i;
			dq[i] = i % 3 == 0 ? 4 : 0;
		}
		File f = tmp.resolve("mef.fits").toFile();
		FitsWriter.write(f, false, List.of(Hdu.empty(header()),
			Hdu.image(Images.wrap(sci, 6, 4), new FitsHeader().set("BUNIT", "adu", "")).withExtname("SCI"),
			Hdu.image(Images.wrap(err, 6, 4), null).withExtname("ERR"),
			Hdu.image(Images.wrap(dq, 6, 4), null).withExtname("DQ").withBitpix(16)));
		List<FitsReader.HduInfo> hdus = FitsReader.list(f);
		assertEquals("[0 (empty image), 1 SCI (image 6x4, BITPIX -32), 2 ERR (image 6x4, BITPIX -32), " +
			"3 DQ (image 6x4, BITPIX 16)]", hdus.toString());
		FitsImage first = FitsReader.read(f, null);
		assertEquals("mef.fits[SCI]", first.name());
		assertArrayEquals(sci, first.data());
		assertEquals(40.0, first.header().getDouble("EXPTIME"), 0, "inherited from the primary");
		assertEquals("adu", first.header().getString("BUNIT"));
		assertArrayEquals(err, FitsReader.read(f.getPath() + "[err]").data());
		assertArrayEquals(dq, FitsReader.read(f, "3").data());
		assertArrayEquals(sci, FitsReader.read(f, "SCI,1").data());
	}

	/** The bytes of a FITS file with the values of its DATE cards blanked. */
	private static byte[] withoutDates(byte[] file) {
		byte[] b = file.clone();
		for (int card = 0; card + 80 <= b.length; card += 80) {
			if (new String(b, card, 10, java.nio.charset.StandardCharsets.US_ASCII).equals("DATE    = ")) {
				java.util.Arrays.fill(b, card + 10, card + 80, (byte) ' ');
			}
		}
		return b;
	}

	/** A ramp's rows computed on demand, counting the rows asked for; fails at row {@code failAt} (-1: never). */
	private static RowSource computedRamp(int nx, int ny, int[] rowsMade, int failAt) {
		float[] a = ramp(nx, ny);
		return new RowSource() {

			@Override
			public String name() {
				return "ramp";
			}

			@Override
			public int width() {
				return nx;
			}

			@Override
			public int height() {
				return ny;
			}

			@Override
			public void read(int from, int rows, float[] out, int offset) {
				int to = from + rows;
				if (failAt >= from && failAt < to) throw new IllegalStateException("row " + failAt + " cannot be made");
				synchronized (rowsMade) {
					rowsMade[0] += to - from;
				}
				System.arraycopy(a, from * nx, out, offset, (to - from) * nx);
			}
		};
	}

	/**
	 * A computed image (rows made on demand) is written band by band without making its array: the same
	 * bytes as its array, plain, gzip and tile-compressed; the image makes its array only when SCI is
	 * asked for. 1000x1500 spans six 1 MB chunks.
	 */
	@Test
	void computedImagesAreWrittenBandByBandAsTheirArrays() throws Exception {
		int nx = 1000, ny = 1500;
		float[] a = ramp(nx, ny);
		File plain = tmp.resolve("array.fits").toFile();
		FitsWriter.write(plain, false, Hdu.of(AstroImage.of("a", a, nx, ny, header()), Hdu.image(Images.wrap(a, nx, ny), null)
			.withExtname("BKG")));
		int[] made = { 0 };
		AstroImage image = AstroImage.computed("c", computedRamp(nx, ny, made, -1), header());
		assertEquals("c (1000x1500)", image.toString());
		File f = tmp.resolve("computed.fits").toFile();
		FitsWriter.write(f, false, Hdu.of(image, Hdu.image(image, null).withExtname("BKG")));
		assertTrue(image.isComputedLazily(), "written without making the array");
		assertEquals(2 * ny, made[0], "each row made once per HDU");
		assertArrayEquals(a, FitsReader.read(f, "SCI").data());
		assertArrayEquals(a, FitsReader.read(f, "BKG").data());
		// the same bytes as the array's file, DATE aside
		assertArrayEquals(withoutDates(Files.readAllBytes(plain.toPath())), withoutDates(Files.readAllBytes(f.toPath())));
		assertArrayEquals(a, Images.floats(image.sci()), "SCI made when asked for");
		assertFalse(image.isComputedLazily());
		assertEquals(ny, made[0] - 2 * ny, "its array made once");
		for (String name : new String[] { "c.fits.gz", "c.fits.fz" }) {
			File z = tmp.resolve(name).toFile();
			FitsWriter.write(z, false, Hdu.image(AstroImage.computed("c", computedRamp(nx, ny, new int[1], -1), null), header()));
			assertArrayEquals(a, FitsReader.read(z, null).data(), name);
		}
	}

	/** Rows that cannot be made fail the write with their reason and leave no file. */
	@Test
	void aFailureMakingRowsFailsTheWrite() throws Exception {
		File f = tmp.resolve("failed.fits").toFile();
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> FitsWriter.write(f, false,
			Hdu.image(AstroImage.computed("c", computedRamp(1000, 1500, new int[1], 700), null), header())));
		assertEquals("row 700 cannot be made", e.getMessage());
		assertFalse(f.exists());
		assertEquals(0, tmp.toFile().list((d, n) -> n.startsWith(".") || n.contains("failed")).length, "no staging file left");
	}

	@Test
	void gzipAndTileCompressedFiles() throws Exception {
		float[] a = ramp(9, 7);
		a[10] = Float.NaN;
		File gz = tmp.resolve("ramp.fits.gz").toFile();
		FitsWriter.write(gz, false, Hdu.image(Images.wrap(a, 9, 7), header()));
		try (InputStream in = new FileInputStream(gz)) {
			assertEquals(0x1f, in.read());
			assertEquals(0x8b, in.read());
		}
		assertArrayEquals(a, FitsReader.read(gz, null).data());
		assertEquals("M13", FitsReader.read(gz, null).header().getString("OBJECT"));

		File fz = tmp.resolve("ramp.fits.fz").toFile();
		FitsWriter.write(fz, false, Hdu.image(Images.wrap(a, 9, 7), header()));
		assertEquals("compressed image", FitsReader.list(fz).get(1).kind);
		FitsImage back = FitsReader.read(fz, null);
		assertArrayEquals(a, back.data());
		assertEquals(40.0, back.header().getDouble("EXPTIME"), 0);

		float[] counts = ramp(9, 7);
		File fz16 = tmp.resolve("u16.fits.fz").toFile();
		FitsWriter.write(fz16, false, Hdu.image(Images.wrap(counts, 9, 7), null).withBitpix(16));
		assertArrayEquals(counts, FitsReader.read(fz16, null).data(), "RICE-compressed unsigned 16-bit");
	}

	@Test
	void cubesRoundTripAsStacks() throws Exception {
		float[][] planes = { ramp(5, 4), ramp(5, 4), ramp(5, 4) };
		for (int z = 0; z < 3; z++) for (int i = 0; i < 20; i++) planes[z][i] += 100 * z;
		File f = tmp.resolve("cube.fits").toFile();
		FitsWriter.write(f, false, Hdu.image(Images.stack(5, 4, planes), null).withBitpix(32));
		FitsImage back = FitsReader.read(f, null);
		assertEquals(3, back.depth());
		float[][] got = Images.planes(back.pixels());
		for (int z = 0; z < 3; z++) assertArrayEquals(planes[z], got[z], "plane " + z);
		try (Fits fits = new Fits(f)) {
			int[][][] raw = (int[][][]) fits.getHDU(0).getKernel();
			assertEquals(1230, raw[2][0][0], "plane 3, FITS row 1 = memory bottom row");
		}
	}

	@Test
	void outputsAreAtomicAndNeverSilentlyReplaced() throws Exception {
		File f = tmp.resolve("out.fits").toFile();
		Hdu hdu = Hdu.image(ArrayImgs.floats(new float[] { 1, 2, 3, 4 }, 2, 2), null);
		FitsWriter.write(f, false, hdu);
		IOException e = assertThrows(IOException.class, () -> FitsWriter.write(f, false, hdu));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		FitsWriter.write(f, true, Hdu.image(ArrayImgs.floats(new float[] { 5, 6, 7, 8 }, 2, 2), null));
		assertArrayEquals(new float[] { 5, 6, 7, 8 }, FitsReader.read(f, null).data());
		assertEquals(1, Files.list(tmp).count(), "no temporary files left behind");
		// permissions like any new file (the umask), not a temporary file's owner-only 0600
		java.nio.file.Path probe = Files.createFile(tmp.resolve("probe"));
		assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(f.toPath()));
		Files.delete(probe);
		IOException in = assertThrows(IOException.class, () -> OutputFiles.checkNotInput(f, List.of(
			new File(tmp.toFile(), "./out.fits"))));
		assertTrue(in.getMessage().contains("inputs are never overwritten"));
		// a failing write leaves nothing
		File bad = tmp.resolve("bad.fits").toFile();
		assertThrows(IOException.class, () -> OutputFiles.write(bad, false, out -> {
			out.write(new byte[100]);
			throw new IOException("disk full");
		}));
		assertFalse(bad.exists());
		assertEquals(1, Files.list(tmp).count());
	}

	@Test
	void headerTextRoundTripAndWcsRemoval() throws Exception {
		FitsHeader h = header().set("GAIN", "1.5D0", "").set("LONGSTR", "x".repeat(100), "long");
		FitsHeader back = FitsCards.parse(FitsCards.toText(h) + "\nnot a card line\n");
		assertEquals(FitsCards.toText(h), FitsCards.toText(back));
		assertEquals(1.5, back.getDouble("GAIN"), 0);
		assertTrue(back.hasWcs());
		back.removeWcs();
		assertFalse(back.hasWcs());
		assertEquals("M13", back.getString("OBJECT"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> header().set("EXPTIME", "forty", "").setSource("a.fits").getDouble("EXPTIME"));
		assertEquals("keyword EXPTIME = 'forty' in a.fits is not a number", e.getMessage());
		FitsHeader wrapped = new FitsHeader().addHistory("word ".repeat(40));
		assertEquals(3, wrapped.history().size());
		for (String line : wrapped.history()) assertTrue(line.length() <= 70);
		// layout cards in ImageJ info text are ignored
		assertFalse(FitsCards.parse("SIMPLE  =                    T\nBITPIX  =                   16\n").contains("BITPIX"));
		assertEquals(FloatType.class, FitsReader.read(writeSmall()).pixels().firstElement().getClass());
	}

	private String writeSmall() throws Exception {
		File f = tmp.resolve("small.fits").toFile();
		FitsWriter.write(f, true, Hdu.image(ArrayImgs.floats(new float[] { 1, 2 }, 2, 1), null));
		return f.getPath();
	}

	@Test
	void primaryOnlyFilesStillReadByImageJsConvention() throws Exception {
		// a file nom-tam writes with default settings must carry SIMPLE, and extension names survive
		File f = tmp.resolve("x.fits").toFile();
		FitsWriter.write(f, false, List.of(Hdu.image(ArrayImgs.floats(new float[] { 1, 2, 3, 4 }, 2, 2), header()),
			Hdu.image(ArrayImgs.floats(new float[] { 5, 6, 7, 8 }, 2, 2), null).withExtname("MASK")));
		try (Fits fits = new Fits(f)) {
			BasicHDU<?> p = fits.getHDU(0);
			assertTrue(p.getHeader().getBooleanValue("SIMPLE"));
			assertEquals("MASK", fits.getHDU(1).getHeader().getStringValue("EXTNAME"));
			assertTrue(p.getHeader().containsKey("DATE"));
		}
	}
}
