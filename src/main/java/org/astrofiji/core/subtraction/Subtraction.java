package org.astrofiji.core.subtraction;

import java.util.Locale;

import org.astrofiji.core.Coordinates;

/**
 * The result of a proper subtraction ({@link ProperSubtraction}): the difference image D (unit
 * white noise where the background dominates), the score S (the matched filter of D with its PSF,
 * whose value at a point source is its flux times {@link #pointScore}), the corrected score S_corr
 * (S over its standard deviation, source and astrometric noise included: a point source's S_corr is
 * its significance), the DQ flags of the outputs, the PSF of D at the image centre, and the flux
 * ratio and shift used. D, S and S_corr are 0 at left-out pixels. Arrays are memory orientation
 * (not copies: do not modify).
 */
public final class Subtraction {

	private final int width, height;
	private final float[] d, s, scorr;
	private final short[] dq;
	private final double[] psfD;
	private final int psfDSize;
	private final FluxRatio ratio;
	private final double fluxD, sigmaR, sigmaN, astroX, astroY, fluxRms, scoreNoise;
	private final Tiling tiling;
	private final double[] pointScores;
	private final Epoch reference, newImage;
	private final int leftOut, edge;

	Subtraction(Epoch reference, Epoch newImage, float[] d, float[] s, float[] scorr, short[] dq, double[] psfD, int psfDSize,
		FluxRatio ratio, double fluxD, double astroX, double astroY, double fluxRms, Tiling tiling, double[] pointScores, int leftOut, int edge,
		double scoreNoise)
	{
		this.scoreNoise = scoreNoise;
		this.reference = reference;
		this.newImage = newImage;
		this.width = reference.width();
		this.height = reference.height();
		this.d = d;
		this.s = s;
		this.scorr = scorr;
		this.dq = dq;
		this.psfD = psfD;
		this.psfDSize = psfDSize;
		this.ratio = ratio;
		this.fluxD = fluxD;
		this.sigmaR = reference.sigma();
		this.sigmaN = newImage.sigma();
		this.astroX = astroX;
		this.fluxRms = fluxRms;
		this.astroY = astroY;
		this.tiling = tiling;
		this.pointScores = pointScores;
		this.leftOut = leftOut;
		this.edge = edge;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The difference image D. */
	public float[] difference() {
		return d;
	}

	/** The score S = F_D D &otimes; P_D (flipped). */
	public float[] score() {
		return s;
	}

	/** The corrected score S_corr = S / &radic;(V(S) + V_ast + V_&beta;). */
	public float[] correctedScore() {
		return scorr;
	}

	/** DQ flags of the outputs: the left-out pixels' own bits, and edge within the kernels' reach of them or the image edge. */
	public short[] dq() {
		return dq;
	}

	/** The PSF of D at the image centre: unit sum, {@link #psfSize()} square, memory orientation. */
	public double[] psf() {
		return psfD.clone();
	}

	public int psfSize() {
		return psfDSize;
	}

	public FluxRatio fluxRatio() {
		return ratio;
	}

	/** F_D = &beta; / &radic;(&sigma;n&sup2; + &beta;&sup2;&sigma;r&sup2;): the flux scale of D. */
	public double fluxD() {
		return fluxD;
	}

	/** Background noise of the reference and the new image. */
	public double sigmaReference() {
		return sigmaR;
	}

	public double sigmaNew() {
		return sigmaN;
	}

	/** The astrometric noise of V_ast, FITS pixels along x and y (0: none). */
	public double astrometricX() {
		return astroX;
	}

	public double astrometricY() {
		return astroY;
	}

	/** The relative error of &beta; in V_&beta; (0: none). */
	public double fluxRatioRms() {
		return fluxRms;
	}

	/** The two images as they were subtracted (background-subtracted, left-out pixels filled). */
	public Epoch reference() {
		return reference;
	}

	public Epoch newImage() {
		return newImage;
	}

	/** Pixels left out (in either image), and pixels flagged edge. */
	public int leftOut() {
		return leftOut;
	}

	public int edgePixels() {
		return edge;
	}

	/** Number of tiles (1 when the PSFs are constant and the image is small). */
	public int tiles() {
		return tiling.count();
	}

	/**
	 * F_D&sup2; &Sigma;P_D&sup2; at FITS position (x, y) (the tiles' values blended as the outputs are): S
	 * at a point source of flux f (reference units) is f times this, so f = S / pointScore and its error
	 * is f / S_corr.
	 */
	public double pointScore(double x, double y) {
		int mx = (int) Math.max(0, Math.min(width - 1, Math.rint(Coordinates.memoryX(x))));
		int my = (int) Math.max(0, Math.min(height - 1, Math.rint(Coordinates.memoryY(y, height))));
		double v = 0, w = 0;
		for (int t = 0; t < tiling.count(); t++) {
			double wt = tiling.weight(t, mx, my);
			v += wt * pointScores[t];
			w += wt;
		}
		return w > 0 ? v / w : pointScores[0];
	}

	/** One line: flux ratio, shift, noise, left-out pixels, tiles. */
	public String summary() {
		return String.format(Locale.ROOT, "%s; sigma ref %.4g, new %.4g, F_D %.5g; %d pixels left out, %d flagged edge; %d tile%s" +
			"%s", ratio.summary(), sigmaR, sigmaN, fluxD, leftOut, edge, tiling.count(), tiling.count() == 1 ? "" : "s",
			(astroX > 0 || astroY > 0 ? String.format(Locale.ROOT, "; astrometric noise %.3f, %.3f px", astroX, astroY) : "") +
			(fluxRms > 0 ? String.format(Locale.ROOT, "; flux ratio noise %.2f %%", 100 * fluxRms) : "") +
			(scoreNoise != 1 ? String.format(Locale.ROOT, "; S_corr divided by its measured noise %.3f", scoreNoise) : ""));
	}

	/** The measured noise S_corr was divided by ({@link NoiseScale}); 1 when none was divided out. */
	public double scoreNoise() {
		return scoreNoise;
	}

	@Override
	public String toString() {
		return summary();
	}
}
