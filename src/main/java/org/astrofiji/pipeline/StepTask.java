package org.astrofiji.pipeline;

import java.util.List;

import org.scijava.Context;

import org.astrofiji.core.Parallel;

/**
 * One unit of a {@link StepEngine}: calls run in this JVM, in order, each unless it is up to date
 * ({@link StepRunner}: the same records as a local run, so a rerun, a retried task or a resumed
 * night redoes only what did not finish). A failed command ends the unit and is its outcome, never an
 * exception: a bad frame is a record, not a failed job.
 */
public final class StepTask {

	private StepTask() {}

	/** Runs {@code calls} with the commands of {@code context}; {@code perFrame}: on this thread only. */
	public static StepEngine.Outcome run(Context context, NightLayout layout, List<StepCall> calls, boolean perFrame) throws Exception {
		return run(context, layout, calls, perFrame, StepFiles.LOCAL);
	}

	/** The same, with the calls' files fetched from and published to {@code files}. */
	public static StepEngine.Outcome run(Context context, NightLayout layout, List<StepCall> calls, boolean perFrame, StepFiles files)
		throws Exception
	{
		return perFrame ? Parallel.inline(() -> run(context, layout, calls, files)) : run(context, layout, calls, files);
	}

	private static StepEngine.Outcome run(Context context, NightLayout layout, List<StepCall> calls, StepFiles files) {
		RunLog log = new RunLog(null);
		StepRunner runner = new StepRunner(context, layout.state(), log, null, files);
		int ran = 0, upToDate = 0;
		for (StepCall c : calls) {
			String problem;
			try {
				if (runner.run(c) == StepRunner.Outcome.RAN) ran++;
				else upToDate++;
				continue;
			}
			catch (RuntimeException e) {
				problem = String.valueOf(e.getMessage());
			}
			catch (OutOfMemoryError e) {
				problem = FrameScheduler.OUT_OF_MEMORY;
			}
			return new StepEngine.Outcome(log.startMillis(), ran, upToDate, c.kind.label, problem, log.lines());
		}
		return new StepEngine.Outcome(log.startMillis(), ran, upToDate, null, null, log.lines());
	}
}
