package org.astrofiji.core.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Triangle asterisms of a point set and their similarity invariants. Each point and its nearest
 * neighbours form a group; every triangle of three points of a group is kept once. A triangle's
 * vertices are ordered by the length of the opposite side (A opposite the shortest, C opposite the
 * longest), so a rotated, scaled and shifted copy lists corresponding vertices in the same order; its
 * invariants are the side ratios (shortest / longest, middle / longest), and its orientation the sign
 * of (B - A) x (C - A), which a rotation keeps and a reflection flips.
 */
final class Triangles {

	/** Vertex indices A, B, C per triangle. */
	final int[] a, b, c;
	/** Shortest / longest and middle / longest side. */
	final double[] u, v;
	/** Longest side, pixels. */
	final double[] longest;
	/** Counter-clockwise (in FITS coordinates) or not. */
	final boolean[] ccw;

	private Triangles(List<double[]> rows) {
		int n = rows.size();
		a = new int[n];
		b = new int[n];
		c = new int[n];
		u = new double[n];
		v = new double[n];
		longest = new double[n];
		ccw = new boolean[n];
		for (int i = 0; i < n; i++) {
			double[] r = rows.get(i);
			a[i] = (int) r[0];
			b[i] = (int) r[1];
			c[i] = (int) r[2];
			u[i] = r[3];
			v[i] = r[4];
			longest[i] = r[5];
			ccw[i] = r[6] > 0;
		}
	}

	int size() {
		return a.length;
	}

	/**
	 * The triangles of the points (x[i], y[i]) with each point's {@code neighbours} nearest others,
	 * leaving out those whose longest side is under {@code minSide} or that are nearly flat (height under
	 * 3 % of the longest side: their vertex order and orientation are unstable).
	 */
	static Triangles of(double[] x, double[] y, int neighbours, double minSide) {
		int n = x.length;
		Set<Long> seen = new HashSet<>();
		List<double[]> rows = new ArrayList<>();
		int k = Math.min(neighbours, n - 1);
		Integer[] others = new Integer[n];
		double[] d2 = new double[n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				others[j] = j;
				double dx = x[j] - x[i], dy = y[j] - y[i];
				d2[j] = dx * dx + dy * dy;
			}
			Arrays.sort(others, (p, q) -> d2[p] != d2[q] ? Double.compare(d2[p], d2[q]) : Integer.compare(p, q));
			// others[0] is i itself (distance 0, or a duplicate position of lower index)
			int[] group = new int[k + 1];
			group[0] = i;
			for (int g = 1, o = 0; g <= k; o++) if (others[o] != i) group[g++] = others[o];
			for (int p = 0; p < group.length; p++) {
				for (int q = p + 1; q < group.length; q++) {
					for (int r = q + 1; r < group.length; r++) {
						int[] t = { group[p], group[q], group[r] };
						Arrays.sort(t);
						if (!seen.add(((long) t[0] * n + t[1]) * n + t[2])) continue;
						double[] row = triangle(x, y, t[0], t[1], t[2], minSide);
						if (row != null) rows.add(row);
					}
				}
			}
		}
		return new Triangles(rows);
	}

	/** {A, B, C, u, v, longest, orientation} of the triangle (i, j, k), or null when it is left out. */
	private static double[] triangle(double[] x, double[] y, int i, int j, int k, double minSide) {
		int[] p = { i, j, k };
		// side opposite each vertex
		double[] opp = { dist(x, y, j, k), dist(x, y, i, k), dist(x, y, i, j) };
		Integer[] o = { 0, 1, 2 };
		Arrays.sort(o, (s, t) -> Double.compare(opp[s], opp[t]));
		double l0 = opp[o[0]], l1 = opp[o[1]], l2 = opp[o[2]];
		if (!(l2 >= minSide) || l2 == 0) return null;
		int A = p[o[0]], B = p[o[1]], C = p[o[2]];
		double cross = (x[B] - x[A]) * (y[C] - y[A]) - (y[B] - y[A]) * (x[C] - x[A]);
		// height over the longest side = |cross| / l2
		if (Math.abs(cross) / l2 < 0.03 * l2) return null;
		return new double[] { A, B, C, l0 / l2, l1 / l2, l2, Math.signum(cross) };
	}

	private static double dist(double[] x, double[] y, int i, int j) {
		return Math.hypot(x[i] - x[j], y[i] - y[j]);
	}
}
