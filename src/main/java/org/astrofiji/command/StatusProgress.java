package org.astrofiji.command;

import org.scijava.app.StatusService;

import org.astrofiji.core.Progress;

/**
 * Core progress shown through SciJava's StatusService: Fiji shows it in its status bar, the ImageJ 1
 * bridge and the console launcher subscribe to the same events. Reports are thinned to whole
 * percents so a fast loop does not flood the event bus.
 */
public final class StatusProgress implements Progress {

	private final StatusService status;
	private int lastPercent = -1;
	private String lastStage;

	public StatusProgress(StatusService status) {
		this.status = status;
	}

	@Override
	public synchronized void report(String stage, double fraction) {
		if (status == null) return;
		int percent = (int) Math.round(100 * Math.max(0, Math.min(1, fraction)));
		if (percent == lastPercent && stage.equals(lastStage)) return;
		lastPercent = percent;
		lastStage = stage;
		status.showStatus(percent, 100, stage);
	}
}
