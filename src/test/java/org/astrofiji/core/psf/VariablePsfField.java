package org.astrofiji.core.psf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.simulate.Psf;

/**
 * A simulated star field whose PSF varies across it, with the true PSF known everywhere: stars
 * rendered with the simulator's pixel-integrated {@link Psf} at random positions (at least
 * {@code separation} pixels apart), log-uniform fluxes, a flat sky and Gaussian noise of the Poisson
 * variance (sky + star, in electrons = ADU).
 * <p>
 * {@link #quadrants} is ProperImage's tutorial field made smooth: the four quadrants are dominated by
 * PSFs with the major axis at 0, 45, 105 and 150 degrees and a major-axis FWHM growing with the angle
 * (ProperImage's {@code sim_varpsf}: FWHMx = 5 + 5 theta/180, FWHMy = 5, here scaled to 3 px). These
 * are the PSFs at the field's corners; in between the second-moment tensor is interpolated
 * bilinearly, so that elongation and angle change continuously from quadrant to quadrant (ProperImage
 * pastes four separate tiles; a cubic coefficient field cannot follow such steps, nor the kinks of a
 * tensor held constant beyond the quadrant centres: with that field and perfect stamps the rebuilt PSF
 * is off by up to 5 % near the corners).
 */
public final class VariablePsfField {

	public final int width, height;
	public final float[] image;
	/** Memory positions and fluxes of the stars. */
	public final List<double[]> stars = new ArrayList<>();
	public final BiFunction<Double, Double, Psf> psf;

	public VariablePsfField(int width, int height, int count, double fluxMin, double fluxMax, double sky, double separation,
		BiFunction<Double, Double, Psf> psf, long seed)
	{
		this(width, height, count, fluxMin, fluxMax, sky, separation, psf, seed, 1);
	}

	/** @param noise multiplies the noise (0: none) */
	public VariablePsfField(int width, int height, int count, double fluxMin, double fluxMax, double sky, double separation,
		BiFunction<Double, Double, Psf> psf, long seed, double noise)
	{
		this.width = width;
		this.height = height;
		this.psf = psf;
		SplittableRandom rng = new SplittableRandom(seed);
		double[] img = new double[width * height];
		int tries = 0;
		while (stars.size() < count && tries++ < 100 * count) {
			double x = rng.nextDouble(-0.5, width - 0.5), y = rng.nextDouble(-0.5, height - 0.5);
			boolean close = false;
			for (double[] s : stars) close |= Math.hypot(s[0] - x, s[1] - y) < separation;
			if (close) continue;
			double f = fluxMin * Math.pow(fluxMax / fluxMin, rng.nextDouble());
			stars.add(new double[] { x, y, f });
		}
		for (double[] s : stars) {
			Psf p = psf.apply(s[0], s[1]);
			int cx = (int) Math.rint(s[0]), cy = (int) Math.rint(s[1]);
			double[] st = p.stamp(s[0] - cx, s[1] - cy);
			int size = (int) Math.round(Math.sqrt(st.length)), r = size / 2;
			for (int j = 0; j < size; j++) {
				int y = cy - r + j;
				if (y < 0 || y >= height) continue;
				for (int i = 0; i < size; i++) {
					int x = cx - r + i;
					if (x >= 0 && x < width) img[y * width + x] += s[2] * st[j * size + i];
				}
			}
		}
		image = new float[img.length];
		for (int i = 0; i < img.length; i++) {
			double mean = sky + img[i];
			image[i] = (float) (mean + noise * Math.sqrt(mean) * gaussian(rng));
		}
	}

	static double gaussian(SplittableRandom rng) {
		double u, v, s;
		do {
			u = 2 * rng.nextDouble() - 1;
			v = 2 * rng.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		return u * Math.sqrt(-2 * Math.log(s) / s);
	}

	/** The true PSF at FITS (x, y) cut to size x size and normalised to unit sum over it, centred on the central pixel. */
	public double[] truth(double fitsX, double fitsY, int size) {
		Psf p = psf.apply(Coordinates.memoryX(fitsX), Coordinates.memoryY(fitsY, height));
		double[] full = p.stamp(0, 0);
		int fs = (int) Math.round(Math.sqrt(full.length)), off = fs / 2 - size / 2;
		double[] t = new double[size * size];
		double sum = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				int fj = j + off, fi = i + off;
				double v = fi >= 0 && fi < fs && fj >= 0 && fj < fs ? full[fj * fs + fi] : 0;
				t[j * size + i] = v;
				sum += v;
			}
		}
		for (int i = 0; i < t.length; i++) t[i] /= sum;
		return t;
	}

	/** ProperImage's four-quadrant PSF, smoothed (see the class notes). */
	public static BiFunction<Double, Double, Psf> quadrants(Psf.Kind kind, int width, int height) {
		double[] angles = { 0, 45, 105, 150 };
		// second-moment tensors (in FWHM^2 units) of the four corners: bottom-left, bottom-right, top-left, top-right (FITS)
		double[][] m = new double[4][];
		for (int q = 0; q < 4; q++) {
			double th = Math.toRadians(angles[q]), major = 3 + 3 * angles[q] / 180, minor = 3;
			double c = Math.cos(th), s = Math.sin(th);
			// memory y points down: the FITS angle th is -th in memory
			double sxx = major * major * c * c + minor * minor * s * s, syy = major * major * s * s + minor * minor * c * c,
				sxy = -(major * major - minor * minor) * c * s;
			m[q] = new double[] { sxx, sxy, syy };
		}
		return (x, y) -> {
			double t = clamp(x / (width - 1.0)), u = clamp((height - 1 - y) / (height - 1.0));
			double[] a = new double[3];
			for (int k = 0; k < 3; k++) a[k] = (1 - t) * (1 - u) * m[0][k] + t * (1 - u) * m[1][k] + (1 - t) * u * m[2][k] +
				t * u * m[3][k];
			double mean = (a[0] + a[2]) / 2, diff = Math.sqrt((a[0] - a[2]) * (a[0] - a[2]) / 4 + a[1] * a[1]);
			double major = Math.sqrt(mean + diff), minor = Math.sqrt(mean - diff);
			double angle = 0.5 * Math.atan2(2 * a[1], a[0] - a[2]);
			return new Psf(kind, major, 1 - minor / major, angle);
		};
	}

	private static double clamp(double v) {
		return Math.max(0, Math.min(1, v));
	}
}
