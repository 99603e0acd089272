package org.astrofiji.core.registration;

import java.util.Locale;

import org.astrofiji.core.wcs.Wcs;

/**
 * The transform between two images' pixel grids that their world coordinate systems give: pixels of
 * the source sent to the sky by its WCS and back onto the target's grid by the target's WCS, on a
 * 21 x 21 grid of points spanning the source image (edges and corners included), fitted by least
 * squares with a transform of the wanted kind. A projection, SIP distortion or scale that differs
 * between the two makes the true map non-affine: {@link #maxResidual()} says by how much the fit
 * departs from it over the image.
 */
public final class WcsMapping {

	private static final int GRID = 21;

	private final Transform transform;
	private final double rms, maxResidual;
	private final int points;

	private WcsMapping(Transform transform, double rms, double maxResidual, int points) {
		this.transform = transform;
		this.rms = rms;
		this.maxResidual = maxResidual;
		this.points = points;
	}

	/**
	 * The transform of the kind given taking FITS pixel positions of the source (a {@code width} x
	 * {@code height} image with WCS {@code from}) to the target's (WCS {@code to}).
	 *
	 * @throws IllegalArgumentException when a WCS cannot convert to the sky, or fewer than 3 of the sample
	 *           points have a sky position in both (the fields lie on opposite sides of the sky)
	 */
	public static WcsMapping between(Wcs from, int width, int height, Wcs to, Transform.Kind kind) {
		if (from == null || to == null) throw new IllegalArgumentException("WCS: " + (from == null ? "source" : "target") + " has none");
		if (!from.isSupported() || !to.isSupported()) throw new IllegalArgumentException("WCS: sky positions unavailable (" +
			(from.isSupported() ? to.note() : from.note()) + ")");
		int n = GRID * GRID;
		double[] px = new double[n], py = new double[n], lon = new double[n], lat = new double[n];
		for (int j = 0, k = 0; j < GRID; j++) {
			for (int i = 0; i < GRID; i++, k++) {
				px[k] = 1 + (width - 1) * (double) i / (GRID - 1);
				py[k] = 1 + (height - 1) * (double) j / (GRID - 1);
			}
		}
		from.pixelToSky(px, py, lon, lat);
		double[] qx = new double[n], qy = new double[n];
		to.skyToPixel(lon, lat, qx, qy);
		// keep the points both WCSs can map (outside a projection's domain gives NaN)
		int m = 0;
		for (int k = 0; k < n; k++) {
			if (!Double.isFinite(qx[k]) || !Double.isFinite(qy[k])) continue;
			px[m] = px[k];
			py[m] = py[k];
			qx[m] = qx[k];
			qy[m] = qy[k];
			m++;
		}
		Transform t = m < 3 ? null : Fit.fit(kind, px, py, qx, qy, m);
		if (t == null) throw new IllegalArgumentException("WCS: the two images' fields do not overlap on the sky (" + m +
			" of " + n + " sample points map from one onto the other)");
		double s = 0, max = 0;
		for (int k = 0; k < m; k++) {
			double d = Math.hypot(t.x(px[k], py[k]) - qx[k], t.y(px[k], py[k]) - qy[k]);
			s += d * d;
			max = Math.max(max, d);
		}
		return new WcsMapping(t, Math.sqrt(s / m), max, m);
	}

	/** Source FITS position to target FITS position. */
	public Transform transform() {
		return transform;
	}

	/** RMS distance between the fitted transform and the WCS map over the sample points, target pixels. */
	public double rms() {
		return rms;
	}

	/** The largest such distance. */
	public double maxResidual() {
		return maxResidual;
	}

	/** Sample points used. */
	public int points() {
		return points;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s from the WCSs (%d points; fit departs from them by %.3g px RMS, %.3g px at most)",
			transform, points, rms, maxResidual);
	}
}
