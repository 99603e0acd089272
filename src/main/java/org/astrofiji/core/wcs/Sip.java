package org.astrofiji.core.wcs;

import java.util.Locale;
import java.util.Objects;

import org.astrofiji.core.image.FitsHeader;

/**
 * A SIP distortion (Shupe et al. 2005): pixel offsets from CRPIX, {@code u = x - CRPIX1},
 * {@code v = y - CRPIX2}, become {@code (u + f(u, v), v + g(u, v))} before the CD matrix, with
 * polynomials f (the A_p_q coefficients) and g (B_p_q). The optional inverse polynomials AP_p_q and
 * BP_p_q only give the first guess of the inversion, which {@link #undistort} then solves exactly
 * (as astropy's {@code all_world2pix} does), so a round trip closes to 1e-10 px whether or not they
 * are present or accurate. Immutable.
 */
public final class Sip {

	private static final int MAX_ITERATIONS = 50;
	private static final double TOLERANCE = 1e-12;

	private final Poly2 a, b;
	/** Inverse polynomials, or null. */
	private final Poly2 ap, bp;

	private Sip(Poly2 a, Poly2 b, Poly2 ap, Poly2 bp) {
		this.a = a;
		this.b = b;
		this.ap = ap;
		this.bp = bp;
	}

	/**
	 * A SIP distortion of these coefficients, {@code a[p][q]} for {@code A_p_q} (square arrays, the
	 * order being their size less one); {@code ap} and {@code bp} may both be null.
	 */
	public static Sip of(double[][] a, double[][] b, double[][] ap, double[][] bp) {
		if (a == null || b == null) throw new IllegalArgumentException("SIP needs both A and B coefficients");
		if ((ap == null) != (bp == null)) throw new IllegalArgumentException("SIP inverse needs both AP and BP " +
			"coefficients, or neither");
		return new Sip(Poly2.of(a), Poly2.of(b), ap == null ? null : Poly2.of(ap), bp == null ? null : Poly2.of(bp));
	}

	static Sip of(Poly2 a, Poly2 b) {
		return new Sip(a, b, null, null);
	}

	/** The SIP coefficients of a header, or null when it has no A_ORDER. */
	static Sip read(FitsHeader h) {
		if (!h.contains("A_ORDER")) {
			if (h.contains("B_ORDER")) throw new IllegalArgumentException("B_ORDER without A_ORDER" + in(h) +
				": a SIP distortion needs both");
			return null;
		}
		if (!h.contains("B_ORDER")) throw new IllegalArgumentException("A_ORDER without B_ORDER" + in(h) +
			": a SIP distortion needs both");
		Poly2 a = read(h, "A"), b = read(h, "B");
		Poly2 ap = h.contains("AP_ORDER") ? read(h, "AP") : null;
		Poly2 bp = h.contains("BP_ORDER") ? read(h, "BP") : null;
		if ((ap == null) != (bp == null)) { // an inverse for one axis only is of no use: solve instead
			ap = null;
			bp = null;
		}
		return new Sip(a, b, ap, bp);
	}

	private static Poly2 read(FitsHeader h, String name) {
		double order = h.getDouble(name + "_ORDER");
		if (order != Math.rint(order) || order < 0 || order > 9) throw new IllegalArgumentException(name +
			"_ORDER = " + order + in(h) + " is not a SIP order (an integer 0 to 9)");
		int n = (int) order;
		double[][] c = new double[n + 1][n + 1];
		for (int p = 0; p <= n; p++) for (int q = 0; p + q <= n; q++) c[p][q] = h.getDouble(name + "_" + p + "_" + q, 0);
		return Poly2.of(c);
	}

	private static String in(FitsHeader h) {
		return h.source().isEmpty() ? "" : " in " + h.source();
	}

	/** Order of the forward polynomials (the larger of A_ORDER and B_ORDER). */
	public int order() {
		return Math.max(a.degree(), b.degree());
	}

	/** True when AP/BP inverse coefficients are present. */
	public boolean hasInverse() {
		return ap != null;
	}

	/** The A_p_q coefficients as {@code [p][q]}. */
	public double[][] a() {
		return a.coefficients();
	}

	/** The B_p_q coefficients as {@code [p][q]}. */
	public double[][] b() {
		return b.coefficients();
	}

	/** The AP_p_q coefficients, or null. */
	public double[][] ap() {
		return ap == null ? null : ap.coefficients();
	}

	/** The BP_p_q coefficients, or null. */
	public double[][] bp() {
		return bp == null ? null : bp.coefficients();
	}

	/** {@code out = (u + f(u, v), v + g(u, v))}. */
	void distort(double u, double v, double[] out) {
		out[0] = u + a.value(u, v);
		out[1] = v + b.value(u, v);
	}

	/**
	 * Solves {@code (u + f(u, v), v + g(u, v)) = (uu, vv)} for (u, v) by Newton's method from the AP/BP
	 * guess (or from (uu, vv)); NaN when it does not converge (far outside the fitted field).
	 */
	void undistort(double uu, double vv, double[] out) {
		double u = uu, v = vv;
		if (ap != null) {
			u = uu + ap.value(uu, vv);
			v = vv + bp.value(uu, vv);
		}
		for (int i = 0; i < MAX_ITERATIONS; i++) {
			double ru = u + a.value(u, v) - uu;
			double rv = v + b.value(u, v) - vv;
			double j00 = 1 + a.du(u, v), j01 = a.dv(u, v);
			double j10 = b.du(u, v), j11 = 1 + b.dv(u, v);
			double det = j00 * j11 - j01 * j10;
			double du = (j11 * ru - j01 * rv) / det;
			double dv = (j00 * rv - j10 * ru) / det;
			u -= du;
			v -= dv;
			if (!(Math.abs(du) + Math.abs(dv) > TOLERANCE * (1 + Math.abs(u) + Math.abs(v)))) {
				if (Double.isFinite(u) && Double.isFinite(v)) {
					out[0] = u;
					out[1] = v;
					return;
				}
				break;
			}
		}
		out[0] = Double.NaN;
		out[1] = Double.NaN;
	}

	/**
	 * The distortion in the variables of a linearly mapped grid: with old offsets {@code d = M d'},
	 * {@code d + F(d) = M (d' + M^-1 F(M d'))}, so the new polynomials are {@code M^-1 F(M d')}, exact
	 * and of the same order; the inverse polynomials transform alike.
	 *
	 * @param m the 2x2 matrix {m00, m01, m10, m11}
	 */
	Sip transformed(double[] m) {
		double det = m[0] * m[3] - m[1] * m[2];
		double i00 = m[3] / det, i01 = -m[1] / det, i10 = -m[2] / det, i11 = m[0] / det;
		Poly2[] f = mix(a, b, m, i00, i01, i10, i11);
		Poly2[] fi = ap == null ? null : mix(ap, bp, m, i00, i01, i10, i11);
		return new Sip(f[0], f[1], fi == null ? null : fi[0], fi == null ? null : fi[1]);
	}

	private static Poly2[] mix(Poly2 f, Poly2 g, double[] m, double i00, double i01, double i10, double i11) {
		Poly2 fm = f.compose(m[0], m[1], m[2], m[3], 0, 0);
		Poly2 gm = g.compose(m[0], m[1], m[2], m[3], 0, 0);
		return new Poly2[] { fm.times(i00).plus(gm.times(i01)), fm.times(i10).plus(gm.times(i11)) };
	}

	/** Writes A_ORDER, A_p_q, B_..., and AP/BP when present (zero coefficients omitted). */
	void writeTo(FitsHeader h) {
		write(h, "A", a, "SIP forward distortion, axis 1");
		write(h, "B", b, "SIP forward distortion, axis 2");
		if (ap != null) {
			write(h, "AP", ap, "SIP inverse distortion, axis 1");
			write(h, "BP", bp, "SIP inverse distortion, axis 2");
		}
	}

	private static void write(FitsHeader h, String name, Poly2 p, String comment) {
		int n = p.degree();
		h.set(name + "_ORDER", n, comment);
		for (int i = 0; i <= n; i++) for (int j = 0; i + j <= n; j++) {
			double c = p.coefficient(i, j);
			if (c != 0) h.set(name + "_" + i + "_" + j, c, "");
		}
	}

	/** The removal pattern for SIP keywords. */
	static boolean isSipKey(String key) {
		return key.matches("(A|B|AP|BP)_(ORDER|DMAX|\\d+_\\d+)");
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Sip)) return false;
		Sip s = (Sip) o;
		return a.equals(s.a) && b.equals(s.b) && Objects.equals(ap, s.ap) && Objects.equals(bp, s.bp);
	}

	@Override
	public int hashCode() {
		return a.hashCode() * 31 + b.hashCode();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "Sip[order %d%s]", order(), ap == null ? "" : ", with inverse");
	}
}
