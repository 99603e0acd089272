package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.registration.Alignment;
import org.astrofiji.core.registration.Match;
import org.astrofiji.core.registration.RegistrationTables;
import org.astrofiji.core.registration.StarList;
import org.astrofiji.core.registration.Transform;
import org.astrofiji.core.registration.TransformFinder;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;

/**
 * Matches the stars of an image (or a Find Stars table) with those of a reference image (or table)
 * and reports the transform between them ({@link TransformFinder}, astroalign's find_transform): one
 * row with the transform, residual RMS and matched count, and the table of matched pairs (the
 * inliers). Stars not given as a table are detected on the fly.
 */
@Plugin(type = Command.class, label = "Find Transform", headless = true,
	description = "Match the stars of an image (or a star table) with a reference's and report the transform: translation, similarity or affine, residual RMS, matched pairs")
public class FindTransformCommand implements Command {

	@Parameter(label = "image", required = false, description = "The image whose transform onto the reference is wanted (an open image by title)")
	private AstroImage image;

	@Parameter(label = "reference", required = false, description = "The reference image (an open image by title)")
	private AstroImage reference;

	@Parameter(label = "input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "image"), description = "A FITS file instead of the image (headless runs)")
	private File input;

	@Parameter(label = "reference_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "reference"), description = "A FITS file instead of the reference image")
	private File reference_input;

	@Parameter(label = "stars", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "The image's stars as a CSV table with columns x, y (FITS) and flux (Find Stars' table_file) instead of detecting them")
	private File stars;

	@Parameter(label = "reference_stars", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "The reference's stars as a CSV table (x, y, flux) instead of detecting them")
	private File reference_stars;

	@Parameter(label = "transform", choices = { "similarity", "translation", "affine" },
		description = "similarity: rotation, scale and shift (astroalign); translation: shift only (fast path for drifting frames); affine: also shear and unequal scales")
	private String transform = "similarity";

	@Parameter(label = "tolerance (px)", min = "0.1", description = "Largest distance between a transformed star and its reference star for them to match")
	private double tolerance = 2;

	@Parameter(label = "max_error (px)", min = "0.001", description = "Refuse a transform whose 1-sigma uncertainty (from the residuals) exceeds this anywhere over the stars' field")
	private double max_error = 0.5;

	@Parameter(label = "table_file", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the matched pairs as CSV to this file")
	private File table_file;

	@Parameter(label = "overwrite", required = false, description = "Replace table_file if it exists")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "transform_table")
	private Table transform_table;

	@Parameter(type = ItemIO.OUTPUT, label = "matches")
	private Table matches;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("table_file", table_file, FileOutputs.Kind.TABLE).check()) {
			Side src = side("image", image, input, stars), ref = side("reference", reference, reference_input, reference_stars);
			TransformFinder finder = TransformFinder.of(Transform.Kind.of(transform)).tolerance(tolerance).maxError(max_error);
			Match m = finder.find(src.stars, ref.stars);
			transform_table = RegistrationTables.transforms();
			RegistrationTables.add(transform_table, src.name, Alignment.of(m, src.width, src.height));
			matches = RegistrationTables.matches(m, src.stars, ref.stars);
			summary = "Find Transform " + src.name + " (" + src.stars.size() + " stars) onto " + ref.name + " (" + ref.stars.size() +
				" stars): " + m.summary();
			if (table_file != null) {
				CsvTables.write(out.file(table_file), matches, true);
				summary += "\nwrote " + table_file;
			}
			out.commit();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** One side of the match: its stars (from the table or detected), name and size. */
	private static final class Side {
		StarList stars;
		String name;
		int width, height;
	}

	private static Side side(String key, AstroImage img, File file, File table) throws IOException {
		Side s = new Side();
		AstroImage a = file != null ? FitsReader.readImage(file.getPath()) : img;
		if (table != null) {
			s.stars = StarList.of(CsvTables.read(table), key.equals("image") ? "stars" : "reference_stars");
			s.name = table.getName();
		}
		else if (a != null) {
			s.stars = StarList.detect(a);
			s.name = a.name();
		}
		else throw new IllegalArgumentException(key + ": no image and no star table; choose an open image, or give " + (key.equals(
			"image") ? "input or stars" : "reference_input or reference_stars"));
		if (a != null) {
			s.width = a.width();
			s.height = a.height();
		}
		else {
			// a table alone: the frame is taken to end at its outermost stars
			for (int i = 0; i < s.stars.size(); i++) {
				s.width = Math.max(s.width, (int) Math.ceil(s.stars.x(i)));
				s.height = Math.max(s.height, (int) Math.ceil(s.stars.y(i)));
			}
		}
		return s;
	}
}
