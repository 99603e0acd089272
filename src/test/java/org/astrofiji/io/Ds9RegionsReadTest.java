package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.astrofiji.core.Marks;
import org.astrofiji.core.photometry.Aperture;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.core.Progress;
import org.junit.jupiter.api.Test;

/**
 * Reading region files written by hand from DS9's documented syntax (ds9/doc/ref/region.html: shapes,
 * properties, coordinate systems, position and size formats, the XY format) and IRAF PROS, and the
 * round trip of photometry apertures through the writer.
 */
class Ds9RegionsReadTest {

	static final String DS9 = String.join("\n",
		"# Region file format: DS9 version 4.1",
		"global color=green dashlist=8 3 width=1 font=\"helvetica 10 normal roman\" select=1 highlite=1 dash=0 fixed=0 edit=1 " +
			"move=1 delete=1 include=1 source=1",
		"image",
		"circle(100,100,5) # color=red text={S1}",
		"annulus(100,100,8,12,16)",
		"ellipse(200.5,50.25,6,3,30) # text={gal; one}",
		"point(300,40) # point=circle",
		"-circle(10,10,3)",
		"box(50,50,10,20,0)",
		"# text(40,40) text={label}",
		"image;circle 120 130 4.5",
		"circle 5 6 7 ; point 8 9",
		"circle point 11 12",
		"+circle(1.5i,2.5p,3i)",
		"physical",
		"annulus 60 60 3 9 n=3",
		"ellipse 70 71 4 2 8 4 -15");

	@Test
	void ds9ShapesPropertiesAndSystems() {
		Ds9Regions.RegionFile f = Ds9Regions.parse(DS9, "test.reg", Ds9Regions.Format.AUTO);
		assertEquals("ds9", f.format);
		List<Region> r = f.regions;
		assertEquals(12, r.size());
		check(r.get(0), Region.Shape.CIRCLE, 4, 100, 100, "S1", 5);
		assertEquals("image", r.get(0).system);
		check(r.get(1), Region.Shape.ANNULUS, 5, 100, 100, null, 8, 12, 16);
		check(r.get(2), Region.Shape.ELLIPSE, 6, 200.5, 50.25, "gal; one", 6, 3);
		assertEquals(30, r.get(2).angle, 0);
		check(r.get(3), Region.Shape.POINT, 7, 300, 40, null);
		check(r.get(4), Region.Shape.CIRCLE, 8, 10, 10, null, 3);
		assertTrue(!r.get(4).include);
		check(r.get(5), Region.Shape.CIRCLE, 11, 120, 130, null, 4.5);
		check(r.get(6), Region.Shape.CIRCLE, 12, 5, 6, null, 7);
		check(r.get(7), Region.Shape.POINT, 12, 8, 9, null);
		check(r.get(8), Region.Shape.POINT, 13, 11, 12, null);
		check(r.get(9), Region.Shape.CIRCLE, 14, 1.5, 2.5, null, 3);
		check(r.get(10), Region.Shape.ANNULUS, 16, 60, 60, null, 3, 5, 7, 9);
		assertEquals("physical", r.get(10).system);
		check(r.get(11), Region.Shape.ELLIPSE_ANNULUS, 17, 70, 71, null, 4, 2, 8, 4);
		assertEquals(-15, r.get(11).angle, 0);
		assertTrue(!r.get(0).needsWcs());
		// what was not used is said, with its line
		String notes = String.join("\n", f.notes);
		assertTrue(notes.contains("line 8: excluded region (-circle)"), notes);
		assertTrue(notes.contains("line 9: box is not used"), notes);
		assertTrue(notes.contains("line 10: text is not used"), notes);
		assertTrue(notes.contains("line 15: physical coordinates are read as image coordinates"), notes);
		assertEquals(4, f.notes.size(), notes);
	}

	@Test
	void shapesWithOneCentreMakeOneTarget() {
		List<Target> t = Ds9Regions.targets(Ds9Regions.parse(DS9, "test.reg", Ds9Regions.Format.AUTO), null);
		Target s1 = t.get(0);
		assertEquals("S1", s1.id);
		assertEquals(List.of(5.0), List.of(s1.apertures.get(0).a));
		assertEquals(Aperture.Kind.ANNULUS, s1.annulus.kind);
		assertEquals(8, s1.annulus.innerA, 0);
		assertEquals(16, s1.annulus.a, 0);
		assertEquals("gal; one", t.get(1).id);
		assertEquals(Aperture.Kind.ELLIPSE, t.get(1).apertures.get(0).kind);
		assertEquals(30, t.get(1).apertures.get(0).thetaDegrees, 0);
		assertNull(t.get(2).apertures, "a point takes the settings' apertures");
		assertEquals("3", t.get(2).id);
		assertEquals(10, t.size(), "the excluded circle is no target");
		Target ell = t.get(9);
		assertEquals(Aperture.Kind.ELLIPTICAL_ANNULUS, ell.annulus.kind);
		assertEquals(4, ell.annulus.innerA, 0);
		assertEquals(2, ell.annulus.innerB, 1e-12);
		assertEquals(8, ell.annulus.a, 0);
		assertEquals(-15, ell.annulus.thetaDegrees, 0);
	}

	/** A north-up, east-left WCS of 1 arcsec per pixel with (202.47, 47.19) at FITS (500, 400). */
	static final Region.SkyToPixel WCS = p -> {
		if (!p.frame.equals("fk5") && !p.frame.equals("icrs")) throw new IllegalArgumentException("frame " + p.frame +
			" is not supported");
		double cos = Math.cos(Math.toRadians(47.19));
		return new double[] { 500 - (p.lon - 202.47) * 3600 * cos, 400 + (p.lat - 47.19) * 3600 };
	};

	static final String FK5 = String.join("\n",
		"# Region file format: DS9 version 4.1",
		"fk5",
		"circle(13:29:52.7,+47:11:43,5\") # text={M51}",
		"circle(202.4696,47.1953,0.002)",
		"point(13h29m52.7s,47d11m43s)",
		"icrs;ellipse(202.47,-5.5,10\",5\",45)",
		"galactic;circle(120.5,-3.25,1')",
		"fk5;annulus(202.47,47.19,3',4',5')",
		"fk5;circle(-0:30:00,-00:30:00,2)");

	@Test
	void skyCoordinatesInSexagesimalAndDegrees() {
		Ds9Regions.RegionFile f = Ds9Regions.parse(FK5, "sky.reg", Ds9Regions.Format.AUTO);
		List<Region> r = f.regions;
		double ra = 15 * (13 + 29 / 60.0 + 52.7 / 3600), dec = 47 + 11 / 60.0 + 43 / 3600.0;
		assertEquals("fk5", r.get(0).sky.frame);
		assertEquals(ra, r.get(0).sky.lon, 1e-12);
		assertEquals(dec, r.get(0).sky.lat, 1e-12);
		assertEquals(5 / 3600.0, r.get(0).size(0), 1e-15);
		assertTrue(r.get(0).isAngular(0));
		assertEquals(0.002, r.get(1).size(0), 0, "pure numbers in sky systems are degrees");
		assertTrue(r.get(1).isAngular(0));
		assertEquals(ra, r.get(2).sky.lon, 1e-12);
		assertEquals(dec, r.get(2).sky.lat, 1e-12);
		assertEquals("icrs", r.get(3).sky.frame);
		assertEquals(-5.5, r.get(3).sky.lat, 0);
		assertEquals("galactic", r.get(4).sky.frame);
		assertEquals(120.5, r.get(4).sky.lon, 0, "galactic longitudes are degrees");
		assertEquals(1 / 60.0, r.get(4).size(0), 1e-15);
		assertEquals(-7.5, r.get(6).sky.lon, 1e-12, "-0:30:00 hours");
		assertEquals(-0.5, r.get(6).sky.lat, 1e-12, "-00:30:00 degrees keeps its sign");

		// without a WCS: a clear message naming the line
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ds9Regions.targets(f, null));
		assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("fk5") && e.getMessage().contains("WCS"),
			e.getMessage());
		// through a WCS: radii in pixels, angles turned by the local rotation (none here)
		Region p0 = r.get(0).toPixels(WCS);
		assertEquals(500 - (ra - 202.47) * 3600 * Math.cos(Math.toRadians(47.19)), p0.x, 1e-9);
		assertEquals(400 + (dec - 47.19) * 3600, p0.y, 1e-9);
		assertEquals(5, p0.size(0), 1e-9);
		assertEquals(180, r.get(5).toPixels(WCS).size(0), 1e-6);
		assertEquals(300, r.get(5).toPixels(WCS).size(2), 1e-6);
		assertEquals(400, r.get(5).toPixels(WCS).y, 1e-9);
		e = assertThrows(IllegalArgumentException.class, () -> r.get(4).toPixels(WCS));
		assertTrue(e.getMessage().contains("galactic"), e.getMessage());
	}

	@Test
	void prosAndXyFormats() {
		Ds9Regions.RegionFile pros = Ds9Regions.parse("logical;circle 100 100 20\nj2000;circle 13:29:52.7 47:11:43 20\n" +
			"logical; annulus 30 40 5 10\n", "pros.reg", Ds9Regions.Format.AUTO);
		assertEquals("pros", pros.format);
		check(pros.regions.get(0), Region.Shape.CIRCLE, 1, 100, 100, null, 20);
		assertEquals("image", pros.regions.get(0).system);
		assertEquals(20, pros.regions.get(1).size(0), 0);
		assertTrue(!pros.regions.get(1).isAngular(0), "PROS sizes without units are pixels");
		assertEquals("fk5", pros.regions.get(1).sky.frame);

		// DS9's own XY example
		Ds9Regions.RegionFile xy = Ds9Regions.parse("# this is a comment\nphysical # this overrides the specified coordinate " +
			"system\n300 300\n400 400 # this is a comment\n401.5,402.25 17 extra\n", "stars.xy", Ds9Regions.Format.AUTO);
		assertEquals("xy", xy.format);
		assertEquals(3, xy.regions.size());
		check(xy.regions.get(1), Region.Shape.POINT, 4, 400, 400, null);
		check(xy.regions.get(2), Region.Shape.POINT, 5, 401.5, 402.25, null);
		Ds9Regions.RegionFile sky = Ds9Regions.parse("fk5\n13:29:52.7 +47:11:43\n202.5 47.2\n", "sky.xy", Ds9Regions.Format.XY);
		assertEquals(202.5, sky.regions.get(1).sky.lon, 0);
		assertEquals(15 * (13 + 29 / 60.0 + 52.7 / 3600), sky.regions.get(0).sky.lon, 1e-12);
	}

	@Test
	void badFilesFailNamingTheLine() {
		String[][] cases = {
			{ "x,y\n1,2\n", "line 1", "not a DS9, PROS or XY region line" },
			{ "image\ncircle(100,100,5)\ncircle(1,2)\n", "line 3", "circle needs x, y and a radius" },
			{ "image\nannulus(1,2,12,8)\n", "line 2", "inner radius 12.0 >= outer radius 8.0" },
			{ "image\nfoo(1,2,3)\n", "line 2", "unknown region 'foo'" },
			{ "image\ncircle(1,2,abc)\n", "line 2", "cannot read the size 'abc'" },
			{ "image\ncircle(1,2,-3)\n", "line 2", "sizes must be > 0" },
			{ "image\ncircle(1,2,3\n", "line 2", "missing ')'" },
			{ "300 300\n400\n", "line 2", "an XY line needs x and y" },
			{ "fk5\ncircle(1:00:00,+95:00:00,3\")\n", "line 2", "latitude out of range" } };
		for (String[] c : cases) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ds9Regions.parse(c[0], "bad.reg",
				Ds9Regions.Format.AUTO), c[0]);
			assertTrue(e.getMessage().startsWith("bad.reg " + c[1] + ": ") && e.getMessage().contains(c[2]), e.getMessage());
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ds9Regions.Format.of("fits"));
		assertTrue(e.getMessage().contains("auto, ds9, pros or xy"));
	}

	@Test
	void photometryAperturesRoundTripThroughTheWriter() {
		PhotometrySettings s = new PhotometrySettings();
		s.apertures = List.of(Aperture.circle(4), Aperture.circle(6.5));
		s.annulus = Aperture.annulus(9, 14.25);
		List<Target> in = List.of(Target.at("a", 20.125, 30.5), Target.at("b", 60, 61.75),
			Target.at("c", 40, 40).withApertures(List.of(Aperture.ellipse(7, 3.5, 37.5))).withAnnulus(Aperture.annulus(10, 15)));
		float[] img = new float[100 * 100];
		Marks marks = AperturePhotometry.measure(Pixels.of(img, 100, 100), in, s, Progress.NONE).marks("apertures", "green");
		String text = Ds9Regions.format(Ds9Regions.CoordinateSystem.IMAGE, List.of(marks));
		List<Target> out = Ds9Regions.targets(Ds9Regions.parse(text, "written.reg", Ds9Regions.Format.AUTO), null);
		assertEquals(in.size(), out.size());
		for (int i = 0; i < in.size(); i++) {
			Target a = in.get(i), b = out.get(i);
			assertEquals(a.id, b.id);
			assertEquals(a.x, b.x, 0);
			assertEquals(a.y, b.y, 0);
			List<Aperture> ap = a.apertures != null ? a.apertures : s.apertures;
			assertEquals(ap.size(), b.apertures.size());
			for (int k = 0; k < ap.size(); k++) {
				assertEquals(ap.get(k).kind, b.apertures.get(k).kind);
				assertEquals(ap.get(k).a, b.apertures.get(k).a, 0);
				assertEquals(ap.get(k).b, b.apertures.get(k).b, 0);
				assertEquals(ap.get(k).thetaDegrees, b.apertures.get(k).thetaDegrees, 0);
			}
			Aperture ann = a.annulus != null ? a.annulus : s.annulus;
			assertEquals(ann.innerA, b.annulus.innerA, 0);
			assertEquals(ann.a, b.annulus.a, 0);
		}
	}

	static void check(Region r, Region.Shape shape, int line, double x, double y, String text, double... sizes) {
		assertEquals(shape, r.shape, r.toString());
		assertEquals(line, r.line, r.toString());
		assertEquals(x, r.x, 0, r.toString());
		assertEquals(y, r.y, 0, r.toString());
		assertEquals(text, r.text, r.toString());
		assertEquals(sizes.length, r.sizeCount(), r.toString());
		for (int i = 0; i < sizes.length; i++) assertEquals(sizes[i], r.size(i), 1e-12, r.toString());
	}
}
