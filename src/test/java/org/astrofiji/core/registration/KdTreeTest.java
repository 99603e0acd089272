package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The k-d tree and the brightness order against brute force. */
class KdTreeTest {

	@Test
	void nearestAndRadiusQueriesEqualBruteForce() {
		SplittableRandom r = new SplittableRandom(9);
		int n = 700;
		double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			// a grid part with exact ties and duplicates, and a random part
			x[i] = i < 200 ? (i % 20) * 5 : r.nextDouble(0, 300);
			y[i] = i < 200 ? (i / 20) * 5 : r.nextDouble(0, 300);
		}
		x[5] = x[4];
		y[5] = y[4];
		KdTree tree = new KdTree(x, y);
		for (int q = 0; q < 2000; q++) {
			double qx = q < 100 ? (q % 20) * 5 + 2.5 : r.nextDouble(-20, 320), qy = q < 100 ? (q / 20) * 5 : r.nextDouble(-20, 320);
			double max = r.nextDouble(0.5, 30);
			int best = -1;
			double bd = max * max;
			List<Integer> inside = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				double d = (x[i] - qx) * (x[i] - qx) + (y[i] - qy) * (y[i] - qy);
				if (d < bd || d == bd && (best < 0 || i < best)) {
					bd = d;
					best = i;
				}
				if (d <= max * max) inside.add(i);
			}
			assertEquals(best, tree.nearest(qx, qy, max), "nearest to " + qx + "," + qy);
			List<Integer> found = new ArrayList<>();
			tree.within(qx, qy, max, found::add);
			found.sort(null);
			assertEquals(inside, found, "within " + max + " of " + qx + "," + qy);
			assertEquals(inside.size(), tree.count(qx, qy, max));
		}
	}

	@Test
	void brightestStarsComeFirstWithNaNLast() {
		StarList s = StarList.of(new double[] { 1, 2, 3, 4, 5 }, new double[] { 1, 2, 3, 4, 5 },
			new double[] { 10, Double.NaN, 30, 10, 20 });
		assertArrayEquals(new int[] { 2, 4, 0, 3, 1 }, s.brightest(10));
		assertArrayEquals(new int[] { 2, 4 }, s.brightest(2));
		// without fluxes the given order is the brightness order
		assertArrayEquals(new int[] { 0, 1, 2 }, StarList.of(new double[] { 9, 8, 7 }, new double[] { 1, 2, 3 }).brightest(3));
	}
}
