package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import java.util.List;

import org.astrofiji.core.image.AstroImage;
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
public class SaveFitsCommand implements Command {

	@Parameter(label = "image", description = "The image to save (in ImageJ, the active image)")
	private AstroImage image;

	@Parameter(label = "path", style = FileWidget.SAVE_STYLE, persist = false,
		description = "The FITS file to write (.fits, .fits.gz for gzip, .fits.fz for lossless tile compression)")
	private File path;

	@Parameter(label = "bitpix", choices = { "-32", "-64", "16", "8", "32" },
		description = "Pixel type of SCI: -32 float (default), -64 double, 16 unsigned with BZERO 32768, 8 unsigned, 32 signed (ERR stays float, DQ 16-bit)")
	private String bitpix = "-32";

	@Parameter(label = "overwrite", description = "Replace the file if it exists")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		if (image == null) throw new IllegalArgumentException("no image to save: open one");
		int b = Integer.parseInt(bitpix);
		FitsHeader h = image.headerCopy();
		// float output stores the pixels exactly; integer output quantizes them, which history records
		if (b > 0) h.addHistory(Provenance.of(this));
		List<Hdu> hdus = Hdu.of(image.withHeader(h));
		// SCI is the first HDU with data
		int sci = hdus.get(0).data() != null ? 0 : 1;
		hdus.set(sci, hdus.get(sci).withBitpix(b));
		try {
			FitsWriter.write(path, overwrite, hdus);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		summary = "wrote " + path + " (" + image.size() + ", BITPIX " + b + (image.hasErr() || image.hasDq()
			? "; SCI, " + (image.hasErr() ? "ERR, " : "") + (image.hasDq() ? "DQ" : "") : "").replaceAll(", $", "") + ")";
	}
}
