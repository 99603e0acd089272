package org.astrofiji.core.subtraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.image.AstroImage;
import org.junit.jupiter.api.Test;

/**
 * The candidates' cut-out montage on a simulated pair: one row per candidate, each panel the R, N
 * (background subtracted, over their &sigma;) and D pixels around the candidate's FITS position, NaN
 * beyond the image; the header describes the layout.
 */
class CandidateMontageTest {

	@Test
	void panelsAreTheImagesPixelsAroundEachCandidate() {
		SimulatedPair pair = new SimulatedPair(3, 256, false);
		PsfField pr = PsfFields.profile(org.astrofiji.core.psf.Gaussian.circular(3), 21, "true 3");
		PsfField pn = PsfFields.profile(org.astrofiji.core.psf.Gaussian.circular(4), 21, "true 4");
		Subtraction sub = ProperSubtraction.run(pair.epoch("reference", pair.r, pr), pair.epoch("new", pair.n, pn),
			new ProperSubtraction.Settings(), Progress.NONE);
		List<Candidate> found = new ArrayList<>(TransientFinder.find(sub, new TransientFinder.Settings(), null));
		assertTrue(!found.isEmpty(), "no candidate");
		// one more, hand-placed at the image's corner pixel (FITS 1, 1 = memory x 0, y h-1): half its panel is beyond the image
		found.add(new Candidate(99, 1, 1, Double.NaN, Double.NaN, 5, 0, 0, 0, 0));
		int size = 11, r = size / 2, w = sub.width(), h = sub.height();
		CandidateMontage m = CandidateMontage.of(sub, found, size, 100);
		assertEquals(found.size(), m.candidates().size());
		assertEquals(3 * size + 2 * CandidateMontage.GAP, m.width());
		assertEquals(found.size() * size + (found.size() - 1) * CandidateMontage.GAP, m.height());
		float[][] planes = { sub.reference().subtracted(), sub.newImage().subtracted(), sub.difference() };
		double[] scale = { 1 / sub.sigmaReference(), 1 / sub.sigmaNew(), 1 };
		for (int k = 0; k < found.size(); k++) {
			Candidate c = found.get(k);
			int cx = (int) Math.rint(c.x - 1), cy = (int) Math.rint(h - c.y); // FITS -> memory, by hand
			for (int pl = 0; pl < 3; pl++) {
				float[] p = m.panel(k, pl);
				for (int j = 0; j < size; j++) {
					for (int i = 0; i < size; i++) {
						int x = cx - r + i, y = cy - r + j;
						float v = p[j * size + i];
						if (x < 0 || y < 0 || x >= w || y >= h) assertTrue(Float.isNaN(v), "beyond the image: NaN");
						else assertEquals(planes[pl][y * w + x] * scale[pl], v, 1e-6 * Math.max(1, Math.abs(v)), "row " + k + " panel " + pl);
					}
				}
			}
		}
		// the transient: its D panel's centre is the brightest pixel of the panel's middle, well above the noise
		double[] t = pair.transientAt();
		int row = -1;
		for (int k = 0; k < found.size(); k++) if (Math.hypot(found.get(k).x - t[0], found.get(k).y - t[1]) < 1.5) row = k;
		assertTrue(row >= 0, "transient not found");
		float[] d = m.panel(row, 2);
		float centre = d[r * size + r];
		assertTrue(centre > 3, "D at the transient " + centre);
		assertEquals(sub.difference()[(int) Math.rint(h - t[1]) * w + (int) Math.rint(t[0] - 1)], centre, 1e-6);
		// the header says how to read it back
		AstroImage img = m.image("cut-outs");
		assertEquals(size, (int) img.header().getDouble("CUTSIZE", 0));
		assertEquals(found.size(), (int) img.header().getDouble("CUTROWS", 0));
		assertTrue(img.header().getString("CUT" + found.size()).startsWith("id=99 x=1.00 y=1.00"));
		float[] back = CandidateMontage.panel(img.data(), m.width(), size, row, 2);
		assertEquals(centre, back[r * size + r]);
		// fewer rows when limited; none at all is no montage
		assertEquals(2, CandidateMontage.of(sub, found, size, 2).candidates().size());
		assertNull(CandidateMontage.of(sub, found, size, 0));
		assertNull(CandidateMontage.of(sub, List.of(), size, 10));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> CandidateMontage.of(sub, found, 10, 5)).getMessage()
			.startsWith("cutout_size"));
	}
}
