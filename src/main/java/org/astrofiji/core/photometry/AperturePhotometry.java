package org.astrofiji.core.photometry;

import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.stats.FloatSort;

/**
 * Aperture photometry of many targets on one image, photutils' recipe: for each target (optionally
 * re-centred first) the sky per pixel from its annulus (or a background map), then per aperture the
 * weighted sum of the pixels, the sky under the same pixels subtracted, the error, S/N and magnitude.
 * <p>
 * Pixels off the image count as 0; NaN pixels and pixels with a bad DQ bit are left out and counted.
 * The sky is subtracted for the area actually summed ({@code area_used}), so a star on a clean part of
 * the image gets photutils' {@code aperture_sum - median * pi r^2}, and a clipped or holed aperture is
 * not over-subtracted. The sky annulus takes pixels by their centres ({@code inner <= r < outer}, as
 * photutils' ApertureStats does), without NaN, DQ-flagged and (optionally) labelled source pixels.
 * <p>
 * Errors: with an ERR image {@code var = sum(w err^2) + k A^2 <err^2>_sky / n_sky}; without, the CCD
 * equation (Merline & Howell 1995) in ADU, {@code var = F / g + A v (1 + k A / n_sky)} with the pixel
 * variance {@code v = (S g + D + R^2) / g^2} (or the measured sky variance), where F is the net flux,
 * A the used area, S the sky per pixel, g the gain, D the dark electrons per pixel, R the read noise
 * in electrons and k the sky estimator's variance factor ({@link Sky.Method#varianceFactor}).
 * Magnitudes {@code zp - 2.5 log10(F / t)}, error {@code 2.5 / ln 10 sigma / F}.
 * <p>
 * Targets are measured in parallel, each on its own, so results do not depend on the thread count.
 */
public final class AperturePhotometry {

	private static final int BLOCK = 4096;

	private AperturePhotometry() {}

	/** Measures every target. */
	public static PhotometryResult measure(Pixels pixels, List<Target> targets, PhotometrySettings settings,
		Progress progress)
	{
		settings.validate();
		if (settings.sky == Sky.Method.MAP && pixels.background == null) throw new IllegalArgumentException(
			"sky=map needs a background map");
		Measurement[] out = new Measurement[targets.size()];
		int[] order = rowOrder(targets);
		for (int b0 = 0; b0 < out.length; b0 += BLOCK) {
			progress.report("aperture photometry", (double) b0 / out.length);
			int base = b0, n = Math.min(BLOCK, out.length - b0);
			Parallel.forRange(n, 16, (from, to) -> {
				Work work = new Work(pixels, settings);
				for (int k = from; k < to; k++) {
					int t = order[base + k];
					out[t] = work.measure(targets.get(t));
				}
			});
		}
		progress.report("aperture photometry", 1);
		return new PhotometryResult(Arrays.asList(out), settings);
	}

	/**
	 * The targets in order of their rows (FITS y, then list order): neighbours are measured one after
	 * the other, so on a large image their pixels are still in the cache. Each result goes to its
	 * target's place.
	 */
	private static int[] rowOrder(List<Target> targets) {
		long[] keys = new long[targets.size()];
		for (int i = 0; i < keys.length; i++) {
			long row = (long) Math.max(-1e9, Math.min(1e9, Math.floor(targets.get(i).y)));
			keys[i] = (row + (1L << 30)) << 32 | i;
		}
		Arrays.sort(keys);
		int[] order = new int[keys.length];
		for (int i = 0; i < order.length; i++) order[i] = (int) keys[i];
		return order;
	}

	/** One target: the same as {@link #measure} for a list of one. */
	public static Measurement measure(Pixels pixels, Target target, PhotometrySettings settings) {
		return measure(pixels, List.of(target), settings, Progress.NONE).measurements().get(0);
	}

	/** A worker's buffers. */
	private static final class Work {

		private final Pixels px;
		private final PhotometrySettings s;
		private final Footprint aperture = new Footprint(), ring = new Footprint();
		private float[] values = new float[512];
		private final Sky.Buffers skyBuffers = new Sky.Buffers();
		/** Mean err^2 over the sky pixels of the last sky estimate. */
		private double skyErr2;

		Work(Pixels px, PhotometrySettings s) {
			this.px = px;
			this.s = s;
		}

		Measurement measure(Target t) {
			int w = px.width, h = px.height;
			List<Aperture> aps = t.apertures != null ? t.apertures : s.apertures;
			Aperture annulus = t.annulus != null ? t.annulus : s.annulus;
			double x0 = Coordinates.memoryX(t.x), y0 = Coordinates.memoryY(t.y, h), x = x0, y = y0, shift = 0;
			int flags = 0;
			if (s.centroid != Centroids.Method.NONE) {
				double level = skyLevel(annulus, x0, y0);
				double radius = Double.isNaN(s.centroidRadius) ? aps.get(0).extent() : s.centroidRadius; // the target's own first aperture
				double[] c = Double.isFinite(level) ? Centroids.find(s.centroid, px, x0, y0, radius, s.fwhm, level) : null;
				double d = c == null ? Double.NaN : Math.hypot(c[0] - x0, c[1] - y0);
				if (d <= s.maxShift) {
					x = c[0];
					y = c[1];
					shift = d;
				}
				else flags |= Measurement.CENTROID;
			}
			Sky.Estimate sky = s.sky.usesAnnulus() ? annulusSky(annulus, x, y) : new Sky.Estimate(
				s.sky == Sky.Method.NONE ? 0 : Double.NaN, Double.NaN, 0, 0);
			if (s.sky.usesAnnulus() && sky.pixels == 0) flags |= Measurement.NO_SKY;

			int m = aps.size();
			double[] sum = new double[m], area = new double[m], onImage = new double[m], used = new double[m];
			double[] bkg = new double[m], flux = new double[m], err = new double[m], snr = new double[m], mag = new double[m],
				magErr = new double[m];
			int[] nan = new int[m], bad = new int[m];
			double mapSky = Double.NaN;
			for (int a = 0; a < m; a++) {
				Aperture ap = aps.get(a);
				aperture.build(ap, x, y, w, h, s.overlap);
				double r = ap.extent();
				if (x - r < -0.5 || y - r < -0.5 || x + r > w - 0.5 || y + r > h - 0.5) flags |= Measurement.EDGE;
				double sm = 0, u = 0, var = 0, mapSum = 0;
				for (int k = 0; k < aperture.n; k++) {
					int p = aperture.pixel[k];
					float v = px.values[p];
					if (v != v) {
						nan[a]++;
						continue;
					}
					if (px.flagged(p)) {
						bad[a]++;
						continue;
					}
					double wt = aperture.weight[k];
					sm += wt * v;
					u += wt;
					if (px.err != null) var += wt * (double) px.err[p] * px.err[p];
					if (px.background != null) mapSum += wt * px.background[p];
				}
				if (nan[a] > 0) flags |= Measurement.NAN;
				if (bad[a] > 0) flags |= Measurement.BAD_PIXELS;
				area[a] = ap.area();
				onImage[a] = aperture.area;
				used[a] = u;
				if (aperture.n == 0) flags |= Measurement.OFF_IMAGE;
				sum[a] = u > 0 ? sm : Double.NaN;
				double skyPerPixel;
				if (s.sky == Sky.Method.MAP) {
					bkg[a] = u > 0 ? mapSum : Double.NaN;
					skyPerPixel = mapSum / u;
					if (a == 0) mapSky = skyPerPixel;
				}
				else {
					skyPerPixel = sky.value;
					bkg[a] = sky.value * u;
				}
				flux[a] = sum[a] - bkg[a];
				err[a] = Math.sqrt(variance(flux[a], u, var, skyPerPixel, sky));
				snr[a] = flux[a] / err[a];
				if (flux[a] > 0) {
					mag[a] = s.zeroPoint - 2.5 * Math.log10(flux[a] / s.exposureTime);
					magErr[a] = 2.5 / Math.log(10) * err[a] / flux[a];
				}
				else {
					mag[a] = magErr[a] = Double.NaN;
					flags |= Measurement.NOT_POSITIVE;
				}
			}
			if (s.sky == Sky.Method.MAP) sky = new Sky.Estimate(mapSky, Double.NaN, 0, 0);
			return new Measurement(t, Coordinates.fitsX(x), Coordinates.fitsY(y, h), shift, sky, aps, sum, area, onImage, used, nan,
				bad, bkg, flux, err, snr, mag, magErr, flags);
		}

		/** Variance of the net flux (see the class comment); {@code errSum} is sum(w err^2) when there is ERR. */
		private double variance(double flux, double used, double errSum, double skyPerPixel, Sky.Estimate sky) {
			double k = s.sky.varianceFactor(), nsky = sky.pixels;
			boolean skyTerm = s.sky.usesAnnulus() && nsky > 0;
			if (px.err != null) return errSum + (skyTerm ? k * used * used * skyErr2 / nsky : 0);
			double v = s.skyNoise == PhotometrySettings.SkyNoise.MEASURED ? sky.std * sky.std
				: (Math.max(0, skyPerPixel) * s.gain + s.darkCurrent + s.readNoise * s.readNoise) / (s.gain * s.gain);
			return Math.max(0, flux) / s.gain + used * v * (1 + (skyTerm ? k * used / nsky : 0));
		}

		/** The sky per pixel at (x, y) for centring: the annulus estimate, the map's pixel, or 0. */
		private double skyLevel(Aperture annulus, double x, double y) {
			if (s.sky.usesAnnulus()) return annulusSky(annulus, x, y).value;
			if (s.sky == Sky.Method.MAP) {
				int i = (int) Math.rint(x), j = (int) Math.rint(y);
				if (i < 0 || j < 0 || i >= px.width || j >= px.height) return Double.NaN;
				return px.background[j * px.width + i];
			}
			return 0;
		}

		/**
		 * The annulus estimate at memory (x, y): pixels by their centres, without NaN, flagged and labelled
		 * pixels, collected in ascending order.
		 */
		private Sky.Estimate annulusSky(Aperture annulus, double x, double y) {
			int n = annulus.isCircular() ? ringValues(annulus, x, y) : footprintValues(annulus, x, y);
			return Sky.estimate(values, n, s.sky, s.clipSigma, s.clipIterations, skyBuffers);
		}

		/**
		 * A circular annulus row by row, {@code inner^2 <= r^2 < outer^2} by pixel centres (what the
		 * centre-overlap footprint gives, without building it: the sky is the larger part of the work per
		 * star). Each row's pixels are one or two runs whose ends come from square roots, corrected by the
		 * exact test, so membership is the test's own; the runs then need no test per pixel.
		 */
		private int ringValues(Aperture annulus, double x, double y) {
			int w = px.width, h = px.height;
			double ro = annulus.a, in2 = annulus.innerA * annulus.innerA, out2 = ro * ro;
			int i0 = (int) Math.max(0, Math.ceil(x - ro)), i1 = (int) Math.min(w - 1, Math.floor(x + ro));
			int j0 = (int) Math.max(0, Math.ceil(y - ro)), j1 = (int) Math.min(h - 1, Math.floor(y + ro));
			int room = Math.max(0, (i1 - i0 + 1) * (j1 - j0 + 1));
			if (values.length < room) values = new float[Math.max(room, 2 * values.length)];
			float[] out = values, v = px.values;
			// without ERR, DQ and labels the walk writes the sort keys itself (see FloatSort.sortKeys)
			boolean plain = px.dq == null && px.labels == null && px.err == null;
			int[] keys = plain ? skyBuffers.sorter.keys(room) : null;
			int n = 0, or = 0, and = -1;
			double e2 = 0;
			for (int j = j0; j <= j1; j++) {
				double dy = j - y, dy2 = dy * dy;
				if (dy2 >= out2) continue;
				// [a, b]: r^2 < outer^2; [c, d]: r^2 < inner^2 (empty when c > d)
				double half = Math.sqrt(out2 - dy2);
				int a = Math.max(i0, (int) Math.ceil(x - half)), b = Math.min(i1, (int) Math.floor(x + half));
				while (a > i0 && inside(a - 1, x, dy2, out2)) a--;
				while (a <= b && !inside(a, x, dy2, out2)) a++;
				while (b < i1 && inside(b + 1, x, dy2, out2)) b++;
				while (b >= a && !inside(b, x, dy2, out2)) b--;
				if (a > b) continue;
				int c = b + 1, d = b;
				if (dy2 < in2) {
					double hole = Math.sqrt(in2 - dy2);
					c = Math.max(a, (int) Math.ceil(x - hole));
					d = Math.min(b, (int) Math.floor(x + hole));
					while (c > a && inside(c - 1, x, dy2, in2)) c--;
					while (c <= d && !inside(c, x, dy2, in2)) c++;
					while (d < b && inside(d + 1, x, dy2, in2)) d++;
					while (d >= c && !inside(d, x, dy2, in2)) d--;
					if (c > d) { // no hole in this row
						c = b + 1;
						d = b;
					}
				}
				int row = j * w;
				for (int run = 0; run < 2; run++) {
					int from = row + (run == 0 ? a : d + 1), to = row + (run == 0 ? c : b + 1);
					if (plain) {
						for (int p = from; p < to; p++) {
							float f = v[p];
							if (f != f) continue;
							int key = FloatSort.key(f);
							keys[n++] = key;
							or |= key;
							and &= key;
						}
					}
					else {
						for (int p = from; p < to; p++) {
							float f = v[p];
							if (f != f || px.flagged(p) || (px.labels != null && px.labels[p] != 0)) continue;
							out[n++] = f;
							if (px.err != null) e2 += (double) px.err[p] * px.err[p];
						}
					}
				}
			}
			skyErr2 = n > 0 ? e2 / n : Double.NaN;
			if (plain) skyBuffers.sorter.sortKeys(n, or, and, out);
			else skyBuffers.sorter.sort(out, n);
			return n;
		}

		/** Whether pixel column i lies within r^2 < limit2 of x in a row dy2 away: the annulus walk's exact test. */
		private static boolean inside(int i, double x, double dy2, double limit2) {
			double dx = i - x;
			return dx * dx + dy2 < limit2;
		}

		/** Any annulus through its centre-overlap footprint. */
		private int footprintValues(Aperture annulus, double x, double y) {
			ring.build(annulus, x, y, px.width, px.height, Overlap.center());
			if (values.length < ring.n) values = new float[Math.max(ring.n, 2 * values.length)];
			int n = 0;
			double e2 = 0;
			for (int k = 0; k < ring.n; k++) {
				int p = ring.pixel[k];
				float v = px.values[p];
				if (v != v || px.flagged(p) || (px.labels != null && px.labels[p] != 0)) continue;
				values[n++] = v;
				if (px.err != null) e2 += (double) px.err[p] * px.err[p];
			}
			skyErr2 = n > 0 ? e2 / n : Double.NaN;
			skyBuffers.sorter.sort(values, n);
			return n;
		}
	}
}
