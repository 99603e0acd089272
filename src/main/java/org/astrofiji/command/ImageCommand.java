package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.OutputFiles;

/**
 * Base of the commands that process one image: it arrives either as an open image (the active image
 * in ImageJ, with its FITS header from the image's Info) or, for headless batch runs, as a FITS file
 * ({@code input}); results are returned as outputs and, when {@code output} is set, also written as
 * FITS with the input header and a HISTORY line naming the command and its parameters.
 */
public abstract class ImageCommand<T extends RealType<T>> implements Command {

	@Parameter(label = "image", required = false, description = "The image to process (in ImageJ, the active image)")
	protected Img<T> image;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "FITS header of the image (the ImageJ bridge fills it from the image's Info)")
	protected FitsHeader header;

	@Parameter(label = "input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "image"),
		description = "A FITS file to process instead of an open image (headless runs); end it in [EXT] to pick an HDU, e.g. frame.fits[SCI]")
	protected File input;

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the result to this FITS file (.fits, .fits.gz or .fits.fz)")
	protected File output;

	@Parameter(label = "overwrite", required = false, description = "Replace the output file if it exists")
	protected boolean overwrite;

	@Parameter(required = false)
	protected StatusService status;

	/** The image to process with its header: the input file when given, otherwise the open image. */
	protected FitsImage source() throws IOException {
		if (input != null) return FitsReader.read(input.getPath());
		if (image == null) throw new IllegalArgumentException("no image: open one, or give an input FITS file");
		FitsHeader h = header == null ? new FitsHeader() : header.copy();
		return new FitsImage(h.source().isEmpty() ? "image" : h.source(), Images.toFloat(image), h, null, 0, -32);
	}

	/** The source, which must be one 2-D image: a stack (or an RGB FITS cube) is named as the error. */
	protected FitsImage source2D() throws IOException {
		FitsImage src = source();
		if (src.pixels().numDimensions() != 2) {
			org.scijava.plugin.Plugin p = getClass().getAnnotation(org.scijava.plugin.Plugin.class);
			throw new IllegalArgumentException((input != null ? "input" : "image") + ": " + (p == null ? "this command" : p.label()) +
				" works on one 2-D image, got " + Images.size(src.pixels()) + " (a stack or a colour cube: split it first)");
		}
		return src;
	}

	/**
	 * An image extension of the input file by EXTNAME (e.g. its ERR or DQ), or null when the command
	 * runs on an open image or the file has no such extension.
	 */
	protected FitsImage inputExtension(String extname) throws IOException {
		if (input == null) return null;
		File file = org.astrofiji.io.FitsPath.parse(input).file();
		for (FitsReader.HduInfo hdu : FitsReader.list(file)) {
			if (extname.equalsIgnoreCase(hdu.extname) && hdu.isImage()) return FitsReader.read(file, extname);
		}
		return null;
	}

	/** Progress of the core work, shown by whichever surface runs the command. */
	protected Progress progress() {
		return new StatusProgress(status);
	}

	/** The HISTORY line of this run. */
	protected String history() {
		return Provenance.of(this);
	}

	/** A copy of the source header with this run's HISTORY line: the header of an output image. */
	protected FitsHeader outputHeader(FitsImage source) {
		return source.header().copy().addHistory(history());
	}

	/**
	 * Writes the HDUs to {@code output} when it is set (atomically; never over an input or an existing
	 * file unless {@code overwrite}). Returns a line saying what was written, or "" when nothing was.
	 */
	protected String write(List<Hdu> hdus) throws IOException {
		if (output == null) return "";
		List<File> inputs = new ArrayList<>();
		if (input != null) inputs.add(org.astrofiji.io.FitsPath.parse(input).file());
		OutputFiles.checkNotInput(output, inputs);
		FitsWriter.write(output, overwrite, hdus);
		return "wrote " + output;
	}
}
