package org.astrofiji.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What runs the night's command calls when {@link NightPipeline} does not run them itself: the
 * pipeline plans and decides (which frames go on, the reference, the report), an engine only runs
 * units of calls somewhere (a Spark cluster: {@code org.astrofiji.spark}) on the files of the
 * {@link NightLayout}, and gives back each unit's {@link Outcome} as plain data. A unit is the calls of
 * one frame of a stage, or one call over several frames; {@link StepTask#run} runs one where it lands.
 */
public interface StepEngine {

	/**
	 * Runs every unit's calls in order on the files of {@code layout} (a unit stops at its first failed call) and returns their
	 * outcomes in the order of {@code units}. With {@code perFrame} the commands of a unit run on one
	 * thread (many units side by side), else on all of them.
	 */
	List<Outcome> run(String stage, NightLayout layout, List<List<StepCall>> units, boolean perFrame);

	/**
	 * How many units this engine runs side by side (its task slots), or 0 when it does not say. The
	 * pipeline gives work that costs a set-up per call (the calibration's reduced frames: each call reads
	 * the masters again) a few calls per slot rather than a call per frame.
	 */
	default int slots() {
		return 0;
	}

	/** What a unit did: the calls' counts, the run.log lines of its calls, and its failure if any. */
	final class Outcome implements Serializable {

		private static final long serialVersionUID = 1L;

		public final int ran, upToDate;
		/** When the unit started, ms on its machine's wall clock (its log's times count from there). */
		public final long startMillis;
		/** The command label of the call that failed and the command's message; both null when none failed. */
		public final String failedStep, message;
		private final List<String> log;

		Outcome(long startMillis, int ran, int upToDate, String failedStep, String message, List<String> log) {
			this.startMillis = startMillis;
			this.ran = ran;
			this.upToDate = upToDate;
			this.failedStep = failedStep;
			this.message = message;
			this.log = Collections.unmodifiableList(new ArrayList<>(log));
		}

		public boolean failed() {
			return failedStep != null;
		}

		/** The lines for run.log: each call's macro line, outcome and time (times since the unit started). */
		public List<String> log() {
			return log;
		}

		/** "Find Stars: no stars found", as the local scheduler records a frame's failure. */
		public String failure() {
			return failedStep == null ? null : failedStep + ": " + message;
		}
	}
}
