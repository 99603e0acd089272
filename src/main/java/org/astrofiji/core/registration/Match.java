package org.astrofiji.core.registration;

import java.util.Locale;

/**
 * Two star lists matched: the transform taking source positions to target positions (FITS
 * coordinates), the matched pairs it was fitted on (indices into the two lists), their residuals, and
 * how significant the match is.
 */
public final class Match {

	private final Transform transform;
	private final int[] source, target;
	private final double[] residuals;
	private final double rms, falseAlarms;
	private final int controlMatches, controlSource, controlTarget, hypotheses;
	private final double[] covariance;
	private final double sigma2;

	Match(Transform transform, int[] source, int[] target, double[] residuals, double[] covariance, int controlMatches,
		int controlSource, int controlTarget, int hypotheses, double falseAlarms)
	{
		this.transform = transform;
		this.source = source;
		this.target = target;
		this.residuals = residuals;
		double s = 0;
		for (double r : residuals) s += r * r;
		this.rms = residuals.length == 0 ? Double.NaN : Math.sqrt(s / residuals.length);
		int dof = 2 * residuals.length - Fit.parameters(transform.kind());
		this.sigma2 = dof > 0 ? s / dof : Double.NaN;
		this.covariance = covariance;
		this.controlMatches = controlMatches;
		this.controlSource = controlSource;
		this.controlTarget = controlTarget;
		this.hypotheses = hypotheses;
		this.falseAlarms = falseAlarms;
	}

	/** Source FITS position to target FITS position. */
	public Transform transform() {
		return transform;
	}

	/** Number of matched star pairs (the inliers of the final fit). */
	public int count() {
		return source.length;
	}

	/** Index in the source list of each matched pair. */
	public int[] sourceIndices() {
		return source.clone();
	}

	/** Index in the target list of each matched pair. */
	public int[] targetIndices() {
		return target.clone();
	}

	/** Distance |T(source) - target| of each matched pair, pixels. */
	public double[] residuals() {
		return residuals.clone();
	}

	/** Root mean square of the residual distances, pixels. */
	public double rms() {
		return rms;
	}

	/**
	 * The 1-sigma error of the transformed position of (x, y) (radial, pixels), propagated from the
	 * scatter of the residuals through the least-squares fit: small where many matched stars are, growing
	 * away from them. NaN when the fit has no degree of freedom left.
	 */
	public double error(double x, double y) {
		return Math.sqrt(sigma2 * Fit.variance(transform.kind(), covariance, x, y));
	}

	/** The largest {@link #error} over the rectangle [x0, x1] x [y0, y1] (at a corner: the variance is convex). */
	public double maxError(double x0, double y0, double x1, double y1) {
		double e = 0;
		for (double x : new double[] { x0, x1 }) for (double y : new double[] { y0, y1 }) e = Math.max(e, error(x, y));
		return e;
	}

	/** Bright (control) stars of the source that matched when the transform was found, and how many were tried. */
	public int controlMatches() {
		return controlMatches;
	}

	public int controlSource() {
		return controlSource;
	}

	public int controlTarget() {
		return controlTarget;
	}

	/** Candidate transforms tried. */
	public int hypotheses() {
		return hypotheses;
	}

	/**
	 * Expected number of candidate transforms that would match as many control stars by chance (the
	 * number of false alarms of the match; small is significant).
	 */
	public double falseAlarms() {
		return falseAlarms;
	}

	/** One line: how many stars matched, the transform and the residual. */
	public String summary() {
		Transform t = transform;
		return String.format(Locale.ROOT,
			"%d matching stars (%d of %d bright ones), %s: scale %.6f, rotation %.4f deg, shift (%.3f, %.3f) px, residual RMS %.3f px",
			count(), controlMatches, controlSource, t.kind().key(), t.scale(), t.rotationDeg(), t.tx(), t.ty(), rms);
	}

	@Override
	public String toString() {
		return summary();
	}
}
