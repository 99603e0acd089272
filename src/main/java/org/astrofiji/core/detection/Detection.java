package org.astrofiji.core.detection;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.image.Dq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;

/** What {@link StarFinder} found: the sources, the label image and how they were found. */
public final class Detection {

	private final DetectionSettings settings;
	private final Threshold threshold;
	private final int width, height;
	private List<Source> sources;
	private final int[] labels;
	private final int tooSmall, deblended, parts, detected;
	private final long nanPixels;
	private int excluded;
	private double windowFwhm = Double.NaN;

	Detection(DetectionSettings settings, Threshold threshold, int width, int height, List<Source> sources, int[] labels,
		int tooSmall, long nanPixels, int deblended, int parts, int detected)
	{
		this.settings = settings;
		this.threshold = threshold;
		this.width = width;
		this.height = height;
		this.sources = sources;
		this.labels = labels;
		this.tooSmall = tooSmall;
		this.nanPixels = nanPixels;
		this.deblended = deblended;
		this.parts = parts;
		this.detected = detected;
	}

	Detection excluded(int n) {
		excluded = n;
		return this;
	}

	/**
	 * Gives each source the flags of the image's DQ under its pixels (the peak pixel for local maxima):
	 * saturated as {@link Source#SATURATED}, no data as {@link Source#NAN}, bad, hot, dead or cosmic
	 * ray as {@link Source#BAD_PIXEL}; with exclude_flagged the newly flagged leave the results too.
	 */
	Detection withQuality(short[] dq) {
		int[] byLabel = new int[detected + 1];
		if (labels != null) for (int p = 0; p < labels.length; p++) if (labels[p] > 0) byLabel[labels[p]] |= dq[p];
		List<Source> kept = new ArrayList<>(sources.size());
		for (Source s : sources) {
			int q = labels != null ? byLabel[s.id] : dq[Coordinates.memoryIndex(s.xPeak, s.yPeak, width, height)];
			int flags = ((q & Dq.SATURATED) != 0 ? Source.SATURATED : 0) | ((q & Dq.NO_DATA) != 0 ? Source.NAN : 0) |
				((q & (Dq.BAD | Dq.HOT | Dq.DEAD | Dq.COSMIC_RAY)) != 0 ? Source.BAD_PIXEL : 0);
			Source f = s.withFlags(flags);
			if (settings.excludeFlagged && (f.flags & Source.EXCLUDED) != 0) excluded++;
			else kept.add(f);
		}
		sources = kept;
		return this;
	}

	Detection windowFwhm(double f) {
		windowFwhm = f;
		return this;
	}

	/** FWHM of the window of the windowed centroid (NaN for other weights). */
	public double windowFwhm() {
		return windowFwhm;
	}

	/** The sources in id order (without the excluded ones). */
	public List<Source> sources() {
		return Collections.unmodifiableList(sources);
	}

	public Threshold threshold() {
		return threshold;
	}

	public DetectionSettings settings() {
		return settings;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Label per pixel in memory order (0 = no source), or null for the peaks method. */
	public int[] labels() {
		return labels;
	}

	/** The label image (32-bit), or null for the peaks method. */
	public ArrayImg<IntType, IntArray> labelImage() {
		return labels == null ? null : ArrayImgs.ints(labels, width, height);
	}

	/** Number of labels in the label image (sources before exclusion). */
	public int labelCount() {
		return labels == null ? 0 : detected;
	}

	/** Detections dropped for having fewer than min_area pixels. */
	public int tooSmall() {
		return tooSmall;
	}

	/** Sources flagged edge, saturated, NaN or bad pixel that exclude_flagged removed from the results. */
	public int excluded() {
		return excluded;
	}

	public long nanPixels() {
		return nanPixels;
	}

	/** Detections split by deblending, and the number of sources they became. */
	public int deblended() {
		return deblended;
	}

	public int deblendedParts() {
		return parts;
	}

	/** One paragraph: how many sources, how, and what was left out. */
	public String summary() {
		StringBuilder sb = new StringBuilder();
		boolean peaks = settings.method == DetectionSettings.Method.PEAKS;
		if (sources.isEmpty() && detected == 0) {
			sb.append("no ").append(peaks ? "local maximum" : "pixel").append(" above the threshold (").append(threshold)
				.append("): empty table");
		}
		else sb.append(sources.size()).append(peaks ? " local maxima" : " sources").append(" (threshold ").append(threshold)
			.append(')');
		if (settings.fwhm > 0) sb.append("; filter FWHM ").append(StarFinder.fmt(settings.fwhm)).append(" px (")
			.append(DetectionSettings.name(settings.filterType)).append(')');
		if (peaks) sb.append("; min_distance ").append(settings.minDistance);
		else {
			sb.append("; ").append(settings.connectivity).append("-connected, min_area ").append(settings.minArea);
			if (tooSmall > 0) sb.append(" (").append(tooSmall).append(" smaller detections dropped)");
			if (!Double.isNaN(windowFwhm)) sb.append(String.format(Locale.ROOT, "; windowed centroids, window FWHM %.3g px", windowFwhm));
			if (settings.deblend) sb.append("; deblending split ").append(deblended).append(" detections into ").append(parts);
			if (excluded > 0) sb.append("; ").append(excluded).append(" flagged sources excluded (kept in the label image)");
		}
		if (nanPixels > 0) sb.append(String.format(Locale.ROOT, "; %d NaN pixels skipped", nanPixels));
		return sb.toString();
	}

	/** The results table (see {@link Catalogs#table}). */
	public Table table() {
		return Catalogs.table(this);
	}

	/** Overlay shapes (see {@link Catalogs#marks}). */
	public Marks marks() {
		return Catalogs.marks(this);
	}

	/** Histogram of the distance of the sources from (x, y) (FITS). */
	public Plot radialPlot(double x, double y) {
		return Catalogs.radialHistogram(this, x, y);
	}

	/** Histogram of log10 of the source fluxes. */
	public Plot fluxPlot() {
		return Catalogs.fluxHistogram(this);
	}
}
