package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;

/**
 * Where a call's files live for the {@link StepRunner} that runs it: this machine's disk ({@link #LOCAL},
 * the pipeline's own runs), or a store an engine stages them through (the Spark module's Hadoop
 * file systems: the call runs on local copies, and its outputs and record are published back). The
 * up-to-date check is the store's, so a resumed night or a retried task looks at what the store holds.
 */
public interface StepFiles {

	/** This machine's disk: nothing to fetch or publish. */
	StepFiles LOCAL = new StepFiles() {

		@Override
		public boolean upToDate(StepCall call, String line, File record) {
			return StepRunner.upToDate(call, line, record);
		}

		@Override
		public void fetch(StepCall call, File record) {}

		@Override
		public void publish(StepCall call, File record) {}
	};

	/**
	 * True when every output of {@code call} exists, none is older than an input, and its record
	 * (the file {@code record}) holds {@code line}, the macro line it last ran with.
	 */
	boolean upToDate(StepCall call, String line, File record) throws IOException;

	/** Before the call runs: its inputs on this machine's disk, where its parameters name them. */
	void fetch(StepCall call, File record) throws IOException;

	/** After the call ran and its record was written: its outputs, then its record, where they belong. */
	void publish(StepCall call, File record) throws IOException;
}
