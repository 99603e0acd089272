package org.astrofiji.core.background;

import org.astrofiji.core.Progress;

/**
 * A cosmic-ray cleaning step that {@link SpectrumExtraction} applies before fitting the background:
 * only the background rows of the cleaned image are used (the spectrum itself is summed from the
 * uncleaned image), so cleaning can never touch the source. Implementations wrap a cosmic-ray
 * algorithm (e.g. the median-filter recipe of the cosmics workflow) or, with {@link #precleaned},
 * an image cleaned beforehand by another tool.
 */
@FunctionalInterface
public interface CosmicRayCleaner {

	/**
	 * A cleaned copy of the image.
	 *
	 * @param pixels row-major, memory orientation; must not be modified
	 * @return a new array of the same size and orientation
	 */
	float[] clean(float[] pixels, int width, int height, Progress progress);

	/** A cleaner that hands back an image cleaned beforehand (same size, memory orientation). */
	static CosmicRayCleaner precleaned(float[] cleaned, int width, int height, String name) {
		return (pixels, w, h, progress) -> {
			if (w != width || h != height || cleaned.length != pixels.length) throw new IllegalArgumentException(name +
				" (" + width + "x" + height + ") differs in size from the image (" + w + "x" + h + ")");
			return cleaned;
		};
	}
}
