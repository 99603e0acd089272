package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** macros/master_calibration.ijm and macros/combine_frames.ijm, run headless as users run them. */
class CalibrationMacrosTest {

	@TempDir
	static Path night;

	@BeforeAll
	static void simulateNight() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			context.service(CommandService.class).run(org.astrofiji.command.SimulateObservationCommand.class, false, "output",
				night.toFile(), "width", 96, "height", 80, "stars", 15, "filters", "V,R", "bias_frames", 3, "dark_frames", 2,
				"flat_frames", 3, "science_frames", 2, "epoch2_frames", 0).get();
		}
	}

	static String[] run(String macro, String csv) throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", macro).toPath()), night.toString());
		return Files.readString(night.resolve(csv)).trim().split(",");
	}

	static double median(float[] a) {
		float[] s = a.clone();
		java.util.Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * ((double) s[n / 2 - 1] + s[n / 2]);
	}

	@Test
	void masterCalibrationMacroReducesTheNight() throws Exception {
		String[] r = run("master_calibration.ijm", "calibrated/master_calibration.csv");
		File out = night.resolve("calibrated").toFile();
		FitsImage red = FitsReader.read(new File(out, "science_V_001_red.fits"), "SCI");
		assertEquals("science_V_001_red.fits[SCI]", r[0]);
		assertEquals(96, Integer.parseInt(r[1]));
		assertEquals(80, Integer.parseInt(r[2]));
		assertEquals(median(red.data()), Double.parseDouble(r[3]), 1e-3);
		// sky 20 e-/s x 60 s / 1.5 e-/ADU = 800 ADU, plus a few faint stars
		assertEquals(800, Double.parseDouble(r[3]), 10);
		for (String p : List.of("master_bias.fits", "master_dark_60s.fits", "master_flat_R.fits", "science_R_002_red.fits",
			"combined_V.fits", "calibration_summary.csv")) assertTrue(new File(out, p).isFile(), p);
		assertTrue(String.join(" ", red.header().history()).contains("Master Calibration: directory=") &&
			String.join(" ", red.header().history()).contains("scale_darks=true"), red.header().history().toString());
	}

	@Test
	void combineFramesMacroCombinesFilesAndAnOpenStack() throws Exception {
		String[] r = run("combine_frames.ijm", "combined/combine_frames.csv");
		File dir = night.toFile();
		List<float[]> bias = new ArrayList<>(), flats = new ArrayList<>();
		for (int i = 1; i <= 3; i++) bias.add(FitsReader.read(new File(dir, "bias_00" + i + ".fits"), null).data());
		for (int i = 1; i <= 3; i++) flats.add(FitsReader.read(new File(dir, "flat_V_00" + i + ".fits"), null).data());
		float[] master = StackCombiner.combine(bias, 96, 80, new CombineSettings(), Progress.NONE).value;
		assertArrayEquals(master, FitsReader.read(new File(dir, "combined/master_bias.fits"), "SCI").data());
		CombineSettings s = new CombineSettings();
		s.method = CombineSettings.Method.SIGMA_CLIP;
		float[] flat = StackCombiner.combine(flats, 96, 80, s, Progress.NONE).value;
		FitsImage saved = FitsReader.read(new File(dir, "combined/flat_V_sigma_clip.fits"), null);
		assertArrayEquals(flat, saved.data());
		String history = String.join(" ", saved.header().history());
		assertTrue(history.contains("Combine Frames: ") && history.contains("method=sigma_clip") &&
			history.contains("inputs: slice 1 slice 2 slice 3"), history);
		double mean = 0;
		for (float v : master) mean += v / master.length;
		assertEquals(mean, Double.parseDouble(r[0]), 1e-3);
		mean = 0;
		for (float v : flat) mean += v / flat.length;
		assertEquals(mean, Double.parseDouble(r[1]), 1e-2);
		assertEquals(96, Integer.parseInt(r[2]));
	}
}
