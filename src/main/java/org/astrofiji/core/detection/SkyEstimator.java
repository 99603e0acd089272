package org.astrofiji.core.detection;

import org.astrofiji.core.Progress;

/**
 * Makes the {@link SkyModel} of an image for the {@code background} threshold mode.
 * {@link DetectionSettings#sky} holds the estimator in use; its default, {@link #INTERIM}, is this
 * package's small sigma-clipped mesh ({@link InterimMeshSky}), to be replaced by the mesh background
 * of {@code org.astrofiji.core.background} by assigning that class's estimator there.
 */
@FunctionalInterface
public interface SkyEstimator {

	/** The interim mesh background of this package. */
	SkyEstimator INTERIM = InterimMeshSky::estimate;

	/**
	 * @param pixels the image, row-major in memory order (NaN = no data; never modified)
	 * @param boxSize mesh box size, pixels
	 * @param filterSize size of the median filter over the mesh (1 = none)
	 */
	SkyModel estimate(float[] pixels, int width, int height, int boxSize, int filterSize, Progress progress);
}
