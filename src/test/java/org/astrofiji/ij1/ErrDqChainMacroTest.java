package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;

/**
 * ERR and DQ travel with an image open in ImageJ: a reduced frame (SCI, ERR, DQ) opened with Open FITS,
 * cleaned, background-subtracted, searched for stars and saved from a headless macro gives the same
 * numbers as the same chain on files (input=...), and the saved file holds its ERR and DQ.
 */
class ErrDqChainMacroTest {

	@TempDir
	static Path tmp;

	static File reduced;

	@BeforeAll
	static void calibrateANight() throws Exception {
		Context context = new Context(CommandService.class);
		try {
			File night = tmp.resolve("night").toFile(), out = tmp.resolve("calibrated").toFile();
			Commands.run(context, "Simulate Observation", Map.of("output", night.getPath(), "width", "256", "height", "192",
				"stars", "80", "filters", "V", "bias_frames", "3", "dark_frames", "2", "flat_frames", "3", "science_frames", "1",
				"epoch2_frames", "0"));
			Commands.run(context, "Master Calibration", Map.of("directory", night.getPath(), "science", "science_*.fits",
				"output", out.getPath()));
			reduced = new File(out, "science_V_001_red.fits");
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void errAndDqTravelThroughTheChainInImageJ() throws Exception {
		AstroImage in = FitsReader.readImage(reduced.getPath());
		assertTrue(in.hasErr() && in.hasDq(), "the reduced frame has ERR and DQ: " + in);
		HeadlessImageJ.runMacro(Files.readString(new File("macros/err_dq_chain.ijm").toPath()), reduced.getPath());
		File saved = new File(reduced.getParentFile(), "science_V_001_red_chain.fits");
		AstroImage chain = FitsReader.readImage(saved.getPath());
		assertTrue(chain.hasErr() && chain.hasDq(), "Save FITS wrote SCI, ERR and DQ: " + chain);
		assertArrayEquals(in.errData(), chain.errData(), "ERR passes through unchanged");
		short[] dq0 = in.dqData(), dq1 = chain.dqData();
		int cosmic = 0;
		for (int i = 0; i < dq0.length; i++) {
			assertEquals(dq0[i], dq1[i] & ~(Dq.COSMIC_RAY | Dq.INTERPOLATED), "pixel " + i + " keeps its calibration flags");
			if ((dq1[i] & Dq.COSMIC_RAY) != 0) cosmic++;
		}
		assertTrue(cosmic > 0, "cleaned cosmic rays are flagged in DQ");

		// the same chain on files gives the same pixels and stars
		Context context = new Context(CommandService.class);
		try {
			File clean = tmp.resolve("clean.fits").toFile(), sub = tmp.resolve("sub.fits").toFile();
			File stars = tmp.resolve("stars.csv").toFile();
			String s1 = (String) Commands.run(context, "Remove Cosmic Rays", Map.of("input", reduced.getPath(), "method", "lacosmic",
				"output", clean.getPath())).get("summary");
			assertTrue(s1.contains("DQ bad+hot+dead of science_V_001_red.fits[SCI] as bad pixels"), s1);
			Commands.run(context, "Fit Background", Map.of("input", clean.getPath(), "model", "mesh", "box", "64", "filter", "3",
				"result", "subtracted", "output", sub.getPath()));
			String s3 = (String) Commands.run(context, "Find Stars", Map.of("input", sub.getPath(), "threshold_mode", "background",
				"k", "5", "table_file", stars.getPath())).get("summary");
			assertTrue(s3.contains("flags from the DQ of sub.fits[SCI]"), s3);
			assertArrayEquals(FitsReader.readImage(sub.getPath()).data(), chain.data(), "the same pixels as on files");
			assertArrayEquals(FitsReader.readImage(sub.getPath()).dqData(), dq1, "the same flags as on files");
			Table onFiles = CsvTables.read(stars), inImageJ = CsvTables.read(new File(reduced.getParentFile(),
				"science_V_001_red_chain_stars.csv"));
			assertTrue(onFiles.rowCount() > 20, "stars found: " + onFiles.rowCount());
			assertEquals(onFiles.rowCount(), inImageJ.rowCount());
			for (int r = 0; r < onFiles.rowCount(); r++) {
				assertEquals(onFiles.getDouble(r, "x"), inImageJ.getDouble(r, "x"), 0);
				assertEquals(onFiles.getDouble(r, "flags"), inImageJ.getDouble(r, "flags"), 0);
			}
		}
		finally {
			context.dispose();
		}
	}
}
