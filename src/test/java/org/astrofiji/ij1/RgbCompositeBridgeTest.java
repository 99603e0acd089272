package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.Composite;
import org.astrofiji.core.composite.RgbComposer;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge with a command of three image inputs, driven by macro lines: each image is chosen by
 * title, the file alternatives are not asked for, and the ARGB result becomes an RGB image with the
 * red band's header.
 */
class RgbCompositeBridgeTest {

	@TempDir
	Path tmp;

	/** The headless ImageJ is shared by the tests of this JVM: leave no image open. */
	@AfterEach
	void closeImages() throws Exception {
		HeadlessImageJ.runMacro("close('*');", null);
	}

	static float[] band(int w, int h, double scale) {
		float[] a = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) a[y * w + x] = (float) (scale * (x * 3 + y * y % 17));
		return a;
	}

	@Test
	void threeImagesByTitleGiveAnRgbImageWithTheRedHeader() throws Exception {
		int w = 20, h = 12;
		float[][] bands = { band(w, h, 1), band(w, h, 0.7), band(w, h, 0.4) };
		String[] names = { "r.fits", "g.fits", "b.fits" };
		for (int c = 0; c < 3; c++) FitsWriter.write(tmp.resolve(names[c]).toFile(), false, Hdu.image(Images.wrap(bands[c], w, h),
			new FitsHeader().set("FILTER", "RGB".substring(c, c + 1), "").set("CRPIX1", 10.0 + c, "")));
		File report = tmp.resolve("report.txt").toFile();
		HeadlessImageJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"for (i = 0; i < 3; i++) run('Open FITS...', 'path=[" + tmp + "/' + substring('rgb', i, i + 1) + '.fits]');",
			"run('RGB Composite...', 'red=r.fits green=g.fits blue=b.fits minimum=1 stretch=30 q=4');",
			"v = getPixel(7, 3);",
			"File.saveString(getTitle() + ' ' + bitDepth() + ' ' + ((v >> 16) & 255) + ' ' + ((v >> 8) & 255) + ' ' + (v & 255) + ' ' +" +
				" Property.get('FILTER') + ' ' + Property.get('CRPIX1'), '" + report + "');"), null);
		Composite c = new RgbComposer().minimum(1).stretch(30).q(4).apply(Channels.of(w, h, bands[0], bands[1], bands[2]),
			Progress.NONE);
		assertEquals("r-composite 24 " + c.value(0, 7, 3) + " " + c.value(1, 7, 3) + " " + c.value(2, 7, 3) + " R 10",
			Files.readString(report.toPath()).trim());
		assertTrue(c.value(0, 7, 3) > 0, "a pixel with colour");
	}

	@Test
	void aStackAsABandStopsTheMacro() throws Exception {
		int w = 8, h = 6;
		FitsWriter.write(tmp.resolve("a.fits").toFile(), false, Hdu.image(Images.wrap(band(w, h, 1), w, h), null));
		File reached = tmp.resolve("reached.txt").toFile();
		try {
			HeadlessImageJ.runMacro(String.join("\n",
				"setBatchMode(true);",
				"run('Open FITS...', 'path=[" + tmp + "/a.fits]');",
				"newImage('other', '32-bit black', 8, 6, 3);",
				"run('RGB Composite...', 'red=a.fits green=a.fits blue=other');",
				"File.saveString('reached', '" + reached + "');"), null);
		}
		catch (AssertionError expected) {
			// aborted: what should happen
		}
		assertTrue(!reached.exists(), "the macro went on after the error");
	}
}
