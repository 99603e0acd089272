package org.astrofiji.core.simulate;

/**
 * A point spread function: a normalized surface brightness profile (its integral over the plane is
 * 1), elliptical with its major axis at {@code angle} (radians, from +x towards +y in memory), and
 * rendered integrated over pixels.
 */
public final class Psf {

	/** Profile families. */
	public enum Kind {
		GAUSSIAN, MOFFAT;

		public static Kind of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("psf must be gaussian or moffat (got '" + name + "')");
			}
		}
	}

	/** Moffat index used by the simulator: a typical seeing-limited profile. */
	public static final double MOFFAT_BETA = 2.5;

	private final Kind kind;
	private final double fwhm, ellipticity, angle;
	// profile in rotated, scaled coordinates: u = x' / a, v = y' / b
	private final double a, b, cos, sin, norm;
	private final int radius;

	/**
	 * @param fwhm along the major axis, pixels
	 * @param ellipticity 1 - b/a
	 */
	public Psf(Kind kind, double fwhm, double ellipticity, double angle) {
		if (!(fwhm > 0)) throw new IllegalArgumentException("fwhm must be > 0 (got " + fwhm + ")");
		if (!(ellipticity >= 0 && ellipticity < 1)) throw new IllegalArgumentException("ellipticity must be in [0, 1)");
		this.kind = kind;
		this.fwhm = fwhm;
		this.ellipticity = ellipticity;
		this.angle = angle;
		this.cos = Math.cos(angle);
		this.sin = Math.sin(angle);
		double enclosed99_9;
		if (kind == Kind.GAUSSIAN) {
			a = fwhm / (2 * Math.sqrt(2 * Math.log(2))); // sigma
			norm = 1 / (2 * Math.PI);
			enclosed99_9 = Math.sqrt(-2 * Math.log(1e-3)); // in sigmas
		}
		else {
			a = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / MOFFAT_BETA) - 1)); // alpha
			norm = (MOFFAT_BETA - 1) / Math.PI;
			enclosed99_9 = Math.sqrt(Math.pow(1e-3, 1 / (1 - MOFFAT_BETA)) - 1); // in alphas
		}
		b = a * (1 - ellipticity);
		radius = (int) Math.ceil(enclosed99_9 * a + 1);
	}

	public Kind kind() {
		return kind;
	}

	public double fwhm() {
		return fwhm;
	}

	public double ellipticity() {
		return ellipticity;
	}

	public double angle() {
		return angle;
	}

	/** Half-size of a stamp holding 99.9 % of the light. */
	public int radius() {
		return radius;
	}

	/** Surface brightness per unit area at offset (dx, dy) from the centre. */
	public double value(double dx, double dy) {
		double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
		double r2 = u * u + v * v;
		double q = 1 + r2; // Moffat with beta = 2.5: q^-2.5 without pow
		double f = kind == Kind.GAUSSIAN ? Math.exp(-0.5 * r2) : 1 / (q * q * Math.sqrt(q));
		return f * norm / (a * b);
	}

	/** Gauss-Legendre nodes and weights on [-0.5, 0.5] for 2, 4 and 6 points. */
	private static final double[][] GL_NODES = {
		{ -0.288675134594813, 0.288675134594813 },
		{ -0.430568155797026, -0.169990521792428, 0.169990521792428, 0.430568155797026 },
		{ -0.466234757101576, -0.330604693233132, -0.119309593041598, 0.119309593041598, 0.330604693233132, 0.466234757101576 } };
	private static final double[][] GL_WEIGHTS = {
		{ 0.5, 0.5 },
		{ 0.173927422568727, 0.326072577431273, 0.326072577431273, 0.173927422568727 },
		{ 0.085662246189585, 0.180380786524069, 0.233956967286346, 0.233956967286346, 0.180380786524069, 0.085662246189585 } };

	/**
	 * The fraction of the light falling in the pixel whose centre is (dx, dy) from the PSF centre: the
	 * profile integrated over the pixel by Gauss-Legendre quadrature, with more points where it is steep.
	 */
	public double pixel(double dx, double dy) {
		double r = Math.sqrt(dx * dx + dy * dy);
		int order = r < 2 * fwhm ? 2 : r < 5 * fwhm ? 1 : 0;
		double[] x = GL_NODES[order], wt = GL_WEIGHTS[order];
		double s = 0;
		for (int i = 0; i < x.length; i++) {
			double row = 0;
			for (int j = 0; j < x.length; j++) row += wt[j] * value(dx + x[i], dy + x[j]);
			s += wt[i] * row;
		}
		return s;
	}

	/**
	 * A (2r+1)-square stamp of pixel-integrated values for a source at offset (fx, fy) from the stamp's
	 * central pixel (each in [-0.5, 0.5)), normalized so that the stamp sums to 1.
	 */
	public double[] stamp(double fx, double fy) {
		int size = 2 * radius + 1;
		double[] s = new double[size * size];
		double sum = 0;
		for (int j = 0; j < size; j++) {
			for (int i = 0; i < size; i++) {
				double v = pixel(i - radius - fx, j - radius - fy);
				s[j * size + i] = v;
				sum += v;
			}
		}
		for (int k = 0; k < s.length; k++) s[k] /= sum;
		return s;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%s fwhm=%.3f e=%.3f angle=%.1f deg", kind.name().toLowerCase(),
			fwhm, ellipticity, Math.toDegrees(angle));
	}
}
