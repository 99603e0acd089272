package org.astrofiji.core.psf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.detection.Detection;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.Source;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.stats.Medians;

/**
 * Picks the stars a PSF is built from, and cuts their stamps.
 * <ol>
 * <li>DQ-flagged pixels ({@code dq & dqMask != 0}) become NaN; the SEP-style mesh background
 * ({@link MeshBackground}, as Fit Background) is subtracted.</li>
 * <li>With {@code maskSources} (default) the background is estimated once more with a disc of half
 * the stamp size around every detection left out, and the stamps are cut from the image minus that
 * second background (the first one holds the stars' wings); when the discs leave no mesh box half
 * free (a crowded or tiny image), the first estimate stands.</li>
 * <li>Sources are detected on the background-subtracted image ({@link StarFinder}, as Find Stars) at
 * k &times; the global background RMS, as ProperImage runs {@code sep.extract} (absolute threshold,
 * filtered, deblended, windowed centroids); with fewer than {@code minSources} detections it retries at
 * the fallback threshold and keeps the larger catalogue.</li>
 * <li>Cuts, counted in {@link PsfStars#rejected()}: any detection flag (edge, NaN, blended, centroid
 * fallback); area and flux outside their percentile ranges over all detections (numpy's linear
 * percentiles); a neighbouring detection within the isolation radius; stamp (and resampling margin)
 * off the image; a raw pixel at or above {@code saturation} in the stamp; a NaN (flagged) pixel in it;
 * a non-positive sum; beyond {@code maxStars} (the brightest are kept).</li>
 * <li>Stamp size: 2&middot;round(stampFwhms &times; FWHM) + 1 (at least 5), FWHM the median of the
 * candidates' half-maximum-area FWHM ({@link Source#fwhm}), unless given.</li>
 * <li>Each stamp is cut from the background-subtracted image centred on the star's centroid
 * (Lanczos-5 resampling, {@code recentre}) or on its nearest pixel, and divided by its sum.</li>
 * </ol>
 * {@link #atPositions} takes the stars from a list instead: each position is refined by a circular
 * Gaussian fit, no isolation or percentile cuts apply.
 * <p>
 * ProperImage differs on purpose: it normalises stamps by adding |min|, subtracting the median of the
 * faintest 70 % and dividing by the sum (which biases the wings), always cuts stamps 6 pixels larger
 * than its estimate (its margin check is always true), and draws a random 1800 when there are more.
 */
public final class PsfStarSelector {

	private PsfStarSelector() {}

	/** As {@link #select(float[], int[], int, int, PsfStarSettings, Progress)} for imglib2 images (dq may be null). */
	public static PsfStars select(RandomAccessibleInterval<? extends RealType<?>> image,
		RandomAccessibleInterval<? extends RealType<?>> dq, PsfStarSettings s, Progress progress)
	{
		Images.requireDimensions("image", image, 2);
		return select(Images.floats(image), dqArray(image, dq), Images.width(image), Images.height(image), s, progress);
	}

	/**
	 * Detects and selects PSF stars.
	 *
	 * @param image pixels in memory orientation, row-major (not modified)
	 * @param dq data-quality flags per pixel, or null
	 */
	public static PsfStars select(float[] image, int[] dq, int w, int h, PsfStarSettings s, Progress progress) {
		s.validate();
		requireSize(image, dq, w, h);
		Sky sky = subtractBackground(image, dq, w, h, s, progress.range(0, 0.3));
		float[] sub = sky.subtracted;
		double rms = sky.rms;
		progress.report("detection", 0.3);
		Detection d = detect(sub, w, h, s.k, s.minArea, rms, s, progress.range(0.3, 0.8));
		String how = String.format(Locale.ROOT, "sources at %s sigma", fmt(s.k));
		if (d.sources().size() < s.minSources) {
			Detection d2 = detect(sub, w, h, s.fallbackK, s.fallbackMinArea, rms, s, progress.range(0.3, 0.8));
			if (d2.sources().size() > d.sources().size()) {
				d = d2;
				how = String.format(Locale.ROOT, "sources at %s sigma (fewer than %d at %s sigma)", fmt(s.fallbackK), s.minSources,
					fmt(s.k));
			}
		}
		progress.report("selection", 0.8);
		List<Source> all = d.sources();
		Map<String, Integer> rejected = new LinkedHashMap<>();
		for (String r : new String[] { "flagged", "area", "flux", "crowded", "edge", "saturated", "flagged pixels",
			"non-positive", "beyond max_stars" }) rejected.put(r, 0);
		double[] area = new double[all.size()], flux = new double[all.size()];
		for (int i = 0; i < area.length; i++) {
			area[i] = all.get(i).npix;
			flux[i] = all.get(i).flux;
		}
		double[] ar = percentiles(area, s.areaLow, s.areaHigh), fr = percentiles(flux, s.fluxLow, s.fluxHigh);
		List<Source> cand = new ArrayList<>();
		for (Source src : all) {
			if (src.flags != 0) count(rejected, "flagged");
			else if (src.npix < ar[0] || src.npix > ar[1]) count(rejected, "area");
			else if (src.flux < fr[0] || src.flux > fr[1]) count(rejected, "flux");
			else cand.add(src);
		}
		double[] fw = new double[cand.size()];
		for (int i = 0; i < fw.length; i++) fw[i] = cand.get(i).fwhm;
		double fwhm = Medians.median(fw);
		int size = stampSize(s, fwhm, w, h);
		if (s.maskSources) {
			List<double[]> at = new ArrayList<>();
			for (Source src : all) at.add(new double[] { src.x, src.y });
			sky = remask(sky, at, size / 2, w, h, s, progress.range(0.8, 0.95));
			sub = sky.subtracted;
			rms = sky.rms;
		}
		double iso = s.isolation == -1 ? size / 2 + (Double.isNaN(fwhm) ? 0 : fwhm) : s.isolation;
		Neighbours nb = new Neighbours(all, iso);
		List<double[]> pos = new ArrayList<>();
		List<Source> kept = new ArrayList<>();
		for (Source src : cand) {
			if (iso > 0 && nb.anyWithin(src)) count(rejected, "crowded");
			else {
				kept.add(src);
				pos.add(new double[] { src.x, src.y, src.fwhm, src.id });
			}
		}
		List<PsfStar> stars = stamps(image, sub, w, h, pos, size, s, rejected);
		if (stars.size() > s.maxStars) {
			List<PsfStar> bright = new ArrayList<>(stars);
			bright.sort((a, b) -> a.flux != b.flux ? Double.compare(b.flux, a.flux) : Integer.compare(a.id, b.id));
			rejected.put("beyond max_stars", stars.size() - s.maxStars);
			List<PsfStar> keep = new ArrayList<>(bright.subList(0, s.maxStars));
			keep.sort((a, b) -> Integer.compare(a.id, b.id));
			stars = keep;
		}
		progress.report("PSF stars", 1);
		return new PsfStars(w, h, size, s.recentre, fwhm, rms, stars, sub, all.size(), rejected, how);
	}

	/**
	 * PSF stars at given positions (FITS pixel coordinates): each refined by a circular Gaussian fit
	 * ({@link StarFitter}) on the background-subtracted image; left out when that fit fails or moves
	 * more than 2 pixels, or by the edge, saturation, flagged-pixel and flux cuts of {@link #select}.
	 */
	public static PsfStars atPositions(float[] image, int[] dq, int w, int h, double[] x, double[] y, PsfStarSettings s,
		Progress progress)
	{
		s.validate();
		requireSize(image, dq, w, h);
		if (x.length != y.length) throw new IllegalArgumentException("x and y: " + x.length + " and " + y.length + " positions");
		for (int i = 0; i < x.length; i++) StarFitter.requireInside(i, x[i], y[i], w, h);
		Sky sky = subtractBackground(image, dq, w, h, s, progress.range(0, 0.5));
		float[] sub = sky.subtracted;
		double rms = sky.rms;
		progress.report("centring", 0.5);
		StarFitter.Settings fs = new StarFitter.Settings(StarProfile.GAUSSIAN, false);
		ProfileFit[] fits = StarFitter.fit(sub, null, w, h, x, y, fs);
		Map<String, Integer> rejected = new LinkedHashMap<>();
		for (String r : new String[] { "fit failed", "edge", "saturated", "flagged pixels", "non-positive" }) rejected.put(r, 0);
		List<double[]> pos = new ArrayList<>();
		List<Double> fw = new ArrayList<>();
		for (int i = 0; i < x.length; i++) {
			ProfileFit f = fits[i];
			if (!f.ok() || !(f.amplitude > 0) || Math.hypot(f.x - x[i], f.y - y[i]) > 2) {
				count(rejected, "fit failed");
				continue;
			}
			pos.add(new double[] { s.recentre ? f.x : x[i], s.recentre ? f.y : y[i], f.fwhmMajor, i + 1 });
			fw.add(f.fwhmMajor);
		}
		double[] fwa = new double[fw.size()];
		for (int i = 0; i < fwa.length; i++) fwa[i] = fw.get(i);
		double fwhm = Medians.median(fwa);
		int size = stampSize(s, fwhm, w, h);
		if (s.maskSources) {
			List<double[]> at = new ArrayList<>();
			for (int i = 0; i < x.length; i++) at.add(new double[] { x[i], y[i] });
			sky = remask(sky, at, size / 2, w, h, s, progress.range(0.8, 0.95));
			sub = sky.subtracted;
			rms = sky.rms;
		}
		List<PsfStar> stars = stamps(image, sub, w, h, pos, size, s, rejected);
		progress.report("PSF stars", 1);
		return new PsfStars(w, h, size, s.recentre, fwhm, rms, stars, sub, x.length, rejected, "given positions");
	}

	/** The image with flagged pixels as NaN, the background-subtracted image and the global background RMS. */
	private static final class Sky {

		final float[] work, subtracted;
		final double rms;

		Sky(float[] work, float[] subtracted, double rms) {
			this.work = work;
			this.subtracted = subtracted;
			this.rms = rms;
		}
	}

	private static Sky subtractBackground(float[] image, int[] dq, int w, int h, PsfStarSettings s, Progress progress) {
		float[] work = image.clone();
		if (dq != null && s.dqMask != 0) for (int p = 0; p < work.length; p++) if ((dq[p] & s.dqMask) != 0) work[p] = Float.NaN;
		MeshBackground b = MeshBackground.compute(work, null, w, h, meshSettings(s, w, h), progress);
		return new Sky(work, b.subtract(work), b.globalRms());
	}

	private static MeshBackground.Settings meshSettings(PsfStarSettings s, int w, int h) {
		return new MeshBackground.Settings().box(Math.min(s.boxSize, Math.min(w, h))).filter(s.filterSize);
	}

	/**
	 * The background again with a disc of the given radius around every source left out: in the
	 * first estimate the wings of the stars, lost in the noise, raise the sky (by 1.6 ADU, 0.1 sigma, on
	 * a simulated Moffat field of 500 stars), and subtracting it would cut the PSF's wings.
	 */
	private static Sky remask(Sky sky, List<double[]> fitsXY, double radius, int w, int h, PsfStarSettings s, Progress progress) {
		float[] mask = new float[w * h];
		int r = (int) Math.ceil(radius);
		long masked = 0;
		for (double[] q : fitsXY) {
			double mx = Coordinates.memoryX(q[0]), my = Coordinates.memoryY(q[1], h);
			int cx = (int) Math.rint(mx), cy = (int) Math.rint(my);
			for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
				for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
					if ((x - mx) * (x - mx) + (y - my) * (y - my) <= radius * radius && mask[y * w + x] == 0) {
						mask[y * w + x] = 1;
						masked++;
					}
				}
			}
		}
		if (masked == 0) return sky;
		MeshBackground b;
		try {
			b = MeshBackground.compute(sky.work, mask, w, h, meshSettings(s, w, h), progress);
		}
		catch (IllegalArgumentException e) {
			return sky; // the discs leave no box half free (a crowded or tiny image): the first estimate stands
		}
		return new Sky(sky.work, b.subtract(sky.work), b.globalRms());
	}

	private static Detection detect(float[] sub, int w, int h, double k, int minArea, double rms, PsfStarSettings s,
		Progress progress)
	{
		DetectionSettings ds = new DetectionSettings();
		ds.mode = DetectionSettings.ThresholdMode.ABSOLUTE;
		ds.threshold = k * rms;
		ds.fwhm = s.detectionFwhm;
		ds.minArea = minArea;
		ds.weights = DetectionSettings.Weights.WINDOWED;
		return StarFinder.find(sub, w, h, ds, progress);
	}

	/** Cuts the stamps of the given (x, y, fwhm, id) positions, counting the rejections. */
	private static List<PsfStar> stamps(float[] raw, float[] sub, int w, int h, List<double[]> pos, int size,
		PsfStarSettings s, Map<String, Integer> rejected)
	{
		int r = size / 2, margin = s.recentre ? StampSampler.margin() : 0;
		List<PsfStar> out = new ArrayList<>();
		double[] st = new double[size * size];
		for (double[] q : pos) {
			double mx = Coordinates.memoryX(q[0]), my = Coordinates.memoryY(q[1], h);
			int cx = (int) Math.rint(mx), cy = (int) Math.rint(my);
			if (cx - r - margin < 0 || cy - r - margin < 0 || cx + r + margin >= w || cy + r + margin >= h) {
				count(rejected, "edge");
				continue;
			}
			if (saturated(raw, w, cx, cy, r + margin, s.saturation)) {
				count(rejected, "saturated");
				continue;
			}
			boolean ok;
			if (s.recentre) ok = StampSampler.sample(sub, w, h, mx, my, size, st);
			else {
				ok = true;
				for (int j = 0; j < size && ok; j++) {
					for (int i = 0; i < size; i++) {
						float v = sub[(cy - r + j) * w + cx - r + i];
						if (v != v) {
							ok = false;
							break;
						}
						st[j * size + i] = v;
					}
				}
			}
			if (!ok) {
				count(rejected, "flagged pixels");
				continue;
			}
			double sum = 0;
			for (double v : st) sum += v;
			if (!(sum > 0)) {
				count(rejected, "non-positive");
				continue;
			}
			double[] unit = new double[size * size];
			for (int p = 0; p < unit.length; p++) unit[p] = st[p] / sum;
			out.add(new PsfStar((int) q[3], q[0], q[1], sum, q[2], unit));
		}
		return out;
	}

	private static boolean saturated(float[] raw, int w, int cx, int cy, int r, double level) {
		if (level == Double.POSITIVE_INFINITY) return false;
		for (int y = cy - r; y <= cy + r; y++) for (int x = cx - r; x <= cx + r; x++) if (raw[y * w + x] >= level) return true;
		return false;
	}

	private static int stampSize(PsfStarSettings s, double fwhm, int w, int h) {
		int size = s.stampSize;
		if (size == 0) size = Double.isNaN(fwhm) ? 5 : Math.max(5, 2 * (int) Math.round(s.stampFwhms * fwhm) + 1);
		if (size > Math.min(w, h)) throw new IllegalArgumentException("stamp_size " + size + " is larger than the " + w +
			"x" + h + " image" + (s.stampSize == 0 ? " (from FWHM " + fmt(fwhm) + " px x stamp_fwhms " + fmt(s.stampFwhms) + ")" : ""));
		return size;
	}

	/** numpy's linear-interpolation percentiles (low, high) of the values; {-inf, inf} when empty. */
	static double[] percentiles(double[] values, double low, double high) {
		if (values.length == 0) return new double[] { Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY };
		double[] v = values.clone();
		Arrays.sort(v);
		return new double[] { percentile(v, low), percentile(v, high) };
	}

	private static double percentile(double[] sorted, double q) {
		double idx = q / 100 * (sorted.length - 1);
		int lo = (int) Math.floor(idx), hi = Math.min(sorted.length - 1, lo + 1);
		double t = idx - lo, d = sorted[hi] - sorted[lo];
		// numpy's _lerp, from the upper end when t >= 0.5
		return t >= 0.5 ? sorted[hi] - d * (1 - t) : sorted[lo] + d * t;
	}

	private static void count(Map<String, Integer> m, String key) {
		m.merge(key, 1, Integer::sum);
	}

	private static void requireSize(float[] image, int[] dq, int w, int h) {
		if (w < 1 || h < 1 || image.length != (long) w * h) throw new IllegalArgumentException("image: " + image.length +
			" pixels do not fit " + w + "x" + h);
		if (dq != null && dq.length != image.length) throw new IllegalArgumentException("dq: " + dq.length + " values for " +
			image.length + " pixels");
	}

	static int[] dqArray(RandomAccessibleInterval<?> image, RandomAccessibleInterval<? extends RealType<?>> dq) {
		if (dq == null) return null;
		Images.requireDimensions("dq", dq, 2);
		Images.requireSameSize("image", image, "dq", dq);
		float[] f = Images.floats(dq);
		int[] out = new int[f.length];
		for (int i = 0; i < f.length; i++) out[i] = f[i] != f[i] ? 0 : (int) f[i];
		return out;
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
	}

	/** Detections bucketed on a grid of the isolation radius, for the neighbour test. */
	private static final class Neighbours {

		private final double r;
		private final Map<Long, List<Source>> cells = new java.util.HashMap<>();

		Neighbours(List<Source> all, double r) {
			this.r = r;
			if (r > 0) for (Source s : all) cells.computeIfAbsent(key(cell(s.x), cell(s.y)), k -> new ArrayList<>()).add(s);
		}

		private long cell(double v) {
			return (long) Math.floor(v / r);
		}

		private static long key(long i, long j) {
			return i * 0x1_0000_0000L + (j & 0xffff_ffffL);
		}

		boolean anyWithin(Source s) {
			long ci = cell(s.x), cj = cell(s.y);
			for (long i = ci - 1; i <= ci + 1; i++) {
				for (long j = cj - 1; j <= cj + 1; j++) {
					List<Source> l = cells.get(key(i, j));
					if (l == null) continue;
					for (Source o : l) if (o != s && Math.hypot(o.x - s.x, o.y - s.y) < r) return true;
				}
			}
			return false;
		}
	}
}
