package org.astrofiji.ij1;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatPolygon;

import java.awt.GraphicsEnvironment;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Table;

/**
 * Positions marked on an image, for a command's invisible {@code points} input: the points of the
 * image's point selection, else the ROI Manager's entries (the points of point selections, the
 * centroid of any other shape; not in a headless ImageJ, which has no ROI Manager), as a table of id and FITS pixel positions x, y (ImageJ's display
 * coordinates through {@link Coordinates}: a point at display (10, 20) of a 100-pixel-high image is
 * FITS (10.5, 80.5), so a click in the middle of a pixel gives its centre).
 */
final class MarkedPoints {

	private MarkedPoints() {}

	/** The marked positions, or null when there are none. */
	static Table of(ImagePlus imp) {
		Table t = new Table("points", "id", "x", "y");
		long h = imp.getHeight();
		Roi roi = imp.getRoi();
		if (roi instanceof PointRoi) addPoints(t, roi, null, h);
		else {
			// the ROI Manager is a window: there is none without a display (and asking would try to make one)
			RoiManager rm = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance2();
			Roi[] rois = rm == null ? new Roi[0] : rm.getRoisAsArray();
			for (Roi r : rois) {
				if (r instanceof PointRoi) addPoints(t, r, r.getName(), h);
				else {
					double[] c = r.getContourCentroid();
					add(t, r.getName(), c[0], c[1], h);
				}
			}
		}
		return t.rowCount() == 0 ? null : t;
	}

	private static void addPoints(Table t, Roi points, String name, long h) {
		FloatPolygon p = points.getFloatPolygon();
		for (int i = 0; i < p.npoints; i++) add(t, name == null || p.npoints == 1 ? name : name + "-" + (i + 1), p.xpoints[i], p.ypoints[i], h);
	}

	/** One position at ImageJ display (x, y), named, else numbered in order. */
	private static void add(Table t, String name, double x, double y, long h) {
		String id = name != null && !name.isBlank() ? name : Integer.toString(t.rowCount() + 1);
		t.addRow(id, Coordinates.fitsXOfDisplay(x), Coordinates.fitsYOfDisplay(y, h));
	}
}
