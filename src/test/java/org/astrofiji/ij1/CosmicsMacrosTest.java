package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cosmic-ray macros in macros/, run headless on a simulated night as users run them, checked by
 * the files they write and the night's truth.
 */
class CosmicsMacrosTest {

	@TempDir
	static Path night;

	@BeforeAll
	static void simulateNight() throws Exception {
		MacrosTest.run("simulate_night.ijm", night.toString());
	}

	@Test
	void laCosmicMacroCleansEveryScienceFrame() throws Exception {
		MacrosTest.run("remove_cosmic_rays_lacosmic.ijm", night.toString());
		File out = night.resolve("cosmics").toFile();
		Table report = CsvTables.read(new File(out, "cosmics_lacosmic.csv"));
		assertEquals(9, report.rowCount()); // B, V, R x 3 science frames
		for (int r = 0; r < report.rowCount(); r++) {
			String frame = report.getString(r, "frame");
			FitsImage raw = FitsReader.read(night.resolve(frame + ".fits").toFile(), null);
			FitsImage sci = FitsReader.read(new File(out, frame + "_cr.fits"), "SCI");
			FitsImage mask = FitsReader.read(new File(out, frame + "_cr.fits"), "CRMASK");
			float[] truth = FitsReader.read(night.resolve("truth/crmask_" + frame + ".fits").toFile(), null).data();
			int flagged = 0, hits = 0, found = 0;
			for (int i = 0; i < truth.length; i++) {
				boolean m = mask.data()[i] != 0;
				if (m) flagged++;
				else assertEquals(raw.data()[i], sci.data()[i], 0, frame + ": unflagged pixels keep their value");
				if (truth[i] != 0) {
					hits++;
					if (m) found++;
				}
			}
			assertEquals((int) report.getDouble(r, "pixels"), flagged, frame);
			assertEquals(CsvTables.read(new File(out, frame + "_cr.csv")).rowCount(), (int) report.getDouble(r, "events"), frame);
			// hot pixels are flagged too (no bad-pixel mask here); nearly every cosmic-ray pixel is found
			assertTrue(found >= 0.95 * hits, frame + ": found " + found + " of " + hits + " cosmic-ray pixels");
			assertTrue(String.join(" ", sci.header().history()).contains("Remove Cosmic Rays: method=lacosmic"),
				sci.header().history().toString());
			assertTrue(String.join(" ", sci.header().history()).contains("gain 1.5 from GAIN"), sci.header().history().toString());
		}
	}

	@Test
	void medianMacroLeavesTheProtectedRowsAndTheSelectionAlone() throws Exception {
		MacrosTest.run("remove_cosmic_rays_median.ijm", night.toString());
		File out = night.resolve("cosmics").toFile();
		Table report = CsvTables.read(new File(out, "cosmics_median.csv"));
		assertEquals(0, report.getDouble(0, "in_box"), 0);
		assertEquals(0, report.getDouble(0, "in_rows"), 0);
		FitsImage mask = FitsReader.read(new File(out, "science_V_001_median.fits"), "CRMASK");
		int w = mask.width(), h = mask.height(), flagged = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				boolean m = mask.data()[y * w + x] != 0;
				if (m) flagged++;
				int fitsRow = Coordinates.fitsArrayRow(y, h);
				boolean protectedRow = fitsRow >= 100 && fitsRow <= 149, inBox = x >= 16 && x < 80 && y >= 16 && y < 80;
				if (protectedRow || inBox) assertTrue(!m, "flagged at " + x + "," + y);
			}
		}
		assertEquals((int) report.getDouble(0, "flagged"), flagged);
		assertTrue(flagged > 30);
	}

	@Test
	void anRgbImageStopsTheMacro() throws Exception {
		File after = night.resolve("after-rgb.txt").toFile();
		String macro = "newImage('colour', 'RGB black', 32, 32, 1); run('Remove Cosmic Rays...', 'method=median'); " +
			"File.saveString('ran on', '" + after.getPath().replace("\\", "/") + "');";
		try {
			HeadlessImageJ.runMacro(macro, "");
		}
		catch (AssertionError aborted) {
			// the macro was aborted: what should happen
		}
		assertTrue(!after.exists(), "the macro went on after Remove Cosmic Rays refused an RGB image");
	}
}
