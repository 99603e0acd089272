package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.subtraction.CandidateMontage;
import org.astrofiji.core.subtraction.FluxRatio;
import org.astrofiji.core.subtraction.ImageSubtraction;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Image Subtraction (ZOGY) through SciJava's CommandService on a simulated night's V frame and its
 * second epoch (seeing 25 % worse, two transients, five variable stars): the transients are found,
 * S_corr has unit noise, the outputs are written; bad inputs are named.
 */
class ImageSubtractionCommandTest {

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
		commands.run(SimulateObservationCommand.class, false, "output", night.toFile(), "seed", 4L, "width", 400, "height", 360,
			"stars", 150, "filters", "V", "bias_frames", 0, "dark_frames", 0, "flat_frames", 0, "science_frames", 1,
			"epoch2_frames", 1, "cosmics", 0).get();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(Object... args) throws Exception {
		return commands.run(ImageSubtractionCommand.class, false, args).get();
	}

	@Test
	void theSecondEpochsTransientsAreFound() throws Exception {
		File out = tmp.resolve("diff.fits").toFile();
		CommandModule m = run("reference_input", night.resolve("science_V_001.fits").toFile(), "input", night.resolve(
			"epoch2_V_001.fits").toFile(), "psf", "gaussian", "output", out, "table_file", tmp.resolve("c.csv").toFile(),
			"regions_file", tmp.resolve("c.reg").toFile());
		Table c = (Table) m.getOutput("candidates");
		Table truth = CsvTables.read(night.resolve("truth/transients.csv").toFile());
		for (int t = 0; t < truth.rowCount(); t++) {
			double best = 1e9, s = 0;
			for (int i = 0; i < c.rowCount(); i++) {
				double d = Math.hypot(c.getDouble(i, "x") - truth.getDouble(t, "x"), c.getDouble(i, "y") - truth.getDouble(t, "y"));
				if (d < best) {
					best = d;
					s = c.getDouble(i, "s_corr");
				}
			}
			assertTrue(best < 1, "transient " + t + " missed by " + best + " px: " + m.getOutput("summary"));
			assertTrue(s > 5, "transient S_corr " + s);
		}
		// every image in the file carries the run's HISTORY line (provenance)
		List<String> hdus = List.of("SCI", "SCORR", "PSF_D", CandidateMontage.EXTNAME);
		for (String e : hdus) {
			List<String> h = FitsReader.readImage(out.getPath() + "[" + e + "]").header().history();
			assertTrue(String.join(" ", h).contains("Image Subtraction (ZOGY)"), e + "'s HISTORY: " + h);
		}
		AstroImage sc = (AstroImage) m.getOutput("s_corr");
		float[] v = sc.data();
		short[] dq = sc.dqData();
		// over the pixels away from the stars (the PSF-error term lowers S_corr around each of them: with
		// these Gaussian PSFs on seeing-limited stars, over half the frame)
		Table stars = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		int sw = sc.width(), sh = sc.height();
		boolean[] near = new boolean[sw * sh];
		for (int i = 0; i < stars.rowCount(); i++) {
			int cx = (int) Math.rint(stars.getDouble(i, "x") - 1), cy = (int) Math.rint(sh - stars.getDouble(i, "y"));
			double r = stars.getDouble(i, "peak_V") > 1000 ? 15 : 6;
			for (int y = Math.max(0, cy - 15); y <= Math.min(sh - 1, cy + 15); y++) {
				for (int x = Math.max(0, cx - 15); x <= Math.min(sw - 1, cx + 15); x++) if (Math.hypot(x - cx, y - cy) <= r) near[y * sw + x] = true;
			}
		}
		double[] clean = new double[v.length];
		int n = 0;
		for (int p = 0; p < v.length; p++) if (dq[p] == 0 && !near[p]) clean[n++] = v[p];
		double std = Medians.MAD_TO_SIGMA * Medians.mad(Arrays.copyOf(clean, n));
		assertTrue(n > 10000 && std > 0.9 && std < 1.1, "robust std of S_corr " + std + " over " + n + " pixels away from stars");
		assertEquals(c.rowCount(), CsvTables.read(tmp.resolve("c.csv").toFile()).rowCount());
		assertTrue(tmp.resolve("c.reg").toFile().length() > 0);
		AstroImage d = FitsReader.readImage(out + "[SCI]");
		assertEquals(400, d.width());
		assertTrue(d.hasDq());
		AstroImage s2 = FitsReader.readImage(out + "[SCORR]");
		assertEquals(sc.data()[1234], s2.data()[1234], 1e-6);
		AstroImage pd = FitsReader.readImage(out + "[PSF_D]");
		double sum = 0;
		for (float f : pd.data()) sum += f;
		assertEquals(1, sum, 1e-4);
		// the cut-out montage: a row per candidate (25 at most), its D panels D's pixels around each candidate
		AstroImage montage = (AstroImage) m.getOutput("montage");
		AstroImage cut = FitsReader.readImage(out + "[CUTOUTS]");
		int rows = Math.min(25, c.rowCount()), size = 21, gap = 2, w = d.width(), h = d.height();
		assertEquals(rows, (int) cut.header().getDouble("CUTROWS", 0));
		assertEquals(rows * size + (rows - 1) * gap, montage.height());
		assertEquals(3 * size + 2 * gap, cut.width());
		float[] dd = ((AstroImage) m.getOutput("difference")).data(), mm = montage.data();
		for (int k = 0; k < rows; k++) {
			int cx = (int) Math.rint(c.getDouble(k, "x") - 1), cy = (int) Math.rint(h - c.getDouble(k, "y"));
			for (int j = -10; j <= 10; j++) {
				for (int i = -10; i <= 10; i++) {
					float cv = mm[(k * (size + gap) + 10 + j) * montage.width() + 2 * (size + gap) + 10 + i];
					int x = cx + i, y = cy + j;
					if (x < 0 || y < 0 || x >= w || y >= h) assertTrue(Float.isNaN(cv));
					else assertEquals(dd[y * w + x], cv, 0, "candidate " + (k + 1));
				}
			}
		}
		assertEquals(mm[5 * montage.width() + 50], cut.data()[5 * montage.width() + 50], 0);
		// limited, and off
		assertEquals(2 * size + gap, ((AstroImage) run("reference_input", night.resolve("science_V_001.fits").toFile(), "input",
			night.resolve("epoch2_V_001.fits").toFile(), "cutouts", 2).getOutput("montage")).height());
		assertEquals(null, run("reference_input", night.resolve("science_V_001.fits").toFile(), "input", night.resolve(
			"epoch2_V_001.fits").toFile(), "cutouts", 0).getOutput("montage"));
	}

	/** A shifted frame (the second epoch moved by Shift Image): the fitted shift recovers it, a given one gives the same S_corr. */
	@Test
	void aGivenShiftEqualsTheFittedOne() throws Exception {
		AstroImage ref = FitsReader.readImage(night.resolve("science_V_001.fits").toString());
		double dx = 0.6, dy = -0.4;
		AstroImage moved = (AstroImage) commands.run(ShiftImageCommand.class, false, "input", night.resolve("epoch2_V_001.fits")
			.toFile(), "dx", dx, "dy", dy, "fill", "zero").get().getOutput("shifted");
		ImageSubtraction.Settings fit = new ImageSubtraction.Settings();
		fit.subtraction.fitShift = true;
		fit.subtraction.astrometricRms = 0; // one key sets both axes; the fit's own scatter differs per axis
		ImageSubtraction.Result fitted = ImageSubtraction.run(ref, moved, fit, Progress.NONE);
		FluxRatio f = fitted.subtraction.fluxRatio();
		assertEquals(dx, f.shiftX, 0.05, "fitted shift: " + f);
		assertEquals(dy, f.shiftY, 0.05, "fitted shift: " + f);
		// the given shift and beta (no fit) reproduce the fitted S_corr, noise terms as the fit set them
		CommandModule given = run("reference", ref, "image", moved, "beta", f.beta, "shift_x", f.shiftX, "shift_y", f.shiftY,
			"astrometric_rms", 0.0, "flux_ratio_rms", fitted.subtraction.fluxRatioRms());
		float[] a = fitted.correctedScore.data(), b = ((AstroImage) given.getOutput("s_corr")).data();
		double maxDiff = 0;
		for (int p = 0; p < a.length; p++) maxDiff = Math.max(maxDiff, Math.abs(a[p] - b[p]));
		assertTrue(maxDiff < 0.05, "largest S_corr difference, given vs fitted shift: " + maxDiff);
		assertEquals(fitted.candidates.size(), ((Table) given.getOutput("candidates")).rowCount());
		// the true shift given instead of the fitted one: the same candidates
		CommandModule truth = run("reference", ref, "image", moved, "shift_x", dx, "shift_y", dy);
		assertEquals(fitted.candidates.size(), ((Table) truth.getOutput("candidates")).rowCount(), "" + truth.getOutput("summary"));
	}

	/**
	 * The noise terms near bright stars (no flux-ratio or PSF-error term, to see them alone: the PSF-error
	 * term of these Gaussian PSFs on seeing-limited stars brings the plain run's 25 to about 1 already): with the new image 0.3 px
	 * off and no shift fit, bright stars leave dipoles in S_corr (mean peak |S_corr| 25 within 5 px of the
	 * 37 unsaturated stars peaking above 2000 ADU); an astrometric term of 0.3 px damps them (to 4.0),
	 * leaving sky pixels nearly alone (median change 0.004 of the sky noise, once S_corr's global noise
	 * normalisation, which the term moves by 13 %, is divided out); without the sources' noise they grow (to 50).
	 */
	@Test
	void noiseTermsChangeScorrNearBrightStars() throws Exception {
		AstroImage ref = FitsReader.readImage(night.resolve("science_V_001.fits").toString());
		AstroImage moved = (AstroImage) commands.run(ShiftImageCommand.class, false, "input", night.resolve("epoch2_V_001.fits")
			.toFile(), "dx", 0.3, "dy", 0.0, "fill", "zero").get().getOutput("shifted");
		float[] plain = scorr(run("reference", ref, "image", moved, "astrometric_rms", 0.0, "flux_ratio_rms", 0.0, "psf_error", false));
		float[] ast = scorr(run("reference", ref, "image", moved, "astrometric_rms", 0.3, "flux_ratio_rms", 0.0, "psf_error", false));
		float[] noSource = scorr(run("reference", ref, "image", moved, "astrometric_rms", 0.0, "flux_ratio_rms", 0.0, "source_noise", false,
			"psf_error", false));
		Table stars = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		int w = ref.width(), h = ref.height(), bright = 0;
		double near0 = 0, nearAst = 0, nearNoSource = 0;
		boolean[] nearStar = new boolean[w * h];
		for (int i = 0; i < stars.rowCount(); i++) {
			int cx = (int) Math.rint(stars.getDouble(i, "x") - 1), cy = (int) Math.rint(h - stars.getDouble(i, "y"));
			boolean brightStar = stars.getDouble(i, "saturated") == 0 && stars.getDouble(i, "peak_V") > 2000;
			double m0 = 0, m1 = 0, m2 = 0;
			for (int y = Math.max(0, cy - 12); y <= Math.min(h - 1, cy + 12); y++) {
				for (int x = Math.max(0, cx - 12); x <= Math.min(w - 1, cx + 12); x++) {
					int p = y * w + x;
					nearStar[p] = true;
					if (Math.hypot(x - cx, y - cy) > 5) continue;
					m0 = Math.max(m0, Math.abs(plain[p]));
					m1 = Math.max(m1, Math.abs(ast[p]));
					m2 = Math.max(m2, Math.abs(noSource[p]));
				}
			}
			if (!brightStar || m0 == 0) continue;
			bright++;
			near0 += m0;
			nearAst += m1;
			nearNoSource += m2;
		}
		assertTrue(bright >= 3, bright + " bright stars");
		assertTrue(nearAst < 0.5 * near0, "mean peak |S_corr| at bright stars, astrometric term on/off: " + nearAst / bright + " / " +
			near0 / bright);
		assertTrue(nearNoSource > 1.5 * near0, "mean peak |S_corr| at bright stars, source noise off/on: " + nearNoSource / bright +
			" / " + near0 / bright);
		// away from stars (the bright ones' wings aside) the astrometric term changes next to nothing, once
		// the global normalisation is set aside: S_corr is divided by its own measured noise (NoiseScale), which
		// the term shifts by damping the faint stars' dipoles (this resampled raw pair: sky noise 1.03 with it, 0.91 without)
		double sp = skySigma(plain, nearStar), sa = skySigma(ast, nearStar);
		float[] d = new float[plain.length];
		int n = 0;
		for (int p = 0; p < plain.length; p++) if (!nearStar[p]) d[n++] = (float) Math.abs(ast[p] / sa - plain[p] / sp);
		double[] q = org.astrofiji.core.stats.Percentiles.of(Arrays.copyOf(d, n), 50, 99);
		System.out.println("sky noise of S_corr with/without the astrometric term " + sa + ", " + sp + "; change over it " + q[0] + ", " + q[1]);
		assertTrue(q[0] < 0.01 && q[1] < 0.25, "S_corr change away from stars (each over its sky noise " + sa + ", " + sp +
			"), median and 99th percentile: " + q[0] + ", " + q[1]);
	}

	/** MAD-based standard deviation of the pixels not flagged in {@code skip}. */
	private static double skySigma(float[] a, boolean[] skip) {
		float[] v = new float[a.length];
		int n = 0;
		for (int p = 0; p < a.length; p++) if (!skip[p] && Float.isFinite(a[p])) v[n++] = a[p];
		double m = org.astrofiji.core.stats.Medians.select(v, n, n / 2);
		for (int i = 0; i < n; i++) v[i] = (float) Math.abs(v[i] - m);
		return org.astrofiji.core.stats.Medians.MAD_TO_SIGMA * org.astrofiji.core.stats.Medians.select(v, n, n / 2);
	}

	private static float[] scorr(CommandModule m) {
		return ((AstroImage) m.getOutput("s_corr")).data();
	}

	private static AstroImage noise(int w, int h) {
		java.util.Random r = new java.util.Random(1);
		float[] a = new float[w * h];
		for (int p = 0; p < a.length; p++) a[p] = (float) (100 + 5 * r.nextGaussian());
		return AstroImage.of("noise", a, w, h, new FitsHeader());
	}

	private static String message(Object... args) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(args));
		Throwable t = e;
		while (t.getCause() != null) t = t.getCause();
		return t.getMessage();
	}

	@Test
	void badInputsAreNamed() {
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 48)).contains("align"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "beta", -1.0).contains("beta"));
		assertTrue(message("image", noise(64, 64)).startsWith("reference:"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "model_new", tmp.resolve("x.fits").toFile())
			.contains("psf=model"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "psf", "model", "model_new", tmp.resolve("x.fits")
			.toFile()).startsWith("model_new: no such file"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "cutout_size", 20).startsWith("cutout_size"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "cutouts", -1).startsWith("cutouts"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "shift_x", Double.NaN).startsWith("shift_x"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "shift_y", 1e6).startsWith("shift_y"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "astrometric_rms", 50.0).startsWith("astrometric_rms"));
		assertTrue(message("reference", noise(64, 64), "image", noise(64, 64), "flux_ratio_rms", 2.0).startsWith("flux_ratio_rms"));
	}
}
