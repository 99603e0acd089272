package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.process.FloatProcessor;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.testutil.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marked points as positions: ImageJ display coordinates to FITS pixels (a point at display (10, 20)
 * of a 100-pixel-high image is FITS (10.5, 80.5)); the point selection, and the ROI Manager's entries
 * (under Xvfb, in its own JVM: skipped where Xvfb is not installed).
 */
class MarkedPointsTest {

	@TempDir
	Path tmp;

	@Test
	void pointSelectionsAreFitsPositions() {
		ImagePlus imp = new ImagePlus("frame", new FloatProcessor(200, 100));
		assertNull(MarkedPoints.of(imp), "nothing marked");
		imp.setRoi(new PointRoi(new float[] { 10, 49.5f }, new float[] { 20, 0.5f }));
		Table t = MarkedPoints.of(imp);
		assertEquals(List.of("id", "x", "y"), t.columns());
		assertEquals("1", t.getString(0, "id"));
		assertEquals(10.5, t.getDouble(0, "x"), 0);
		assertEquals(80.5, t.getDouble(0, "y"), 0);
		// display (49.5, 0.5) is the centre of the 50th pixel of the top row
		assertEquals(50, t.getDouble(1, "x"), 0);
		assertEquals(100, t.getDouble(1, "y"), 0);
	}

	@Test
	void roiManagerEntriesUnderXvfb() throws Exception {
		assumeTrue(VirtualDisplay.available(), "Xvfb not installed");
		try (VirtualDisplay x = VirtualDisplay.start(tmp.resolve("xvfb.log").toFile())) {
			x.runJava(MarkedPointsProbe.class, tmp.resolve("probe.log").toFile(), 120, tmp.toString());
		}
		Table m = CsvTables.read(tmp.resolve("manager.csv").toFile());
		assertEquals(2, m.rowCount());
		assertEquals("star A", m.getString(0, "id"));
		assertEquals(10.5, m.getDouble(0, "x"), 1e-6);
		assertEquals(80.5, m.getDouble(0, "y"), 1e-6);
		// the oval's centre: display (100, 50), FITS (100.5, 50.5)
		assertEquals(100.5, m.getDouble(1, "x"), 1e-6);
		assertEquals(50.5, m.getDouble(1, "y"), 1e-6);
		Table s = CsvTables.read(tmp.resolve("selection.csv").toFile());
		assertEquals(2, s.rowCount(), "the point selection wins over the ROI Manager");
		assertEquals(51, s.getDouble(0, "x"), 1e-6);
		assertEquals(70, s.getDouble(0, "y"), 1e-6);
	}
}
