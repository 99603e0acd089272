package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
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
		FieldEpochs field = new FieldEpochs(s, 0, 0, 0);
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
	}
}
