package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfModelDescription;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.core.subtraction.Epoch;
import org.astrofiji.core.subtraction.ImageSubtraction;
import org.astrofiji.core.subtraction.PsfFields;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.PsfModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Proper Coadd through SciJava's CommandService on three simulated calibrated frames of one field
 * (seeing 3-4 px, sky 10-30 e-/s, transparency 1, 0.9, 0.8): flux scales fitted, a score with unit
 * noise, the outputs written; bad inputs named.
 */
class ProperCoaddCommandTest {

	static Context context;
	static CommandService commands;
	@TempDir
	static Path night;
	/** Pixels free of stars in the noiseless first frame. */
	static boolean[] blank;
	static FieldEpochs field;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		// calibrated frames (a raw night's flat and bias patterns are the same in every frame: not independent noise)
		SimulationSettings s = new SimulationSettings();
		s.width = 320;
		s.height = 300;
		s.stars = 120;
		s.seed = 6;
		s.brightest = 3000;
		s.faintest = 20;
		field = new FieldEpochs(s, 0, 0, 0);
		FieldEpochs.Epoch e1 = new FieldEpochs.Epoch().fwhm(3).sky(10).transparency(1).seed(1);
		float[] ideal = field.ideal(e1);
		blank = new boolean[ideal.length];
		for (int p = 0; p < ideal.length; p++) blank[p] = ideal[p] - 10 * s.exposure / s.gain < 1e-4 * field.noise(e1);
		for (int j = 1; j <= 3; j++) {
			float[] f = field.frame(new FieldEpochs.Epoch().fwhm(2.5 + 0.5 * j).sky(10 * j).transparency(1.1 - 0.1 * j).seed(j));
			FitsWriter.write(night.resolve("science_V_00" + j + ".fits").toFile(), false, Hdu.of(AstroImage.of("frame", f, 320, 300,
				new FitsHeader())));
		}
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(Object... args) throws Exception {
		return commands.run(ProperCoaddCommand.class, false, args).get();
	}

	@Test
	void threeFramesCoadd() throws Exception {
		File out = tmp.resolve("coadd.fits").toFile();
		CommandModule m = run("frames", night.resolve("science_V_00*.fits").toString(), "psf", "gaussian", "output", out);
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("proper coadd of 3 images"), summary);
		AstroImage score = (AstroImage) m.getOutput("score");
		float[] v = score.data();
		double[] b = new double[v.length];
		int n = 0;
		for (int p = 0; p < v.length; p++) if (blank[p] && p % 320 > 20 && p % 320 < 300 && p / 320 > 20 && p / 320 < 280) b[n++] = v[p];
		assertTrue(n > 2000, n + " blank pixels");
		double std = Medians.MAD_TO_SIGMA * Medians.mad(java.util.Arrays.copyOf(b, n));
		assertEquals(1, std, 0.1, "robust std of the score; " + summary);
		// the flux scales are the transparencies relative to the first, 0.9 and 0.8 (within 3 %: Gaussian PSFs of Moffat stars)
		String[] f = summary.replaceAll("(?s).*flux scales ([0-9., ]+) \\(.*", "$1").split(", ");
		assertEquals(1, Double.parseDouble(f[0]), 1e-9, summary);
		assertEquals(0.9, Double.parseDouble(f[1]), 0.03 * 0.9, summary);
		assertEquals(0.8, Double.parseDouble(f[2]), 0.03 * 0.8, summary);
		AstroImage r = FitsReader.readImage(out + "[SCI]");
		assertEquals(320, r.width());
		assertTrue(r.hasDq());
		FitsReader.readImage(out + "[SCORE]");
		double sum = 0;
		for (float v2 : FitsReader.readImage(out + "[PSF_R]").data()) sum += v2;
		assertEquals(1, sum, 1e-4);
	}

	/**
	 * Each frame's Lauer model file instead of fitted Gaussians, on six frames (seeing 2.5-4.5 px, sky
	 * 10-35 e-/s, transparency 1-0.75, the true flux scales given): with model files holding each
	 * frame's true PSF, the faint isolated stars' significance in the coadd's score is at least the one
	 * in the matched-filtered inverse-variance weighted mean of the frames (the frames' model PSFs,
	 * weighted alike, as its filter; both over the same blank pixels' noise). With the models Estimate
	 * PSF makes of the frames it is within 5 % of it (measured 0.964: estimated models lose against the
	 * true PSFs; see docs/dev/zogy.md).
	 */
	@Test
	void psfModelFilesCoaddAtLeastAsWellAsTheWeightedMean() throws Exception {
		int frames = 6;
		String[] f = new String[frames];
		List<String> estimated = new ArrayList<>(), truth = new ArrayList<>(), images = new ArrayList<>();
		for (int j = 0; j < frames; j++) {
			double t = 1 - 0.05 * j;
			f[j] = Double.toString(t);
			FieldEpochs.Epoch e = new FieldEpochs.Epoch().fwhm(2.5 + 0.4 * j).sky(10 + 5 * j).transparency(t).seed(20 + j);
			File frame = tmp.resolve("frame_" + j + ".fits").toFile();
			FitsWriter.write(frame, false, Hdu.of(AstroImage.of("frame", field.frame(e), 320, 300, new FitsHeader())));
			images.add(frame.getPath());
			File mf = tmp.resolve("psf_" + j + ".fits").toFile();
			commands.run(EstimatePsfCommand.class, false, "input", frame, "elements", 1, "degree", 0, "saturation", -1.0, "model_file", mf)
				.get();
			estimated.add(mf.getPath());
			// the true PSF as a constant one-element model: basis = stamp / |stamp|, coefficient |stamp|
			double[] stamp = field.psf(e, 160.5, 150.5);
			int size = (int) Math.round(Math.sqrt(stamp.length));
			double norm = 0;
			for (double v : stamp) norm += v * v;
			norm = Math.sqrt(norm);
			double[] basis = stamp.clone();
			for (int q = 0; q < basis.length; q++) basis[q] /= norm;
			File tf = tmp.resolve("true_psf_" + j + ".fits").toFile();
			PsfModelFiles.write(tf, false, new PsfModelDescription(320, 300, size, 0, 1, 0, Double.NaN, 0, true, new double[][] { basis },
				new double[][] { { norm } }), new FitsHeader());
			truth.add(tf.getPath());
		}
		double[] withTruth = coaddVsMean(images, truth, f), withEstimated = coaddVsMean(images, estimated, f);
		System.out.printf(java.util.Locale.ROOT, "model-file coadd / weighted mean, median over faint stars: true PSFs %.4f (%d stars), " +
			"Estimate PSF's %.4f (%d stars)%n", withTruth[0], (int) withTruth[1], withEstimated[0], (int) withEstimated[1]);
		assertTrue(withTruth[1] >= 10 && withEstimated[1] >= 10, "faint stars " + withTruth[1] + ", " + withEstimated[1]);
		assertTrue(withTruth[0] >= 1, "median significance, coadd with the true PSFs' model files / weighted mean " + withTruth[0]);
		assertTrue(withEstimated[0] >= 0.95, "median significance, coadd with Estimate PSF's model files / weighted mean " +
			withEstimated[0]);
	}

	/** {median over faint isolated stars of the coadd's significance / the weighted mean's, number of stars}. */
	private static double[] coaddVsMean(List<String> images, List<String> files, String[] f) throws Exception {
		int frames = images.size();
		CommandModule m = run("frames", String.join(",", images), "psf", "model", "models", String.join(",", files), "fluxes", String.join(
			",", f));
		String summary = (String) m.getOutput("summary");
		float[] score = ((AstroImage) m.getOutput("score")).data();
		int w = 320, h = 300;
		// the weighted mean of the prepared frames (background subtracted), weights F^2 / sigma^2, and its PSF
		ImageSubtraction.Settings set = new ImageSubtraction.Settings();
		set.psf = PsfFields.Kind.MODEL;
		double[] mean = new double[w * h];
		int ps = 0;
		double[] wt = new double[frames];
		double sw = 0;
		List<Epoch> epochs = new ArrayList<>();
		for (int j = 0; j < frames; j++) {
			AstroImage a = FitsReader.readImage(images.get(j));
			Epoch e = ImageSubtraction.epoch("frame " + j, a, set, LauerPsf.of(PsfModelFiles.read(new File(files.get(j)))),
				org.astrofiji.core.Progress.NONE);
			epochs.add(e);
			double fj = Double.parseDouble(f[j]);
			sw += wt[j] = fj * fj / (e.sigma() * e.sigma());
			ps = Math.max(ps, e.psf().size());
		}
		double[] pm = new double[ps * ps];
		for (int j = 0; j < frames; j++) {
			Epoch e = epochs.get(j);
			double fj = Double.parseDouble(f[j]);
			float[] a = e.subtracted();
			for (int p = 0; p < mean.length; p++) mean[p] += wt[j] / sw * a[p] / fj;
			int sj = e.psf().size(), off = (ps - sj) / 2;
			double[] st = e.psf().at(160.5, 150.5);
			for (int y = 0; y < sj; y++) for (int x = 0; x < sj; x++) pm[(y + off) * ps + x + off] += wt[j] / sw * st[y * sj + x];
		}
		// both significances' noise over the same blank pixels
		double[] fm = new double[w * h], sc = new double[w * h];
		int n = 0;
		for (int p = 0; p < blank.length; p += 3) {
			int x = p % w, y = p / w;
			if (!blank[p] || x < 25 || y < 25 || x >= w - 25 || y >= h - 25) continue;
			fm[n] = filter(mean, w, pm, ps, x, y);
			sc[n++] = score[p];
		}
		double noiseMean = std(Arrays.copyOf(fm, n)), noiseCoadd = std(Arrays.copyOf(sc, n));
		assertTrue(n > 1000, n + " blank pixels");
		org.astrofiji.core.Table st = field.stars();
		double[] ratio = new double[st.rowCount()];
		int k = 0;
		for (int i = 0; i < st.rowCount(); i++) {
			int px = (int) Math.rint(st.getDouble(i, "x") - 1), py = (int) Math.rint(h - st.getDouble(i, "y"));
			if (px < 25 || py < 25 || px >= w - 25 || py >= h - 25 || !isolated(st, i, 15)) continue;
			double c = 0, mm = 0;
			for (int y = py - 1; y <= py + 1; y++) {
				for (int x = px - 1; x <= px + 1; x++) {
					c = Math.max(c, score[y * w + x] / noiseCoadd);
					mm = Math.max(mm, filter(mean, w, pm, ps, x, y) / noiseMean);
				}
			}
			if (c < 5 || c > 40) continue;
			ratio[k++] = c / mm;
		}
		assertTrue(k > 0, "no faint stars; " + summary);
		return new double[] { Medians.median(Arrays.copyOf(ratio, k)), k };
	}

	/** The mean correlated with the PSF stamp centred on (x, y): the matched filter at one pixel. */
	private static double filter(double[] a, int w, double[] psf, int size, int x, int y) {
		int r = size / 2, h = a.length / w;
		double s = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				int xx = x - r + i, yy = y - r + j;
				if (xx >= 0 && yy >= 0 && xx < w && yy < h) s += a[yy * w + xx] * psf[j * size + i];
			}
		}
		return s;
	}

	private static double std(double[] v) {
		double m = 0, s = 0;
		for (double x : v) m += x / v.length;
		for (double x : v) s += (x - m) * (x - m);
		return Math.sqrt(s / (v.length - 1));
	}

	private static boolean isolated(org.astrofiji.core.Table st, int i, double r) {
		for (int j = 0; j < st.rowCount(); j++) {
			if (j != i && Math.hypot(st.getDouble(j, "x") - st.getDouble(i, "x"), st.getDouble(j, "y") - st.getDouble(i, "y")) < r)
				return false;
		}
		return true;
	}

	private static double[] toDoubles(float[] v) {
		double[] d = new double[v.length];
		for (int i = 0; i < v.length; i++) d[i] = v[i];
		return d;
	}

	private static AstroImage noise(int w, int h) {
		java.util.Random r = new java.util.Random(1);
		float[] a = new float[w * h];
		for (int p = 0; p < a.length; p++) a[p] = (float) (100 + 5 * r.nextGaussian());
		return AstroImage.of("noise", a, w, h, new FitsHeader());
	}

	/** The message of the outermost IllegalArgumentException (the one naming the key, around the cause). */
	private static String firstIllegalArgument(Object... args) {
		Throwable t = assertThrows(ExecutionException.class, () -> run(args));
		while (!(t instanceof IllegalArgumentException) && t.getCause() != null) t = t.getCause();
		return t.getMessage();
	}

	private static String message(Object... args) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(args));
		Throwable t = e;
		while (t.getCause() != null) t = t.getCause();
		return t.getMessage();
	}

	@Test
	void badInputsAreNamed() {
		String m1 = message("image", noise(64, 64));
		assertTrue(m1.startsWith("frames: proper coadd needs at least 2 frames"), m1);
		String v = night.resolve("science_V_001.fits").toString();
		assertTrue(message("frames", v + "," + v, "fluxes", "1").startsWith("fluxes: 1 values for 2 frames"));
		assertTrue(message("frames", v + "," + v, "fluxes", "1,x").startsWith("fluxes: 'x'"));
		String m2 = message("image", noise(64, 64), "frames", v);
		assertTrue(m2.contains("align them first"), m2);
		assertTrue(message("frames", v + "," + v, "models", v).startsWith("models: PSF model files need psf=model"));
		assertTrue(message("frames", v + "," + v, "psf", "model", "models", v).startsWith("models: 1 model files for 2 frames"));
		String m3 = firstIllegalArgument("frames", v + "," + v, "psf", "model", "models", v + "," + v);
		assertTrue(m3.startsWith("models: science_V_001.fits is not a PSF model file"), m3);
	}
}
