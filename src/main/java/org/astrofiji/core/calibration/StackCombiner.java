package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineSettings.Method;
import org.astrofiji.core.calibration.CombineSettings.Scale;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.stats.Select;

/**
 * Combines a stack of frames pixel by pixel (median, mean, sigma clipping, minmax; optional scaling
 * and weights; NaN skipped) in bounded memory: the frames are read in bands of rows, each worker
 * thread holding only {@code rows x width} values of every frame at a time (at most
 * {@link CombineSettings#memoryBudget} bytes in all), so a stack far larger than memory combines as
 * fast as the frames can be read. Stacks in memory go through the same code.
 * <p>
 * Deterministic: every output pixel depends only on its own values, whatever the thread count.
 */
public final class StackCombiner {

	private StackCombiner() {}

	/**
	 * Bytes of the frames' bands one thread holds at a time (while the budget allows): the positional
	 * reads stay large (a dozen rows of 40 frames of 4096 columns), and the band is not fresh memory
	 * for long. The 134 MB per thread that the 256 MB budget alone allowed for 40 x 4096^2 cost about
	 * 0.8 s of page faults in a fresh JVM (-Xmx2g, 2 threads) and 250 MB of peak RSS, for no faster reading.
	 */
	static final long BAND_BYTES = 8L << 20;

	/** Combines planes in memory (row-major, all {@code width x height}). */
	public static CombineResult combine(List<float[]> planes, int width, int height, CombineSettings s, Progress progress) {
		List<RowSource> sources = new ArrayList<>();
		for (int i = 0; i < planes.size(); i++) sources.add(RowSource.of("plane " + (i + 1), planes.get(i), width, height));
		return combine(sources, s, progress);
	}

	/** Combines the planes of a 3-D stack (x, y, frame) in memory. */
	public static CombineResult combine(RandomAccessibleInterval<? extends RealType<?>> stack, CombineSettings s,
		Progress progress)
	{
		Images.requireDimensions("stack", stack, 3);
		List<float[]> planes = List.of(Images.planes(stack));
		return combine(planes, Images.width(stack), Images.height(stack), s, progress);
	}

	/**
	 * Combines frames read in bands. Fails, naming both frames and their shapes, when the frames differ
	 * in size; a frame that cannot be read fails the whole combination with its own message.
	 */
	public static CombineResult combine(List<? extends RowSource> frames, CombineSettings s, Progress progress) {
		int n = frames.size();
		s.validate(n);
		RowSource first = frames.get(0);
		int w = first.width(), h = first.height();
		for (RowSource f : frames) {
			if (f.width() != w || f.height() != h) throw new IllegalArgumentException("frames differ in size: " + first.name() +
				" is " + first.shape() + " but " + f.name() + " is " + f.shape());
		}
		double[] factors = scaleFactors(frames, s, progress.range(0, s.scale == Scale.MEDIAN || s.scale == Scale.MEAN ? 0.3 : 0));
		Progress p = progress.range(s.scale == Scale.MEDIAN || s.scale == Scale.MEAN ? 0.3 : 0, 1);
		boolean scaled = false;
		for (double f : factors) scaled |= f != 1;
		final boolean doScale = scaled;
		double[] weights = s.weights;

		float[] value = new float[w * h], error = new float[w * h];
		int[] count = new int[w * h];
		long rowBytes = 4L * n * w;
		// within the budget, bands of about BAND_BYTES per thread: larger ones only cost fresh memory
		long perThread = Math.min(s.memoryBudget / Parallel.threads(), BAND_BYTES);
		int bandRows = (int) Math.max(1, Math.min(h, perThread / rowBytes));
		AtomicLong nanTotal = new AtomicLong(), rejectedTotal = new AtomicLong(), rowsDone = new AtomicLong();
		// per-thread buffers for this combination only (nothing stays behind in the pool's threads)
		Map<Thread, Work> works = new ConcurrentHashMap<>();
		SortingNetwork network = s.method == Method.MEDIAN && n <= SortingNetwork.MAX_VALUES ? SortingNetwork.full(n) : null;
		// the mean and ccdproc's sigma clipping (one pass of mean and std) without weights also run on blocks of pixels
		boolean blockMean = s.weights == null && (s.method == Method.MEAN || s.method == Method.SIGMA_CLIP &&
			s.iterations == 1 && s.center == CombineSettings.Center.MEAN && s.deviation == CombineSettings.Deviation.STD);
		String stage = CombineSettings.name(s.method) + " of " + n + " frames";
		p.report(stage, 0);
		Parallel.forRange(h, Math.max(1, Math.min(bandRows, 16)), (y0, y1) -> {
			int rowsMax = Math.min(bandRows, y1 - y0);
			Work wk = works.computeIfAbsent(Thread.currentThread(), t -> new Work(s, n, network));
			float[][] band = wk.band(rowsMax * w);
			for (int yb = y0; yb < y1; yb += bandRows) {
				int rows = Math.min(bandRows, y1 - yb);
				int plane = rows * w;
				for (int i = 0; i < n; i++) frames.get(i).read(yb, rows, band[i], 0);
				int out = yb * w;
				if (network != null) {
					for (int q0 = 0; q0 < plane; q0 += Work.BLOCK) {
						wk.medianBlock(band, q0, Math.min(Work.BLOCK, plane - q0), doScale ? factors : null, value, error, count, out);
					}
				}
				else if (blockMean) {
					for (int q0 = 0; q0 < plane; q0 += Work.BLOCK) {
						wk.meanBlock(band, q0, Math.min(Work.BLOCK, plane - q0), doScale ? factors : null, value, error, count, out);
					}
				}
				else {
					for (int q = 0; q < plane; q++) wk.pixel(band, q, doScale ? factors : null, value, error, count, out);
				}
				synchronized (rowsDone) { // reports in order, so progress never goes back
					p.report(stage, rowsDone.addAndGet(rows) / (double) h);
				}
			}
		});
		for (Work wk : works.values()) {
			nanTotal.addAndGet(wk.nan);
			rejectedTotal.addAndGet(wk.rejected);
		}
		return new CombineResult(w, h, n, value, error, count, nanTotal.get(), rejectedTotal.get(), factors,
			s.describe() + " of " + n + " frames");
	}

	/** What one thread holds while combining: its band of every frame and the kernels' buffers. */
	private static final class Work {

		/** Pixels per run of the median network: its wires stay in the fast caches. */
		static final int BLOCK = 1024;

		final int n;
		final PixelCombiner kernel;
		final double[] weights;
		final SortingNetwork network;
		final float[][] wires;
		final double[] median;
		final float[] center, dev1, dev2;
		float[][] band;
		long nan, rejected;

		final boolean clip;
		final double low, high;
		final double[] sum, sum2, mean, lo, hi;
		final int[] kept;

		Work(CombineSettings s, int n, SortingNetwork network) {
			this.n = n;
			this.clip = s.method == Method.SIGMA_CLIP;
			this.low = s.sigmaLow;
			this.high = s.sigmaHigh;
			this.sum = new double[BLOCK];
			this.sum2 = new double[BLOCK];
			this.mean = new double[BLOCK];
			this.lo = new double[BLOCK];
			this.hi = new double[BLOCK];
			this.kept = new int[BLOCK];
			this.kernel = new PixelCombiner(s, n);
			this.weights = s.weights;
			this.network = network;
			this.wires = network == null ? null : new float[n][BLOCK];
			this.median = network == null ? null : new double[BLOCK];
			this.center = new float[BLOCK];
			this.dev1 = new float[BLOCK];
			this.dev2 = new float[BLOCK];
		}

		float[][] band(int size) {
			if (band == null || band[0].length < size) band = new float[n][size];
			return band;
		}

		/** Combines pixel q of the band with the kernel (NaN skipped). */
		void pixel(float[][] band, int q, double[] factors, float[] value, float[] error, int[] count, int out) {
			float[] vals = kernel.values();
			double[] wts = kernel.weights();
			int m = 0;
			for (int i = 0; i < n; i++) {
				float v = band[i][q];
				if (v != v) continue; // NaN: no data
				if (factors != null) v = (float) (v * factors[i]);
				if (weights != null) wts[m] = weights[i];
				vals[m++] = v;
			}
			nan += n - m;
			kernel.combine(m);
			value[out + q] = (float) kernel.value;
			error[out + q] = (float) kernel.error;
			count[out + q] = kernel.count;
			rejected += kernel.rejected;
		}

		/**
		 * Means of band pixels [q0, q0 + len), or ccdproc's sigma clipping (one pass: reject outside
		 * mean - low std .. mean + high std, then the mean of the rest), frame by frame over the block,
		 * with the same operations in the same order per pixel as {@link PixelCombiner}; pixels with a
		 * NaN go through the kernel.
		 */
		void meanBlock(float[][] band, int q0, int len, double[] factors, float[] value, float[] error, int[] count, int out) {
			java.util.Arrays.fill(sum, 0, len, 0);
			java.util.Arrays.fill(sum2, 0, len, 0);
			for (int i = 0; i < n; i++) {
				float[] a = source(band, i, q0, len, factors);
				int o = a == band[i] ? q0 : 0;
				for (int q = 0; q < len; q++) sum[q] += a[o + q];
			}
			for (int q = 0; q < len; q++) mean[q] = sum[q] / n;
			for (int i = 0; i < n; i++) {
				float[] a = source(band, i, q0, len, factors);
				int o = a == band[i] ? q0 : 0;
				for (int q = 0; q < len; q++) {
					double d = a[o + q] - mean[q];
					sum2[q] += d * d;
				}
			}
			if (clip) {
				for (int q = 0; q < len; q++) {
					double dev = Math.sqrt(sum2[q] / n);
					lo[q] = mean[q] - low * dev;
					hi[q] = mean[q] + high * dev;
				}
				java.util.Arrays.fill(sum, 0, len, 0);
				java.util.Arrays.fill(kept, 0, len, 0);
				for (int i = 0; i < n; i++) {
					float[] a = source(band, i, q0, len, factors);
					int o = a == band[i] ? q0 : 0;
					for (int q = 0; q < len; q++) {
						float v = a[o + q];
						if (v < lo[q] || v > hi[q]) continue;
						sum[q] += v;
						kept[q]++;
					}
				}
				for (int q = 0; q < len; q++) mean[q] = sum[q] / kept[q];
				java.util.Arrays.fill(sum2, 0, len, 0);
				for (int i = 0; i < n; i++) {
					float[] a = source(band, i, q0, len, factors);
					int o = a == band[i] ? q0 : 0;
					for (int q = 0; q < len; q++) {
						float v = a[o + q];
						if (v < lo[q] || v > hi[q]) continue;
						double d = v - mean[q];
						sum2[q] += d * d;
					}
				}
			}
			else java.util.Arrays.fill(kept, 0, len, n);
			for (int q = 0; q < len; q++) {
				int at = out + q0 + q;
				double m = mean[q];
				if (sum[q] != sum[q]) { // a NaN among the values: skip it with the kernel
					pixel(band, q0 + q, factors, value, error, count, out);
					continue;
				}
				int k = kept[q];
				value[at] = (float) m;
				error[at] = (float) (Math.sqrt(sum2[q] / k) / Math.sqrt(k));
				count[at] = k;
				rejected += n - k;
			}
		}

		/** Frame i's values of the block: the band itself, or a scaled copy. */
		private float[] source(float[][] band, int i, int q0, int len, double[] factors) {
			if (factors == null) return band[i];
			if (scratch == null) scratch = new float[BLOCK];
			float[] dst = scratch, src = band[i];
			double f = factors[i];
			for (int q = 0; q < len; q++) dst[q] = (float) (src[q0 + q] * f);
			return dst;
		}

		private float[] scratch;

		/**
		 * Medians (and 1.4826 MAD / sqrt(n)) of band pixels [q0, q0 + len) by the network, exactly as
		 * {@link PixelCombiner} computes them; pixels with a NaN go through the kernel. The network sorts
		 * each pixel's values; then the h-th smallest deviation from the median is the smallest, over the
		 * runs of h consecutive sorted values, of the larger deviation of the run's two ends (the h values
		 * nearest the median are consecutive), so the MAD needs no second sort.
		 */
		void medianBlock(float[][] band, int q0, int len, double[] factors, float[] value, float[] error, int[] count, int out) {
			for (int i = 0; i < n; i++) {
				if (factors == null) System.arraycopy(band[i], q0, wires[i], 0, len);
				else {
					float[] src = band[i], dst = wires[i];
					double f = factors[i];
					for (int q = 0; q < len; q++) dst[q] = (float) (src[q0 + q] * f);
				}
			}
			network.apply(wires, len);
			int k = (n - 1) / 2;
			float[] lo = wires[k];
			if ((n & 1) == 1) for (int q = 0; q < len; q++) median[q] = lo[q];
			else {
				float[] hi = wires[k + 1];
				for (int q = 0; q < len; q++) median[q] = 0.5 * ((double) lo[q] + hi[q]);
			}
			for (int q = 0; q < len; q++) center[q] = (float) median[q];
			int h = (n + 1) / 2; // odd n: the MAD is the h-th smallest deviation; even n: the mean of the (n/2)-th and (n/2+1)-th
			nearest(h, len, dev1);
			if ((n & 1) == 0) nearest(h + 1, len, dev2);
			double norm = n == 1 ? 0 : Medians.MAD_TO_SIGMA / Math.sqrt(n);
			for (int q = 0; q < len; q++) {
				int at = out + q0 + q;
				double med = median[q];
				if (med != med) { // a NaN among the values: skip it with the kernel
					pixel(band, q0 + q, factors, value, error, count, out);
					continue;
				}
				double mad = (n & 1) == 1 ? dev1[q] : 0.5 * ((double) dev1[q] + dev2[q]);
				value[at] = (float) med;
				error[at] = (float) (norm * mad);
				count[at] = n;
			}
		}

		/**
		 * The h-th smallest |value - median| of each pixel of the sorted wires (in float, from the median
		 * rounded to float, as {@link Select#mad}): min over j of max(m - v_j, v_(j+h-1) - m).
		 */
		private void nearest(int h, int len, float[] out) {
			java.util.Arrays.fill(out, 0, len, Float.POSITIVE_INFINITY);
			for (int j = 0; j + h - 1 < n; j++) {
				float[] a = wires[j], b = wires[j + h - 1];
				for (int q = 0; q < len; q++) {
					float m = center[q];
					out[q] = Math.min(out[q], Math.max(m - a[q], b[q] - m));
				}
			}
		}
	}

	/**
	 * The factor each frame is multiplied by: mean(s) / s_i, where s_i is the frame's exposure time,
	 * median or mean (over its finite pixels); all 1 without scaling. Fails naming the frame whose
	 * statistic is zero, negative or undefined.
	 */
	public static double[] scaleFactors(List<? extends RowSource> frames, CombineSettings s, Progress progress) {
		int n = frames.size();
		double[] f = new double[n];
		java.util.Arrays.fill(f, 1);
		if (s.scale == Scale.NONE) return f;
		double[] stat = new double[n];
		String what = CombineSettings.name(s.scale);
		if (s.scale == Scale.EXPOSURE) System.arraycopy(s.exposures, 0, stat, 0, n);
		else {
			RowSource first = frames.get(0);
			for (RowSource r : frames) {
				if (r.width() != first.width() || r.height() != first.height()) throw new IllegalArgumentException(
					"frames differ in size: " + first.name() + " is " + first.shape() + " but " + r.name() + " is " + r.shape());
			}
			// one frame per thread (a median of a whole frame is one thread's work), each frame read in bands
			AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
			Parallel.forRange(Math.min(Parallel.threads(), n), 1, (from, to) -> {
				float[] all = new float[first.width() * first.height()];
				for (int i; (i = next.getAndIncrement()) < n;) {
					RowSource r = frames.get(i);
					int w = r.width();
					Parallel.forRange(r.height(), 16, (y0, y1) -> r.read(y0, y1 - y0, all, y0 * w));
					stat[i] = s.scale == Scale.MEDIAN ? Medians.nanMedianInPlace(all) : finiteMean(all);
					synchronized (done) {
						progress.report("frame " + what + "s", done.incrementAndGet() / (double) n);
					}
				}
			});
		}
		double ref = 0;
		for (int i = 0; i < n; i++) {
			if (!(stat[i] > 0) || Double.isInfinite(stat[i])) throw new IllegalArgumentException(frames.get(i).name() + ": its " +
				what + " is " + stat[i] + "; frames can be scaled by " + what + " only when it is positive");
			ref += stat[i] / n;
		}
		for (int i = 0; i < n; i++) f[i] = ref / stat[i];
		return f;
	}

	/** Mean of the non-NaN values; NaN when there are none. */
	public static double finiteMean(float[] a) {
		double sum = 0;
		long m = 0;
		for (float v : a) {
			if (!Float.isNaN(v)) {
				sum += v;
				m++;
			}
		}
		return m == 0 ? Double.NaN : sum / m;
	}
}
