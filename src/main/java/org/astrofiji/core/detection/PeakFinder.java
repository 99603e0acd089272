package org.astrofiji.core.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;

/**
 * Local maxima with {@code skimage.feature.peak_local_max} (0.19) semantics, for an image in memory
 * order with a threshold per pixel:
 * <ol>
 * <li>candidates are the pixels equal to the maximum of the (2 min_distance + 1)^2 square around them,
 * the square padded with 0 beyond the image (scipy's {@code maximum_filter(mode='constant')}), and
 * strictly above the threshold; with min_distance 0 every pixel above the threshold is a candidate;
 * an image in which every pixel equals its local maximum (a constant image) has no peaks;</li>
 * <li>candidates within {@code exclude_border} pixels of an edge are dropped (skimage's
 * {@code exclude_border=True} means min_distance);</li>
 * <li>the candidates, in FITS raster order, are sorted by decreasing value with numpy's (unstable)
 * argsort ({@link NumpySort}), then taken greedily: a candidate is dropped when an accepted peak is
 * closer than min_distance in Chebyshev distance (max(|dx|, |dy|) &lt; min_distance), so equal
 * values on a plateau give one peak.</li>
 * </ol>
 * NaN pixels are never peaks and count as -infinity in the maximum filter (skimage has no rule
 * for them). The result is the list of peak pixels (memory indices), highest first.
 */
public final class PeakFinder {

	private PeakFinder() {}

	public static int[] find(float[] det, int w, int h, Threshold thr, int minDistance, int excludeBorder) {
		int md = minDistance;
		int border = excludeBorder < 0 ? md : excludeBorder;
		byte[] mask = new byte[det.length];
		if (md == 0 || det.length == 1) {
			Parallel.forRange(h, 32, (y0, y1) -> {
				Threshold.Rows t = thr.rows();
				for (int y = y0; y < y1; y++) {
					t.row(y);
					for (int x = 0, p = y * w; x < w; x++, p++) mask[p] = (byte) (det[p] > t.level(x) ? 1 : 0);
				}
			});
		}
		else {
			// a constant image (NaN-free, not negative: the padding is 0) is all local maxima: no peaks
			if (trivial(det)) return new int[0];
			int[] above = new int[h];
			Parallel.forRange(h, 32, (y0, y1) -> {
				Threshold.Rows t = thr.rows();
				for (int y = y0; y < y1; y++) {
					t.row(y);
					for (int x = 0, p = y * w; x < w; x++, p++) if (det[p] > t.level(x)) above[y]++;
				}
			});
			long n = 0;
			for (int a : above) n += a;
			if (n * (2L * md + 1) * (2L * md + 1) < 4L * det.length * (2L * md + 1)) {
				// few candidates: compare each with its own window
				Parallel.forRange(h, 32, (y0, y1) -> {
					Threshold.Rows t = thr.rows();
					for (int y = y0; y < y1; y++) {
						if (above[y] == 0) continue;
						t.row(y);
						for (int x = 0, p = y * w; x < w; x++, p++) {
							if (det[p] > t.level(x) && isWindowMax(det, w, h, x, y, md)) mask[p] = 1;
						}
					}
				});
			}
			else {
				float[] max = maximumFilter(det, w, h, md);
				Parallel.forRange(h, 32, (y0, y1) -> {
					Threshold.Rows t = thr.rows();
					for (int y = y0; y < y1; y++) {
						t.row(y);
						for (int x = 0, p = y * w; x < w; x++, p++) mask[p] = (byte) (det[p] == max[p] && det[p] > t.level(x) ? 1 : 0);
					}
				});
			}
		}
		// candidates in FITS raster order (memory rows from the bottom), away from the border
		List<Integer> cand = new ArrayList<>();
		for (int r = border; r < h - border; r++) {
			int y = Coordinates.memoryRow(r, h);
			for (int x = border; x < w - border; x++) if (mask[y * w + x] != 0) cand.add(y * w + x);
		}
		int n = cand.size();
		double[] keys = new double[n];
		for (int i = 0; i < n; i++) keys[i] = -(double) det[cand.get(i)];
		int[] order = NumpySort.argsort(keys);
		if (md == 0) {
			int[] out = new int[n];
			for (int i = 0; i < n; i++) out[i] = cand.get(order[i]);
			return out;
		}
		// greedy spacing on a grid of cells of min_distance pixels
		int cw = (w + md - 1) / md, ch = (h + md - 1) / md;
		int[] head = new int[cw * ch];
		Arrays.fill(head, -1);
		int[] next = new int[n], acceptedPixel = new int[n];
		int accepted = 0;
		for (int i = 0; i < n; i++) {
			int p = cand.get(order[i]), x = p % w, y = p / w;
			int cx = x / md, cy = y / md;
			boolean close = false;
			for (int b = Math.max(0, cy - 1); b <= Math.min(ch - 1, cy + 1) && !close; b++) {
				for (int a = Math.max(0, cx - 1); a <= Math.min(cw - 1, cx + 1) && !close; a++) {
					for (int k = head[b * cw + a]; k >= 0; k = next[k]) {
						int q = acceptedPixel[k];
						if (Math.max(Math.abs(q % w - x), Math.abs(q / w - y)) < md) {
							close = true;
							break;
						}
					}
				}
			}
			if (close) continue;
			acceptedPixel[accepted] = p;
			next[accepted] = head[cy * cw + cx];
			head[cy * cw + cx] = accepted;
			accepted++;
		}
		return Arrays.copyOf(acceptedPixel, accepted);
	}

	/**
	 * True when every pixel equals the maximum of its window: a constant image without NaN whose value
	 * is not below the padding value 0 (a non-constant image has two neighbours that differ).
	 */
	static boolean trivial(float[] img) {
		float c = img[0];
		if (!(c >= 0)) return false;
		for (float v : img) if (v != c) return false;
		return true;
	}

	/** Whether pixel (x, y) equals the maximum of its (2r+1)^2 window (0 beyond the image, NaN as -infinity). */
	static boolean isWindowMax(float[] img, int w, int h, int x, int y, int r) {
		float v = img[y * w + x];
		if (v != v) return false;
		if ((x < r || y < r || x >= w - r || y >= h - r) && v < 0) return false;
		for (int j = Math.max(0, y - r); j <= Math.min(h - 1, y + r); j++) {
			for (int i = Math.max(0, x - r), q = j * w + i, i1 = Math.min(w - 1, x + r); i <= i1; i++, q++) {
				if (img[q] > v) return false;
			}
		}
		return true;
	}

	/**
	 * Maximum over the (2r+1)^2 square around each pixel, 0 beyond the image, NaN as -infinity
	 * (van Herk / Gil-Werman along rows, then a running maximum over rows).
	 */
	static float[] maximumFilter(float[] img, int w, int h, int r) {
		float[] tmp = new float[img.length], out = new float[img.length];
		Parallel.forRange(h, 16, (y0, y1) -> {
			float[] line = new float[w], res = new float[w];
			for (int y = y0; y < y1; y++) {
				for (int x = 0; x < w; x++) {
					float v = img[y * w + x];
					line[x] = v != v ? Float.NEGATIVE_INFINITY : v;
				}
				runningMax(line, w, r, res);
				System.arraycopy(res, 0, tmp, y * w, w);
			}
		});
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int base = y * w;
				boolean padded = y < r || y >= h - r;
				for (int x = 0; x < w; x++) out[base + x] = padded ? 0 : Float.NEGATIVE_INFINITY;
				for (int j = Math.max(0, y - r); j <= Math.min(h - 1, y + r); j++) {
					int src = j * w;
					for (int x = 0; x < w; x++) {
						float v = tmp[src + x];
						if (v > out[base + x]) out[base + x] = v;
					}
				}
			}
		});
		return out;
	}

	/** out[i] = max(a[i-r .. i+r]) with 0 beyond [0, n). */
	private static void runningMax(float[] a, int n, int r, float[] out) {
		int k = 2 * r + 1, len = n + 2 * r;
		float[] pad = new float[len], g = new float[len], hh = new float[len];
		for (int i = 0; i < n; i++) pad[i + r] = a[i];
		for (int i = 0; i < len; i++) g[i] = (i % k == 0) ? pad[i] : Math.max(g[i - 1], pad[i]);
		for (int i = len - 1; i >= 0; i--) hh[i] = (i % k == k - 1 || i == len - 1) ? pad[i] : Math.max(hh[i + 1], pad[i]);
		for (int i = 0; i < n; i++) out[i] = Math.max(hh[i], g[i + k - 1]);
	}
}
