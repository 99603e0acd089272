package org.astrofiji.ij1;

import ij.ImagePlus;
import ij.gui.EllipseRoi;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.Colors;

import java.awt.Color;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Marks;

/** Marks (FITS coordinates) drawn as an ImageJ overlay. */
public final class Overlays {

	private Overlays() {}

	/** Adds the marks to the image's overlay (creating one), each ROI named by its label. */
	public static void draw(ImagePlus imp, Marks marks) {
		Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		Color color = Colors.decode(marks.color(), Color.green);
		long h = imp.getHeight();
		for (Marks.Mark m : marks.marks()) {
			double x = Coordinates.displayX(m.x), y = Coordinates.displayY(m.y, h);
			switch (m.kind) {
				case POINT: {
					PointRoi p = new PointRoi(x, y);
					p.setPointType(PointRoi.CROSSHAIR);
					add(overlay, p, color, m.label);
					break;
				}
				case CIRCLE:
					add(overlay, new OvalRoi(x - m.a, y - m.a, 2 * m.a, 2 * m.a), color, m.label);
					break;
				case ANNULUS:
					add(overlay, new OvalRoi(x - m.a, y - m.a, 2 * m.a, 2 * m.a), color, m.label);
					add(overlay, new OvalRoi(x - m.b, y - m.b, 2 * m.b, 2 * m.b), color, m.label);
					break;
				case ELLIPSE: {
					// theta is counter-clockwise from +x with y up; the display's y points down
					double t = Math.toRadians(m.thetaDegrees), dx = m.a * Math.cos(t), dy = -m.a * Math.sin(t);
					double ratio = m.a > 0 ? Math.max(0.01, Math.min(1, m.b / m.a)) : 1;
					add(overlay, new EllipseRoi(x - dx, y - dy, x + dx, y + dy, ratio), color, m.label);
					break;
				}
			}
		}
		imp.setOverlay(overlay);
	}

	private static void add(Overlay overlay, Roi roi, Color color, String label) {
		roi.setStrokeColor(color);
		if (label != null) roi.setName(label);
		overlay.add(roi);
	}
}
