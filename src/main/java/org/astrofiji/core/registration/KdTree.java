package org.astrofiji.core.registration;

/**
 * A static 2-D k-d tree over points (x[i], y[i]) for nearest-neighbour and radius queries: the point
 * order is permuted into a balanced tree (median splits alternating x and y), O(n log n) to build and
 * O(log n) per query on well-spread points.
 */
final class KdTree {

	/** Receives the indices found by a radius query. */
	@FunctionalInterface
	interface Visitor {
		void visit(int index);
	}

	private final double[] x, y;
	private final int[] order;

	KdTree(double[] x, double[] y) {
		this.x = x;
		this.y = y;
		order = new int[x.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		build(0, order.length, 0);
	}

	int size() {
		return order.length;
	}

	private void build(int lo, int hi, int depth) {
		if (hi - lo <= 1) return;
		int mid = (lo + hi) >>> 1;
		select(lo, hi - 1, mid, depth % 2 == 0 ? x : y);
		build(lo, mid, depth + 1);
		build(mid + 1, hi, depth + 1);
	}

	/** Quickselect: order[k] gets the k-th smallest coordinate of order[lo..hi], smaller ones before it. */
	private void select(int lo, int hi, int k, double[] c) {
		while (hi > lo) {
			double pivot = c[order[(lo + hi) >>> 1]];
			int i = lo, j = hi;
			while (i <= j) {
				while (c[order[i]] < pivot) i++;
				while (c[order[j]] > pivot) j--;
				if (i <= j) {
					int t = order[i];
					order[i] = order[j];
					order[j] = t;
					i++;
					j--;
				}
			}
			if (k <= j) hi = j;
			else if (k >= i) lo = i;
			else return;
		}
	}

	/** Index of the point nearest to (qx, qy), or -1 when none is within maxDistance. */
	int nearest(double qx, double qy, double maxDistance) {
		double[] best = { maxDistance * maxDistance, -1 };
		nearest(0, order.length, 0, qx, qy, best);
		return (int) best[1];
	}

	private void nearest(int lo, int hi, int depth, double qx, double qy, double[] best) {
		if (lo >= hi) return;
		int mid = (lo + hi) >>> 1, p = order[mid];
		double dx = x[p] - qx, dy = y[p] - qy, d2 = dx * dx + dy * dy;
		// ties go to the lower index, so the answer does not depend on the tree's layout
		if (d2 < best[0] || d2 == best[0] && (best[1] < 0 || p < best[1])) {
			best[0] = d2;
			best[1] = p;
		}
		double diff = depth % 2 == 0 ? qx - x[p] : qy - y[p];
		int nearLo = diff < 0 ? lo : mid + 1, nearHi = diff < 0 ? mid : hi;
		int farLo = diff < 0 ? mid + 1 : lo, farHi = diff < 0 ? hi : mid;
		nearest(nearLo, nearHi, depth + 1, qx, qy, best);
		if (diff * diff <= best[0]) nearest(farLo, farHi, depth + 1, qx, qy, best);
	}

	/** Visits every point within radius r of (qx, qy) (in no particular order). */
	void within(double qx, double qy, double r, Visitor v) {
		within(0, order.length, 0, qx, qy, r, v);
	}

	private void within(int lo, int hi, int depth, double qx, double qy, double r, Visitor v) {
		if (lo >= hi) return;
		int mid = (lo + hi) >>> 1, p = order[mid];
		double dx = x[p] - qx, dy = y[p] - qy;
		if (dx * dx + dy * dy <= r * r) v.visit(p);
		double diff = depth % 2 == 0 ? qx - x[p] : qy - y[p];
		if (diff - r <= 0) within(lo, mid, depth + 1, qx, qy, r, v);
		if (diff + r >= 0) within(mid + 1, hi, depth + 1, qx, qy, r, v);
	}

	/** Number of points within radius r of (qx, qy). */
	int count(double qx, double qy, double r) {
		int[] n = { 0 };
		within(qx, qy, r, i -> n[0]++);
		return n[0];
	}
}
