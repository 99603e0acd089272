package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.ProfileFit;
import org.astrofiji.core.psf.StarFitter;
import org.astrofiji.core.psf.StarProfile;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.PsfModelFiles;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PSF macros of macros/ run headless as users run them (ij1-patcher, as Fiji's --headless) on a
 * simulated night, checked by what they write against the simulator's truth: its PSF stamps
 * ({@code truth/psf.fits} at the {@code psf_grid.csv} positions) and star positions.
 */
class PsfMacrosTest {

	@TempDir
	static Path night;

	static String[] run(String macro, String report) throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", macro).toPath()), night.toString());
		return Files.readString(night.resolve(report)).trim().split(",");
	}

	@BeforeAll
	static void simulateNight() throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", "simulate_night.ijm").toPath()), night.toString());
	}

	@Test
	void estimatePsfMatchesTheSimulatedPsf() throws Exception {
		String[] r = run("estimate_psf.ijm", "psf/estimate_psf.txt");
		String stem = r[0];
		int stars = Integer.parseInt(r[1]), elements = Integer.parseInt(r[3]), size = Integer.parseInt(r[4]);
		Table table = CsvTables.read(night.resolve("psf/" + stem + "_psf_stars.csv").toFile());
		assertEquals(table.rowCount(), stars, "nResults is the CSV's row count");
		assertTrue(stars >= 40, stars + " PSF stars");
		assertEquals(4, elements, "the basis image (the open model) has one slice per element");
		LauerPsf model = LauerPsf.of(PsfModelFiles.read(night.resolve("psf/" + stem + "_psf.fits").toFile()));
		assertEquals(size, model.size());
		// the open model (float planes in the image) and the model file agree at the centre
		double centre = model.at(256.5, 256.5)[size * size / 2];
		assertEquals(centre, Double.parseDouble(r[9]), 1e-6 * centre);
		assertEquals(centre, Double.parseDouble(r[10]), 1e-6 * centre);
		float[] written = FitsReader.read(night.resolve("psf/" + stem + "_psf_centre.fits").toFile(), null).data();
		assertEquals(centre, written[size * size / 2], 1e-6 * centre);
		// against the simulator's PSF (constant Moffat, FWHM 3) at its 3x3 grid, cut to the stamp and unit sum
		FitsImage truth = FitsReader.read(night.resolve("truth/psf.fits").toFile(), null);
		Table grid = CsvTables.read(night.resolve("truth/psf_grid.csv").toFile());
		float[][] planes = Images.planes(truth.pixels());
		int full = truth.width(), off = full / 2 - size / 2;
		List<Double> errors = new ArrayList<>(), fwhmRatios = new ArrayList<>();
		for (int g = 0; g < grid.rowCount(); g++) {
			double[] t = new double[size * size];
			double sum = 0;
			for (int j = 0; j < size; j++) for (int i = 0; i < size; i++) sum += t[j * size + i] = planes[g][(j + off) * full + i + off];
			for (int p = 0; p < t.length; p++) t[p] /= sum;
			double[] est = model.at(grid.getDouble(g, "x"), grid.getDouble(g, "y"));
			double d = 0, n = 0;
			for (int p = 0; p < t.length; p++) {
				d += (est[p] - t[p]) * (est[p] - t[p]);
				n += t[p] * t[p];
			}
			errors.add(Math.sqrt(d / n));
			fwhmRatios.add(moffatFwhm(est, size) / moffatFwhm(t, size));
		}
		System.out.printf(Locale.ROOT, "%d PSF stars (%s rejected); at the 9 truth positions relative L2 error %s, Moffat FWHM / truth's %s%n",
			stars, r[2], list(errors), list(fwhmRatios));
		// the night's PSF stars are faint (S/N ~ 50-100 over a 23x23 stamp): the estimate is noise-limited, mostly in the wings
		for (double e : errors) assertTrue(e < 0.10, "relative error " + e);
		for (double f : fwhmRatios) assertEquals(1, f, 0.03, "FWHM of the estimate / the truth's");
		// the PSF is constant: the corners' peaks are the centre's
		for (int i = 5; i <= 8; i++) assertEquals(centre, Double.parseDouble(r[i]), 0.03 * centre, "corner " + (i - 4));
	}

	/** The FWHM of a round Moffat fitted to a unit-sum stamp (scaled to counts). */
	static double moffatFwhm(double[] stamp, int size) {
		float[] img = new float[stamp.length];
		for (int p = 0; p < img.length; p++) img[p] = (float) (1e5 * stamp[p]);
		StarFitter.Settings s = new StarFitter.Settings(StarProfile.MOFFAT, false);
		s.box = size;
		double c = size / 2 + 1;
		ProfileFit f = StarFitter.fit(img, null, size, size, new double[] { c }, new double[] { c }, s)[0];
		assertEquals("ok", f.status);
		return f.fwhmMajor;
	}

	static String list(List<Double> v) {
		return v.stream().map(e -> String.format(Locale.ROOT, "%.4f", e)).reduce((a, b) -> a + " " + b).get();
	}

	@Test
	void fitStarProfilesFindsTheTrueStars() throws Exception {
		String[] r = run("fit_star_profiles.ijm", "psf/fit_star_profiles.txt");
		String stem = r[0];
		int fitted = Integer.parseInt(r[1]);
		double fwhm = Double.parseDouble(r[2]), beta = Double.parseDouble(r[3]);
		Table bright = CsvTables.read(night.resolve("psf/" + stem + "_bright.csv").toFile());
		Table fits = CsvTables.read(night.resolve("psf/" + stem + "_profiles.csv").toFile());
		assertEquals(bright.rowCount(), fits.rowCount());
		assertTrue(fitted >= 0.9 * fits.rowCount(), fitted + " of " + fits.rowCount());
		// the simulator's Moffat (FWHM 3, beta 2.5) integrated over the pixels, fitted at pixel centres: a little wider
		assertEquals(3.08, fwhm, 0.08);
		assertEquals(2.5, beta, 0.4);
		// fitted centres against the true positions of the stars
		Table truth = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		List<Double> off = new ArrayList<>();
		for (int k = 0; k < fits.rowCount(); k++) {
			if (!"ok".equals(fits.getString(k, "status"))) continue;
			double x = fits.getDouble(k, "x"), y = fits.getDouble(k, "y"), best = 1e9;
			for (int s = 0; s < truth.rowCount(); s++) best = Math.min(best, Math.hypot(truth.getDouble(s, "x") - x, truth.getDouble(s, "y") - y));
			off.add(best);
		}
		double[] o = off.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(o);
		System.out.printf(Locale.ROOT, "%d Moffat fits: mean FWHM %.3f, beta %.3f; median distance to the true position %.4f px%n", fitted,
			fwhm, beta, o[o.length / 2]);
		assertTrue(o[o.length / 2] < 0.05, "median offset " + o[o.length / 2]);
		// the marked star alone: one row, the same star
		assertEquals(1, Integer.parseInt(r[6]));
		assertEquals(Double.parseDouble(r[4]), Double.parseDouble(r[7]), 0.05);
		// a Gaussian fitted to a Moffat star is wider than the Moffat's FWHM (its wings pull)
		assertTrue(Double.parseDouble(r[8]) > fwhm && Double.parseDouble(r[8]) < 1.25 * fwhm, r[8]);
	}
}
