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
		for (String label : new String[] { "Open FITS", "Save FITS", "Simulate Observation" }) {
			assertTrue(err.toString().contains(" " + label), err.toString());
			assertEquals(err.toString().indexOf(" " + label + ","), err.toString().lastIndexOf(" " + label + ","), err.toString());
		}
	}

	@Test
	void helpListsCommandsAndTheirKeys() throws Exception {
		assertEquals(0, astro("help"));
		assertTrue(out.toString().contains("  Simulate Observation"));
		// each command once: the full context discovered its plugins twice and listed every command twice
		String[] lines = out.toString().split("\n");
		assertEquals(lines.length, java.util.Arrays.stream(lines).distinct().count(), out.toString());
		out.reset();
		assertEquals(0, astro("help", "Save FITS..."));
		assertTrue(out.toString().contains("  bitpix = -32  [-32, -64, 16, 8, 32]"), out.toString());
	}

	@Test
	void numbersOutOfTheirTypeAndEmptyListEntriesAreRefused() throws Exception {
		// issue 11: seed=1e30 became the largest long, filters="B,,V" lost an entry silently
		String night = "output=" + tmp.resolve("n") + ",";
		String[][] cases = {
			{ "Simulate Observation", night + "seed=1e30",
				"seed must be a whole number from -9223372036854775808 to 9223372036854775807 (got 1e30)" },
			{ "Simulate Observation", night + "width=3000000000", "width must be a whole number from -2147483648 to 2147483647 " +
				"(got 3000000000)" },
			{ "Simulate Observation", night + "seed=9223372036854775808", "seed must be a whole number from -9223372036854775808 to " +
				"9223372036854775807 (got 9223372036854775808)" },
			{ "Simulate Observation", night + "fwhm=1e400", "fwhm must be a finite number (got Infinity)" },
			{ "Simulate Observation", night + "filters=\"B,,V\"", "filters: 'B,,V' has an empty entry; give filter names separated " +
				"by commas, e.g. B,V,R" },
			{ "Simulate Observation", night + "filters=\"B,V,B\"", "filters: B is named twice in 'B,V,B'" } };
		for (String[] c : cases) {
			err.reset();
			assertEquals(1, astro("run", c[0], c[1]), c[1]);
			assertEquals("error: " + c[0] + ": " + c[2], err.toString().trim());
		}
		assertTrue(!tmp.resolve("n").toFile().exists());
		// a long beyond a double's 2^53 is taken exactly
		assertEquals(9007199254740993L, org.astrofiji.command.Commands.wholeNumber("seed", "9007199254740993", 9007199254740992.0,
			long.class));
	}

	@Test
	void aMissingMacroFileIsOneLine() throws Exception {
		// issue 11: a stack trace
		assertEquals(1, astro("macro", "/no/such.ijm"));
		assertEquals("error: macro file not found: /no/such.ijm", err.toString().trim());
		assertEquals("", out.toString());
	}

	@Test
	void saveFitsConvertsAFileHeadless() throws Exception {
		// issue 11: ./astro run "Save FITS" could not be used headless
		File night = tmp.resolve("night").toFile();
		assertEquals(0, astro("run", "Simulate Observation", "output=\"" + night + "\",width=32,height=32,stars=3,filters=V," +
			"bias_frames=1,dark_frames=0,flat_frames=0,science_frames=1,epoch2_frames=0"));
		File raw = new File(night, "science_V_001.fits"), copy = tmp.resolve("copy.fits.fz").toFile();
		out.reset();
		assertEquals(0, astro("run", "Save FITS", "input=" + raw + ",path=" + copy + ",bitpix=16"));
		assertEquals("wrote " + copy + " (32x32, BITPIX 16)", out.toString().trim());
		assertEquals(java.util.Arrays.toString(FitsReader.read(raw, null).data()), java.util.Arrays.toString(FitsReader.read(copy,
			null).data()));
	}

	@Test
	void progressIsPrintedOncePerRunInASharedContext() {
		// issue 11: the demo (one context, several commands) printed each progress line once more per command
		try (org.scijava.Context context = new org.scijava.Context()) {
			for (int run = 0; run < 3; run++) {
				err.reset();
				assertEquals(0, RunCommand.run(context, "Simulate Observation", "output=\"" + tmp.resolve("n" + run) + "\",width=32," +
					"height=32,stars=3,filters=V,bias_frames=1,dark_frames=0,flat_frames=0,science_frames=1,epoch2_frames=0", new PrintStream(
						out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
				assertEquals(1, err.toString().split("\\[100%\\] simulation done", -1).length - 1, err.toString());
			}
		}
	}

	@Test
	void optionStringsAsFijiWritesThemAndWithoutQuotes() {
		assertEquals(Map.of("a", "1", "b", "x y, z", "c", "true", "d", "/p/q.fits[SCI]"),
			RunCommand.parse("a=1,b=\"x y, z\", c=true,d=/p/q.fits[SCI]"));
		assertEquals(Map.of("s", "say \"hi\""), RunCommand.parse("s=\"say \\\"hi\\\"\""));
	}
}
