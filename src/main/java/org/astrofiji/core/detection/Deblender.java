package org.astrofiji.core.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SExtractor's multi-threshold deblending of one detection (Bertin & Arnouts 1996, section 3.3;
 * parameters DEBLEND_NTHRESH and DEBLEND_MINCONT).
 * <ol>
 * <li>Between the detection threshold t0 and the peak p of the (filtered, background-subtracted)
 * signal, {@code nthresh - 1} levels are spaced exponentially: t_k = t0 (p / t0)^(k / nthresh).</li>
 * <li>At each level the pixels above it form connected branches (of at least min_area pixels); each
 * branch hangs below the branch of the previous level that contains it: a tree.</li>
 * <li>A branch is significant when its light above its own level, {@code sum(signal) - t_k npix},
 * exceeds {@code cont} times the total light of the detection. Going from the top levels down, a
 * branch with at least two significant sub-branches is split: those of its significant sub-branches
 * that were not split themselves become separate sources.</li>
 * <li>The pixels of the detection outside all these cores go to the core under whose elliptical
 * Gaussian profile (from the core's second moments) they are most probable (SExtractor draws them at
 * random with those probabilities; here the most probable core takes the pixel, which is
 * deterministic).</li>
 * </ol>
 */
final class Deblender {

	private Deblender() {}

	/**
	 * Splits one detection. {@code pix} are its pixels (memory indices, FITS raster order), {@code sig}
	 * the signal above the background of each of them, {@code t0} the detection threshold above the
	 * background. Returns null when the detection is one source, else the pixels of each
	 * part, each in FITS raster order.
	 */
	static List<int[]> split(int[] pix, float[] sig, double t0, int w, int connectivity, int minArea, int nthresh,
		double cont)
	{
		int n = pix.length;
		if (n < 2 * minArea || !(t0 > 0)) return null;
		int xmin = Integer.MAX_VALUE, xmax = 0, ymin = Integer.MAX_VALUE, ymax = 0;
		double peak = Double.NEGATIVE_INFINITY, total = 0;
		for (int p : pix) {
			int x = p % w, y = p / w;
			xmin = Math.min(xmin, x);
			xmax = Math.max(xmax, x);
			ymin = Math.min(ymin, y);
			ymax = Math.max(ymax, y);
		}
		for (float v : sig) {
			peak = Math.max(peak, v);
			total += v;
		}
		if (!(peak > t0)) return null;
		int bw = xmax - xmin + 1, bh = ymax - ymin + 1;
		int[] local = new int[n];
		float[] value = new float[n];
		int[] slot = new int[bw * bh]; // index into pix of a local position, -1 outside the detection
		Arrays.fill(slot, -1);
		for (int i = 0; i < n; i++) {
			local[i] = (pix[i] / w - ymin) * bw + (pix[i] % w - xmin);
			value[i] = sig[i];
			slot[local[i]] = i;
		}
		int reach = connectivity == 8 ? 1 : 0;
		// every branch of every level holds a local maximum: with one, nothing can split
		if (localMaxima(local, value, slot, bw, bh, reach) < 2) return null;
		// local pixels sorted by signal, brightest first: the pixels above a level are a prefix
		long[] keyed = new long[n];
		for (int i = 0; i < n; i++) keyed[i] = ((long) descendingKey(value[i]) << 32) | i;
		Arrays.sort(keyed);
		int[] order = new int[n];
		for (int r = 0; r < n; r++) order[r] = (int) keyed[r];

		// the branches of every level, from the top level down: pixels join one by one, brightest first
		// (union-find), and after each level the components of at least min_area pixels are its branches
		int[] rank = new int[n]; // position of a pixel in the brightness order
		for (int r = 0; r < n; r++) rank[order[r]] = r;
		double[] level = new double[nthresh];
		for (int k = 1; k < nthresh; k++) level[k] = t0 * Math.pow(peak / t0, (double) k / nthresh);
		int[] parent = new int[n], size = new int[n];
		double[] light = new double[n];
		int[] roots = new int[n];
		int nRoots = 0, added = 0;
		int[] nodeAtRoot = new int[n];
		Tree tree = new Tree();
		int[] upper = new int[0]; // nodes of the level above
		for (int k = nthresh - 1; k >= 1; k--) {
			while (added < n && value[order[added]] > level[k]) {
				int r = added++;
				parent[r] = r;
				size[r] = 1;
				light[r] = value[order[r]];
				roots[nRoots++] = r;
				int i = order[r], lx = local[i] % bw, ly = local[i] / bw;
				for (int dy = -1; dy <= 1; dy++) {
					for (int dx = -1; dx <= 1; dx++) {
						if ((dx == 0 && dy == 0) || (reach == 0 && dx != 0 && dy != 0)) continue;
						int ax = lx + dx, ay = ly + dy;
						if (ax < 0 || ay < 0 || ax >= bw || ay >= bh) continue;
						int j = slot[ay * bw + ax];
						if (j >= 0 && rank[j] < r) join(parent, size, light, r, rank[j]);
					}
				}
			}
			// this level's branches: the live roots with enough pixels
			int live = 0;
			int[] nodes = new int[nRoots];
			int count = 0;
			for (int q = 0; q < nRoots; q++) {
				int r = roots[q];
				if (parent[r] != r) continue;
				roots[live++] = r;
				if (size[r] < minArea) continue;
				nodeAtRoot[r] = nodes[count++] = tree.add(k, r, size[r], light[r], level[k]);
			}
			nRoots = live;
			for (int u : upper) tree.parent[u] = nodeAtRoot[find(parent, tree.rep[u])]; // inside one branch of this level
			upper = Arrays.copyOf(nodes, count);
		}
		int root = tree.add(0, 0, n, total, t0);
		for (int u : upper) tree.parent[u] = root;
		List<Integer> sources = tree.cut(cont * total);
		if (sources == null) return null;
		// cores, then the other pixels to the most probable core
		int parts = sources.size();
		int[] partOf = new int[n];
		Arrays.fill(partOf, -1);
		Core[] cores = new Core[parts];
		for (int s = 0; s < parts; s++) {
			int node = sources.get(s);
			int[] members = branch(order[tree.rep[node]], tree.threshold[node], local, value, slot, bw, bh, reach);
			for (int i : members) partOf[i] = s;
			cores[s] = new Core(members, local, value, bw, tree.threshold[node]);
		}
		for (int i = 0; i < n; i++) {
			if (partOf[i] >= 0) continue;
			double lx = local[i] % bw, ly = local[i] / bw;
			int best = 0;
			double bestP = -1, bestD = Double.POSITIVE_INFINITY;
			int nearest = 0;
			for (int s = 0; s < parts; s++) {
				double d = cores[s].distance(lx, ly);
				double prob = d < 70 ? cores[s].amp * Math.exp(-d) : 0;
				if (prob > bestP) {
					bestP = prob;
					best = s;
				}
				if (d < bestD) {
					bestD = d;
					nearest = s;
				}
			}
			partOf[i] = bestP > 1e-31 ? best : nearest;
		}
		int[] counts = new int[parts];
		for (int i = 0; i < n; i++) counts[partOf[i]]++;
		List<int[]> out = new ArrayList<>(parts);
		int[][] lists = new int[parts][];
		for (int s = 0; s < parts; s++) lists[s] = new int[counts[s]];
		Arrays.fill(counts, 0);
		for (int i = 0; i < n; i++) lists[partOf[i]][counts[partOf[i]]++] = pix[i]; // pix order = raster order
		for (int[] l : lists) out.add(l);
		return out;
	}

	/** Pixels at least as bright as all their neighbours in the detection. */
	private static int localMaxima(int[] local, float[] value, int[] slot, int bw, int bh, int reach) {
		int count = 0;
		for (int i = 0; i < local.length; i++) {
			int lx = local[i] % bw, ly = local[i] / bw;
			boolean max = true;
			for (int dy = -1; dy <= 1 && max; dy++) {
				for (int dx = -1; dx <= 1; dx++) {
					if ((dx == 0 && dy == 0) || (reach == 0 && dx != 0 && dy != 0)) continue;
					int ax = lx + dx, ay = ly + dy;
					if (ax < 0 || ay < 0 || ax >= bw || ay >= bh) continue;
					int j = slot[ay * bw + ax];
					if (j >= 0 && value[j] > value[i]) {
						max = false;
						break;
					}
				}
			}
			if (max && ++count > 1) return count;
		}
		return count;
	}

	/** An int that sorts floats in descending order (NaN last), ties by the index in the low bits. */
	private static int descendingKey(float v) {
		int bits = Float.floatToIntBits(v == v ? v : Float.NEGATIVE_INFINITY);
		int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff;
		return ~ascending;
	}

	/** The elliptical Gaussian profile of a core, from the second moments of its signal. */
	private static final class Core {

		final double mx, my, cxx, cyy, cxy, amp;

		Core(int[] members, int[] local, float[] value, int bw, double threshold) {
			double s = 0, sx = 0, sy = 0, peak = 0;
			for (int i : members) {
				double v = value[i];
				s += v;
				sx += v * (local[i] % bw);
				sy += v * (local[i] / bw);
				peak = Math.max(peak, v);
			}
			mx = sx / s;
			my = sy / s;
			double x2 = 0, y2 = 0, xy = 0;
			for (int i : members) {
				double v = value[i], dx = local[i] % bw - mx, dy = local[i] / bw - my;
				x2 += v * dx * dx;
				y2 += v * dy * dy;
				xy += v * dx * dy;
			}
			x2 /= s;
			y2 /= s;
			xy /= s;
			if (x2 * y2 - xy * xy < 0.00694) {
				x2 += 1 / 12.0;
				y2 += 1 / 12.0;
			}
			double det = x2 * y2 - xy * xy;
			cxx = y2 / det;
			cyy = x2 / det;
			cxy = -2 * xy / det;
			double mean = 0.5 * (x2 + y2), diff = Math.sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
			double a = Math.sqrt(mean + diff), b = Math.sqrt(Math.max(1e-12, mean - diff));
			double e = members.length / (2 * Math.PI * a * b);
			amp = Math.min(e < 70 ? threshold * Math.exp(e) : 4 * peak, 4 * peak);
		}

		double distance(double x, double y) {
			double dx = x - mx, dy = y - my;
			return 0.5 * (cxx * dx * dx + cyy * dy * dy + cxy * dx * dy);
		}
	}

	/** The pixels of the branch holding pixel {@code start} at a level: those above it, connected to it. */
	private static int[] branch(int start, double t, int[] local, float[] value, int[] slot, int bw, int bh, int reach) {
		int[] queue = new int[value.length];
		boolean[] seen = new boolean[value.length];
		int head = 0, tail = 0;
		queue[tail++] = start;
		seen[start] = true;
		while (head < tail) {
			int i = queue[head++], lx = local[i] % bw, ly = local[i] / bw;
			for (int dy = -1; dy <= 1; dy++) {
				for (int dx = -1; dx <= 1; dx++) {
					if ((dx == 0 && dy == 0) || (reach == 0 && dx != 0 && dy != 0)) continue;
					int ax = lx + dx, ay = ly + dy;
					if (ax < 0 || ay < 0 || ax >= bw || ay >= bh) continue;
					int j = slot[ay * bw + ax];
					if (j < 0 || seen[j] || !(value[j] > t)) continue;
					seen[j] = true;
					queue[tail++] = j;
				}
			}
		}
		return Arrays.copyOf(queue, tail);
	}

	/** Joins the components of a and b, keeping size and light on the root. */
	private static void join(int[] parent, int[] size, double[] light, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb) return;
		if (size[ra] < size[rb]) {
			int t = ra;
			ra = rb;
			rb = t;
		}
		parent[rb] = ra;
		size[ra] += size[rb];
		light[ra] += light[rb];
	}

	/**
	 * The branches of all levels: level, parent, size, light, threshold and one pixel (its brightness
	 * rank) of each node.
	 */
	private static final class Tree {

		int count;
		int[] level = new int[16], parent = new int[16], npix = new int[16], rep = new int[16];
		double[] light = new double[16], threshold = new double[16];

		int add(int lev, int pixel, int size, double lt, double t) {
			if (count == level.length) {
				int c = count * 2;
				level = Arrays.copyOf(level, c);
				parent = Arrays.copyOf(parent, c);
				npix = Arrays.copyOf(npix, c);
				rep = Arrays.copyOf(rep, c);
				light = Arrays.copyOf(light, c);
				threshold = Arrays.copyOf(threshold, c);
			}
			level[count] = lev;
			parent[count] = -1;
			npix[count] = size;
			rep[count] = pixel;
			light[count] = lt;
			threshold[count] = t;
			return count++;
		}

		/**
		 * The sources after cutting the tree (SExtractor's rule, see the class description), or null
		 * when the detection stays whole. Levels are visited from the top down; a node with at least two
		 * significant children is split.
		 */
		List<Integer> cut(double minLight) {
			int levels = 0;
			for (int i = 0; i < count; i++) levels = Math.max(levels, level[i] + 1);
			// nodes by level, in creation order
			List<List<Integer>> byLevel = new ArrayList<>();
			for (int k = 0; k < levels; k++) byLevel.add(new ArrayList<>());
			for (int i = 0; i < count; i++) byLevel.get(level[i]).add(i);
			boolean[] ok = new boolean[count];
			Arrays.fill(ok, true);
			List<Integer> out = new ArrayList<>();
			for (int k = levels - 2; k >= 0; k--) {
				for (int i : byLevel.get(k)) {
					int significant = 0;
					for (int j : byLevel.get(k + 1)) {
						if (parent[j] != i) continue;
						if (significant(j, minLight)) significant++;
						ok[i] &= ok[j];
					}
					if (significant > 1) {
						for (int j : byLevel.get(k + 1)) {
							if (parent[j] == i && ok[j] && significant(j, minLight)) out.add(j);
						}
						ok[i] = false;
					}
				}
			}
			int root = -1;
			for (int i = 0; i < count; i++) if (level[i] == 0) root = i;
			return ok[root] ? null : out;
		}

		private boolean significant(int j, double minLight) {
			return light[j] - threshold[j] * npix[j] > minLight;
		}
	}

	private static int find(int[] parent, int r) {
		while (parent[r] != r) {
			parent[r] = parent[parent[r]];
			r = parent[r];
		}
		return r;
	}

}
