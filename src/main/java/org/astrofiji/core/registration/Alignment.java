package org.astrofiji.core.registration;

import java.util.Locale;

/**
 * How one frame maps onto a reference: the transform from the frame's FITS pixel positions to the
 * reference's, how it was found (matched stars or the two WCSs), and how well it is known.
 */
public final class Alignment {

	private final Transform transform;
	private final Aligner.Method method;
	private final Match match;
	private final WcsMapping wcs;
	private final double cx, cy;

	private Alignment(Transform transform, Aligner.Method method, Match match, WcsMapping wcs, int width, int height) {
		this.transform = transform;
		this.method = method;
		this.match = match;
		this.wcs = wcs;
		this.cx = (width + 1) / 2.0;
		this.cy = (height + 1) / 2.0;
	}

	/** The alignment a star match gives to a frame of width x height pixels. */
	public static Alignment of(Match m, int width, int height) {
		return new Alignment(m.transform(), Aligner.Method.STARS, m, null, width, height);
	}

	static Alignment of(WcsMapping w, int width, int height) {
		return new Alignment(w.transform(), Aligner.Method.WCS, null, w, width, height);
	}

	/**
	 * Where the frame's centre ((w + 1) / 2, (h + 1) / 2) lands minus where it was, {dx, dy} in pixels:
	 * the shift of a translation, and the shift of a rotated or scaled frame where it is best seen.
	 */
	public double[] centreShift() {
		return new double[] { transform.x(cx, cy) - cx, transform.y(cx, cy) - cy };
	}

	/** Frame FITS position to reference FITS position. */
	public Transform transform() {
		return transform;
	}

	public Aligner.Method method() {
		return method;
	}

	/** The star match ({@link Aligner.Method#STARS}), else null. */
	public Match match() {
		return match;
	}

	/** The WCS fit ({@link Aligner.Method#WCS}), else null. */
	public WcsMapping wcsMapping() {
		return wcs;
	}

	/** Matched stars (0 when aligned by WCS). */
	public int matched() {
		return match == null ? 0 : match.count();
	}

	/**
	 * RMS, pixels: of the matched stars' residuals, or of the fit to the WCS map ({@link WcsMapping#rms}).
	 */
	public double rms() {
		return match != null ? match.rms() : wcs.rms();
	}

	/** One line: method, matched stars, transform and residual. */
	public String summary() {
		Transform t = transform;
		String how = match != null ? match.count() + " matched stars" : "WCS";
		double[] d = centreShift();
		return String.format(Locale.ROOT, "%s by %s: centre shifted by (%.3f, %.3f) px, rotation %.4f deg, scale %.6f, RMS %.3f px",
			t.kind().key(), how, d[0], d[1], t.rotationDeg(), t.scale(), rms());
	}

	@Override
	public String toString() {
		return summary();
	}
}
