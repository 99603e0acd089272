package org.astrofiji.core.detection;

import org.astrofiji.core.image.AstroImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.Convolution;

/**
 * Finds stars in an image: threshold (global, background mesh or absolute), optional Gaussian matched
 * filter, then either connected pixels (labels numbered as scipy.ndimage.label, optional
 * multi-threshold deblending, measurements per source) or local maxima (peak_local_max). The input is
 * never modified.
 * <p>
 * With {@code threshold_mode=global}, {@code fwhm=0}, {@code min_area=1}, 8-connectivity, no
 * deblending and {@code weights=image}, the label image is scipy's
 * {@code ndimage.label(img > img.mean() + k * img.std(), ones((3, 3)))} and the centres are
 * {@code ndimage.center_of_mass(img, labels, ids)} + 1 (FITS).
 */
public final class StarFinder {

	/** Window FWHM of the windowed centroid when no source can tell the field's FWHM, pixels. */
	static final double DEFAULT_WINDOW_FWHM = 2.5;

	private StarFinder() {}

	public static Detection find(RandomAccessibleInterval<? extends RealType<?>> image, DetectionSettings s, Progress progress) {
		Images.requireDimensions("image", image, 2);
		return find(Images.floats(image), Images.width(image), Images.height(image), s, progress);
	}

	/**
	 * Finds sources in an image; with DQ, each source also carries the flags of the DQ under its pixels
	 * (see {@link Detection#withQuality}).
	 */
	public static Detection find(AstroImage image, DetectionSettings s, Progress progress) {
		image.require2D("star detection");
		Detection d = find(image.data(), image.width(), image.height(), s, progress);
		return image.hasDq() ? d.withQuality(image.dqData()) : d;
	}

	/** Finds sources in a row-major image in memory order (ImageJ orientation). */
	public static Detection find(float[] pixels, int w, int h, DetectionSettings s, Progress progress) {
		s.validate();
		if (pixels.length != (long) w * h) throw new IllegalArgumentException("pixel array of length " + pixels.length +
			" does not fit " + w + "x" + h);
		long[] nanRows = new long[h];
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int y = y0; y < y1; y++) for (int p = y * w; p < (y + 1) * w; p++) if (pixels[p] != pixels[p]) nanRows[y]++;
		});
		long nan = 0;
		for (long c : nanRows) nan += c;
		if (nan == pixels.length) throw new IllegalArgumentException("the image has no data: all " + nan +
			" pixels are NaN");
		progress.report("threshold", 0);
		Threshold thr;
		double noise = s.fwhm > 0 && s.filterType == DetectionSettings.FilterType.MATCHED ? MatchedFilter.noiseFactor(s.fwhm) : 1;
		switch (s.mode) {
			case GLOBAL: thr = Threshold.global(pixels, w, h, s.k, noise); break;
			case ABSOLUTE: thr = Threshold.absolute(s.threshold); break;
			default: thr = Threshold.background(s.sky.estimate(pixels, w, h, s.boxSize, s.filterSize, progress.range(0, 0.4)),
				s.k, noise);
		}
		Detection d;
		if (s.method == DetectionSettings.Method.PEAKS) {
			float[] det = pixels;
			float[] sig = signal(pixels, w, h, thr, s, progress);
			progress.report("local maxima", 0.5);
			if (sig != null) {
				Parallel.forRange(h, 64, (y0, y1) -> {
					for (int p = y0 * w; p < y1 * w; p++) sig[p] += (float) thr.background(p);
				});
				det = sig;
			}
			d = peaks(pixels, det, w, h, thr, s, nan);
		}
		else d = labels(pixels, w, h, thr, s, nan, progress);
		progress.report("sources found", 1);
		return d;
	}

	/**
	 * With a filter, the filtered light above the background (compared with the threshold above it),
	 * else null. A full-frame array (the peaks method's maximum filter needs it whole).
	 */
	private static float[] signal(float[] pixels, int w, int h, Threshold thr, DetectionSettings s, Progress progress) {
		if (s.fwhm <= 0) return null;
		progress.report("filter", 0.4);
		return MatchedFilter.signal(pixels, w, h, s.fwhm, thr.backgroundMap(), thr.globalBackground());
	}

	private static Detection peaks(float[] pixels, float[] det, int w, int h, Threshold thr, DetectionSettings s, long nan) {
		int[] peaks = PeakFinder.find(det, w, h, thr, s.minDistance, s.excludeBorder);
		List<Source> sources = new ArrayList<>(peaks.length);
		for (int i = 0; i < peaks.length; i++) {
			int p = peaks[i];
			double x = Coordinates.fitsX(p % w), y = Coordinates.fitsY(p / w, h);
			double v = pixels[p], bg = thr.background(p);
			int flags = v >= s.saturation ? Source.SATURATED : 0;
			sources.add(new Source(i + 1, x, y, 1, v, v - bg, v, x, y, bg, Double.NaN, Double.NaN, Double.NaN, Double.NaN, (int) x,
				(int) x, (int) y, (int) y, flags));
		}
		return new Detection(s, thr, w, h, sources, null, 0, nan, 0, 0, peaks.length);
	}

	/** The detected pixel sets in their final numbering (FITS raster order of their first pixels). */
	private static final class Segments {

		final List<int[]> objects;
		final List<Boolean> blended;
		final int small, split, parts;

		Segments(List<int[]> objects, List<Boolean> blended, int small, int split, int parts) {
			this.objects = objects;
			this.blended = blended;
			this.small = small;
			this.split = split;
			this.parts = parts;
		}
	}

	/**
	 * Thresholds (on the filtered image when there is a filter), labels and deblends. Its own method so
	 * that the full-frame array only this step needs (the mask) is garbage before the label image is
	 * made: whole-process Find Stars on 4096^2 peaked at the sep script's + 285 MB with the filtered
	 * image and the mask kept to the end, the labeller's label image beside them and a second one made
	 * for the renumbering after deblending. The filtered image is never made whole (row by row for the
	 * mask, per pixel for deblending): G1 sometimes had not yet reclaimed it when the label image was
	 * allocated, during a concurrent cycle, and grew the heap by 100-160 MB instead.
	 */
	private static Segments segment(float[] pixels, int w, int h, Threshold thr, DetectionSettings s, Progress whole,
		Progress progress)
	{
		// the filtered light row by row for the mask, and again at the detected pixels for deblending
		if (s.fwhm > 0) whole.report("filter", 0.4);
		Convolution.Separable filter = s.fwhm <= 0 ? null : MatchedFilter.signalRows(pixels, w, h, s.fwhm, thr.backgroundMap(),
			thr.globalBackground());
		whole.report("labelling", 0.5);
		byte[] mask = new byte[pixels.length];
		Parallel.forRange(h, 32, (y0, y1) -> {
			Threshold.Rows t = thr.rows();
			Convolution.Separable.Rows f = filter == null ? null : filter.rows();
			float[] row = filter == null ? null : new float[w];
			for (int y = y0; y < y1; y++) {
				t.row(y);
				int p0 = y * w;
				if (f != null) {
					f.row(y, row, 0);
					for (int x = 0; x < w; x++) mask[p0 + x] = (byte) (row[x] > t.above(x) ? 1 : 0);
				}
				else for (int x = 0; x < w; x++) mask[p0 + x] = (byte) (pixels[p0 + x] > t.level(x) ? 1 : 0);
			}
		});
		Labeler.Components comps = Labeler.label(mask, w, h, s.connectivity);
		progress.report("measuring", 0.3);
		int n = comps.count;
		List<int[]> objects = new ArrayList<>(n);
		List<Boolean> blended = new ArrayList<>(n);
		int small = 0, split = 0, parts = 0;
		int[][] all = new int[n][];
		List<List<int[]>> pieces = new ArrayList<>(n);
		for (int c = 0; c < n; c++) pieces.add(null);
		Parallel.forRange(n, 64, (c0, c1) -> {
			Convolution.Separable.Rows filtered = filter == null ? null : filter.rows();
			for (int c = c0; c < c1; c++) {
				int[] pix = comps.pixels(c + 1);
				all[c] = pix;
				if (!s.deblend || pix.length < s.minArea) continue;
				// the (filtered) light above the background, and the threshold above it
				float[] value = new float[pix.length];
				if (filtered != null) runs(filtered, pix, w, value);
				else for (int i = 0; i < pix.length; i++) value[i] = (float) (pixels[pix[i]] - thr.background(pix[i]));
				double t0 = 0;
				for (int p : pix) t0 += thr.above(p);
				pieces.set(c, Deblender.split(pix, value, t0 / pix.length, w, s.connectivity, s.minArea, s.deblendNthresh,
					s.deblendCont));
			}
		});
		boolean renumber = false;
		for (int c = 0; c < n; c++) {
			if (all[c].length < s.minArea) {
				small++;
				renumber = true;
				continue;
			}
			List<int[]> ps = pieces.get(c);
			if (ps == null) {
				objects.add(all[c]);
				blended.add(false);
			}
			else {
				split++;
				parts += ps.size();
				renumber = true;
				for (int[] p : ps) {
					objects.add(p);
					blended.add(true);
				}
			}
		}
		if (renumber) {
			// number the final sources in FITS raster order of their first pixel, as labelling does
			Integer[] order = new Integer[objects.size()];
			long[] key = new long[objects.size()];
			for (int i = 0; i < order.length; i++) {
				order[i] = i;
				int p = objects.get(i)[0];
				key[i] = (long) Coordinates.fitsArrayRow(p / w, h) * w + p % w;
			}
			Arrays.sort(order, (a, b) -> Long.compare(key[a], key[b]));
			List<int[]> sorted = new ArrayList<>(order.length);
			List<Boolean> sortedBlend = new ArrayList<>(order.length);
			for (Integer i : order) {
				sorted.add(objects.get(i));
				sortedBlend.add(blended.get(i));
			}
			objects = sorted;
			blended = sortedBlend;
			Labeler.requireLabelCount(objects.size());
		}
		return new Segments(objects, blended, small, split, parts);
	}

	/**
	 * The filter's output at pixels {@code pix} (memory indices in raster order) into {@code out}, one
	 * run of consecutive pixels of a row at a time.
	 */
	private static void runs(Convolution.Separable.Rows filtered, int[] pix, int w, float[] out) {
		for (int i = 0; i < pix.length;) {
			int p = pix[i], e = i + 1;
			while (e < pix.length && pix[e] == pix[e - 1] + 1 && pix[e] % w != 0) e++;
			filtered.segment(p / w, p % w, p % w + e - i, out, i);
			i = e;
		}
	}

	/** Labels, deblends and measures. */
	private static Detection labels(float[] pixels, int w, int h, Threshold thr, DetectionSettings s, long nan,
		Progress whole)
	{
		Progress progress = whole.range(0.5, 1);
		Segments g = segment(pixels, w, h, thr, s, whole, progress);
		int[] labels = new int[pixels.length];
		for (int i = 0; i < g.objects.size(); i++) for (int p : g.objects.get(i)) labels[p] = i + 1;
		progress.report("measuring", 0.5);
		Source[] measured = new Source[g.objects.size()];
		List<int[]> objs = g.objects;
		List<Boolean> bl = g.blended;
		double sat = s.saturation;
		Parallel.forRange(measured.length, 64, (i0, i1) -> {
			for (int i = i0; i < i1; i++) measured[i] = Measure.measure(i + 1, objs.get(i), pixels, thr, s.weights, sat, w, h,
				bl.get(i));
		});
		double fieldFwhm = Double.NaN;
		if (s.weights == DetectionSettings.Weights.WINDOWED && measured.length > 0) {
			fieldFwhm = WindowedCentroid.fieldFwhm(measured);
			double sigma = (Double.isNaN(fieldFwhm) ? DEFAULT_WINDOW_FWHM : fieldFwhm) / (2 * Math.sqrt(2 * Math.log(2)));
			int[] lab = labels;
			Parallel.forRange(measured.length, 64, (i0, i1) -> {
				for (int i = i0; i < i1; i++) {
					Source src = measured[i];
					double[] c = WindowedCentroid.refine(pixels, lab, src.id, thr, src.x, src.y, sigma, w, h);
					measured[i] = c == null ? src.withCentre(src.x, src.y, Source.FALLBACK) : src.withCentre(c[0], c[1], 0);
				}
			});
		}
		List<Source> sources = new ArrayList<>(measured.length);
		int excluded = 0;
		for (Source src : measured) {
			if (s.excludeFlagged && (src.flags & Source.EXCLUDED) != 0) excluded++;
			else sources.add(src);
		}
		return new Detection(s, thr, w, h, sources, labels, g.small, nan, g.split, g.parts, measured.length).excluded(excluded)
			.windowFwhm(s.weights == DetectionSettings.Weights.WINDOWED ? (Double.isNaN(fieldFwhm) ? DEFAULT_WINDOW_FWHM : fieldFwhm)
				: Double.NaN);
	}

	/** "3.5" or "3". */
	static String fmt(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
	}
}
