package org.astrofiji.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.registration.ImageWarp;
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

	@Parameter(label = "interpolation", choices = { "cubic", "lanczos3", "bilinear", "nearest" }, description = Resampling.INTERPOLATION)
	private String interpolation = "cubic";

	@Parameter(label = "fill", choices = { "nan", "zero" }, description = Resampling.FILL)
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
			shifted = ImageWarp.apply(src, warp, Resampling.resampler(interpolation, fill), outputHeader(src));
			String wrote = write(out, shifted);
			out.commit();
			summary = String.format(Locale.ROOT, "Shift Image: %s moved by (%s, %s) px (%s, fill %s)%s%s", src.name(), Provenance.format(dx),
				Provenance.format(dy), interpolation, fill, Resampling.describe(shifted), wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
