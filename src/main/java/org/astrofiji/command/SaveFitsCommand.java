package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Saves an image (a stack as a cube) as FITS with its header: 32-bit float by default, or 16-bit
 * unsigned (BZERO = 32768) and the other integer types on request; atomically, and never over an
 * existing file unless {@code overwrite} is set.
 */
@Plugin(type = Command.class, label = "Save FITS", headless = true,
	description = "Save an image as FITS with its header (BITPIX -32, -64, 16, 8 or 32)")
public class SaveFitsCommand<T extends RealType<T>> implements Command {

	@Parameter(label = "image", description = "The image to save (in ImageJ, the active image)")
	private Img<T> image;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE, description = "The image's FITS header")
	private FitsHeader header;

	@Parameter(label = "path", style = FileWidget.SAVE_STYLE, persist = false,
		description = "The FITS file to write (.fits, .fits.gz for gzip, .fits.fz for lossless tile compression)")
	private File path;

	@Parameter(label = "bitpix", choices = { "-32", "-64", "16", "8", "32" },
		description = "Pixel type: -32 float (default), -64 double, 16 unsigned with BZERO 32768, 8 unsigned, 32 signed")
	private String bitpix = "-32";

	@Parameter(label = "overwrite", description = "Replace the file if it exists")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		int b = Integer.parseInt(bitpix);
		FitsHeader h = header == null ? new FitsHeader() : header.copy();
		// float output stores the pixels exactly; integer output quantizes them, which history records
		if (b > 0) h.addHistory(Provenance.of(this));
		try {
			FitsWriter.write(path, overwrite, Hdu.image(image, h).withBitpix(b));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		summary = "wrote " + path + " (" + Images.size(image) + ", BITPIX " + b + ")";
	}
}
