package org.astrofiji.core.subtraction;

import java.util.Locale;

/**
 * The flux ratio &beta; = F<sub>n</sub> / F<sub>r</sub> of a new image to its reference (the ratio of
 * their zero points as fluxes: a star of flux f in the reference has &beta; f in the new image, so
 * the magnitude zero points differ by 2.5 log<sub>10</sub> &beta;), and the shift (&delta;x, &delta;y) of
 * the new image relative to the reference (a star at (x, y) in the reference is at (x + &delta;x, y +
 * &delta;y) in the new image, FITS pixels), each fitted ({@link FluxRatioFit}) or given, with 1&sigma;
 * errors (NaN when given) and the scatter of the stars' own shifts.
 */
public final class FluxRatio {

	public final double beta, betaErr;
	public final double shiftX, shiftY, shiftXErr, shiftYErr;
	/** RMS of the individual stars' shifts about the fitted one, per axis, pixels (NaN when not fitted). */
	public final double scatterX, scatterY;
	/** RMS of the individual stars' &beta; about the fitted one, relative to &beta; (NaN when not fitted). */
	public final double betaScatter;
	/** Stars the fit used and left out as outliers (0 when nothing was fitted). */
	public final int stars, rejected;
	public final boolean betaFitted, shiftFitted;

	FluxRatio(double beta, double betaErr, double betaScatter, double shiftX, double shiftY, double shiftXErr, double shiftYErr,
		double scatterX, double scatterY, int stars, int rejected, boolean betaFitted, boolean shiftFitted)
	{
		this.betaScatter = betaScatter;
		this.beta = beta;
		this.betaErr = betaErr;
		this.shiftX = shiftX;
		this.shiftY = shiftY;
		this.shiftXErr = shiftXErr;
		this.shiftYErr = shiftYErr;
		this.scatterX = scatterX;
		this.scatterY = scatterY;
		this.stars = stars;
		this.rejected = rejected;
		this.betaFitted = betaFitted;
		this.shiftFitted = shiftFitted;
	}

	/** Given values, nothing fitted. */
	static FluxRatio given(double beta, double shiftX, double shiftY) {
		return new FluxRatio(beta, Double.NaN, Double.NaN, shiftX, shiftY, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, false,
			false);
	}

	/** The same with the y shift negated: memory (y down) to FITS (y up) or back. */
	FluxRatio flippedY() {
		return new FluxRatio(beta, betaErr, betaScatter, shiftX, -shiftY, shiftXErr, shiftYErr, scatterX, scatterY, stars, rejected, betaFitted,
			shiftFitted);
	}

	/** Difference of the magnitude zero points, new minus reference: 2.5 log10 &beta;. */
	public double zeroPointDifference() {
		return 2.5 * Math.log10(beta);
	}

	/** One line: &beta; and the shift, fitted (with errors and stars) or given. */
	public String summary() {
		String b = betaFitted ? String.format(Locale.ROOT, "beta %.5f +- %.5f (fitted on %d stars, %d left out; zero points " +
			"differ by %.4f mag)", beta, betaErr, stars, rejected, zeroPointDifference()) : String.format(Locale.ROOT,
				"beta %.6g (given)", beta);
		String s = shiftFitted ? String.format(Locale.ROOT, "shift (%.4f, %.4f) +- (%.4f, %.4f) px (fitted; star scatter " +
			"%.3f, %.3f px)", shiftX, shiftY, shiftXErr, shiftYErr, scatterX, scatterY) : shiftX == 0 && shiftY == 0 ? "no shift"
				: String.format(Locale.ROOT, "shift (%.4f, %.4f) px (given)", shiftX, shiftY);
		return b + ", " + s;
	}

	@Override
	public String toString() {
		return summary();
	}
}
