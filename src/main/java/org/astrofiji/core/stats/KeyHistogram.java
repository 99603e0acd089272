package org.astrofiji.core.stats;

import java.util.Arrays;

import org.astrofiji.core.Parallel;

/**
 * A histogram of floats over the top 16 bits of their order-preserving integer keys: which bucket
 * holds a given rank takes one linear pass, and the values of a few buckets a second, so order
 * statistics of whole images cost linear time without sorting or reordering them. Counted in
 * parallel chunks; the counts and the collected values (in index order) do not depend on them.
 */
final class KeyHistogram {

	static final int BUCKETS = 1 << 16;

	private final float[] v;
	private final int n;
	private final boolean finiteOnly;
	/** Values per bucket. */
	final int[] counts;
	/** Values counted. */
	final long total;

	/** Counts the first n values: all of them (no NaN allowed), or only the finite ones. */
	KeyHistogram(float[] v, int n, boolean finiteOnly) {
		this.v = v;
		this.n = n;
		this.finiteOnly = finiteOnly;
		int chunks = chunks(n);
		int size = (n + chunks - 1) / chunks;
		int[][] parts = new int[chunks][];
		Parallel.forRange(chunks, 1, (c0, c1) -> {
			for (int c = c0; c < c1; c++) {
				int[] h = new int[BUCKETS];
				for (int i = c * size, end = Math.min(n, i + size); i < end; i++) if (counted(v[i])) h[bucket(v[i])]++;
				parts[c] = h;
			}
		});
		int[] h = parts[0];
		for (int c = 1; c < chunks; c++) for (int i = 0; i < BUCKETS; i++) h[i] += parts[c][i];
		counts = h;
		long t = 0;
		for (int c : h) t += c;
		total = t;
	}

	private boolean counted(float x) {
		return !finiteOnly || Float.isFinite(x);
	}

	/** The bucket holding the value of this rank (0-based, below {@link #total}). */
	int bucketOf(long rank) {
		int b = 0;
		for (long seen = 0; seen + counts[b] <= rank; seen += counts[b++]) {}
		return b;
	}

	/** How many values lie in the buckets below b. */
	long below(int b) {
		long s = 0;
		for (int i = 0; i < b; i++) s += counts[i];
		return s;
	}

	/** The counted values whose bucket lies in [first, last], in index order. */
	double[] collect(int first, int last) {
		int chunks = chunks(n);
		int size = (n + chunks - 1) / chunks;
		double[][] parts = new double[chunks][];
		Parallel.forRange(chunks, 1, (c0, c1) -> {
			for (int c = c0; c < c1; c++) {
				double[] buf = new double[64];
				int m = 0;
				for (int i = c * size, end = Math.min(n, i + size); i < end; i++) {
					if (!counted(v[i])) continue;
					int bk = bucket(v[i]);
					if (bk >= first && bk <= last) {
						if (m == buf.length) buf = Arrays.copyOf(buf, m * 2);
						buf[m++] = v[i];
					}
				}
				parts[c] = Arrays.copyOf(buf, m);
			}
		});
		int total = 0;
		for (double[] p : parts) total += p.length;
		double[] all = new double[total];
		int at = 0;
		for (double[] p : parts) {
			System.arraycopy(p, 0, all, at, p.length);
			at += p.length;
		}
		return all;
	}

	private static int chunks(int n) {
		return Math.max(1, Math.min(Parallel.threads(), n >> 18));
	}

	/** Top 16 bits of a float's order-preserving key, as an unsigned bucket number. */
	static int bucket(float f) {
		int bits = Float.floatToIntBits(f);
		int key = bits ^ ((bits >> 31) & 0x7fffffff);
		return (key ^ 0x80000000) >>> 16;
	}
}
