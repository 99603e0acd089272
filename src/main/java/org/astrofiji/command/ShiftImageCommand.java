package org.astrofiji.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.registration.ImageWarp;
import org.astrofiji.core.registration.Interpolation;
import org.astrofiji.core.registration.Resampler;
import org.astrofiji.core.registration.Warp;

/**
 * Moves the image content by a sub-pixel (dx, dy) on its grid ({@link Warp#shift}, {@link ImageWarp}):
 * scipy.ndimage.shift with the cubic spline, or Lanczos-3, bilinear, nearest; ERR propagated, DQ
 * carried, no-data and edge flags set, the WCS moved with the pixels.
 */
@Plugin(type = Command.class, label = "Shift Image", headless = true,
	description = "Shift an image by a sub-pixel (dx, dy): cubic spline (scipy.ndimage.shift order 3), Lanczos-3, bilinear or nearest; ERR, DQ and WCS follow")
public class ShiftImageCommand extends ImageCommand {

	@Parameter(label = "dx (px)", description = "Shift to the right (FITS x), pixels; fractions interpolate")
	private double dx = 0;

	@Parameter(label = "dy (px)", description = "Shift up (FITS y, as displayed with row 1 at the bottom), pixels")
	private double dy = 0;

	@Parameter(label = "interpolation", choices = { "cubic", "lanczos3", "bilinear", "nearest" },
		description = "cubic: B-spline with its prefilter (scipy.ndimage order 3, keeps centres of light exactly); lanczos3: sinc windowed over 6x6 pixels; bilinear: the exact overlap of the shifted pixels (each pixel's flux shared among those it overlaps); nearest: whole pixels")
	private String interpolation = "cubic";

	@Parameter(label = "fill", choices = { "nan", "zero" },
		description = "Value of the pixels shifted in from outside the image: NaN (no data, flagged) or 0 (scipy's cval=0; still flagged no data)")
	private String fill = "nan";

	@Parameter(type = ItemIO.OUTPUT, label = "shifted")
	private AstroImage shifted;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().check()) {
			AstroImage src = source2D();
			Warp warp = Warp.shift(src.width(), src.height(), dx, dy);
			shifted = ImageWarp.apply(src, warp, resampler(interpolation, fill), outputHeader(src));
			String wrote = write(out, shifted);
			out.commit();
			summary = String.format(Locale.ROOT, "Shift Image: %s moved by (%s, %s) px (%s, fill %s)%s%s", src.name(), Provenance.format(dx),
				Provenance.format(dy), interpolation, fill, describe(shifted), wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

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

	/** "; 123 pixels without data, 45 at the edge; WCS moved" for a summary. */
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
