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

	/**
	 * Memory row y of {@link #rms()} into {@code out[off .. off + width())}. Detection reads the noise
	 * only this way and through {@link #rms(int, int)}, so a model that makes them without the full map
	 * keeps a full-size array out of memory.
	 */
	default void rmsRow(int y, float[] out, int off) {
		System.arraycopy(rms(), y * width(), out, off, width());
	}

	/** {@link #rms()} at memory pixel (x, y) (y = 0 the top row). */
	default float rms(int x, int y) {
		return rms()[y * width() + x];
	}

	/** One background level for the whole image. */
	double globalBack();

	/** One background RMS for the whole image. */
	double globalRms();

	/** A short description for summaries, e.g. "mesh 64 px, median filter 3". */
	String describe();
}
