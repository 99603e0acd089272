package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Transform recovery on simulated star lists against the simulation's truth: 100 random pairs per
 * kind with shifts up to 100 px, any rotation, scales 0.9-1.1, 10-20 % of the stars missing from the
 * target, and cosmic-ray-like spurious detections (5-10 % more, with star-like fluxes) in both lists.
 * Positions carry Gaussian centroid noise of 0.007 px per axis (0.01 px RMS radial: bright stars), so
 * a pair's residual is ~0.014 px RMS. Unrelated fields must never give a transform.
 */
class TransformFinderSimulatedTest {

	static final int SIZE = 1024;
	static final double NOISE = 0.007;

	/** A simulated pair of star lists; sky[i] is the star behind entry i, -1 for a spurious detection. */
	static final class Pair {
		StarList source, target;
		int[] sourceSky, targetSky;
		Transform truth;
	}

	static Pair simulate(long seed, Transform.Kind kind, boolean clustered) {
		SplittableRandom r = new SplittableRandom(seed);
		double c = (SIZE + 1) / 2.0;
		double shift = r.nextDouble(0, 100), phi = r.nextDouble(0, 2 * Math.PI);
		Transform truth;
		if (kind == Transform.Kind.TRANSLATION) truth = Transform.translation(shift * Math.cos(phi), shift * Math.sin(phi));
		else {
			Transform sim = Transform.similarity(r.nextDouble(0.9, 1.1), r.nextDouble(-180, 180), c + shift * Math.cos(phi),
				c + shift * Math.sin(phi));
			truth = Transform.translation(-c, -c).then(sim);
			if (kind == Transform.Kind.AFFINE) {
				// a little shear and anisotropic scale, as from differential refraction or a tilted detector
				double e = r.nextDouble(-0.004, 0.004), g = r.nextDouble(-0.004, 0.004);
				truth = Transform.affine(1 + e, g, 0, -g / 2, 1 - e, 0).then(truth);
			}
		}
		// the sky, in source coordinates, over an area covering both frames; ~200 stars per frame
		double lo = -SIZE, hi = 2.0 * SIZE;
		int nSky = (int) (200 * 9 * (clustered ? 0.5 : 1));
		List<double[]> sky = new ArrayList<>();
		for (int i = 0; i < nSky; i++) {
			double x, y;
			if (clustered && i % 2 == 0) {
				x = c + 60 * gaussian(r);
				y = c + 60 * gaussian(r);
			}
			else {
				x = r.nextDouble(lo, hi);
				y = r.nextDouble(lo, hi);
			}
			sky.add(new double[] { x, y, flux(r) });
		}
		double missing = r.nextDouble(0.1, 0.2), spurious = r.nextDouble(0.05, 0.1);
		List<double[]> src = new ArrayList<>(), tgt = new ArrayList<>();
		for (int i = 0; i < sky.size(); i++) {
			double[] s = sky.get(i);
			if (inFrame(s[0], s[1])) src.add(new double[] { s[0] + NOISE * gaussian(r), s[1] + NOISE * gaussian(r), s[2], i });
			double[] q = truth.apply(s[0], s[1]);
			if (inFrame(q[0], q[1]) && r.nextDouble() >= missing) {
				tgt.add(new double[] { q[0] + NOISE * gaussian(r), q[1] + NOISE * gaussian(r), s[2] * (1 + 0.05 * gaussian(r)), i });
			}
		}
		for (List<double[]> list : List.of(src, tgt)) {
			int n = (int) Math.round(spurious * list.size());
			for (int k = 0; k < n; k++) list.add(new double[] { r.nextDouble(0.5, SIZE + 0.5), r.nextDouble(0.5, SIZE + 0.5), flux(r), -1 });
		}
		Pair p = new Pair();
		p.truth = truth;
		p.sourceSky = new int[src.size()];
		p.targetSky = new int[tgt.size()];
		p.source = list(src, p.sourceSky);
		p.target = list(tgt, p.targetSky);
		return p;
	}

	private static StarList list(List<double[]> rows, int[] sky) {
		double[] x = new double[rows.size()], y = new double[rows.size()], f = new double[rows.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = rows.get(i)[0];
			y[i] = rows.get(i)[1];
			f[i] = rows.get(i)[2];
			sky[i] = (int) rows.get(i)[3];
		}
		return StarList.of(x, y, f);
	}

	private static boolean inFrame(double x, double y) {
		return x >= 0.5 && x <= SIZE + 0.5 && y >= 0.5 && y <= SIZE + 0.5;
	}

	/** Power-law fluxes from 1 to 1000 (many faint stars, few bright ones). */
	private static double flux(SplittableRandom r) {
		return 1 / (1 - r.nextDouble() * (1 - 1e-3));
	}

	private static double gaussian(SplittableRandom r) {
		double u = r.nextDouble(), v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
	}

	@Test
	void similarityIsRecoveredIn99PercentOfRandomPairsAndNeverWrong() {
		recover(Transform.Kind.SIMILARITY, 1000, false);
	}

	@Test
	void similarityIsRecoveredOnClusteredFields() {
		recover(Transform.Kind.SIMILARITY, 2000, true);
	}

	@Test
	void affineIsRecovered() {
		recover(Transform.Kind.AFFINE, 3000, false);
	}

	@Test
	void translationFastPathIsRecovered() {
		recover(Transform.Kind.TRANSLATION, 4000, false);
	}

	static void recover(Transform.Kind kind, long seed0, boolean clustered) {
		TransformFinder finder = TransformFinder.of(kind);
		int good = 0, cases = 100;
		double worstRms = 0, worstRot = 0, worstMap = 0;
		for (int k = 0; k < cases; k++) {
			Pair p = simulate(seed0 + k, kind, clustered);
			Match m;
			try {
				m = finder.find(p.source, p.target);
			}
			catch (NoMatchException e) {
				System.out.println(kind + " case " + k + " failed (allowed once per 100): " + e.getMessage());
				continue;
			}
			double map = p.truth.maxDistance(m.transform(), 0.5, 0.5, SIZE + 0.5, SIZE + 0.5);
			// a success must never be a wrong transform
			if (map > 1) fail(kind + " case " + k + ": wrong transform reported as success: " + m + " vs truth " + p.truth);
			int wrongPairs = 0;
			int[] si = m.sourceIndices(), ti = m.targetIndices();
			for (int i = 0; i < si.length; i++) if (p.sourceSky[si[i]] < 0 || p.sourceSky[si[i]] != p.targetSky[ti[i]]) wrongPairs++;
			double rot = Math.abs(angleDiff(m.transform().rotationDeg(), p.truth.rotationDeg()));
			worstRms = Math.max(worstRms, m.rms());
			worstRot = Math.max(worstRot, rot);
			worstMap = Math.max(worstMap, map);
			if (m.rms() <= 0.02 && rot <= 0.01 && map <= 0.02 && wrongPairs == 0) good++;
			else System.out.printf(Locale.ROOT, "%s case %d off target: rms %.4f, rotation error %.5f deg, map error %.4f px, " +
				"%d wrong pairs%n", kind, k, m.rms(), rot, map, wrongPairs);
		}
		System.out.printf(Locale.ROOT, "%s%s: %d of %d pairs within 0.02 px RMS / 0.01 deg / 0.02 px over the frame; " +
			"worst RMS %.4f px, rotation error %.5f deg, transform error %.4f px%n", kind, clustered ? " (clustered)" : "", good, cases,
			worstRms, worstRot, worstMap);
		assertTrue(good >= 99, kind + ": only " + good + " of " + cases + " pairs recovered");
	}

	private static double angleDiff(double a, double b) {
		double d = a - b;
		while (d > 180) d -= 360;
		while (d <= -180) d += 360;
		return d;
	}

	@Test
	void unrelatedFieldsNeverMatch() {
		for (Transform.Kind kind : Transform.Kind.values()) {
			int closest = Integer.MAX_VALUE;
			String example = "";
			// affine candidates come from the same triangles as similarity ones: fewer cases suffice
			int cases = kind == Transform.Kind.AFFINE ? 30 : 100;
			for (int k = 0; k < cases; k++) {
				boolean clustered = k % 2 == 1;
				Pair a = simulate(5000 + k, kind, clustered), b = simulate(6000 + k, kind, clustered);
				try {
					Match m = TransformFinder.of(kind).find(a.source, b.target);
					fail(kind + " unrelated pair " + k + (clustered ? " (clustered)" : "") + " matched: " + m);
				}
				catch (NoMatchException e) {
					assertTrue(e.getMessage().startsWith("found "), e.getMessage());
					assertTrue(e.found() < e.needed(), e.getMessage());
					if (e.needed() - e.found() < closest) {
						closest = e.needed() - e.found();
						example = e.getMessage();
					}
				}
			}
			System.out.println(kind + ": " + cases + " unrelated pairs refused; closest call: " + example);
		}
	}

	@Test
	void tooFewStarsIsAClearError() {
		StarList two = StarList.of(new double[] { 10, 50 }, new double[] { 10, 80 });
		StarList many = simulate(1, Transform.Kind.SIMILARITY, false).target;
		NoMatchException e = assertThrows(NoMatchException.class, () -> TransformFinder.of(Transform.Kind.SIMILARITY).find(two, many));
		assertEquals("found 0 matching stars, need 3 (the source list has only 2 stars)", e.getMessage());
		// three stars can match any three others: never enough to be sure
		StarList three = StarList.of(new double[] { 10, 50, 200 }, new double[] { 10, 80, 30 });
		StarList moved = StarList.of(new double[] { 15, 55, 205 }, new double[] { 12, 82, 32 });
		e = assertThrows(NoMatchException.class, () -> TransformFinder.of(Transform.Kind.SIMILARITY).find(three, moved));
		assertTrue(e.getMessage().startsWith("found 3 matching stars, need 4"), e.getMessage());
	}
}
