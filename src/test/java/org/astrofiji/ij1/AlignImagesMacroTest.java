package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.command.SimulateObservationCommand;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * macros/align_images.ijm run headless on a simulated night (Shift Image, Find Transform, Align Images and
 * Rotate Image as a user's macro runs them), checked by what it writes against the shift it applied.
 */
class AlignImagesMacroTest {

	@TempDir
	Path night;

	@Test
	void theShiftedBFrameIsFoundAndAlignedBackOntoV() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			context.service(CommandService.class).run(SimulateObservationCommand.class, false, "output", night.toFile(), "seed", 5L,
				"width", 320, "height", 256, "stars", 150, "filters", "B,V", "bias_frames", 0, "dark_frames", 0, "flat_frames", 0,
				"science_frames", 1, "epoch2_frames", 0).get();
		}
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "align_images.ijm").toPath()), night.toString());
		Path out = night.resolve("aligned");
		Table r = CsvTables.read(out.resolve("align_images.csv").toFile());
		// the B frame moved by (12.4, -7.7): its stars go back by the opposite shift
		assertEquals(-12.4, r.getDouble(0, "found_dx"), 0.05);
		assertEquals(7.7, r.getDouble(0, "found_dy"), 0.05);
		assertTrue(r.getDouble(0, "matched") >= 30, "matched " + r.getDouble(0, "matched"));
		assertEquals(-12.4, r.getDouble(0, "align_dx"), 0.05);
		assertEquals(7.7, r.getDouble(0, "align_dy"), 0.05);
		assertTrue(r.getDouble(0, "rms") < 0.3);
		assertEquals("science_B_001-shifted-aligned", r.getString(0, "aligned"));
		// scipy's reshape rule for 320x256 turned by 30 degrees
		double c = Math.cos(Math.PI / 6);
		assertEquals((int) Math.floor(c * 320 + 0.5 * 256 + 0.5), (int) r.getDouble(0, "rotated_width"));
		assertEquals((int) Math.floor(0.5 * 320 + c * 256 + 0.5), (int) r.getDouble(0, "rotated_height"));
		// the aligned frame on disk: V's grid, its WCS V's to the match's accuracy; the table of transforms beside it
		AstroImage a = FitsReader.readImage(out.resolve("science_B_001-shifted_aligned.fits") + "[SCI]");
		AstroImage v = FitsReader.readImage(night.resolve("science_V_001.fits").toString());
		assertEquals(v.size(), a.size());
		assertTrue(a.hasDq());
		double[] p = Wcs.of(v).pixelToSky(160, 128), q = Wcs.of(a).pixelToSky(160, 128);
		assertTrue(Equatorial.separation(p[0], p[1], q[0], q[1]) < 0.05 / 3600, "aligned WCS = V's");
		Table t = CsvTables.read(out.resolve("transforms.csv").toFile());
		assertEquals(1, t.rowCount());
		assertEquals("ok", t.getString(0, "status"));
	}
}
