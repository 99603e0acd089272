package org.astrofiji.core.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.astrofiji.core.Coordinates;
import org.junit.jupiter.api.Test;

/** Labelling against a brute-force flood fill, numpy's sort order, and peak_local_max's rules on small images. */
class LabelerAndPeaksTest {

	/** Flood fill in FITS raster order: the definition of scipy's numbering. */
	static int[] bruteForce(byte[] mask, int w, int h, int connectivity) {
		int[] out = new int[mask.length];
		int next = 0;
		for (int r = 0; r < h; r++) {
			int y = Coordinates.memoryRow(r, h);
			for (int x = 0; x < w; x++) {
				if (mask[y * w + x] == 0 || out[y * w + x] != 0) continue;
				next++;
				ArrayDeque<int[]> queue = new ArrayDeque<>();
				queue.add(new int[] { x, y });
				out[y * w + x] = next;
				while (!queue.isEmpty()) {
					int[] p = queue.poll();
					for (int dy = -1; dy <= 1; dy++) {
						for (int dx = -1; dx <= 1; dx++) {
							if (dx == 0 && dy == 0 || connectivity == 4 && dx != 0 && dy != 0) continue;
							int a = p[0] + dx, b = p[1] + dy;
							if (a < 0 || b < 0 || a >= w || b >= h || mask[b * w + a] == 0 || out[b * w + a] != 0) continue;
							out[b * w + a] = next;
							queue.add(new int[] { a, b });
						}
					}
				}
			}
		}
		return out;
	}

	@Test
	void labelsEqualAFloodFillInFitsRasterOrder() {
		Random rng = new Random(6);
		for (int trial = 0; trial < 60; trial++) {
			int w = 1 + rng.nextInt(40), h = 1 + rng.nextInt(40);
			double density = rng.nextDouble();
			byte[] mask = new byte[w * h];
			for (int p = 0; p < mask.length; p++) mask[p] = (byte) (rng.nextDouble() < density ? 1 : 0);
			for (int conn : new int[] { 4, 8 }) {
				int[] expected = bruteForce(mask, w, h, conn);
				Labeler.Components c = Labeler.label(mask, w, h, conn);
				assertArrayEquals(expected, c.labels(), "trial " + trial + " " + w + "x" + h + " connectivity " + conn);
				assertEquals(Arrays.stream(expected).max().orElse(0), c.count);
				int total = 0;
				for (int l = 1; l <= c.count; l++) {
					int[] pix = c.pixels(l);
					total += pix.length;
					for (int p : pix) assertEquals(l, expected[p]);
					// pixels come in FITS raster order
					for (int i = 1; i < pix.length; i++) assertTrue(key(pix[i], w, h) > key(pix[i - 1], w, h));
				}
				int set = 0;
				for (byte b : mask) set += b;
				assertEquals(set, total);
			}
		}
	}

	static long key(int p, int w, int h) {
		return (long) Coordinates.fitsArrayRow(p / w, h) * w + p % w;
	}

	@Test
	void theBottomMemoryRowIsLabelledFirst() {
		// memory row 0 is the top of the display, FITS row 3 of a 4-row image: labelled last
		byte[] mask = { 1, 0, 0, 0, //
			0, 0, 0, 0, //
			0, 0, 0, 0, //
			0, 0, 0, 1 };
		int[] labels = Labeler.label(mask, 4, 4, 8).labels();
		assertEquals(2, labels[0]);
		assertEquals(1, labels[15]);
		// diagonal neighbours join with 8-connectivity only
		byte[] diag = { 1, 0, 0, 1 };
		assertEquals(1, Labeler.label(diag, 2, 2, 8).count);
		assertEquals(2, Labeler.label(diag, 2, 2, 4).count);
	}

	@Test
	void labelCountsBeyond32BitsAreRefused() {
		Labeler.requireLabelCount(Integer.MAX_VALUE);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Labeler.requireLabelCount(1L << 31));
		assertTrue(e.getMessage().startsWith("too many labels: 2147483648 objects do not fit a 32-bit label image"),
			e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Labeler.label(new byte[4], 2, 2, 6));
	}

	@Test
	void argsortOrderIsNumpys() throws Exception {
		List<Map<String, String>> rows = Expected.csv("argsort_ties.csv.gz");
		int cases = 0;
		for (int c = 0;; c++) {
			List<Double> v = new ArrayList<>();
			List<Integer> order = new ArrayList<>();
			for (Map<String, String> r : rows) {
				if (Expected.i(r, "case") != c) continue;
				v.add(Expected.d(r, "value"));
				order.add(Expected.i(r, "order"));
			}
			if (v.isEmpty()) break;
			int[] got = NumpySort.argsort(v.stream().mapToDouble(Double::doubleValue).toArray());
			assertArrayEquals(order.stream().mapToInt(Integer::intValue).toArray(), got, "case " + c + " (" + v.size() + " values)");
			cases++;
		}
		assertEquals(6, cases);
		// without ties it is an ordinary sort
		double[] v = new Random(1).doubles(500).toArray();
		int[] o = NumpySort.argsort(v);
		for (int i = 1; i < o.length; i++) assertTrue(v[o[i]] > v[o[i - 1]]);
	}

	static int[] peaks(float[] img, int w, int h, double threshold, int md, int border) {
		return PeakFinder.find(img, w, h, Threshold.absolute(threshold), md, border);
	}

	/** A numpy-style image (row 0 first) in memory order. */
	static float[] fromNumpy(float[][] rows) {
		int h = rows.length, w = rows[0].length;
		float[] out = new float[w * h];
		for (int r = 0; r < h; r++) System.arraycopy(rows[r], 0, out, Coordinates.memoryRow(r, h) * w, w);
		return out;
	}

	@Test
	void peaksFollowSkimagesDocumentedExample() {
		// skimage's docstring: img[3, 4] = 1, img[3, 2] = 1.5 in a 7x7 of zeros, threshold = image min
		float[][] rows = new float[7][7];
		rows[3][4] = 1;
		rows[3][2] = 1.5f;
		float[] img = fromNumpy(rows);
		int[] md1 = peaks(img, 7, 7, 0, 1, -1);
		assertEquals(2, md1.length);
		assertEquals(Coordinates.memoryRow(3, 7) * 7 + 2, md1[0]); // the higher first
		assertEquals(Coordinates.memoryRow(3, 7) * 7 + 4, md1[1]);
		assertEquals(1, peaks(img, 7, 7, 0, 2, -1).length);
	}

	@Test
	void plateausGiveOnePeakAndConstantImagesNone() {
		float[][] rows = new float[9][9];
		rows[4][4] = rows[4][5] = 7;
		int[] p = peaks(fromNumpy(rows), 9, 9, 1, 2, 0);
		assertEquals(1, p.length);
		float[] flat = new float[81];
		Arrays.fill(flat, 3);
		assertEquals(0, peaks(flat, 9, 9, 0, 2, 0).length, "a constant image has no peaks");
		// min_distance 0: every pixel above the threshold
		assertEquals(2, peaks(fromNumpy(rows), 9, 9, 1, 0, 0).length);
		// the maximum filter pads with 0: a negative peak within min_distance of the edge is not a peak
		float[] neg = new float[81];
		Arrays.fill(neg, -5);
		neg[2 * 9 + 2] = -1;
		assertEquals(0, peaks(neg, 9, 9, -10, 3, 0).length);
		neg[4 * 9 + 4] = -1;
		assertEquals(1, peaks(neg, 9, 9, -10, 3, 0).length);
		// exclude_border: -1 = min_distance
		float[][] edge = new float[9][9];
		edge[1][4] = 5;
		assertEquals(0, peaks(fromNumpy(edge), 9, 9, 0, 2, -1).length);
		assertEquals(1, peaks(fromNumpy(edge), 9, 9, 0, 2, 1).length);
	}

	@Test
	void peaksCloserThanMinDistanceGiveWayToHigherOnes() {
		float[][] rows = new float[20][20];
		rows[10][5] = 10;
		rows[10][8] = 9; // 3 px away: not the maximum of its window for min_distance 3
		rows[10][12] = 8; // (10, 12) and (14, 12): equal, 4 px apart, each its window's maximum
		rows[14][12] = 8;
		assertEquals(3, peaks(fromNumpy(rows), 20, 20, 0, 3, 0).length);
		float[][] pair = new float[20][20];
		pair[10][10] = pair[14][10] = 8;
		// exactly min_distance apart: both stay; closer: the first in numpy's order stays
		assertEquals(2, peaks(fromNumpy(pair), 20, 20, 0, 4, 0).length);
		assertEquals(1, peaks(fromNumpy(pair), 20, 20, 0, 5, 0).length);
	}
}
