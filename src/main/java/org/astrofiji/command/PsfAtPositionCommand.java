package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfModelDescription;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.PsfModelFiles;

/**
 * The PSF a model gives at one position of its image ({@link LauerPsf#at}): from a PSF model file, or
 * from the basis image Estimate PSF leaves open (whose header carries the model).
 */
@Plugin(type = Command.class, label = "PSF at Position", headless = true,
	description = "The unit-sum PSF of a spatially varying PSF model (Estimate PSF's basis image or model file) at a position of the image it describes")
public class PsfAtPositionCommand implements Command {

	@Parameter(label = "model", required = false,
		description = "The PSF model as Estimate PSF shows it: its basis image (in ImageJ, the active image), whose header holds the model")
	private AstroImage model;

	@Parameter(label = "model_file", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "model"),
		description = "A PSF model file (Estimate PSF's model_file, or its basis image saved as FITS) instead of an open basis image")
	private File model_file;

	@Parameter(label = "x (px)", description = "FITS x of the star on the image the model describes (first pixel centre = 1); 0 = the image centre")
	private double x = 0;

	@Parameter(label = "y (px)", description = "FITS y of the star (first pixel centre = 1, y up); 0 = the image centre")
	private double y = 0;

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the PSF to this FITS file")
	private File output;

	@Parameter(label = "overwrite", description = "Replace the output file if it exists")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "psf")
	private AstroImage psf;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	/** The model of the file or the open basis image; a wrong one is named with its key. */
	private PsfModelDescription model(String from) throws IOException {
		try {
			return model_file != null ? PsfModelFiles.read(model_file) : PsfModelFiles.fromImage(model);
		}
		catch (IllegalArgumentException e) {
			String hint = model_file == null ? "; give model_file, or make the basis image of Estimate PSF the active image" : "";
			throw new IllegalArgumentException((model_file != null ? "model_file " : "model ") + e.getMessage() + hint, e);
		}
	}

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("output", output, FileOutputs.Kind.FITS).check()) {
			String from = model_file != null ? model_file.getName() : model != null ? model.name() : null;
			if (from == null) throw new IllegalArgumentException("no PSF model: give model_file, or run Estimate PSF and keep its basis image active");
			PsfModelDescription d = model(from);
			double px = x == 0 ? (d.width + 1) / 2.0 : x, py = y == 0 ? (d.height + 1) / 2.0 : y;
			if (!(px >= 0.5 && px <= d.width + 0.5 && py >= 0.5 && py <= d.height + 0.5)) throw new IllegalArgumentException(String.format(
				Locale.ROOT, "x, y = (%s, %s) is outside the %dx%d image the PSF model describes", Provenance.format(px),
				Provenance.format(py), d.width, d.height));
			FitsHeader h = new FitsHeader().set("PSFX", px, "FITS x of the PSF").set("PSFY", py, "FITS y of the PSF")
				.set("PSFMODEL", from, "PSF model").addHistory(Provenance.of(this));
			psf = AstroImage.of("psf", LauerPsf.of(d).image(px, py), h);
			List<String> lines = new ArrayList<>();
			lines.add(String.format(Locale.ROOT, "PSF at Position: the %dx%d PSF of %s at (%s, %s) (%d element%s, degree %d)", d.size,
				d.size, from, Provenance.format(px), Provenance.format(py), d.elements(), d.elements() == 1 ? "" : "s", d.degree));
			if (output != null) {
				FitsWriter.write(out.file(output), true, Hdu.of(psf));
				lines.add("wrote " + output);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}
}
