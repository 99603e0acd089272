package org.astrofiji.core.psf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Table;

/**
 * The PSF stars of an image ({@link PsfStarSelector}): their unit-sum stamps, the stamp size, the
 * background-subtracted image they were cut from (for residuals and fits), and how many candidates
 * each cut removed.
 */
public final class PsfStars {

	private final int width, height, stampSize, candidates;
	private final boolean recentred;
	private final double fwhm, backgroundRms;
	private final List<PsfStar> stars;
	private final float[] subtracted;
	private final Map<String, Integer> rejected;
	private final String detection;

	PsfStars(int width, int height, int stampSize, boolean recentred, double fwhm, double backgroundRms, List<PsfStar> stars,
		float[] subtracted, int candidates, Map<String, Integer> rejected, String detection)
	{
		this.width = width;
		this.height = height;
		this.stampSize = stampSize;
		this.recentred = recentred;
		this.fwhm = fwhm;
		this.backgroundRms = backgroundRms;
		this.stars = Collections.unmodifiableList(new ArrayList<>(stars));
		this.subtracted = subtracted;
		this.candidates = candidates;
		this.rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
		this.detection = detection;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Stamp side, pixels (odd). */
	public int stampSize() {
		return stampSize;
	}

	/** Whether stamps are centred exactly on the stars' centroids. */
	public boolean recentred() {
		return recentred;
	}

	/** Median FWHM of the candidates the stamp size came from, pixels. */
	public double fwhm() {
		return fwhm;
	}

	/** Global RMS of the background. */
	public double backgroundRms() {
		return backgroundRms;
	}

	public List<PsfStar> stars() {
		return stars;
	}

	public int count() {
		return stars.size();
	}

	/** The background-subtracted image (memory orientation, NaN where DQ-flagged); not a copy. */
	public float[] backgroundSubtracted() {
		return subtracted;
	}

	/** Sources (or given positions) considered. */
	public int candidates() {
		return candidates;
	}

	/** Candidates removed, by reason, in the order the cuts apply. */
	public Map<String, Integer> rejected() {
		return rejected;
	}

	/** The stamps, one row per star (copies). */
	public double[][] stamps() {
		double[][] s = new double[stars.size()][];
		for (int j = 0; j < s.length; j++) s[j] = stars.get(j).stamp();
		return s;
	}

	/** One row per star: id, FITS x, y, flux, fwhm. */
	public Table table() {
		Table t = new Table("PSF stars", "id", "x", "y", "flux", "fwhm");
		for (PsfStar s : stars) t.addRow((double) s.id, s.x, s.y, s.flux, s.fwhm);
		return t;
	}

	/** One line: stars kept of candidates, the cuts, the stamp size. */
	public String summary() {
		StringBuilder cuts = new StringBuilder();
		for (Map.Entry<String, Integer> e : rejected.entrySet()) {
			if (e.getValue() == 0) continue;
			cuts.append(cuts.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
		}
		return String.format(Locale.ROOT, "%d PSF stars of %d %s%s; stamps %dx%d (FWHM %.2f px)%s", count(), candidates,
			detection, cuts.length() == 0 ? "" : " (left out: " + cuts + ")", stampSize, stampSize, fwhm,
			recentred ? ", recentred" : "");
	}

	@Override
	public String toString() {
		return summary();
	}
}
