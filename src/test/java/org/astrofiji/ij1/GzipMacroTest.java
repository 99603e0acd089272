package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: the shipped STIS macro on a {@code .fits.gz} as the first FITS read of a fresh
 * JVM, through {@code astro macro} exactly as the launcher runs it (ImageJ, the plugin jar and its
 * jars, ij1-patcher's class loader). nom-tam's own gzip support is found through the thread's context
 * class loader, which there cannot see it: every gzip file failed with "holds no HDU" while the same
 * file opened in a JVM where something had read a gzip file before (as in the other macro tests).
 */
class GzipMacroTest {

	@TempDir
	static Path tmp;

	private static File app;

	/** The launcher's application layout (ij.jar, plugins/Astro_Fiji.jar, jars/) from the test classpath. */
	@BeforeAll
	static void appLayout() throws IOException {
		app = tmp.resolve("app").toFile();
		Files.createDirectories(tmp.resolve("app/plugins"));
		Files.createDirectories(tmp.resolve("app/jars"));
		jar(new File("target/classes").toPath(), tmp.resolve("app/plugins/Astro_Fiji-test.jar"));
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			File f = new File(entry);
			String n = f.getName();
			if (!n.endsWith(".jar") || n.matches("(junit|opentest4j|apiguardian|surefire|common-java5|common-java).*")) continue;
			Path link = n.matches("ij-\\d.*") ? tmp.resolve("app/ij.jar") : tmp.resolve("app/jars/" + n);
			if (!Files.exists(link)) Files.createSymbolicLink(link, f.toPath().toAbsolutePath());
		}
		assertTrue(new File(app, "ij.jar").exists(), "ImageJ on the test classpath");
	}

	private static void jar(Path classes, Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> all = Files.walk(classes)) {
			for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
				out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
				Files.copy(p, out);
				out.closeEntry();
			}
		}
	}

	/** {@code astro macro macros/stis_spectrum.ijm dir} in a new JVM; returns its console output. */
	private static String astroMacro(Path dir) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true", "-Dastrofiji.app=" + app, "-cp",
			String.join(File.pathSeparator, new File(app, "ij.jar").getPath(),
				new File(app, "plugins/Astro_Fiji-test.jar").getPath(), new File(app, "jars/*").getPath()),
			"org.astrofiji.cli.Astro", "macro", "macros/stis_spectrum.ijm", dir.toString()));
		Path log = dir.resolve("astro.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "astro macro did not finish");
		String out = Files.readString(log);
		assertEquals(0, p.exitValue(), out);
		return out;
	}

	/**
	 * A gzip MEF the test writes itself (so this runs without ../shared): SCI is a ramp along the
	 * columns (which the quadratic background fit removes exactly) plus 5 + 0.1 x in rows 250-259, so
	 * the spectrum is 50 + x at column x; ERR is 1.
	 */
	@Test
	void stisMacroOnAGzipFileWrittenHere() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("own"));
		int w = 40, h = 512;
		float[] sci = new float[w * h], err = new float[w * h];
		for (int r = 0; r < h; r++) {
			for (int x = 0; x < w; x++) {
				int i = (h - 1 - r) * w + x; // FITS row r in ImageJ orientation
				sci[i] = 100 + 0.5f * r + (r >= 250 && r <= 259 ? 5 + 0.1f * x : 0);
				err[i] = 1;
			}
		}
		FitsWriter.write(dir.resolve("3c120_stis.fits.gz").toFile(), false, List.of(Hdu.empty(new FitsHeader()),
			Hdu.image(Images.wrap(sci, w, h), null).withExtname("SCI"), Hdu.image(Images.wrap(err, w, h), null).withExtname("ERR")));
		String out = astroMacro(dir);
		assertTrue(out.contains("STIS 3C120: spectrum of rows 250-259 over 40 columns"), out);
		Table manual = CsvTables.read(dir.resolve("stis_spectrum_macro.csv").toFile());
		Table spectrum = CsvTables.read(dir.resolve("stis_spectrum.csv").toFile());
		assertEquals(w, spectrum.rowCount());
		for (int x = 0; x < w; x++) {
			assertEquals(50 + x, manual.getDouble(x, "flux"), 2e-3, "column " + x);
			assertEquals(50 + x, spectrum.getDouble(x, "flux"), 2e-3, "column " + x);
		}
	}

	/** The shared HST/STIS frame, as the README runs the macro; compared with the seed recipe's spectrum. */
	@Test
	void stisMacroOnTheSharedStisFrame() throws Exception {
		File stis = SharedData.file("hst-stis-3c120-longslit/3c120_stis.fits.gz");
		Path dir = Files.createDirectories(tmp.resolve("shared"));
		Files.createSymbolicLink(dir.resolve("3c120_stis.fits.gz"), stis.toPath().toAbsolutePath());
		astroMacro(dir);
		List<Map<String, String>> expected = SharedData.csv("/expected/background/stis_spectrum.csv");
		Table spectrum = CsvTables.read(dir.resolve("stis_spectrum.csv").toFile());
		assertEquals(expected.size(), spectrum.rowCount());
		for (int c = 0; c < expected.size(); c++) {
			double e = Double.parseDouble(expected.get(c).get("flux"));
			assertEquals(e, spectrum.getDouble(c, "flux"), 1e-4 * Math.abs(e), "column " + c);
		}
	}
}
