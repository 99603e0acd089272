package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.astrofiji.io.FitsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's run/help paths: what ./astro does, in-process. */
class AstroCliTest {

	@TempDir
	Path tmp;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int astro(String... args) throws Exception {
		return Astro.main(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void runSimulateObservationHeadless() throws Exception {
		File dir = tmp.resolve("night").toFile();
		assertEquals(0, astro("run", "Simulate Observation", "output=\"" + dir + "\",seed=1,width=64,height=64,stars=10," +
			"filters=V,bias_frames=1,dark_frames=1,flat_frames=1,science_frames=1,epoch2_frames=0"));
		assertTrue(out.toString().contains("simulated night in " + dir), out.toString());
		assertTrue(err.toString().contains("[100%] simulation done"), err.toString());
		assertEquals(64, FitsReader.read(new File(dir, "science_V_001.fits"), null).width());
		assertEquals(0, astro("run", "Open FITS", "path=" + new File(dir, "science_V_001.fits")));
		assertTrue(out.toString().contains("image: science_V_001.fits (64x64)"), out.toString());
	}

	@Test
	void errorsAreOneClearLineAndANonZeroExit() throws Exception {
		assertEquals(1, astro("run", "Simulate Observation", "output=" + tmp + ",fwhm=-2"));
		assertEquals("error: Simulate Observation: fwhm must be at least 0.5 (got -2.0)", err.toString().trim());
		err.reset();
		assertEquals(1, astro("run", "Open FITS", "path=/no/such.fits"));
		assertEquals("error: Open FITS: FITS file not found: /no/such.fits", err.toString().trim());
		err.reset();
		assertEquals(2, astro("run", "Find Nothing", ""));
		assertTrue(err.toString().startsWith("error: no command 'Find Nothing'; the Astro Fiji commands are: "), err.toString());
		assertTrue(err.toString().contains(" Open FITS,"), err.toString()); // the list is sorted: workflows add names before it
	}

	@Test
	void helpListsCommandsAndTheirKeys() throws Exception {
		assertEquals(0, astro("help"));
		assertTrue(out.toString().contains("  Simulate Observation"));
		out.reset();
		assertEquals(0, astro("help", "Save FITS..."));
		assertTrue(out.toString().contains("  bitpix = -32  [-32, -64, 16, 8, 32]"), out.toString());
	}

	@Test
	void optionStringsAsFijiWritesThemAndWithoutQuotes() {
		assertEquals(Map.of("a", "1", "b", "x y, z", "c", "true", "d", "/p/q.fits[SCI]"),
			RunCommand.parse("a=1,b=\"x y, z\", c=true,d=/p/q.fits[SCI]"));
		assertEquals(Map.of("s", "say \"hi\""), RunCommand.parse("s=\"say \\\"hi\\\"\""));
	}
}
