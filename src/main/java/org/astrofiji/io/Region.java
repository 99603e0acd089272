package org.astrofiji.io;

import java.util.Arrays;
import java.util.Locale;

import org.astrofiji.core.wcs.Wcs;

/**
 * One shape read from a region file ({@link Ds9Regions#parse}): a circle, an annulus of two or more
 * radii, an ellipse or elliptical annulus, or a point, at a FITS pixel position or a sky position,
 * with sizes in pixels or angles on the sky. Shapes with sky coordinates or angular sizes become pixel
 * shapes through a WCS ({@link #toPixels}).
 */
public final class Region {

	/** The shapes photometry reads. */
	public enum Shape { CIRCLE, ANNULUS, ELLIPSE, ELLIPSE_ANNULUS, POINT }

	/** A sky position in degrees, in a named frame (fk5, icrs, fk4, galactic, ecliptic). */
	public static final class SkyPosition {

		public final String frame;
		/** Longitude (right ascension) and latitude (declination), degrees. */
		public final double lon, lat;

		public SkyPosition(String frame, double lon, double lat) {
			this.frame = frame;
			this.lon = lon;
			this.lat = lat;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s(%.7f, %.7f)", frame, lon, lat);
		}
	}

	/**
	 * A world coordinate system as region files need it: the FITS pixel position (x, y) of a sky
	 * position. An implementation may refuse frames it does not know with an IllegalArgumentException.
	 */
	@FunctionalInterface
	public interface SkyToPixel {
		double[] toPixel(SkyPosition position);

		/**
		 * Through an image's WCS (null when it has none): positions in the WCS's own frame only (fk5
		 * and icrs are taken as one, they differ by milliarcseconds; nothing else is converted).
		 */
		static SkyToPixel of(Wcs wcs) {
			if (wcs == null) return null;
			String own = frameName(wcs.frame());
			return p -> {
				if (!wcs.isSupported()) throw new IllegalArgumentException("the image's WCS cannot convert sky positions: " + wcs.note());
				String f = frameName(p.frame);
				if (!f.equals(own)) throw new IllegalArgumentException(p.frame + " coordinates on an image whose WCS is " + wcs.frame() +
					" (frames are not converted; give the positions in " + wcs.frame().toLowerCase(Locale.ROOT) + " or image coordinates)");
				return wcs.skyToPixel(p.lon, p.lat);
			};
		}

		private static String frameName(String frame) {
			String f = frame.toLowerCase(Locale.ROOT);
			return f.equals("icrs") || f.equals("fk5") || f.equals("j2000") ? "equatorial J2000" : f.equals("b1950") ? "fk4" : f;
		}
	}

	public final Shape shape;
	/** The file's line number (1-based), for messages. */
	public final int line;
	/** False for excluded regions ({@code -circle(...)}). */
	public final boolean include;
	/** The coordinate system the shape was given in: image, physical, fk5, icrs, fk4, galactic, ecliptic. */
	public final String system;
	/** FITS pixel position; NaN when the position is on the sky. */
	public final double x, y;
	/** The sky position, or null for a pixel position. */
	public final SkyPosition sky;
	private final double[] sizes;
	private final boolean[] angular;
	/** Ellipse angle, degrees counter-clockwise from the system's x axis. */
	public final double angle;
	/** The text property ({@code text={...}}), or null. */
	public final String text;

	Region(Shape shape, int line, boolean include, String system, double x, double y, SkyPosition sky, double[] sizes,
		boolean[] angular, double angle, String text)
	{
		this.shape = shape;
		this.line = line;
		this.include = include;
		this.system = system;
		this.x = x;
		this.y = y;
		this.sky = sky;
		this.sizes = sizes;
		this.angular = angular;
		this.angle = angle;
		this.text = text;
	}

	/** Number of sizes: 1 for a circle, the radii of an annulus, a and b of an ellipse, a1 b1 a2 b2 ... of an elliptical annulus. */
	public int sizeCount() {
		return sizes.length;
	}

	/** Size i: pixels, or degrees when {@link #isAngular(int)}. */
	public double size(int i) {
		return sizes[i];
	}

	public boolean isAngular(int i) {
		return angular[i];
	}

	/** True when a WCS is needed to place the shape on the image. */
	public boolean needsWcs() {
		if (sky != null) return true;
		for (boolean a : angular) if (a) return true;
		return false;
	}

	/**
	 * The same shape in pixels: the position through the WCS, angular sizes as the pixel distance they
	 * span north of the centre, the ellipse angle turned by the local rotation of north from +y.
	 * Fails naming the line when a WCS is needed and {@code wcs} is null.
	 */
	public Region toPixels(SkyToPixel wcs) {
		if (!needsWcs()) return this;
		if (wcs == null) throw new IllegalArgumentException("line " + line + ": " + (sky != null ? sky.frame + " coordinates"
			: "sizes on the sky") + " need a WCS, and the image has none");
		double px = x, py = y, rotation = 0;
		SkyPosition centre = sky;
		if (sky != null) {
			double[] p = toPixel(wcs, sky);
			px = p[0];
			py = p[1];
		}
		double[] out = sizes.clone();
		boolean anyAngular = false;
		for (boolean a : angular) anyAngular |= a;
		if (anyAngular || sky != null) {
			if (centre == null) throw new IllegalArgumentException("line " + line +
				": sizes on the sky around a pixel position need a pixel-to-sky conversion (give the position on the sky)");
			double step = 1.0 / 3600; // the local scale and rotation from a point 1 arcsec north
			double[] p0 = toPixel(wcs, centre), pn = toPixel(wcs, new SkyPosition(centre.frame, centre.lon, centre.lat + step));
			double scale = Math.hypot(pn[0] - p0[0], pn[1] - p0[1]) / step;
			rotation = Math.toDegrees(Math.atan2(pn[1] - p0[1], pn[0] - p0[0])) - 90;
			for (int i = 0; i < out.length; i++) if (angular[i]) out[i] = sizes[i] * scale;
		}
		return new Region(shape, line, include, "image", px, py, null, out, new boolean[out.length],
			sky != null ? angle + rotation : angle, text);
	}

	/** The pixel position of a sky position; a refusal or a position the projection cannot reach names the line. */
	private double[] toPixel(SkyToPixel wcs, SkyPosition p) {
		double[] xy;
		try {
			xy = wcs.toPixel(p);
		}
		catch (IllegalArgumentException | UnsupportedOperationException e) {
			throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
		}
		if (!Double.isFinite(xy[0]) || !Double.isFinite(xy[1])) throw new IllegalArgumentException("line " + line + ": " + p +
			" is outside the image's projection");
		return xy;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "line %d: %s%s %s %s %s", line, include ? "" : "-", shape.name().toLowerCase(Locale.ROOT),
			sky != null ? sky.toString() : String.format(Locale.ROOT, "(%g, %g)", x, y), Arrays.toString(sizes),
			text == null ? "" : "{" + text + "}");
	}
}
