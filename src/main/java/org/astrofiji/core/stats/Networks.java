package org.astrofiji.core.stats;

/**
 * Branch-free selection networks for the median of 3, 5, 7 and 9 integer keys (see
 * {@link MedianFilter#key}). The 7 and 9 networks are Batcher's odd-even merge sort pruned to the
 * comparisons the middle output depends on; 5 uses med5 = med3(e, max(min(a,b), min(c,d)),
 * min(max(a,b), max(c,d))).
 */
final class Networks {

	private Networks() {}

	/** Median of line[from .. from + size), size 1, 3, 5, 7 or 9. */
	static int median(int[] v, int from, int size) {
		switch (size) {
			case 1: return v[from];
			case 3: return med3(v[from], v[from + 1], v[from + 2]);
			case 5: return med5(v[from], v[from + 1], v[from + 2], v[from + 3], v[from + 4]);
			case 7: return med7(v[from], v[from + 1], v[from + 2], v[from + 3], v[from + 4], v[from + 5], v[from + 6]);
			case 9: return med9(v[from], v[from + 1], v[from + 2], v[from + 3], v[from + 4], v[from + 5], v[from + 6],
				v[from + 7], v[from + 8]);
			default: throw new IllegalArgumentException("no network for " + size + " values");
		}
	}

	/** Median of rows[j][offs[j] + x] for j < size. */
	static int median(int[][] rows, int[] offs, int x, int size) {
		switch (size) {
			case 1: return rows[0][offs[0] + x];
			case 3: return med3(rows[0][offs[0] + x], rows[1][offs[1] + x], rows[2][offs[2] + x]);
			case 5: return med5(rows[0][offs[0] + x], rows[1][offs[1] + x], rows[2][offs[2] + x], rows[3][offs[3] + x],
				rows[4][offs[4] + x]);
			case 7: return med7(rows[0][offs[0] + x], rows[1][offs[1] + x], rows[2][offs[2] + x], rows[3][offs[3] + x],
				rows[4][offs[4] + x], rows[5][offs[5] + x], rows[6][offs[6] + x]);
			case 9: return med9(rows[0][offs[0] + x], rows[1][offs[1] + x], rows[2][offs[2] + x], rows[3][offs[3] + x],
				rows[4][offs[4] + x], rows[5][offs[5] + x], rows[6][offs[6] + x], rows[7][offs[7] + x], rows[8][offs[8] + x]);
			default: throw new IllegalArgumentException("no network for " + size + " values");
		}
	}

	static int med3(int a, int b, int c) {
		return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
	}

	static int med5(int a, int b, int c, int d, int e) {
		int lo = Math.max(Math.min(a, b), Math.min(c, d));
		int hi = Math.min(Math.max(a, b), Math.max(c, d));
		return med3(e, lo, hi);
	}

	static int med7(int v0, int v1, int v2, int v3, int v4, int v5, int v6) {
		int t;
		t = v0; v0 = Math.min(t, v1); v1 = Math.max(t, v1);
		t = v2; v2 = Math.min(t, v3); v3 = Math.max(t, v3);
		t = v0; v0 = Math.min(t, v2); v2 = Math.max(t, v2);
		t = v1; v1 = Math.min(t, v3); v3 = Math.max(t, v3);
		t = v1; v1 = Math.min(t, v2); v2 = Math.max(t, v2);
		t = v4; v4 = Math.min(t, v5); v5 = Math.max(t, v5);
		t = v4; v4 = Math.min(t, v6); v6 = Math.max(t, v6);
		t = v5; v5 = Math.min(t, v6); v6 = Math.max(t, v6);
		v4 = Math.max(v0, v4);
		v2 = Math.min(v2, v6);
		v4 = Math.max(v2, v4);
		v5 = Math.max(v1, v5);
		v3 = Math.min(v3, v5);
		return Math.min(v3, v4);
	}

	static int med9(int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int v8) {
		int t;
		t = v0; v0 = Math.min(t, v1); v1 = Math.max(t, v1);
		t = v2; v2 = Math.min(t, v3); v3 = Math.max(t, v3);
		t = v0; v0 = Math.min(t, v2); v2 = Math.max(t, v2);
		t = v1; v1 = Math.min(t, v3); v3 = Math.max(t, v3);
		t = v1; v1 = Math.min(t, v2); v2 = Math.max(t, v2);
		t = v4; v4 = Math.min(t, v5); v5 = Math.max(t, v5);
		t = v6; v6 = Math.min(t, v7); v7 = Math.max(t, v7);
		t = v4; v4 = Math.min(t, v6); v6 = Math.max(t, v6);
		t = v5; v5 = Math.min(t, v7); v7 = Math.max(t, v7);
		t = v5; v5 = Math.min(t, v6); v6 = Math.max(t, v6);
		t = v0; v0 = Math.min(t, v4); v4 = Math.max(t, v4);
		t = v2; v2 = Math.min(t, v6); v6 = Math.max(t, v6);
		t = v2; v2 = Math.min(t, v4); v4 = Math.max(t, v4);
		t = v1; v1 = Math.min(t, v5); v5 = Math.max(t, v5);
		v3 = Math.min(v3, v7);
		t = v3; v3 = Math.min(t, v5); v5 = Math.max(t, v5);
		v2 = Math.max(v1, v2);
		t = v3; v3 = Math.min(t, v4); v4 = Math.max(t, v4);
		v5 = Math.min(v5, v6);
		v8 = Math.max(v0, v8);
		v4 = Math.min(v4, v8);
		v4 = Math.max(v2, v4);
		v3 = Math.min(v3, v5);
		return Math.max(v3, v4);
	}
}
