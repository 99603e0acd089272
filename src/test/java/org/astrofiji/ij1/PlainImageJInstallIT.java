package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.astrofiji.testutil.VirtualDisplay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Images;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * The built plugin installed into a plain ImageJ exactly as the README says (ij.jar, the plugin jar in
 * plugins/, its dependencies in plugins/jars/; not through ./astro), driven by a macro that opens a
 * gzipped FITS frame, finds stars (and none on a frame without any), reads nResults and composites three
 * filters opened blue first without naming the bands: in {@code ImageJ -batch} with an X display (no
 * ImageJ window) and in GUI mode under Xvfb, where it ends on the Find Stars dialog over a zscale-displayed
 * frame and a screenshot is saved as {@code target/plain-imagej/screenshot.png}. An integration test: it
 * needs the packaged jar. Skipped where Xvfb is not installed.
 */
class PlainImageJInstallIT {

	static final File ROOT = new File("target/plain-imagej").getAbsoluteFile();
	static final File IMAGEJ = new File(ROOT, "ImageJ"), DATA = new File(ROOT, "data");

	@BeforeAll
	static void install() throws Exception {
		assumeTrue(VirtualDisplay.available(), "Xvfb not installed (apt-get install xvfb)");
		deleteTree(ROOT.toPath());
		File jars = new File(IMAGEJ, "plugins/jars");
		Files.createDirectories(jars.toPath());
		copy(new File("target/app/ij.jar"), new File(IMAGEJ, "ij.jar"));
		File[] plugin = new File("target").listFiles((d, n) -> n.matches("Astro_Fiji-[0-9.]+(-SNAPSHOT)?\\.jar"));
		assertTrue(plugin != null && plugin.length == 1, "the packaged plugin jar in target/");
		copy(plugin[0], new File(IMAGEJ, "plugins/" + plugin[0].getName()));
		for (File j : new File("target/app/jars").listFiles((d, n) -> n.endsWith(".jar"))) copy(j, new File(jars, j.getName()));
		// a small night: B, V, R frames of one field, V also gzipped, and a frame of noise only
		File night = new File(ROOT, "night");
		try (Context context = new Context(CommandService.class)) {
			Commands.run(context, "Simulate Observation", Map.of("output", night.getPath(), "width", "256", "height", "192",
				"stars", "60", "filters", "B,V,R", "bias_frames", "0", "dark_frames", "0", "flat_frames", "0",
				"science_frames", "1", "epoch2_frames", "0"));
		}
		Files.createDirectories(DATA.toPath());
		for (String b : new String[] { "B", "V", "R" }) copy(new File(night, "science_" + b + "_001.fits"), new File(DATA,
			"science_" + b + "_001.fits"));
		FitsWriter.write(new File(DATA, "science_V_001.fits.gz"), true, Hdu.of(FitsReader.readImage(new File(night,
			"science_V_001.fits").getPath())));
		float[] noise = new float[128 * 96];
		Random r = new Random(3);
		for (int i = 0; i < noise.length; i++) noise[i] = (float) (100 + 5 * r.nextGaussian());
		FitsWriter.write(new File(DATA, "no_stars.fits"), true, Hdu.image(Images.wrap(noise, 128, 96), null));
	}

	@Test
	void batchModeWithADisplay() throws Exception {
		File result = new File(DATA, "result.txt");
		Files.deleteIfExists(result.toPath());
		try (VirtualDisplay x = VirtualDisplay.start(new File(ROOT, "xvfb-batch.log"))) {
			finish(imageJ(List.of(java(), "-jar", "ij.jar", "-batch", macro(), DATA + "/"), x, "batch.log"), 300, "batch.log");
		}
		// in -batch, ImageJ's log goes to the console
		check(result, read("batch.log"));
	}

	@Test
	void guiModeUnderXvfbWithAScreenshot() throws Exception {
		File result = new File(DATA, "result.txt"), ready = new File(DATA, "ready.txt"), shot = new File(ROOT, "screenshot.png");
		for (File f : new File[] { result, ready, shot }) Files.deleteIfExists(f.toPath());
		try (VirtualDisplay x = VirtualDisplay.start(new File(ROOT, "xvfb.log"))) {
			Process ij = imageJ(List.of(java(), "-jar", "ij.jar", "-macro", macro(), DATA + "/ gui"), x, "gui.log");
			ProcessBuilder grab = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), ScreenGrab.class.getName(),
				ready.getPath(), shot.getPath(), "5000").redirectErrorStream(true).redirectOutput(new File(ROOT, "grab.log"));
			x.attach(grab);
			Process g = grab.start();
			boolean grabbed = g.waitFor(300, TimeUnit.SECONDS);
			Thread.sleep(1000);
			ij.destroyForcibly();
			assertTrue(grabbed && g.exitValue() == 0, "screenshot: " + read("grab.log") + "\n" + read("gui.log"));
		}
		check(result, "");
		BufferedImage img = ImageIO.read(shot);
		assertTrue(img != null && img.getWidth() == 1280, "screenshot saved: " + shot);
		// something is drawn: the dialog and the frame, not an empty screen
		int distinct = 0;
		java.util.Set<Integer> seen = new java.util.HashSet<>();
		for (int y = 0; y < img.getHeight(); y += 7) for (int xx = 0; xx < img.getWidth(); xx += 7) if (seen.add(img.getRGB(xx, y))) distinct++;
		assertTrue(distinct > 50, "the screenshot shows windows (" + distinct + " colours)");
	}

	/** Stars found on the gzipped frame, none on the noise frame, and red = the R frame though B was opened first. */
	private static void check(File result, String log) throws IOException {
		assertTrue(result.isFile(), "the macro wrote " + result + "\n" + read("batch.log") + read("gui.log"));
		String text = Files.readString(result.toPath()) + log;
		int stars = Integer.parseInt(text.replaceAll("(?s).*stars=(\\d+).*", "$1"));
		assertTrue(stars >= 30, "stars found on the gzipped frame: " + stars + "\n" + text);
		assertEquals("0", text.replaceAll("(?s).*none=(\\d+).*", "$1"), "no stars on the noise frame\n" + text);
		assertTrue(text.contains("red = science_R_001.fits, green = science_V_001.fits, blue = science_B_001.fits"), text);
		assertTrue(new File(DATA, "rgb.png").isFile());
	}

	private static Process imageJ(List<String> cmd, VirtualDisplay display, String log) throws IOException {
		return display.attach(new ProcessBuilder(cmd).directory(IMAGEJ).redirectErrorStream(true).redirectOutput(new File(ROOT, log)))
			.start();
	}

	private static void finish(Process p, int seconds, String log) throws Exception {
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("ImageJ did not finish in " + seconds + " s:\n" + read(log));
		}
		assertEquals(0, p.exitValue(), read(log));
	}

	private static String macro() throws IOException {
		File m = new File(ROOT, "install_check.ijm");
		if (!m.isFile()) Files.copy(PlainImageJInstallIT.class.getResourceAsStream("/plain-imagej/install_check.ijm"), m.toPath());
		return m.getPath();
	}

	private static String read(String log) {
		try {
			File f = new File(ROOT, log);
			return f.isFile() ? Files.readString(f.toPath()) : "";
		}
		catch (IOException e) {
			return "";
		}
	}

	private static String java() {
		return new File(System.getProperty("java.home"), "bin/java").getPath();
	}

	private static void copy(File from, File to) throws IOException {
		Files.copy(from.toPath(), to.toPath(), StandardCopyOption.REPLACE_EXISTING);
	}

	private static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p)) return;
		List<Path> all = new ArrayList<>();
		try (var s = Files.walk(p)) {
			s.forEach(all::add);
		}
		for (int i = all.size() - 1; i >= 0; i--) Files.delete(all.get(i));
	}
}
