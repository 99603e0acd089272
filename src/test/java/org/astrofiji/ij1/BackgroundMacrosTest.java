package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.background.Stis;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background macros of macros/, run headless as users run them, checked by the numbers they write. */
class BackgroundMacrosTest {

	@TempDir
	Path tmp;

	/** The headless ImageJ is shared by the test classes: leave no images behind. */
	@AfterEach
	void closeImages() throws Exception {
		HeadlessImageJ.runMacro("close('*');", null);
	}

	static void runMacro(String name, Path arg) throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", name).toPath()), arg.toString());
	}

	@Test
	void meshBackgroundOfASimulatedScienceFrame() throws Exception {
		HeadlessImageJ.runMacro("run('Simulate Observation...', 'output=[" + tmp + "] seed=3 width=256 height=192 stars=60 " +
			"filters=V bias_frames=0 dark_frames=0 flat_frames=0 science_frames=1 epoch2_frames=0 overwrite');", null);
		runMacro("mesh_background.ijm", tmp);
		String[] v = Files.readString(tmp.resolve("background/mesh_background.txt")).trim().split(",");
		FitsImage raw = FitsReader.read(tmp.resolve("science_V_001.fits").toFile(), null);
		MeshBackground b = MeshBackground.compute(raw.data(), null, raw.width(), raw.height(), new MeshBackground.Settings(),
			Progress.NONE);
		assertEquals(b.globalBack(), Double.parseDouble(v[0]), 1e-4, "global background read from BKGLEVEL");
		assertEquals(b.globalRms(), Double.parseDouble(v[1]), 1e-4, "global rms read from BKGRMS");
		assertEquals(b.back()[0], Double.parseDouble(v[3]), 1e-4, "background map, top-left pixel");
		// the truth: bias ~1000 ADU plus sky 20 e-/s x 60 s / 1.5 e-/ADU = 800 ADU (flat response ~1)
		assertEquals(1800, b.globalBack(), 0.03 * 1800);
		double mean = 0;
		float[] sub = b.subtract(raw.data());
		for (float p : sub) mean += p;
		assertEquals(mean / sub.length, Double.parseDouble(v[2]), 1e-4, "mean of the subtracted frame");
		File out = tmp.resolve("background/science_V_001_sky.fits").toFile();
		assertArrayEquals(b.back(), FitsReader.read(out.getPath() + "[BKG]").data());
		assertArrayEquals(b.rms(), FitsReader.read(out.getPath() + "[RMS]").data());
		Table t = CsvTables.read(tmp.resolve("background/science_V_001_sky.csv").toFile());
		assertEquals(b.globalBack(), t.getDouble(0, "global_back"), 1e-3);
		assertEquals(4 * 3, t.getDouble(0, "boxes_x") * t.getDouble(0, "boxes_y"), 0);
	}

	/** The STIS seed recipe end to end in Fiji (our own cosmic-ray cleaning), both routes in the macro. */
	@Test
	void stisRecipeEndToEnd() throws Exception {
		File stis = Stis.file();
		Files.createSymbolicLink(tmp.resolve("3c120_stis.fits.gz"), stis.toPath().toAbsolutePath());
		runMacro("stis_spectrum.ijm", tmp);
		List<Map<String, String>> expected = SharedData.csv("/expected/background/stis_spectrum.csv");
		Table spectrum = CsvTables.read(tmp.resolve("stis_spectrum.csv").toFile());
		Table manual = CsvTables.read(tmp.resolve("stis_spectrum_macro.csv").toFile());
		assertEquals(expected.size(), spectrum.rowCount());
		double max = 0;
		for (Map<String, String> r : expected) max = Math.max(max, Math.abs(Double.parseDouble(r.get("flux"))));
		double worst = 0, worstManual = 0;
		for (int c = 0; c < expected.size(); c++) {
			double e = Double.parseDouble(expected.get(c).get("flux"));
			assertEquals(c + 1, spectrum.getDouble(c, "x_fits"), 0);
			worst = Math.max(worst, Math.abs(spectrum.getDouble(c, "flux") - e) / Math.abs(e));
			// the macro sums float32 pixels of the subtracted image: float rounding relative to the largest flux
			worstManual = Math.max(worstManual, Math.abs(manual.getDouble(c, "flux") - e) / max);
		}
		assertTrue(worst < 1e-4, "Extract Spectrum vs the seed recipe: worst relative difference " + worst);
		assertTrue(worstManual < 1e-6, "Fit Background + row sum in the macro: worst difference / max flux " + worstManual);
		Table coef = CsvTables.read(tmp.resolve("stis_polyfit_coef.csv").toFile());
		List<Map<String, String>> numpy = SharedData.csv("/expected/background/stis_polyfit_coef.csv");
		for (int c : new int[] { 0, 100, 510 }) {
			for (String p : new String[] { "p0", "p1", "p2" }) {
				double e = Double.parseDouble(numpy.get(c).get(p));
				assertEquals(e, coef.getDouble(c, p), 1e-9 * Math.abs(e), "column " + c + " " + p);
			}
		}
	}
}
