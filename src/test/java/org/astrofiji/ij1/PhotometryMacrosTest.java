package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.cli.DemoSeries;
import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The photometry macros of macros/ run headless as users run them (ij1-patcher, as Fiji's --headless)
 * on a simulated night and the demo's time series, checked by what they write (the point selection
 * of aperture_photometry.ijm reaches the command through the bridge's points input).
 */
class PhotometryMacrosTest {

	@TempDir
	static Path night;

	static String[] run(String macro, String arg, String report) throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", macro).toPath()), arg);
		return Files.readString(Path.of(arg).resolve(report)).trim().split(",");
	}

	@BeforeAll
	static void simulateNight() throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "simulate_night.ijm").toPath()), night.toString());
	}

	static int nearest(Table t, double x, double y, String xc, String yc) {
		int best = -1;
		double d = 1e9;
		for (int r = 0; r < t.rowCount(); r++) {
			double e = Math.hypot(t.getDouble(r, xc) - x, t.getDouble(r, yc) - y);
			if (e < d) {
				d = e;
				best = r;
			}
		}
		return best;
	}

	@Test
	void aperturePhotometryOfDetectedAndMarkedStars() throws Exception {
		String[] r = run("aperture_photometry.ijm", night.toString(), "photometry/aperture_photometry.txt");
		Table t = CsvTables.read(night.resolve("photometry/science_V_001_phot.csv").toFile());
		int stars = Integer.parseInt(r[1]);
		assertEquals("science_V_001", r[0]);
		assertEquals(t.rowCount(), stars, "nResults is the CSV's row count");
		assertTrue(stars > 100, stars + " stars");
		assertEquals(3 * stars, Integer.parseInt(r[2]), "a circle and the annulus' two circles per star on the frame");
		double x = Double.parseDouble(r[3]), y = Double.parseDouble(r[4]), flux = Double.parseDouble(r[5]);
		int row = nearest(t, x, y, "x", "y");
		assertEquals(t.getDouble(row, "net_flux"), flux, 1e-6 * flux);
		// the marked star: the same star, measured alone
		assertEquals(1, Integer.parseInt(r[7]));
		assertEquals(flux, Double.parseDouble(r[6]), 1e-4 * flux);
		// it is a star of the night's truth
		Table truth = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		int s = nearest(truth, x, y, "x", "y");
		assertEquals(0, Math.hypot(truth.getDouble(s, "x") - x, truth.getDouble(s, "y") - y), 0.2);
		long regions = Files.readAllLines(night.resolve("photometry/science_V_001_phot.reg")).stream().filter(l -> l.startsWith(
			"circle(")).count();
		assertEquals(stars, regions);
	}

	@Test
	void colourMagnitudeDiagramFollowsTheTrueColours() throws Exception {
		String[] r = run("colour_magnitude.ijm", night.toString(), "photometry/colour_magnitude.txt");
		Table t = CsvTables.read(night.resolve("photometry/cmd.csv").toFile());
		assertEquals(t.rowCount(), Integer.parseInt(r[0]));
		assertTrue(night.resolve("photometry/cmd.png").toFile().length() > 1000, "the diagram as PNG");
		// raw frames (bias in the sky, each band's own flat response, cosmic rays, neighbours): the instrumental
		// B-V of the bright unflagged stars is their true colour (the simulator's B and V counts differ by it)
		Table truth = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		List<double[]> pairs = new ArrayList<>();
		for (int k = 0; k < t.rowCount(); k++) {
			if (t.getDouble(k, "flags_B") != 0 || t.getDouble(k, "flags_V") != 0 || t.getDouble(k, "mag_V_err") > 0.02) continue;
			int s = nearest(truth, t.getDouble(k, "x"), t.getDouble(k, "y"), "x", "y");
			if (Math.hypot(truth.getDouble(s, "x") - t.getDouble(k, "x"), truth.getDouble(s, "y") - t.getDouble(k, "y")) > 0.5) continue;
			pairs.add(new double[] { truth.getDouble(s, "colour"), t.getDouble(k, "B-V") });
		}
		assertTrue(pairs.size() >= 25, pairs.size() + " bright stars");
		double[] d = new double[pairs.size()];
		for (int i = 0; i < d.length; i++) d[i] = pairs.get(i)[1] - pairs.get(i)[0];
		Arrays.sort(d);
		double offset = d[d.length / 2];
		double[] dev = new double[d.length];
		int within = 0;
		for (int i = 0; i < d.length; i++) {
			dev[i] = Math.abs(d[i] - offset);
			if (dev[i] < 0.1) within++;
		}
		Arrays.sort(dev);
		double sigma = 1.4826 * dev[dev.length / 2];
		System.out.printf("B-V of %d bright stars: median offset from the true colour %.4f, robust sigma %.4f, %d within 0.1 mag%n",
			d.length, offset, sigma, within);
		assertTrue(Math.abs(offset) < 0.03 && sigma < 0.03 && within >= 0.9 * d.length, offset + " " + sigma + " " + within);
	}

	/** Without image=, the first band is the active image (as for one-image commands); no third band unless chosen. */
	@Test
	void colourMagnitudeDiagramOnTheActiveImage() throws Exception {
		Path out = night.resolve("cmd_active.csv");
		HeadlessImageJ.runMacro("setBatchMode(true);\nrun(\"Open FITS...\", \"path=[" + night.resolve("science_V_001.fits") + "]\");\n" +
			"run(\"Open FITS...\", \"path=[" + night.resolve("science_B_001.fits") + "]\");\n" +
			"run(\"Colour-Magnitude Diagram...\", \"image2=science_V_001.fits table_file=[" + out + "] overwrite\");\n", "");
		Table t = CsvTables.read(out.toFile());
		assertTrue(t.hasColumn("B-V") && !t.hasColumn("mag_R") && t.rowCount() > 100, t.columns() + ", " + t.rowCount() + " rows");
	}

	@Test
	void radialProfileOfPrAnnuliEqualsTheSeedLoop() throws Exception {
		String[] r = run("radial_profile.ijm", night.toString(), "photometry/radial_profile.txt");
		double x = Double.parseDouble(r[0]), y = Double.parseDouble(r[1]);
		assertEquals(4, Integer.parseInt(r[2]));
		assertTrue(Double.parseDouble(r[3]) > Double.parseDouble(r[4]), "brighter in the middle");
		assertEquals(15, Integer.parseInt(r[5]));
		Table annuli = CsvTables.read(night.resolve("photometry/profile_annuli.csv").toFile());
		float[] img = FitsReader.read(night.resolve("science_V_001.fits").toFile(), null).data();
		int w = 512, h = 512;
		double[][] edges = { { 0, 2 }, { 2, 4 }, { 4, 8 }, { 8, 16 } };
		for (int k = 0; k < 4; k++) {
			int n = 0;
			double sum = 0;
			// the seed's loop over the FITS array with its axes corrected
			for (int row = 0; row < h; row++) {
				for (int col = 0; col < w; col++) {
					double d = Math.hypot(col + 1 - x, row + 1 - y);
					if (edges[k][0] < d && d < edges[k][1]) {
						n++;
						sum += img[Coordinates.memoryRow(row, h) * w + col];
					}
				}
			}
			assertEquals(n, (int) annuli.getDouble(k, "pixels"), "annulus " + k);
			assertEquals(sum, annuli.getDouble(k, "sum"), 1e-9 * sum, "annulus " + k);
		}
	}

	@Test
	void lightCurveOfTheDemoSeries() throws Exception {
		Path series = night.resolve("series");
		Files.createDirectories(series);
		DemoSeries.write(series.toFile(), true);
		String[] r = run("light_curve.ijm", series.toString(), "light_curve.txt");
		assertEquals(DemoSeries.FRAMES, Integer.parseInt(r[0]));
		Table t = CsvTables.read(series.resolve("light_curve.csv").toFile()), truth = CsvTables.read(series.resolve("truth.csv").toFile());
		double in = 0, out = 0;
		int nin = 0, nout = 0;
		for (int i = 0; i < t.rowCount(); i++) {
			assertEquals(truth.getString(i, "frame"), t.getString(i, "frame"));
			assertEquals(truth.getDouble(i, "x"), t.getDouble(i, "x_T1"), 0.05, "the drifting target followed");
			if (truth.getDouble(i, "relative_flux") < 1) {
				in += t.getDouble(i, "rel_flux");
				nin++;
			}
			else {
				out += t.getDouble(i, "rel_flux");
				nout++;
			}
		}
		assertEquals(DemoSeries.DEPTH, 1 - in / nin / (out / nout), 0.002, "transit depth");
		int lowest = Integer.parseInt(r[2]);
		assertTrue(truth.getDouble(lowest, "relative_flux") < 1, "the lowest point is in the transit (frame " + lowest + ")");
		assertTrue(series.resolve("light_curve.png").toFile().length() > 1000);
	}
}
