package org.astrofiji.core.calibration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.image.Dq;
import org.astrofiji.core.stats.MedianFilter;
import org.astrofiji.core.stats.Medians;

/**
 * The detector's bad pixels, found in the masters, as {@link Dq} flags:
 * <ul>
 * <li>{@link Dq#HOT}: dark current far above the neighbours'. The dark current at the science
 * exposure (a master dark without bias, times t_science / t_dark) minus its local median (a
 * {@value #WINDOW}x{@value #WINDOW} median filter, so amplifier glow and gradients are not taken for
 * hot pixels) is above k sigma, sigma the robust spread of that difference over the frame (1.4826
 * MAD, which the few hot pixels do not inflate). The test is scale-free: scaling the dark to the
 * science exposure changes the numbers reported, not the pixels found.</li>
 * <li>{@link Dq#DEAD}: a master flat's pixel below a fraction of its local median (the same window):
 * dead and low-response pixels and columns, not the vignetting or dust shadows a flat corrects.</li>
 * </ul>
 * NaN pixels are never flagged (they have no value to judge). Built by {@link MasterCalibration} after
 * the masters; the flags go into every reduced frame's DQ.
 */
public final class BadPixels {

	/**
	 * Side of the local-median window: wide enough that a flagged column or a pair of hot pixels does
	 * not pull the median (a 7x7 window has 49 values), small enough to follow glow and vignetting, and
	 * the largest square the median networks of {@link MedianFilter} serve fast.
	 */
	public static final int WINDOW = 7;

	public final int width, height;
	/** {@link Dq#HOT} and {@link Dq#DEAD} bits per pixel (row-major, ImageJ orientation). */
	public final short[] flags;
	private int hot, dead;
	private final List<String> notes = new ArrayList<>();

	BadPixels(int width, int height) {
		this.width = width;
		this.height = height;
		this.flags = new short[width * height];
	}

	/** Pixels flagged hot. */
	public int hot() {
		return hot;
	}

	/** Pixels flagged dead (or low-response). */
	public int dead() {
		return dead;
	}

	/** What was flagged and how, one line per step (for HISTORY and the summary). */
	public List<String> notes() {
		return Collections.unmodifiableList(notes);
	}

	/** "12 hot, 3 dead pixels: ..." */
	public String description() {
		return hot + " hot, " + dead + " dead pixels" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes));
	}

	/**
	 * Flags hot pixels of {@code dark}, the dark current at the science exposure in ADU (bias removed),
	 * beyond {@code k} sigma; {@code what} says where it came from ("master_dark_180s x 0.333").
	 */
	BadPixels flagHot(float[] dark, double k, String what) {
		float[] excess = excess(dark);
		double[] centreSpread = robustCentreAndSpread(excess);
		double threshold = centreSpread[0] + k * centreSpread[1];
		int n = 0;
		for (int p = 0; p < excess.length; p++) {
			if (excess[p] > threshold) {
				if ((flags[p] & Dq.HOT) == 0) n++;
				flags[p] |= Dq.HOT;
			}
		}
		hot += n;
		notes.add("hot: " + n + " pixels of " + what + " more than " + MasterCalibration.num(k) + " sigma = " +
			MasterCalibration.num(threshold) + " ADU above their " + WINDOW + "x" + WINDOW + " median (sigma " +
			MasterCalibration.num(centreSpread[1]) + " ADU, 1.4826 MAD)");
		return this;
	}

	/** Flags pixels of a master flat below {@code fraction} of their local median; {@code what} names the flat. */
	BadPixels flagDead(float[] flat, double fraction, String what) {
		float[] local = MedianFilter.square(flat, width, height, WINDOW, MedianFilter.Border.REFLECT);
		int n = 0;
		for (int p = 0; p < flat.length; p++) {
			if (local[p] > 0 && flat[p] < fraction * local[p]) {
				if ((flags[p] & Dq.DEAD) == 0) n++;
				flags[p] |= Dq.DEAD;
			}
		}
		dead += n;
		notes.add("dead: " + n + " pixels of " + what + " below " + MasterCalibration.num(fraction) + " x their " + WINDOW + "x" +
			WINDOW + " median");
		return this;
	}

	/** The image minus its local median (NaN where either is NaN). */
	private float[] excess(float[] image) {
		float[] local = MedianFilter.square(image, width, height, WINDOW, MedianFilter.Border.REFLECT);
		float[] d = new float[image.length];
		for (int p = 0; p < d.length; p++) d[p] = image[p] - local[p];
		return d;
	}

	/**
	 * The median and 1.4826 MAD of the finite values. When the MAD is 0 (more than half the pixels equal
	 * their local median: a quantized, nearly noiseless dark) the spread is the rms deviation from the
	 * median after 5-sigma clipping instead, so a pixel one count above its neighbours is not taken for
	 * a hot one.
	 */
	static double[] robustCentreAndSpread(float[] values) {
		double median = Medians.median(values);
		float[] dev = new float[values.length];
		for (int i = 0; i < values.length; i++) dev[i] = (float) Math.abs(values[i] - median);
		double sigma = Medians.MAD_TO_SIGMA * Medians.median(dev);
		if (!(sigma > 0)) {
			double limit = Double.POSITIVE_INFINITY;
			for (int pass = 0; pass < 5; pass++) {
				double sum2 = 0;
				long n = 0;
				for (float d : dev) {
					if (d <= limit) {
						sum2 += (double) d * d;
						n++;
					}
				}
				double s = n == 0 ? 0 : Math.sqrt(sum2 / n);
				if (!(s > 0)) break;
				sigma = s;
				limit = 5 * s;
			}
		}
		return new double[] { median, sigma };
	}
}
