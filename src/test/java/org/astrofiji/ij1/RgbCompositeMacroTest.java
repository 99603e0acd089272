package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.Opener;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.astrofiji.command.SimulateObservationCommand;
import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.Composite;
import org.astrofiji.core.composite.Levels;
import org.astrofiji.core.composite.RgbComposer;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** macros/rgb_composite.ijm run headless on a simulated night, checked against the core composite. */
class RgbCompositeMacroTest {

	@TempDir
	static Path night;

	static FitsImage[] bands = new FitsImage[3];

	@BeforeAll
	static void simulate() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			context.service(CommandService.class).run(SimulateObservationCommand.class, false, "output", night.toFile(),
				"width", 200, "height", 150, "stars", 60, "bias_frames", 0, "dark_frames", 0, "flat_frames", 0,
				"science_frames", 1, "epoch2_frames", 0).get();
		}
		String[] f = { "R", "V", "B" };
		for (int c = 0; c < 3; c++) bands[c] = FitsReader.read(night.resolve("science_" + f[c] + "_001.fits").toFile(), null);
		try {
			HeadlessImageJ.runMacro(Files.readString(new File("macros", "rgb_composite.ijm").toPath()), night.toString());
		}
		finally {
			HeadlessImageJ.runMacro("close('*');", null); // the headless ImageJ is shared by the tests of this JVM
		}
	}

	static Channels channels() {
		return Channels.of(bands[0].pixels(), bands[1].pixels(), bands[2].pixels());
	}

	@Test
	void luptonPngIsTheCoreCompositeAtTheMacrosBlackPoints() throws Exception {
		List<String> lines = Files.readAllLines(night.resolve("composite/rgb_composite.csv"));
		String[] names = lines.get(0).split(","), values = lines.get(1).split(",");
		Map<String, String> row = new java.util.HashMap<>();
		for (int i = 0; i < names.length; i++) row.put(names[i], values[i]);
		assertEquals("science_R_001-composite", row.get("image"));
		assertEquals("200", row.get("width"));
		assertEquals("150", row.get("height"));
		assertEquals("24", row.get("bit_depth"));
		assertEquals("R", row.get("filter"), "the composite carries the red band's header");
		double[] min = new double[3];
		String[] keys = { "minimum_red", "minimum_green", "minimum_blue" };
		for (int c = 0; c < 3; c++) {
			min[c] = Double.parseDouble(row.get(keys[c]));
			// sky + 2 robust sigma: above the band's median, within 10 % of it
			double median = Levels.percentiles(bands[c].data(), 200, 1, 50)[0];
			assertTrue(min[c] > median && min[c] < 1.1 * median, keys[c] + " " + min[c] + " vs median " + median);
		}
		Composite c = new RgbComposer().minimum(min).stretch(400).q(8).apply(channels(), Progress.NONE);
		BufferedImage png = ImageIO.read(night.resolve("composite/rgb_lupton.png").toFile());
		int[] got = png.getRGB(0, 0, 200, 150, null, 0, 200);
		assertArrayEquals(c.argb(), got);
		assertTrue(c.saturated(0) > 0, "bright stars reach white");
	}

	@Test
	void classicTiffIsTheSeedsCompositeWithTheHeader() throws Exception {
		Composite c = new RgbComposer().method(RgbComposer.Method.CLASSIC).nonLinear(50).apply(channels(), Progress.NONE);
		ImagePlus tif = new Opener().openImage(night.resolve("composite/rgb_classic.tif").toString());
		assertEquals(ImagePlus.COLOR_RGB, tif.getType());
		int[] px = (int[]) tif.getProcessor().getPixels();
		for (int i = 0; i < px.length; i++) assertEquals(c.argb()[i] & 0xffffff, px[i] & 0xffffff, "pixel " + i);
		FitsHeader h = FitsCards.parse((String) tif.getProperty("Info"));
		assertEquals("R", h.getString("FILTER"));
		assertTrue(h.hasWcs(), "WCS of the red band");
		String history = String.join(" ", h.history());
		assertTrue(history.contains("RGB Composite: method=classic scales=1 minimum=0 stretch=5 q=8 scale_min=[] scale_max=[] " +
			"levels=sigma auto_low=0.75 auto_high=5 non_linear=50"), history);
		assertTrue(history.contains("red = science_R_001.fits, green = science_V_001.fits, blue = science_B_001.fits"), history);
	}
}
