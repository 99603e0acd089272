package org.astrofiji.core.detection;

import org.astrofiji.core.Progress;

/**
 * Makes the {@link SkyModel} of an image for the {@code background} threshold mode.
 * {@link DetectionSettings#sky} holds the estimator in use, by default {@link #MESH}: SExtractor's
 * mesh background exactly as SEP computes it ({@link org.astrofiji.core.background.MeshBackground}).
 */
@FunctionalInterface
public interface SkyEstimator {

	/** The SEP mesh background. */
	SkyEstimator MESH = MeshSky::estimate;

	/**
	 * @param pixels the image, row-major in memory order (NaN = no data; never modified)
	 * @param boxSize mesh box size, pixels
	 * @param filterSize size of the median filter over the mesh (1 = none)
	 */
	SkyModel estimate(float[] pixels, int width, int height, int boxSize, int filterSize, Progress progress);
}
