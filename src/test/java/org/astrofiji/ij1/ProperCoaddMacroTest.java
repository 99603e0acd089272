package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macros/proper_coadd.ijm run headless on four simulated calibrated V frames of one field. */
class ProperCoaddMacroTest {

	@TempDir
	Path dir;

	@Test
	void fourFramesCoadd() throws Exception {
		SimulationSettings s = new SimulationSettings();
		s.width = 256;
		s.height = 256;
		s.stars = 60;
		s.brightest = 3000;
		s.faintest = 20;
		FieldEpochs field = new FieldEpochs(s, 0, 0, 0);
		for (int j = 1; j <= 4; j++) {
			float[] f = field.frame(new FieldEpochs.Epoch().fwhm(2.5 + 0.5 * j).sky(10 * j).seed(j));
			FitsWriter.write(dir.resolve("science_V_00" + j + ".fits").toFile(), false, Hdu.of(AstroImage.of("frame", f, 256, 256,
				new FitsHeader())));
		}
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "proper_coadd.ijm").toPath()), dir.toString());
		Table t = CsvTables.read(dir.resolve("coadd/proper_coadd_V.csv").toFile());
		assertEquals(4, (int) t.getDouble(0, "frames"));
		assertEquals(256, (int) t.getDouble(0, "width"));
		assertTrue(t.getDouble(0, "coadd_std") > 1, "stars add to the unit noise: " + t.getDouble(0, "coadd_std"));
		String file = dir.resolve("coadd/proper_coadd_V.fits").toString();
		for (String ext : new String[] { "SCI", "SCORE", "PSF_R" }) FitsReader.readImage(file + "[" + ext + "]");
	}
}
