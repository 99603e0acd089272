package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets an error that names the file, the HDU and what is wrong. */
class FitsReaderErrorsTest {

	@TempDir
	Path tmp;

	private File mef() throws Exception {
		File f = tmp.resolve("mef.fits").toFile();
		FitsWriter.write(f, false, List.of(Hdu.empty(null),
			Hdu.image(ArrayImgs.floats(new float[64 * 64], 64, 64), null).withExtname("SCI"),
			Hdu.image(ArrayImgs.floats(new float[64 * 64], 64, 64), null).withExtname("ERR")));
		return f;
	}

	private static String message(File f, String hdu) {
		return assertThrows(IOException.class, () -> FitsReader.read(f, hdu)).getMessage();
	}

	@Test
	void notAFitsFile() throws Exception {
		File f = tmp.resolve("notes.fits").toFile();
		Files.writeString(f.toPath(), "this is a text file, not FITS\n");
		assertEquals(f + " is not a FITS file (a FITS file begins with 'SIMPLE  =      T')", message(f, null));
		assertEquals("FITS file not found: " + tmp.resolve("missing.fits"), message(tmp.resolve("missing.fits").toFile(), null));
	}

	@Test
	void truncatedData() throws Exception {
		File f = mef();
		try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
			raf.setLength(raf.length() - 2880 * 3);
		}
		String m = message(f, "ERR");
		assertTrue(m.startsWith(f + " is truncated"), m);
		assertTrue(m.contains("HDU 2 ('ERR')"), m);
	}

	@Test
	void unknownHduNamesTheOnesThatExist() throws Exception {
		File f = mef();
		assertEquals(f + " has no HDU named 'DQ'; its HDUs are: 0 (empty image), 1 SCI (image 64x64, BITPIX -32), " +
			"2 ERR (image 64x64, BITPIX -32)", message(f, "DQ"));
		assertTrue(message(f, "7").startsWith(f + " has no HDU 7; its 3 HDUs are: 0 (empty image)"));
		assertTrue(message(f, "0").startsWith("HDU 0 of " + f + " holds no data (NAXIS = 0)"));
	}

	@Test
	void tableHduAskedForAsAnImage() throws Exception {
		File f = tmp.resolve("table.fits").toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new float[][] { { 1, 2 }, { 3, 4 } }));
			BinaryTable t = new BinaryTable();
			t.addColumn(new double[] { 1, 2, 3 });
			BinaryTableHDU hdu = (BinaryTableHDU) Fits.makeHDU(t);
			hdu.getHeader().addValue("EXTNAME", "EVENTS", "");
			fits.addHDU(hdu);
			fits.write(f);
		}
		assertEquals("HDU 1 ('EVENTS') of " + f + " is a binary table, not an image", message(f, "EVENTS"));
		assertEquals(2, FitsReader.read(f, null).width(), "the default is the image");
	}

	@Test
	void moreThanThreeAxes() throws Exception {
		File f = tmp.resolve("4d.fits").toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new float[2][3][4][5]));
			fits.write(f);
		}
		assertEquals("HDU 0 of " + f + " has NAXIS = 4 (5x4x3x2); only 2-D images and 3-D cubes can be read",
			message(f, null));
		File g = tmp.resolve("degenerate.fits").toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new float[1][1][3][4])); // NAXIS3 = NAXIS4 = 1: a plain image
			fits.write(g);
		}
		FitsImage img = FitsReader.read(g, null);
		assertEquals(2, img.pixels().numDimensions());
		assertEquals(4, img.width());
	}
}
