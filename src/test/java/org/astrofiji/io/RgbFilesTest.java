package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.Opener;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/** PNG and TIFF colour pictures: exact pixels, orientation, the header in the file, atomic and safe writes. */
class RgbFilesTest {

	@TempDir
	Path tmp;

	static int[] pixels(int w, int h) {
		int[] p = new int[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) p[y * w + x] = 0xff000000 | (x * 40) << 16 | (y * 50) << 8 | (x + y) * 7;
		return p;
	}

	static FitsHeader header() {
		return new FitsHeader().set("OBJECT", "M 13", "").set("CRPIX1", 12.5, "").set("CTYPE1", "RA---TAN", "")
			.addHistory("Astro Fiji RGB Composite: method=lupton");
	}

	@Test
	void pngHoldsThePixelsTopRowFirstAndTheHeader() throws Exception {
		File f = tmp.resolve("c.png").toFile();
		int[] p = pixels(5, 4);
		RgbFiles.write(f, false, p, 5, 4, header());
		BufferedImage back = ImageIO.read(f);
		assertEquals(5, back.getWidth());
		assertEquals(4, back.getHeight());
		assertEquals(3, back.getColorModel().getNumComponents(), "RGB, no alpha");
		for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) assertEquals(p[y * 5 + x] & 0xffffff, back.getRGB(x, y) & 0xffffff);
		String comment = pngText(f, "Comment");
		assertTrue(comment.contains("OBJECT  = 'M 13"), comment);
		assertTrue(comment.contains("CTYPE1  = 'RA---TAN'"), comment);
		assertTrue(pngText(f, "Software").startsWith("Astro Fiji"));
	}

	@Test
	void tiffOpensInImageJWithTheHeaderAsInfo() throws Exception {
		File f = tmp.resolve("c.tif").toFile();
		int[] p = pixels(6, 3);
		RgbFiles.write(f, false, p, 6, 3, header());
		ImagePlus imp = new Opener().openImage(f.getPath());
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		int[] back = (int[]) imp.getProcessor().getPixels();
		for (int i = 0; i < p.length; i++) assertEquals(p[i] & 0xffffff, back[i] & 0xffffff, "pixel " + i);
		FitsHeader h = FitsCards.parse((String) imp.getProperty("Info"));
		assertEquals("M 13", h.getString("OBJECT"));
		assertEquals(12.5, h.getDouble("CRPIX1"), 0);
		assertTrue(h.hasWcs());
		assertEquals("Astro Fiji RGB Composite: method=lupton", h.history().get(0));
		BufferedImage viaImageIO = ImageIO.read(f);
		assertEquals(p[7] & 0xffffff, viaImageIO.getRGB(1, 1) & 0xffffff);
	}

	@Test
	void badNamesAndExistingFilesAreRefusedAndNothingIsLeftBehind() throws Exception {
		File fits = tmp.resolve("c.fits").toFile();
		assertTrue(assertThrows(IOException.class, () -> RgbFiles.write(fits, false, pixels(2, 2), 2, 2, null)).getMessage()
			.contains(".png, .tif or .tiff"));
		File png = tmp.resolve("c.png").toFile();
		RgbFiles.write(png, false, pixels(2, 2), 2, 2, null);
		assertTrue(assertThrows(IOException.class, () -> RgbFiles.write(png, false, pixels(2, 2), 2, 2, null)).getMessage()
			.contains("already exists"));
		RgbFiles.write(png, true, pixels(3, 1), 3, 1, null);
		assertEquals(3, ImageIO.read(png).getWidth());
		try (var files = Files.list(tmp)) {
			assertFalse(files.anyMatch(x -> x.getFileName().toString().endsWith(".part")), "temporary file left behind");
		}
	}

	static String pngText(File f, String keyword) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(f)) {
			ImageReader r = ImageIO.getImageReaders(in).next();
			r.setInput(in);
			IIOMetadata md = r.getImageMetadata(0);
			Node root = md.getAsTree("javax_imageio_png_1.0");
			for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
				if (!n.getNodeName().equals("tEXt")) continue;
				for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
					if (keyword.equals(e.getAttributes().getNamedItem("keyword").getNodeValue())) {
						return e.getAttributes().getNamedItem("value").getNodeValue();
					}
				}
			}
		}
		return "";
	}
}
