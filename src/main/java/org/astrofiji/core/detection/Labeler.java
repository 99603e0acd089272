package org.astrofiji.core.detection;

import java.util.Arrays;

import org.astrofiji.core.Coordinates;

/**
 * Connected components of a mask, numbered like {@code scipy.ndimage.label}: 1, 2, ... in raster
 * order of each component's first pixel in FITS array order (numpy's row-major order of the FITS
 * data). Images in memory are flipped (FITS row 1 at the bottom), so that order is memory rows from
 * the bottom up, left to right.
 * <p>
 * One pass over horizontal runs of mask pixels with union-find (the root of a component is always
 * its earliest run, so numbering the roots in run order numbers the components in raster order),
 * then the components as lists of runs in raster order, which is also the order scipy sums pixels in;
 * the label image on request.
 */
public final class Labeler {

	/** The labelled components: per component, its runs in FITS raster order. */
	public static final class Components {

		public final int width, height, count;
		/** Runs: memory row, first and last column (inclusive), in FITS raster order. */
		final int[] runRow, runX0, runX1;
		/** Runs of component c (1-based) are runOrder[runStart[c - 1] .. runStart[c] - 1]. */
		final int[] runStart, runOrder;

		Components(int width, int height, int count, int[] runRow, int[] runX0, int[] runX1, int[] runStart, int[] runOrder) {
			this.width = width;
			this.height = height;
			this.count = count;
			this.runRow = runRow;
			this.runX0 = runX0;
			this.runX1 = runX1;
			this.runStart = runStart;
			this.runOrder = runOrder;
		}

		/**
		 * The label image: label per pixel in memory order (0 = background), a new array on each call.
		 * Made on demand, not with the components: a caller that renumbers them (Find Stars after
		 * deblending) makes its own once the full-frame arrays of the detection are released.
		 */
		public int[] labels() {
			int[] labels = new int[width * height];
			for (int c = 1; c <= count; c++) {
				for (int i = runStart[c - 1]; i < runStart[c]; i++) {
					int r = runOrder[i], base = runRow[r] * width;
					Arrays.fill(labels, base + runX0[r], base + runX1[r] + 1, c);
				}
			}
			return labels;
		}

		/** Number of pixels of component c (1-based). */
		public int npix(int c) {
			int n = 0;
			for (int i = runStart[c - 1]; i < runStart[c]; i++) {
				int r = runOrder[i];
				n += runX1[r] - runX0[r] + 1;
			}
			return n;
		}

		/** Memory indices (y * width + x) of the pixels of component c, in FITS raster order. */
		public int[] pixels(int c) {
			int[] p = new int[npix(c)];
			int k = 0;
			for (int i = runStart[c - 1]; i < runStart[c]; i++) {
				int r = runOrder[i], base = runRow[r] * width;
				for (int x = runX0[r]; x <= runX1[r]; x++) p[k++] = base + x;
			}
			return p;
		}
	}

	private Labeler() {}

	/**
	 * Labels the non-zero pixels of {@code mask} (memory order, width x height) with 4- or
	 * 8-connectivity (8 = scipy's 3x3 structuring element of ones).
	 */
	public static Components label(byte[] mask, int width, int height, int connectivity) {
		if (connectivity != 4 && connectivity != 8) throw new IllegalArgumentException(
			"connectivity must be 4 or 8 (got " + connectivity + ")");
		if (mask.length != (long) width * height) throw new IllegalArgumentException("mask of length " + mask.length +
			" does not fit " + width + "x" + height);
		int reach = connectivity == 8 ? 1 : 0;
		Runs runs = new Runs(Math.max(16, mask.length / 64));
		int[] parent = new int[16];
		int prevFrom = 0, prevTo = 0;
		// FITS array row r is memory row height - 1 - r: scan memory rows from the bottom up
		for (int row = 0; row < height; row++) {
			int y = Coordinates.memoryRow(row, height), base = y * width;
			int from = runs.n;
			for (int x = 0; x < width; x++) {
				if (mask[base + x] == 0) continue;
				int x0 = x;
				while (x + 1 < width && mask[base + x + 1] != 0) x++;
				runs.add(y, x0, x);
			}
			int to = runs.n;
			if (parent.length < to) parent = Arrays.copyOf(parent, Math.max(to, parent.length * 2));
			for (int r = from; r < to; r++) parent[r] = r;
			// merge with overlapping runs of the previous FITS row (two pointers: both lists sorted by x)
			int j = prevFrom;
			for (int r = from; r < to; r++) {
				int a0 = runs.x0[r] - reach, a1 = runs.x1[r] + reach;
				while (j < prevTo && runs.x1[j] < a0) j++;
				for (int q = j; q < prevTo && runs.x0[q] <= a1; q++) union(parent, r, q);
			}
			prevFrom = from;
			prevTo = to;
		}
		int nRuns = runs.n;
		// roots are earliest runs: numbering roots in run order is raster order of first pixels
		int[] labelOf = new int[nRuns];
		long count = 0;
		for (int r = 0; r < nRuns; r++) {
			int root = find(parent, r);
			if (root == r) {
				count++;
				requireLabelCount(count);
				labelOf[r] = (int) count;
			}
			else labelOf[r] = labelOf[root];
		}
		int n = (int) count;
		int[] runStart = new int[n + 1];
		for (int r = 0; r < nRuns; r++) runStart[labelOf[r]]++;
		for (int c = 1; c <= n; c++) runStart[c] += runStart[c - 1];
		// counting sort of runs by label, keeping raster order within each label
		int[] next = Arrays.copyOf(runStart, n + 1);
		int[] runOrder = new int[nRuns];
		for (int r = 0; r < nRuns; r++) runOrder[next[labelOf[r] - 1]++] = r;
		return new Components(width, height, n, Arrays.copyOf(runs.y, nRuns), Arrays.copyOf(runs.x0, nRuns),
			Arrays.copyOf(runs.x1, nRuns), runStart, runOrder);
	}

	/**
	 * Fails unless {@code count} labels fit a 32-bit signed label image (FITS BITPIX 32, ImageJ and
	 * imglib2 int images): at most 2^31 - 1.
	 */
	public static void requireLabelCount(long count) {
		if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("too many labels: " + count +
			" objects do not fit a 32-bit label image (at most " + Integer.MAX_VALUE +
			"); raise k or min_area, or detect in smaller sections of the image");
	}

	private static int find(int[] parent, int r) {
		while (parent[r] != r) {
			parent[r] = parent[parent[r]]; // path halving
			r = parent[r];
		}
		return r;
	}

	/** Joins the sets of a and b; the smaller (earlier) root becomes the root. */
	private static void union(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb) return;
		if (ra < rb) parent[rb] = ra;
		else parent[ra] = rb;
	}

	/** Growable run arrays. */
	private static final class Runs {

		int[] y, x0, x1;
		int n;

		Runs(int capacity) {
			y = new int[capacity];
			x0 = new int[capacity];
			x1 = new int[capacity];
		}

		void add(int row, int a, int b) {
			if (n == y.length) {
				int c = n * 2;
				y = Arrays.copyOf(y, c);
				x0 = Arrays.copyOf(x0, c);
				x1 = Arrays.copyOf(x1, c);
			}
			y[n] = row;
			x0[n] = a;
			x1[n] = b;
			n++;
		}
	}
}
