package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.Measurement;
import org.astrofiji.core.photometry.PhotometryResult;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Wcs;

/**
 * Aperture photometry of the stars of one image ({@link AperturePhotometry}): at the positions of a
 * table or region file, of the points marked in ImageJ, or of the stars Find Stars detects; the
 * results table (with RA/Dec when the image has a WCS), the apertures and annuli as an overlay, and
 * on request the table as CSV and the apertures as a DS9 region file.
 */
@Plugin(type = Command.class, label = "Aperture Photometry", headless = true,
	description = "Sum the light of stars in circular apertures with a local sky annulus: net flux, its error (ERR or the CCD equation), S/N and magnitude; positions from a table, region file, marked points or Find Stars")
public class AperturePhotometryCommand extends PhotometryCommand {

	@Parameter(label = "regions_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the apertures and sky annuli as a DS9 region file (image coordinates)")
	private File regions_file;

	@Parameter(type = ItemIO.OUTPUT, label = "photometry")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "apertures")
	private Marks marks;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("regions_file", regions_file, FileOutputs.Kind.REGIONS).check()) {
			AstroImage src = source2D();
			List<String> notes = new ArrayList<>();
			PhotometrySettings s = settings(src, notes);
			List<Target> targets = targets(src, notes);
			PhotometryResult r = AperturePhotometry.measure(pixels(src, notes), targets, s, progress());
			Wcs wcs = Wcs.of(src);
			table = r.table("Results", wcs);
			marks = r.marks("apertures", "green");
			List<String> lines = new ArrayList<>();
			lines.add(String.format("Aperture Photometry on %s: %d stars measured (%d flagged), %s; %s", src.name(), targets.size(),
				flagged(r), describe(s), String.join("; ", notes)) + (wcs != null && wcs.isSupported() ? "; ra, dec from the WCS" : ""));
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

	private static int flagged(PhotometryResult r) {
		int n = 0;
		for (Measurement m : r.measurements()) if (m.flags != 0) n++;
		return n;
	}

	/** "r = 5 px, sky median in 8-12 px, centroid windowed" for the summary. */
	static String describe(PhotometrySettings s) {
		StringBuilder sb = new StringBuilder("r = ");
		for (int a = 0; a < s.apertures.size(); a++) sb.append(a == 0 ? "" : ", ").append(Provenance.format(s.apertures.get(a).a));
		sb.append(" px (").append(s.overlap).append(")");
		if (s.annulus != null) sb.append(", sky ").append(s.sky.name().toLowerCase(java.util.Locale.ROOT)).append(" in ")
			.append(Provenance.format(s.annulus.innerA)).append("-").append(Provenance.format(s.annulus.a)).append(" px");
		else sb.append(", no sky");
		return sb.append(", centroid ").append(s.centroid.name().toLowerCase(java.util.Locale.ROOT)).toString();
	}
}
