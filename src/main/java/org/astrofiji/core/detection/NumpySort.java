package org.astrofiji.core.detection;

/**
 * The order in which numpy 1.24's {@code np.argsort(a)} (default kind 'quicksort') returns the
 * indices of a float64 array on machines without AVX-512: an introsort. It is not stable, so equal
 * values come out in an order that depends on the algorithm; peak_local_max keeps the first of equal
 * peaks closer than min_distance, so reproducing its peaks on images with plateaus needs this order.
 * <p>
 * The algorithm (numpy's npysort/quicksort, written anew here from its description): partitions of
 * more than 16 elements are split around the median of their first, middle and last element (which
 * are sorted in place first; the pivot is parked next to the end and both scans stop at elements
 * equal to it), the larger part is pushed on a stack and the smaller one processed next; parts of at
 * most 16 elements are insertion-sorted; after 2 floor(log2 n) levels a part is heap-sorted instead.
 * NaN sorts last.
 */
public final class NumpySort {

	private static final int SMALL = 15;

	private NumpySort() {}

	/** Indices that sort {@code v} ascending, in numpy's order. */
	public static int[] argsort(double[] v) {
		int n = v.length;
		int[] t = new int[n];
		for (int i = 0; i < n; i++) t[i] = i;
		if (n < 2) return t;
		int[] stackL = new int[128], stackR = new int[128], stackDepth = new int[128];
		int sp = 0;
		int pl = 0, pr = n - 1;
		int depth = 2 * (31 - Integer.numberOfLeadingZeros(n));
		while (true) {
			if (depth < 0) {
				heapsort(v, t, pl, pr - pl + 1);
			}
			else {
				while (pr - pl > SMALL) {
					int pm = pl + ((pr - pl) >> 1);
					if (less(v[t[pm]], v[t[pl]])) swap(t, pm, pl);
					if (less(v[t[pr]], v[t[pm]])) swap(t, pr, pm);
					if (less(v[t[pm]], v[t[pl]])) swap(t, pm, pl);
					double pivot = v[t[pm]];
					int pi = pl, pj = pr - 1;
					swap(t, pm, pj);
					while (true) {
						do pi++; while (less(v[t[pi]], pivot));
						do pj--; while (less(pivot, v[t[pj]]));
						if (pi >= pj) break;
						swap(t, pi, pj);
					}
					swap(t, pi, pr - 1);
					// the larger part waits on the stack
					if (pi - pl < pr - pi) {
						stackL[sp] = pi + 1;
						stackR[sp] = pr;
						pr = pi - 1;
					}
					else {
						stackL[sp] = pl;
						stackR[sp] = pi - 1;
						pl = pi + 1;
					}
					stackDepth[sp++] = --depth;
				}
				for (int i = pl + 1; i <= pr; i++) { // insertion sort
					int ti = t[i];
					double vi = v[ti];
					int j = i;
					while (j > pl && less(vi, v[t[j - 1]])) {
						t[j] = t[j - 1];
						j--;
					}
					t[j] = ti;
				}
			}
			if (sp == 0) break;
			sp--;
			pl = stackL[sp];
			pr = stackR[sp];
			depth = stackDepth[sp];
		}
		return t;
	}

	/** numpy's heapsort of t[from .. from+n-1] by v (1-based heap indexing). */
	private static void heapsort(double[] v, int[] t, int from, int n) {
		int base = from - 1; // a[i] = t[base + i]
		for (int l = n >> 1; l > 0; l--) {
			int tmp = t[base + l];
			int i = l;
			for (int j = l << 1; j <= n;) {
				if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) j++;
				if (less(v[tmp], v[t[base + j]])) {
					t[base + i] = t[base + j];
					i = j;
					j += j;
				}
				else break;
			}
			t[base + i] = tmp;
		}
		for (; n > 1;) {
			int tmp = t[base + n];
			t[base + n] = t[base + 1];
			n--;
			int i = 1;
			for (int j = 2; j <= n;) {
				if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) j++;
				if (less(v[tmp], v[t[base + j]])) {
					t[base + i] = t[base + j];
					i = j;
					j += j;
				}
				else break;
			}
			t[base + i] = tmp;
		}
	}

	/** numpy's float order: NaN after everything. */
	private static boolean less(double a, double b) {
		return a < b || (b != b && a == a);
	}

	private static void swap(int[] t, int i, int j) {
		int x = t[i];
		t[i] = t[j];
		t[j] = x;
	}
}
