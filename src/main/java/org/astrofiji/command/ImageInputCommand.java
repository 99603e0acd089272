package org.astrofiji.command;

import java.io.File;
import java.io.IOException;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Progress;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.io.FitsPath;
import org.astrofiji.io.FitsReader;

/**
 * Base of the commands that read one image: it arrives either as an open image (in ImageJ the active
 * image, with the header of its Info and the ERR and DQ it carries) or, for headless batch runs, as a
 * FITS file ({@code input}: its SCI with the ERR and DQ beside it). Commands that measure an image and
 * make tables and plots extend this; those that make an image extend {@link ImageCommand}.
 */
public abstract class ImageInputCommand implements Command {

	@Parameter(label = "image", required = false, description = "The image to process (in ImageJ, the active image)")
	protected AstroImage image;

	@Parameter(label = "input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "image"),
		description = "A FITS file to process instead of an open image (headless runs); end it in [EXT] to pick an HDU, e.g. frame.fits[SCI]")
	protected File input;

	@Parameter(required = false)
	protected StatusService status;

	/** The image to process: the input file when given (with its ERR and DQ), otherwise the open image. */
	protected AstroImage source() throws IOException {
		if (input != null) return FitsReader.readImage(input.getPath());
		if (image == null) throw new IllegalArgumentException("no image: open one, or give an input FITS file");
		return image;
	}

	/** The source, which must be one 2-D image: a stack (or an RGB FITS cube) is named as the error. */
	protected AstroImage source2D() throws IOException {
		return source().require2D(label());
	}

	/** The command's label ("Find Stars"). */
	protected String label() {
		Plugin p = Declarations.plugin(getClass());
		return p == null ? getClass().getSimpleName() : p.label();
	}

	/**
	 * A companion image given as a file ({@code key}: a mask, an ERR or background image, ...): one
	 * 2-D plane of the source's size, as a row-major array; a wrong size is named with both sizes.
	 */
	protected static float[] plane(String key, File file, AstroImage src) throws IOException {
		AstroImage p = FitsReader.readImage(file.getPath());
		if (!p.is2D() || p.width() != src.width() || p.height() != src.height()) throw new IllegalArgumentException(key + " " +
			p.name() + " (" + p.size() + ") and the image " + src.name() + " (" + src.size() + ") differ in size");
		return p.data();
	}

	/** Progress of the core work, shown by whichever surface runs the command. */
	protected Progress progress() {
		return new StatusProgress(status);
	}

	/** The HISTORY line of this run. */
	protected String history() {
		return Provenance.of(this);
	}

	/** The input file (without HDU selector), or null when the command runs on an open image. */
	protected File inputFile() {
		return input == null ? null : FitsPath.parse(input).file();
	}

	/** "ERR and DQ of frame.fits" for the summary: what the run used besides the pixels. */
	protected static String planes(AstroImage src) {
		if (!src.hasErr() && !src.hasDq()) return "";
		return (src.hasErr() && src.hasDq() ? "ERR and DQ" : src.hasErr() ? "ERR" : "DQ") + " of " + src.name();
	}
}
