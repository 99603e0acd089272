package org.astrofiji.core.subtraction;

import java.util.Locale;

/**
 * A transient candidate of a subtraction ({@link TransientFinder}): a peak of |S_corr|, its refined
 * position (FITS pixels) and value, the flux of the point source there (reference units; positive
 * when the new image is brighter) with its error, and the DQ flags of the outputs within the merge
 * radius (0: clean).
 */
public final class Candidate {

	/** 1-based, in order of decreasing |S_corr|. */
	public final int id;
	public final double x, y;
	/** RA and Dec, degrees (NaN without a WCS). */
	public final double ra, dec;
	/** S_corr at the peak (quadratic interpolation of the 3x3 pixels around it): the significance, signed. */
	public final double scorr;
	public final double flux, fluxErr;
	/** DQ bits OR-ed over the pixels within the merge radius. */
	public final int flags;
	/** Peaks merged into this one. */
	public final int merged;

	Candidate(int id, double x, double y, double ra, double dec, double scorr, double flux, double fluxErr, int flags, int merged) {
		this.id = id;
		this.x = x;
		this.y = y;
		this.ra = ra;
		this.dec = dec;
		this.scorr = scorr;
		this.flux = flux;
		this.fluxErr = fluxErr;
		this.flags = flags;
		this.merged = merged;
	}

	/** +1 when the source brightened (new brighter than reference), -1 when it faded. */
	public int sign() {
		return scorr >= 0 ? 1 : -1;
	}

	Candidate withId(int i) {
		return new Candidate(i, x, y, ra, dec, scorr, flux, fluxErr, flags, merged);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "candidate %d at (%.2f, %.2f): S_corr %.2f, flux %.4g +- %.3g, flags %d", id, x, y, scorr,
			flux, fluxErr, flags);
	}
}
