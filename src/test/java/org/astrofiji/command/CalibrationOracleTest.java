package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.astrofiji.core.Coordinates;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * Acceptance: Combine Frames and Master Calibration against ccdproc (../shared/oracle/ccd_calib.py) on
 * the SBIG darks, the TIRCAM2 night and a simulated stack, to 1e-5 relative (expected values made by
 * src/test/oracle/calibration_expected.py).
 */
class CalibrationOracleTest {

	static final String EXPECTED = "/expected/calibration/";
	/** |ours - ccdproc| <= 1e-5 max(|ccdproc|, 1 ADU). */
	static final double TOLERANCE = 1e-5;

	static Context context;
	static CommandService commands;
	static Map<String, Map<String, Double>> stats = new HashMap<>();

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		for (Map<String, String> row : SharedData.csv(EXPECTED + "stats.csv")) {
			Map<String, Double> m = new HashMap<>();
			for (String k : List.of("finite", "sum", "sumsq", "min", "max")) m.put(k, Double.parseDouble(row.get(k)));
			stats.put(row.get("case"), m);
		}
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static float[] sci(File f) throws Exception {
		return FitsReader.read(f, "SCI").data();
	}

	/** Compares the sampled pixels of a case; returns the largest relative difference. */
	static double compareSamples(String kase, float[] ours, int w, int h) throws Exception {
		return compareSamples(kase, ours, w, h, Set.of());
	}

	/** Compares the sampled pixels except those at the given memory indices. */
	static double compareSamples(String kase, float[] ours, int w, int h, Set<Integer> except) throws Exception {
		double worst = 0;
		List<Map<String, String>> rows = SharedData.csv(EXPECTED + kase + ".csv");
		assertTrue(rows.size() > 500, kase + ": " + rows.size() + " samples");
		for (Map<String, String> r : rows) {
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			double ref = Double.parseDouble(r.get("value"));
			int p = Coordinates.memoryRow(row, h) * w + col;
			if (except.contains(p)) continue;
			double v = ours[p];
			double rel = Math.abs(v - ref) / Math.max(Math.abs(ref), 1);
			assertTrue(rel <= TOLERANCE, kase + " at numpy [" + row + ", " + col + "]: " + v + " vs ccdproc " + ref);
			worst = Math.max(worst, rel);
		}
		return worst;
	}

	/** Whole-image statistics over the finite pixels: count exact, sums and extremes to the tolerance. */
	static void compareStats(String kase, float[] ours) {
		Map<String, Double> e = stats.get(kase);
		double n = 0, sum = 0, sumsq = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : ours) {
			if (!Float.isFinite(v)) continue;
			n++;
			sum += v;
			sumsq += (double) v * v;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertEquals(e.get("finite"), n, 0, kase + " finite pixels");
		assertEquals(e.get("sumsq"), sumsq, 1e-6 * e.get("sumsq"), kase + " sum of squares");
		assertEquals(e.get("sum"), sum, 1e-6 * Math.sqrt(e.get("sumsq") * n), kase + " sum");
		assertEquals(e.get("min"), min, TOLERANCE * Math.max(1, Math.abs(e.get("min"))), kase + " min");
		assertEquals(e.get("max"), max, TOLERANCE * Math.max(1, Math.abs(e.get("max"))), kase + " max");
	}

	/** A number as Python writes it (inf, -inf, nan included). */
	static double number(String s) {
		switch (s) {
			case "inf": return Double.POSITIVE_INFINITY;
			case "-inf": return Double.NEGATIVE_INFINITY;
			case "nan": return Double.NaN;
			default: return Double.parseDouble(s);
		}
	}

	File combine(String name, String files, Object... keyValues) throws Exception {
		File out = tmp.resolve(name + ".fits").toFile();
		Object[] args = new Object[keyValues.length + 4];
		args[0] = "files";
		args[1] = files;
		args[2] = "output";
		args[3] = out;
		System.arraycopy(keyValues, 0, args, 4, keyValues.length);
		commands.run(CombineFramesCommand.class, false, args).get();
		return out;
	}

	File calibrate(File dir, String name, Object... keyValues) throws Exception {
		File out = tmp.resolve(name).toFile();
		Object[] args = new Object[keyValues.length + 4];
		args[0] = "directory";
		args[1] = dir;
		args[2] = "output";
		args[3] = out;
		System.arraycopy(keyValues, 0, args, 4, keyValues.length);
		commands.run(MasterCalibrationCommand.class, false, args).get();
		return out;
	}

	@Test
	void sbigDarksCombineAsCcdproc() throws Exception {
		File dir = SharedData.dir("sbig-stl1001-bias-darks");
		StringBuilder files = new StringBuilder();
		for (int i = 0; i < 5; i++) files.append(i == 0 ? "" : ",").append(new File(dir, "10dark_" + i + ".FIT"));
		float[] median = sci(combine("median", files.toString()));
		compareSamples("sbig_median", median, 1024, 1024);
		compareStats("sbig_median", median);
		float[] clip = sci(combine("sigclip", files.toString(), "method", "sigma_clip"));
		compareSamples("sbig_sigclip", clip, 1024, 1024);
		compareStats("sbig_sigclip", clip);
		float[] mad = sci(combine("sigclip_mad", files.toString(), "method", "sigma_clip", "center", "median", "deviation", "mad_std"));
		compareSamples("sbig_sigclip_mad", mad, 1024, 1024);
		compareStats("sbig_sigclip_mad", mad);
	}

	@Test
	void sbigDarkScaledToEachExposureAsCcdproc() throws Exception {
		File dir = SharedData.dir("sbig-stl1001-bias-darks");
		// the 10..130 s darks play science frames: select by name only (their IMAGETYP is 'Dark Frame')
		File out = calibrate(dir, "sbig", "bias", "0cbias.FIT", "darks", "10dark_*.FIT", "flats", "", "science", "timedark*.FIT",
			"imagetyp_key", "");
		for (int i = 0; i < 7; i++) {
			float[] red = sci(new File(out, "timedark" + i + "_red.fits"));
			if (i == 0 || i == 6) compareSamples("sbig_reduce_timedark" + i, red, 1024, 1024);
			compareStats("sbig_reduce_timedark" + i, red);
		}
		assertTrue(new File(out, "master_dark_30s.fits").isFile());
	}

	/**
	 * ccdproc's reduce on TIRCAM2: equal to 1e-5 wherever ccdproc's result is finite and the flat is
	 * positive; where the master flat is <= 0 (6 zeros, where ccdproc has inf/NaN, and 35 negative
	 * values) our pixels are NaN and flagged in DQ.
	 */
	@Test
	void tircamReductionAsCcdprocWithBadFlatPixelsFlagged() throws Exception {
		File dir = SharedData.dir("tircam2-ic310-jband");
		File out = calibrate(dir, "tircam", "bias", "bias_*.fits", "darks", "", "flats", "flats*.fits", "science", "IC310_*.fits",
			"flat_scale", "none", "filter_key", "FILTER1");
		compareSamples("tircam_master_bias", sci(new File(out, "master_bias.fits")), 512, 512);
		compareStats("tircam_master_bias", sci(new File(out, "master_bias.fits")));
		// our master flat is normalized to mean 1; ccdproc's is not
		float[] flat = sci(new File(out, "master_flat_J.fits"));
		double mean = stats.get("tircam_master_flat").get("sum") / stats.get("tircam_master_flat").get("finite");
		float[] unnormalized = new float[flat.length];
		for (int i = 0; i < flat.length; i++) unnormalized[i] = (float) (flat[i] * mean);
		compareSamples("tircam_master_flat", unnormalized, 512, 512);
		List<Map<String, String>> bad = SharedData.csv(EXPECTED + "tircam_flat_le0.csv");
		assertEquals(41, bad.size());
		Set<Integer> badPixels = new HashSet<>();
		int zeros = 0;
		for (Map<String, String> b : bad) {
			badPixels.add(Coordinates.memoryRow(Integer.parseInt(b.get("row")), 512) * 512 + Integer.parseInt(b.get("col")));
			if (Double.parseDouble(b.get("flat")) == 0) zeros++;
		}
		assertEquals(6, zeros);
		for (int i = 1; i <= 5; i++) {
			File f = new File(out, "IC310_" + i + "_red.fits");
			FitsImage dq = FitsReader.read(f, "DQ");
			float[] red = sci(f), flags = dq.data();
			int nan = 0;
			double sumBad = 0, sumsqBad = 0;
			for (int p = 0; p < red.length; p++) {
				boolean isBad = badPixels.contains(p);
				assertEquals(isBad, Float.isNaN(red[p]), "IC310_" + i + " pixel " + p);
				assertEquals(isBad ? 1 : 0, (int) flags[p] & 1, "DQ of IC310_" + i + " pixel " + p);
				assertTrue(!Float.isInfinite(red[p]));
				if (isBad) nan++;
			}
			assertEquals(41, nan);
			for (Map<String, String> b : bad) {
				double v = number(b.get("IC310_" + i));
				if (Double.isFinite(v)) {
					sumBad += v;
					sumsqBad += v * v;
				}
			}
			if (i == 1 || i == 5) compareSamples("tircam_IC310_" + i, red, 512, 512, badPixels);
			// statistics: ccdproc's finite pixels = ours + the 35 negative-flat pixels
			Map<String, Double> e = stats.get("tircam_IC310_" + i);
			double n = 0, sum = 0, sumsq = 0;
			for (float v : red) {
				if (Float.isNaN(v)) continue;
				n++;
				sum += v;
				sumsq += (double) v * v;
			}
			assertEquals(e.get("finite") - 35, n, 0);
			assertEquals(e.get("sumsq") - sumsqBad, sumsq, 1e-6 * e.get("sumsq"));
			assertEquals(e.get("sum") - sumBad, sum, 1e-6 * Math.sqrt(e.get("sumsq") * n));
		}
		assertTrue(FitsReader.read(new File(out, "IC310_1_red.fits"), "SCI").header().history().toString().contains("flat master_flat_J"));
	}

	/** The seed recipe: (sci - dark) / (flat - bias) * mean(flat - bias), the biases used as the dark. */
	@Test
	void tircamSeedRecipe() throws Exception {
		File dir = SharedData.dir("tircam2-ic310-jband");
		File out = calibrate(dir, "seed", "bias", "bias_*.fits", "darks", "bias_*.fits", "flats", "flats*.fits", "science",
			"IC310_1.fits", "scale_darks", false, "flat_scale", "none");
		float[] red = sci(new File(out, "IC310_1_red.fits"));
		Set<Integer> badPixels = new HashSet<>();
		for (Map<String, String> b : SharedData.csv(EXPECTED + "tircam_flat_le0.csv")) {
			badPixels.add(Coordinates.memoryRow(Integer.parseInt(b.get("row")), 512) * 512 + Integer.parseInt(b.get("col")));
		}
		compareSamples("tircam_seed_IC310_1", red, 512, 512, badPixels);
		int nan = 0;
		for (float v : red) if (Float.isNaN(v)) nan++;
		assertEquals(41, nan);
	}

	/** A simulated stack: even-N median of biases, sigma clipping of darks with cosmic rays, median of flats. */
	@Test
	void simulatedStacksCombineAsCcdproc() throws Exception {
		File night = tmp.resolve("sim").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", night, "seed", 7L, "width", 96, "height", 96, "stars", 30,
			"filters", "V", "bias_frames", 8, "dark_frames", 6, "flat_frames", 7, "science_frames", 1, "epoch2_frames", 0).get();
		float[] bias = sci(combine("simbias", "", "directory", night, "pattern", "bias_*.fits"));
		compareSamples("sim_bias_median", bias, 96, 96);
		compareStats("sim_bias_median", bias);
		float[] clip = sci(combine("simdark", "", "directory", night, "pattern", "dark_180s_*.fits", "method", "sigma_clip"));
		compareSamples("sim_dark_sigclip", clip, 96, 96);
		compareStats("sim_dark_sigclip", clip);
		float[] mad = sci(combine("simdarkmad", "", "directory", night, "pattern", "dark_180s_*.fits", "method", "sigma_clip",
			"center", "median", "deviation", "mad_std", "sigma_low", 2.5, "sigma_high", 2.0));
		compareSamples("sim_dark_sigclip_mad", mad, 96, 96);
		compareStats("sim_dark_sigclip_mad", mad);
		float[] flat = sci(combine("simflat", "", "directory", night, "pattern", "flat_V_*.fits"));
		compareSamples("sim_flat_median", flat, 96, 96);
		compareStats("sim_flat_median", flat);
	}
}
