package org.astrofiji.core.subtraction;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * Cut-outs of the transient candidates: one row per candidate (strongest first, top to bottom as
 * displayed), three panels per row: the reference R, the new image N (both background subtracted and
 * divided by their background noise &sigma;) and the difference D (unit noise already). All panels are
 * thus in units of their image's noise, so one display range suits them all (a candidate at 5&sigma;
 * looks alike in every panel). Panels are {@code size} pixels square, centred on the pixel nearest the
 * candidate, separated by {@link #GAP} pixels of NaN; pixels beyond the image are NaN. Pixel arrays are
 * row-major in memory (ImageJ) orientation, as the images are.
 */
public final class CandidateMontage {

	/** The montage's extension name in the subtraction's output file. */
	public static final String EXTNAME = "CUTOUTS";
	/** Pixels of NaN between panels and rows. */
	public static final int GAP = 2;
	/** The panels of a row, left to right. */
	public static final List<String> PANELS = List.of("R", "N", "D");

	private final float[] pixels;
	private final int size, width, height;
	private final List<Candidate> shown;

	private CandidateMontage(float[] pixels, int size, int width, int height, List<Candidate> shown) {
		this.pixels = pixels;
		this.size = size;
		this.width = width;
		this.height = height;
		this.shown = shown;
	}

	/**
	 * The montage of the first {@code max} candidates (all when fewer), or null when there is none.
	 *
	 * @param size side of a panel, pixels: odd, at least 3
	 */
	public static CandidateMontage of(Subtraction s, List<Candidate> candidates, int size, int max) {
		if (size < 3 || size % 2 == 0 || size > 1001) throw new IllegalArgumentException("cutout_size must be odd, 3 to 1001 pixels (got " +
			size + ")");
		if (max < 0) throw new IllegalArgumentException("cutouts must be >= 0 (got " + max + ")");
		int n = Math.min(max, candidates.size());
		if (n == 0) return null;
		int mw = 3 * size + 2 * GAP, mh = n * size + (n - 1) * GAP;
		float[] m = new float[mw * mh];
		Arrays.fill(m, Float.NaN);
		int w = s.width(), h = s.height(), r = size / 2;
		float[][] planes = { s.reference().subtracted(), s.newImage().subtracted(), s.difference() };
		double[] scale = { 1 / s.sigmaReference(), 1 / s.sigmaNew(), 1 };
		for (int k = 0; k < n; k++) {
			int[] c = centre(candidates.get(k), h);
			for (int pl = 0; pl < 3; pl++) {
				for (int j = 0; j < size; j++) {
					int y = c[1] - r + j;
					if (y < 0 || y >= h) continue;
					for (int i = 0; i < size; i++) {
						int x = c[0] - r + i;
						if (x < 0 || x >= w) continue;
						m[(k * (size + GAP) + j) * mw + pl * (size + GAP) + i] = (float) (planes[pl][y * w + x] * scale[pl]);
					}
				}
			}
		}
		return new CandidateMontage(m, size, mw, mh, Collections.unmodifiableList(candidates.subList(0, n)));
	}

	/** The memory pixel {x, y} a candidate's panels are centred on: the nearest to its FITS position. */
	public static int[] centre(Candidate c, int height) {
		return new int[] { (int) Math.rint(Coordinates.memoryX(c.x)), (int) Math.rint(Coordinates.memoryY(c.y, height)) };
	}

	/** One panel (0 = R, 1 = N, 2 = D) of one row, size &times; size, memory orientation. */
	public float[] panel(int row, int panel) {
		return panel(pixels, width, size, row, panel);
	}

	/** One panel of a montage's pixels (e.g. read back from a file): {@code width} is the montage's width. */
	public static float[] panel(float[] montage, int width, int size, int row, int panel) {
		if (panel < 0 || panel > 2 || row < 0 || (row + 1) * size + row * GAP > montage.length / width) throw new IllegalArgumentException(
			"no panel " + panel + " in row " + row);
		float[] p = new float[size * size];
		for (int j = 0; j < size; j++) System.arraycopy(montage, (row * (size + GAP) + j) * width + panel * (size + GAP), p, j * size, size);
		return p;
	}

	/**
	 * The montage as an image whose header describes it: CUTSIZE (panel side), CUTGAP, CUTPANEL
	 * ('R N D'), CUTROWS and one card CUT&lt;row&gt; per row (id, FITS x and y, S_corr of its candidate),
	 * so the file can be read back ({@link #panel(float[], int, int, int, int)}).
	 */
	public AstroImage image(String name) {
		FitsHeader h = new FitsHeader().set("BUNIT", "", "noise sigma of each panel's image (R, N: bkg subtracted)")
			.set("CUTSIZE", size, "side of each cut-out panel, pixels").set("CUTGAP", GAP, "NaN pixels between panels and rows")
			.set("CUTPANEL", String.join(" ", PANELS), "panels of a row, left to right").set("CUTROWS", shown.size(),
				"rows (candidates, strongest first, top down)");
		for (int k = 0; k < shown.size(); k++) {
			Candidate c = shown.get(k);
			h.set("CUT" + (k + 1), String.format(Locale.ROOT, "id=%d x=%.2f y=%.2f s_corr=%+.2f", c.id, c.x, c.y, c.scorr),
				"candidate of row " + (k + 1));
		}
		return AstroImage.of(name, Images.wrap(pixels, width, height), h);
	}

	/** The montage's pixels (width &times; height, row-major, memory orientation); not a copy. */
	public float[] pixels() {
		return pixels;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int size() {
		return size;
	}

	/** The candidates shown, one per row, top to bottom. */
	public List<Candidate> candidates() {
		return shown;
	}
}
