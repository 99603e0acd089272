package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DS9 region files: the 4.1 format DS9 reads, in image (FITS 1-based) coordinates. */
class Ds9RegionsTest {

	@TempDir
	Path tmp;

	@Test
	void everyShapeInDs9Syntax() {
		Marks m = new Marks("stars", "red").point(10, 20.5, "1").circle(3.25, 4, 5, "c").ellipse(100.123456789, 50, 6, 3, 30.5, "7")
			.annulus(8, 9, 10, 12, null);
		String text = Ds9Regions.format(Ds9Regions.CoordinateSystem.IMAGE, List.of(m));
		String[] lines = text.split("\n");
		assertEquals("# Region file format: DS9 version 4.1", lines[0]);
		assertEquals("# Written by " + Version.software(), lines[1]);
		assertTrue(lines[2].startsWith("global color=green"));
		assertEquals("image", lines[3]);
		assertEquals("# stars: 4 shapes", lines[4]);
		assertEquals("point(10,20.5) # point=cross color=red text={1}", lines[5]);
		assertEquals("circle(3.25,4,5) # color=red text={c}", lines[6]);
		assertEquals("ellipse(100.123457,50,6,3,30.5) # color=red text={7}", lines[7]);
		assertEquals("annulus(8,9,10,12) # color=red", lines[8]);
		assertEquals(9, lines.length);
		assertTrue(Ds9Regions.format(Ds9Regions.CoordinateSystem.PHYSICAL, List.of(m)).contains("\nphysical\n"));
	}

	@Test
	void tablesBecomeEllipsesOrPointsAndFilesAreWrittenAtomically() throws IOException {
		Table t = new Table("stars", "id", "x", "y", "a", "b", "theta");
		t.addRow(1, 10.5, 20.25, 2.0, 1.0, 45.0);
		t.addRow(2, 30.0, 40.0, Double.NaN, Double.NaN, Double.NaN);
		Marks m = Ds9Regions.fromTable(t, 3, "green");
		assertEquals(Marks.Kind.ELLIPSE, m.marks().get(0).kind);
		assertEquals(6, m.marks().get(0).a, 0);
		assertEquals("1", m.marks().get(0).label);
		assertEquals(Marks.Kind.POINT, m.marks().get(1).kind);
		File f = tmp.resolve("stars.reg").toFile();
		Ds9Regions.write(f, false, Ds9Regions.CoordinateSystem.IMAGE, List.of(m));
		assertTrue(Files.readString(f.toPath()).contains("ellipse(10.5,20.25,6,3,45) # color=green text={1}\n"));
		IOException e = assertThrows(IOException.class, () -> Ds9Regions.write(f, false, Ds9Regions.CoordinateSystem.IMAGE,
			List.of(m)));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		Ds9Regions.write(f, true, Ds9Regions.CoordinateSystem.IMAGE, List.of(new Marks("none", "green")));
		assertTrue(Files.readString(f.toPath()).endsWith("# none: 0 shapes\n"));
		assertEquals(1, tmp.toFile().list().length, "no temporary files left");
	}
}
