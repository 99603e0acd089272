package org.astrofiji.core.wcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.astrofiji.core.image.FitsHeader;

/**
 * Reads a {@link Wcs} from FITS header cards and writes one back (the primary description only;
 * alternate descriptions CTYPE1A.. are not read). Precedence follows wcslib, as astropy reads
 * headers: PCi_j (with CDELTi) over CDi_j over CDELTi with CROTA of the latitude axis; a complete
 * DSS plate solution over all of them.
 */
final class WcsCards {

	private static final Pattern CTYPE = Pattern.compile("([A-Z0-9]{1,4})-+([A-Z0-9]{3})(-[A-Z0-9]+)?");
	private static final Pattern LON = Pattern.compile("RA|[A-Z]LON|[A-Z]{2}LN");
	private static final Pattern LAT = Pattern.compile("DEC|[A-Z]LAT|[A-Z]{2}LT");
	/** Primary-description keywords of one axis i >= 3 only, kept when writing a 2-D celestial WCS. */
	private static final Pattern OTHER_AXIS = Pattern.compile("(CTYPE|CRPIX|CRVAL|CDELT|CUNIT|CROTA|CRDER|CSYER|CNAME)" +
		"(\\d+)|(?:CD|PC)(\\d+)_(\\d+)|(?:PV|PS)(\\d+)_\\d+");
	/** Lookup-table and other distortions this package does not evaluate. */
	private static final Pattern OTHER_DISTORTION = Pattern.compile("(CPDIS|CQDIS|CPERR|CQERR|D2IMDIS|D2IMERR|" +
		"D2IMEXT|DP|DQ)\\d*|DVERR|WAT\\d_\\d+|WCSDIM");
	private static final Pattern EXTRA = Pattern.compile("(PV|PS)[12]_\\d+|WCSNAME|(CRDER|CSYER|CNAME)[12]");
	private static final Pattern PV = Pattern.compile("PV(\\d+)_(\\d+)");
	private static final int MAX_AXES = 9;

	private WcsCards() {}

	/** A parsed CTYPE: axis type ("RA", "GLON"), projection code, suffix ("-SIP" or null). */
	private static final class Type {
		final String type, code, suffix;

		Type(String type, String code, String suffix) {
			this.type = type;
			this.code = code;
			this.suffix = suffix;
		}

		static Type parse(String ctype) {
			if (ctype == null) return null;
			Matcher m = CTYPE.matcher(ctype.trim().toUpperCase(Locale.ROOT));
			if (!m.matches()) return null;
			return new Type(m.group(1), m.group(2), m.group(3));
		}

		boolean isLon() {
			return LON.matcher(type).matches();
		}

		boolean isLat() {
			return LAT.matcher(type).matches();
		}
	}

	static boolean isCelestial(FitsHeader h) {
		return DssPlate.present(h) || celestialAxes(h) != null;
	}

	/** {lon axis, lat axis} (1-based) when CTYPE1/CTYPE2 are a celestial pair, else null. */
	private static int[] celestialAxes(FitsHeader h) {
		int lon = 0, lat = 0;
		for (int i = 1; i <= MAX_AXES; i++) {
			Type t = Type.parse(h.getString("CTYPE" + i));
			if (t == null) continue;
			if (t.isLon()) {
				if (lon != 0) return null;
				lon = i;
			}
			else if (t.isLat()) {
				if (lat != 0) return null;
				lat = i;
			}
		}
		if (lon == 0 || lat == 0 || lon + lat != 3) return null;
		return new int[] { lon, lat };
	}

	static Wcs read(FitsHeader h) {
		String where = h.source().isEmpty() ? "" : " in " + h.source();
		if (DssPlate.present(h)) return readDss(h, where);
		int[] axes = celestialAxes(h);
		if (axes == null) return null;
		boolean swapped = axes[0] == 2;
		Type lonT = Type.parse(h.getString("CTYPE" + axes[0]));
		Type latT = Type.parse(h.getString("CTYPE" + axes[1]));
		Wcs.Builder b = new Wcs.Builder(lonT.type, latT.type, lonT.code);
		b.where = where;
		b.swapped = swapped;
		List<String> notes = b.notes;
		if (!lonT.code.equals(latT.code)) unsupported(b, "CTYPE" + axes[0] + " and CTYPE" + axes[1] +
			" name different projections (" + lonT.code + ", " + latT.code + ")");
		if (!pairs(lonT.type, latT.type)) unsupported(b, "CTYPE axes " + lonT.type + " and " + latT.type +
			" are not a longitude/latitude pair");
		if (Projection.of(lonT.code) == null) unsupported(b, "projection " + lonT.code + " is not supported " +
			"(TAN, TAN-SIP, SIN, ARC, ZEA and CAR are)");
		boolean sipSuffix = "-SIP".equals(lonT.suffix) || "-SIP".equals(latT.suffix);
		for (Type t : new Type[] { lonT, latT }) {
			if (t.suffix != null && !t.suffix.equals("-SIP")) unsupported(b, "distortion " + t.suffix.substring(1) +
				" (CTYPE suffix) is not supported");
		}
		if (!lonT.type.equals("RA")) notes.add("sky coordinates are " + lonT.type + "/" + latT.type + " (" +
			frameName(lonT.type) + "), not RA/Dec");

		readLinear(h, b, where);
		b.crpix1 = h.getDouble("CRPIX1", 0);
		b.crpix2 = h.getDouble("CRPIX2", 0);
		double u1 = unit(h, 1, b), u2 = unit(h, 2, b);
		b.crval1 = h.getDouble("CRVAL1", 0) * u1;
		b.crval2 = h.getDouble("CRVAL2", 0) * u2;
		b.cd[0] *= u1;
		b.cd[1] *= u1;
		b.cd[2] *= u2;
		b.cd[3] *= u2;
		int lonAxis = axes[0], latAxis = axes[1];
		b.lonpole = h.getDouble("LONPOLE", h.getDouble("PV" + lonAxis + "_3", Double.NaN));
		b.latpole = h.getDouble("LATPOLE", h.getDouble("PV" + lonAxis + "_4", Double.NaN));

		b.sip = Sip.read(h);
		if (b.sip != null && !sipSuffix) notes.add("SIP coefficients applied though CTYPE has no -SIP suffix " +
			"(as astropy does)");
		if (b.sip == null && sipSuffix) notes.add("CTYPE says -SIP but there are no SIP coefficients (A_ORDER): " +
			"no distortion applied");
		checkParameters(h, b, lonAxis, latAxis);
		for (String k : h.keys()) {
			if (OTHER_DISTORTION.matcher(k).matches() && !k.equals("WCSDIM")) {
				unsupported(b, "distortion cards (" + k + ") are not supported");
				break;
			}
		}
		readFrame(h, b);
		for (FitsHeader.Card c : h.cards()) {
			if (c.isKeyValue() && EXTRA.matcher(c.key()).matches() && c.value() != null) b.extras.add(c);
		}
		return b.build();
	}

	private static Wcs readDss(FitsHeader h, String where) {
		DssPlate plate = DssPlate.read(h);
		Wcs.Builder b = new Wcs.Builder("RA", "DEC", "TAN");
		b.where = where;
		double[] linear = new double[6];
		b.sip = plate.toTanSip(linear);
		b.crpix1 = linear[0];
		b.crpix2 = linear[1];
		b.cd = new double[] { linear[2], linear[3], linear[4], linear[5] };
		b.matrixKeys = "AMDX1, AMDX2, AMDY1, AMDY2";
		b.crval1 = plate.ra();
		b.crval2 = plate.dec();
		b.dss = plate;
		if (plate.hasPhotometricTerms()) b.notes.add("DSS magnitude/colour terms (AMDX14.., AMDY14..) ignored");
		readFrame(h, b);
		return b.build();
	}

	private static void readFrame(FitsHeader h, Wcs.Builder b) {
		String sys = h.getString("RADESYS");
		if (sys == null) sys = h.getString("RADECSYS");
		b.radesys = sys == null || sys.isBlank() ? null : sys.trim();
		Double eq = h.getDouble("EQUINOX");
		if (eq == null) eq = h.getDouble("EPOCH");
		b.equinox = eq == null ? Double.NaN : eq;
	}

	private static boolean pairs(String lon, String lat) {
		if (lon.equals("RA")) return lat.equals("DEC");
		if (lon.length() == 4 && lon.endsWith("LON")) return lat.equals(lon.charAt(0) + "LAT");
		return lat.equals(lon.substring(0, 2) + "LT");
	}

	private static String frameName(String lonType) {
		switch (lonType) {
			case "GLON":
				return "galactic";
			case "ELON":
				return "ecliptic";
			case "SLON":
				return "supergalactic";
			case "HLON":
				return "helioecliptic";
			default:
				return "frame " + lonType;
		}
	}

	private static void unsupported(Wcs.Builder b, String why) {
		b.unsupported = true;
		b.notes.add(why);
	}

	/** The CD matrix of axes 1 and 2 from PC+CDELT, CD, or CDELT+CROTA (wcslib's precedence). */
	private static void readLinear(FitsHeader h, Wcs.Builder b, String where) {
		boolean pc = false, cd = false;
		for (String k : h.keys()) {
			if (k.matches("PC\\d+_\\d+")) pc = true;
			else if (k.matches("CD\\d+_\\d+")) cd = true;
		}
		double cdelt1 = h.getDouble("CDELT1", 1), cdelt2 = h.getDouble("CDELT2", 1);
		if (pc || !cd) {
			double[] m = { h.getDouble("PC1_1", 1), h.getDouble("PC1_2", 0), h.getDouble("PC2_1", 0),
				h.getDouble("PC2_2", 1) };
			if (!pc) {
				// CROTA of the latitude axis, as wcslib reads it (CROTA on the longitude axis alone is ignored)
				int latAxis = b.swapped ? 1 : 2, lonAxis = 3 - latAxis;
				double rho = h.getDouble("CROTA" + latAxis, 0);
				if (h.contains("CROTA" + lonAxis) && h.getDouble("CROTA" + lonAxis, 0) != 0 && !h.contains("CROTA" +
					latAxis)) b.notes.add("CROTA" + lonAxis + " ignored: the rotation is CROTA" + latAxis + " (as wcslib reads it)");
				if (rho != 0) {
					double c = Math.cos(Math.toRadians(rho)), s = Math.sin(Math.toRadians(rho));
					double dLon = b.swapped ? cdelt2 : cdelt1, dLat = b.swapped ? cdelt1 : cdelt2;
					// in (lon, lat) order: PC = [[c, -(dLat/dLon) s], [(dLon/dLat) s, c]]
					double lonLat = -dLat / dLon * s, latLon = dLon / dLat * s;
					if (b.swapped) m = new double[] { c, latLon, lonLat, c };
					else m = new double[] { c, lonLat, latLon, c };
					b.matrixKeys = "CDELT1, CDELT2, CROTA" + latAxis;
				}
				else b.matrixKeys = "CDELT1, CDELT2";
			}
			else b.matrixKeys = "PC1_1..PC2_2 times CDELT1, CDELT2";
			b.cd = new double[] { cdelt1 * m[0], cdelt1 * m[1], cdelt2 * m[2], cdelt2 * m[3] };
		}
		else {
			b.cd = new double[] { h.getDouble("CD1_1", 0), h.getDouble("CD1_2", 0), h.getDouble("CD2_1", 0),
				h.getDouble("CD2_2", 0) };
			b.matrixKeys = "CD1_1, CD1_2, CD2_1, CD2_2";
		}
		String prefix = pc || !cd ? "PC" : "CD";
		for (int i = 1; i <= MAX_AXES; i++) for (int j = 1; j <= MAX_AXES; j++) {
			if ((i <= 2) == (j <= 2)) continue;
			if (h.getDouble(prefix + i + "_" + j, 0) != 0) {
				unsupported(b, prefix + i + "_" + j + " couples the celestial axes to axis " + Math.max(i, j));
				return;
			}
		}
	}

	/** Factor from CUNITi to degrees (deg when absent). */
	private static double unit(FitsHeader h, int axis, Wcs.Builder b) {
		String u = h.getString("CUNIT" + axis);
		if (u == null || u.isBlank()) return 1;
		switch (u.trim().toLowerCase(Locale.ROOT)) {
			case "deg":
			case "degree":
			case "degrees":
				return 1;
			case "arcmin":
				return 1 / 60.0;
			case "arcsec":
				return 1 / 3600.0;
			case "mas":
				return 1 / 3.6e6;
			case "rad":
				return 180 / Math.PI;
			default:
				unsupported(b, "CUNIT" + axis + " = '" + u.trim() + "' is not an angle unit");
				return 1;
		}
	}

	/** Projection parameters: only the defaults are evaluated. */
	private static void checkParameters(FitsHeader h, Wcs.Builder b, int lonAxis, int latAxis) {
		List<String> set = new ArrayList<>();
		for (String k : h.keys()) {
			Matcher m = PV.matcher(k);
			if (!m.matches()) continue;
			int i = Integer.parseInt(m.group(1)), mm = Integer.parseInt(m.group(2));
			double v = h.getDouble(k, 0);
			if (i == lonAxis && (mm == 3 || mm == 4)) continue; // LONPOLE, LATPOLE
			if (i == lonAxis && mm == 2 && Projection.of(b.projectionCode) != null && v == Projection.of(
				b.projectionCode).theta0()) continue; // theta0 at its default
			if ((i == lonAxis || i == latAxis) && v != 0) set.add(k);
		}
		if (set.isEmpty()) return;
		if (b.sip != null) {
			// astropy drops SCAMP's PV distortion when SIP is present, and so do we
			b.notes.add("projection parameters " + String.join(", ", set) + " ignored in favour of SIP (as astropy does)");
			return;
		}
		unsupported(b, "projection parameters " + String.join(", ", set) + " (e.g. a TPV/SCAMP distortion) are not " +
			"supported");
	}

	/** CTYPE text: type padded with '-' to 4, '-', code, optional "-SIP". */
	static String ctype(String type, String code, boolean sip) {
		StringBuilder s = new StringBuilder(type);
		while (s.length() < 4) s.append('-');
		s.append('-').append(code);
		if (sip) s.append("-SIP");
		return s.toString();
	}

	static void write(Wcs w, FitsHeader h) {
		List<String> drop = new ArrayList<>();
		for (String k : h.keys()) {
			boolean wcs = FitsHeader.isWcs(k) && !isOtherAxis(k);
			if (wcs || DssPlate.isDssKey(k) || Sip.isSipKey(k) || OTHER_DISTORTION.matcher(k).matches()) drop.add(k);
		}
		for (String k : drop) h.remove(k);
		if (w.dss() != null) w.dss().writeTo(h);
		else {
			String[] ctype = w.ctype();
			double[] crpix = w.crpix(), crval = w.crval(), cd = w.cd();
			h.set("CTYPE1", ctype[0], w.swapped() ? "latitude, projection" : "longitude, projection");
			h.set("CTYPE2", ctype[1], w.swapped() ? "longitude, projection" : "latitude, projection");
			h.set("CUNIT1", "deg", "unit of CRVAL1 and CD1_j");
			h.set("CUNIT2", "deg", "unit of CRVAL2 and CD2_j");
			h.set("CRPIX1", crpix[0], "reference pixel, axis 1 (FITS 1-based)");
			h.set("CRPIX2", crpix[1], "reference pixel, axis 2 (FITS 1-based)");
			h.set("CRVAL1", crval[0], "sky coordinate of the reference pixel, deg");
			h.set("CRVAL2", crval[1], "sky coordinate of the reference pixel, deg");
			h.set("CD1_1", cd[0], "deg per pixel");
			h.set("CD1_2", cd[1], "deg per pixel");
			h.set("CD2_1", cd[2], "deg per pixel");
			h.set("CD2_2", cd[3], "deg per pixel");
			if (!Double.isNaN(w.lonpole())) h.set("LONPOLE", w.lonpole(), "native longitude of the celestial pole, deg");
			if (!Double.isNaN(w.latpole())) h.set("LATPOLE", w.latpole(), "native latitude of the celestial pole, deg");
			if (w.sip() != null) w.sip().writeTo(h);
			for (FitsHeader.Card c : w.extras()) copy(c, h);
		}
		if (w.radesys() != null) h.set("RADESYS", w.radesys(), "reference frame of RA/Dec");
		if (!Double.isNaN(w.equinox())) h.set("EQUINOX", w.equinox(), "equinox of the coordinates, years");
	}

	private static void copy(FitsHeader.Card c, FitsHeader h) {
		switch (c.kind()) {
			case INTEGER:
			case REAL:
				h.set(c.key(), Double.parseDouble(c.value().replace('D', 'E').replace('d', 'e')), c.comment());
				break;
			case LOGICAL:
				h.set(c.key(), c.value().trim().equals("T"), c.comment());
				break;
			default:
				h.set(c.key(), c.value(), c.comment());
		}
	}

	private static boolean isOtherAxis(String key) {
		Matcher m = OTHER_AXIS.matcher(key);
		if (!m.matches()) return false;
		if (m.group(2) != null) return Integer.parseInt(m.group(2)) >= 3;
		if (m.group(3) != null) return Integer.parseInt(m.group(3)) >= 3 && Integer.parseInt(m.group(4)) >= 3;
		return Integer.parseInt(m.group(5)) >= 3;
	}
}
