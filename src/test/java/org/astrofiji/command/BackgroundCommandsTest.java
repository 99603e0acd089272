package org.astrofiji.command;

import org.astrofiji.core.image.AstroImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.CommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Fit Background and Extract Spectrum through SciJava's CommandService, as scripts call them. */
class BackgroundCommandsTest extends CommandTest {

	@TempDir
	Path tmp;

	/** A 200x150 sky with a gradient, noise and a few bright squares; memory orientation. */
	static float[] sky() {
		java.util.Random rng = new java.util.Random(2);
		float[] img = new float[200 * 150];
		for (int y = 0; y < 150; y++) for (int x = 0; x < 200; x++) img[y * 200 + x] = (float) (300 + 0.2 * x + 0.1 * y + 5 * rng.nextGaussian());
		for (int k = 0; k < 12; k++) for (int dy = 0; dy < 4; dy++) for (int dx = 0; dx < 4; dx++) img[(10 + 11 * k + dy) * 200 + 15 * k + dx] += 3000;
		return img;
	}

	/** A long slit along y: per column a quadratic sky in the FITS row, a source in rows 40-44 of 10 + c in total. */
	static float[] slit(int w, int h) {
		float[] img = new float[w * h];
		for (int r = 0; r < h; r++) {
			for (int c = 0; c < w; c++) {
				double v = 20 + 0.05 * c + 0.3 * r - 0.002 * r * r + (r >= 40 && r <= 44 ? (10.0 + c) / 5 : 0);
				img[Coordinates.memoryRow(r, h) * w + c] = (float) v;
			}
		}
		return img;
	}

	File fits(String name, float[] data, int w, int h) throws Exception {
		File f = tmp.resolve(name).toFile();
		FitsWriter.write(f, false, Hdu.image(Images.wrap(data, w, h), new FitsHeader().set("EXPTIME", 30.0, "")));
		return f;
	}

	@Test
	void meshFromAFileWritesSubtractedModelRmsAndTable() throws Exception {
		float[] img = sky();
		File in = fits("sky.fits", img, 200, 150), out = tmp.resolve("sky_bkg.fits").toFile(), csv = tmp.resolve("sky.csv").toFile();
		CommandModule m = commands.run(FitBackgroundCommand.class, false, "input", in, "model", "mesh", "box", 32, "filter", 3,
			"result", "both", "output", out, "csv", csv).get();
		MeshBackground b = MeshBackground.compute(img, null, 200, 150, new MeshBackground.Settings().box(32), Progress.NONE);
		// the three images were written band by band: their arrays are made only now, when asked for
		for (String name : new String[] { "subtracted", "background", "rms" }) {
			assertTrue(((AstroImage) m.getOutput(name)).isComputedLazily(), name);
		}
		assertArrayEquals(b.back(), Images.floats(((AstroImage) m.getOutput("background")).sci()));
		assertArrayEquals(b.rms(), Images.floats(((AstroImage) m.getOutput("rms")).sci()));
		assertArrayEquals(b.subtract(img), Images.floats(((AstroImage) m.getOutput("subtracted")).sci()));
		Table t = (Table) m.getOutput("table");
		assertEquals(b.globalBack(), t.getDouble(0, "global_back"), 0);
		assertEquals(b.globalRms(), t.getDouble(0, "global_rms"), 0);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("mesh of 7x5 boxes of 32 px") && summary.contains("wrote " + out), summary);
		// the file: subtracted image first, then BKG and RMS extensions, with provenance and global values
		FitsImage sub = FitsReader.read(out, null), bkg = FitsReader.read(out.getPath() + "[BKG]"), rms = FitsReader.read(out.getPath() + "[RMS]");
		assertArrayEquals(b.subtract(img), sub.data());
		assertArrayEquals(b.back(), bkg.data());
		assertArrayEquals(b.rms(), rms.data());
		assertEquals(b.globalBack(), sub.header().getDouble("BKGLEVEL"), 1e-3);
		assertEquals(30.0, sub.header().getDouble("EXPTIME"), 0);
		assertTrue(String.join(" ", sub.header().history()).contains(
			"Fit Background: input=sky.fits model=mesh result=both ranges=[] order=2 sigma_clip=0 box=32 filter=3 filter_threshold=0 csv=sky.csv"),
			sub.header().history().toString());
		assertEquals(b.globalRms(), CsvTables.read(csv).getDouble(0, "global_rms"), 1e-6);
		FitsImage original = FitsReader.read(in, null);
		assertArrayEquals(img, original.data(), "the input file is unchanged");
	}

	/** An open image's pixels are never changed (its difference is a new array; a file's is computed band by band). */
	@Test
	void anOpenImageKeepsItsPixels() throws Exception {
		float[] img = sky(), before = img.clone();
		CommandModule m = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(img, 200, 150), "box", 32).get();
		assertArrayEquals(before, img);
		MeshBackground b = MeshBackground.compute(before, null, 200, 150, new MeshBackground.Settings().box(32), Progress.NONE);
		assertArrayEquals(b.subtract(before), Images.floats(((AstroImage) m.getOutput("subtracted")).sci()));
	}

	@Test
	void anyNonZeroMaskValueMasksThePixelInEveryModel() throws Exception {
		float[] mask = new float[200 * 150];
		for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) mask[y * 200 + x] = -1; // negative flags count too
		File m = fits("mask.fits", mask, 200, 150);
		CommandModule r = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(sky(), 200, 150), "box", 32,
			"mask", m).get();
		assertEquals(4, ((Table) r.getOutput("table")).getDouble(0, "interpolated_boxes"), 0);
		assertTrue(((String) r.getOutput("summary")).contains("4 boxes with under half their pixels valid were interpolated"));
		r = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(sky(), 200, 150), "model", "columns",
			"mask", m).get();
		Table t = (Table) r.getOutput("table");
		assertEquals(64, t.getDouble(0, "n_skipped"), 0);
		assertEquals(0, t.getDouble(100, "n_skipped"), 0);
	}

	@Test
	void columnsModelOnAnOpenImageReturnsTheCoefficientTable() throws Exception {
		int w = 30, h = 90;
		float[] img = slit(w, h);
		CommandModule m = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(img.clone(), w, h), "model",
			"columns", "ranges", "5-30,55-85", "order", 2, "result", "model").get();
		assertNull(m.getOutput("subtracted"));
		assertNull(m.getOutput("rms"));
		float[] model = Images.floats(((AstroImage) m.getOutput("background")).sci());
		for (int c = 0; c < w; c++) {
			assertEquals(20 + 0.05 * c + 0.3 * 10 - 0.002 * 100, model[Coordinates.memoryRow(10, h) * w + c], 1e-3);
		}
		Table t = (Table) m.getOutput("table");
		assertEquals(w, t.rowCount());
		assertEquals(-0.002, t.getDouble(3, "p0"), 1e-7);
		assertEquals(0.3, t.getDouble(3, "p1"), 1e-5);
		assertEquals(57, t.getDouble(3, "n_used"), 0);
	}

	@Test
	void surfaceAndRowsModels() throws Exception {
		float[] img = sky();
		CommandModule m = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(img, 200, 150), "model",
			"surface", "order", 1, "sigma_clip", 3.0, "result", "both").get();
		float[] model = Images.floats(((AstroImage) m.getOutput("background")).sci());
		// memory y = 0 is the top row: 300 + 0.2 x + 0.1 y
		assertEquals(300 + 0.2 * 100 + 0.1 * 75, model[75 * 200 + 100], 0.5);
		assertEquals(3, ((Table) m.getOutput("table")).rowCount());
		assertTrue(((String) m.getOutput("summary")).contains("clipped"));
		m = commands.run(FitBackgroundCommand.class, false, "image", ArrayImgs.floats(img, 200, 150), "model", "rows", "ranges",
			"0-199", "order", 1, "sigma_clip", 3.0).get();
		float[] sub = Images.floats(((AstroImage) m.getOutput("subtracted")).sci());
		assertEquals(0, sub[100 * 200 + 150], 20);
		assertTrue(((Table) m.getOutput("table")).hasColumn("y_fits"));
	}

	@Test
	void extractSpectrumWithACleanedCopy() throws Exception {
		int w = 30, h = 90;
		float[] clean = slit(w, h), img = clean.clone();
		img[Coordinates.memoryRow(12, h) * w + 7] += 5000;
		File in = fits("slit.fits", img, w, h), cleaned = fits("slit_clean.fits", clean, w, h);
		File out = tmp.resolve("slit_sub.fits").toFile(), csv = tmp.resolve("spectrum.csv").toFile();
		CommandModule m = commands.run(ExtractSpectrumCommand.class, false, "input", in, "dispersion", "x", "source", "40-44",
			"background", "5-30,55-85", "order", 2, "cleaned", cleaned, "output", out, "csv", csv).get();
		Table spectrum = (Table) m.getOutput("spectrum");
		for (int c = 0; c < w; c++) assertEquals(10.0 + c, spectrum.getDouble(c, "flux"), 2e-4);
		Table written = CsvTables.read(csv);
		assertEquals(spectrum.getDouble(7, "flux"), written.getDouble(7, "flux"), 0);
		assertEquals(8, written.getDouble(7, "x_fits"), 0);
		assertEquals(2, ((Plot) m.getOutput("profile_plot")).series().size());
		assertEquals(w, ((Plot) m.getOutput("spectrum_plot")).series().get(0).x.length);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("cosmic rays cleaned from slit_clean.fits: 1 background pixels replaced"), summary);
		FitsImage sub = FitsReader.read(out, null);
		assertEquals(10.0 / 5, sub.data()[Coordinates.memoryRow(40, h) * w], 1e-4);
		assertEquals(w, FitsReader.read(out.getPath() + "[BKG]").width());
		assertTrue(String.join(" ", sub.header().history()).contains("Extract Spectrum: input=slit.fits dispersion=x source=40-44 " +
			"background=5-30,55-85 order=2 sigma_clip=0 clean=none clean_threshold=8 cleaned=slit_clean.fits csv=spectrum.csv"), sub.header().history().toString());
	}

	@Test
	void badInputIsNamed() throws Exception {
		float[] img = slit(30, 90);
		Img<FloatType> image = ArrayImgs.floats(img, 30, 90);
		assertEquals("ranges: rows 80-120 lie outside the image, whose rows are 0-89 (0-based, FITS array order)",
			error(FitBackgroundCommand.class, "image", image, "model", "columns", "ranges", "5-30,80-120"));
		assertEquals("order 4 needs at least 5 background rows, but ranges give 3 (5-7)",
			error(FitBackgroundCommand.class, "image", image, "model", "columns", "ranges", "5-7", "order", 4));
		assertEquals("box (128x128 px) is larger than the image (30x90); use a box of at most 30 px",
			error(FitBackgroundCommand.class, "image", image, "model", "mesh", "box", 128));
		// issue 11: one rule with Find Stars' filter_size
		assertEquals("filter must be an odd number of boxes >= 1 (got 4)", error(FitBackgroundCommand.class, "image", image, "box", 10,
			"filter", 4));
		File mask = fits("mask.fits", new float[10 * 10], 10, 10);
		assertTrue(error(FitBackgroundCommand.class, "image", image, "mask", mask).startsWith("mask mask.fits (10x10) and the image image (30x90) differ in size"));
		assertEquals("background: row 40 is also a source row; source (40-44) and background (5-42) must not overlap",
			error(ExtractSpectrumCommand.class, "image", image, "source", "40-44", "background", "5-42"));
		assertEquals("source: rows 85-95 lie outside the image, whose rows are 0-89 (0-based, FITS array order)",
			error(ExtractSpectrumCommand.class, "image", image, "source", "85-95", "background", "5-30"));
		assertTrue(error(ExtractSpectrumCommand.class, "image", image, "dispersion", "y", "source", "5", "background", "10-40")
			.startsWith("background: columns 10-40 lie outside the image, whose columns are 0-29"));
		float[] nan = new float[30 * 90];
		java.util.Arrays.fill(nan, Float.NaN);
		assertEquals("source: every source row pixel is NaN (no data); nothing to extract", error(ExtractSpectrumCommand.class,
			"image", ArrayImgs.floats(nan, 30, 90), "source", "40-44", "background", "5-30"));
		File small = fits("small.fits", new float[20], 2, 10);
		assertTrue(error(ExtractSpectrumCommand.class, "image", image, "source", "40-44", "background", "5-30", "cleaned", small)
			.startsWith("cleaned small.fits (2x10) and the image image (30x90) differ in size"));
		assertTrue(error(FitBackgroundCommand.class, "input", new File(tmp.toFile(), "missing.fits")).contains("missing.fits"));
	}

	private static String error(Class<?> command, Object... inputs) {
		Exception e = assertThrows(Exception.class, () -> commands.run(command.getName(), false, inputs).get());
		return Commands.rootCause(e).getMessage();
	}

	@Test
	void keysAreThoseOfTheReadme() {
		List<String> keys = new java.util.ArrayList<>();
		for (var item : Commands.parameters(commands.getCommand(FitBackgroundCommand.class))) keys.add(item.getName());
		assertEquals(List.of("image", "input", "output", "overwrite", "model", "result", "mask", "ranges", "order", "sigma_clip",
			"box", "filter", "filter_threshold", "csv"), keys);
	}

	/**
	 * The seed's STIS recipe end to end with our own cosmic-ray cleaning (clean=median, sigma from the
	 * file's ERR extension): the spectrum of rows 250-259 equals the oracle chain's (scipy medfilt,
	 * numpy polyfit, sum) to 1e-4 relative, the tolerance.
	 */
	@Test
	void stisRecipeEndToEndWithTheMedianCleaner() throws Exception {
		File stis = org.astrofiji.core.background.Stis.file();
		CommandModule m = commands.run(ExtractSpectrumCommand.class, false, "input", new File(stis.getPath() + "[SCI]"),
			"source", "250-259", "background", "10-199,300-479", "order", 2, "clean", "median").get();
		Table spectrum = (Table) m.getOutput("spectrum");
		java.util.List<java.util.Map<String, String>> expected = org.astrofiji.testutil.SharedData.csv("/expected/background/stis_spectrum.csv");
		assertEquals(expected.size(), spectrum.rowCount());
		double worst = 0;
		for (java.util.Map<String, String> row : expected) {
			int c = Integer.parseInt(row.get("col"));
			double e = Double.parseDouble(row.get("flux"));
			worst = Math.max(worst, Math.abs(spectrum.getDouble(c, "flux") - e) / Math.abs(e));
		}
		assertTrue(worst < 1e-4, "worst relative difference " + worst);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("cosmic rays cleaned median 5x5, 8 sigma, sigma from median(ERR of 3c120_stis.fits.gz[SCI])"), summary);
		System.out.printf("STIS recipe with clean=median: worst relative difference %.2e; %s%n", worst, summary);
	}
}
