package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Progress;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The real ESO 085-030 pair (../shared/data/eso085-030-two-epochs) with ProperImage's tutorial settings
 * (Gaussian PSFs fitted per image, &beta; given as its 1.00074, no shift): D against the oracle's D
 * (src/test/oracle/zogy_properimage.py, every 7th pixel), and S_corr with unit noise where
 * ProperImage's is about 10&minus;4.
 */
class EsoPairSubtractionTest {

	@Test
	void differenceMatchesProperImageAndScoreHasUnitNoise() throws Exception {
		File dir = SharedData.dir("eso085-030-two-epochs");
		AstroImage ref = FitsReader.readImage(new File(dir, "aligned_eso085-030-004.fit").getPath());
		AstroImage nw = FitsReader.readImage(new File(dir, "aligned_eso085-030-005.fit").getPath());
		ImageSubtraction.Settings s = new ImageSubtraction.Settings();
		s.psf = PsfFields.Kind.GAUSSIAN;
		// ProperImage's settings: its S_corr has no PSF-error term (ours lowers S_corr around the pair's many stars)
		s.subtraction.psfError = false;
		s.subtraction.beta = 1.00074;
		s.saturation = 65000;
		ImageSubtraction.Result r = ImageSubtraction.run(ref, nw, s, Progress.NONE);
		Subtraction sub = r.subtraction;
		int w = sub.width(), h = sub.height();
		float[] d = sub.difference();
		short[] dq = sub.dq();
		List<Map<String, String>> rows = SharedData.csv("/expected/subtraction/properimage_eso085_d.csv.gz");
		double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
		int n = 0;
		for (Map<String, String> row : rows) {
			if (!row.get("masked").equals("0")) continue;
			int col = Integer.parseInt(row.get("col")), fitsRow = Integer.parseInt(row.get("row"));
			int p = (h - 1 - fitsRow) * w + col;
			if ((dq[p] & ~Dq.EDGE) != 0) continue;
			double a = d[p], b = Double.parseDouble(row.get("d"));
			sa += a;
			sb += b;
			saa += a * a;
			sbb += b * b;
			sab += a * b;
			n++;
		}
		double corr = (sab / n - sa / n * sb / n) / Math.sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
		String what = String.format(Locale.ROOT, "D correlation %.4f over %d pixels; %s", corr, n, sub.summary());
		System.out.println(what);
		assertTrue(corr >= 0.95, what);
		assertTrue(n > 10000, what);

		// S_corr: unit noise (robust std over the clean pixels), no NaN
		float[] sc = sub.correctedScore();
		double[] clean = new double[sc.length];
		int m = 0;
		for (int p = 0; p < sc.length; p++) {
			assertTrue(Float.isFinite(sc[p]));
			if (dq[p] == 0) clean[m++] = sc[p];
		}
		double std = Medians.MAD_TO_SIGMA * Medians.mad(Arrays.copyOf(clean, m));
		System.out.printf(Locale.ROOT, "S_corr robust std %.4f; left out %d pixels; %d candidates%n", std, sub.leftOut(),
			r.candidates.size());
		assertEquals(1, std, 0.1, "S_corr robust std");
	}
}
