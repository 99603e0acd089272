package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches two star lists of the same field that differ by a shift (two filters, two epochs, a
 * telescope offset). The shift is found by voting: every pair of stars within {@code maxShift} votes
 * for its displacement on a grid of {@code radius}-wide cells, the 3 x 3 cells with the most votes
 * win (their vote-weighted centre), and the displacement is refined as the median over the pairs
 * within 2 {@code radius}, then twice within {@code radius}, of it.
 * Stars are then paired as mutual nearest neighbours within {@code radius} after the shift, and the
 * reported shift is the median displacement of the matched pairs.
 */
public final class StarMatch {

	/** The measured shift: list B position minus list A position. */
	public final double dx, dy;
	/** Matched pairs: a[k] in list A with b[k] in list B, in the order of list A. */
	public final int[] a, b;

	private StarMatch(double dx, double dy, int[] a, int[] b) {
		this.dx = dx;
		this.dy = dy;
		this.a = a;
		this.b = b;
	}

	public int size() {
		return a.length;
	}

	/** Matches list A (ax, ay) with list B (bx, by). */
	public static StarMatch match(double[] ax, double[] ay, double[] bx, double[] by, double maxShift, double radius) {
		if (ax.length != ay.length || bx.length != by.length) throw new IllegalArgumentException("x and y lists differ in length");
		if (!(radius > 0)) throw new IllegalArgumentException("match_radius must be > 0 (got " + radius + ")");
		if (!(maxShift >= 0)) throw new IllegalArgumentException("max_shift must be >= 0 (got " + maxShift + ")");
		double[] d = vote(ax, ay, bx, by, maxShift, radius);
		// refine on the pairs near the winning displacement
		for (int it = 0; it < 3; it++) d = medianShift(pairs(ax, ay, bx, by, d[0], d[1], (it == 0 ? 2 : 1) * radius), ax, ay, bx, by, d);
		int[][] m = mutualNearest(ax, ay, bx, by, d[0], d[1], radius);
		double[] shift = m[0].length > 0 ? medianShift(m, ax, ay, bx, by, d) : d;
		return new StarMatch(shift[0], shift[1], m[0], m[1]);
	}

	/** The displacement cell with the most votes in its 3 x 3 neighbourhood (ties: nearest to no shift). */
	private static double[] vote(double[] ax, double[] ay, double[] bx, double[] by, double maxShift, double radius) {
		int cells = (int) Math.ceil(2 * maxShift / radius) + 1;
		if ((long) cells * cells > 50_000_000L) throw new IllegalArgumentException("max_shift " + maxShift +
			" is too large for match_radius " + radius);
		int[] votes = new int[cells * cells];
		Grid grid = new Grid(bx, by, Math.max(maxShift, radius));
		for (int i = 0; i < ax.length; i++) {
			final int ii = i;
			grid.near(ax[i], ay[i], maxShift, j -> {
				int cx = (int) Math.floor((bx[j] - ax[ii] + maxShift) / radius), cy = (int) Math.floor((by[j] - ay[ii] + maxShift) / radius);
				if (cx >= 0 && cy >= 0 && cx < cells && cy < cells) votes[cy * cells + cx]++;
			});
		}
		int best = -1, bestVotes = 0;
		double bestDist = Double.POSITIVE_INFINITY;
		for (int cy = 0; cy < cells; cy++) {
			for (int cx = 0; cx < cells; cx++) {
				if (votes[cy * cells + cx] == 0) continue;
				int v = 0;
				for (int j = Math.max(0, cy - 1); j <= Math.min(cells - 1, cy + 1); j++)
					for (int i = Math.max(0, cx - 1); i <= Math.min(cells - 1, cx + 1); i++) v += votes[j * cells + i];
				double dist = Math.hypot((cx + 0.5) * radius - maxShift, (cy + 0.5) * radius - maxShift);
				if (v > bestVotes || v == bestVotes && dist < bestDist) {
					best = cy * cells + cx;
					bestVotes = v;
					bestDist = dist;
				}
			}
		}
		if (best < 0) return new double[] { 0, 0 };
		// the vote-weighted centre of the winning neighbourhood: the displacement may straddle cells
		int bx0 = best % cells, by0 = best / cells;
		double sx = 0, sy = 0;
		for (int j = Math.max(0, by0 - 1); j <= Math.min(cells - 1, by0 + 1); j++) {
			for (int i = Math.max(0, bx0 - 1); i <= Math.min(cells - 1, bx0 + 1); i++) {
				sx += votes[j * cells + i] * ((i + 0.5) * radius - maxShift);
				sy += votes[j * cells + i] * ((j + 0.5) * radius - maxShift);
			}
		}
		return new double[] { sx / bestVotes, sy / bestVotes };
	}

	/** All pairs whose displacement is within radius of (dx, dy). */
	private static int[][] pairs(double[] ax, double[] ay, double[] bx, double[] by, double dx, double dy, double radius) {
		List<int[]> p = new ArrayList<>();
		Grid grid = new Grid(bx, by, radius);
		for (int i = 0; i < ax.length; i++) {
			final int ii = i;
			grid.near(ax[i] + dx, ay[i] + dy, radius, j -> p.add(new int[] { ii, j }));
		}
		int[][] out = new int[2][p.size()];
		for (int k = 0; k < p.size(); k++) {
			out[0][k] = p.get(k)[0];
			out[1][k] = p.get(k)[1];
		}
		return out;
	}

	private static double[] medianShift(int[][] pairs, double[] ax, double[] ay, double[] bx, double[] by, double[] fallback) {
		int n = pairs[0].length;
		if (n == 0) return fallback;
		double[] ddx = new double[n], ddy = new double[n];
		for (int k = 0; k < n; k++) {
			ddx[k] = bx[pairs[1][k]] - ax[pairs[0][k]];
			ddy[k] = by[pairs[1][k]] - ay[pairs[0][k]];
		}
		Arrays.sort(ddx);
		Arrays.sort(ddy);
		return new double[] { Sky.median(ddx, 0, n), Sky.median(ddy, 0, n) };
	}

	/** Pairs that are each other's nearest neighbour within radius after shifting A by (dx, dy). */
	private static int[][] mutualNearest(double[] ax, double[] ay, double[] bx, double[] by, double dx, double dy, double radius) {
		int[] nearB = nearest(ax, ay, dx, dy, bx, by, radius), nearA = nearest(bx, by, -dx, -dy, ax, ay, radius);
		List<Integer> a = new ArrayList<>();
		for (int i = 0; i < ax.length; i++) if (nearB[i] >= 0 && nearA[nearB[i]] == i) a.add(i);
		int[][] out = new int[2][a.size()];
		for (int k = 0; k < a.size(); k++) {
			out[0][k] = a.get(k);
			out[1][k] = nearB[a.get(k)];
		}
		return out;
	}

	/** For each point of P shifted by (dx, dy), the nearest point of Q within radius (lowest index on ties), or -1. */
	private static int[] nearest(double[] px, double[] py, double dx, double dy, double[] qx, double[] qy, double radius) {
		Grid grid = new Grid(qx, qy, radius);
		int[] out = new int[px.length];
		for (int i = 0; i < px.length; i++) {
			double x = px[i] + dx, y = py[i] + dy;
			double[] best = { Double.POSITIVE_INFINITY };
			int[] at = { -1 };
			grid.near(x, y, radius, j -> {
				double d = Math.hypot(qx[j] - x, qy[j] - y);
				if (d < best[0] || d == best[0] && j < at[0]) {
					best[0] = d;
					at[0] = j;
				}
			});
			out[i] = at[0];
		}
		return out;
	}

	/** Points hashed into square cells for neighbour searches. */
	private static final class Grid {

		private final double[] x, y;
		private final double cell;
		private final Map<Long, List<Integer>> cells = new HashMap<>();

		Grid(double[] x, double[] y, double cell) {
			this.x = x;
			this.y = y;
			this.cell = cell;
			for (int i = 0; i < x.length; i++) cells.computeIfAbsent(key((long) Math.floor(x[i] / cell), (long) Math.floor(y[i] / cell)),
				k -> new ArrayList<>()).add(i);
		}

		private static long key(long cx, long cy) {
			return (cx << 32) ^ (cy & 0xffffffffL);
		}

		/** Calls back, in index order per cell, every point within r (r <= cell) of (px, py). */
		void near(double px, double py, double r, java.util.function.IntConsumer f) {
			long cx = (long) Math.floor(px / cell), cy = (long) Math.floor(py / cell);
			for (long j = cy - 1; j <= cy + 1; j++) {
				for (long i = cx - 1; i <= cx + 1; i++) {
					List<Integer> c = cells.get(key(i, j));
					if (c == null) continue;
					for (int k : c) if (Math.hypot(x[k] - px, y[k] - py) <= r) f.accept(k);
				}
			}
		}
	}
}
