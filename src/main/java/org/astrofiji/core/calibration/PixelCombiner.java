package org.astrofiji.core.calibration;

import org.astrofiji.core.calibration.CombineSettings.Center;
import org.astrofiji.core.calibration.CombineSettings.Deviation;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.stats.Select;

/**
 * Combines the values of one pixel through a stack: the kernel of {@link StackCombiner}. One object
 * per thread; it owns the buffers the caller fills ({@link #values()}, {@link #weights()}) and
 * reuses them for every pixel, so combining allocates nothing per pixel. Selection, not sorting,
 * finds medians.
 * <p>
 * After {@link #combine}: {@link #value} (NaN when no value was left), {@link #error} (the standard
 * error of the value: std / sqrt(n) of the values used, or 1.4826 MAD / sqrt(n) for the median, as
 * ccdproc computes them), {@link #count} (values used) and {@link #rejected}.
 */
public final class PixelCombiner {

	private final CombineSettings s;
	private final int frames;
	private final float[] values, scratch, scratch2;
	private final double[] weights;
	private final boolean weighted;
	private long[] keys;

	public double value, error;
	public int count, rejected;

	public PixelCombiner(CombineSettings settings, int frames) {
		this.s = settings;
		this.frames = frames;
		this.values = new float[frames];
		this.scratch = new float[frames];
		this.scratch2 = new float[frames];
		this.weighted = settings.weights != null;
		this.weights = new double[frames];
		java.util.Arrays.fill(weights, 1);
	}

	/** Where the caller puts the values of the pixel (NaN already left out). */
	public float[] values() {
		return values;
	}

	/** Where the caller puts the weight of each value, aligned with {@link #values()} (when weighted). */
	public double[] weights() {
		return weights;
	}

	/** Combines {@code values()[0..n)}; the buffers' contents are changed. */
	public void combine(int n) {
		rejected = 0;
		if (n == 0) {
			value = error = Double.NaN;
			count = 0;
			return;
		}
		switch (s.method) {
			case MEDIAN:
				median(n);
				break;
			case MEAN:
				mean(n);
				break;
			case SIGMA_CLIP:
				sigmaClip(n);
				break;
			default:
				minmax(n);
		}
	}

	private void median(int n) {
		count = n;
		double m = Select.median(values, n);
		value = m;
		error = n == 1 ? 0 : Medians.MAD_TO_SIGMA / Math.sqrt(n) * Select.mad(values, n, m, scratch);
	}

	/** Weighted mean of values[0..n) and its standard error. */
	private void mean(int n) {
		count = n;
		if (!weighted) {
			double sum = 0;
			for (int i = 0; i < n; i++) sum += values[i];
			double m = sum / n, ss = 0;
			for (int i = 0; i < n; i++) {
				double d = values[i] - m;
				ss += d * d;
			}
			value = m;
			error = Math.sqrt(ss / n) / Math.sqrt(n);
			return;
		}
		double sw = 0, swv = 0, sw2 = 0;
		for (int i = 0; i < n; i++) {
			sw += weights[i];
			swv += weights[i] * values[i];
			sw2 += weights[i] * weights[i];
		}
		double m = swv / sw, ss = 0;
		for (int i = 0; i < n; i++) {
			double d = values[i] - m;
			ss += weights[i] * d * d;
		}
		value = m;
		// weighted variance over the effective number of values (sw^2 / sw2); = std / sqrt(n) for equal weights
		error = Math.sqrt(ss / sw * sw2 / (sw * sw));
	}

	/**
	 * astropy's sigma_clip along the stack, as ccdproc calls it: each pass computes the centre (mean or
	 * median) and the deviation (std about the mean, or mad_std) of the values left, and rejects those
	 * strictly below centre - low s or above centre + high s; then the mean of the survivors.
	 */
	private void sigmaClip(int n) {
		int m = n;
		for (int it = 0; it < s.iterations && m > 0; it++) {
			double sum = 0;
			for (int i = 0; i < m; i++) sum += values[i];
			double mean = sum / m;
			double center = mean, dev;
			if (s.deviation == Deviation.STD) {
				double ss = 0;
				for (int i = 0; i < m; i++) {
					double d = values[i] - mean;
					ss += d * d;
				}
				dev = Math.sqrt(ss / m);
			}
			else {
				System.arraycopy(values, 0, scratch, 0, m);
				double med = Select.median(scratch, m);
				dev = Medians.MAD_TO_SIGMA * Select.mad(values, m, med, scratch2);
				if (s.center == Center.MEDIAN) center = med;
			}
			if (s.center == Center.MEDIAN && s.deviation == Deviation.STD) {
				System.arraycopy(values, 0, scratch, 0, m);
				center = Select.median(scratch, m);
			}
			double lo = center - s.sigmaLow * dev, hi = center + s.sigmaHigh * dev;
			int kept = 0;
			for (int i = 0; i < m; i++) {
				float v = values[i];
				if (v < lo || v > hi) continue;
				values[kept] = v;
				weights[kept] = weights[i];
				kept++;
			}
			boolean changed = kept != m;
			m = kept;
			if (!changed) break;
		}
		mean(m);
		if (m == 0) value = error = Double.NaN;
		rejected = n - m;
	}

	/** Drops the nlow lowest and nhigh highest values (fewer when NaN left fewer values), then the mean. */
	private void minmax(int n) {
		int lo = s.nLow, hi = s.nHigh;
		if (n < frames) {
			lo = (int) Math.round(s.nLow * (double) n / frames);
			hi = (int) Math.round(s.nHigh * (double) n / frames);
		}
		while (lo + hi >= n) {
			if (hi >= lo && hi > 0) hi--;
			else lo--;
		}
		sortByValue(n);
		int m = n - lo - hi;
		if (lo > 0) {
			System.arraycopy(values, lo, values, 0, m);
			System.arraycopy(weights, lo, weights, 0, m);
		}
		mean(m);
		rejected = n - m;
	}

	/** Sorts values[0..n) ascending, weights along; ties keep their order. */
	private void sortByValue(int n) {
		if (n <= 64) {
			for (int i = 1; i < n; i++) {
				float v = values[i];
				double w = weights[i];
				int j = i - 1;
				while (j >= 0 && values[j] > v) {
					values[j + 1] = values[j];
					weights[j + 1] = weights[j];
					j--;
				}
				values[j + 1] = v;
				weights[j + 1] = w;
			}
			return;
		}
		if (keys == null) keys = new long[frames];
		for (int i = 0; i < n; i++) {
			int bits = Float.floatToIntBits(values[i]);
			int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // monotonic in the float value
			keys[i] = ((long) sortable << 32) | i;
		}
		java.util.Arrays.sort(keys, 0, n);
		for (int i = 0; i < n; i++) {
			int from = (int) keys[i];
			scratch[i] = values[from];
		}
		double[] w = new double[n];
		for (int i = 0; i < n; i++) w[i] = weights[(int) keys[i]];
		System.arraycopy(scratch, 0, values, 0, n);
		System.arraycopy(w, 0, weights, 0, n);
	}
}
