package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macros shipped in macros/, run headless exactly as users run them (ij1-patcher, as Fiji's
 * --headless), checked by the numbers they write.
 */
class MacrosTest {

	@TempDir
	static Path night;

	static String run(String macro, String arg) throws Exception {
		String code = Files.readString(new File("macros", macro).toPath());
		HeadlessImageJ.runMacro(code, arg);
		return arg;
	}

	@BeforeAll
	static void simulateNight() throws Exception {
		run("simulate_night.ijm", night.toString());
	}

	@Test
	void simulateNightWritesTheDocumentedNight() throws Exception {
		Table frames = CsvTables.read(night.resolve("night.csv").toFile());
		assertEquals(5 + 6 + 15 + 9 + 2, frames.rowCount());
		FitsImage v = FitsReader.read(night.resolve("science_V_001.fits").toFile(), null);
		assertEquals(512, v.width());
		assertEquals(200, CsvTables.read(night.resolve("truth/stars.csv").toFile()).rowCount());
	}

	@Test
	void openSaveFitsCopiesTheFrameExactly() throws Exception {
		run("open_save_fits.ijm", night.toString());
		File copies = night.resolve("copies").toFile();
		FitsImage original = FitsReader.read(night.resolve("science_V_001.fits").toFile(), null);
		FitsImage f32 = FitsReader.read(new File(copies, "science_V_001.fits"), null);
		FitsImage u16 = FitsReader.read(new File(copies, "science_V_001_u16.fits.gz"), null);
		assertArrayEquals(original.data(), f32.data());
		assertArrayEquals(original.data(), u16.data());
		assertEquals(-32, f32.bitpix());
		assertEquals(16, u16.bitpix());
		assertEquals("V", u16.header().getString("FILTER"));
		String[] report = Files.readString(new File(copies, "open_save_fits.csv").toPath()).trim().split(",");
		assertEquals("science_V_001.fits", report[0]);
		double mean = 0;
		for (float p : original.data()) mean += p;
		assertEquals(mean / original.data().length, Double.parseDouble(report[3]), 1e-6);
		// getPixel(10, 20) in the macro is memory (x=10, y=20)
		assertEquals(original.data()[20 * 512 + 10], Double.parseDouble(report[4]), 0);
		assertTrue(String.join(" ", u16.header().history()).endsWith("Save FITS: path=science_V_001_u16.fits.gz bitpix=16"),
			u16.header().history().toString());
	}
}
