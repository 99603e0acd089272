package org.astrofiji.core.wcs;

/**
 * The spherical rotation between native (phi, theta) and celestial (lon, lat) coordinates of
 * Calabretta &amp; Greisen (2002) eqs. 2 and 5, set up from CRVAL, the projection's reference point
 * and LONPOLE/LATPOLE with the paper's defaults (section 2.4: LONPOLE 0 when lat0 &gt;= theta0,
 * else 180; the pole solution nearest LATPOLE, default +90). Degrees in and out; latitudes come from
 * atan2 of the rotated unit vector, so they keep full precision next to the poles.
 */
final class SkyRotation {

	private final double alphaP, phiP;
	private final double sinDeltaP, cosDeltaP;
	private final double deltaP;

	private SkyRotation(double alphaP, double deltaP, double phiP) {
		this.alphaP = alphaP;
		this.deltaP = deltaP;
		this.phiP = phiP;
		double d = Math.toRadians(deltaP);
		// exact values at the poles keep the formulas exact for the common zenithal case at dec +-90
		this.sinDeltaP = deltaP == 90 ? 1 : deltaP == -90 ? -1 : Math.sin(d);
		this.cosDeltaP = Math.abs(deltaP) == 90 ? 0 : Math.cos(d);
	}

	/** LONPOLE's default for a reference latitude lat0 and projection reference theta0 (phi0 = 0). */
	static double defaultLonpole(double lat0, double theta0) {
		return lat0 < theta0 ? 180 : 0;
	}

	/**
	 * The rotation that puts the projection's reference point (phi0 = 0, theta0) at (lon0, lat0), with
	 * the native pole at native longitude lonpole; latpole (NaN: +90) picks between the two poles that
	 * a non-zenithal projection allows.
	 */
	static SkyRotation of(double lon0, double lat0, double theta0, double lonpole, double latpole) {
		if (theta0 == 90) return new SkyRotation(lon0, lat0, lonpole);
		double t0 = Math.toRadians(theta0);
		double dphi = Math.toRadians(lonpole); // phi_p - phi0 with phi0 = 0
		double a = Math.sin(t0), b = Math.cos(t0) * Math.cos(dphi);
		double r = Math.hypot(a, b);
		double s = Math.sin(Math.toRadians(lat0)) / r;
		if (Math.abs(s) > 1 + 1e-12) throw new IllegalArgumentException("no celestial pole satisfies CRVAL2 = " + lat0 +
			" with LONPOLE = " + lonpole);
		double psi = Math.toDegrees(Math.atan2(a, b));
		double w = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, s))));
		double d1 = normalizeLat(psi + w), d2 = normalizeLat(psi - w);
		boolean ok1 = Math.abs(d1) <= 90 + 1e-10, ok2 = Math.abs(d2) <= 90 + 1e-10;
		double target = Double.isNaN(latpole) ? 90 : latpole;
		double deltaP;
		if (ok1 && ok2) deltaP = Math.abs(d1 - target) <= Math.abs(d2 - target) ? d1 : d2;
		else deltaP = ok1 ? d1 : d2;
		deltaP = Math.max(-90, Math.min(90, deltaP));
		// alpha0 = alphaP + atan2(-cos t0 sin(phi0 - phiP), sin t0 cos dP - cos t0 sin dP cos(phi0 - phiP))
		double dp = Math.toRadians(deltaP);
		double y = Math.cos(t0) * Math.sin(dphi);
		double x = Math.sin(t0) * Math.cos(dp) - Math.cos(t0) * Math.sin(dp) * Math.cos(dphi);
		double alphaP = lon0 - Math.toDegrees(Math.atan2(y, x));
		return new SkyRotation(alphaP, deltaP, lonpole);
	}

	private static double normalizeLat(double d) {
		// psi +- w lies in (-270, 270); a value beyond 180 in magnitude wraps around
		if (d > 180) return d - 360;
		if (d < -180) return d + 360;
		return d;
	}

	double poleLongitude() {
		return alphaP;
	}

	double poleLatitude() {
		return deltaP;
	}

	/** Native (phi, theta) to celestial (lon in [0, 360), lat), degrees. */
	void toCelestial(double phi, double theta, double[] out) {
		double t = Math.toRadians(theta), dphi = Math.toRadians(phi - phiP);
		double st = Math.sin(t), ct = Math.cos(t);
		double cd = Math.cos(dphi);
		double x = st * cosDeltaP - ct * sinDeltaP * cd;
		double y = -ct * Math.sin(dphi);
		double z = st * sinDeltaP + ct * cosDeltaP * cd;
		double lon = alphaP + Math.toDegrees(Math.atan2(y, x));
		out[0] = wrap360(lon);
		out[1] = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
	}

	/** Celestial (lon, lat) to native (phi in [-180, 180], theta), degrees. */
	void toNative(double lon, double lat, double[] out) {
		double d = Math.toRadians(lat), da = Math.toRadians(lon - alphaP);
		double sd = Math.sin(d), cdl = Math.cos(d);
		double ca = Math.cos(da);
		double x = sd * cosDeltaP - cdl * sinDeltaP * ca;
		double y = -cdl * Math.sin(da);
		double z = sd * sinDeltaP + cdl * cosDeltaP * ca;
		double phi = phiP + Math.toDegrees(Math.atan2(y, x));
		out[0] = wrap180(phi);
		out[1] = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
	}

	static double wrap360(double a) {
		double r = a % 360;
		if (r < 0) r += 360;
		return r == 360 ? 0 : r;
	}

	static double wrap180(double a) {
		double r = wrap360(a + 180) - 180;
		return r;
	}
}
