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
}
