package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.VariablePsfField;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.PsfModel;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.io.CsvTables;
import org.astrofiji.testutil.CommandTest;
import org.astrofiji.testutil.StarImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Estimate PSF, PSF at Position and Fit Star Profiles chained in memory as scripts chain them
 * ({@link Commands#run}), on a simulated 1024² field whose PSF grows and stretches towards the
 * corners (the simulator's variable PSF, whose truth is known everywhere) and on frames of known
 * Gaussian stars; every bad input the issue names fails with a message naming the key or value.
 */
class PsfCommandsTest extends CommandTest {

	static final int SIDE = 1024;
	static VariablePsfField field;
	static AstroImage image;

	@TempDir
	Path tmp;

	@BeforeAll
	static void simulate() {
		PsfModel model = new PsfModel(Psf.Kind.MOFFAT, 3, true, SIDE, SIDE);
		field = new VariablePsfField(SIDE, SIDE, 500, 2e4, 3e5, 200, 12, model::at, 8);
		image = AstroImage.of("field", field.image.clone(), SIDE, SIDE, new FitsHeader().set("SATURATE", 1e6, "ADU"));
	}

	static Map<String, Object> run(String label, Object... keyValues) {
		Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return Commands.run(context, label, in);
	}

	static String error(String label, Object... keyValues) {
		return assertThrows(RuntimeException.class, () -> run(label, keyValues)).getMessage();
	}

	static double relative(double[] a, double[] t) {
		double d = 0, n = 0;
		for (int i = 0; i < a.length; i++) {
			d += (a[i] - t[i]) * (a[i] - t[i]);
			n += t[i] * t[i];
		}
		return Math.sqrt(d / n);
	}

	static double[] pixels(AstroImage img) {
		float[] f = img.data();
		double[] d = new double[f.length];
		for (int i = 0; i < d.length; i++) d[i] = f[i];
		return d;
	}

	@Test
	void estimatesTheVariablePsfAndEvaluatesItFromTheOpenModelAndTheFile() throws Exception {
		File model = tmp.resolve("psf.fits").toFile(), csv = tmp.resolve("stars.csv").toFile();
		Map<String, Object> out = run("Estimate PSF", "image", image, "model_file", model, "table_file", csv);
		String summary = (String) out.get("summary");
		System.out.println(summary);
		AstroImage basis = (AstroImage) out.get("basis"), montage = (AstroImage) out.get("montage"), residual = (AstroImage) out.get(
			"residual");
		Table stars = (Table) out.get("stars");
		int k = basis.width();
		assertEquals(k + "x" + k + "x4", basis.size(), "the default keeps 4 elements");
		assertTrue(summary.contains("saturation 1000000 from SATURATE") && summary.contains("4 elements") && summary.contains("wrote " +
			model), summary);
		assertEquals(4 * k, montage.width());
		assertEquals(4, (int) montage.header().getDouble("PSFGRID").doubleValue());
		assertEquals(SIDE, residual.width());
		assertEquals("Results", stars.title());
		assertEquals(List.of("id", "x", "y", "flux", "fwhm", "residual", "rejected", "c1", "c2", "c3", "c4"), stars.columns());
		assertEquals(stars.rowCount(), CsvTables.read(csv).rowCount());
		assertTrue(stars.rowCount() > 150, stars.rowCount() + " PSF stars");
		// against the truth at the corners and the centre: within 3 %, and well inside what a constant PSF misses
		double[][] at = { { 60, 60 }, { 980, 70 }, { 40, 990 }, { 1000, 1000 }, { 512.5, 512.5 } };
		double[] mean = new double[k * k];
		double[][] truth = new double[at.length][];
		for (int i = 0; i < at.length; i++) {
			truth[i] = field.truth(at[i][0], at[i][1], k);
			for (int p = 0; p < mean.length; p++) mean[p] += truth[i][p] / at.length;
		}
		for (int i = 0; i < at.length; i++) {
			AstroImage open = (AstroImage) run("PSF at Position", "model", basis, "x", at[i][0], "y", at[i][1]).get("psf");
			AstroImage file = (AstroImage) run("PSF at Position", "model_file", model, "x", at[i][0], "y", at[i][1]).get("psf");
			double[] a = pixels(open), b = pixels(file);
			double sum = 0;
			for (int p = 0; p < a.length; p++) {
				assertEquals(a[p], b[p], 1e-6 * a[a.length / 2], "the open model is the file's model");
				sum += a[p];
			}
			assertEquals(1, sum, 1e-5);
			double e = relative(a, truth[i]), c = relative(mean, truth[i]);
			System.out.printf(Locale.ROOT, "PSF at (%.0f, %.0f): %.4f of the truth off (the mean PSF: %.4f)%n", at[i][0], at[i][1], e, c);
			assertTrue(e < 0.03, "relative error " + e);
			if (i < 4) assertTrue(e < 0.5 * c, "corner " + i + ": " + e + " vs a constant PSF " + c);
		}
		// x = y = 0: the centre; the header says where
		AstroImage centre = (AstroImage) run("PSF at Position", "model_file", model).get("psf");
		assertEquals(512.5, centre.header().getDouble("PSFX"), 0);
		// the residual: the PSF stars' light is gone, the rest untouched
		int j = 0;
		double x = stars.getDouble(j, "x"), y = stars.getDouble(j, "y");
		int p = (int) Math.rint(Coordinates.memoryY(y, SIDE)) * SIDE + (int) Math.rint(Coordinates.memoryX(x));
		assertTrue(Math.abs(residual.data()[p]) < 0.05 * (field.image[p] - 200), residual.data()[p] + " left of " + (field.image[p] - 200));
	}

	@Test
	void givenStarsAndFewStarsLowerTheDegreeOrFail() throws Exception {
		// the brightest true stars away from the edges, given as a CSV table (FITS positions)
		List<double[]> all = field.stars;
		StringBuilder sb = new StringBuilder("x,y\n");
		int n = 0;
		for (double[] s : all) {
			if (s[2] < 1e5 || s[0] < 30 || s[1] < 30 || s[0] > SIDE - 30 || s[1] > SIDE - 30) continue;
			sb.append(Coordinates.fitsX(s[0])).append(',').append(Coordinates.fitsY(s[1], SIDE)).append('\n');
			if (++n == 8) break;
		}
		File pos = tmp.resolve("eight.csv").toFile();
		Files.writeString(pos.toPath(), sb.toString());
		Map<String, Object> out = run("Estimate PSF", "image", image, "positions", pos);
		String summary = (String) out.get("summary");
		assertTrue(summary.contains("8 PSF stars of 8 given positions") && summary.contains("8 positions from eight.csv"), summary);
		// the first fit rejected one of them, and the second pass fitted the other seven
		assertTrue(summary.contains("degree 1 (degree 3 needs at least 20 stars, 7 given) polynomial fields from 7 stars, 1 rejected"),
			summary);
		Files.writeString(pos.toPath(), String.join("\n", List.of(sb.toString().split("\n")).subList(0, 3)) + "\n");
		assertTrue(error("Estimate PSF", "image", image, "positions", pos).startsWith("a PSF model needs at least 3 PSF stars, got 2"),
			"two given stars");
	}

	@Test
	void badInputsAreNamed() throws Exception {
		assertEquals("inf_loss must be at most 1.0 (got 1.5)", error("Estimate PSF", "image", image, "inf_loss", "1.5", "elements", "0"));
		assertEquals("stamp_size must be 0 (auto) or an odd number >= 3 (got 20)", error("Estimate PSF", "image", image, "stamp_size",
			"20"));
		AstroImage small = AstroImage.of("small", new float[40 * 30], 40, 30, null);
		assertEquals("stamp_size 41 is larger than the 40x30 image", error("Estimate PSF", "image", small, "stamp_size", "41"));
		File model = tmp.resolve("m.fits").toFile();
		run("Estimate PSF", "image", image, "model_file", model, "elements", "2");
		assertEquals("x, y = (1100, 20) is outside the 1024x1024 image the PSF model describes", error("PSF at Position", "model_file",
			model, "x", "1100", "y", "20"));
		File plain = StarImages.write(tmp.resolve("plain.fits").toFile(), image);
		assertEquals("model_file " + plain + " is not a PSF model file: it has no BASIS extension", error("PSF at Position",
			"model_file", plain));
		assertEquals("model field is not a PSF basis image (the basis of Estimate PSF): PSFTYPE is missing (expected 'LAUER-KL'); " +
			"give model_file, or make the basis image of Estimate PSF the active image", error("PSF at Position", "model", image));
		assertEquals("model must be one of [gaussian, moffat] (got 'lorentz')", error("Fit Star Profiles", "image", image, "model",
			"lorentz"));
		assertEquals("box must be 0 (auto) or an odd number >= 3 (got 8)", error("Fit Star Profiles", "image", image, "box", "8"));
	}

	@Test
	void fitStarProfilesMeasuresKnownStarsWithTheirErrors() throws Exception {
		// StarImages' twelve Gaussian stars of FWHM 3 px, with the frame's ERR; the simulator integrates them over the pixels,
		// which adds 1/12 px^2 to the variance of the Gaussian sampled at pixel centres that the fits (and astropy's) are
		double sampled = Math.sqrt(9 + 8 * Math.log(2) / 12);
		StarFrame f = StarImages.field(null, 5);
		AstroImage img = StarImages.frame("v", "V", null, 0, 0, 5).withErr(f.error(0, 0, 0));
		File csv = tmp.resolve("fits.csv").toFile();
		Map<String, Object> out = run("Fit Star Profiles", "image", img, "table_file", csv, "map_degree", "0", "map_binning", "10");
		Table t = (Table) out.get("table");
		String summary = (String) out.get("summary");
		System.out.println(summary);
		assertEquals("Results", t.title());
		assertTrue(summary.contains("weighted by the ERR of v") && summary.contains("Find Stars on v"), summary);
		assertEquals(12, t.rowCount());
		double fwhm = 0;
		for (double[] s : StarImages.STARS) {
			int r = nearest(t, s[0], s[1]);
			assertEquals("ok", t.getString(r, "status"));
			assertEquals(0, Math.hypot(t.getDouble(r, "x") - s[0], t.getDouble(r, "y") - s[1]), Math.max(0.03, 5 * t.getDouble(r, "x_err")));
			assertEquals(sampled, t.getDouble(r, "fwhm"), Math.max(0.03, 5 * t.getDouble(r, "fwhm_major_err")), "star of " + s[2]);
			fwhm += t.getDouble(r, "fwhm") / 12;
		}
		assertEquals(sampled, fwhm, 0.01);
		// the map: a constant through the twelve, 30x24 pixels of 10x10
		net.imglib2.img.Img<?> map = (net.imglib2.img.Img<?>) out.get("fwhm_map");
		assertEquals("30x24", Images.size(map));
		assertEquals(sampled, Images.floats((net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>>) map)[0],
			0.01);
		assertEquals(12, ((Marks) out.get("shapes")).size());
		// the strip plot of the brightest star: its row with the ERR as error bars, the 1-D Gaussian's FWHM near 3
		Plot plot = (Plot) out.get("strip_plot");
		Plot.Series pixels = plot.series().get(0);
		assertEquals(20, pixels.x.length);
		double[] last = StarImages.STARS.get(11);
		int star = nearest(t, last[0], last[1]) + 1;
		double fx = t.getDouble(star - 1, "x"), fy = t.getDouble(star - 1, "y");
		int col = (int) Math.rint(fx - 1), row = (int) Math.rint(fy - 1);
		assertEquals(col - 9, pixels.x[0], 0);
		float[] err = img.errData();
		assertEquals(err[Coordinates.memoryRow(row, StarImages.H) * StarImages.W + col - 10], pixels.err[0], 1e-4);
		assertTrue(summary.contains("strip fit of star " + star + " (row " + (row + 1) + ")"), summary);
		double stripFwhm = Double.parseDouble(summary.replaceAll("(?s).*strip fit of star \\d+ \\(row \\d+\\): FWHM ([0-9.]+) px.*", "$1"));
		assertEquals(sampled, stripFwhm, 0.05);
		// a star marked in ImageJ (the points table), a round fit, no plot (a Moffat would run beta off to infinity on a Gaussian)
		Table points = new Table("points", "id", "x", "y");
		points.addRow("1", last[0] + 0.4, last[1] - 0.3);
		out = run("Fit Star Profiles", "image", img, "points", points, "circular", "true", "plot_star", "-1");
		t = (Table) out.get("table");
		assertEquals(1, t.rowCount());
		assertEquals("ok", t.getString(0, "status"), t.toString() + " " + t.getString(0, "status"));
		assertEquals(fx, t.getDouble(0, "x"), 0.02);
		assertNull(out.get("strip_plot"));
		assertNull(out.get("fwhm_map"));
		assertTrue(((String) out.get("summary")).contains("no FWHM map: it needs 3 converged fits"));
	}

	static int nearest(Table t, double x, double y) {
		int best = -1;
		double d = 1e9;
		for (int r = 0; r < t.rowCount(); r++) {
			double e = Math.hypot(t.getDouble(r, "x") - x, t.getDouble(r, "y") - y);
			if (e < d) {
				d = e;
				best = r;
			}
		}
		return best;
	}
}
