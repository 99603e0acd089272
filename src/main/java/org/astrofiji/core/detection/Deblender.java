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
	 * the signal above the background (per pixel of the image), {@code t0} the detection threshold
	 * above the background. Returns null when the detection is one source, else the pixels of each
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
			peak = Math.max(peak, sig[p]);
			total += sig[p];
		}
		if (!(peak > t0)) return null;
		int bw = xmax - xmin + 1, bh = ymax - ymin + 1;
		// local pixels sorted by signal, brightest first: the pixels above a level are a prefix
		int[] local = new int[n];
		float[] value = new float[n];
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			local[i] = (pix[i] / w - ymin) * bw + (pix[i] % w - xmin);
			value[i] = sig[pix[i]];
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Float.compare(value[b], value[a]));
		int[] slot = new int[bw * bh]; // index into pix of a local position, -1 outside the detection
		Arrays.fill(slot, -1);
		for (int i = 0; i < n; i++) slot[local[i]] = i;

		Tree tree = new Tree(n);
		tree.addRoot(n, total, t0);
		int[] nodeOf = new int[n]; // node of each pixel at the previous level (-1 below it)
		Arrays.fill(nodeOf, 0);
		int[] parent = new int[n];
		int[] rank = new int[n]; // position of a pixel in the brightness order
		for (int r = 0; r < n; r++) rank[order[r]] = r;
		int reach = connectivity == 8 ? 1 : 0;
		for (int k = 1; k < nthresh; k++) {
			double t = t0 * Math.pow(peak / t0, (double) k / nthresh);
			int m = 0;
			while (m < n && value[order[m]] > t) m++;
			if (m < minArea) break;
			// connected components of the m brightest pixels (union-find over the sorted prefix)
			for (int r = 0; r < m; r++) parent[r] = r;
			for (int r = 0; r < m; r++) {
				int i = order[r], lx = local[i] % bw, ly = local[i] / bw;
				for (int dy = -1; dy <= 1; dy++) {
					for (int dx = -1; dx <= 1; dx++) {
						if ((dx == 0 && dy == 0) || (reach == 0 && dx != 0 && dy != 0)) continue;
						int ax = lx + dx, ay = ly + dy;
						if (ax < 0 || ay < 0 || ax >= bw || ay >= bh) continue;
						int j = slot[ay * bw + ax];
						if (j < 0 || rank[j] >= m) continue;
						union(parent, r, rank[j]);
					}
				}
			}
			int[] size = new int[m];
			double[] light = new double[m];
			for (int r = 0; r < m; r++) {
				int root = find(parent, r);
				size[root]++;
				light[root] += value[order[r]];
			}
			int[] nodeOfRoot = new int[m];
			Arrays.fill(nodeOfRoot, -1);
			int before = tree.count;
			for (int r = 0; r < m; r++) {
				int root = find(parent, r);
				if (size[root] < minArea || nodeOfRoot[root] >= 0) continue;
				// the branch hangs below the node its pixels belonged to at the previous level
				nodeOfRoot[root] = tree.add(k, nodeOf[order[r]], size[root], light[root], t);
			}
			if (tree.count == before) break;
			Arrays.fill(nodeOf, -1);
			for (int r = 0; r < m; r++) nodeOf[order[r]] = nodeOfRoot[find(parent, r)];
			tree.levelEnd(k);
			// remember each node's pixels: they are the cores if the node becomes a source
			for (int r = 0; r < m; r++) {
				int node = nodeOf[order[r]];
				if (node >= 0) tree.addPixel(node, order[r]);
			}
		}
		List<Integer> sources = tree.cut(cont * total);
		if (sources == null) return null;
		// cores, then the other pixels to the most probable core
		int parts = sources.size();
		int[] partOf = new int[n];
		Arrays.fill(partOf, -1);
		Core[] cores = new Core[parts];
		for (int s = 0; s < parts; s++) {
			int node = sources.get(s);
			int[] members = tree.pixels(node);
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

	/** The branches of all levels: level, parent, size, light, threshold and pixels of each node. */
	private static final class Tree {

		int count;
		int[] level, parent, npix;
		double[] light, threshold;
		int[][] members;
		int[] memberCount;
		final List<Integer> levelStarts = new ArrayList<>();

		Tree(int capacity) {
			int c = 16;
			level = new int[c];
			parent = new int[c];
			npix = new int[c];
			light = new double[c];
			threshold = new double[c];
			members = new int[c][];
			memberCount = new int[c];
		}

		void addRoot(int n, double total, double t0) {
			add(0, -1, n, total, t0);
			levelStarts.add(0);
			levelStarts.add(1);
		}

		int add(int lev, int par, int size, double lt, double t) {
			if (count == level.length) {
				int c = count * 2;
				level = Arrays.copyOf(level, c);
				parent = Arrays.copyOf(parent, c);
				npix = Arrays.copyOf(npix, c);
				light = Arrays.copyOf(light, c);
				threshold = Arrays.copyOf(threshold, c);
				members = Arrays.copyOf(members, c);
				memberCount = Arrays.copyOf(memberCount, c);
			}
			level[count] = lev;
			parent[count] = par;
			npix[count] = size;
			light[count] = lt;
			threshold[count] = t;
			members[count] = new int[size];
			return count++;
		}

		void levelEnd(int k) {
			levelStarts.add(count);
		}

		void addPixel(int node, int i) {
			members[node][memberCount[node]++] = i;
		}

		int[] pixels(int node) {
			return members[node];
		}

		/**
		 * The sources after cutting the tree (SExtractor's rule, see the class description), or null
		 * when the detection stays whole.
		 */
		List<Integer> cut(double minLight) {
			boolean[] ok = new boolean[count];
			Arrays.fill(ok, true);
			List<Integer> out = new ArrayList<>();
			int levels = levelStarts.size() - 1;
			for (int k = levels - 2; k >= 0; k--) {
				for (int i = levelStarts.get(k); i < levelStarts.get(k + 1); i++) {
					int significant = 0;
					for (int j = levelStarts.get(k + 1); j < levelStarts.get(k + 2); j++) {
						if (parent[j] != i) continue;
						if (significant(j, minLight)) significant++;
						ok[i] &= ok[j];
					}
					if (significant > 1) {
						for (int j = levelStarts.get(k + 1); j < levelStarts.get(k + 2); j++) {
							if (parent[j] == i && ok[j] && significant(j, minLight)) out.add(j);
						}
						ok[i] = false;
					}
				}
			}
			return ok[0] ? null : out;
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

	private static void union(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb) return;
		if (ra < rb) parent[rb] = ra;
		else parent[ra] = rb;
	}
}
