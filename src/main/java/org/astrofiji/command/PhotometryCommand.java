package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Globs;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.photometry.Aperture;
import org.astrofiji.core.photometry.Centroids;
import org.astrofiji.core.photometry.Overlap;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.Sky;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.Ds9Regions;

/**
 * The parameters every aperture-photometry command shares (positions, apertures, sky annulus,
 * centring, noise model, magnitudes, DQ flags) and their translation into {@link PhotometrySettings}
 * for one image, whose header supplies the gain, read noise and exposure time that are not given.
 * Declared once here, the keys are the same in Aperture Photometry, Colour-Magnitude Diagram and Light
 * Curve (hence its length: twenty parameters).
 */
public abstract class PhotometryCommand extends ImageInputCommand {

	@Parameter(label = "positions", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "Where to measure: a CSV table with columns x, y (FITS pixels, e.g. Find Stars' table) or ra, dec (degrees, through the image's WCS), or a DS9, PROS or XY region file (circles and annuli around a centre are that star's own aperture and sky annulus; fk5/icrs shapes need a WCS); empty: the points marked on the image in ImageJ (point selection, else the ROI Manager), else the stars Find Stars detects")
	protected File positions;

	@Parameter(label = "positions_format", choices = { "auto", "csv", "ds9", "pros", "xy" },
		description = "Format of the positions file: auto reads .csv as a table and tells the region formats apart by their first line")
	protected String positions_format = "auto";

	@Parameter(label = "radii (px)",
		description = "Aperture radius, or several separated by commas (e.g. 3,5,8: columns get suffixes _0, _1, ...)")
	protected String radii = "5";

	@Parameter(label = "inner_radius (px)", min = "0", description = "Inner radius of the sky annulus (pixels with inner <= r < outer by their centres)")
	protected double inner_radius = 8;

	@Parameter(label = "outer_radius (px)", min = "0", description = "Outer radius of the sky annulus; must be larger than inner_radius")
	protected double outer_radius = 12;

	@Parameter(label = "sky", choices = { "median", "clipped_mean", "mode", "none" },
		description = "Sky per pixel from the annulus: median (photutils ApertureStats), mean after sigma clipping (astropy SigmaClip), mode = 2.5 median - 1.5 mean of the clipped pixels (SExtractor), or none (a background-subtracted image)")
	protected String sky = "median";

	@Parameter(label = "clip_sigma (sigma)", description = "Sigma clipping of the annulus pixels (clipped_mean, mode, sky_std; up to 10 iterations)")
	protected double clip_sigma = 3;

	@Parameter(label = "centroid", choices = { "windowed", "none", "center_of_mass", "gaussian" },
		description = "Re-centre each star before measuring: windowed = SExtractor's XWIN (Gaussian window of fwhm; on simulated stars within 5 % of the most accurate method at every S/N and never failing), none = measure at the given positions, center_of_mass within the first aperture, gaussian = a 2-D Gaussian fit")
	protected String centroid = "windowed";

	@Parameter(label = "fwhm (px)", description = "Expected star FWHM: the window of the windowed centroid and the start of the Gaussian fit")
	protected double fwhm = 3;

	@Parameter(label = "max_shift (px)", description = "A centre further than this from the given position is refused: the star is measured where given and flagged (centroid)")
	protected double max_shift = 3;

	@Parameter(label = "method", choices = { "exact", "center", "subpixel" },
		description = "Pixel weights in the apertures (photutils): exact overlap area, pixel centre inside (0/1), or subpixels x subpixels samples")
	protected String method = "exact";

	@Parameter(label = "subpixels", min = "1", description = "method=subpixel: samples per pixel side")
	protected int subpixels = 5;

	@Parameter(label = "gain (e-/ADU)", min = "0",
		description = "Detector gain for the CCD equation when the image has no ERR; 0 = the header's GAIN (EGAIN, ATODGAIN, CCDGAIN), and an error when there is none")
	protected double gain = 0;

	@Parameter(label = "read_noise (e-)", min = "0", description = "Read noise for the CCD equation; 0 = the header's RDNOISE (READNOIS, READNSE, RON), else 0")
	protected double read_noise = 0;

	@Parameter(label = "dark_current (e-)", min = "0", description = "Dark electrons per pixel in the exposure still in the image's noise (CCD equation)")
	protected double dark_current = 0;

	@Parameter(label = "sky_noise", choices = { "model", "measured" },
		description = "Pixel noise of the CCD equation: model = (sky gain + dark + read_noise^2) / gain^2, measured = the variance of the clipped annulus pixels (for images whose sky level is not in counts)")
	protected String sky_noise = "model";

	@Parameter(label = "zero_point (mag)", description = "Magnitudes are zero_point - 2.5 log10(net_flux / exposure_time)")
	protected double zero_point = 25;

	@Parameter(label = "exposure_time (s)", min = "0", description = "Exposure time of the magnitudes; 0 = the header's EXPTIME (EXPOSURE, ITIME), else 1")
	protected double exposure_time = 0;

	@Parameter(label = "bad_flags", required = false,
		description = "DQ flags of the image whose pixels are left out of apertures and annuli (counted in bad_pixels), e.g. unusable (= bad+no_data+saturated+hot+dead), none, bad+hot, or a number")
	protected String bad_flags = "unusable";

	@Parameter(label = "table_file", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Also write the table as CSV to this file")
	protected File table_file;

	@Parameter(label = "overwrite", description = "Replace output files that exist")
	protected boolean overwrite;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "Positions marked in ImageJ (the bridge fills it from the point selection or the ROI Manager): columns id, x, y in FITS pixels")
	protected Table points;

	/** The settings for one image: gain, read noise and exposure from its header unless given (noted). */
	protected PhotometrySettings settings(AstroImage src, List<String> notes) {
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = new ArrayList<>();
		for (String r : Globs.split(radii)) {
			try {
				s.apertures.add(Aperture.circle(Double.parseDouble(r)));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("radii must be radii in pixels > 0 separated by commas, e.g. 3,5,8 (got '" + radii + "')");
			}
		}
		if (s.apertures.isEmpty()) throw new IllegalArgumentException("radii: give at least one aperture radius");
		s.sky = Sky.Method.of(sky);
		s.annulus = s.sky.usesAnnulus() ? Aperture.annulus(inner_radius, outer_radius) : null;
		s.clipSigma = clip_sigma;
		s.centroid = Centroids.Method.of(centroid);
		s.fwhm = fwhm;
		s.maxShift = max_shift;
		s.overlap = Overlap.of(Overlap.Method.of(method), subpixels);
		s.darkCurrent = dark_current;
		s.skyNoise = PhotometrySettings.SkyNoise.of(sky_noise);
		s.zeroPoint = zero_point;
		FitsHeader h = src.header();
		if (gain < 0) throw new IllegalArgumentException("gain must be > 0 e-/ADU, or 0 for the header's GAIN (got " + gain + ")");
		if (read_noise < 0) throw new IllegalArgumentException("read_noise must be >= 0 e- (got " + read_noise + ")");
		CcdKeys.Value g = CcdKeys.gain(h, gain, src.hasErr() ? 1 : Double.NaN);
		if (Double.isNaN(g.value)) throw new IllegalArgumentException("gain: " + src.name() + " has no ERR and its header no " +
			String.join(", ", CcdKeys.GAIN) + "; give gain (e-/ADU) for the CCD equation");
		s.gain = g.value;
		CcdKeys.Value rn = CcdKeys.readNoise(h, read_noise, 0);
		s.readNoise = rn.value;
		CcdKeys.Value t = exposure_time > 0 ? null : CcdKeys.exposure(h);
		s.exposureTime = exposure_time > 0 ? exposure_time : Double.isNaN(t.value) ? 1 : t.value;
		if (src.hasErr()) notes.add("errors from the ERR of " + src.name());
		else {
			if (g.fromHeader()) notes.add(g.note("gain"));
			if (!rn.note("read_noise").isEmpty()) notes.add(rn.note("read_noise"));
		}
		if (t != null) notes.add(t.fromHeader() ? "exposure time " + Provenance.format(t.value) + " s from " + t.source
			: "exposure time 1 (no EXPTIME)");
		return s.validate();
	}

	/** The image's pixels with its ERR and its DQ (pixels with a bad_flags bit left out). */
	protected Pixels pixels(AstroImage src, List<String> notes) {
		int bad = Dq.parse("bad_flags", bad_flags);
		Pixels px = Pixels.of(src.data(), src.width(), src.height()).withErr(src.hasErr() ? src.errData() : null);
		if (bad != 0 && src.hasDq()) {
			px = px.withDq(src.dqData(), bad);
			notes.add("DQ " + Dq.names(bad) + " pixels of " + src.name() + " left out");
		}
		return px;
	}

	/**
	 * The targets: of the positions file, else the marked points, else null. Positions on the sky go
	 * through the image's WCS.
	 */
	protected List<Target> givenTargets(AstroImage src, List<String> notes) throws IOException {
		return Positions.given("positions", positions, positions_format, points, src, notes);
	}

	/** The given targets, else the stars Find Stars finds with its default settings. */
	protected List<Target> targets(AstroImage src, List<String> notes) throws IOException {
		List<Target> given = givenTargets(src, notes);
		return given != null ? given : detected(src, notes);
	}

	/** The stars Find Stars finds with its default settings, as targets. */
	protected List<Target> detected(AstroImage src, List<String> notes) {
		return Positions.detected(src, progress(), notes);
	}

	/**
	 * This run's output files with {@code table_file} declared: a command adds its other outputs, then
	 * {@link FileOutputs#check()}s them all before any work.
	 */
	protected FileOutputs outputs() {
		return FileOutputs.of(this, overwrite).add("table_file", table_file, FileOutputs.Kind.TABLE);
	}

	/** Stages the marks as a DS9 region file (image coordinates) when {@code file} is set; returns "wrote ..." or "". */
	protected static String writeRegions(FileOutputs out, File file, Marks marks) throws IOException {
		if (file == null) return "";
		Ds9Regions.write(out.file(file), true, Ds9Regions.CoordinateSystem.IMAGE, List.of(marks));
		return "wrote " + file;
	}

	/** Stages the table for table_file when it is set; returns "wrote ..." or "". */
	protected String writeTable(FileOutputs out, Table t) throws IOException {
		if (table_file == null) return "";
		CsvTables.write(out.file(table_file), t, true);
		return "wrote " + table_file;
	}
}
