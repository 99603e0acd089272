package org.astrofiji.core.calibration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Comparator networks for n values: Batcher's odd-even merge sort for the next power of two, cut to n
 * wires (the missing wires would hold +inf and never move), 305 comparators for 40 values; or that
 * network pruned to the comparators the middle output(s) depend on (248 for 40 values).
 * <p>
 * It runs on many pixels at once: wire i is an array holding value i of each pixel, and every
 * comparator is a min/max loop over those arrays, which the JIT turns into SIMD instructions. So the
 * median of a stack costs a few instructions per comparator and pixel, with no data-dependent
 * branches (selection per pixel mispredicts about every other comparison). A NaN input turns the
 * median output NaN (min and max propagate NaN), which tells the caller to treat that pixel apart.
 */
final class SortingNetwork {

	/** Networks are worth it up to this many values; larger stacks use selection per pixel. */
	static final int MAX_VALUES = 256;

	private static final Map<Integer, SortingNetwork> MEDIAN = new ConcurrentHashMap<>(), FULL = new ConcurrentHashMap<>();

	private final int n;
	private final int[] lo, hi;

	private SortingNetwork(int n, List<int[]> comparators) {
		this.n = n;
		lo = new int[comparators.size()];
		hi = new int[comparators.size()];
		for (int c = 0; c < lo.length; c++) {
			lo[c] = comparators.get(c)[0];
			hi[c] = comparators.get(c)[1];
		}
	}

	/** The network putting the median of n values at wire (n - 1) / 2 (and, for even n, n / 2). */
	static SortingNetwork median(int n) {
		if (n < 1 || n > MAX_VALUES) throw new IllegalArgumentException("no median network for " + n + " values");
		return MEDIAN.computeIfAbsent(n, SortingNetwork::build);
	}

	/** The network sorting n values (wire 0 the smallest): 305 comparators for 40 values. */
	static SortingNetwork full(int n) {
		if (n < 1 || n > MAX_VALUES) throw new IllegalArgumentException("no sorting network for " + n + " values");
		return FULL.computeIfAbsent(n, k -> new SortingNetwork(k, sorter(k)));
	}

	private static SortingNetwork build(int n) {
		int k = (n - 1) / 2;
		Set<Integer> outputs = new HashSet<>();
		outputs.add(k);
		if (n % 2 == 0) outputs.add(k + 1);
		return new SortingNetwork(n, prune(sorter(n), outputs));
	}

	/** Batcher's odd-even merge sort of the next power of two, without comparators reaching wires >= n. */
	static List<int[]> sorter(int n) {
		int size = 1;
		while (size < n) size <<= 1;
		List<int[]> out = new ArrayList<>();
		for (int p = 1; p < size; p <<= 1) {
			for (int k = p; k >= 1; k >>= 1) {
				for (int j = k % p; j < size - k; j += 2 * k) {
					for (int i = 0; i < Math.min(k, size - j - k); i++) {
						int a = i + j, b = i + j + k;
						if (a / (2 * p) == b / (2 * p) && b < n) out.add(new int[] { a, b });
					}
				}
			}
		}
		return out;
	}

	/** The comparators that can change the given outputs, in order. */
	static List<int[]> prune(List<int[]> network, Set<Integer> outputs) {
		Set<Integer> needed = new HashSet<>(outputs);
		List<int[]> kept = new ArrayList<>();
		for (int c = network.size() - 1; c >= 0; c--) {
			int[] cmp = network.get(c);
			if (needed.contains(cmp[0]) || needed.contains(cmp[1])) {
				kept.add(0, cmp);
				needed.add(cmp[0]);
				needed.add(cmp[1]);
			}
		}
		return kept;
	}

	int size() {
		return lo.length;
	}

	int values() {
		return n;
	}

	/** Runs the network on {@code wires[0..n)[0..len)}: afterwards the median output(s) hold the middle value(s). */
	void apply(float[][] wires, int len) {
		for (int c = 0; c < lo.length; c++) exchange(wires[lo[c]], wires[hi[c]], len);
	}

	private static void exchange(float[] a, float[] b, int len) {
		for (int q = 0; q < len; q++) {
			float x = a[q], y = b[q];
			a[q] = Math.min(x, y);
			b[q] = Math.max(x, y);
		}
	}
}
