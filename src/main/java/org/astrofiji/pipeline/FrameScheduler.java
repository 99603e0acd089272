package org.astrofiji.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.astrofiji.core.Parallel;

/**
 * The local scheduler: runs a task on every frame on all threads ({@link Parallel#threads()}), each
 * worker taking the next frame when it is done with one, so at most that many frames are in memory.
 * The commands inside a task run on their worker's thread (nested {@link Parallel} loops), helped by
 * the workers that found no frame left (the last frames of a stage), and a frame's results never
 * depend on which worker ran it or who helped. A frame whose task fails is recorded with the
 * reason; the others go on. One progress line per frame done, with the time left.
 */
final class FrameScheduler {

	/** The work on one frame. */
	@FunctionalInterface
	interface Task {
		void run(NightFrame frame) throws Exception;
	}

	static final String OUT_OF_MEMORY = "out of memory (raise -Xmx)";

	private FrameScheduler() {}

	/**
	 * Runs {@code task} on each frame not yet in {@code failed}; failures go into {@code failed} (frame
	 * name to reason).
	 */
	static void forEach(String stage, List<NightFrame> frames, Task task, RunLog log, Map<String, String> failed) {
		List<NightFrame> todo = new java.util.ArrayList<>();
		for (NightFrame f : frames) if (!failed.containsKey(f.name)) todo.add(f);
		int n = todo.size();
		if (n == 0) return;
		AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
		double start = log.elapsed();
		int workers = Math.min(Parallel.threads(), n);
		Parallel.forRange(workers, 1, (from, to) -> {
			for (int i; (i = next.getAndIncrement()) < n;) {
				NightFrame f = todo.get(i);
				String problem = null;
				try {
					task.run(f);
				}
				catch (Exception | OutOfMemoryError e) {
					problem = e instanceof OutOfMemoryError ? OUT_OF_MEMORY : String.valueOf(e.getMessage());
					failed.put(f.name, problem);
				}
				int d = done.incrementAndGet();
				double elapsed = log.elapsed() - start;
				log.note(String.format(Locale.ROOT, "%s: %d/%d frames, %s elapsed, about %s left (%s %s)", stage, d, n,
					NightSteps.seconds(elapsed), NightSteps.seconds(elapsed / d * (n - d)), f.name, problem == null ? "done" : "failed: " +
						problem));
			}
		});
	}
}
