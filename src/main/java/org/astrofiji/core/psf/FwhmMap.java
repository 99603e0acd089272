package org.astrofiji.core.psf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;

/**
 * The FWHM over the field: a robust polynomial ({@link CoefficientFields}) through the successful
 * star fits' FWHM (geometric mean of major and minor axes), sampled on a coarse image with one pixel
 * per {@code binning}&times;{@code binning} block of the original, in the same orientation.
 */
public final class FwhmMap {

	private final CoefficientFields fit;
	private final ArrayImg<FloatType, FloatArray> map;
	private final int binning, used;

	private FwhmMap(CoefficientFields fit, ArrayImg<FloatType, FloatArray> map, int binning, int used) {
		this.fit = fit;
		this.map = map;
		this.binning = binning;
		this.used = used;
	}

	/**
	 * @param width size of the image the stars are on
	 * @param binning original pixels per map pixel along each axis
	 */
	public static FwhmMap of(ProfileFit[] fits, int width, int height, int degree, int binning) {
		if (binning < 1) throw new IllegalArgumentException("binning must be >= 1 (got " + binning + ")");
		List<ProfileFit> ok = new ArrayList<>();
		for (ProfileFit f : fits) if (f.ok() && Double.isFinite(f.fwhm())) ok.add(f);
		double[] x = new double[ok.size()], y = new double[ok.size()], v = new double[ok.size()];
		for (int j = 0; j < x.length; j++) {
			x[j] = ok.get(j).x;
			y[j] = ok.get(j).y;
			v[j] = ok.get(j).fwhm();
		}
		CoefficientFields fit = CoefficientFields.fit(x, y, new double[][] { v }, null, width, height, degree,
			CoefficientFields.DEFAULT_CLIP, CoefficientFields.DEFAULT_ITERATIONS);
		int mw = (width + binning - 1) / binning, mh = (height + binning - 1) / binning;
		float[] m = new float[mw * mh];
		for (int j = 0; j < mh; j++) {
			// centre of the block of memory rows j*binning ... (clipped to the image)
			double my = (j * binning + Math.min(height, (j + 1) * binning) - 1) / 2.0;
			for (int i = 0; i < mw; i++) {
				double mx = (i * binning + Math.min(width, (i + 1) * binning) - 1) / 2.0;
				m[j * mw + i] = (float) fit.polynomial().evaluate(0, Coordinates.fitsX(mx), Coordinates.fitsY(my, height));
			}
		}
		return new FwhmMap(fit, Images.wrap(m, mw, mh), binning, ok.size());
	}

	public ArrayImg<FloatType, FloatArray> image() {
		return map;
	}

	public CoefficientFields fit() {
		return fit;
	}

	public int binning() {
		return binning;
	}

	/** FWHM at a FITS position. */
	public double at(double x, double y) {
		return fit.polynomial().evaluate(0, x, y);
	}

	public String summary() {
		return String.format(Locale.ROOT, "FWHM map (%d px per map pixel) from %d fitted stars: %s", binning, used,
			fit.summary());
	}
}
