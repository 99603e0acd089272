package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.FitsPath;
import org.astrofiji.io.FitsReader;

/**
 * Opens an image HDU of a FITS file with its scaling and header right: any extension, every BITPIX,
 * BSCALE/BZERO/BLANK, gzip and tile compression, cubes as stacks (ImageJ's own reader handles only
 * the primary HDU and unsigned 16-bit scaling). The SCI extension of a product opens with its ERR and DQ,
 * which travel with the image through the other commands and back out with Save FITS.
 */
@Plugin(type = Command.class, label = "Open FITS", headless = true,
	description = "Open an image HDU of a FITS file (any extension, every BITPIX, scaling, gzip/fpack)")
public class OpenFitsCommand implements Command {

	@Parameter(label = "path", style = FileWidget.OPEN_STYLE, persist = false,
		description = "The FITS file (.fits, .fit, .fts, .gz, .fz); may end in [EXT] to pick an HDU")
	private File path;

	@Parameter(label = "hdu", required = false, persist = false,
		description = "Which HDU: empty for the first with an image, a 0-based index (1) or an EXTNAME (SCI)")
	private String hdu = "";

	@Parameter(type = ItemIO.OUTPUT, label = "image")
	private AstroImage image;

	@Override
	public void run() {
		try {
			image = FitsReader.readImage(hdu == null || hdu.isBlank() ? FitsPath.parse(path) : new FitsPath(path, hdu.trim()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
