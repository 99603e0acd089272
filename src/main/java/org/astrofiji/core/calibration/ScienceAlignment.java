package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.registration.Aligner;
import org.astrofiji.core.registration.Alignment;

/**
 * The reduced science frames of one filter aligned onto the first before they are combined
 * ({@link MasterCalibration.Settings#alignScience}): each frame's stars matched to the first frame's
 * (similarity transform, {@link Aligner}'s defaults) and the frame resampled onto its grid with the
 * cubic spline, NaN where it has no data (so the combination skips those pixels). The first frame is
 * the reference, so the combined frame keeps its grid and its header's WCS. The aligned frames are held
 * in memory until the combination (4 bytes per pixel and frame): the streamed combination of unaligned
 * frames reads them back from their files instead.
 */
final class ScienceAlignment {

	/** The frames to combine, the first as it was and the others aligned onto it. */
	final List<RowSource> frames = new ArrayList<>();
	/** Per frame (after the first) what its alignment found, in the frames' order. */
	final List<String> notes = new ArrayList<>();
	/** The reference frame's name. */
	final String reference;
	private double worstRms;

	private ScienceAlignment(String reference) {
		this.reference = reference;
	}

	/**
	 * Aligns {@code frames[1..]} onto {@code frames[0]}.
	 *
	 * @throws IllegalArgumentException naming the frame whose stars could not be matched to the reference's
	 */
	static ScienceAlignment of(List<RowSource> frames, List<String> names) throws Exception {
		ScienceAlignment out = new ScienceAlignment(names.get(0));
		RowSource first = frames.get(0);
		out.frames.add(first);
		if (frames.size() < 2) return out;
		Aligner onto = Aligner.onto(image(first, names.get(0)));
		for (int i = 1; i < frames.size(); i++) {
			AstroImage frame = image(frames.get(i), names.get(i));
			Alignment a;
			try {
				a = onto.find(frame);
			}
			catch (IllegalArgumentException e) { // NoMatchException among them: too few stars, no consistent match
				throw new IllegalArgumentException("align_science: " + names.get(i) + " could not be aligned onto " + out.reference + ": " +
					e.getMessage(), e);
			}
			AstroImage aligned = onto.resample(frame, a, new FitsHeader());
			out.frames.add(RowSource.of(names.get(i), aligned.data(), aligned.width(), aligned.height()));
			out.notes.add("aligned onto " + out.reference + ": " + a.summary());
			out.worstRms = Math.max(out.worstRms, a.rms());
		}
		return out;
	}

	/** What the combined frame's description adds: "frames aligned onto X by their stars (largest RMS 0.031 px)". */
	String description() {
		return String.format(java.util.Locale.ROOT, "frames aligned onto %s by their stars (largest RMS %.3f px)", reference, worstRms);
	}

	private static AstroImage image(RowSource src, String name) throws Exception {
		float[] v = new float[src.width() * src.height()];
		src.read(0, src.height(), v, 0);
		return AstroImage.of(name, v, src.width(), src.height(), new FitsHeader());
	}
}
