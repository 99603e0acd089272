package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.Gaussian;
import org.junit.jupiter.api.Test;

/** The bad inputs of issue 17: each a one-line message naming what is wrong. */
class ProperSubtractionInputTest {

	private static final PsfField PSF = PsfFields.profile(Gaussian.circular(3), 15, "gaussian 3");

	private static float[] noise(int w, int h, long seed) {
		java.util.Random r = new java.util.Random(seed);
		float[] a = new float[w * h];
		for (int p = 0; p < a.length; p++) a[p] = (float) (100 + 5 * r.nextGaussian());
		return a;
	}

	private static Epoch epoch(String name, float[] a, int w, int h, PsfField psf) {
		return Epoch.of(name, a, null, null, w, h, psf, new Epoch.Settings(), Progress.NONE);
	}

	private static void assertMessage(IllegalArgumentException e, String... parts) {
		for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
		assertTrue(!e.getMessage().contains("\n"), e.getMessage());
	}

	@Test
	void differentSizes() {
		Epoch r = epoch("reference", noise(64, 64, 1), 64, 64, PSF), n = epoch("new", noise(64, 48, 2), 64, 48, PSF);
		assertMessage(assertThrows(IllegalArgumentException.class, () -> ProperSubtraction.run(r, n, new ProperSubtraction.Settings(),
			Progress.NONE)), "64x48", "64x64", "align");
	}

	@Test
	void psfLargerThanImage() {
		PsfField big = PsfFields.profile(Gaussian.circular(3), 41, "big");
		assertMessage(assertThrows(IllegalArgumentException.class, () -> epoch("new", noise(32, 32, 1), 32, 32, big)), "new",
			"PSF (41x41) is larger than the image (32x32)");
	}

	@Test
	void betaNotPositive() {
		ProperSubtraction.Settings s = new ProperSubtraction.Settings();
		s.beta = -1;
		assertMessage(assertThrows(IllegalArgumentException.class, s::validate), "beta", "-1");
	}

	@Test
	void allMasked() {
		float[] a = new float[64 * 64];
		Arrays.fill(a, Float.NaN);
		assertMessage(assertThrows(IllegalArgumentException.class, () -> epoch("new", a, 64, 64, PSF)), "new", "every pixel is masked");
	}

	@Test
	void unionAllMasked() {
		float[] a = noise(64, 64, 1), b = noise(64, 64, 2);
		for (int p = 0; p < a.length / 2; p++) a[p] = Float.NaN;
		for (int p = a.length / 2; p < a.length; p++) b[p] = Float.NaN;
		Epoch r = epoch("reference", a, 64, 64, PSF), n = epoch("new", b, 64, 64, PSF);
		assertMessage(assertThrows(IllegalArgumentException.class, () -> ProperSubtraction.run(r, n, new ProperSubtraction.Settings(),
			Progress.NONE)), "every pixel is masked");
	}

	@Test
	void modelOfAnotherImageSize() {
		PsfField model = new PsfField() {

			@Override
			public int size() {
				return 15;
			}

			@Override
			public double[] at(double x, double y) {
				return PSF.at(x, y);
			}

			@Override
			public boolean isConstant() {
				return false;
			}

			@Override
			public int width() {
				return 128;
			}

			@Override
			public int height() {
				return 100;
			}

			@Override
			public String describe() {
				return "model";
			}
		};
		assertMessage(assertThrows(IllegalArgumentException.class, () -> epoch("new", noise(64, 64, 1), 64, 64, model)), "new",
			"made for a 128x100 image", "64x64");
	}
}
