package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.astrofiji.bench.CompositeBench;
import org.astrofiji.core.Images;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./astro run "RGB Composite" with FITS files, in-process. */
class CompositeCliTest {

	@TempDir
	Path tmp;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int astro(String... args) throws Exception {
		return Astro.main(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void headlessRunWritesPngAndFitsStack() throws Exception {
		for (String b : new String[] { "r", "g", "b" }) {
			FitsWriter.write(tmp.resolve(b + ".fits").toFile(), false, Hdu.image(Images.wrap(CompositeBench.band(64, 48, b.hashCode(),
				1), 64, 48), new FitsHeader().set("FILTER", b, "")));
		}
		String files = "red_input=" + tmp.resolve("r.fits") + ",green_input=" + tmp.resolve("g.fits") + ",blue_input=" +
			tmp.resolve("b.fits");
		File png = tmp.resolve("c.png").toFile(), stack = tmp.resolve("c.fits").toFile();
		assertEquals(0, astro("run", "RGB Composite", files + ",minimum=\"100,100,100\",stretch=500,q=8,output=" + png +
			",stack_output=" + stack), err.toString());
		assertTrue(out.toString().contains("RGB Composite (lupton minimum=100 stretch=500 Q=8): 64x48, red = r.fits, green = " +
			"g.fits, blue = b.fits; at 255: red "), out.toString());
		// output= was given: no hint to give it
		assertTrue(out.toString().contains("composite: 64x48 image\n") && !out.toString().contains("give output="), out.toString());
		assertEquals(64, ImageIO.read(png).getWidth());
		assertEquals(3, FitsReader.read(stack, null).depth());
		assertEquals("r", FitsReader.read(stack, null).header().getString("FILTER"));
		err.reset();
		assertEquals(1, astro("run", "RGB Composite", files + ",q=0"));
		assertEquals("error: RGB Composite: q must be > 0 (got 0.0)", err.toString().trim());
		err.reset();
		assertEquals(1, astro("run", "RGB Composite", files + ",method=hsv"));
		assertEquals("error: RGB Composite: method must be one of [lupton, classic, linear, log, sqrt] (got 'hsv')",
			err.toString().trim());
	}
}
