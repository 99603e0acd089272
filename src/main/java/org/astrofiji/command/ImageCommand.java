package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Base of the commands that process one image into another ({@link ImageInputCommand}: the image or
 * a FITS {@code input}); results are returned as outputs and, when {@code output} is set, also written
 * as FITS with the input header and a HISTORY line naming the command and its parameters, together with
 * the command's other output files ({@link FileOutputs}).
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
	 * This run's output files with {@code output} declared (as FITS): a command adds its other outputs
	 * (tables, region files), then {@link FileOutputs#check()}s them all before any work.
	 */
	protected FileOutputs outputs() {
		return FileOutputs.of(this, overwrite).add("output", output, FileOutputs.Kind.FITS);
	}

	/**
	 * Stages the image (SCI, and ERR and DQ when it has them) and the extra extensions for
	 * {@code output} when it is set; {@link FileOutputs#commit()} publishes it. Returns a line saying
	 * what is written, or "" when nothing is.
	 */
	protected String write(FileOutputs out, AstroImage result, Hdu... extensions) throws IOException {
		return write(out, Hdu.of(result, extensions));
	}

	/** Stages these HDUs for {@code output} when it is set; see {@link #write(FileOutputs, AstroImage, Hdu...)}. */
	protected String write(FileOutputs out, List<Hdu> hdus) throws IOException {
		if (output == null) return "";
		FitsWriter.write(out.file(output), true, hdus);
		return "wrote " + output;
	}
}
