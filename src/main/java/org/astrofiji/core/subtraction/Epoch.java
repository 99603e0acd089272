package org.astrofiji.core.subtraction;

import java.util.Locale;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.image.Dq;

/**
 * One image prepared for proper subtraction or coaddition: its pixels minus the mesh background
 * ({@link MeshBackground}, SEP's recipe), the variance of every pixel, the pixels left out, the
 * global background noise &sigma; and the PSF.
 * <ul>
 * <li>Left out: pixels with any of the {@code badFlags} DQ bits, NaN (flagged {@link Dq#NO_DATA}),
 * and pixels at or above the saturation level with their 8 neighbours ({@link Dq#SATURATED}: the
 * response is already non-linear next to a saturated pixel). {@link #flags()} holds their bits.</li>
 * <li>Variance: the background RMS map&sup2; plus the source's own Poisson noise, max(0, value &minus;
 * background) / gain (ZOGY's V(&epsilon;)); an ERR plane is not used (a combined frame's is a noisy,
 * biased per-pixel estimate that throws false candidates).</li>
 * <li>{@link #filled(short[])} replaces left-out pixels (of this image or of the other one) by a
 * normalised Gaussian interpolation of the valid pixels around them (zero, the background, deep
 * inside large holes), so that no step or NaN enters the Fourier transforms, which would ring into
 * the neighbourhood.</li>
 * </ul>
 * Immutable; arrays are memory orientation, row-major.
 */
public final class Epoch {

	/** How an image is prepared. */
	public static final class Settings {

		/** DQ bits that leave a pixel out (default: the unusable ones). */
		public int badFlags = Dq.UNUSABLE;
		/** Pixels at or above this (image units) are saturated; infinity = no check. */
		public double saturation = Double.POSITIVE_INFINITY;
		/** Electrons per image unit, for the sources' Poisson noise (without an ERR plane). */
		public double gain = 1;
		/** Whether the sources' own Poisson noise is in the variance; false = background noise only. */
		public boolean sourceNoise = true;
		/** Background mesh box and median filter (SEP's defaults). */
		public int box = 64, filter = 3;

		public Settings validate() {
			if (!(gain > 0) || Double.isInfinite(gain)) throw new IllegalArgumentException("gain must be > 0 (got " + gain + ")");
			if (Double.isNaN(saturation)) throw new IllegalArgumentException("saturation must be a number (infinity = no check)");
			if (box < 4) throw new IllegalArgumentException("box_size must be at least 4 pixels (got " + box + ")");
			if (filter < 1 || filter % 2 == 0) throw new IllegalArgumentException("filter_size must be an odd number >= 1 (got " +
				filter + ")");
			return this;
		}
	}

	/** Gaussian of the interpolation that fills left-out pixels: sigma and reach, pixels. */
	private static final double FILL_SIGMA = 2.5;
	private static final int FILL_RADIUS = 8;
	/** Below this share of the Gaussian's weight on valid pixels, a hole is filled with the background (0). */
	private static final double FILL_MIN_WEIGHT = 0.02;

	private final String name;
	private final int width, height;
	private final float[] sub, var, bvar;
	private final short[] flags;
	private final int masked;
	private final double sigma, gain, back, saturation;
	private final PsfField psf;

	private Epoch(String name, int width, int height, float[] sub, float[] var, float[] bvar, short[] flags, int masked,
		double sigma, double gain, double back, PsfField psf, double saturation)
	{
		this.saturation = saturation;
		this.bvar = bvar;
		this.name = name;
		this.width = width;
		this.height = height;
		this.sub = sub;
		this.var = var;
		this.flags = flags;
		this.masked = masked;
		this.sigma = sigma;
		this.gain = gain;
		this.back = back;
		this.psf = psf;
	}

	/**
	 * Prepares an image.
	 *
	 * @param name how messages name it ("reference", "new_image", a file name)
	 * @param data pixels, memory orientation (not modified)
	 * @param err 1-sigma uncertainty per pixel, or null: checked against the image's size but not used (a
	 *          combined frame's ERR is a noisy, biased per-pixel estimate; the variance comes from the pixels'
	 *          mesh RMS and counts / gain: docs/commands/image-subtraction-zogy.md, "Noise")
	 * @param dq DQ flags per pixel, or null
	 * @param psf its PSF (for an image of this size when it is a model)
	 */
	public static Epoch of(String name, float[] data, float[] err, short[] dq, int w, int h, PsfField psf, Settings settings,
		Progress progress)
	{
		Settings s = settings.validate();
		if (w < 1 || h < 1 || data.length != (long) w * h) throw new IllegalArgumentException(name + ": " + data.length +
			" pixels do not fit " + w + "x" + h);
		if (err != null && err.length != data.length) throw new IllegalArgumentException(name + ": ERR has " + err.length +
			" values for " + data.length + " pixels");
		if (dq != null && dq.length != data.length) throw new IllegalArgumentException(name + ": DQ has " + dq.length +
			" values for " + data.length + " pixels");
		checkPsf(name, psf, w, h);
		short[] flags = new short[data.length];
		float[] work = new float[data.length];
		int[] count = new int[h];
		// rows holding a pixel at or above saturation: only pixels next to one look at their neighbours
		boolean[] saturatedRow = new boolean[h];
		if (s.saturation < Double.POSITIVE_INFINITY) Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				for (int p = y * w, end = p + w; p < end; p++) {
					if (data[p] >= s.saturation) {
						saturatedRow[y] = true;
						break;
					}
				}
			}
		});
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				boolean near = saturatedRow[y] || y > 0 && saturatedRow[y - 1] || y + 1 < h && saturatedRow[y + 1];
				for (int x = 0, p = y * w; x < w; x++, p++) {
					float v = data[p];
					int f = dq == null ? 0 : dq[p] & s.badFlags;
					if (v != v || Float.isInfinite(v)) f |= Dq.NO_DATA;
					else if (near) {
						// the pixel or a neighbour at or above saturation
						for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1) && (f & Dq.SATURATED) == 0; j++) {
							for (int i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) {
								if (data[j * w + i] >= s.saturation) {
									f |= Dq.SATURATED;
									break;
								}
							}
						}
					}
					flags[p] = (short) f;
					work[p] = f != 0 ? Float.NaN : v;
					if (f != 0) count[y]++;
				}
			}
		});
		int n = 0;
		for (int c : count) n += c;
		if (n == data.length) throw new IllegalArgumentException(name + ": every pixel is masked (NaN, saturated or flagged " +
			Dq.names(s.badFlags) + " in its DQ)");
		MeshBackground.Settings ms = new MeshBackground.Settings().box(Math.min(s.box, Math.min(w, h))).filter(s.filter);
		MeshBackground bkg;
		try {
			bkg = MeshBackground.compute(work, null, w, h, ms, progress);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		float[] b = bkg.back();
		// the background variance from the image's own pixels, not its ERR plane: a combine of a few frames has a
		// per-pixel scatter estimate there (chi-squared with 1-2 degrees of freedom, and its level was 0.45-0.7 of
		// the true noise on the demo night), whose low values make S_corr's normalisation fluctuate (false candidates)
		float[] rms = bkg.rms(), bvar = new float[rms.length];
		Parallel.forRange(bvar.length, 1 << 15, (p0, p1) -> {
			for (int p = p0; p < p1; p++) bvar[p] = rms[p] * rms[p];
		});
		float[] sub = new float[data.length];
		Parallel.forRange(h, 32, (y0, y1) -> {
			for (int p = y0 * w; p < y1 * w; p++) sub[p] = work[p] - b[p];
		});
		double sigma = bkg.globalRms();
		if (!(sigma > 0)) throw new IllegalArgumentException(name + ": its background noise is " + sigma +
			" (a constant image?): nothing to weigh it by");
		// without source noise the Poisson term counts / gain (here and in filled pixels) vanishes
		double gain = s.sourceNoise ? s.gain : Double.POSITIVE_INFINITY;
		return new Epoch(name, w, h, sub, variance(sub, bvar, gain), bvar, flags, n, sigma, gain, bkg.globalBack(), psf,
			s.saturation - bkg.globalBack()).filled(flags);
	}

	/** ZOGY's V(&epsilon;): the background variance plus the source's Poisson term. */
	private static float[] variance(float[] sub, float[] bvar, double gain) {
		float[] var = new float[sub.length];
		// in float, times 1 / gain: a loop C2 vectorises (the double division per pixel took ~4 % of a run
		// of the ESO pair); a NaN pixel is left out, so its variance is replaced by filled()
		float perCount = (float) (1 / gain);
		Parallel.forRange(var.length, 1 << 15, (p0, p1) -> {
			for (int p = p0; p < p1; p++) var[p] = bvar[p] + Math.max(sub[p], 0f) * perCount;
		});
		return var;
	}

	/** The PSF must fit in the image and, for a model, belong to an image of its size. */
	static void checkPsf(String name, PsfField psf, int w, int h) {
		if (psf == null) throw new IllegalArgumentException(name + ": no PSF given");
		if (psf.size() > Math.min(w, h)) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"%s: its PSF (%dx%d) is larger than the image (%dx%d)", name, psf.size(), psf.size(), w, h));
		if (psf.width() != 0 && (psf.width() != w || psf.height() != h)) throw new IllegalArgumentException(String.format(
			Locale.ROOT, "%s: the PSF model was made for a %dx%d image, this image is %dx%d", name, psf.width(), psf.height(), w, h));
	}

	/**
	 * This image with the pixels flagged in {@code leftOut} (its own, or the union with another
	 * image's) replaced by the interpolation of their valid neighbours; their variance becomes
	 * &sigma;&sup2; plus the interpolated value's Poisson term plus the weighted variance of the values it is
	 * interpolated from (the interpolation's own uncertainty: large where a saturated star's core is filled). A new epoch; {@link #flags()} becomes
	 * {@code leftOut}.
	 */
	public Epoch filled(short[] leftOut) {
		if (leftOut.length != sub.length) throw new IllegalArgumentException(name + ": mask of " + leftOut.length +
			" values for " + sub.length + " pixels");
		float[] s = sub.clone(), v = var.clone();
		double[] g = new double[2 * FILL_RADIUS + 1];
		for (int i = 0; i < g.length; i++) {
			double d = i - FILL_RADIUS;
			g[i] = Math.exp(-0.5 * d * d / (FILL_SIGMA * FILL_SIGMA));
		}
		double total = 0;
		for (double a : g) for (double b : g) total += a * b;
		double min = FILL_MIN_WEIGHT * total;
		int w = width, h = height;
		int[] count = new int[h];
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					if (leftOut[p] == 0) continue;
					count[y]++;
					double num = 0, num2 = 0, den = 0;
					for (int j = Math.max(0, y - FILL_RADIUS); j <= Math.min(h - 1, y + FILL_RADIUS); j++) {
						double gy = g[j - y + FILL_RADIUS];
						for (int i = Math.max(0, x - FILL_RADIUS), q = j * w + i; i <= Math.min(w - 1, x + FILL_RADIUS); i++, q++) {
							if (leftOut[q] != 0) continue;
							double wt = gy * g[i - x + FILL_RADIUS];
							num += wt * sub[q];
							num2 += wt * sub[q] * sub[q];
							den += wt;
						}
					}
					float f = den >= min ? (float) (num / den) : 0f;
					// an interpolated value is uncertain by the scatter of the values it comes from (large in a star's core)
					double spread = den >= min ? Math.max(0, num2 / den - (double) f * f) : 0;
					// a saturated pixel's value is unknown above the saturation level: uncertain by at least its distance to it
					if ((leftOut[p] & Dq.SATURATED) != 0 && saturation < Double.POSITIVE_INFINITY) spread = Math.max(spread,
						(saturation - f) * (saturation - f));
					s[p] = f;
					v[p] = (float) (sigma * sigma + Math.max(0, f) / gain + spread);
				}
			}
		});
		int n = 0;
		for (int c : count) n += c;
		if (n == sub.length) throw new IllegalArgumentException(name + ": every pixel is masked (here or in the other image)");
		return new Epoch(name, w, h, s, v, bvar, leftOut.clone(), n, sigma, gain, back, psf, saturation);
	}

	/** The same image with another PSF. */
	public Epoch withPsf(PsfField p) {
		checkPsf(name, p, width, height);
		return new Epoch(name, width, height, sub, var, bvar, flags, masked, sigma, gain, back, p, saturation);
	}

	public String name() {
		return name;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Background-subtracted pixels, left-out ones filled (not a copy: do not modify). */
	public float[] subtracted() {
		return sub;
	}

	/** Variance per pixel (not a copy). */
	public float[] variance() {
		return var;
	}

	/** The background's part of {@link #variance()}: the mesh RMS map squared, smooth (not a copy). */
	public float[] backgroundVariance() {
		return bvar;
	}

	/** DQ bits of the left-out pixels, 0 where a pixel is used (not a copy). */
	public short[] flags() {
		return flags;
	}

	/** Number of left-out pixels. */
	public int maskedPixels() {
		return masked;
	}

	/** Global background RMS &sigma; (the mesh's). */
	public double sigma() {
		return sigma;
	}

	/** Global background level that was subtracted. */
	public double background() {
		return back;
	}

	public double gain() {
		return gain;
	}

	public PsfField psf() {
		return psf;
	}

	/** One line: size, noise, masked pixels, PSF. */
	public String summary() {
		return String.format(Locale.ROOT, "%s %dx%d: background %.6g, sigma %.4g, %d pixels left out; PSF %s", name, width,
			height, back, sigma, masked, psf.describe());
	}

	/** The union of two images' left-out pixels (each pixel's DQ bits OR-ed). */
	public static short[] union(Epoch a, Epoch b) {
		if (a.width != b.width || a.height != b.height) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"%s is %dx%d but %s is %dx%d: align them first (align=true) or resample one onto the other's grid", b.name, b.width,
			b.height, a.name, a.width, a.height));
		short[] u = new short[a.flags.length];
		Parallel.forRange(u.length, 1 << 15, (p0, p1) -> {
			for (int p = p0; p < p1; p++) u[p] = (short) (a.flags[p] | b.flags[p]);
		});
		return u;
	}
}
