package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.OutputFiles;

/**
 * Base of the commands that process one image into another ({@link ImageInputCommand}: the image or
 * a FITS {@code input}); results are returned as outputs and, when {@code output} is set, also written
 * as FITS with the input header and a HISTORY line naming the command and its parameters.
 */
public abstract class ImageCommand extends ImageInputCommand {

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the result to this FITS file (.fits, .fits.gz or .fits.fz)")
	protected File output;

	@Parameter(label = "overwrite", required = false, description = "Replace the output file if it exists")
	protected boolean overwrite;

	/** A copy of the source header with this run's HISTORY line: the header of an output image. */
	protected FitsHeader outputHeader(AstroImage source) {
		return source.headerCopy().addHistory(history());
	}

	/**
	 * Writes the image (SCI, and ERR and DQ when it has them) and the extra extensions to
	 * {@code output} when it is set (atomically; never over an input or an existing file unless
	 * {@code overwrite}). Returns a line saying what was written, or "" when nothing was.
	 */
	protected String write(AstroImage result, Hdu... extensions) throws IOException {
		return write(Hdu.of(result, extensions));
	}

	/** Writes these HDUs to {@code output} when it is set; see {@link #write(AstroImage, Hdu...)}. */
	protected String write(List<Hdu> hdus) throws IOException {
		if (output == null) return "";
		List<File> inputs = new ArrayList<>();
		if (input != null) inputs.add(inputFile());
		OutputFiles.checkNotInput(output, inputs);
		FitsWriter.write(output, overwrite, hdus);
		return "wrote " + output;
	}
}
