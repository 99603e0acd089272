package org.astrofiji.core.wcs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * A celestial world coordinate system of a 2-D image: FITS pixel coordinates (1-based, first pixel
 * centre (1, 1), y up; see {@link org.astrofiji.core.Coordinates}) to sky longitude/latitude in
 * degrees (RA/Dec for equatorial frames) and back. Immutable.
 * <p>
 * The model (FITS WCS Papers I and II, Greisen &amp; Calabretta 2002, Calabretta &amp; Greisen
 * 2002; SIP, Shupe et al. 2005): pixel offsets from CRPIX, optionally SIP-distorted, times the CD
 * matrix give intermediate coordinates in degrees; a projection ({@link Projection}: TAN, SIN, ARC,
 * ZEA, CAR) and a spherical rotation set by CRVAL and LONPOLE/LATPOLE give the sky. Headers in
 * CD, PC+CDELT or CDELT+CROTA2 form are read; CUNIT deg (or arcmin, arcsec, mas, rad) are
 * converted. A DSS plate solution (PLTRAH.., AMDX.., as astropy/wcslib read it) is evaluated as its
 * exact TAN-SIP equivalent.
 * <p>
 * A WCS this package cannot evaluate on the sky (another projection, TPV/ZPN-style PV parameters,
 * lookup-table distortions) is still read: its {@link #note()} says why, pixel-grid operations
 * ({@link #cropped}, {@link #shifted}, {@link #transformed}) and {@link #writeTo} still work (they
 * change only CRPIX and CD, which every projection shares), and sky conversions throw
 * {@link UnsupportedOperationException} with that note, never a silently wrong position.
 * Galactic, ecliptic and other frames are celestial too; {@link #frame()} names them and nothing is
 * converted between frames.
 */
public final class Wcs {

	private final String lonType, latType;
	private final String projectionCode;
	/** null when the sky conversion is not supported. */
	private final Projection projection;
	/** True when FITS axis 1 is the latitude. */
	private final boolean swapped;
	private final double crpix1, crpix2;
	/** CD matrix in degrees per pixel, FITS axis order. */
	private final double cd11, cd12, cd21, cd22;
	private final Sip sip;
	/** CRVAL in FITS axis order, degrees. */
	private final double crval1, crval2;
	/** NaN when not given. */
	private final double lonpole, latpole;
	private final String radesys;
	private final double equinox;
	/** Cards written back as they were (PVi_m, PSi_m, WCSNAME, CRDERi, CSYERi). */
	private final List<FitsHeader.Card> extras;
	private final DssPlate dss;
	private final String note;
	/** null when the sky conversion is not supported. */
	private final SkyRotation rotation;

	private Wcs(Builder b) {
		this.lonType = b.lonType;
		this.latType = b.latType;
		this.projectionCode = b.projectionCode;
		this.swapped = b.swapped;
		this.crpix1 = b.crpix1;
		this.crpix2 = b.crpix2;
		this.cd11 = b.cd[0];
		this.cd12 = b.cd[1];
		this.cd21 = b.cd[2];
		this.cd22 = b.cd[3];
		this.sip = b.sip;
		this.crval1 = b.crval1;
		this.crval2 = b.crval2;
		this.lonpole = b.lonpole;
		this.latpole = b.latpole;
		this.radesys = b.radesys;
		this.equinox = b.equinox;
		this.extras = Collections.unmodifiableList(new ArrayList<>(b.extras));
		this.dss = b.dss;
		this.note = b.notes.isEmpty() ? null : String.join("; ", b.notes);
		double det = cd11 * cd22 - cd12 * cd21;
		if (!(Math.abs(det) > 0) || !Double.isFinite(det)) throw new IllegalArgumentException("singular WCS matrix " +
			b.matrixKeys + " = [" + cd11 + ", " + cd12 + "; " + cd21 + ", " + cd22 + "]" + b.where +
			": pixels cannot be mapped to the sky");
		Projection p = b.unsupported ? null : Projection.of(projectionCode);
		SkyRotation r = null;
		if (p != null) {
			double lon0 = swapped ? crval2 : crval1, lat0 = swapped ? crval1 : crval2;
			double lp = Double.isNaN(lonpole) ? SkyRotation.defaultLonpole(lat0, p.theta0()) : lonpole;
			try {
				r = SkyRotation.of(lon0, lat0, p.theta0(), lp, latpole);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(e.getMessage() + b.where, e);
			}
		}
		this.projection = p;
		this.rotation = r;
	}

	// ---------------------------------------------------------------- reading and building

	/**
	 * The celestial WCS of a header, or null when it has none (no pair of celestial CTYPE1/CTYPE2
	 * with a projection code, and no DSS plate solution). A header whose WCS cannot be evaluated on
	 * the sky gives a WCS with a {@link #note()}; a singular matrix fails.
	 *
	 * @throws IllegalArgumentException for a singular CD (or PC+CDELT) matrix, or SIP/DSS cards that
	 *           are inconsistent, naming the keywords and the header's source
	 */
	public static Wcs from(FitsHeader header) {
		return WcsCards.read(header);
	}

	/** The celestial WCS of an image (held in its header), or null: {@link #from(FitsHeader)}. */
	public static Wcs of(AstroImage image) {
		return from(image.header());
	}

	/** True when the header describes a celestial WCS that {@link #from} reads. */
	public static boolean isCelestial(FitsHeader header) {
		return WcsCards.isCelestial(header);
	}

	/**
	 * A gnomonic (TAN) RA/Dec WCS: reference pixel (FITS 1-based), its RA/Dec in degrees, and the CD
	 * matrix {CD1_1, CD1_2, CD2_1, CD2_2} in degrees per pixel (e.g. {-s, 0, 0, s} for north up, east
	 * left at s degrees per pixel).
	 */
	public static Wcs tan(double crpix1, double crpix2, double ra, double dec, double[] cd) {
		if (cd == null || cd.length != 4) throw new IllegalArgumentException("cd must hold 4 values " +
			"{CD1_1, CD1_2, CD2_1, CD2_2}");
		if (!(Math.abs(dec) <= 90)) throw new IllegalArgumentException("dec must be within [-90, 90] (got " + dec + ")");
		Builder b = new Builder("RA", "DEC", "TAN");
		b.crpix1 = crpix1;
		b.crpix2 = crpix2;
		b.crval1 = ra;
		b.crval2 = dec;
		b.cd = cd.clone();
		b.matrixKeys = "cd";
		return new Wcs(b);
	}

	/** This WCS with a SIP distortion (replacing any), e.g. to fit one in an astrometric solution. */
	public Wcs withSip(Sip distortion) {
		Builder b = toBuilder();
		b.sip = distortion;
		b.dss = null;
		return new Wcs(b);
	}

	Builder toBuilder() {
		Builder b = new Builder(lonType, latType, projectionCode);
		b.swapped = swapped;
		b.crpix1 = crpix1;
		b.crpix2 = crpix2;
		b.cd = new double[] { cd11, cd12, cd21, cd22 };
		b.sip = sip;
		b.crval1 = crval1;
		b.crval2 = crval2;
		b.lonpole = lonpole;
		b.latpole = latpole;
		b.radesys = radesys;
		b.equinox = equinox;
		b.extras.addAll(extras);
		b.dss = dss;
		if (note != null) b.notes.add(note);
		b.unsupported = projection == null;
		b.matrixKeys = "CD";
		return b;
	}

	/** The mutable state from which a {@link Wcs} is made (package-private: the header reader fills it). */
	static final class Builder {
		final String lonType, latType, projectionCode;
		boolean swapped;
		double crpix1, crpix2, crval1, crval2;
		double[] cd = { 1, 0, 0, 1 };
		Sip sip;
		double lonpole = Double.NaN, latpole = Double.NaN;
		String radesys;
		double equinox = Double.NaN;
		final List<FitsHeader.Card> extras = new ArrayList<>();
		DssPlate dss;
		final List<String> notes = new ArrayList<>();
		boolean unsupported;
		String matrixKeys = "CD";
		String where = "";

		Builder(String lonType, String latType, String projectionCode) {
			this.lonType = lonType;
			this.latType = latType;
			this.projectionCode = projectionCode;
		}

		Wcs build() {
			return new Wcs(this);
		}
	}

	// ---------------------------------------------------------------- conversions

	/** True when {@link #pixelToSky} and {@link #skyToPixel} work (otherwise {@link #note()} says why). */
	public boolean isSupported() {
		return projection != null;
	}

	/**
	 * Sky position of a FITS pixel position: {lon, lat} in degrees, lon in [0, 360) (RA/Dec for an
	 * equatorial frame); NaN outside the projection's domain.
	 *
	 * @throws UnsupportedOperationException when {@link #isSupported()} is false
	 */
	public double[] pixelToSky(double x, double y) {
		double[] out = new double[2];
		pixelToSky(x, y, out);
		return out;
	}

	/** {@link #pixelToSky(double, double)} of many positions: lon[i], lat[i] of x[i], y[i]. */
	public void pixelToSky(double[] x, double[] y, double[] lon, double[] lat) {
		checkLengths(x, y, lon, lat);
		double[] out = new double[2];
		for (int i = 0; i < x.length; i++) {
			pixelToSky(x[i], y[i], out);
			lon[i] = out[0];
			lat[i] = out[1];
		}
	}

	/**
	 * FITS pixel position of a sky position (degrees): {x, y}; NaN where the projection does not
	 * reach (e.g. the far hemisphere of TAN or SIN), or where a SIP inversion does not converge.
	 *
	 * @throws UnsupportedOperationException when {@link #isSupported()} is false
	 */
	public double[] skyToPixel(double lon, double lat) {
		double[] out = new double[2];
		skyToPixel(lon, lat, out);
		return out;
	}

	/** {@link #skyToPixel(double, double)} of many positions: x[i], y[i] of lon[i], lat[i]. */
	public void skyToPixel(double[] lon, double[] lat, double[] x, double[] y) {
		checkLengths(lon, lat, x, y);
		double[] out = new double[2];
		for (int i = 0; i < lon.length; i++) {
			skyToPixel(lon[i], lat[i], out);
			x[i] = out[0];
			y[i] = out[1];
		}
	}

	private void pixelToSky(double x, double y, double[] out) {
		requireSupported();
		double u = x - crpix1, v = y - crpix2;
		if (sip != null) {
			sip.distort(u, v, out);
			u = out[0];
			v = out[1];
		}
		double i1 = cd11 * u + cd12 * v, i2 = cd21 * u + cd22 * v;
		if (swapped) projection.toNative(i2, i1, out);
		else projection.toNative(i1, i2, out);
		if (Double.isNaN(out[1])) {
			out[0] = Double.NaN;
			return;
		}
		rotation.toCelestial(out[0], out[1], out);
	}

	private void skyToPixel(double lon, double lat, double[] out) {
		requireSupported();
		rotation.toNative(lon, lat, out);
		projection.toIntermediate(out[0], out[1], out);
		double i1 = swapped ? out[1] : out[0], i2 = swapped ? out[0] : out[1];
		double det = cd11 * cd22 - cd12 * cd21;
		double u = (cd22 * i1 - cd12 * i2) / det, v = (cd11 * i2 - cd21 * i1) / det;
		if (sip != null && Double.isFinite(u) && Double.isFinite(v)) {
			sip.undistort(u, v, out);
			u = out[0];
			v = out[1];
		}
		if (!Double.isFinite(u) || !Double.isFinite(v)) {
			out[0] = out[1] = Double.NaN;
			return;
		}
		out[0] = u + crpix1;
		out[1] = v + crpix2;
	}

	private void requireSupported() {
		if (projection == null) throw new UnsupportedOperationException("sky coordinates unavailable: " + note);
	}

	private static void checkLengths(double[] a, double[] b, double[] c, double[] d) {
		int n = a.length;
		if (b.length != n || c.length != n || d.length != n) throw new IllegalArgumentException("coordinate arrays " +
			"must have equal lengths (got " + a.length + ", " + b.length + ", " + c.length + ", " + d.length + ")");
	}

	// ---------------------------------------------------------------- the pixel grid changes

	/**
	 * The WCS of a resampled image, given the affine map from the new grid's FITS pixel positions to
	 * this grid's (the map a resampler evaluates: for each output pixel, where to sample the input):
	 * {@code x_old = m[0] x + m[1] y + m[2]}, {@code y_old = m[3] x + m[4] y + m[5]}. CRPIX moves and
	 * CD becomes {@code CD M}; a SIP distortion is carried over exactly (its polynomials composed
	 * with M, of the same order); a DSS plate solution becomes its exact TAN-SIP unless the map is a
	 * pure translation (then CNPIX shifts).
	 * <p>
	 * Examples in FITS pixels: a crop from (x0, y0) is {@code {1, 0, x0 - 1, 0, 1, y0 - 1}}; binning
	 * by k is {@code {k, 0, -(k - 1) / 2.0, 0, k, -(k - 1) / 2.0}}; a vertical flip of an image of
	 * height H is {@code {1, 0, 0, 0, -1, H + 1}}.
	 *
	 * @throws IllegalArgumentException when the map is singular or not 6 finite numbers
	 */
	public Wcs transformed(double[] newToOld) {
		if (newToOld == null || newToOld.length != 6) throw new IllegalArgumentException("the affine map must " +
			"hold 6 values {a, b, c, d, e, f}: x_old = a x + b y + c, y_old = d x + e y + f");
		for (double v : newToOld) if (!Double.isFinite(v)) throw new IllegalArgumentException("the affine map " +
			"must be finite (got " + Arrays.toString(newToOld) + ")");
		double m00 = newToOld[0], m01 = newToOld[1], t0 = newToOld[2];
		double m10 = newToOld[3], m11 = newToOld[4], t1 = newToOld[5];
		double det = m00 * m11 - m01 * m10;
		if (!(Math.abs(det) > 0)) throw new IllegalArgumentException("the affine map " +
			Arrays.toString(newToOld) + " is singular: no grid to map the WCS to");
		boolean translation = m00 == 1 && m01 == 0 && m10 == 0 && m11 == 1;
		Builder b = toBuilder();
		double px = crpix1 - t0, py = crpix2 - t1;
		b.crpix1 = (m11 * px - m01 * py) / det;
		b.crpix2 = (m00 * py - m10 * px) / det;
		b.cd = new double[] { cd11 * m00 + cd12 * m10, cd11 * m01 + cd12 * m11, cd21 * m00 + cd22 * m10,
			cd21 * m01 + cd22 * m11 };
		if (sip != null && !translation) b.sip = sip.transformed(new double[] { m00, m01, m10, m11 });
		if (dss != null) {
			if (translation) b.dss = dss.shifted(t0, t1);
			else {
				b.dss = null;
				b.notes.add("DSS plate solution rewritten as its TAN-SIP equivalent");
			}
		}
		return new Wcs(b);
	}

	/**
	 * The WCS of a cut-out whose first pixel (1, 1) is this grid's pixel (x0, y0) (FITS 1-based; a
	 * crop of rows/columns from x0 and y0 on): CRPIX decreases by (x0 - 1, y0 - 1).
	 */
	public Wcs cropped(double x0, double y0) {
		return transformed(new double[] { 1, 0, x0 - 1, 0, 1, y0 - 1 });
	}

	/**
	 * The WCS of the image content moved by (dx, dy) pixels on its grid (what was at (x, y) is now
	 * at (x + dx, y + dy)): CRPIX increases by (dx, dy).
	 */
	public Wcs shifted(double dx, double dy) {
		return transformed(new double[] { 1, 0, -dx, 0, 1, -dy });
	}

	// ---------------------------------------------------------------- writing

	/**
	 * Replaces the celestial WCS cards of a header with this WCS: removes every WCS card of axes 1
	 * and 2 (CTYPE, CRPIX, CRVAL, CD, PC, CDELT, CROTA, CUNIT, PV, SIP, DSS plate cards, alternate
	 * descriptions, IRAF LTV/LTM, lookup-table distortion cards) and writes CTYPE, CUNIT, CRPIX, CRVAL
	 * and the CD matrix (or the DSS plate cards), LONPOLE/LATPOLE when given, RADESYS/EQUINOX, SIP and
	 * the kept PV/PS cards. Cards of axes 3 and up stay.
	 */
	public void writeTo(FitsHeader header) {
		WcsCards.write(this, header);
	}

	// ---------------------------------------------------------------- properties

	/** Why sky conversions are unavailable, or what else a user should know (SIP without -SIP, ...); null if nothing. */
	public String note() {
		return note;
	}

	/** Pixel scale at the reference pixel, arcsec per pixel (the square root of |det CD|; SIP ignored). */
	public double pixelScale() {
		return 3600 * Math.sqrt(Math.abs(cd11 * cd22 - cd12 * cd21));
	}

	/**
	 * Rotation of the grid at the reference pixel, degrees in (-180, 180]: the CROTA2 of an equivalent
	 * CDELT/CROTA2 header, {@code atan2(-CD1_2, CD2_2)} in (lon, lat) axis order; 0 when north is up
	 * (the +y axis points to position angle {@code -rotation()}, north through east). SIP ignored.
	 */
	public double rotation() {
		double c12 = swapped ? cd22 : cd12, c22 = swapped ? cd12 : cd22;
		double r = Math.toDegrees(Math.atan2(-c12, c22));
		return r == -180 ? 180 : r;
	}

	/** True for RA/Dec axes. */
	public boolean isEquatorial() {
		return lonType.equals("RA");
	}

	/**
	 * The celestial frame: RADESYS for RA/Dec (given, or by the FITS defaults: FK4 before equinox 1984,
	 * FK5 from it, ICRS without an equinox), else GALACTIC, ECLIPTIC, SUPERGALACTIC, HELIOECLIPTIC or
	 * the axis types (e.g. "HPLN/HPLT").
	 */
	public String frame() {
		if (isEquatorial()) {
			if (radesys != null && !radesys.isBlank()) return radesys.trim().toUpperCase(Locale.ROOT);
			if (Double.isNaN(equinox)) return "ICRS";
			return equinox < 1984 ? "FK4" : "FK5";
		}
		switch (lonType) {
			case "GLON":
				return "GALACTIC";
			case "ELON":
				return "ECLIPTIC";
			case "SLON":
				return "SUPERGALACTIC";
			case "HLON":
				return "HELIOECLIPTIC";
			default:
				return lonType + "/" + latType;
		}
	}

	/** EQUINOX (or EPOCH) in years, NaN when not given. */
	public double equinox() {
		return equinox;
	}

	/** RADESYS as given, or null. */
	public String radesys() {
		return radesys;
	}

	/** The projection's three-letter code as in CTYPE ("TAN", also for TAN-SIP; "ZPN" for an unsupported one). */
	public String projectionCode() {
		return projectionCode;
	}

	/** The projection, or null when it is not supported. */
	public Projection projection() {
		return projection;
	}

	/** CTYPE1 and CTYPE2 as written (with "-SIP" when a SIP distortion is present). */
	public String[] ctype() {
		String lon = WcsCards.ctype(lonType, projectionCode, sip != null);
		String lat = WcsCards.ctype(latType, projectionCode, sip != null);
		return swapped ? new String[] { lat, lon } : new String[] { lon, lat };
	}

	/** {CRPIX1, CRPIX2}, FITS 1-based. */
	public double[] crpix() {
		return new double[] { crpix1, crpix2 };
	}

	/** {CRVAL1, CRVAL2}, degrees. */
	public double[] crval() {
		return new double[] { crval1, crval2 };
	}

	/** {CD1_1, CD1_2, CD2_1, CD2_2}, degrees per pixel. */
	public double[] cd() {
		return new double[] { cd11, cd12, cd21, cd22 };
	}

	/** The SIP distortion, or null. */
	public Sip sip() {
		return sip;
	}

	/** True when the WCS came from (and writes back) a DSS plate solution. */
	public boolean isDssPlate() {
		return dss != null;
	}

	// package-private views for WcsCards
	String lonType() {
		return lonType;
	}

	String latType() {
		return latType;
	}

	boolean swapped() {
		return swapped;
	}

	double lonpole() {
		return lonpole;
	}

	double latpole() {
		return latpole;
	}

	List<FitsHeader.Card> extras() {
		return extras;
	}

	DssPlate dss() {
		return dss;
	}

	@Override
	public String toString() {
		String[] t = ctype();
		return String.format(Locale.ROOT, "Wcs[%s/%s, CRPIX (%.3f, %.3f), CRVAL (%.7f, %.7f), %.4f\"/px, rotation %.3f°%s%s]",
			t[0], t[1], crpix1, crpix2, crval1, crval2, pixelScale(), rotation(), sip == null ? "" : ", " + sip,
			note == null ? "" : ", note: " + note);
	}
}
