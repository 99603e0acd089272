package org.astrofiji.command;

import java.util.Locale;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.registration.Interpolation;
import org.astrofiji.core.registration.Resampler;

/**
 * The {@code interpolation} and {@code fill} keys of the commands that resample (Shift Image, Rotate
 * Image, Align Images), declared once: their descriptions (annotation values must be constants, so the
 * commands refer to these), how the keys become a {@link Resampler}, and the summary of the result's
 * no-data pixels.
 */
final class Resampling {

	static final String INTERPOLATION = "cubic: B-spline with its prefilter (scipy.ndimage order 3, keeps centres of light " +
		"exactly); lanczos3: sinc windowed over 6x6 pixels; bilinear: scipy's order 1 (for a shift, each pixel's flux shared " +
		"among those it overlaps); nearest: whole pixels (order 0)";

	static final String FILL = "Value of the output pixels the source image does not cover: NaN or 0 (scipy's cval=0); " +
		"flagged no data in DQ either way";

	private Resampling() {}

	/** The resampler of the interpolation and fill keys. */
	static Resampler resampler(String interpolation, String fill) {
		return Resampler.of(Interpolation.of(interpolation)).fill(fill(fill));
	}

	/** nan or zero. */
	static double fill(String key) {
		String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
		if (k.equals("nan")) return Double.NaN;
		if (k.equals("zero") || k.equals("0")) return 0;
		throw new IllegalArgumentException("fill must be nan or zero (got '" + key + "')");
	}

	/** "; 123 pixels without data, 45 from the mirrored edge; WCS moved" for a summary. */
	static String describe(AstroImage out) {
		short[] dq = out.dqData();
		long noData = 0, edge = 0;
		for (short q : dq) {
			if ((q & Dq.NO_DATA) != 0) noData++;
			else if ((q & Dq.EDGE) != 0) edge++;
		}
		return String.format(Locale.ROOT, "; %d pixels without data, %d from the mirrored edge%s", noData, edge, out.header().hasWcs()
			? "; WCS moved with the pixels" : "");
	}
}
