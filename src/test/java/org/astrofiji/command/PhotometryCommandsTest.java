package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.CommandTest;
import org.astrofiji.testutil.StarImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/**
 * Radial Profile (the seed's DS9 annuli recipe), Colour-Magnitude Diagram (two and three bands,
 * positions carried through the WCS and by the stars' shift) and Light Curve (a simulated transit in
 * a drifting series of files) through SciJava's CommandService, against the simulation's truth.
 */
class PhotometryCommandsTest extends CommandTest {

	@TempDir
	Path tmp;

	static CommandModule run(Class<? extends org.scijava.command.Command> c, Object... keyValues) throws Exception {
		return commands.run(c, false, keyValues).get();
	}

	static String message(Class<? extends org.scijava.command.Command> c, Object... keyValues) {
		Exception e = assertThrows(Exception.class, () -> run(c, keyValues));
		return Commands.rootCause(e).getMessage();
	}

	/**
	 * The seed: annuli placed on a galaxy in DS9 and saved in PROS format, the pixels summed and counted
	 * inside each by a loop over pixel centres ({@code inner < r < outer}). The seed's loop indexes
	 * img[i, j] and compares i, the numpy row, with DS9's x (and 0-based indices with 1-based positions);
	 * with the axes corrected (FITS x, y of each pixel centre) it gives exactly the command's numbers.
	 */
	@Test
	void radialProfileOfPrAnnuliEqualsTheSeedLoopWithCorrectAxes() throws Exception {
		int w = 240, h = 200;
		StarFrame g = new StarFrame(w, h, new Psf(Psf.Kind.MOFFAT, 10, 0.3, 0.5), 80, 2, 5, 21).star(120.37, 95.81, 5e5);
		float[] img = g.render(0, 0, 0, 0);
		// three annuli placed by hand: centres a little apart, one overlapping the others
		double[][] annuli = { { 120.5, 95.5, 0, 3 }, { 120.4, 96.1, 3, 8 }, { 121, 95.9, 6, 20 } };
		StringBuilder pros = new StringBuilder("# annuli saved from DS9 in PROS format\n");
		for (double[] a : annuli) pros.append(String.format(Locale.ROOT, "logical;annulus %.2f %.2f %.1f %.1f%n", a[0], a[1], a[2], a[3]));
		File reg = tmp.resolve("galaxy.reg").toFile(), csv = tmp.resolve("profile.csv").toFile();
		Files.writeString(reg.toPath(), pros.toString());
		AstroImage galaxy = AstroImage.of("galaxy", img, w, h, null);
		CommandModule m = run(RadialProfileCommand.class, "image", galaxy, "annuli", reg, "plot_radius", "inner", "table_file", csv);
		Table t = (Table) m.getOutput("profile");
		assertEquals(3, t.rowCount());
		for (int k = 0; k < 3; k++) {
			double[] a = annuli[k];
			int n = 0;
			double sum = 0;
			for (int row = 0; row < h; row++) {
				for (int col = 0; col < w; col++) {
					// the seed's loop over the FITS array, with the axes corrected: x = col + 1, y = row + 1
					double r = Math.hypot(col + 1 - a[0], row + 1 - a[1]);
					if (a[2] < r && r < a[3]) {
						n++;
						sum += img[Coordinates.memoryRow(row, h) * w + col];
					}
				}
			}
			assertEquals(n, (int) t.getDouble(k, "pixels"), "annulus " + k);
			assertEquals(sum, t.getDouble(k, "sum"), 1e-9 * sum, "annulus " + k);
			assertEquals(sum / n, t.getDouble(k, "mean"), 1e-9 * sum / n);
			assertEquals(a[0], t.getDouble(k, "x"), 0);
		}
		Plot p = (Plot) m.getOutput("profile_plot");
		assertArrayEquals(new double[] { 0, 3, 6 }, p.series().get(0).x, 0, "the seed plots the mean against the inner radius");
		assertEquals(t.getDouble(2, "mean"), CsvTablesRead(csv).getDouble(2, "mean"), 0);
		// rings around a centre, and the curve of growth at their outer radii
		CommandModule c = run(RadialProfileCommand.class, "image", galaxy, "centre", "120.37,95.81", "outer_radius", 30.0, "step", 2.0);
		Table rings = (Table) c.getOutput("profile"), cog = (Table) c.getOutput("curve_of_growth");
		assertEquals(15, rings.rowCount());
		assertEquals(15, cog.rowCount());
		assertEquals(1, cog.getDouble(14, "fraction"), 0);
		assertTrue(rings.getDouble(0, "mean") > rings.getDouble(5, "mean") && rings.getDouble(5, "mean") > rings.getDouble(14, "mean"));
		assertTrue(((String) c.getOutput("summary")).contains("15 rings around (120.370, 95.810)"));
		assertTrue(message(RadialProfileCommand.class, "image", galaxy, "inner_radius", 5.0, "outer_radius", 5.0).startsWith(
			"inner_radius must be smaller than outer_radius"));
		assertTrue(message(RadialProfileCommand.class, "image", galaxy, "centre", "1,2,3").startsWith("centre must be FITS positions"));
		Files.writeString(reg.toPath(), "fk5;annulus(150.0,30.0,2\",4\")\n");
		String msg = message(RadialProfileCommand.class, "image", galaxy, "annuli", reg);
		assertTrue(msg.equals("annuli galaxy.reg: line 1: fk5 coordinates need a WCS, and the image has none"), msg);
	}

	static Table CsvTablesRead(File f) throws Exception {
		return org.astrofiji.io.CsvTables.read(f);
	}

	/** B = V x 10^(-0.4 colour): stars of colours -0.3 .. 1.4. */
	static double[] colours() {
		double[] c = new double[StarImages.STARS.size()];
		for (int k = 0; k < c.length; k++) c[k] = -0.3 + 0.15 * k;
		return c;
	}

	static double[] factors(double[] colours, double sign) {
		double[] f = new double[colours.length];
		for (int k = 0; k < f.length; k++) f[k] = Math.pow(10, -0.4 * sign * colours[k]);
		return f;
	}

	@Test
	void colourMagnitudeDiagramRecoversTheColours() throws Exception {
		double[] colour = colours();
		// B fainter by the colour; V as it is, its stars 6.3 px right and 4.1 px down; R brighter by half the colour
		AstroImage b = StarImages.frame("b.fits", "B", factors(colour, 1), 0, 0, 11);
		AstroImage v = StarImages.frame("v.fits", "V", null, 6.3, -4.1, 12);
		AstroImage r = StarImages.frame("r.fits", "R", factors(colour, -0.5), 0, 0, 13);
		for (String align : new String[] { "wcs", "stars" }) {
			CommandModule m = run(ColourMagnitudeCommand.class, "image", b, "image2", v, "align", align);
			Table t = (Table) m.getOutput("table");
			assertEquals(StarImages.STARS.size(), t.rowCount(), align);
			for (int k = 0; k < colour.length; k++) {
				double[] s = StarImages.STARS.get(k);
				int row = AperturePhotometryCommandTest.nearest(t, s[0], s[1]);
				assertEquals(s[0] + 6.3, t.getDouble(row, "x_V"), 0.1, align + " star " + k);
				assertEquals(s[1] - 4.1, t.getDouble(row, "y_V"), 0.1, align + " star " + k);
				assertEquals(colour[k], t.getDouble(row, "B-V"), 4 * t.getDouble(row, "B-V_err") + 0.003, align + " star " + k);
				assertEquals(t.getDouble(row, "mag_B") - t.getDouble(row, "mag_V"), t.getDouble(row, "B-V"), 1e-12);
			}
			Plot p = (Plot) m.getOutput("plot");
			assertTrue(p.isYInverted());
			assertEquals("B-V", p.xLabel());
			assertEquals("mag_V", p.yLabel());
			assertEquals(colour.length, p.series().get(0).x.length);
			String summary = (String) m.getOutput("summary");
			assertTrue(summary.contains(align.equals("wcs") ? "positions through the WCS" : "shifted by (6.3"), summary);
		}
		// three bands: V-R of the same stars; the band names given
		Table t3 = (Table) run(ColourMagnitudeCommand.class, "image", b, "image2", v, "image3", r, "bands", "b,v,r").getOutput("table");
		assertTrue(t3.hasColumn("mag_r") && t3.hasColumn("b-v") && t3.hasColumn("v-r_err") && t3.hasColumn("ra"), t3.columns().toString());
		for (int k = 0; k < colour.length; k++) {
			int row = AperturePhotometryCommandTest.nearest(t3, StarImages.STARS.get(k)[0], StarImages.STARS.get(k)[1]);
			assertEquals(0.5 * colour[k], t3.getDouble(row, "v-r"), 4 * t3.getDouble(row, "v-r_err") + 0.003, "star " + k);
		}
		assertTrue(message(ColourMagnitudeCommand.class, "image", b, "image2", b).startsWith("the bands must differ (got [B, B] from the FILTER keywords"));
		assertTrue(message(ColourMagnitudeCommand.class, "image", b).startsWith("image2: no image"));
		AstroImage bare = AstroImage.of("bare", v.data(), v.width(), v.height(), v.headerCopy().removeWcs());
		assertTrue(message(ColourMagnitudeCommand.class, "image", b, "image2", bare, "align", "wcs").startsWith(
			"align=wcs: bare has no usable WCS"));
	}

	/** A series of frames on disk: a 2 % transit of the target in frames 12-21, the field drifting. */
	static File series(Path dir, int n) throws Exception {
		File d = dir.resolve("series").toFile();
		d.mkdirs();
		StarFrame f = new StarFrame(200, 160, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), 100, 2, 6, 5)
			.variable(60.4, 80.3, 8e5, new StarFrame.BoxDip(11.5, 21.5, 0.02)).star(140.2, 50.7, 8e5).star(130.6, 120.1, 1e6);
		for (int i = 0; i < n; i++) {
			FitsHeader h = new FitsHeader().set("GAIN", 2.0, "").set("RDNOISE", 6.0, "").set("EXPTIME", 30.0, "")
				.set("AIRMASS", 1.2 + 0.01 * i, "");
			// one frame a minute, but frame 7 has lost its date
			if (i != 7) h.set("DATE-OBS", String.format(Locale.ROOT, "2026-03-21T21:%02d:00", i), "");
			// written in reverse name order: the command sorts by time
			FitsWriter.write(new File(d, String.format(Locale.ROOT, "frame_%03d.fits", n - i)), true, Hdu.image(Images.wrap(f.render(i, i,
				0.2 * i, -0.1 * i), 200, 160), h));
		}
		return d;
	}

	@Test
	void lightCurveOfATransitOverADriftingSeries() throws Exception {
		int n = 30;
		File dir = series(tmp, n), csv = tmp.resolve("lc.csv").toFile();
		CommandModule m = run(LightCurveCommand.class, "directory", dir, "frames", "frame_*.fits", "target", "60.4,80.3",
			"comparisons", "140.2,50.7 130.6,120.1", "radii", "8", "inner_radius", 12.0, "outer_radius", 18.0, "table_file", csv);
		Table t = (Table) m.getOutput("table");
		assertEquals(n - 1, t.rowCount(), "the frame without a date is skipped");
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("skipped 1 frames without an observation time: frame_023.fits (no observation time"), summary);
		double in = 0, out = 0;
		int nin = 0, nout = 0;
		for (int r = 0; r < t.rowCount(); r++) {
			int i = (int) Math.round((t.getDouble(r, "time") - 61120.875) * 1440 - 0.25); // minutes after 21:00, mid-exposure +15 s
			assertEquals(61120.875 + (i * 60 + 15) / 86400.0, t.getDouble(r, "time"), 1e-9, "mid-exposure MJD, in time order");
			assertEquals(1.2 + 0.01 * i, t.getDouble(r, "airmass"), 1e-12);
			assertEquals(60.4 + 0.2 * i, t.getDouble(r, "x_T1"), 0.03, "the target followed in frame " + i);
			assertEquals(80.3 - 0.1 * i, t.getDouble(r, "y_T1"), 0.03);
			assertEquals(t.getDouble(r, "flux_C2") + t.getDouble(r, "flux_C3"), t.getDouble(r, "tot_C_flux"), 1e-6);
			assertEquals(t.getDouble(r, "flux_T1") / t.getDouble(r, "tot_C_flux"), t.getDouble(r, "rel_flux"), 1e-12);
			if (i >= 12 && i < 22) {
				in += t.getDouble(r, "rel_flux");
				nin++;
			}
			else {
				out += t.getDouble(r, "rel_flux");
				nout++;
			}
		}
		assertEquals(0.02, 1 - (in / nin) / (out / nout), 0.002, "transit depth");
		assertEquals(t.rowCount(), CsvTablesRead(csv).rowCount());
		Plot plot = (Plot) m.getOutput("plot");
		assertEquals("minutes since MJD 61120.87517 (mid-exposure)", plot.xLabel());
		assertEquals(1, plot.series().get(0).x[1], 1e-6, "the second frame a minute later");
		// positions from a file: the first is the target
		File pos = tmp.resolve("stars.csv").toFile();
		Files.writeString(pos.toPath(), "x,y\n60.4,80.3\n140.2,50.7\n130.6,120.1\n");
		Table fromFile = (Table) run(LightCurveCommand.class, "directory", dir, "positions", pos, "radii", "8", "inner_radius", 12.0,
			"outer_radius", 18.0).getOutput("table");
		assertEquals(t.getDouble(5, "rel_flux"), fromFile.getDouble(5, "rel_flux"), 1e-12);
		// bad input
		assertTrue(message(LightCurveCommand.class, "directory", dir, "target", "60.4,80.3", "comparisons", "60.5,80.2").startsWith(
			"comparison star 1 (C2) is the target"));
		assertTrue(message(LightCurveCommand.class, "directory", dir, "frames", "none_*.fits", "target", "1,1", "comparisons", "5,5")
			.startsWith("frames: no FITS file in"));
		assertTrue(message(LightCurveCommand.class, "directory", dir).startsWith("Light Curve needs a target and comparison stars"));
		assertTrue(message(LightCurveCommand.class, "directory", dir, "target", "60.4,80.3").startsWith("comparisons: give at least one"));
	}
}
