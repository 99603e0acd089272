package org.astrofiji.command;

import org.astrofiji.core.image.AstroImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.Catalogs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Find Stars through SciJava's CommandService, as scripts and the launcher run it, on a simulated night. */
class FindStarsCommandTest {

	static Context context;
	static CommandService commands;
	@TempDir
	static Path night;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		commands.run(SimulateObservationCommand.class, false, "output", night.toFile(), "seed", 4L, "width", 256, "height", 256,
			"stars", 80, "filters", "V", "bias_frames", 1, "dark_frames", 1, "flat_frames", 1, "science_frames", 1,
			"epoch2_frames", 0, "cosmics", 5).get();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static File frame() {
		return night.resolve("science_V_001.fits").toFile();
	}

	CommandModule run(Object... keyValues) throws Exception {
		return commands.run(FindStarsCommand.class, false, keyValues).get();
	}

	@Test
	void findsTheSimulatedStarsAndWritesEveryOutput() throws Exception {
		File csv = tmp.resolve("stars.csv").toFile(), reg = tmp.resolve("stars.reg").toFile(), lab = tmp.resolve("labels.fits").toFile();
		CommandModule m = run("input", frame(), "table_file", csv, "regions_file", reg, "output", lab, "plots", true);
		Table t = (Table) m.getOutput("table");
		assertEquals(Arrays.asList(Catalogs.LABEL_COLUMNS), t.columns());
		// the brighter half of the truth stars are all found within 0.5 px
		Table truth = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		double[] counts = truth.column("counts_V").clone();
		Arrays.sort(counts);
		int bright = 0, found = 0, saturated = 0, flaggedSaturated = 0;
		for (int r = 0; r < truth.rowCount(); r++) {
			double x = truth.getDouble(r, "x"), y = truth.getDouble(r, "y");
			if (x < 3 || y < 3 || x > 254 || y > 254 || truth.getDouble(r, "counts_V") < counts[counts.length / 2]) continue;
			bright++;
			int nearest = -1;
			double best = 1e9;
			for (int i = 0; i < t.rowCount(); i++) {
				double d = Math.hypot(t.getDouble(i, "x") - x, t.getDouble(i, "y") - y);
				if (d < best) {
					best = d;
					nearest = i;
				}
			}
			if (best < 0.5) found++;
			if (truth.getDouble(r, "saturated") == 1) {
				saturated++;
				if (((int) t.getDouble(nearest, "flags") & 2) != 0) flaggedSaturated++;
			}
		}
		assertTrue(bright > 20 && found >= bright - 1, found + " of " + bright);
		assertEquals(saturated, flaggedSaturated, "saturated stars are flagged (SATURATE from the header)");
		// the CSV is the table, the regions are its ellipses, the label image is 32-bit with provenance
		Table back = CsvTables.read(csv);
		assertEquals(t.rowCount(), back.rowCount());
		assertEquals(t.getDouble(3, "x"), back.getDouble(3, "x"), 0);
		long ellipses = Files.readAllLines(reg.toPath()).stream().filter(l -> l.startsWith("ellipse(")).count();
		assertEquals(t.rowCount(), ellipses);
		FitsImage labels = FitsReader.read(lab, null);
		assertEquals(32, labels.bitpix());
		float max = 0;
		for (float v : labels.data()) max = Math.max(max, v);
		assertEquals(t.rowCount(), (int) max);
		assertTrue(String.join(" ", labels.header().history()).contains("Find Stars: input=science_V_001.fits method=label threshold_mode=background k=3"),
			labels.header().history().toString());
		assertEquals("label", labels.header().getString("BUNIT"));
		assertTrue(labels.header().hasWcs(), "same pixel grid: the WCS stays");
		@SuppressWarnings("unchecked")
		Img<net.imglib2.type.numeric.integer.IntType> img = (Img<net.imglib2.type.numeric.integer.IntType>) m.getOutput("labels");
		assertEquals(256, img.dimension(0));
		assertEquals(t.rowCount(), ((Marks) m.getOutput("marks")).size());
		Plot radial = (Plot) m.getOutput("radial_plot"), flux = (Plot) m.getOutput("flux_plot");
		assertEquals("Distance from (128.5, 128.5)", radial.title());
		assertEquals(t.rowCount(), Arrays.stream(radial.series().get(0).y).sum(), 0);
		assertNotNull(flux);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("science_V_001.fits: " + t.rowCount() + " sources (threshold background + 3 x rms"), summary);
		assertTrue(summary.contains("wrote " + csv) && summary.contains("wrote " + reg) && summary.contains("wrote " + lab), summary);
	}

	@Test
	void peaksAndTheSeedRecipeOnAnOpenImage() throws Exception {
		FitsImage f = FitsReader.read(frame(), null);
		CommandModule peaks = run("image", AstroImage.of(f.name(), f.pixels(), f.header()), "method", "peaks", "threshold_mode", "global", "k", 5.0,
			"fwhm", 0.0, "min_distance", 4);
		Table p = (Table) peaks.getOutput("table");
		assertEquals(Arrays.asList(Catalogs.PEAK_COLUMNS), p.columns());
		assertTrue(p.rowCount() > 10);
		for (int i = 1; i < p.rowCount(); i++) assertTrue(p.getDouble(i, "peak") <= p.getDouble(i - 1, "peak"));
		assertNull(peaks.getOutput("labels"));
		// the seed: global mean + 2 std, 8-connected, centre of mass of the image, every label kept
		CommandModule seed = run("image", f.pixels(), "threshold_mode", "global", "k", 2.0, "fwhm", 0.0, "min_area", 1,
			"deblend", "none", "weights", "image", "plots", true, "plot_centre", "100,120");
		Table s = (Table) seed.getOutput("table");
		assertTrue(s.rowCount() > p.rowCount());
		assertEquals("Distance from (100, 120)", ((Plot) seed.getOutput("radial_plot")).title());
		assertTrue(((String) seed.getOutput("summary")).contains("global: mean"));
	}

	@Test
	void badInputIsNamed() throws Exception {
		assertEquals("k must be > 0 (got 0.0)", message(() -> run("input", frame(), "k", 0.0)));
		CommandInfo info = commands.getCommand(FindStarsCommand.class);
		assertEquals("min_area must be at least 1 (got 0)", assertThrows(IllegalArgumentException.class,
			() -> Commands.convert(context, info, Map.of("min_area", "0"))).getMessage());
		assertEquals("min_area must be at least 1 pixel (got 0)", message(() -> run("input", frame(), "min_area", 0)));
		assertEquals("weights must be one of [windowed, background_subtracted, image, excess] (got 'mean')",
			assertThrows(IllegalArgumentException.class, () -> Commands.convert(context, info, Map.of("weights", "mean"))).getMessage());
		File csv = tmp.resolve("exists.csv").toFile();
		Files.writeString(csv.toPath(), "x\n");
		assertTrue(message(() -> run("input", frame(), "table_file", csv)).startsWith("table_file: output " + csv + " already exists"));
		assertEquals("x\n", Files.readString(csv.toPath()), "an existing file is left alone");
		assertEquals("output: the peaks method makes no label image to write", message(() -> run("input", frame(), "method", "peaks",
			"output", tmp.resolve("l.fits").toFile())));
		assertEquals("plot_centre must be FITS x,y such as 512.5,300 (got 'middle')", message(() -> run("input", frame(), "plots",
			true, "plot_centre", "middle")));
		float[] nan = new float[64];
		Arrays.fill(nan, Float.NaN);
		assertEquals("the image has no data: all 64 pixels are NaN", message(() -> run("image", ArrayImgs.floats(nan, 8, 8))));
		assertTrue(message(() -> run("input", new File(tmp.toFile(), "none.fits"))).contains("none.fits"));
		assertEquals(1, tmp.toFile().list().length, "nothing written by failed runs");
	}

	@Test
	void anImageWithoutStarsGivesAnEmptyTableAndAMessage() throws Exception {
		float[] flat = new float[64 * 64];
		Arrays.fill(flat, 100);
		File csv = tmp.resolve("empty.csv").toFile();
		CommandModule m = run("image", AstroImage.of("flat", flat, 64, 64, new FitsHeader()), "table_file", csv);
		assertEquals(0, ((Table) m.getOutput("table")).rowCount());
		assertTrue(((String) m.getOutput("summary")).startsWith("flat: no pixel above the threshold"), (String) m.getOutput("summary"));
		assertEquals(String.join(",", Catalogs.LABEL_COLUMNS), Files.readString(csv.toPath()).trim());
	}

	static String message(org.junit.jupiter.api.function.Executable e) {
		return Commands.rootCause(assertThrows(Exception.class, e)).getMessage();
	}
}
