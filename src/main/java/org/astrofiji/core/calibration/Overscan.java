package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import org.astrofiji.core.stats.Medians;

/**
 * The bias level measured in a frame's overscan: one value per line, the median of the overscan
 * pixels of that line (robust to cosmic rays and hot pixels). A region taller than wide (columns
 * beside the image, the usual case) gives one value per row; a wider one (rows above or below) one
 * value per column. {@link #level} is what is subtracted at a pixel.
 */
public final class Overscan {

	/** The region the levels were measured in. */
	public final Section region;
	/** True for one level per row, false for one per column. */
	public final boolean perRow;
	private final double[] levels;

	private Overscan(Section region, boolean perRow, double[] levels) {
		this.region = region;
		this.perRow = perRow;
		this.levels = levels;
	}

	/** Measures the overscan of a raw (untrimmed) frame. */
	public static Overscan measure(RowSource raw, Section region) throws Exception {
		int w = raw.width();
		boolean perRow = region.width <= region.height;
		double[] levels;
		if (perRow) { // rows beside the data: read in bands, one median per row
			levels = new double[raw.height()];
			java.util.Arrays.fill(levels, Double.NaN);
			int band = Math.max(1, Math.min(region.height, (4 << 20) / Math.max(1, w)));
			float[] rows = new float[band * w], line = new float[region.width];
			for (int r0 = 0; r0 < region.height; r0 += band) {
				int n = Math.min(band, region.height - r0);
				raw.read(region.y0 + r0, n, rows, 0);
				for (int r = 0; r < n; r++) {
					System.arraycopy(rows, r * w + region.x0, line, 0, region.width);
					levels[region.y0 + r0 + r] = Medians.nanMedianInPlace(line);
				}
			}
		}
		else { // rows above or below the data: few of them
			float[] rows = new float[region.height * w];
			raw.read(region.y0, region.height, rows, 0);
			levels = new double[w];
			java.util.Arrays.fill(levels, Double.NaN);
			float[] line = new float[region.height];
			for (int c = 0; c < region.width; c++) {
				for (int r = 0; r < region.height; r++) line[r] = rows[r * w + region.x0 + c];
				levels[region.x0 + c] = Medians.nanMedianInPlace(line);
			}
		}
		return new Overscan(region, perRow, levels);
	}

	/** The level to subtract at memory position (x, y) of the raw frame; NaN outside the overscan's lines. */
	public double level(int x, int y) {
		return perRow ? levels[y] : levels[x];
	}

	/** Fails, naming the frame, when the overscan does not cover every line of {@code area}. */
	public void requireCovers(Section area, String frame) {
		boolean ok = perRow ? region.y0 <= area.y0 && region.y0 + region.height >= area.y0 + area.height
			: region.x0 <= area.x0 && region.x0 + region.width >= area.x0 + area.width;
		if (!ok) throw new IllegalArgumentException(frame + ": the overscan " + region + " does not cover every " +
			(perRow ? "row" : "column") + " of the data section " + area);
	}

	/** Mean of the levels over the lines it covers, for summaries. */
	public double meanLevel() {
		double sum = 0;
		int n = 0;
		for (double l : levels) {
			if (!Double.isNaN(l)) {
				sum += l;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}
}
