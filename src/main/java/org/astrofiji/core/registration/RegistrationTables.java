package org.astrofiji.core.registration;

import org.astrofiji.core.Table;

/**
 * The tables of registration results: one row per frame with its transform onto the reference, and
 * the matched star pairs of one match. Positions are FITS pixel coordinates.
 */
public final class RegistrationTables {

	/**
	 * Columns of the transforms table: the frame, how and what was fitted, where the frame's centre
	 * moves (dx, dy), the rotation (degrees counter-clockwise in FITS, y up) and scale, the residual RMS
	 * (matched stars, or the fit to the WCS map), matched stars, the status ("ok" or why the frame
	 * failed), and the matrix x' = a00 x + a01 y + a02, y' = a10 x + a11 y + a12 (frame FITS position to
	 * reference FITS position).
	 */
	public static final String[] TRANSFORM_COLUMNS = { "frame", "method", "kind", "dx", "dy", "rotation", "scale", "rms", "matched",
		"status", "a00", "a01", "a02", "a10", "a11", "a12" };

	/** Columns of the matched pairs: the source star, its reference star, and the residual |T(source) - reference|. */
	public static final String[] MATCH_COLUMNS = { "x", "y", "x_reference", "y_reference", "residual" };

	private RegistrationTables() {}

	/** An empty transforms table, titled "Results" (ImageJ's results table, which macros read). */
	public static Table transforms() {
		return new Table("Results", TRANSFORM_COLUMNS);
	}

	/** Adds a frame's alignment. */
	public static void add(Table t, String frame, Alignment a) {
		Transform tr = a.transform();
		double[] d = a.centreShift(), m = tr.matrix();
		t.addRow(frame, a.method().key(), tr.kind().key(), d[0], d[1], tr.rotationDeg(), tr.scale(), a.rms(), a.matched(), "ok", m[0],
			m[1], m[2], m[3], m[4], m[5]);
	}

	/** Adds a frame that could not be aligned, with the reason. */
	public static void addFailure(Table t, String frame, String why) {
		int r = t.addRow();
		t.set(r, "frame", frame);
		t.set(r, "status", "failed: " + why);
	}

	/** The matched pairs of a match between two star lists, titled "Matches". */
	public static Table matches(Match m, StarList source, StarList reference) {
		Table t = new Table("Matches", MATCH_COLUMNS);
		int[] s = m.sourceIndices(), r = m.targetIndices();
		double[] res = m.residuals();
		for (int k = 0; k < s.length; k++) t.addRow(source.x(s[k]), source.y(s[k]), reference.x(r[k]), reference.y(r[k]), res[k]);
		return t;
	}
}
