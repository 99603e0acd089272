package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Globs;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.photometry.Overlap;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.RadialProfile;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.Ds9Regions;
import org.astrofiji.io.Region;

/**
 * The radial profile of a galaxy or star ({@link RadialProfile}): sum, count and mean of the pixels in
 * rings around a centre, or in annuli read from a DS9/PROS region file each around its own centre (the
 * seed recipe), with the curve of growth; table, plot and the rings as an overlay. Longer than most
 * commands: it also turns the region file's shapes into rings.
 */
@Plugin(type = Command.class, label = "Radial Profile", headless = true,
	description = "Sum, count and mean of the pixels (by their centres, inner < r < outer) in rings around a centre or in DS9/PROS annuli; the profile plot and the curve of growth")
public class RadialProfileCommand extends ImageInputCommand {

	@Parameter(label = "centre", required = false,
		description = "Centre, FITS x,y (e.g. 512.5,300); empty: the first point marked on the image in ImageJ, else the image centre")
	private String centre = "";

	@Parameter(label = "annuli", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "A DS9 or PROS region file of annuli (each around its own centre; an annulus of n radii gives n-1 rings, a circle the disc) instead of centre and radii; an XY file gives only the centre")
	private File annuli;

	@Parameter(label = "radii (px)", required = false,
		description = "Ring edges, increasing, separated by commas (e.g. 0,2,4,8,16); empty: from inner_radius to outer_radius in steps of step")
	private String radii = "";

	@Parameter(label = "inner_radius (px)", min = "0", description = "Inner edge of the first ring")
	private double inner_radius = 0;

	@Parameter(label = "outer_radius (px)", min = "0", description = "Outer edge of the last ring; must be larger than inner_radius")
	private double outer_radius = 20;

	@Parameter(label = "step (px)", description = "Width of the rings")
	private double step = 1;

	@Parameter(label = "sky (image units)", description = "Sky level per pixel subtracted from sums and means (0: none)")
	private double sky = 0;

	@Parameter(label = "bad_flags", required = false,
		description = "DQ flags of the image whose pixels are left out (counted in bad_pixels), e.g. unusable, none, bad+hot, or a number")
	private String bad_flags = "unusable";

	@Parameter(label = "plot_radius", choices = { "middle", "inner" },
		description = "x of the plot: the middle of each ring, or its inner radius (the seed's plot)")
	private String plot_radius = "middle";

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the profile table as CSV to this file")
	private File table_file;

	@Parameter(label = "overwrite", description = "Replace the table file if it exists")
	private boolean overwrite;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "Positions marked in ImageJ (the bridge fills it): the first is the centre")
	private Table points;

	@Parameter(type = ItemIO.OUTPUT, label = "profile")
	private Table profile;

	@Parameter(type = ItemIO.OUTPUT, label = "curve_of_growth")
	private Table curve_of_growth;

	@Parameter(type = ItemIO.OUTPUT, label = "profile_plot")
	private Plot profile_plot;

	@Parameter(type = ItemIO.OUTPUT, label = "rings")
	private Marks rings;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("table_file", table_file, FileOutputs.Kind.TABLE).check()) {
			AstroImage src = source2D();
			int bad = Dq.parse("bad_flags", bad_flags);
			Pixels px = Pixels.of(src.data(), src.width(), src.height()).withErr(src.hasErr() ? src.errData() : null)
				.withDq(src.hasDq() && bad != 0 ? src.dqData() : null, bad);
			double[] given = annuli != null ? null : centre(src);
			RadialProfile p = annuli != null ? fromRegions(px, src) : RadialProfile.measure(px, given[0], given[1], edges(), sky);
			profile = p.table("Results");
			profile_plot = p.plot("Radial profile of " + src.name(), plot_radius.equals("inner"));
			TreeSet<Double> outer = new TreeSet<>();
			rings = new Marks("rings", "cyan");
			for (RadialProfile.Ring r : p.rings()) {
				outer.add(r.outer);
				if (r.inner > 0) rings.annulus(r.x, r.y, r.inner, r.outer, null);
				else rings.circle(r.x, r.y, r.outer, null);
			}
			double[] c = p.centre(), radius = outer.stream().mapToDouble(Double::doubleValue).toArray();
			curve_of_growth = RadialProfile.curveOfGrowth(px, c[0], c[1], radius, sky, Overlap.exact(), "Curve of growth");
			Wcs wcs = Wcs.of(src);
			String where = String.format(Locale.ROOT, "(%.3f, %.3f)", c[0], c[1]);
			if (wcs != null && wcs.isSupported()) {
				double[] radec = wcs.pixelToSky(c[0], c[1]);
				where += " = " + Equatorial.formatRa(radec[0], 2) + " " + Equatorial.formatDec(radec[1], 1);
			}
			List<String> lines = new ArrayList<>();
			lines.add("Radial Profile of " + src.name() + ": " + p.rings().size() + " rings " + (annuli != null ? "from " + annuli.getName()
				: "around " + where) + (sky != 0 ? ", sky " + Provenance.format(sky) + " subtracted" : "") +
				(src.hasErr() ? ", errors from ERR" : ", errors from the scatter in each ring"));
			if (table_file != null) {
				CsvTables.write(out.file(table_file), profile, true);
				lines.add("wrote " + table_file);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** The centre: given, else the first marked point, else the image centre. */
	private double[] centre(AstroImage src) {
		if (centre != null && !centre.isBlank()) {
			List<Target> c = Positions.parse("centre", centre);
			if (c.size() != 1) throw new IllegalArgumentException("centre must be one FITS position x,y (got '" + centre + "')");
			return new double[] { c.get(0).x, c.get(0).y };
		}
		if (points != null && points.rowCount() > 0) return new double[] { points.getDouble(0, "x"), points.getDouble(0, "y") };
		return FindStarsCommand.imageCentre(src.width(), src.height());
	}

	private double[] edges() {
		if (radii == null || radii.isBlank()) return RadialProfile.edges(inner_radius, outer_radius, step);
		List<String> parts = Globs.split(radii);
		double[] e = new double[parts.size()];
		for (int i = 0; i < e.length; i++) {
			try {
				e[i] = Double.parseDouble(parts.get(i));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("radii must be numbers separated by commas, e.g. 0,2,4,8 (got '" + radii + "')");
			}
		}
		return e;
	}

	/** The rings of the region file's annuli and circles (own centres); points only give the centre. */
	private RadialProfile fromRegions(Pixels px, AstroImage src) throws IOException {
		Ds9Regions.RegionFile file = Ds9Regions.read(annuli, Ds9Regions.Format.AUTO);
		Region.SkyToPixel wcs = Region.SkyToPixel.of(Wcs.of(src));
		List<double[]> rings = new ArrayList<>();
		double[] point = null;
		for (Region r : file.regions) {
			if (!r.include) continue;
			Region p;
			try {
				p = r.toPixels(wcs);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("annuli " + annuli.getName() + ": " + e.getMessage(), e);
			}
			switch (p.shape) {
				case ANNULUS:
					for (int k = 0; k + 1 < p.sizeCount(); k++) rings.add(new double[] { p.x, p.y, p.size(k), p.size(k + 1) });
					break;
				case CIRCLE:
					rings.add(new double[] { p.x, p.y, 0, p.size(0) });
					break;
				case POINT:
					if (point == null) point = new double[] { p.x, p.y };
					break;
				default:
					throw new IllegalArgumentException("annuli " + annuli.getName() + " line " + p.line + ": " + p.shape.name().toLowerCase(
						Locale.ROOT) + " is not a ring (give circles and annuli)");
			}
		}
		if (rings.isEmpty() && point != null) return RadialProfile.measure(px, point[0], point[1], edges(), sky);
		if (rings.isEmpty()) throw new IllegalArgumentException("annuli " + annuli.getName() + " holds no circle, annulus or point");
		int n = rings.size();
		double[] x = new double[n], y = new double[n], in = new double[n], out = new double[n];
		for (int k = 0; k < n; k++) {
			x[k] = rings.get(k)[0];
			y[k] = rings.get(k)[1];
			in[k] = rings.get(k)[2];
			out[k] = rings.get(k)[3];
		}
		return RadialProfile.annuli(px, x, y, in, out, sky);
	}
}
