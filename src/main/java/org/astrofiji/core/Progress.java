package org.astrofiji.core;

/**
 * Where long-running core work reports how far it is. Core code knows nothing of ImageJ or SciJava;
 * the command layer adapts this to the StatusService, which Fiji, the ImageJ 1 bridge and the
 * console launcher each show in their own way.
 */
@FunctionalInterface
public interface Progress {

	/** Does nothing: for callers that do not care. */
	Progress NONE = (stage, fraction) -> {};

	/**
	 * @param stage what is being done, e.g. "median filter"
	 * @param fraction of the whole job done so far, 0 to 1
	 */
	void report(String stage, double fraction);

	/** A view of this progress that maps [0,1] of a sub-task onto [from, to] of the whole. */
	default Progress range(double from, double to) {
		return (stage, fraction) -> report(stage, from + (to - from) * fraction);
	}

	/**
	 * Views of this progress for {@code parts} sub-tasks run side by side (from any threads): each reports
	 * its own fraction, this progress sees their mean (so it never jumps back as one range after another
	 * would when the tasks finish out of order). The mean is passed on under the views' lock: two threads'
	 * means reach this progress in the order they were formed.
	 */
	default Progress[] split(int parts) {
		double[] done = new double[parts];
		Progress[] views = new Progress[parts];
		for (int i = 0; i < parts; i++) {
			int k = i;
			views[i] = (stage, fraction) -> {
				synchronized (done) {
					done[k] = fraction;
					double sum = 0;
					for (double d : done) sum += d;
					report(stage, sum / parts);
				}
			};
		}
		return views;
	}
}
