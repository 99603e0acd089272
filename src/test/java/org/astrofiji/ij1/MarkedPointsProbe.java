package org.astrofiji.ij1;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatProcessor;

import java.io.File;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;

/**
 * The ROI Manager's entries as marked points, in a real (X) display: a named point and an oval in the
 * manager, no selection on the image; then a point selection, which wins. Writes both tables as CSV.
 * Run by MarkedPointsTest under Xvfb in its own JVM (the test JVM is headless, and has no ROI Manager).
 */
public final class MarkedPointsProbe {

	public static void main(String[] args) throws Exception {
		File out = new File(args[0]);
		ImagePlus imp = new ImagePlus("frame", new FloatProcessor(200, 100));
		RoiManager rm = new RoiManager();
		PointRoi star = new PointRoi(10.0, 20.0);
		star.setName("star A");
		rm.addRoi(star);
		rm.addRoi(new OvalRoi(96, 46, 8, 8));
		imp.deleteRoi();
		CsvTables.write(new File(out, "manager.csv"), MarkedPoints.of(imp), true);
		imp.setRoi(new PointRoi(new float[] { 50.5f, 60.25f }, new float[] { 30.5f, 70.75f }));
		Table t = MarkedPoints.of(imp);
		CsvTables.write(new File(out, "selection.csv"), t, true);
		rm.close();
		System.exit(0);
	}
}
