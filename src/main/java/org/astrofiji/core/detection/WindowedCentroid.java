package org.astrofiji.core.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.photometry.Centroids;

/**
 * SExtractor's windowed centroid (XWIN_IMAGE, YWIN_IMAGE) of detected sources: the iteration of
 * {@link Centroids#windowed} with the detection's background, leaving out the pixels of other sources
 * (other labels). Much less noisy than the isophotal barycentre for faint stars, and free of its pull
 * towards pixel centres.
 * <p>
 * The window's s is the same for every source: the field's FWHM / 2.3548, the median
 * half-maximum FWHM of the brighter half of the unflagged sources ({@link #fieldFwhm}).
 */
final class WindowedCentroid {

	private WindowedCentroid() {}

	/** The median FWHM of the brighter half (by flux) of the unflagged sources of at least 5 pixels; NaN if none. */
	static double fieldFwhm(Source[] sources) {
		List<Source> ok = new ArrayList<>();
		for (Source s : sources) if (s.flags == 0 && s.npix >= 5 && s.flux > 0) ok.add(s);
		if (ok.isEmpty()) return Double.NaN;
		ok.sort((a, b) -> Double.compare(b.flux, a.flux));
		int n = Math.max(1, (ok.size() + 1) / 2);
		double[] f = new double[n];
		for (int i = 0; i < n; i++) f[i] = ok.get(i).fwhm;
		Arrays.sort(f);
		return n % 2 == 1 ? f[n / 2] : 0.5 * (f[n / 2 - 1] + f[n / 2]);
	}

	/**
	 * The windowed centre (FITS) of source {@code label}, starting from (fx, fy) (FITS); null when the
	 * window holds no positive light or the centre wanders more than 2 s from the start. Pixels of other
	 * sources are left out; the iteration is {@link Centroids#windowed}.
	 */
	static double[] refine(float[] image, int[] labels, int label, Threshold thr, double fx, double fy, double sigma,
		int w, int h)
	{
		double[] c = Centroids.windowed(image, w, h, Coordinates.memoryX(fx), Coordinates.memoryY(fy, h), sigma,
			p -> labels[p] != 0 && labels[p] != label, thr::background);
		return c == null ? null : new double[] { Coordinates.fitsX(c[0]), Coordinates.fitsY(c[1], h) };
	}
}
