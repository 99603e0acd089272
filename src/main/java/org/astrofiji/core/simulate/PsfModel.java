package org.astrofiji.core.simulate;

/**
 * The PSF across the field: constant, or (variable) growing by 30 % in FWHM and to an ellipticity of
 * 0.2 at the corners, with the major axis pointing to the field centre, as field curvature and
 * astigmatism do in a real telescope.
 */
public final class PsfModel {

	private final Psf.Kind kind;
	private final double fwhm;
	private final boolean variable;
	private final double cx, cy, rmax;
	private final Psf constant;

	public PsfModel(Psf.Kind kind, double fwhm, boolean variable, int width, int height) {
		this.kind = kind;
		this.fwhm = fwhm;
		this.variable = variable;
		this.cx = (width - 1) / 2.0;
		this.cy = (height - 1) / 2.0;
		this.rmax = Math.hypot(cx, cy);
		this.constant = new Psf(kind, fwhm, 0, 0);
	}

	/** The PSF of a source at memory position (x, y). */
	public Psf at(double x, double y) {
		if (!variable) return constant;
		double dx = x - cx, dy = y - cy, q = Math.min(1, Math.hypot(dx, dy) / rmax);
		return new Psf(kind, fwhm * (1 + 0.3 * q * q), 0.2 * q * q, Math.atan2(dy, dx));
	}
}
