package org.astrofiji.command;

import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventService;

import org.astrofiji.core.Progress;

/**
 * Core progress shown through SciJava's StatusService: Fiji shows it in its status bar, the ImageJ 1
 * bridge and the console launcher subscribe to the same events. Reports are thinned to whole
 * percents so a fast loop does not flood the event bus. Published synchronously: StatusService's own
 * calls publish later on a pool thread, so a run's last report (its 100 %) could reach the console
 * after the command had returned, or out of order. In a context without an EventService (the lean
 * one of {@code astro run}, whose status service prints at once) the report goes to the status
 * service itself.
 */
public final class StatusProgress implements Progress {

	private final StatusService status;
	private final EventService events;
	private int lastPercent = -1;
	private String lastStage;

	public StatusProgress(StatusService status) {
		this.status = status;
		this.events = status == null ? null : status.getContext().getService(EventService.class);
	}

	@Override
	public synchronized void report(String stage, double fraction) {
		if (status == null) return;
		int percent = (int) Math.round(100 * Math.max(0, Math.min(1, fraction)));
		if (percent == lastPercent && stage.equals(lastStage)) return;
		lastPercent = percent;
		lastStage = stage;
		if (events != null) events.publish(new StatusEvent(percent, 100, stage));
		else status.showStatus(percent, 100, stage);
	}
}
