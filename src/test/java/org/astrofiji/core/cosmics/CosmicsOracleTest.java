package org.astrofiji.core.cosmics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Acceptance against the shared oracle (../shared/oracle/cosmic.py: scipy.signal.medfilt recipe and
 * astroscrappy 1.1) on the real frames of ../shared/data; skipped when the data are absent. Expected
 * values: src/test/oracle/cosmics_expected.py.
 */
class CosmicsOracleTest {

	static FitsImage read(String dataset, String file, String hdu) throws Exception {
		return FitsReader.read(new File(SharedData.dir(dataset), file), hdu);
	}

	/** Pixels where the masks differ. */
	static int compare(Expected e, CosmicRayMask r, String what) {
		byte[] want = e.mask(r.width(), r.height());
		int differ = 0;
		for (int i = 0; i < want.length; i++) if ((want[i] != 0) != (r.mask()[i] != 0)) differ++;
		return differ;
	}

	@Test
	void medianRecipeOnStisEqualsScipyExactly() throws Exception {
		FitsImage sci = read("hst-stis-3c120-longslit", "3c120_stis.fits.gz", "1");
		FitsImage err = read("hst-stis-3c120-longslit", "3c120_stis.fits.gz", "ERR");
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.err = err.data();
		s.protectedRows = IndexRanges.memoryRows(IndexRanges.parse("protect_rows", "230:280", sci.height(), "row"), sci.height());
		CosmicRayMask r = MedianCosmics.run(sci.data(), sci.width(), sci.height(), s, Progress.NONE);
		Expected e = Expected.of("stis_medfilt");
		assertEquals(0, compare(e, r, "STIS median"), "mask differs from scipy's recipe");
		assertEquals(e.n("n_flagged"), r.flagged()); // 2068
		assertEquals(e.n("n_groups"), r.events().size()); // 1480
		assertTrue(r.summary().contains("sigma 7.47180"), r.summary());
		int w = sci.width(), h = sci.height();
		for (Expected.Value v : e.clean) {
			// the expected text is the float32 value scipy produced; compare as floats, within 1e-5
			assertEquals((float) v.value, r.cleaned()[Coordinates.memoryRow(v.row, h) * w + v.col], 1e-5, "clean at " + v.row +
				"," + v.col);
		}
		// the extracted spectrum: rows 250-259 summed per column
		assertEquals(w, e.spectrum.size());
		for (Expected.Value v : e.spectrum) {
			double sum = 0;
			for (int row = 250; row <= 259; row++) sum += r.cleaned()[Coordinates.memoryRow(row, h) * w + v.col];
			assertEquals(v.value, sum, 1e-5 * Math.max(1, Math.abs(v.value)), "spectrum column " + v.col);
		}
		// nothing changed in the protected rows
		for (int row = 230; row < 280; row++) {
			for (int x = 0; x < w; x++) {
				int p = Coordinates.memoryRow(row, h) * w + x;
				assertEquals(sci.data()[p], r.cleaned()[p], 0);
				assertEquals(0, r.mask()[p]);
			}
		}
	}

	@Test
	void medianRecipeOnM13EqualsScipyExactly() throws Exception {
		FitsImage m13 = read("m13-orion-ssdsi", "M13_blue_0001.fits", null);
		CosmicRayMask r = MedianCosmics.run(m13.data(), m13.width(), m13.height(), new MedianCosmics.Settings(), Progress.NONE);
		Expected e = Expected.of("m13_medfilt");
		assertEquals(0, compare(e, r, "M13 median"));
		assertEquals(e.n("n_flagged"), r.flagged());
		assertEquals(e.n("n_groups"), r.events().size());
		assertTrue(r.summary().contains(String.format(java.util.Locale.ROOT, "sigma %.6g", e.summary.get("sigma"))), r.summary());
	}

	static CosmicRayMask gmos(LaCosmic.Settings s) throws Exception {
		FitsImage sci = read("gemini-gmos-cr-cutout", "gmos.fits", "SCI");
		return LaCosmic.run(sci.data(), sci.width(), sci.height(), s, Progress.NONE);
	}

	static LaCosmic.Settings gmosSettings() {
		LaCosmic.Settings s = new LaCosmic.Settings();
		s.readNoise = 4.24;
		s.gain = 1.933;
		return s;
	}

	@Test
	void laCosmicOnGmosEqualsAstroscrappysOwnTest() throws Exception {
		CosmicRayMask r = gmos(gmosSettings());
		Expected e = Expected.of("gmos_lacosmic");
		assertEquals(0, compare(e, r, "GMOS"));
		assertEquals(169, r.flagged());
		assertEquals(2, r.events().size()); // 8-connected: the two real cosmic rays
		// astroscrappy's test labels 4-connected: areas [1, 1, 74, 93]
		assertEquals(4, e.n("n_groups_4conn"));
		assertEquals(95, r.events().get(0).pixels); // 93 + 1 + 1 of the 4-connected groups
		assertEquals(74, r.events().get(1).pixels);
		for (int i = 0; i < e.groups.size(); i++) {
			double[] g = e.groups.get(i);
			CosmicRayMask.Event ev = r.events().get(i);
			assertEquals((int) g[1], ev.pixels);
			assertEquals(g[2] + 1, ev.x, 1e-9); // FITS = numpy + 1
			assertEquals(g[3] + 1, ev.y, 1e-9);
		}
		// astroscrappy's test finds its 4-connected cosmic rays in the slices rows 41:72 x cols 142:161 and rows
		// 117:147 x cols 35:43; 8-connected, the first also takes the single pixels at its edge (row 40)
		int[] box = { Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1 };
		for (int[] rc : e.flagged) {
			if (rc[0] > 100) continue;
			box[0] = Math.min(box[0], rc[1]);
			box[1] = Math.max(box[1], rc[1]);
			box[2] = Math.min(box[2], rc[0]);
			box[3] = Math.max(box[3], rc[0]);
		}
		CosmicRayMask.Event first = r.events().get(0), second = r.events().get(1);
		assertEquals(box[0] + 1, first.xmin);
		assertEquals(box[1] + 1, first.xmax);
		assertEquals(box[2] + 1, first.ymin);
		assertEquals(box[3] + 1, first.ymax);
		assertTrue(box[0] <= 142 && box[1] >= 160 && box[2] <= 41 && box[3] >= 71);
		assertEquals(35 + 1, second.xmin);
		assertEquals(42 + 1, second.xmax);
		assertEquals(117 + 1, second.ymin);
		assertEquals(146 + 1, second.ymax);
		assertCleanValues(e, r);
	}

	@Test
	void laCosmicOnGmosWithTheSkyModelFindsExactlyTheTwoCosmicRays() throws Exception {
		FitsImage sky = read("gemini-gmos-cr-cutout", "gmos.fits", "SKYFIT");
		FitsImage var = read("gemini-gmos-cr-cutout", "gmos.fits", "VAR");
		LaCosmic.Settings s = gmosSettings();
		s.background = sky.data();
		CosmicRayMask r = gmos(s);
		Expected e = Expected.of("gmos_bkg_lacosmic");
		assertEquals(0, compare(e, r, "GMOS bkg"));
		assertEquals(174, r.flagged());
		assertEquals(2, r.events().size());
		assertEquals(2, e.n("n_groups_4conn"));
		assertCleanValues(e, r);
		s.variance = var.data();
		r = gmos(s);
		e = Expected.of("gmos_bkg_var_lacosmic");
		assertEquals(0, compare(e, r, "GMOS bkg+var"));
		assertEquals(2, r.events().size());
		assertCleanValues(e, r);
	}

	@Test
	void everyOptionOnGmosEqualsAstroscrappy() throws Exception {
		FitsImage var = read("gemini-gmos-cr-cutout", "gmos.fits", "VAR");
		String[] names = { "gmos_var_lacosmic", "gmos_medmask_lacosmic", "gmos_idw_lacosmic", "gmos_fullmed_lacosmic",
			"gmos_convolve_lacosmic", "gmos_moffat_lacosmic", "gmos_saturated_lacosmic" };
		for (String name : names) {
			LaCosmic.Settings s = gmosSettings();
			switch (name) {
				case "gmos_var_lacosmic": s.variance = var.data(); break;
				case "gmos_medmask_lacosmic": s.cleanType = LaCosmic.CleanType.MEDMASK; break;
				case "gmos_idw_lacosmic": s.cleanType = LaCosmic.CleanType.IDW; break;
				case "gmos_fullmed_lacosmic": s.sepMed = false; break;
				case "gmos_convolve_lacosmic": s.fineStructure = LaCosmic.FineStructure.CONVOLVE; break;
				case "gmos_moffat_lacosmic":
					s.fineStructure = LaCosmic.FineStructure.CONVOLVE;
					s.psfModel = PsfKernel.Model.MOFFAT;
					s.psfFwhm = 3.0;
					s.psfSize = 9;
					break;
				default:
					s.satLevel = 3000;
					s.sigClip = 3;
					s.objLim = 2;
			}
			CosmicRayMask r = gmos(s);
			Expected e = Expected.of(name);
			assertEquals(0, compare(e, r, name), name + ": mask differs from astroscrappy");
			assertEquals(e.n("n_flagged"), r.flagged(), name);
			assertEquals(e.n("n_groups"), r.events().size(), name);
			assertCleanValues(e, r);
		}
	}

	/** M13 frame 1 and the STIS frame: the issue asks >= 99.9 % agreement and >= 98 % of the union; they are equal. */
	@Test
	void laCosmicOnM13AndStisAgreesWithAstroscrappy() throws Exception {
		FitsImage m13 = read("m13-orion-ssdsi", "M13_blue_0001.fits", null);
		LaCosmic.Settings s = new LaCosmic.Settings();
		s.gain = 1;
		s.readNoise = 5;
		check(m13, s, "m13_lacosmic");
		FitsImage stis = read("hst-stis-3c120-longslit", "3c120_stis.fits.gz", "1");
		check(stis, new LaCosmic.Settings(), "stis_lacosmic");
	}

	private static void check(FitsImage img, LaCosmic.Settings s, String name) throws Exception {
		CosmicRayMask r = LaCosmic.run(img.data(), img.width(), img.height(), s, Progress.NONE);
		Expected e = Expected.of(name);
		byte[] want = e.mask(img.width(), img.height());
		int both = 0, either = 0, agree = 0;
		for (int i = 0; i < want.length; i++) {
			boolean a = want[i] != 0, b = r.mask()[i] != 0;
			if (a && b) both++;
			if (a || b) either++;
			if (a == b) agree++;
		}
		double agreement = (double) agree / want.length, jaccard = (double) both / either;
		System.out.printf("%s: %d flagged (astroscrappy %d), agreement %.6f, both/either %.6f%n", name, r.flagged(),
			e.n("n_flagged"), agreement, jaccard);
		assertTrue(agreement >= 0.999, name + " agreement " + agreement);
		assertTrue(jaccard >= 0.98, name + " both/either " + jaccard);
		assertEquals(1.0, jaccard, 0, name + ": the masks are in fact identical");
		assertEquals(e.n("n_groups"), r.events().size());
		assertCleanValues(e, r);
	}

	/** Cleaned values equal astroscrappy's (both float32, returned in input units). */
	static void assertCleanValues(Expected e, CosmicRayMask r) {
		int w = r.width(), h = r.height();
		for (Expected.Value v : e.clean) {
			float got = r.cleaned()[Coordinates.memoryRow(v.row, h) * w + v.col];
			assertEquals((float) v.value, got, 0, "cleaned value at row " + v.row + ", column " + v.col);
		}
	}
}
