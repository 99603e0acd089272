package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge driven by macro lines, headless, as a user's recorded macro would run. */
class BridgeMacroTest {

	@TempDir
	Path tmp;

	@Test
	void openAndSaveFitsFromAMacro() throws Exception {
		float[] a = new float[12];
		for (int i = 0; i < 12; i++) a[i] = 100 + i;
		File in = tmp.resolve("in.fits").toFile();
		FitsWriter.write(in, false, Hdu.image(Images.wrap(a, 4, 3), new FitsHeader().set("EXPTIME", 30.0, "s")));
		File out = tmp.resolve("out.fits").toFile(), report = tmp.resolve("report.txt").toFile();
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"run('Open FITS...', 'path=[" + in + "]');",
			"t = getTitle(); v = getPixel(1, 0); info = getInfo('image.subtitle');",
			"exptime = parseFloat(getInfo('EXPTIME'));",
			"run('Save FITS...', 'path=[" + out + "] bitpix=16');",
			"File.saveString(t + ' ' + v + ' ' + exptime + ' ' + nImages, '" + report + "');"), null);
		assertEquals("in.fits 101 30 1", Files.readString(report.toPath()).trim());
		FitsImage back = FitsReader.read(out, null);
		assertArrayEquals(a, back.data());
		assertEquals(16, back.bitpix());
		assertEquals(30.0, back.header().getDouble("EXPTIME"), 0);
	}

	/**
	 * An image opened from an extension is titled name.fits[SCI]; a macro passes that title in brackets,
	 * nested as ImageJ reads them: RGB Composite of a (a ramp up) in red and blue and b (a ramp down) in green.
	 */
	@Test
	void aTitleWithBracketsIsPassedInAMacro() throws Exception {
		for (String name : new String[] { "a", "b" }) {
			float[] px = new float[12];
			for (int i = 0; i < 12; i++) px[i] = name.equals("a") ? 100 + i : 511 - i;
			FitsWriter.write(tmp.resolve(name + ".fits").toFile(), false, java.util.List.of(Hdu.empty(new FitsHeader()), Hdu.image(Images
				.wrap(px, 4, 3), new FitsHeader()).withExtname("SCI")));
		}
		File report = tmp.resolve("titles.txt").toFile();
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"run('Open FITS...', 'path=[" + tmp.resolve("a.fits") + "] hdu=SCI');",
			"a = getTitle();",
			"run('Open FITS...', 'path=[" + tmp.resolve("b.fits") + "] hdu=SCI');",
			"b = getTitle();",
			"run('RGB Composite...', 'red=[' + a + '] green=[' + b + '] blue=[' + a + '] method=linear levels=minmax');",
			"v = getPixel(0, 0);",
			"File.saveString(a + ' ' + b + ' ' + ((v >> 16) & 255) + ' ' + ((v >> 8) & 255) + ' ' + (v & 255), '" + report + "');"), null);
		String[] r = Files.readString(report.toPath()).trim().split(" ");
		assertEquals("a.fits[SCI]", r[0]);
		assertEquals("b.fits[SCI]", r[1]);
		// memory pixel (0, 0) holds a's minimum (100) and b's maximum (511): red = blue (a) black, green (b) full
		int red = Integer.parseInt(r[2]), green = Integer.parseInt(r[3]), blue = Integer.parseInt(r[4]);
		assertEquals(red, blue, String.join(" ", r));
		assertTrue(red < 10 && green > 245, String.join(" ", r));
	}

	@Test
	void commandErrorsStopTheMacroAndAreSeen() throws Exception {
		File marker = tmp.resolve("reached.txt").toFile();
		String after = "File.saveString('x', '" + marker + "');";
		assertTrue(HeadlessImageJ.macroFails("run('Open FITS...', 'path=/no/such.fits');" + after, null));
		assertTrue(HeadlessImageJ.macroFails("run('Simulate Observation...', 'output=" + tmp + " fwhm=0.1');" + after, null));
		assertTrue(HeadlessImageJ.macroFails("run('Simulate Observation...', 'output=" + tmp + " fwhmm=3');" + after, null),
			"a misspelt key");
		assertTrue(HeadlessImageJ.macroFails("run('Simulate Observation...', 'output=" + tmp + " psf=airy');" + after, null),
			"an invalid choice");
		assertTrue(HeadlessImageJ.macroFails("x = 1 +;", null));
		assertTrue(!marker.exists(), "nothing after a failing command runs");
	}

	@Test
	void aFileAlternativeGivenInTheMacroWinsOverTheActiveImage() throws Exception {
		float[] hundred = new float[64 * 64];
		java.util.Arrays.fill(hundred, 100);
		File in = tmp.resolve("hundred.fits").toFile(), report = tmp.resolve("mean.txt").toFile();
		FitsWriter.write(in, false, Hdu.image(Images.wrap(hundred, 64, 64), null));
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"newImage('seven', '32-bit black', 64, 64, 1); run('Set...', 'value=7');",
			"run('Fit Background...', 'input=[" + in + "] model=mesh box=32 filter=1 result=model');",
			"selectImage('Fit Background-background');",
			"File.saveString(getTitle() + ' ' + getValue('Mean') + ' ' + isOpen('seven-background'), '" + report + "');"), null);
		// the background model of the file (100), not of the open image (7)
		assertEquals("Fit Background-background 100 0", Files.readString(report.toPath()).trim());
	}
	/** What the macro printed (ImageJ's log goes to the console headless); whether it failed. */
	private static String printed(String macro, boolean[] failed) throws Exception {
		java.io.PrintStream saved = System.out;
		java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
		System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			failed[0] = HeadlessImageJ.macroFails(macro, null);
		}
		finally {
			System.setOut(saved);
		}
		return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
	}

	@Test
	void badNumbersInAMacroNameTheirKey() throws Exception {
		// issue 11: k=abc gave 'For input string: "abc"' without the key; seed=1e30 became the largest long
		File in = fits("in.fits", 32, 24, 100);
		boolean[] failed = new boolean[1];
		String log = printed("run('Find Stars...', 'input=[" + in + "] k=abc');", failed);
		assertTrue(failed[0]);
		assertTrue(log.contains("Find Stars: k: 'abc' is not a number"), log);
		log = printed("run('Simulate Observation...', 'output=[" + tmp.resolve("n") + "] seed=1e30');", failed);
		assertTrue(failed[0]);
		assertTrue(log.contains("Simulate Observation: seed must be a whole number from -9223372036854775808 to " +
			"9223372036854775807 (got 1e30)"), log);
		assertTrue(!tmp.resolve("n").toFile().exists());
	}

	@Test
	void fileAlternativesOfSeveralImagesAreReadFromAMacro() throws Exception {
		// issue 11: RGB Composite's red_input= ... did nothing in a macro ("needs open images" with none open)
		File r = fits("r.fits", 16, 12, 3), g = fits("g.fits", 16, 12, 2), b = fits("b.fits", 16, 12, 1);
		File png = tmp.resolve("rgb.png").toFile(), report = tmp.resolve("rgb.txt").toFile();
		String files = "red_input=[" + r + "] green_input=[" + g + "] blue_input=[" + b + "] method=linear scale_min=0 scale_max=4";
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"run('RGB Composite...', '" + files + " output=[" + png + "]');",
			"v = getPixel(0, 0);",
			"File.saveString(((v >> 16) & 255) + ' ' + ((v >> 8) & 255) + ' ' + (v & 255) + ' ' + nImages, '" + report + "');"), null);
		// linear 0..4: 3, 2, 1 give 3/4, 2/4, 1/4 of 255 (floor(255 v))
		assertEquals("191 127 63 1", Files.readString(report.toPath()).trim());
		assertTrue(png.isFile());
		// with images open, a band given as a file is that file, the others are chosen by title
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"newImage('two', '32-bit black', 16, 12, 1); run('Set...', 'value=2');",
			"newImage('one', '32-bit black', 16, 12, 1); run('Set...', 'value=1');",
			"run('RGB Composite...', 'red_input=[" + r + "] green=two blue=one method=linear scale_min=0 scale_max=4');",
			"v = getPixel(0, 0);",
			"File.saveString(((v >> 16) & 255) + ' ' + ((v >> 8) & 255) + ' ' + (v & 255), '" + report + "');"), null);
		assertEquals("191 127 63", Files.readString(report.toPath()).trim());
	}

	@Test
	void findTransformAndAlignImagesTakeTheirFilesFromAMacro() throws Exception {
		// the same for Find Transform's input/reference_input and Align Images' reference_input, with no image open
		File night = tmp.resolve("night").toFile(), report = tmp.resolve("shift.txt").toFile();
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"run('Simulate Observation...', 'output=[" + night + "] width=160 height=128 stars=60 filters=V bias_frames=0 " +
				"dark_frames=0 flat_frames=0 science_frames=1 epoch2_frames=0');",
			"run('Shift Image...', 'input=[" + night + "/science_V_001.fits] dx=5 dy=-3 output=[" + night + "/shifted.fits]');",
			"close('*');",
			"run('Find Transform...', 'input=[" + night + "/shifted.fits] reference_input=[" + night + "/science_V_001.fits] " +
				"transform=translation');",
			"found = d2s(getResult('dx', 0), 0) + ' ' + d2s(getResult('dy', 0), 0);",
			"run('Align Images...', 'frames=[" + night + "/shifted.fits] reference_input=[" + night + "/science_V_001.fits] " +
				"transform=translation resample output=[" + night + "/aligned]');",
			"File.saveString(found + ' ' + d2s(getResult('dx', 0), 0) + ' ' + d2s(getResult('dy', 0), 0), '" + report + "');"), null);
		// the transform takes the frame onto the reference: back by the shift
		assertEquals("-5 3 -5 3", Files.readString(report.toPath()).trim());
		assertTrue(new File(night, "aligned/shifted_aligned.fits").isFile());
	}

	@Test
	void saveFitsConvertsAFileWithNoImageOpen() throws Exception {
		File in = fits("in.fits", 8, 6, 12.5f), out = tmp.resolve("out.fits.gz").toFile();
		HeadlessImageJ.runMacro("run('Save FITS...', 'input=[" + in + "] path=[" + out + "] bitpix=-64');", null);
		FitsImage back = FitsReader.read(out, null);
		assertEquals(-64, back.bitpix());
		assertEquals(12.5f, back.data()[0], 0);
	}

	@Test
	void saveFitsOverTheOpenedFileRefusesALossyCopy() throws Exception {
		// issue 11: 'Save FITS ... overwrite' onto the file it opened replaced the source with a lossy copy
		File in = fits("frame.fits", 8, 6, 12.5f);
		byte[] before = Files.readAllBytes(in.toPath());
		boolean[] failed = new boolean[1];
		String log = printed(String.join("\n", "setBatchMode(true);",
			"run('Open FITS...', 'path=[" + in + "]');",
			"run('Save FITS...', 'path=[" + in + "] bitpix=16 overwrite');"), failed);
		assertTrue(failed[0]);
		assertTrue(log.contains("Save FITS: path: " + in + " is the file frame.fits came from, and this copy rounds or clips 48 " +
			"pixel values (BITPIX 16); save to another file or with bitpix -32"), log);
		assertArrayEquals(before, Files.readAllBytes(in.toPath()));
	}

	private File fits(String name, int w, int h, float value) throws Exception {
		float[] a = new float[w * h];
		java.util.Arrays.fill(a, value);
		File f = tmp.resolve(name).toFile();
		FitsWriter.write(f, false, Hdu.image(Images.wrap(a, w, h), new FitsHeader()));
		return f;
	}
}
