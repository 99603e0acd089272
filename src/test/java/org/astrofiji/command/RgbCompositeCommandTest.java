package org.astrofiji.command;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.FitsCards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.Composite;
import org.astrofiji.core.composite.RgbComposer;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.MemoryNight;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** RGB Composite through SciJava's CommandService, as scripts and headless runs call it. */
class RgbCompositeCommandTest {

	static Context context;
	static CommandService commands;
	static MemoryNight night;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		var s = MemoryNight.small();
		s.width = 96;
		s.height = 64;
		s.filters = new ArrayList<>(List.of("B", "V", "R"));
		s.cosmics = 0;
		night = MemoryNight.simulate(s);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@SuppressWarnings("unchecked")
	static AstroImage astro(Img<?> img) {
		return AstroImage.of(null, (Img<net.imglib2.type.numeric.real.FloatType>) img, null);
	}

	static Img<?> band(String filter) {
		return Images.wrap(night.image("truth/ideal_" + filter).clone(), 96, 64);
	}

	CommandModule run(Object... args) throws Exception {
		return commands.run(RgbCompositeCommand.class, false, args).get();
	}

	@Test
	void openImagesGiveTheCoreCompositeWithTheRedHeaderAndHistory() throws Exception {
		FitsHeader red = new FitsHeader().set("FILTER", "R", "").set("CTYPE1", "RA---TAN", "").set("CRPIX1", 48.0, "")
			.setSource("science_R.fits");
		CommandModule m = run("red", AstroImage.of("science_R.fits", night.image("truth/ideal_R").clone(), 96, 64, red), "green", band("V"),
			"blue", band("B"), "method", "classic", "non_linear", 50.0, "output", tmp.resolve("classic.tif").toFile());
		@SuppressWarnings("unchecked")
		Img<ARGBType> rgb = (Img<ARGBType>) m.getOutput("composite");
		Composite expected = new RgbComposer().method(RgbComposer.Method.CLASSIC).nonLinear(50)
			.apply(Channels.of(96, 64, night.image("truth/ideal_R"), night.image("truth/ideal_V"), night.image("truth/ideal_B")),
				Progress.NONE);
		int[] got = new int[96 * 64];
		int i = 0;
		for (ARGBType t : rgb) got[i++] = t.get();
		assertArrayEquals(expected.argb(), got);
		FitsHeader h = FitsCards.parse((String) new ij.io.Opener().openImage(tmp.resolve("classic.tif").toString()).getProperty("Info"));
		assertEquals("R", h.getString("FILTER"));
		assertTrue(h.hasWcs(), "the pixel grid is the red band's: its WCS stays");
		String history = String.join(" ", h.history());
		assertTrue(history.contains("RGB Composite: method=classic scales=1 minimum=0 stretch=5 q=8"), history);
		assertTrue(history.contains("red = science_R.fits, green = green, blue = blue"), history);
		assertTrue(history.contains("RGB composite classic scale_min=auto scale_max=auto levels=sigma"), history);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("RGB Composite (classic "), summary);
		assertTrue(summary.contains("96x64"), summary);
		assertNull(m.getOutput("stack"), "no float stack unless stack_output is given");
		// levels: mean + 0.75 std .. mean + 5 std of each band (the seed)
		double[] ms = org.astrofiji.core.composite.Levels.meanStd(night.image("truth/ideal_V"), 96, 1);
		assertEquals(ms[0] + 0.75 * ms[1], expected.low(1), 1e-9 * ms[0]);
		assertTrue(history.contains(String.format(java.util.Locale.ROOT, "green levels %.8g", expected.low(1))), history);
	}

	@Test
	void bandsOfDifferentPixelTypesAreUsedAsFloatAndNoted() throws Exception {
		float[] v = night.image("truth/ideal_V");
		short[] u16 = new short[v.length];
		for (int i = 0; i < v.length; i++) u16[i] = (short) Math.min(65535, Math.round(v[i]));
		float[] rounded = new float[v.length];
		for (int i = 0; i < v.length; i++) rounded[i] = u16[i] & 0xffff;
		CommandModule m = run("red", band("R"), "green", ArrayImgs.unsignedShorts(u16, 96, 64), "blue", band("B"), "stretch", 3000.0);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("note: the bands have different pixel types (float, 16-bit, float), all used as 32-bit float"),
			summary);
		CommandModule f = run("red", band("R"), "green", Images.wrap(rounded, 96, 64), "blue", band("B"), "stretch", 3000.0);
		@SuppressWarnings("unchecked")
		Img<ARGBType> a = (Img<ARGBType>) m.getOutput("composite"), b = (Img<ARGBType>) f.getOutput("composite");
		var cb = b.cursor();
		for (ARGBType t : a) assertEquals(cb.next().get(), t.get());
		assertFalse(((String) f.getOutput("summary")).contains("note:"));
	}

	@Test
	void filesInPngTiffAndFloatStackOut() throws Exception {
		File dir = tmp.toFile();
		String[] names = { "r.fits", "g.fits", "b.fits" };
		String[] filters = { "R", "V", "B" };
		for (int c = 0; c < 3; c++) {
			FitsWriter.write(new File(dir, names[c]), false, Hdu.image(Images.wrap(night.image("truth/ideal_" + filters[c]), 96, 64),
				new FitsHeader().set("FILTER", filters[c], "").set("CTYPE1", "RA---TAN", "")));
		}
		File png = new File(dir, "c.png"), tif = new File(dir, "c.tif"), stack = new File(dir, "c_stack.fits");
		CommandModule m = run("red_input", new File(dir, "r.fits"), "green_input", new File(dir, "g.fits"), "blue_input",
			new File(dir, "b.fits"), "minimum", "100, 80, 60", "stretch", 2000.0, "q", 9.0, "output", png, "stack_output", stack);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("red = r.fits, green = g.fits, blue = b.fits"), summary);
		assertTrue(summary.contains("wrote " + png) && summary.contains("wrote " + stack), summary);
		Composite c = new RgbComposer().minimum(100, 80, 60).stretch(2000).q(9).keepFloats(true).apply(
			Channels.of(96, 64, night.image("truth/ideal_R"), night.image("truth/ideal_V"), night.image("truth/ideal_B")),
			Progress.NONE);
		BufferedImage back = ImageIO.read(png);
		for (int y = 0; y < 64; y++) for (int x = 0; x < 96; x++) assertEquals(c.argb()[y * 96 + x] & 0xffffff,
			back.getRGB(x, y) & 0xffffff);
		FitsImage s = FitsReader.read(stack, null);
		assertEquals(3, s.depth());
		float[][] planes = Images.planes(s.pixels());
		for (int k = 0; k < 3; k++) assertArrayEquals(c.planes()[k], planes[k]);
		assertEquals("R", s.header().getString("FILTER"));
		assertTrue(String.join(" ", s.header().history()).contains("lupton minimum=100,80,60 stretch=2000 Q=9"));
		// the same again as TIFF; existing files need overwrite
		run("red_input", new File(dir, "r.fits"), "green_input", new File(dir, "g.fits"), "blue_input", new File(dir, "b.fits"),
			"minimum", "100,80,60", "stretch", 2000.0, "q", 9.0, "output", tif);
		assertEquals(c.argb()[5 * 96 + 7] & 0xffffff, ImageIO.read(tif).getRGB(7, 5) & 0xffffff);
		Exception e = assertThrows(Exception.class, () -> run("red_input", new File(dir, "r.fits"), "green_input",
			new File(dir, "g.fits"), "blue_input", new File(dir, "b.fits"), "output", png));
		assertTrue(Commands.rootCause(e).getMessage().contains("already exists"), Commands.rootCause(e).getMessage());
	}

	@Test
	void thePngShowsNorthUpExactlyAsTheOraclesPng() throws Exception {
		File d = SharedData.dir("sdss-gri-lupton");
		File png = tmp.resolve("sdss.png").toFile();
		run("red_input", new File(d, "reprojected_sdss_i.fits"), "green_input", new File(d, "reprojected_sdss_r.fits"),
			"blue_input", new File(d, "reprojected_sdss_g.fits"), "output", png);
		BufferedImage ours = ImageIO.read(png), oracle;
		try (InputStream in = getClass().getResourceAsStream("/expected/composite/lupton_sdss_s5_q8.png")) {
			oracle = ImageIO.read(in);
		}
		assertEquals(oracle.getWidth(), ours.getWidth());
		assertEquals(oracle.getHeight(), ours.getHeight());
		int differ = 0;
		for (int y = 0; y < ours.getHeight(); y++) for (int x = 0; x < ours.getWidth(); x++) {
			if ((ours.getRGB(x, y) & 0xffffff) != (oracle.getRGB(x, y) & 0xffffff)) differ++;
		}
		assertEquals(0, differ, "pixels of our PNG that differ from the oracle's PNG (make_lupton_rgb, origin lower)");
		// and it is not symmetric: flipped, it would differ
		int flipped = 0;
		for (int x = 0; x < ours.getWidth(); x++) if (ours.getRGB(x, 0) != oracle.getRGB(x, ours.getHeight() - 1)) flipped++;
		assertTrue(flipped > 0);
	}

	@Test
	void previewIsTheCompositeOfEveryStepThPixelWithFullImageLevels() throws Exception {
		for (String method : new String[] { "lupton", "classic", "sqrt" }) {
			RgbCompositeCommand cmd = new RgbCompositeCommand();
			context.inject(cmd);
			CommandModule full = run("red", band("R"), "green", band("V"), "blue", band("B"), "method", method,
				"stretch", 3000.0, "minimum", "120");
			set(cmd, "red", astro(band("R")));
			set(cmd, "green", astro(band("V")));
			set(cmd, "blue", astro(band("B")));
			set(cmd, "method", method);
			set(cmd, "stretch", 3000.0);
			set(cmd, "minimum", "120");
			RandomAccessibleInterval<?> p = cmd.preview(40); // 96x64 -> every 3rd pixel: 32x22
			assertEquals(32, p.dimension(0), method);
			assertEquals(22, p.dimension(1), method);
			@SuppressWarnings("unchecked")
			Img<ARGBType> f = (Img<ARGBType>) full.getOutput("composite");
			var pa = ((RandomAccessibleInterval<ARGBType>) p).randomAccess();
			var fa = f.randomAccess();
			for (int y = 0; y < 22; y++) for (int x = 0; x < 32; x++) {
				pa.setPosition(new long[] { x, y });
				fa.setPosition(new long[] { 3 * x, 3 * y });
				assertEquals(fa.get().get(), pa.get().get(), method + " at " + x + "," + y);
			}
		}
	}

	static void set(Object o, String field, Object value) throws Exception {
		var f = RgbCompositeCommand.class.getDeclaredField(field);
		f.setAccessible(true);
		f.set(o, value);
	}

	@Test
	void badInputIsNamed() throws Exception {
		Img<?> r = band("R"), g = band("V"), b = band("B");
		assertEquals("red (red) (96x64) and green (green) (96x32) differ in size; the channels must be aligned images of one size",
			message("red", r, "green", Images.wrap(new float[96 * 32], 96, 32), "blue", b));
		assertTrue(message("red", r, "green", g, "blue", ArrayImgs.floats(96, 64, 3)).startsWith(
			"blue (blue) must be a single 2-D image, got 3-D (96x64x3)"));
		assertEquals("q must be > 0 (got 0.0)", message("red", r, "green", g, "blue", b, "q", 0.0));
		assertEquals("q must be > 0 (got -1.0)", message("red", r, "green", g, "blue", b, "q", -1.0));
		assertEquals("stretch must be > 0 (got 0.0)", message("red", r, "green", g, "blue", b, "stretch", 0.0));
		assertEquals("scale_max must be greater than scale_min for green (green) (got 5 and 5)", message("red", r, "green", g,
			"blue", b, "method", "classic", "scale_min", "1,5,1", "scale_max", "9,5,9"));
		assertEquals("scale_max must be greater than scale_min for red (red) (got 10 and 2)", message("red", r, "green", g,
			"blue", b, "method", "linear", "scale_min", "10", "scale_max", "2"));
		float[] nan = new float[96 * 64];
		Arrays.fill(nan, Float.NaN);
		assertEquals("blue (blue): every pixel is NaN or infinite (no data)", message("red", r, "green", g, "blue",
			Images.wrap(nan, 96, 64)));
		float[] flat = new float[96 * 64];
		Arrays.fill(flat, 7);
		assertTrue(message("red", Images.wrap(flat, 96, 64), "green", g, "blue", b, "method", "classic").startsWith(
			"scale_max must be greater than scale_min for red (red) (got 7 and 7, sigma"));
		assertEquals("minimum: give 1 value or 3 (red, green, blue), got 2", message("red", r, "green", g, "blue", b,
			"minimum", "1,2"));
		assertEquals("minimum: 'abc' is not a number (give one value or three, red,green,blue)", message("red", r, "green", g,
			"blue", b, "minimum", "abc"));
		assertEquals("non_linear must be > 0 (got 0.0)", message("red", r, "green", g, "blue", b, "method", "classic",
			"non_linear", 0.0));
		assertEquals("scales must be > 0 (got -2.0)", message("red", r, "green", g, "blue", b, "scales", "1,-2,1"));
		assertEquals("green: no image; choose an open image or give green_input (a FITS file)", message("red", r, "blue", b));
		assertTrue(message("red", r, "green", g, "blue", b, "output", tmp.resolve("c.jpg").toFile()).startsWith(
			"output must end in .png, .tif or .tiff (got c.jpg)"));
		assertTrue(message("red_input", tmp.resolve("missing.fits").toFile(), "green", g, "blue", b).startsWith(
			"FITS file not found: "));
		// an input is never overwritten, and a failed run leaves no output behind
		File in = tmp.resolve("in.png").toFile();
		File fits = tmp.resolve("in.fits").toFile();
		FitsWriter.write(fits, false, Hdu.image(Images.wrap(night.image("truth/ideal_R"), 96, 64), null));
		assertTrue(message("red_input", fits, "green", g, "blue", b, "stack_output", fits, "overwrite", true).contains(
			"is an input of this command"));
		assertTrue(message("red", r, "green", g, "blue", b, "q", 0.0, "output", in).startsWith("q must be"));
		assertFalse(in.exists());
		try (var files = Files.list(tmp)) {
			assertEquals(1, files.count(), "only in.fits");
		}
	}

	String message(Object... args) {
		Exception e = assertThrows(Exception.class, () -> run(args));
		return Commands.rootCause(e).getMessage();
	}
}
