package org.astrofiji.core.detection;

/**
 * The sky under the sources, as star detection needs it: the background level and its RMS at every
 * pixel, plus one global value of each (SExtractor/SEP's {@code back()}, {@code rms()},
 * {@code globalback}, {@code globalrms}). Maps are row-major in memory order, width x height.
 * <p>
 * Detection depends only on this interface; {@link MeshSky} implements it with SEP's mesh.
 */
public interface SkyModel {

	int width();

	int height();

	/** Background level per pixel (image units). */
	float[] back();

	/** Background RMS per pixel (image units). */
	float[] rms();

	/** One background level for the whole image. */
	double globalBack();

	/** One background RMS for the whole image. */
	double globalRms();

	/** A short description for summaries, e.g. "mesh 64 px, median filter 3". */
	String describe();
}
