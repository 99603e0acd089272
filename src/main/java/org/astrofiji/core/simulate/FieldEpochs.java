package org.astrofiji.core.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Table;

/**
 * Calibrated frames (bias-free, flat, in ADU) of one star field seen at several epochs, each with its
 * own seeing, sky and transparency (zero point), for image subtraction and coaddition: the stars of
 * {@link SimulationSettings} ({@link StarField}, V band), optionally with the field's variable stars
 * changed and transients added, rendered with the simulator's PSF (Gaussian or Moffat, constant or
 * varying over the field as {@link PsfModel}), with Poisson noise in electrons and Gaussian read
 * noise. Deterministic for (settings, epoch seed), whatever the thread count.
 */
public final class FieldEpochs {

	/** One epoch's observing conditions. */
	public static final class Epoch {

		/** Seeing FWHM at the field centre, pixels. */
		public double fwhm = 3;
		/** Sky, e-/s per pixel. */
		public double sky = 20;
		/** Fraction of the stars' light that arrives (clouds, airmass): the flux scale of the epoch. */
		public double transparency = 1;
		/** Variable stars at their second-epoch brightness, and the transients present. */
		public boolean changed = false;
		/** Seed of this frame's noise. */
		public long seed = 1;

		public Epoch fwhm(double v) {
			fwhm = v;
			return this;
		}

		public Epoch sky(double v) {
			sky = v;
			return this;
		}

		public Epoch transparency(double v) {
			transparency = v;
			return this;
		}

		public Epoch changed(boolean v) {
			changed = v;
			return this;
		}

		public Epoch seed(long v) {
			seed = v;
			return this;
		}
	}

	/** A transient: memory position and flux, e-/s (before transparency). */
	private static final class Transient {

		final double x, y, flux;

		Transient(double x, double y, double flux) {
			this.x = x;
			this.y = y;
			this.flux = flux;
		}
	}

	private static final String BAND = "V";

	private final SimulationSettings s;
	private final List<Star> stars, later;
	private final List<Transient> transients = new ArrayList<>();

	/**
	 * @param transients how many transients appear in changed epochs (clear of stars by 4 FWHM)
	 * @param transientFlux their flux, e-/s; 0 = between 15 and 60 times the faintest star's
	 */
	public FieldEpochs(SimulationSettings settings, int variables, int transients, double transientFlux) {
		this.s = settings.validate();
		this.stars = Collections.unmodifiableList(StarField.stars(s));
		this.later = Collections.unmodifiableList(StarField.withVariables(stars, s, variables));
		Rng rng = Rng.of(s.seed, 301, 0);
		double radius = 4 * s.fwhm;
		int w = s.width, h = s.height;
		for (int tries = 0; this.transients.size() < transients && tries < 10000; tries++) {
			double x = rng.uniform(30, w - 31), y = rng.uniform(30, h - 31);
			boolean clear = true;
			for (Star st : stars) clear &= Math.hypot(st.x - x, st.y - y) > radius;
			for (Transient t : this.transients) clear &= Math.hypot(t.x - x, t.y - y) > radius;
			double f = rng.uniform(15, 60) * s.faintest;
			if (clear) this.transients.add(new Transient(x, y, transientFlux > 0 ? transientFlux : f));
		}
	}

	public int width() {
		return s.width;
	}

	public int height() {
		return s.height;
	}

	public SimulationSettings settings() {
		return s;
	}

	/** The frame of an epoch, ADU, memory orientation. */
	public float[] frame(Epoch e) {
		return frame(e, true);
	}

	/** The frame without noise (its expectation), ADU. */
	public float[] ideal(Epoch e) {
		return frame(e, false);
	}

	private float[] frame(Epoch e, boolean noise) {
		int w = s.width, h = s.height;
		double t = s.exposure, g = s.gain;
		float[] scene = new float[w * h];
		java.util.Arrays.fill(scene, (float) e.sky);
		PsfModel psf = new PsfModel(s.psf, e.fwhm, s.variablePsf, w, h);
		// the stars' light scaled by the transparency: render e-/s at transparency 1, then scale
		float[] stars = new float[w * h];
		StarField.render(e.changed ? later : this.stars, BAND, 1, e.changed, psf, stars, w, h, null);
		if (e.changed) {
			for (Transient tr : transients) {
				Psf p = psf.at(tr.x, tr.y);
				StarField.add(stars, w, h, p.stamp(tr.x - Math.rint(tr.x), tr.y - Math.rint(tr.y)), (int) Math.rint(tr.x),
					(int) Math.rint(tr.y), tr.flux);
			}
		}
		float[] img = new float[w * h];
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				Rng rng = Rng.of(s.seed, 5000 + e.seed, y);
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					double mean = (scene[p] + e.transparency * stars[p]) * t;
					img[p] = (float) (noise ? (rng.poisson(mean) + s.readNoise * rng.gaussian()) / g : mean / g);
				}
			}
		});
		return img;
	}

	/** Background noise of an epoch's frame, ADU: &radic;(sky t + read noise&sup2;) / gain. */
	public double noise(Epoch e) {
		return Math.sqrt(e.sky * s.exposure + s.readNoise * s.readNoise) / s.gain;
	}

	/** ADU per (e-/s of star flux) in an epoch: transparency &times; exposure / gain. */
	public double scale(Epoch e) {
		return e.transparency * s.exposure / s.gain;
	}

	/** The PSF stamp (sum 1, memory orientation) of an epoch at a FITS position, for a source centred on a pixel. */
	public double[] psf(Epoch e, double x, double y) {
		PsfModel psf = new PsfModel(s.psf, e.fwhm, s.variablePsf, s.width, s.height);
		return psf.at(Coordinates.memoryX(x), Coordinates.memoryY(y, s.height)).stamp(0, 0);
	}

	/** The stars: id, FITS x, y, flux (e-/s) and, in changed epochs, the factor of the variables (1 for the others). */
	public Table stars() {
		Table t = new Table("stars", "id", "x", "y", "flux", "variability");
		for (Star st : later) t.addRow(st.id, Coordinates.fitsX(st.x), Coordinates.fitsY(st.y, s.height), st.flux(BAND),
			st.variability);
		return t;
	}

	/** The transients of changed epochs: FITS x, y, flux (e-/s). */
	public Table transients() {
		Table t = new Table("transients", "id", "x", "y", "flux");
		for (int i = 0; i < transients.size(); i++) {
			Transient tr = transients.get(i);
			t.addRow(i + 1, Coordinates.fitsX(tr.x), Coordinates.fitsY(tr.y, s.height), tr.flux);
		}
		return t;
	}
}
