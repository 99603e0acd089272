package org.astrofiji.core.cosmics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;

/**
 * The result of a cosmic-ray search: the cleaned image, the mask (255 = cosmic ray, 0 = not) and the
 * events, i.e. the 8-connected groups of flagged pixels, numbered in the raster order of the FITS
 * array (FITS row 1 first), as scipy.ndimage.label numbers them. Arrays have the in-memory (ImageJ)
 * orientation; event positions are FITS pixel coordinates.
 */
public final class CosmicRayMask {

	/** One cosmic-ray event: a group of 8-connected flagged pixels. */
	public static final class Event {

		/** Number from 1, in FITS raster order of the group's first pixel. */
		public final int id;
		public final int pixels;
		/** Mean FITS position of the pixels. */
		public final double x, y;
		/** FITS bounding box (1-based, inclusive). */
		public final int xmin, xmax, ymin, ymax;
		/** Sum of (input - cleaned) over the pixels: the charge removed, in image units. */
		public final double flux;

		Event(int id, int pixels, double x, double y, int xmin, int xmax, int ymin, int ymax, double flux) {
			this.id = id;
			this.pixels = pixels;
			this.x = x;
			this.y = y;
			this.xmin = xmin;
			this.xmax = xmax;
			this.ymin = ymin;
			this.ymax = ymax;
			this.flux = flux;
		}
	}

	private final int width, height;
	private final float[] cleaned;
	private final byte[] mask;
	private final int flagged;
	private final List<Event> events;
	private final String summary;

	CosmicRayMask(int width, int height, float[] input, float[] cleaned, byte[] mask, String summary) {
		this.width = width;
		this.height = height;
		this.cleaned = cleaned;
		this.mask = mask;
		int n = 0;
		for (byte b : mask) if (b != 0) n++;
		this.flagged = n;
		this.events = Collections.unmodifiableList(label(mask, width, height, input, cleaned));
		this.summary = summary;
	}

	/**
	 * A result from its arrays (in-memory orientation): {@code input} and {@code cleaned} give each
	 * event's removed flux; {@code mask} is non-zero where a cosmic ray was found.
	 */
	public static CosmicRayMask of(int width, int height, float[] input, float[] cleaned, byte[] mask, String summary) {
		if (input.length != (long) width * height || cleaned.length != input.length || mask.length != input.length)
			throw new IllegalArgumentException("arrays do not fit " + width + "x" + height);
		byte[] m = new byte[mask.length];
		for (int i = 0; i < m.length; i++) m[i] = mask[i] != 0 ? (byte) 255 : 0;
		return new CosmicRayMask(width, height, input, cleaned, m, summary);
	}

	/**
	 * This result with protected pixels (whole memory rows, or non-zero entries of {@code pixels}; either
	 * may be null) as they were in {@code input}: never flagged, never changed.
	 */
	public CosmicRayMask protect(float[] input, boolean[] rows, byte[] pixels) {
		if (rows == null && pixels == null) return this;
		float[] out = cleaned.clone();
		byte[] m = mask.clone();
		for (int y = 0; y < height; y++) {
			for (int x = 0, p = y * width; x < width; x++, p++) {
				if (rows != null && rows[y] || pixels != null && pixels[p] != 0) {
					out[p] = input[p];
					m[p] = 0;
				}
			}
		}
		return of(width, height, input, out, m, summary);
	}

	/**
	 * The cleaned image as an image of the source's kind: its ERR, and its DQ (or a new one) with
	 * {@link Dq#COSMIC_RAY} and {@link Dq#INTERPOLATED} set where a hit was replaced.
	 */
	public AstroImage cleanedImage(AstroImage source, FitsHeader header) {
		short[] dq = source.hasDq() ? source.dqData().clone() : new short[mask.length];
		for (int i = 0; i < mask.length; i++) if (mask[i] != 0) dq[i] |= Dq.COSMIC_RAY | Dq.INTERPOLATED;
		return AstroImage.of(source.name(), cleaned, width, height, header).withErr(source.err()).withDq(dq);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The cleaned image (flagged pixels replaced), row-major, in-memory orientation. */
	public float[] cleaned() {
		return cleaned;
	}

	/** 255 where a cosmic ray was found, 0 elsewhere; row-major, in-memory orientation. */
	public byte[] mask() {
		return mask;
	}

	/** Number of flagged pixels. */
	public int flagged() {
		return flagged;
	}

	public List<Event> events() {
		return events;
	}

	/** What was done, with the values that were derived (sigma, gain, ...), for logs and HISTORY. */
	public String summary() {
		return summary;
	}

	/** The events as a table: id, npix, x, y (FITS), bounding box, flux. */
	public Table table() {
		Table t = new Table("cosmic rays", "id", "npix", "x", "y", "xmin", "xmax", "ymin", "ymax", "flux");
		for (Event e : events) t.addRow((double) e.id, (double) e.pixels, e.x, e.y, (double) e.xmin, (double) e.xmax,
			(double) e.ymin, (double) e.ymax, e.flux);
		return t;
	}

	/** A circle around each event, for an overlay. */
	public Marks marks() {
		Marks m = new Marks("cosmic rays", "red");
		for (Event e : events) {
			double r = Math.max(2, 0.5 * Math.max(e.xmax - e.xmin, e.ymax - e.ymin) + 1.5);
			m.circle(e.x, e.y, r, "CR " + e.id);
		}
		return m;
	}

	/** "169 pixels in 2 events". */
	public String counts() {
		return flagged + " pixel" + (flagged == 1 ? "" : "s") + " in " + events.size() + " event" + (events.size() == 1 ? "" : "s");
	}

	/**
	 * 8-connected groups of non-zero mask pixels, found by scanning the FITS raster order (memory rows
	 * from the bottom up), so that the numbering is scipy.ndimage.label's.
	 */
	static List<Event> label(byte[] mask, int w, int h, float[] input, float[] cleaned) {
		// visited pixels: a byte each, not the id (an int plane), which nothing reads
		boolean[] seen = new boolean[mask.length];
		int[] stack = new int[64];
		List<Event> events = new ArrayList<>();
		for (int fy = 0; fy < h; fy++) {
			int y0 = Coordinates.memoryRow(fy, h);
			for (int x0 = 0; x0 < w; x0++) {
				int start = y0 * w + x0;
				if (mask[start] == 0 || seen[start]) continue;
				int id = events.size() + 1;
				int sp = 0, n = 0;
				long sx = 0, sy = 0;
				int xmin = x0, xmax = x0, ymin = y0, ymax = y0;
				double flux = 0;
				stack[sp++] = start;
				seen[start] = true;
				while (sp > 0) {
					int p = stack[--sp];
					int x = p % w, y = p / w;
					n++;
					sx += x;
					sy += y;
					xmin = Math.min(xmin, x);
					xmax = Math.max(xmax, x);
					ymin = Math.min(ymin, y);
					ymax = Math.max(ymax, y);
					double d = (double) input[p] - cleaned[p];
					if (d == d) flux += d;
					for (int dy = -1; dy <= 1; dy++) {
						int yy = y + dy;
						if (yy < 0 || yy >= h) continue;
						for (int dx = -1; dx <= 1; dx++) {
							int xx = x + dx;
							if (xx < 0 || xx >= w) continue;
							int q = yy * w + xx;
							if (mask[q] != 0 && !seen[q]) {
								seen[q] = true;
								if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
								stack[sp++] = q;
							}
						}
					}
				}
				events.add(new Event(id, n, Coordinates.fitsX((double) sx / n), Coordinates.fitsY((double) sy / n, h),
					(int) Coordinates.fitsX(xmin), (int) Coordinates.fitsX(xmax), (int) Coordinates.fitsY(ymax, h),
					(int) Coordinates.fitsY(ymin, h), flux));
			}
		}
		return events;
	}
}
