package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.photometry.Aperture;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.Centroids;
import org.astrofiji.core.photometry.Measurement;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.testutil.CommandTest;
import org.astrofiji.testutil.StarImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/**
 * Aperture Photometry through SciJava's CommandService on frames of known stars: the stars Find
 * Stars detects measured to their true counts, RA/Dec from the WCS, positions from its own CSV, from
 * DS9 regions in pixel and sky coordinates and from PROS; ERR and DQ; every bad input named.
 */
class AperturePhotometryCommandTest extends CommandTest {

	@TempDir
	Path tmp;

	CommandModule run(Object... keyValues) throws Exception {
		return commands.run(AperturePhotometryCommand.class, false, keyValues).get();
	}

	static int nearest(Table t, double x, double y) {
		int best = -1;
		double d = 1e9;
		for (int r = 0; r < t.rowCount(); r++) {
			double e = Math.hypot(t.getDouble(r, "x") - x, t.getDouble(r, "y") - y);
			if (e < d) {
				d = e;
				best = r;
			}
		}
		return best;
	}

	@Test
	void detectedStarsAreMeasuredToTheirTrueCounts() throws Exception {
		AstroImage img = StarImages.frame("v.fits", "V", null, 0, 0, 5);
		File fits = StarImages.write(tmp.resolve("v.fits").toFile(), img), csv = tmp.resolve("phot.csv").toFile(),
			reg = tmp.resolve("phot.reg").toFile();
		CommandModule m = run("input", fits, "table_file", csv, "regions_file", reg);
		Table t = (Table) m.getOutput("table");
		assertEquals("Results", t.title());
		assertEquals(List.of("id", "x", "y", "ra", "dec", "x_init", "y_init", "shift", "sky", "sky_std", "sky_pixels", "radius",
			"aperture_sum", "area", "area_on_image", "area_used", "nan_pixels", "bad_pixels", "background", "net_flux", "net_flux_err",
			"snr", "mag", "mag_err", "flags"), t.columns());
		Wcs wcs = StarImages.wcs(0, 0);
		for (double[] s : StarImages.STARS) {
			int r = nearest(t, s[0], s[1]);
			// the windowed centroid finds the true centre; r = 5 holds 99.95 % of a FWHM-3 Gaussian
			assertEquals(0, Math.hypot(t.getDouble(r, "x") - s[0], t.getDouble(r, "y") - s[1]), 0.1, "star of " + s[2]);
			double flux = t.getDouble(r, "net_flux"), err = t.getDouble(r, "net_flux_err");
			assertEquals(0.9995 * s[2], flux, 4 * err + 0.002 * s[2], "star of " + s[2] + " counts");
			assertEquals(25 - 2.5 * Math.log10(flux / StarImages.EXPTIME), t.getDouble(r, "mag"), 1e-9);
			double[] radec = wcs.pixelToSky(t.getDouble(r, "x"), t.getDouble(r, "y"));
			assertEquals(radec[0], t.getDouble(r, "ra"), 1e-12);
			assertEquals(radec[1], t.getDouble(r, "dec"), 1e-12);
			assertEquals(StarImages.SKY, t.getDouble(r, "sky"), 3);
			assertEquals(0, t.getDouble(r, "flags"), 0);
		}
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("Find Stars on v.fits") && summary.contains("gain 2 from GAIN") && summary.contains(
			"read_noise 5 from RDNOISE") && summary.contains("exposure time 30 s from EXPTIME"), summary);
		// the CSV is the table; the regions are its apertures and annuli; the overlay too
		Table back = CsvTables.read(csv);
		assertEquals(t.rowCount(), back.rowCount());
		assertEquals(t.getDouble(2, "net_flux"), back.getDouble(2, "net_flux"), 0);
		List<String> lines = Files.readAllLines(reg.toPath());
		assertEquals(t.rowCount(), lines.stream().filter(l -> l.startsWith("circle(")).count());
		assertEquals(t.rowCount(), lines.stream().filter(l -> l.startsWith("annulus(")).count());
		assertEquals(2 * t.rowCount(), ((Marks) m.getOutput("marks")).size());
		// the CSV as positions, fixed: the same numbers
		Table again = (Table) run("image", img, "positions", csv, "centroid", "none").getOutput("table");
		assertEquals(t.rowCount(), again.rowCount());
		for (int r = 0; r < t.rowCount(); r++) {
			assertEquals(t.getString(r, "id"), again.getString(r, "id"));
			assertEquals(t.getDouble(r, "net_flux"), again.getDouble(r, "net_flux"), 1e-9 * Math.abs(t.getDouble(r, "net_flux")));
		}
	}

	@Test
	void regionFilesInPixelsAndOnTheSkyGiveTheSamePhotometry() throws Exception {
		AstroImage img = StarImages.frame("v.fits", "V", null, 0, 0, 6);
		Wcs wcs = StarImages.wcs(0, 0);
		StringBuilder ds9 = new StringBuilder("# Region file format: DS9 version 4.1\nfk5\n"), pros = new StringBuilder(), pix =
			new StringBuilder("image\n");
		for (double[] s : StarImages.STARS) {
			double[] radec = wcs.pixelToSky(s[0], s[1]);
			// 1 arcsec per pixel: 4" is 4 px; the annulus 7"-11"
			ds9.append(String.format(Locale.ROOT, "circle(%.9f,%.9f,4\") # text={s%.0f}\nannulus(%.9f,%.9f,7\",11\")%n", radec[0],
				radec[1], s[2], radec[0], radec[1]));
			pros.append(String.format(Locale.ROOT, "logical; circle %.6f %.6f 4%nlogical; annulus %.6f %.6f 7 11%n", s[0], s[1], s[0],
				s[1]));
			pix.append(String.format(Locale.ROOT, "circle(%.6f,%.6f,4)%nannulus(%.6f,%.6f,7,11)%n", s[0], s[1], s[0], s[1]));
		}
		Table[] results = new Table[3];
		String[] names = { "sky.reg", "pros.reg", "pix.reg" };
		String[] texts = { ds9.toString(), pros.toString(), pix.toString() };
		for (int i = 0; i < 3; i++) {
			File f = tmp.resolve(names[i]).toFile();
			Files.writeString(f.toPath(), texts[i]);
			results[i] = (Table) run("image", img, "positions", f, "centroid", "none").getOutput("table");
			assertEquals(StarImages.STARS.size(), results[i].rowCount(), names[i]);
		}
		for (int r = 0; r < StarImages.STARS.size(); r++) {
			// the regions' own apertures and annuli, not the defaults (5, 8-12)
			assertEquals(4, results[0].getDouble(r, "radius"), 1e-5); // 4" through the local scale of the TAN projection
			assertEquals(Math.PI * 16, results[1].getDouble(r, "area"), 1e-9);
			assertEquals(StarImages.STARS.get(r)[0], results[0].getDouble(r, "x"), 1e-5); // RA/Dec written to 1e-9 degrees
			for (int i = 1; i < 3; i++) assertEquals(results[i].getDouble(r, "net_flux"), results[0].getDouble(r, "net_flux"), 1e-4 *
				Math.abs(results[i].getDouble(r, "net_flux")), names[i]);
		}
		assertEquals("s3000", results[0].getString(0, "id"), "named by the text property");
		// sky positions on an image without WCS: the message names the file and the line
		AstroImage bare = AstroImage.of("bare", img.data(), img.width(), img.height(), null);
		assertMessage("positions sky.reg: line 3: fk5 coordinates need a WCS", "image", bare, "gain", 2.0, "positions", tmp.resolve("sky.reg")
			.toFile());
		// a file in no region format names the line
		File bad = tmp.resolve("bad.reg").toFile();
		Files.writeString(bad.toPath(), "# stars\nstar at 10 20\n");
		assertMessage("positions bad.reg line 2: not a DS9, PROS or XY region line", "image", img, "positions", bad);
	}

	@Test
	void errDqAndEdgesFollowTheCore() throws Exception {
		AstroImage plain = StarImages.frame("v", "V", null, 0, 0, 7);
		float[] err = StarImages.field(null, 7).error(0, 0, 0);
		short[] dq = new short[plain.data().length];
		double[] star = StarImages.STARS.get(6);
		int core = org.astrofiji.core.Coordinates.memoryIndex(star[0], star[1], StarImages.W, StarImages.H);
		dq[core] = Dq.SATURATED;
		dq[core + 1] = Dq.COSMIC_RAY; // not a bad flag by default
		AstroImage img = plain.withErr(err).withDq(dq);
		File csv = tmp.resolve("pos.csv").toFile();
		Files.writeString(csv.toPath(), String.format(Locale.ROOT, "id,x,y\na,%.4f,%.4f\nfar,-50,-40\nedge,2,3%n", star[0], star[1]));
		Table t = (Table) run("image", img, "positions", csv, "centroid", "none", "radii", "4,6").getOutput("table");
		assertTrue(t.hasColumn("net_flux_0") && t.hasColumn("net_flux_1") && !t.hasColumn("net_flux"));
		// the same as the core with the ERR and the unusable DQ bits
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(4), Aperture.circle(6));
		s.centroid = Centroids.Method.NONE;
		s.gain = StarImages.GAIN;
		s.readNoise = StarImages.READ_NOISE;
		s.exposureTime = StarImages.EXPTIME;
		Measurement m = AperturePhotometry.measure(Pixels.of(img.data(), img.width(), img.height()).withErr(err).withDq(dq, Dq.UNUSABLE),
			Target.at("a", star[0], star[1]), s);
		assertEquals(m.flux[1], t.getDouble(0, "net_flux_1"), 1e-9 * m.flux[1]);
		assertEquals(m.fluxError[1], t.getDouble(0, "net_flux_err_1"), 1e-9 * m.fluxError[1]);
		assertEquals(1, t.getDouble(0, "bad_pixels_0"), 0);
		assertEquals(Measurement.BAD_PIXELS, (int) t.getDouble(0, "flags"));
		// fully off the image: flagged, NaN, no exception; at the corner: edge
		assertTrue(((int) t.getDouble(1, "flags") & Measurement.OFF_IMAGE) != 0, Measurement.describe((int) t.getDouble(1, "flags")));
		assertTrue(Double.isNaN(t.getDouble(1, "net_flux_0")));
		assertTrue(((int) t.getDouble(2, "flags") & Measurement.EDGE) != 0);
		// bad_flags=none keeps the saturated pixel
		Table none = (Table) run("image", img, "positions", csv, "centroid", "none", "bad_flags", "none").getOutput("table");
		assertEquals(0, none.getDouble(0, "bad_pixels"), 0);
		String summary = (String) run("image", img, "positions", csv).getOutput("summary");
		assertTrue(summary.contains("errors from the ERR of v") && summary.contains("DQ bad+no_data+saturated+hot+dead pixels"), summary);
	}

	@Test
	void badInputIsNamed() throws Exception {
		AstroImage img = StarImages.frame("v", "V", null, 0, 0, 8);
		assertMessage("inner_radius must be smaller than outer_radius (got 12.0 >= 12.0)", "image", img, "inner_radius", 12.0);
		assertMessage("gain must be > 0", "image", img, "gain", -1.0);
		assertMessage("radii must be radii in pixels > 0", "image", img, "radii", "5,x");
		assertMessage("radii must be radii in pixels > 0", "image", img, "radii", "0");
		assertMessage("bad_flags: no DQ flag 'hott'", "image", img, "bad_flags", "hott");
		// issue 11 campaign: a trailing + was dropped silently
		assertMessage("bad_flags: 'bad+' has an empty flag name; give flag names joined by +, e.g. bad+hot", "image", img, "bad_flags",
			"bad+");
		AstroImage noGain = AstroImage.of("raw", img.data(), img.width(), img.height(), img.headerCopy().remove("GAIN"));
		assertMessage("gain: raw has no ERR and its header no GAIN, EGAIN, ATODGAIN, CCDGAIN", "image", noGain);
		// a gain given makes it measurable, and an empty positions table is an empty result
		File empty = tmp.resolve("empty.csv").toFile();
		Files.writeString(empty.toPath(), "id,x,y\n");
		assertEquals(0, ((Table) run("image", noGain, "gain", 2.0, "positions", empty).getOutput("table")).rowCount());
		File noXy = tmp.resolve("noxy.csv").toFile();
		Files.writeString(noXy.toPath(), "a,b\n1,2\n");
		assertMessage("positions noxy.csv: the table needs columns x and y", "image", img, "positions", noXy);
		File out = tmp.resolve("exists.csv").toFile();
		Files.writeString(out.toPath(), "x");
		assertMessage("table_file: output " + out + " already exists", "image", img, "positions", empty, "table_file", out);
	}

	void assertMessage(String start, Object... keyValues) {
		Exception e = assertThrows(Exception.class, () -> run(keyValues));
		String msg = Commands.rootCause(e).getMessage();
		assertTrue(msg.startsWith(start), msg);
	}
}
