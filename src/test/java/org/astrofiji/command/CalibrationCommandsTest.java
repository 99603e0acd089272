package org.astrofiji.command;

import org.astrofiji.core.wcs.Wcs;

import org.astrofiji.core.image.AstroImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.StackCombiner;
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

/** Combine Frames and Master Calibration through SciJava's CommandService: products, provenance, bad input. */
class CalibrationCommandsTest extends CommandTest {

	@TempDir
	Path tmp;

	static float[] noise(int w, int h, double level, long seed) {
		Random r = new Random(seed);
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = (float) Math.rint(level + 5 * r.nextGaussian());
		return a;
	}

	/** A 16-bit frame with the given header cards (key, value pairs). */
	File frame(String name, float[] pixels, int w, int h, Object... cards) throws Exception {
		FitsHeader hd = new FitsHeader();
		for (int i = 0; i < cards.length; i += 2) {
			if (cards[i + 1] instanceof Number) hd.set((String) cards[i], ((Number) cards[i + 1]).doubleValue(), "");
			else hd.set((String) cards[i], (String) cards[i + 1], "");
		}
		File f = tmp.resolve(name).toFile();
		f.getParentFile().mkdirs();
		FitsWriter.write(f, true, Hdu.image(Images.wrap(pixels, w, h), hd).withBitpix(16));
		return f;
	}

	Exception failure(Class<?> command, Object... args) {
		Exception e = assertThrows(Exception.class, () -> commands.run(command.getName(), false, args).get());
		return Commands.rootCause(e);
	}

	@Test
	void combineFramesWritesSciErrDqCountWithProvenance() throws Exception {
		List<float[]> planes = new ArrayList<>();
		List<String> files = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			planes.add(noise(20, 10, 1000 + i, i));
			files.add(frame("f" + i + ".fits", planes.get(i), 20, 10, "EXPTIME", 30.0 + i, "IMAGETYP", "Dark Frame").getPath());
		}
		File out = tmp.resolve("out/median.fits").toFile();
		CommandModule m = commands.run(CombineFramesCommand.class, false, "files", String.join(",", files), "output", out).get();
		float[] expected = StackCombiner.combine(planes, 20, 10, new CombineSettings(), Progress.NONE).value;
		assertArrayEquals(expected, Images.floats(((AstroImage) m.getOutput("combined")).sci()));
		FitsImage sci = FitsReader.read(out, "SCI");
		assertArrayEquals(expected, sci.data());
		assertEquals(4, sci.header().getDouble("NCOMBINE"), 0);
		assertEquals(31.5, sci.header().getDouble("EXPTIME"), 1e-12);
		String history = String.join(" ", sci.header().history());
		assertTrue(history.contains("Combine Frames: files="), history);
		assertTrue(history.contains("method=median"), history);
		assertTrue(history.contains("inputs: f0.fits f1.fits f2.fits f3.fits"), history);
		assertArrayEquals(filled(200, 4), FitsReader.read(out, "COUNT").data());
		assertArrayEquals(new float[200], FitsReader.read(out, "DQ").data());
		assertEquals(200, FitsReader.read(out, "ERR").data().length);
		Table frames = (Table) m.getOutput("frames");
		assertEquals(4, frames.rowCount());
		assertEquals(31.0, frames.getDouble(1, "exptime"), 0);
		assertTrue(((String) m.getOutput("summary")).contains("median of 4 frames"));

		// weights from a header keyword, scaling by exposure
		CommandModule w = commands.run(CombineFramesCommand.class, false, "files", String.join(",", files), "method", "mean",
			"weights", "EXPTIME", "scale", "exposure").get();
		Table wf = (Table) w.getOutput("frames");
		assertEquals(32.0, wf.getDouble(2, "weight"), 0);
		assertEquals(31.5 / 33, wf.getDouble(3, "scale"), 1e-12);
	}

	@Test
	void combineFramesWorksOnAnOpenStack() throws Exception {
		Img<UnsignedShortType> stack = PlanarImgs.unsignedShorts(8, 5, 3);
		int v = 0;
		for (UnsignedShortType t : stack) t.set(100 + (v++ % 41));
		CommandModule m = commands.run(CombineFramesCommand.class, false, "stack", AstroImage.of("stack", Images.toFloat(stack),
			new FitsHeader().set("OBJECT", "M42", "")), "method", "sigma_clip").get();
		CombineSettings s = new CombineSettings();
		s.method = CombineSettings.Method.SIGMA_CLIP;
		float[] expected = StackCombiner.combine(stack, s, Progress.NONE).value;
		assertArrayEquals(expected, Images.floats(((AstroImage) m.getOutput("combined")).sci()));
		FitsHeader h = ((AstroImage) m.getOutput("combined")).header();
		assertEquals("M42", h.getString("OBJECT"));
		assertEquals(3, h.getDouble("NCOMBINE"), 0);
		assertEquals("slice 2", ((Table) m.getOutput("frames")).getString(1, "frame"));
		assertTrue(failure(CombineFramesCommand.class, "stack", stack, "scale", "exposure").getMessage()
			.startsWith("scale=exposure needs files"));
		assertEquals("nothing to combine: give files, or a directory and pattern, or open a stack",
			failure(CombineFramesCommand.class).getMessage());
	}

	@Test
	void masterCalibrationMakesEveryProductOfASimulatedNight() throws Exception {
		File night = tmp.resolve("night").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", night, "width", 64, "height", 48, "stars", 10,
			"filters", "V,R", "bias_frames", 3, "dark_frames", 2, "flat_frames", 3, "science_frames", 2, "epoch2_frames", 1).get();
		File out = tmp.resolve("calibrated").toFile();
		CommandModule m = commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits",
			"output", out, "combine_science", true).get();
		List<String> written = Arrays.asList(out.list());
		for (String p : List.of("master_bias.fits", "master_dark_60s.fits", "master_dark_180s.fits", "master_flat_V.fits",
			"master_flat_R.fits", "science_V_001_red.fits", "science_R_002_red.fits", "combined_V.fits", "combined_R.fits",
			"bad_pixels.fits", "calibration_summary.csv")) assertTrue(written.contains(p), p + " in " + written);
		assertEquals(13, written.size(), written.toString()); // nothing else: no staging directory left
		// the master bias is the median of the bias frames
		List<String> biasFiles = new ArrayList<>();
		for (int i = 1; i <= 3; i++) biasFiles.add(new File(night, "bias_00" + i + ".fits").getPath());
		CommandModule c = commands.run(CombineFramesCommand.class, false, "files", String.join(",", biasFiles)).get();
		assertArrayEquals(Images.floats(((AstroImage) c.getOutput("combined")).sci()), FitsReader.read(new File(out, "master_bias.fits"),
			"SCI").data());
		FitsImage flat = FitsReader.read(new File(out, "master_flat_V.fits"), "SCI");
		assertEquals(3, flat.header().getDouble("NCOMBINE"), 0);
		assertEquals("flat", flat.header().getString("CALTYPE"));
		assertTrue(String.join(" ", flat.header().history()).contains("inputs: flat_V_001.fits flat_V_002.fits flat_V_003.fits"));
		FitsImage red = FitsReader.read(new File(out, "science_V_001_red.fits"), "SCI");
		String history = String.join(" ", red.header().history());
		assertTrue(history.contains("Master Calibration: directory=night bias=*bias* darks=*dark*"), history);
		assertTrue(history.contains("calibrated: bias master_bias, dark master_dark_60s x 1, flat master_flat_V"), history);
		assertEquals(3, FitsReader.list(new File(out, "science_V_001_red.fits")).size() - 1); // SCI, ERR, DQ
		Table t = (Table) m.getOutput("calibration");
		assertEquals("master_bias.fits", t.getString(0, "product"));
		assertTrue(t.rowCount() >= 3 + 4 + 6 + 4 + 2 + 5);
		assertTrue(((String) m.getOutput("summary")).startsWith("Master Calibration of "));
		assertEquals(t.rowCount(), org.astrofiji.io.CsvTables.read(new File(out, "calibration_summary.csv")).rowCount());
		// a second run needs overwrite
		assertTrue(failure(MasterCalibrationCommand.class, "directory", night, "science", "science_*.fits", "output", out)
			.getMessage().equals("output " + out + " already holds calibration products (calibration_summary.csv); set overwrite " +
				"or choose another directory"));
		commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits", "output", out,
			"overwrite", true).get();
	}

	/**
	 * products: the night made in parts (each master, each reduced frame, the summary; one run each, in
	 * the recipe's order) gives the whole run's files byte for byte.
	 */
	@Test
	void masterCalibrationInPartsMakesTheWholeRunsProducts() throws Exception {
		File night = tmp.resolve("night").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", night, "width", 48, "height", 40, "stars", 8,
			"filters", "V,R", "bias_frames", 3, "dark_frames", 2, "flat_frames", 2, "science_frames", 2, "epoch2_frames", 0).get();
		File whole = tmp.resolve("whole").toFile(), parts = tmp.resolve("parts").toFile();
		commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits", "output", whole).get();
		List<String> order = new ArrayList<>(List.of("master_bias", "master_dark_60s", "master_dark_180s", "master_flat_R",
			"master_flat_V", "bad_pixels"));
		for (String f : new java.util.TreeSet<>(Arrays.asList(night.list()))) {
			if (f.startsWith("science_")) order.add(f.replace(".fits", "_red"));
		}
		assertEquals(10, order.size(), order.toString());
		assertTrue(failure(MasterCalibrationCommand.class, "directory", night, "science", "science_*.fits", "output", parts,
			"products", "master_dark_60s").getMessage().startsWith("products: master_bias is needed but "));
		for (String part : order) commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits",
			"output", parts, "overwrite", true, "products", part).get();
		commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits", "output", parts,
			"overwrite", true, "products", "calibration_summary").get();
		Map<String, String> a = org.astrofiji.pipeline.Snapshot.of(whole), b = org.astrofiji.pipeline.Snapshot.of(parts);
		assertEquals(11, a.size(), a.keySet().toString());
		assertEquals(List.of(), org.astrofiji.pipeline.Snapshot.differences(a, b));
		assertEquals("products: this night has no part 'master_flat_B'; its parts are " + String.join(", ", order) +
			", calibration_summary", failure(MasterCalibrationCommand.class, "directory", night, "science", "science_*.fits",
			"output", parts, "overwrite", true, "products", "master_flat_B").getMessage());
	}

	/**
	 * align_science: each filter's reduced frames aligned onto its first by their stars before they are
	 * combined (the simulated night does not drift: the transforms found are the identity); the summary
	 * and the combined frame's HISTORY say so.
	 */
	@Test
	void alignScienceAlignsTheFramesBeforeCombining() throws Exception {
		File night = tmp.resolve("night").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", night, "width", 160, "height", 160, "stars", 80, "filters", "V",
			"bias_frames", 2, "dark_frames", 1, "flat_frames", 2, "science_frames", 3, "epoch2_frames", 0).get();
		File out = tmp.resolve("aligned").toFile();
		CommandModule m = commands.run(MasterCalibrationCommand.class, false, "directory", night, "science", "science_*.fits", "output",
			out, "combine_science", true, "align_science", true).get();
		String history = String.join(" ", FitsReader.read(new File(out, "combined_V.fits"), "SCI").header().history());
		assertTrue(history.contains("frames aligned onto science_V_001_red by their stars"), history);
		Table t = (Table) m.getOutput("calibration");
		int aligned = 0;
		for (int r = 0; r < t.rowCount(); r++) {
			java.util.regex.Matcher g = java.util.regex.Pattern.compile("aligned onto science_V_001_red: similarity by \\d+ matched " +
				"stars: centre shifted by \\(([-0-9.]+), ([-0-9.]+)\\) px").matcher(t.getString(r, "note"));
			if (!g.find()) continue;
			assertEquals(0, Double.parseDouble(g.group(1)), 0.05, t.getString(r, "note"));
			assertEquals(0, Double.parseDouble(g.group(2)), 0.05, t.getString(r, "note"));
			aligned++;
		}
		assertEquals(2, aligned, "the second and third frames");
		assertTrue(failure(MasterCalibrationCommand.class, "directory", night, "science", "science_*.fits", "output", tmp.resolve("x")
			.toFile(), "align_science", true).getMessage().startsWith("align_science aligns the frames combine_science combines"));
	}

	/** reduced_output: the reduced frames in their own folder, the same pixels, published with the masters; combining reads them back from there. */
	@Test
	void reducedFramesGoToTheirOwnFolder() throws Exception {
		File night = tmp.resolve("night").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", night, "width", 48, "height", 32, "stars", 6, "filters", "V",
			"bias_frames", 2, "dark_frames", 1, "flat_frames", 2, "science_frames", 2, "epoch2_frames", 0).get();
		File together = tmp.resolve("together").toFile(), masters = tmp.resolve("masters").toFile(), reduced = tmp.resolve("reduced")
			.toFile();
		commands.run(MasterCalibrationCommand.class, false, "directory", night, "output", together, "combine_science", true).get();
		CommandModule m = commands.run(MasterCalibrationCommand.class, false, "directory", night, "output", masters, "reduced_output",
			reduced, "combine_science", true).get();
		assertEquals(List.of("science_V_001_red.fits", "science_V_002_red.fits"), Arrays.asList(reduced.list()).stream().sorted()
			.collect(java.util.stream.Collectors.toList()));
		List<String> there = Arrays.asList(masters.list());
		assertTrue(there.contains("master_bias.fits") && there.contains("combined_V.fits") && !there.contains("science_V_001_red.fits"),
			there.toString());
		for (String f : List.of("science_V_001_red.fits", "science_V_002_red.fits")) assertArrayEquals(FitsReader.read(new File(together,
			f), "SCI").data(), FitsReader.read(new File(reduced, f), "SCI").data(), f);
		assertArrayEquals(FitsReader.read(new File(together, "combined_V.fits"), "SCI").data(), FitsReader.read(new File(masters,
			"combined_V.fits"), "SCI").data());
		assertTrue(((String) m.getOutput("summary")).contains(new File(reduced, "science_V_001_red.fits").getPath()), (String) m
			.getOutput("summary"));
		assertTrue(failure(MasterCalibrationCommand.class, "directory", night, "output", tmp.resolve("x").toFile(), "reduced_output",
			night).getMessage().startsWith("reduced_output must not be the input directory"));
	}

	@Test
	void badInputIsNamed() throws Exception {
		int w = 16, h = 12;
		File dir = tmp.resolve("bad").toFile();
		frame("bad/bias_1.fits", noise(w, h, 1000, 1), w, h, "IMAGETYP", "Bias Frame", "EXPTIME", 0.0);
		frame("bad/bias_2.fits", noise(w, h, 1000, 2), w, h, "IMAGETYP", "Bias Frame", "EXPTIME", 0.0);
		frame("bad/dark_1.fits", noise(w, h, 1050, 3), w, h, "IMAGETYP", "Dark Frame", "EXPTIME", 60.0);
		frame("bad/flat_1.fits", noise(w, h, 9000, 4), w, h, "IMAGETYP", "Flat Field", "EXPTIME", 2.0, "FILTER", "V");
		frame("bad/sci_1.fits", noise(w, h, 1500, 5), w, h, "IMAGETYP", "Light Frame", "EXPTIME", 60.0, "FILTER", "V");
		File out = tmp.resolve("bad-out").toFile();

		// frames of different sizes: both files and shapes
		File small = frame("small/b.fits", noise(w - 1, h, 1000, 6), w - 1, h);
		String msg = failure(CombineFramesCommand.class, "files", new File(dir, "bias_1.fits") + "," + small).getMessage();
		assertEquals("frames differ in size: bias_1.fits is 16x12 but b.fits is 15x12", msg);

		// an empty selection names its glob
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "darks", "dk_*.fits", "output", out).getMessage();
		assertEquals("darks: 'dk_*.fits' matched no FITS file in " + dir, msg);
		msg = failure(CombineFramesCommand.class, "directory", dir, "pattern", "*.fts").getMessage();
		assertEquals("pattern '*.fts' matched no FITS file in " + dir, msg);
		// a directory that is none is refused even when absolute file names leave it unused (issue 11 campaign)
		File notDir = new File(dir, "bias_1.fits");
		msg = failure(CombineFramesCommand.class, "files", notDir.getPath(), "directory", notDir).getMessage();
		assertEquals("directory: " + notDir + " is a file, not a directory", msg);
		msg = failure(CombineFramesCommand.class, "files", notDir.getPath(), "directory", new File(dir, "nosuch")).getMessage();
		assertEquals("directory: " + new File(dir, "nosuch") + " does not exist", msg);
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "bias", "dark_*", "output", out).getMessage();
		assertTrue(msg.startsWith("bias: 'dark_*' matched 1 files but none has IMAGETYP in [Bias Frame,bias,zero] (found Dark Frame)"), msg);

		// missing and non-numeric EXPTIME when scaling needs it
		frame("bad/sci_2.fits", noise(w, h, 1500, 7), w, h, "IMAGETYP", "Light Frame", "FILTER", "V");
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "output", out).getMessage();
		assertEquals("sci_2.fits has no EXPTIME keyword; it is needed to scale the dark (scale_darks)", msg);
		frame("bad/sci_2.fits", noise(w, h, 1500, 7), w, h, "IMAGETYP", "Light Frame", "FILTER", "V", "EXPTIME", "long");
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "output", out).getMessage();
		assertEquals("keyword EXPTIME = 'long' in sci_2.fits is not a number; it is needed to scale the dark (scale_darks)", msg);
		msg = failure(CombineFramesCommand.class, "directory", dir, "pattern", "sci_*", "scale", "exposure").getMessage();
		assertEquals("keyword EXPTIME = 'long' in sci_2.fits is not a number; it is needed to scale by exposure (scale=exposure)", msg);
		new File(dir, "sci_2.fits").delete();

		// a flat with zero median (an empty readout labelled as a flat)
		frame("bad/flat_2.fits", new float[w * h], w, h, "IMAGETYP", "Flat Field", "EXPTIME", 2.0, "FILTER", "V");
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "output", out, "bias", "", "darks", "").getMessage();
		assertEquals("flat_2.fits: its median is 0.0; frames can be scaled by median only when it is positive", msg);
		// ... or negative after bias subtraction, once the master bias and dark are made: they are not kept
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "output", out).getMessage();
		assertTrue(msg.startsWith("flat_2.fits: its median is -10"), msg);
		assertFalse(out.exists(), "nothing written, not even the output directory");
		new File(dir, "flat_2.fits").delete();

		// a corrupt (truncated) file in the middle of the list is named, nothing is written
		File cut = frame("bad/flat_15.fits", noise(w, h, 9000, 9), w, h, "IMAGETYP", "Flat Field", "EXPTIME", 2.0, "FILTER", "V");
		try (RandomAccessFile raf = new RandomAccessFile(cut, "rw")) {
			raf.setLength(raf.length() - 2880);
		}
		msg = failure(MasterCalibrationCommand.class, "directory", dir, "output", out).getMessage();
		assertTrue(msg.contains("flat_15.fits is truncated"), msg);
		assertFalse(out.exists());
		msg = failure(CombineFramesCommand.class, "directory", dir, "pattern", "flat_*", "output", tmp.resolve("c.fits").toFile())
			.getMessage();
		assertTrue(msg.contains("flat_15.fits is truncated"), msg);
		assertFalse(tmp.resolve("c.fits").toFile().exists());
		cut.delete();

		// the whole night works once the bad frames are gone
		commands.run(MasterCalibrationCommand.class, false, "directory", dir, "output", out).get();
		assertTrue(new File(out, "sci_1_red.fits").isFile());
		// products never go into the input directory
		assertTrue(failure(MasterCalibrationCommand.class, "directory", dir, "output", dir).getMessage()
			.startsWith("output must not be the input directory"));
	}

	/**
	 * Frames with an overscan strip on the right whose level drifts from frame to frame and along FITS
	 * rows, and BIASSEC/TRIMSEC cards: with overscan=header and trim=header the drift is removed row by
	 * row and the data section kept, so the science frame reduces to its signal exactly.
	 */
	@Test
	void overscanAndTrimSectionsFromTheHeader() throws Exception {
		int w = 20, h = 10;
		File dir = tmp.resolve("os").toFile();
		for (int f = 0; f < 4; f++) {
			float[] a = new float[w * h];
			for (int y = 0; y < h; y++) {
				int fitsRow = h - y;
				for (int x = 0; x < w; x++) {
					double level = 1000 + 7 * f + 2 * fitsRow;
					a[y * w + x] = (float) (x < 16 ? level + 3 * (x % 4) + (f == 3 ? 500 : 0) : level);
				}
			}
			frame("os/" + (f < 3 ? "bias_" + f : "sci") + ".fits", a, w, h, "IMAGETYP", f < 3 ? "Bias Frame" : "Light Frame",
				"EXPTIME", f < 3 ? 0.0 : 30.0, "BIASSEC", "[17:20,1:10]", "TRIMSEC", "[1:16,2:10]", "CTYPE1", "RA---TAN",
				"CTYPE2", "DEC--TAN", "CRPIX1", 10.0, "CRPIX2", 5.0, "CRVAL1", 150.0, "CRVAL2", 2.0, "CD1_1", -1e-4, "CD1_2", 0.0,
				"CD2_1", 0.0, "CD2_2", 1e-4);
		}
		File out = tmp.resolve("os-out").toFile();
		commands.run(MasterCalibrationCommand.class, false, "directory", dir, "output", out, "overscan", "header", "trim", "header").get();
		FitsImage sci = FitsReader.read(new File(out, "sci_red.fits"), "SCI");
		assertEquals(16, sci.width());
		assertEquals(9, sci.height());
		assertArrayEquals(filled(16 * 9, 500), sci.data());
		// the WCS follows the trim: the reduced frame's pixel (1, 1) is the raw frame's (1, 2)
		double[] raw = Wcs.from(FitsReader.readHeader(new File(dir, "sci.fits"), null)).pixelToSky(1, 2);
		double[] trimmed = Wcs.from(sci.header()).pixelToSky(1, 1);
		assertEquals(raw[0], trimmed[0], 1e-12);
		assertEquals(raw[1], trimmed[1], 1e-12);
		Table t = org.astrofiji.io.CsvTables.read(new File(out, "calibration_summary.csv"));
		assertTrue(t.getString(0, "note").contains("overscan [17:20,1:10]; trim [1:16,2:10]"), t.getString(0, "note"));
		// a frame without the card is named
		frame("os/bias_9.fits", new float[w * h], w, h, "IMAGETYP", "Bias Frame");
		assertEquals("overscan=header but bias_9.fits has no BIASSEC keyword", failure(MasterCalibrationCommand.class,
			"directory", dir, "output", tmp.resolve("os-out2").toFile(), "overscan", "header").getMessage());
	}

	static float[] filled(int n, float v) {
		float[] a = new float[n];
		Arrays.fill(a, v);
		return a;
	}
}
