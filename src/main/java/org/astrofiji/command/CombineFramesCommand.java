package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineResult;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.FrameStack;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.FrameFiles;
import org.astrofiji.io.Hdu;

/**
 * Combines frames pixel by pixel: FITS files streamed in bands of rows (so any number of large
 * frames combine in bounded memory), or an open stack. Writes SCI, ERR (standard error), DQ and COUNT
 * (frames used per pixel). The combination parameters are {@link CombiningCommand}'s.
 */
@Plugin(type = Command.class, label = "Combine Frames", headless = true,
	description = "Combine frames (files or an open stack) by median, mean, sigma clipping or minmax rejection, in bounded memory")
@InheritedAfter("pattern")
public class CombineFramesCommand extends CombiningCommand {

	@Parameter(label = "stack", required = false, attrs = @Attr(name = Commands.CHOOSE_IMAGE, value = "true"),
		description = "An open stack to combine (its slices are the frames), when no files or directory are given")
	private AstroImage stack;

	@Parameter(label = "files", required = false, persist = false, attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "stack"),
		description = "FITS files to combine, comma-separated (relative to directory when given; file.fits[SCI] picks an HDU)")
	private String files = "";

	@Parameter(label = "directory", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "stack"),
		description = "Directory of the frames, selected by pattern when files is empty")
	private File directory;

	@Parameter(label = "pattern", description = "Glob(s) selecting the frames in directory, comma-separated, case-insensitive")
	private String pattern = "*.fits";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Scaling and weights";

	@Parameter(label = "scale", choices = { "none", "exposure", "median", "mean" },
		description = "Scale each frame to the mean level of all: by exposure time, or by its median or mean")
	private String scale = "none";

	@Parameter(label = "weights", required = false,
		description = "Weights for mean, sigma_clip and minmax: empty (equal), one number per frame (comma-separated), or a header keyword")
	private String weights = "";

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "FITS file to write: SCI, ERR, DQ and COUNT extensions")
	private File output;

	@Parameter(label = "overwrite", description = "Replace the output file if it exists")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "combined")
	private AstroImage combined;

	@Parameter(type = ItemIO.OUTPUT, label = "frames")
	private Table frames;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			List<String> paths = FrameFiles.paths(files, directory, pattern);
			List<File> inputs = new ArrayList<>();
			for (String p : paths) inputs.add(new File(p));
			try (FileOutputs out = FileOutputs.of(this, overwrite).inputs(inputs).add("output", output, FileOutputs.Kind.FITS).check()) {
				if (!paths.isEmpty()) combineFiles(paths, out);
				else if (stack != null) combineStack(out);
				else throw new IllegalArgumentException("nothing to combine: give files, or a directory and pattern, or open a stack");
				out.commit();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	private void combineFiles(List<String> paths, FileOutputs out) throws IOException {
		List<FitsBandReader> readers = FrameFiles.open(paths, hdu);
		try {
			List<String> names = new ArrayList<>();
			List<FitsHeader> headers = new ArrayList<>();
			List<RowSource> sources = new ArrayList<>();
			for (FitsBandReader r : readers) {
				names.add(r.name());
				headers.add(r.header());
				sources.add(FrameFiles.source(r));
			}
			FrameStack stack = FrameStack.of(names, headers, rejection(), CombineSettings.Scale.of(scale), weights, exptime_key);
			finish(stack, StackCombiner.combine(sources, stack.settings, progress()), headers.get(0).copy(), out);
		}
		finally {
			FrameFiles.close(readers);
		}
	}

	private void combineStack(FileOutputs out) throws IOException {
		Images.requireDimensions("stack", stack.sci(), 3);
		FrameStack slices = FrameStack.slices(stack.depth(), rejection(), CombineSettings.Scale.of(scale), weights);
		finish(slices, StackCombiner.combine(stack.sci(), slices.settings, progress()), stack.headerCopy(), out);
	}

	private void finish(FrameStack stack, CombineResult r, FitsHeader base, FileOutputs out) throws IOException {
		combined = r.image("combined", stack.header(base, exptime_key, Provenance.of(this), r));
		frames = stack.table(r);
		summary = String.format(Locale.ROOT, "Combine Frames: %s; mean %.6g", r.summary(), r.meanValue());
		if (output != null) {
			FitsWriter.write(out.file(output), true, Hdu.of(combined, Hdu.count(r.count, r.width, r.height)));
			summary += "\nwrote " + output + " (SCI, ERR, DQ, COUNT)";
		}
	}
}
