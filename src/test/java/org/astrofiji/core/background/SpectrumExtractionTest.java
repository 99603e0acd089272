package org.astrofiji.core.background;

import org.astrofiji.core.IndexRanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.io.FitsImage;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/** Long-slit extraction on frames the tests build, and the STIS seed recipe against the oracle chain. */
class SpectrumExtractionTest {

	/**
	 * A slit along y with a quadratic sky per column and a source in rows 40-44 whose flux at column c
	 * is 10 + c; cosmic rays in background rows that a cleaner removes, and one in the source.
	 */
	static float[] slitFrame(int w, int h) {
		float[] img = new float[w * h];
		for (int r = 0; r < h; r++) {
			for (int c = 0; c < w; c++) {
				double sky = 20 + 0.05 * c + 0.3 * r - 0.002 * r * r;
				double src = r >= 40 && r <= 44 ? (10.0 + c) / 5 : 0;
				img[Coordinates.memoryRow(r, h) * w + c] = (float) (sky + src);
			}
		}
		return img;
	}

	static SpectrumExtraction.Settings settings(int h, String source, String background) {
		SpectrumExtraction.Settings s = new SpectrumExtraction.Settings();
		s.source = IndexRanges.parse("source", source, h, "row");
		s.background = IndexRanges.parse("background", background, h, "row");
		return s;
	}

	@Test
	void sumsTheSourceRowsAfterSubtractingTheSkyPolynomial() {
		int w = 30, h = 90;
		float[] img = slitFrame(w, h);
		SpectrumExtraction.Result r = SpectrumExtraction.extract(img, w, h, settings(h, "40-44", "5-30,55-85"), Progress.NONE);
		for (int c = 0; c < w; c++) {
			assertEquals(10.0 + c, r.spectrum[c], 2e-4, "column " + c);
			assertEquals(5, r.pixels[c]);
		}
		Table t = r.table();
		assertEquals(w, t.rowCount());
		assertEquals(1, t.getDouble(0, "x_fits"), 0);
		assertEquals(10, t.getDouble(0, "flux"), 2e-4);
		double sky = 0;
		for (int row = 40; row <= 44; row++) sky += 20 + 0.3 * row - 0.002 * row * row;
		assertEquals(sky, t.getDouble(0, "background"), 1e-3);
		// the spatial profile: sums along the wavelength axis, per 0-based row
		double expected = 0;
		for (int c = 0; c < w; c++) expected += (10.0 + c) / 5;
		assertEquals(expected, r.profileSubtracted[42], 1e-3);
		assertEquals(0, r.profileSubtracted[10], 1e-3);
		Plot profile = r.profilePlot(), spectrum = r.spectrumPlot();
		assertEquals(2, profile.series().size());
		assertEquals(h, profile.series().get(0).x.length);
		assertEquals(42, profile.series().get(0).x[42], 0);
		assertEquals(w, spectrum.series().get(0).y.length);
		assertEquals(11, spectrum.series().get(0).y[1], 2e-4);
	}

	@Test
	void cleanerOnlyChangesBackgroundRows() {
		int w = 30, h = 90;
		float[] img = slitFrame(w, h);
		float[] clean = img.clone();
		img[Coordinates.memoryRow(12, h) * w + 7] += 5000; // a cosmic ray in a background row
		img[Coordinates.memoryRow(42, h) * w + 9] += 700; // and one in the source
		img[Coordinates.memoryRow(50, h) * w + 9] += 300; // and one in neither
		float[] cleanerView = img.clone();
		cleanerView[Coordinates.memoryRow(12, h) * w + 7] = clean[Coordinates.memoryRow(12, h) * w + 7];
		cleanerView[Coordinates.memoryRow(42, h) * w + 9] = clean[Coordinates.memoryRow(42, h) * w + 9];
		cleanerView[Coordinates.memoryRow(50, h) * w + 9] = clean[Coordinates.memoryRow(50, h) * w + 9];
		SpectrumExtraction.Settings s = settings(h, "40-44", "5-30,55-85");
		SpectrumExtraction.Result dirty = SpectrumExtraction.extract(img, w, h, s, Progress.NONE);
		assertTrue(Math.abs(dirty.spectrum[7] - 17) > 1, "an uncleaned background cosmic ray biases the sky: " + dirty.spectrum[7]);
		s.cleaner = CosmicRayCleaner.precleaned(cleanerView, w, h, "cleaned");
		SpectrumExtraction.Result r = SpectrumExtraction.extract(img, w, h, s, Progress.NONE);
		assertEquals(1, r.cleaned, "only the background-row pixel is taken from the cleaned image");
		assertEquals(17, r.spectrum[7], 2e-4);
		assertEquals(19 + 700, r.spectrum[9], 2e-3, "the source keeps its own pixels");
		assertEquals(img[Coordinates.memoryRow(50, h) * w + 9], r.working[Coordinates.memoryRow(50, h) * w + 9], 0);
	}

	@Test
	void dispersionAlongYUsesColumnsAcrossTheSlit() {
		int w = 90, h = 30;
		float[] t = slitFrame(h, w); // transpose: FITS (row r, col c) of t becomes (row c, col r)
		float[] img = new float[w * h];
		for (int r = 0; r < w; r++) for (int c = 0; c < h; c++) img[Coordinates.memoryRow(c, h) * w + r] = t[Coordinates.memoryRow(r, w) * h + c];
		SpectrumExtraction.Settings s = settings(w, "40-44", "5-30,55-85");
		s.dispersion = SpectrumExtraction.Dispersion.Y;
		SpectrumExtraction.Result r = SpectrumExtraction.extract(img, w, h, s, Progress.NONE);
		assertEquals(h, r.spectrum.length);
		for (int k = 0; k < h; k++) assertEquals(10.0 + k, r.spectrum[k], 2e-4);
		assertTrue(r.table().hasColumn("y_fits"));
	}

	@Test
	void nanSourcePixelsAreSkippedAndCounted() {
		int w = 10, h = 90;
		float[] img = slitFrame(w, h);
		img[Coordinates.memoryRow(41, h) * w + 3] = Float.NaN;
		SpectrumExtraction.Result r = SpectrumExtraction.extract(img, w, h, settings(h, "40-44", "5-30,55-85"), Progress.NONE);
		assertEquals(4, r.pixels[3]);
		assertEquals(1, r.skipped[3]);
		assertEquals(13.0 * 4 / 5, r.spectrum[3], 2e-4);
	}

	@Test
	void aWavelengthWithoutDataHasNoFluxNotZero() {
		// issue 11: all-NaN source pixels gave a flux of 0
		int w = 10, h = 90;
		float[] img = slitFrame(w, h);
		for (int row = 40; row <= 44; row++) img[Coordinates.memoryRow(row, h) * w + 3] = Float.NaN;
		SpectrumExtraction.Result r = SpectrumExtraction.extract(img, w, h, settings(h, "40-44", "5-30,55-85"), Progress.NONE);
		assertEquals(0, r.pixels[3]);
		assertEquals(5, r.skipped[3]);
		assertTrue(Double.isNaN(r.spectrum[3]) && Double.isNaN(r.backgroundSum[3]), r.spectrum[3] + " " + r.backgroundSum[3]);
		SpectrumExtraction.Result clean = SpectrumExtraction.extract(slitFrame(w, h), w, h, settings(h, "40-44", "5-30,55-85"),
			Progress.NONE);
		for (int k = 0; k < w; k++) if (k != 3) assertEquals(clean.spectrum[k], r.spectrum[k], 0, "wavelength " + k);
		float[] nan = new float[w * h];
		java.util.Arrays.fill(nan, Float.NaN);
		assertEquals("source: every source row pixel is NaN (no data); nothing to extract", assertThrows(
			IllegalArgumentException.class, () -> SpectrumExtraction.extract(nan, w, h, settings(h, "40-44", "5-30,55-85"),
				Progress.NONE)).getMessage());
	}

	@Test
	void badInputIsNamed() {
		float[] img = slitFrame(10, 90);
		assertEquals("background: row 40 is also a source row; source (40-44) and background (5-42) must not overlap",
			assertThrows(IllegalArgumentException.class, () -> SpectrumExtraction.extract(img, 10, 90, settings(90, "40-44", "5-42"),
				Progress.NONE)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumExtraction.extract(img, 10, 90, settings(90, "", "5-30"),
			Progress.NONE)).getMessage().startsWith("source: give the rows of the spectrum"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumExtraction.extract(img, 10, 90, settings(90, "40", ""),
			Progress.NONE)).getMessage().startsWith("background: give the rows"));
		SpectrumExtraction.Settings s = settings(90, "40-44", "5-7");
		s.order = 3;
		assertEquals("order 3 needs at least 4 background rows, but background give 3 (5-7)", assertThrows(
			IllegalArgumentException.class, () -> SpectrumExtraction.extract(img, 10, 90, s, Progress.NONE)).getMessage());
		SpectrumExtraction.Settings c = settings(90, "40-44", "5-30");
		c.cleaner = CosmicRayCleaner.precleaned(new float[20], 2, 10, "cleaned x.fits");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumExtraction.extract(img, 10, 90, c, Progress.NONE))
			.getMessage().startsWith("cleaned x.fits (2x10) differs in size from the image (10x90)"));
	}

	/**
	 * Acceptance: the python4astronomers recipe on HST/STIS 3C120 (medfilt cleaning, quadratic over
	 * rows 10-199 and 300-479 of each column, sum of rows 250-259) equals the oracle chain's spectrum
	 * to 1e-4 relative (in fact to double rounding).
	 */
	@Test
	void stisSpectrumEqualsTheSeedRecipe() throws Exception {
		FitsImage raw = Stis.raw();
		int w = raw.width(), h = raw.height();
		SpectrumExtraction.Settings s = settings(h, "250-259", "10-199,300-479");
		s.cleaner = CosmicRayCleaner.precleaned(Stis.cleaned(raw), w, h, "cleaned");
		SpectrumExtraction.Result r = SpectrumExtraction.extract(raw.data(), w, h, s, Progress.NONE);
		List<Map<String, String>> expected = SharedData.csv("/expected/background/stis_spectrum.csv");
		assertEquals(w, expected.size());
		double worst = 0;
		for (Map<String, String> row : expected) {
			int c = Integer.parseInt(row.get("col"));
			double e = Double.parseDouble(row.get("flux"));
			worst = Math.max(worst, Math.abs(r.spectrum[c] - e) / Math.abs(e));
		}
		assertTrue(worst < 1e-4, "STIS spectrum vs the seed recipe: worst relative difference " + worst);
		assertTrue(worst < 1e-9, "computed in double like numpy: worst relative difference " + worst);
		assertTrue(r.cleaned > 500, r.cleaned + " background pixels cleaned");
		System.out.printf("STIS spectrum rows 250-259 vs the oracle chain: worst relative difference %.2e, %d background pixels cleaned%n",
			worst, r.cleaned);
	}
}
