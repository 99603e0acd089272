package org.astrofiji.core.simulate;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;

/**
 * Calibrated frames of a few stars on a flat sky, for photometry tests and time series: each star's
 * light integrated over pixels with a PSF (as the night simulator renders it), Poisson noise in
 * electrons and Gaussian read noise, in ADU (bias-free and flat: what a reduction yields). Stars may
 * dip in a box shape (a transit or an eclipse without limb darkening), and the whole field may be
 * shifted (telescope drift). Deterministic for a (seed, frame) pair, whatever the thread count.
 */
public final class StarFrame {

	/** A box-shaped dip: the flux is {@code 1 - depth} times its level for {@code start <= t < end}. */
	public static final class BoxDip {

		public final double start, end, depth;

		public BoxDip(double start, double end, double depth) {
			if (!(end > start)) throw new IllegalArgumentException("dip end must be after its start (got " + start + ", " + end + ")");
			if (!(depth >= 0 && depth <= 1)) throw new IllegalArgumentException("dip depth must be in [0, 1] (got " + depth + ")");
			this.start = start;
			this.end = end;
			this.depth = depth;
		}

		/** The flux factor at time t. */
		public double factor(double t) {
			return t >= start && t < end ? 1 - depth : 1;
		}
	}

	private static final class Source {

		final double x, y, counts;
		final BoxDip dip;

		Source(double x, double y, double counts, BoxDip dip) {
			this.x = x;
			this.y = y;
			this.counts = counts;
			this.dip = dip;
		}
	}

	public final int width, height;
	private final Psf psf;
	/** Sky per pixel, ADU; gain e-/ADU; read noise e-. */
	private final double sky, gain, readNoise;
	private final long seed;
	private final List<Source> sources = new ArrayList<>();

	public StarFrame(int width, int height, Psf psf, double sky, double gain, double readNoise, long seed) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("frame size must be positive (got " + width + "x" + height + ")");
		if (!(gain > 0)) throw new IllegalArgumentException("gain must be > 0 (got " + gain + ")");
		if (!(sky >= 0) || !(readNoise >= 0)) throw new IllegalArgumentException("sky and read noise must be >= 0");
		this.width = width;
		this.height = height;
		this.psf = psf;
		this.sky = sky;
		this.gain = gain;
		this.readNoise = readNoise;
		this.seed = seed;
	}

	/** Adds a constant star at FITS position (x, y) with {@code counts} ADU in total. */
	public StarFrame star(double x, double y, double counts) {
		return variable(x, y, counts, null);
	}

	/** Adds a star whose flux dips (null: constant). */
	public StarFrame variable(double x, double y, double counts, BoxDip dip) {
		if (!(counts >= 0)) throw new IllegalArgumentException("counts must be >= 0 (got " + counts + ")");
		sources.add(new Source(x, y, counts, dip));
		return this;
	}

	/** The noiseless frame (ADU, in-memory orientation) at time t with every star shifted by (dx, dy) FITS pixels. */
	public float[] ideal(double t, double dx, double dy) {
		float[] img = new float[width * height];
		java.util.Arrays.fill(img, (float) sky);
		for (Source s : sources) {
			double x = Coordinates.memoryX(s.x + dx), y = Coordinates.memoryY(s.y + dy, height);
			double counts = s.counts * (s.dip == null ? 1 : s.dip.factor(t));
			StarField.add(img, width, height, psf.stamp(x - Math.rint(x), y - Math.rint(y)), (int) Math.rint(x), (int) Math.rint(y),
				counts);
		}
		return img;
	}

	/** Frame number {@code frame} at time t: the ideal frame with Poisson and read noise. */
	public float[] render(long frame, double t, double dx, double dy) {
		float[] img = ideal(t, dx, dy);
		Parallel.forRange(height, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				Rng rng = Rng.of(seed, 7000 + frame, y);
				for (int x = 0; x < width; x++) {
					int p = y * width + x;
					img[p] = (float) ((rng.poisson(Math.max(0, img[p]) * gain) + readNoise * rng.gaussian()) / gain);
				}
			}
		});
		return img;
	}

	/** The 1-sigma noise of each pixel of the ideal frame, ADU: {@code sqrt(value gain + read_noise^2) / gain}. */
	public float[] error(double t, double dx, double dy) {
		float[] img = ideal(t, dx, dy);
		for (int p = 0; p < img.length; p++) img[p] = (float) (Math.sqrt(Math.max(0, img[p]) * gain + readNoise * readNoise) / gain);
		return img;
	}
}
