package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A position to measure (FITS pixel coordinates), with an identifier and optionally its own apertures
 * and sky annulus (from a region file); without them the settings' apply.
 */
public final class Target {

	public final String id;
	public final double x, y;
	/** Own apertures, or null. */
	public final List<Aperture> apertures;
	/** Own sky annulus, or null. */
	public final Aperture annulus;

	private Target(String id, double x, double y, List<Aperture> apertures, Aperture annulus) {
		if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("target " + id +
			": position must be finite (got " + x + ", " + y + ")");
		this.id = id;
		this.x = x;
		this.y = y;
		this.apertures = apertures == null ? null : Collections.unmodifiableList(new ArrayList<>(apertures));
		this.annulus = annulus;
	}

	/** A target at FITS position (x, y) measured with the settings' apertures. */
	public static Target at(String id, double x, double y) {
		return new Target(id, x, y, null, null);
	}

	/** Targets numbered 1, 2, ... at FITS positions {x0, y0, x1, y1, ...}. */
	public static List<Target> numbered(double... xy) {
		if (xy.length % 2 != 0) throw new IllegalArgumentException("positions need x and y pairs (got " + xy.length + " numbers)");
		List<Target> t = new ArrayList<>();
		for (int i = 0; i < xy.length; i += 2) t.add(at(Integer.toString(i / 2 + 1), xy[i], xy[i + 1]));
		return t;
	}

	public Target withApertures(List<Aperture> own) {
		for (Aperture a : own) if (a.isAnnulus()) throw new IllegalArgumentException("target " + id +
			": apertures must be circles or ellipses (got " + a + ")");
		return new Target(id, x, y, own, annulus);
	}

	public Target withAnnulus(Aperture own) {
		if (own != null && !own.isAnnulus()) throw new IllegalArgumentException("target " + id +
			": the sky annulus must be an annulus (got " + own + ")");
		return new Target(id, x, y, apertures, own);
	}

	public Target at(double newX, double newY) {
		return new Target(id, newX, newY, apertures, annulus);
	}

	@Override
	public String toString() {
		return id + " (" + x + ", " + y + ")";
	}
}
