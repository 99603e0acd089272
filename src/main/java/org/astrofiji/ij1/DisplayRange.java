package org.astrofiji.ij1;

import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageProcessor;

import java.util.Locale;

import org.astrofiji.core.stats.Percentiles;
import org.astrofiji.core.stats.ZScale;

/**
 * The display range of the images the suite opens or makes, as astronomers expect it: IRAF/DS9 zscale
 * (contrast 0.25) by default, so the sky noise fills the grey scale and stars show; or percentiles,
 * or ImageJ's min-max. Only the display changes, never the pixel values. The choice is the ImageJ
 * preference {@code astrofiji.display}: {@code zscale} (default), {@code percentile} (0.5 to 99.5 %,
 * or {@code percentile:1,99}), or {@code minmax}; e.g. {@code call("ij.Prefs.set", "astrofiji.display", "percentile");}
 */
public final class DisplayRange {

	public static final String PREF = "astrofiji.display";

	private DisplayRange() {}

	/** Sets the display range of a real-valued image from its current slice. */
	public static void apply(ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_RGB) return;
		ImageProcessor ip = imp.getProcessor();
		float[] px = (float[]) ip.convertToFloat().getPixels();
		double[] r = range(px, imp.getWidth(), imp.getHeight(), Prefs.get(PREF, "zscale"));
		if (r == null || !(r[1] > r[0])) imp.resetDisplayRange();
		else imp.setDisplayRange(r[0], r[1]);
	}

	/** The range for a mode ("zscale", "percentile", "percentile:1,99", "minmax"), or null for min-max. */
	static double[] range(float[] px, int w, int h, String mode) {
		String m = mode == null ? "zscale" : mode.trim().toLowerCase(Locale.ROOT);
		if (m.equals("minmax")) return null;
		if (m.startsWith("percentile")) {
			double lo = 0.5, hi = 99.5;
			int colon = m.indexOf(':');
			if (colon >= 0) {
				String[] p = m.substring(colon + 1).split(",");
				try {
					lo = Double.parseDouble(p[0].trim());
					hi = Double.parseDouble(p[1].trim());
				}
				catch (RuntimeException e) {
					throw new IllegalArgumentException(PREF + ": '" + mode + "' is not percentile:low,high (e.g. percentile:1,99)");
				}
			}
			return Percentiles.of(px, lo, hi);
		}
		return ZScale.range(px, w, h);
	}
}
