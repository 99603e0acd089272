package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.testutil.MemoryNight;
import org.junit.jupiter.api.Test;

/** Star matching by a measured shift, and colour-magnitude diagrams against the simulator's colours. */
class ColourMagnitudeTest {

	@Test
	void matchingFindsTheShiftDespiteMissingAndSpuriousStars() {
		Random rnd = new Random(9);
		int n = 300;
		double[] ax = new double[n], ay = new double[n];
		for (int i = 0; i < n; i++) {
			ax[i] = 1000 * rnd.nextDouble();
			ay[i] = 800 * rnd.nextDouble();
		}
		// list B: 80 % of A shifted by (12.3, -7.8) with 0.05 px jitter, in another order, plus 40 spurious stars
		List<double[]> b = new ArrayList<>();
		Map<Integer, Integer> truth = new HashMap<>();
		for (int i = 0; i < n; i++) if (rnd.nextDouble() < 0.8) {
			truth.put(i, b.size());
			b.add(new double[] { ax[i] + 12.3 + 0.05 * rnd.nextGaussian(), ay[i] - 7.8 + 0.05 * rnd.nextGaussian() });
		}
		for (int i = 0; i < 40; i++) b.add(new double[] { 1000 * rnd.nextDouble(), 800 * rnd.nextDouble() });
		double[] bx = new double[b.size()], by = new double[b.size()];
		for (int i = 0; i < b.size(); i++) {
			bx[i] = b.get(i)[0];
			by[i] = b.get(i)[1];
		}
		StarMatch m = StarMatch.match(ax, ay, bx, by, 30, 1.5);
		assertEquals(12.3, m.dx, 0.02);
		assertEquals(-7.8, m.dy, 0.02);
		int right = 0;
		for (int k = 0; k < m.size(); k++) if (truth.containsKey(m.a[k]) && truth.get(m.a[k]) == m.b[k]) right++;
		assertTrue(right >= 0.97 * truth.size(), right + " of " + truth.size() + " true pairs");
		assertTrue(m.size() - right <= 5, (m.size() - right) + " wrong pairs");
		// no shift at all, and nothing to match
		StarMatch same = StarMatch.match(ax, ay, ax, ay, 30, 1.5);
		assertEquals(0, same.dx, 0);
		assertEquals(n, same.size());
		assertEquals(0, StarMatch.match(ax, ay, new double[0], new double[0], 30, 1.5).size());
		assertThrows(IllegalArgumentException.class, () -> StarMatch.match(ax, ay, bx, by, 30, 0));
	}

	/**
	 * A simulated B and V night (noiseless calibrated truth frames): measured at the true positions in
	 * B and, in a V frame cut 7 px right and 4 px up, at positions found by the shift. The simulator
	 * dims a star by {@code 0.4 colour colour_term} magnitudes per band (B 1.0, V 0), so the instrumental
	 * B-V of isolated bright stars is their true colour.
	 */
	@Test
	void coloursOfSimulatedStarsAreTheirTrueColours() throws Exception {
		SimulationSettings s = MemoryNight.small();
		s.width = 384;
		s.height = 384;
		s.stars = 50;
		s.filters = new ArrayList<>(List.of("B", "V"));
		s.epoch2Frames = 0;
		s.cosmics = 0;
		MemoryNight night = MemoryNight.simulate(s);
		Table stars = night.tables.get("truth/stars");
		float[] b = night.image("truth/ideal_B"), v = night.image("truth/ideal_V");
		int w = 384, h = 384, cx = 7, cy = 4, wc = w - cx, hc = h - cy;
		// V cut: drop 7 columns on the left and 4 FITS rows at the bottom (the last memory rows)
		float[] vc = new float[wc * hc];
		for (int y = 0; y < hc; y++) System.arraycopy(v, y * w + cx, vc, y * wc, wc);
		List<Target> tb = new ArrayList<>(), tv = new ArrayList<>();
		for (int r = 0; r < stars.rowCount(); r++) {
			double x = stars.getDouble(r, "x"), y = stars.getDouble(r, "y");
			tb.add(Target.at(stars.getString(r, "id"), x, y));
			tv.add(Target.at(stars.getString(r, "id"), x - cx, y - cy));
		}
		PhotometrySettings ps = new PhotometrySettings();
		ps.apertures = List.of(Aperture.circle(3 * s.fwhm));
		ps.annulus = Aperture.annulus(5 * s.fwhm, 8 * s.fwhm);
		List<Measurement> mb = AperturePhotometry.measure(Pixels.of(b, w, h), tb, ps, Progress.NONE).measurements();
		List<Measurement> mv = AperturePhotometry.measure(Pixels.of(vc, wc, hc), tv, ps, Progress.NONE).measurements();
		ColourMagnitude cmd = ColourMagnitude.of("B", mb, "V", mv, 0, 20, 1);
		assertEquals(List.of("B", "V"), cmd.bands);
		assertEquals(-7, cmd.match.dx, 1e-9);
		assertEquals(-4, cmd.match.dy, 1e-9);
		Table t = cmd.table("cmd");
		assertEquals("B-V", cmd.colourName());
		int checked = 0;
		double worst = 0;
		for (int k = 0; k < t.rowCount(); k++) {
			String id = t.getString(k, "id_B");
			assertEquals(id, t.getString(k, "id_V"), "matched the same star");
			int r = Integer.parseInt(id.endsWith(".0") ? id.substring(0, id.length() - 2) : id) - 1;
			// no neighbour's light in the aperture (the annulus median shrugs off a few pixels of it)
			if (!isolated(stars, r, 20) || stars.getDouble(r, "counts_V") < 2000) continue;
			assertEquals(stars.getDouble(r, "colour"), t.getDouble(k, "B-V"), 0.02, "star " + id);
			worst = Math.max(worst, Math.abs(stars.getDouble(r, "colour") - t.getDouble(k, "B-V")));
			assertEquals(t.getDouble(k, "mag_B") - t.getDouble(k, "mag_V"), t.getDouble(k, "B-V"), 1e-12);
			checked++;
		}
		assertTrue(checked >= 8, "isolated bright stars checked: " + checked);
		System.out.printf("%d of %d matched; %d isolated bright stars, worst colour error %.4f mag%n", t.rowCount(), stars.rowCount(),
			checked, worst);
		assertEquals(t.rowCount(), cmd.plot("cmd").series().get(0).x.length);
		assertTrue(cmd.plot("cmd").isYInverted(), "magnitudes grow downwards");
		// forced photometry of the same targets (the V positions carried by the known cut) gives the same colours
		ColourMagnitude forced = ColourMagnitude.forced(List.of("B", "V"), List.of(mb, mv), 0);
		Table f = forced.table("forced");
		assertEquals(stars.rowCount(), f.rowCount());
		for (int k = 0; k < t.rowCount(); k++) {
			String id = t.getString(k, "id_B");
			for (int r = 0; r < f.rowCount(); r++) {
				if (f.getString(r, "id").equals(id)) assertEquals(t.getDouble(k, "B-V"), f.getDouble(r, "B-V"), 1e-12);
			}
		}
		assertThrows(IllegalArgumentException.class, () -> ColourMagnitude.forced(List.of("B", "B"), List.of(mb, mb), 0));
		assertThrows(IllegalArgumentException.class, () -> ColourMagnitude.forced(List.of("B", "V"), List.of(mb, mv.subList(0, 3)), 0));
	}

	static boolean isolated(Table stars, int r, double radius) {
		double x = stars.getDouble(r, "x"), y = stars.getDouble(r, "y");
		if (x < radius || y < radius || x > 384 - 7 - radius || y > 384 - 4 - radius) return false;
		for (int q = 0; q < stars.rowCount(); q++) {
			if (q != r && Math.hypot(stars.getDouble(q, "x") - x, stars.getDouble(q, "y") - y) < radius) return false;
		}
		return true;
	}
}
