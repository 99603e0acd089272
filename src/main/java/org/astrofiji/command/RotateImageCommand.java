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
 * Rotates the image about its centre by any angle ({@link Warp#rotation}, {@link ImageWarp}):
 * clockwise as displayed, as ImageJ's Image > Transform > Rotate (scipy.ndimage.rotate on the FITS
 * array); the canvas kept or grown to hold the whole rotated image; ERR, DQ and WCS follow.
 */
@Plugin(type = Command.class, label = "Rotate Image", headless = true,
	description = "Rotate an image about its centre by any angle (nearest, bilinear, cubic spline, Lanczos-3), canvas kept or grown; ERR, DQ and WCS follow")
public class RotateImageCommand extends ImageCommand {

	@Parameter(label = "angle (deg)", description = "Rotation, degrees clockwise as displayed (ImageJ's Rotate; scipy.ndimage.rotate's angle on the FITS array)")
	private double angle = 0;

	@Parameter(label = "interpolation", choices = { "cubic", "lanczos3", "bilinear", "nearest" }, description = Resampling.INTERPOLATION)
	private String interpolation = "cubic";

	@Parameter(label = "grow", description = "Grow the canvas to hold the whole rotated image (scipy's reshape=True); otherwise keep the size and cut the corners")
	private boolean grow;

	@Parameter(label = "fill", choices = { "nan", "zero" }, description = Resampling.FILL)
	private String fill = "nan";

	@Parameter(type = ItemIO.OUTPUT, label = "rotated")
	private AstroImage rotated;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().check()) {
			AstroImage src = source2D();
			Warp warp = Warp.rotation(src.width(), src.height(), angle, grow);
			rotated = ImageWarp.apply(src, warp, Resampling.resampler(interpolation, fill), outputHeader(src));
			String wrote = write(out, rotated);
			out.commit();
			summary = String.format(Locale.ROOT, "Rotate Image: %s rotated by %s deg clockwise (%s, fill %s), %s -> %s%s%s", src.name(),
				Provenance.format(angle), interpolation, fill, src.size(), rotated.size(), Resampling.describe(rotated),
				wrote.isEmpty() ? "" : "; " + wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
