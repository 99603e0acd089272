package org.astrofiji.testutil;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Calibrated frames of known stars for the photometry command tests ({@link StarFrame}: Gaussian
 * stars of FWHM 3 px on a flat sky, Poisson and read noise), with the header a reduction leaves:
 * GAIN, RDNOISE, EXPTIME, FILTER, DATE-OBS and a TAN WCS (1 arcsec per pixel, north up).
 */
public final class StarImages {

	public static final int W = 300, H = 240;
	public static final double GAIN = 2, READ_NOISE = 5, SKY = 100, EXPTIME = 30;

	/** A 4 x 3 grid of stars, faint to bright: FITS x, y and counts (ADU). */
	public static final List<double[]> STARS = new ArrayList<>();

	static {
		double[] counts = { 3e3, 5e3, 8e3, 1.2e4, 2e4, 3e4, 5e4, 8e4, 1.2e5, 2e5, 3e5, 5e5 };
		for (int k = 0; k < counts.length; k++) STARS.add(new double[] { 40.3 + 70 * (k % 4) + 0.23 * k, 45.6 + 70 * (k / 4) - 0.17 * k,
			counts[k] });
	}

	private StarImages() {}

	/** The stars' frame, every count times {@code factor[k]} (null: 1), shifted by (dx, dy) px. */
	public static StarFrame field(double[] factor, long seed) {
		StarFrame f = new StarFrame(W, H, new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0), SKY, GAIN, READ_NOISE, seed);
		for (int k = 0; k < STARS.size(); k++) {
			double[] s = STARS.get(k);
			f.star(s[0], s[1], s[2] * (factor == null ? 1 : factor[k]));
		}
		return f;
	}

	/** The WCS of a frame whose stars are shifted by (dx, dy): the sky stays where it is. */
	public static Wcs wcs(double dx, double dy) {
		return Wcs.tan(W / 2.0 + dx, H / 2.0 + dy, 150, 30, new double[] { -1 / 3600.0, 0, 0, 1 / 3600.0 });
	}

	/** A noisy frame of the field in a filter, stars shifted by (dx, dy), with a reduced frame's header. */
	public static AstroImage frame(String name, String filter, double[] factor, double dx, double dy, long seed) {
		float[] data = field(factor, seed).render(seed, 0, dx, dy);
		FitsHeader h = new FitsHeader().set("GAIN", GAIN, "e-/ADU").set("RDNOISE", READ_NOISE, "e-").set("EXPTIME", EXPTIME, "s")
			.set("FILTER", filter, "").set("DATE-OBS", "2026-03-21T20:00:00", "");
		wcs(dx, dy).writeTo(h);
		return AstroImage.of(name, data, W, H, h);
	}

	/** Writes the image's pixels and header as a one-HDU FITS file. */
	public static File write(File file, AstroImage img) throws IOException {
		FitsWriter.write(file, true, Hdu.image(Images.wrap(img.data(), img.width(), img.height()), img.header()));
		return file;
	}
}
