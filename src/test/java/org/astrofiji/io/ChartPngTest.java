package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import org.astrofiji.core.Plot;

/** The legend never hides data when a corner is free: the light-curve case of the night report. */
class ChartPngTest {

	@Test
	void theLegendGoesWhereItHidesNoPoint() throws Exception {
		// blue's only point at the top right (where the legend used to be); the top left is empty
		Plot p = new Plot("light curves", "days", "flux").add("star 290", new double[] { 0, 30 }, new double[] { 1, 0.6 }, Plot.Style.POINTS,
			"red").add("star 113", new double[] { 30 }, new double[] { 1.6 }, Plot.Style.POINTS, "blue");
		File png = Files.createTempFile("chart", ".png").toFile();
		try {
			ChartPng.write(png, p, 520, 300, true);
			BufferedImage img = ImageIO.read(png);
			int blue = 0, swatch = 10 * 6;
			for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == 0x1f77b4) blue++;
			// the legend's swatch and the point (a 5 px disc): under the legend's veil it would not be pure blue
			assertTrue(blue >= swatch + 9, blue + " blue pixels");
		}
		finally {
			png.delete();
		}
	}
}
