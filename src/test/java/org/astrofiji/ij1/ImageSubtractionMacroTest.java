package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * macros/image_subtraction.ijm run headless on the simulated night of simulate_night.ijm: the second
 * epoch's transients are among the candidates it writes, and the difference file holds D, S_corr, P_D
 * and the candidates' cut-out montage, which also opens as an image.
 */
class ImageSubtractionMacroTest {

	@TempDir
	Path night;

	@Test
	void theSecondEpochsTransientsAreAmongTheCandidates() throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "simulate_night.ijm").toPath()), night.toString());
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "image_subtraction.ijm").toPath()), night.toString());
		Path out = night.resolve("subtraction");
		Table c = CsvTables.read(out.resolve("candidates.csv").toFile());
		Table truth = CsvTables.read(night.resolve("truth/transients.csv").toFile());
		assertTrue(truth.rowCount() == 2);
		for (int t = 0; t < truth.rowCount(); t++) {
			boolean found = false;
			for (int i = 0; i < c.rowCount(); i++) {
				found |= Math.hypot(c.getDouble(i, "x") - truth.getDouble(t, "x"), c.getDouble(i, "y") - truth.getDouble(t, "y")) < 1 &&
					c.getDouble(i, "s_corr") >= 5;
			}
			assertTrue(found, "transient " + (t + 1) + " not among the " + c.rowCount() + " candidates");
		}
		assertTrue(Files.readString(out.resolve("candidates.reg")).contains("circle"));
		assertEquals(c.rowCount(), Integer.parseInt(Files.readString(out.resolve("candidates_count.txt")).trim()),
			"the macro's nResults is the CSV's row count");
		String file = out.resolve("epoch2_V_001_zogy.fits").toString();
		for (String ext : new String[] { "SCI", "DQ", "SCORR", "PSF_D", "CUTOUTS" }) FitsReader.readImage(file + "[" + ext + "]");
		// the montage image the macro found open: 10 rows of 21-px panels (or one per candidate when fewer)
		int rows = Math.min(10, c.rowCount());
		String[] montage = Files.readString(out.resolve("montage_size.txt")).split("\n");
		assertTrue(montage[0].endsWith("-montage"), montage[0]);
		assertEquals((3 * 21 + 4) + " " + (rows * 21 + (rows - 1) * 2), montage[1].trim());
		AstroImage cut = FitsReader.readImage(file + "[CUTOUTS]");
		assertEquals(rows, (int) cut.header().getDouble("CUTROWS", 0));
		AstroImage d = FitsReader.readImage(file + "[SCI]");
		assertTrue(d.width() == 512 && d.height() == 512);
	}
}
