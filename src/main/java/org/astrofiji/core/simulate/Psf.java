package org.astrofiji.core.simulate;

import org.astrofiji.core.psf.Gaussian;
import org.astrofiji.core.psf.Kernels;
import org.astrofiji.core.psf.Moffat;
import org.astrofiji.core.psf.Profile;

/**
 * The simulator's point spread function: a {@link Gaussian} or a {@link Moffat} profile (beta
 * {@value #MOFFAT_BETA}) from core.psf, elliptical with its major axis at {@code angle} (radians, from
 * +x towards +y in memory), rendered integrated over pixels in stamps that hold 99.9 % of its light.
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
	/** The light left outside a stamp. */
	private static final double TAIL = 1e-3;

	private final Kind kind;
	private final Profile profile;
	private final int radius;

	/**
	 * @param fwhm along the major axis, pixels
	 * @param ellipticity 1 - b/a
	 */
	public Psf(Kind kind, double fwhm, double ellipticity, double angle) {
		this.kind = kind;
		this.profile = kind == Kind.GAUSSIAN ? Gaussian.elliptical(fwhm, ellipticity, angle) :
			Moffat.elliptical(fwhm, MOFFAT_BETA, ellipticity, angle);
		this.radius = Kernels.radius(profile, TAIL);
	}

	public Kind kind() {
		return kind;
	}

	public double fwhm() {
		return profile.fwhm();
	}

	public double ellipticity() {
		return profile.ellipticity();
	}

	public double angle() {
		return profile.angle();
	}

	/** Half-size of a stamp holding 99.9 % of the light. */
	public int radius() {
		return radius;
	}

	/** Surface brightness per unit area at offset (dx, dy) from the centre. */
	public double value(double dx, double dy) {
		return profile.value(dx, dy);
	}

	/** The fraction of the light falling in the pixel whose centre is (dx, dy) from the PSF centre. */
	public double pixel(double dx, double dy) {
		return profile.pixel(dx, dy);
	}

	/**
	 * A (2r+1)-square stamp of pixel-integrated values for a source at offset (fx, fy) from the stamp's
	 * central pixel (each in [-0.5, 0.5)), normalized so that the stamp sums to 1.
	 */
	public double[] stamp(double fx, double fy) {
		return Kernels.integratedValues(profile, 2 * radius + 1, fx, fy);
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%s fwhm=%.3f e=%.3f angle=%.1f deg", kind.name().toLowerCase(),
			fwhm(), ellipticity(), Math.toDegrees(angle()));
	}
}
