package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bands of rows read by {@link FitsBandReader} equal the rows of the whole image {@link FitsReader} reads. */
class FitsBandReaderTest {

	@TempDir
	Path tmp;

	private static float[] image(int w, int h) {
		float[] a = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) a[y * w + x] = 100 + 7 * y + x + (x * y % 5) * 0.25f;
		return a;
	}

	/** Every band of every size gives the same rows as the full read. */
	private static void assertBandsMatch(File f, String hdu) throws IOException {
		float[] full = FitsReader.read(f, hdu).data();
		try (FitsBandReader r = FitsBandReader.open(f, hdu)) {
			int w = r.width(), h = r.height();
			assertEquals(full.length, w * h);
			for (int band = 1; band <= h; band++) {
				for (int y0 = 0; y0 < h; y0 += band) {
					int n = Math.min(band, h - y0);
					float[] dst = new float[n * w + 3];
					dst[0] = dst[1] = dst[2] = -1;
					r.read(y0, n, dst, 3);
					assertArrayEquals(Arrays.copyOfRange(full, y0 * w, (y0 + n) * w), Arrays.copyOfRange(dst, 3, dst.length),
						f.getName() + " rows " + y0 + "+" + n);
					assertEquals(-1, dst[2]);
				}
			}
		}
	}

	@Test
	void everyBitpixWithScalingAndBlankReadsLikeTheWholeImage() throws Exception {
		float[] a = image(9, 7);
		for (int b : new int[] { 8, 16, 32, -32, -64 }) {
			float[] v = a.clone();
			v[12] = Float.NaN;
			File f = tmp.resolve("b" + b + ".fits").toFile();
			FitsWriter.write(f, false, Hdu.image(Images.wrap(v, 9, 7), new FitsHeader().set("EXPTIME", 30.0, "")).withBitpix(b));
			assertBandsMatch(f, null);
			try (FitsBandReader r = FitsBandReader.open(f.getPath())) {
				assertTrue(r.isStreaming());
				assertEquals(b, r.bitpix());
				assertEquals(30.0, r.header().getDouble("EXPTIME"), 0);
				float[] row = new float[9];
				r.read(1, 1, row, 0); // memory row 1 holds the NaN (index 12 = row 1, column 3)
				assertTrue(Float.isNaN(row[3]), "BITPIX " + b);
			}
		}
	}

	@Test
	void extensionsOfMultiExtensionFilesAreReadInPlace() throws Exception {
		File f = tmp.resolve("mef.fits").toFile();
		float[] sci = image(6, 5), err = image(6, 5);
		for (int i = 0; i < err.length; i++) err[i] = (float) Math.sqrt(err[i]);
		FitsWriter.write(f, false, List.of(Hdu.empty(new FitsHeader().set("GAIN", 1.5, "")),
			Hdu.image(Images.wrap(sci, 6, 5), null).withExtname("SCI"), Hdu.image(Images.wrap(err, 6, 5), null).withExtname("ERR")));
		assertBandsMatch(f, "SCI");
		assertBandsMatch(f, "ERR");
		try (FitsBandReader r = FitsBandReader.open(f.getPath() + "[ERR]")) {
			assertEquals("mef.fits[ERR]", r.name());
			assertEquals(1.5, r.header().getDouble("GAIN"), 0); // inherited from the primary
			float[] all = new float[30];
			r.read(0, 5, all, 0);
			assertArrayEquals(err, all);
		}
	}

	@Test
	void compressedFilesAreDecodedOnceAndServeBands() throws Exception {
		float[] a = image(8, 6);
		for (String name : new String[] { "z.fits.gz", "z.fits.fz" }) {
			File f = tmp.resolve(name).toFile();
			FitsWriter.write(f, false, Hdu.image(Images.wrap(a, 8, 6), null).withBitpix(16));
			assertBandsMatch(f, null);
			try (FitsBandReader r = FitsBandReader.open(f, null)) {
				assertFalse(r.isStreaming());
			}
		}
	}

	@Test
	void concurrentBandReadsAreIndependent() throws Exception {
		int w = 300, h = 200;
		float[] a = image(w, h);
		File f = tmp.resolve("big.fits").toFile();
		FitsWriter.write(f, false, Hdu.image(Images.wrap(a, w, h), null).withBitpix(16));
		float[] full = FitsReader.read(f, null).data();
		float[] out = new float[w * h];
		try (FitsBandReader r = FitsBandReader.open(f, null)) {
			Parallel.forRange(h, 3, (y0, y1) -> r.read(y0, y1 - y0, out, y0 * w));
		}
		assertArrayEquals(full, out);
	}

	/** Every 2-D image HDU of ../shared/data (BZERO, BSCALE, BLANK, gzip, MEF) read in bands of 37 rows. */
	@Test
	void sharedDataReadsInBandsExactlyAsWhole() throws Exception {
		File data = org.astrofiji.testutil.SharedData.dir("sbig-stl1001-bias-darks").getParentFile();
		int checked = 0;
		List<File> files;
		try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(data.toPath())) {
			files = walk.map(Path::toFile).filter(File::isFile).sorted().collect(java.util.stream.Collectors.toList());
		}
		for (File f : files) {
			String n = f.getName().toLowerCase(java.util.Locale.ROOT);
			if (!(n.endsWith(".fits") || n.endsWith(".fit") || n.endsWith(".fits.gz") || n.endsWith(".fts"))) continue;
			for (FitsReader.HduInfo info : FitsReader.list(f)) {
				if (!info.isImage() || info.axes.length != 2) continue;
				String hdu = String.valueOf(info.index);
				float[] full = FitsReader.read(f, hdu).data();
				try (FitsBandReader r = FitsBandReader.open(f, hdu)) {
					float[] banded = new float[full.length];
					for (int y0 = 0; y0 < r.height(); y0 += 37) {
						int rows = Math.min(37, r.height() - y0);
						r.read(y0, rows, banded, y0 * r.width());
					}
					assertArrayEquals(full, banded, f + "[" + hdu + "]");
					checked++;
				}
			}
		}
		assertTrue(checked >= 50, "only " + checked + " HDUs checked");
	}

	@Test
	void badInputIsNamed() throws Exception {
		File cube = tmp.resolve("cube.fits").toFile();
		FitsWriter.write(cube, false, Hdu.image(Images.stack(4, 3, new float[12], new float[12]), null));
		IOException e = assertThrows(IOException.class, () -> FitsBandReader.open(cube, null));
		assertTrue(e.getMessage().contains("cube.fits is a cube of 2 planes (4x3x2)"), e.getMessage());

		File cut = tmp.resolve("cut.fits").toFile();
		FitsWriter.write(cut, false, Hdu.image(Images.wrap(image(100, 100), 100, 100), null));
		try (RandomAccessFile raf = new RandomAccessFile(cut, "rw")) {
			raf.setLength(raf.length() - 5000);
		}
		e = assertThrows(IOException.class, () -> FitsBandReader.open(cut, null));
		assertTrue(e.getMessage().contains("cut.fits is truncated"), e.getMessage());

		File ok = tmp.resolve("ok.fits").toFile();
		FitsWriter.write(ok, false, Hdu.image(Images.wrap(image(5, 4), 5, 4), null));
		try (FitsBandReader r = FitsBandReader.open(ok, null)) {
			IndexOutOfBoundsException x = assertThrows(IndexOutOfBoundsException.class, () -> r.read(3, 2, new float[10], 0));
			assertEquals("rows 3..4 are outside the 4 rows of ok.fits", x.getMessage());
		}
	}
}
