package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.io.FrameFiles;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.photometry.LightCurve;
import org.astrofiji.core.photometry.ObservationTime;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.FitsReader;

/**
 * Differential photometry of a target against comparison stars over a series of frames on disk
 * ({@link LightCurve}): the frames in time order (mid-exposure MJD from DATE-OBS, MJD-OBS or JD plus
 * half of EXPTIME; a frame without them is named and skipped), each star re-centred from where it was
 * in the frame before; the table (relative flux, its error, the ensemble, airmass) and its plot. The
 * frames are read one at a time. Longer than most commands: it also finds, dates and orders the frames.
 */
@Plugin(type = Command.class, label = "Light Curve", headless = true,
	description = "Differential photometry of a target against an ensemble of comparison stars over a directory of frames: relative flux, its error and airmass against mid-exposure MJD")
public class LightCurveCommand extends PhotometryCommand {

	@Parameter(label = "directory", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory of the reduced frames of the series")
	private File directory;

	@Parameter(label = "frames", description = "Which files of the directory: comma-separated globs, e.g. science_V_*.fits")
	private String frames = "*.fits";

	@Parameter(label = "target", required = false,
		description = "The target's FITS position x,y on the first frame (e.g. 512.3,300.8); empty: the first of positions or of the points marked in ImageJ")
	private String target = "";

	@Parameter(label = "comparisons", required = false,
		description = "The comparison stars' FITS positions, x,y separated by spaces (e.g. 100,200 340.5,80); empty: the other positions or marked points")
	private String comparisons = "";

	@Parameter(type = ItemIO.OUTPUT, label = "light_curve")
	private Table table;

	@Parameter(type = ItemIO.OUTPUT, label = "plot")
	private Plot plot;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	/** A frame file and its time. */
	private static final class Dated {

		final File file;
		final double mjd, airmass;

		Dated(File file, double mjd, double airmass) {
			this.file = file;
			this.mjd = mjd;
			this.airmass = airmass;
		}
	}

	@Override
	public void run() {
		try (FileOutputs out = outputs().check()) {
			List<String> notes = new ArrayList<>();
			List<Dated> series = series(notes);
			AstroImage first = FitsReader.readImage(series.get(0).file.getPath()).require2D(label());
			AstroImage ref = image != null || input != null ? source2D() : first;
			List<Target> stars = stars(ref, notes);
			stars = onFirstFrame(stars, ref, first, notes);
			PhotometrySettings s = settings(first, notes);
			List<String> frameNotes = new ArrayList<>();
			LightCurve lc = LightCurve.measure(series.size(), i -> frame(series.get(i), i == 0 ? first : null, frameNotes), stars.get(0),
				stars.subList(1, stars.size()), s, 0, progress());
			if (!frameNotes.isEmpty()) notes.add(frameNotes.get(0));
			table = lc.table("Results");
			plot = plot(lc);
			int bad = 0;
			for (LightCurve.Point p : lc.points()) if (!Double.isFinite(p.relative)) bad++;
			List<String> lines = new ArrayList<>();
			lines.add("Light Curve: " + series.size() + " frames of " + directory.getName() + " (" + frames + "), target at (" +
				Provenance.format(stars.get(0).x) + ", " + Provenance.format(stars.get(0).y) + ") against " + (stars.size() - 1) +
				" comparison stars, r = " + Provenance.format(s.apertures.get(0).a) + " px" + (bad > 0 ? "; " + bad +
					" frames without a relative flux (flagged)" : "") + "; " + String.join("; ", notes));
			String wrote = writeTable(out, table);
			if (!wrote.isEmpty()) lines.add(wrote);
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The curve against minutes, hours or days since the first frame (ImageJ's plots are single precision). */
	private static Plot plot(LightCurve lc) {
		List<LightCurve.Point> p = lc.points();
		double t0 = p.get(0).time, span = p.get(p.size() - 1).time - t0;
		double unit = span < 0.5 ? 1 / 1440.0 : span < 5 ? 1 / 24.0 : 1;
		String name = unit == 1 ? "days" : unit > 0.01 ? "hours" : "minutes";
		return lc.plot("Light curve", t0, unit, String.format(Locale.ROOT, "%s since MJD %.5f (mid-exposure)", name, t0));
	}

	/** The frames with an observation time, in time order; the others are named in the notes. */
	private List<Dated> series(List<String> notes) throws IOException {
		if (directory == null) throw new IllegalArgumentException("directory: give the directory of the frames");
		List<File> files = FrameFiles.glob(directory, frames);
		if (files.isEmpty()) throw new IllegalArgumentException("frames: no FITS file in " + directory + " matches '" + frames + "'");
		List<Dated> out = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (File f : files) {
			FitsHeader h = FitsReader.readHeader(f, null);
			try {
				out.add(new Dated(f, ObservationTime.midExposureMjd(h::getString), airmass(h)));
			}
			catch (IllegalArgumentException e) {
				skipped.add(f.getName() + " (" + e.getMessage() + ")");
			}
		}
		if (!skipped.isEmpty()) notes.add("skipped " + skipped.size() + " frames without an observation time: " + String.join(", ",
			skipped));
		if (out.isEmpty()) throw new IllegalArgumentException("frames: none of the " + files.size() + " frames in " + directory +
			" has an observation time (DATE-OBS, MJD-OBS or JD)");
		out.sort(Comparator.comparingDouble(d -> d.mjd));
		return out;
	}

	private static double airmass(FitsHeader h) {
		for (String k : new String[] { "AIRMASS", "SECZ" }) {
			Double v = h.contains(k) ? h.getDouble(k) : null;
			if (v != null && v >= 1) return v;
		}
		return Double.NaN;
	}

	private LightCurve.Frame frame(Dated d, AstroImage loaded, List<String> notes) {
		try {
			AstroImage img = loaded != null ? loaded : FitsReader.readImage(d.file.getPath()).require2D(label());
			List<String> own = new ArrayList<>();
			LightCurve.Frame f = new LightCurve.Frame(d.file.getName(), d.mjd, d.airmass, pixels(img, own));
			if (notes.isEmpty() && !own.isEmpty()) notes.addAll(own);
			return f;
		}
		catch (IOException e) {
			throw new UncheckedIOException(d.file + ": " + e.getMessage(), e);
		}
	}

	/** Target first, then the comparisons: given as text, else from positions, else the marked points. */
	private List<Target> stars(AstroImage ref, List<String> notes) throws IOException {
		List<Target> out = new ArrayList<>();
		if (!target.isBlank() || !comparisons.isBlank()) {
			List<Target> t = Positions.parse("target", target);
			if (t.size() != 1) throw new IllegalArgumentException("target must be one FITS position x,y (got '" + target + "')");
			out.add(Target.at("T1", t.get(0).x, t.get(0).y));
			for (Target c : Positions.parse("comparisons", comparisons)) out.add(Target.at("C" + (out.size() + 1), c.x, c.y));
		}
		else {
			List<Target> given = givenTargets(ref, notes);
			if (given == null) throw new IllegalArgumentException("Light Curve needs a target and comparison stars: give target and " +
				"comparisons (FITS x,y), a positions file (the first position is the target) or mark them as points in ImageJ");
			out.addAll(given);
		}
		if (out.size() < 2) throw new IllegalArgumentException("comparisons: give at least one comparison star besides the target");
		return out;
	}

	/** Positions marked on another image of the field carried to the first frame through both WCS (else kept). */
	private static List<Target> onFirstFrame(List<Target> stars, AstroImage ref, AstroImage first, List<String> notes) {
		if (ref == first) return stars;
		Wcs from = Wcs.of(ref), to = Wcs.of(first);
		if (from == null || to == null || !from.isSupported() || !to.isSupported()) return stars;
		List<Target> out = new ArrayList<>();
		for (Target t : stars) {
			double[] sky = from.pixelToSky(t.x, t.y), p = to.skyToPixel(sky[0], sky[1]);
			out.add(t.at(p[0], p[1]));
		}
		notes.add("positions on " + ref.name() + " carried to " + first.name() + " through the WCS");
		return out;
	}
}
