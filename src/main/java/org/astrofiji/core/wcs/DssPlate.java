package org.astrofiji.core.wcs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.astrofiji.core.image.FitsHeader;

/**
 * The Digitized Sky Survey plate solution (PLTRAH.., PPO3/PPO6, X/YPIXELSZ, CNPIX1/2, AMDX1..13,
 * AMDY1..13) as Calabretta &amp; Greisen's Paper IV (section 5.2) and the DSS documentation define
 * it: plate millimetres {@code X = (PPO3 - XPIXELSZ (x + CNPIX1 - 0.5)) / 1000},
 * {@code Y = (YPIXELSZ (y + CNPIX2 - 0.5) - PPO6) / 1000} go through a polynomial of order up to 5
 * to standard coordinates (xi, eta) in arcsec, which a gnomonic projection about the plate centre
 * turns into RA/Dec. Because X and Y are affine in the pixel, this is exactly a TAN-SIP, which
 * {@link #toTanSip()} builds; {@link Wcs} evaluates that and keeps the plate cards only to write
 * them back (with CNPIX shifted on a crop).
 */
final class DssPlate {

	private static final Pattern KEY = Pattern.compile("PLTRA[HMS]|PLTDEC(SN|[DMS])|CNPIX[12]|PPO\\d|[XY]PIXELSZ|" +
		"AMD[XY]\\d+");
	private static final String[] REQUIRED = { "PLTRAH", "PLTRAM", "PLTRAS", "PLTDECD", "PLTDECM", "PLTDECS", "PPO3",
		"PPO6", "XPIXELSZ", "YPIXELSZ", "AMDX1", "AMDX2", "AMDX3", "AMDY1", "AMDY2", "AMDY3" };
	/** AMDX14..20 and AMDY14..20 are magnitude and colour terms, which a position alone cannot use. */
	private static final int GEOMETRIC_TERMS = 13;

	/** Plate cards as read, in order: numbers as Double, text as String. */
	private final Map<String, Object> cards;

	private DssPlate(Map<String, Object> cards) {
		this.cards = cards;
	}

	/** True for the keywords of a DSS plate solution. */
	static boolean isDssKey(String key) {
		return KEY.matcher(key).matches();
	}

	/** True when the header holds a complete DSS plate solution. */
	static boolean present(FitsHeader h) {
		for (String k : REQUIRED) if (!h.contains(k)) return false;
		return true;
	}

	static DssPlate read(FitsHeader h) {
		Map<String, Object> cards = new LinkedHashMap<>();
		for (String k : h.keys()) {
			if (!isDssKey(k) || cards.containsKey(k)) continue;
			if (k.equals("PLTDECSN")) cards.put(k, h.getString(k));
			else cards.put(k, h.getDouble(k));
		}
		cards.putIfAbsent("CNPIX1", 0.0);
		cards.putIfAbsent("CNPIX2", 0.0);
		return new DssPlate(cards);
	}

	private double get(String key) {
		Object v = cards.get(key);
		return v instanceof Double ? (Double) v : 0;
	}

	/** Plate centre RA, degrees. */
	double ra() {
		return 15 * (get("PLTRAH") + get("PLTRAM") / 60 + get("PLTRAS") / 3600);
	}

	/** Plate centre Dec, degrees. */
	double dec() {
		double d = get("PLTDECD") + get("PLTDECM") / 60 + get("PLTDECS") / 3600;
		Object sign = cards.get("PLTDECSN");
		return sign != null && sign.toString().trim().startsWith("-") ? -d : d;
	}

	/** True when a magnitude or colour term (AMDX14.., AMDY14..) is non-zero: those are ignored. */
	boolean hasPhotometricTerms() {
		for (int i = GEOMETRIC_TERMS + 1; i <= 20; i++) if (get("AMDX" + i) != 0 || get("AMDY" + i) != 0) return true;
		return false;
	}

	/** The same plate seen from a grid whose pixel (1, 1) is this grid's pixel (1 + dx, 1 + dy). */
	DssPlate shifted(double dx, double dy) {
		Map<String, Object> c = new LinkedHashMap<>(cards);
		c.put("CNPIX1", get("CNPIX1") + dx);
		c.put("CNPIX2", get("CNPIX2") + dy);
		return new DssPlate(c);
	}

	/** Writes the plate cards. */
	void writeTo(FitsHeader h) {
		for (Map.Entry<String, Object> e : cards.entrySet()) {
			if (e.getValue() instanceof Double) h.set(e.getKey(), (Double) e.getValue(), "DSS plate solution");
			else h.set(e.getKey(), e.getValue().toString(), "DSS plate solution");
		}
	}

	/** xi (arcsec) as a polynomial of plate X, Y (mm). */
	private Poly2 xi() {
		return polynomial("AMDX", false);
	}

	/** eta (arcsec) as a polynomial of plate X, Y (mm). */
	private Poly2 eta() {
		return polynomial("AMDY", true);
	}

	/**
	 * The 13 geometric terms; eta's series is xi's with the roles of X and Y exchanged (AMDY1 Y +
	 * AMDY2 X + AMDY3 + AMDY4 Y^2 + ...), so it is built in swapped variables and swapped back.
	 */
	private Poly2 polynomial(String prefix, boolean swap) {
		double[][] c = new double[6][6];
		double[] k = new double[GEOMETRIC_TERMS + 1];
		for (int i = 1; i <= GEOMETRIC_TERMS; i++) k[i] = get(prefix + i);
		// terms in (s, t) = (X, Y) for xi, (Y, X) for eta
		add(c, swap, 1, 0, k[1]);
		add(c, swap, 0, 1, k[2]);
		add(c, swap, 0, 0, k[3]);
		add(c, swap, 2, 0, k[4]);
		add(c, swap, 1, 1, k[5]);
		add(c, swap, 0, 2, k[6]);
		add(c, swap, 2, 0, k[7]); // (s^2 + t^2)
		add(c, swap, 0, 2, k[7]);
		add(c, swap, 3, 0, k[8]);
		add(c, swap, 2, 1, k[9]);
		add(c, swap, 1, 2, k[10]);
		add(c, swap, 0, 3, k[11]);
		add(c, swap, 3, 0, k[12]); // s (s^2 + t^2)
		add(c, swap, 1, 2, k[12]);
		add(c, swap, 5, 0, k[13]); // s (s^2 + t^2)^2
		add(c, swap, 3, 2, 2 * k[13]);
		add(c, swap, 1, 4, k[13]);
		return Poly2.of(c);
	}

	private static void add(double[][] c, boolean swap, int s, int t, double value) {
		if (swap) c[t][s] += value;
		else c[s][t] += value;
	}

	/**
	 * The plate solution as an exact TAN-SIP: {crpix1, crpix2, cd11, cd12, cd21, cd22} in
	 * {@code linear} and the SIP polynomials (null when the plate polynomial is linear). CRPIX is the
	 * pixel of the tangent point (xi = eta = 0), CD the derivative there, SIP the rest.
	 */
	Sip toTanSip(double[] linear) {
		double rx = get("XPIXELSZ") / 1000, ry = get("YPIXELSZ") / 1000;
		double xc = get("PPO3") / 1000, yc = get("PPO6") / 1000;
		double cx = get("CNPIX1") - 0.5, cy = get("CNPIX2") - 0.5;
		Poly2 xi = xi(), eta = eta();
		// the tangent point in plate mm: Newton from the linear terms' solution
		double a1 = xi.coefficient(1, 0), a2 = xi.coefficient(0, 1), a3 = xi.coefficient(0, 0);
		double b2 = eta.coefficient(1, 0), b1 = eta.coefficient(0, 1), b3 = eta.coefficient(0, 0);
		double det = a1 * b1 - a2 * b2;
		if (det == 0 || !Double.isFinite(det)) throw new IllegalArgumentException("DSS plate solution AMDX1 = " + a1 +
			", AMDX2 = " + a2 + ", AMDY1 = " + b1 + ", AMDY2 = " + b2 + " is singular");
		double x = (a2 * b3 - a3 * b1) / det, y = (a3 * b2 - a1 * b3) / det;
		for (int i = 0; i < 50; i++) {
			double f = xi.value(x, y), g = eta.value(x, y);
			double j00 = xi.du(x, y), j01 = xi.dv(x, y), j10 = eta.du(x, y), j11 = eta.dv(x, y);
			double d = j00 * j11 - j01 * j10;
			double dx = (j11 * f - j01 * g) / d, dy = (j00 * g - j10 * f) / d;
			x -= dx;
			y -= dy;
			if (Math.abs(dx) + Math.abs(dy) < 1e-15) break;
		}
		double crpix1 = (xc - x) / rx - cx, crpix2 = (yc + y) / ry - cy;
		// X = x - rx u, Y = y + ry v for pixel offsets (u, v) from CRPIX; arcsec to degrees
		Poly2 p = xi.compose(-rx, 0, 0, ry, x, y).times(1 / 3600.0);
		Poly2 q = eta.compose(-rx, 0, 0, ry, x, y).times(1 / 3600.0);
		double l00 = p.coefficient(1, 0), l01 = p.coefficient(0, 1), l10 = q.coefficient(1, 0), l11 = q.coefficient(0, 1);
		linear[0] = crpix1;
		linear[1] = crpix2;
		linear[2] = l00;
		linear[3] = l01;
		linear[4] = l10;
		linear[5] = l11;
		Poly2 hp = p.withoutTermsBelow(2), hq = q.withoutTermsBelow(2);
		if (hp.effectiveDegree() < 2 && hq.effectiveDegree() < 2) return null;
		double ld = l00 * l11 - l01 * l10;
		Poly2 f = hp.times(l11 / ld).plus(hq.times(-l01 / ld));
		Poly2 g = hp.times(-l10 / ld).plus(hq.times(l00 / ld));
		int n = Math.max(f.effectiveDegree(), g.effectiveDegree());
		return Sip.of(trim(f, n), trim(g, n));
	}

	private static Poly2 trim(Poly2 p, int n) {
		double[][] c = new double[n + 1][n + 1];
		for (int i = 0; i <= n; i++) for (int j = 0; i + j <= n; j++) c[i][j] = p.coefficient(i, j);
		return Poly2.of(c);
	}
}
