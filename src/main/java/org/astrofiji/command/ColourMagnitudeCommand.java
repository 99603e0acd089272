package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Globs;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.ColourMagnitude;
import org.astrofiji.core.photometry.Measurement;
import org.astrofiji.core.photometry.PhotometryResult;
import org.astrofiji.core.photometry.StarMatch;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.FitsReader;

/**
 * A colour-magnitude diagram of one field in two or three bands ({@link ColourMagnitude#forced}): the
 * stars given for (or detected on) the first image are carried to the others through the WCS or the
 * shift between the frames' own stars, re-centred there and measured with the same apertures; the
 * table of magnitudes and colours, the diagram with its magnitude axis inverted, and the apertures
 * on the first image. Longer than most commands: it also carries the positions between the images.
 */
@Plugin(type = Command.class, label = "Colour-Magnitude Diagram", headless = true,
	description = "Photometry of the same stars in two or three bands: magnitudes, colours (band 1 - band 2, band 2 - band 3) and the colour-magnitude diagram (magnitude axis inverted)")
public class ColourMagnitudeCommand extends PhotometryCommand {

	@Parameter(label = "image2", description = "The second band's image (in ImageJ, an open image by title), e.g. V after B")
	private AstroImage image2;

	@Parameter(label = "input2", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "image2"), description = "A FITS file for the second band instead of an open image")
	private File input2;

	@Parameter(label = "image3", required = false, description = "An optional third band (e.g. R): adds its magnitude and the colour band 2 - band 3")
	private AstroImage image3;

	@Parameter(label = "input3", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "image3"), description = "A FITS file for the third band instead of an open image")
	private File input3;

	@Parameter(label = "bands", required = false,
		description = "Names of the bands in image order, e.g. B,V,R; empty: each image's FILTER keyword")
	private String bands = "";

	@Parameter(label = "align", choices = { "auto", "wcs", "stars", "none" },
		description = "How positions on the first image are carried to the others: wcs = through both images' WCS, stars = by the shift between the stars Find Stars detects on each (a shift, no rotation), none = same pixel grid; auto = wcs when both images have one, else stars")
	private String align = "auto";

	@Parameter(label = "max_offset (px)", min = "0", description = "align=stars: the largest shift between the images searched for")
	private double max_offset = 50;

	@Parameter(label = "regions_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the apertures on the first image as a DS9 region file (image coordinates)")
	private File regions_file;

	@Parameter(type = ItemIO.OUTPUT, label = "colours")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "diagram")
	private Plot plot;

	@Parameter(type = ItemIO.OUTPUT, label = "apertures")
	private Marks marks;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("regions_file", regions_file, FileOutputs.Kind.REGIONS).check()) {
			List<AstroImage> images = new ArrayList<>(List.of(source2D(), band("image2", image2, input2)));
			if (image3 != null || input3 != null) images.add(band("image3", image3, input3));
			List<String> names = names(images);
			List<String> notes = new ArrayList<>();
			AstroImage ref = images.get(0);
			List<Target> targets = targets(ref, notes);
			List<List<Measurement>> measured = new ArrayList<>();
			for (int b = 0; b < images.size(); b++) {
				AstroImage img = images.get(b);
				List<String> own = new ArrayList<>();
				List<Target> here = b == 0 ? targets : carry(targets, ref, img, own);
				PhotometryResult r = AperturePhotometry.measure(pixels(img, own), here, settings(img, own), progress());
				if (b == 0) marks = r.marks("apertures", "green");
				measured.add(r.measurements());
				notes.add(names.get(b) + " " + img.name() + ": " + String.join(", ", own));
			}
			ColourMagnitude cmd = ColourMagnitude.forced(names, measured, 0);
			table = cmd.table("Results", Wcs.of(ref));
			plot = cmd.plot("Colour-magnitude diagram");
			List<String> lines = new ArrayList<>();
			lines.add("Colour-Magnitude Diagram " + String.join(", ", names) + ": " + cmd.size() + " stars, " + plot.series().get(0).x
				.length + " with every magnitude; " + String.join("; ", notes));
			for (String wrote : new String[] { writeTable(out, table), writeRegions(out, regions_file, marks) }) {
				if (!wrote.isEmpty()) lines.add(wrote);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	private AstroImage band(String key, AstroImage img, File file) throws IOException {
		if (file != null) return FitsReader.readImage(file.getPath()).require2D(label());
		if (img == null) throw new IllegalArgumentException(key + ": no image; open one, or give input" + key.substring(5));
		return img.require2D(label());
	}

	/** The bands as given, else the images' FILTER keywords, else 1, 2, 3. */
	private List<String> names(List<AstroImage> images) {
		List<String> given = Globs.split(bands), out = new ArrayList<>();
		if (!given.isEmpty() && given.size() != images.size()) throw new IllegalArgumentException("bands names " + given.size() +
			" bands for " + images.size() + " images (got '" + bands + "')");
		for (int b = 0; b < images.size(); b++) {
			String f = images.get(b).header().getString("FILTER");
			out.add(!given.isEmpty() ? given.get(b) : f != null && !f.isBlank() ? f.trim() : Integer.toString(b + 1));
		}
		if (out.stream().distinct().count() < out.size()) throw new IllegalArgumentException("the bands must differ (got " + out +
			(given.isEmpty() ? " from the FILTER keywords; name them with bands, e.g. B,V" : "") + ")");
		return out;
	}

	/** The targets of the first image placed on another: through the WCS, the stars' shift, or as they are. */
	private List<Target> carry(List<Target> targets, AstroImage ref, AstroImage img, List<String> notes) {
		Wcs from = Wcs.of(ref), to = Wcs.of(img);
		boolean wcs = from != null && to != null && from.isSupported() && to.isSupported();
		String mode = align.equals("auto") ? wcs ? "wcs" : "stars" : align;
		List<Target> out = new ArrayList<>();
		if (mode.equals("none")) return targets;
		if (mode.equals("wcs")) {
			if (!wcs) throw new IllegalArgumentException("align=wcs: " + (from == null || !from.isSupported() ? ref.name() : img.name()) +
				" has no usable WCS; use align=stars or none");
			for (Target t : targets) {
				double[] sky = from.pixelToSky(t.x, t.y), p = to.skyToPixel(sky[0], sky[1]);
				out.add(t.at(p[0], p[1]));
			}
			notes.add("positions through the WCS");
			return out;
		}
		double[][] a = stars(ref), b = stars(img);
		StarMatch m = StarMatch.match(a[0], a[1], b[0], b[1], max_offset, 2);
		if (m.size() < 3) throw new IllegalArgumentException("align=stars: only " + m.size() + " stars of " + ref.name() +
			" and " + img.name() + " match within max_offset " + Provenance.format(max_offset) + " px; raise max_offset, or give both images a WCS");
		for (Target t : targets) out.add(t.at(t.x + m.dx, t.y + m.dy));
		notes.add(String.format(java.util.Locale.ROOT, "shifted by (%.3f, %.3f) px from %d matched stars", m.dx, m.dy, m.size()));
		return out;
	}

	private double[][] stars(AstroImage img) {
		Table t = StarFinder.find(img, new DetectionSettings(), progress()).table();
		return new double[][] { t.column("x"), t.column("y") };
	}
}
