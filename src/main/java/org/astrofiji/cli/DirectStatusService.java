package org.astrofiji.cli;

import java.util.function.Consumer;

import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.service.AbstractService;

/**
 * The status service of the lean context of {@code astro run} ({@link LeanContext}): each report goes
 * at once, on the reporting thread, to one listener (the console's progress lines) instead of through
 * SciJava's EventService, which the lean context does without (making it reflects over every service
 * for event handlers: ~40 ms of a one-shot run). The events are the ones SciJava's status service
 * would publish. Not a discovered plugin.
 */
public final class DirectStatusService extends AbstractService implements StatusService {

	private volatile Consumer<StatusEvent> listener = e -> {};

	/** Sends the reports to {@code listener} from now on (none: {@code e -> {}}). */
	public void listen(Consumer<StatusEvent> listener) {
		this.listener = listener;
	}

	@Override
	public void showProgress(int value, int maximum) {
		listener.accept(new StatusEvent(value, maximum));
	}

	@Override
	public void showStatus(String message) {
		listener.accept(new StatusEvent(message));
	}

	@Override
	public void showStatus(int progress, int maximum, String message) {
		listener.accept(new StatusEvent(progress, maximum, message));
	}

	@Override
	public void showStatus(int progress, int maximum, String message, boolean warn) {
		listener.accept(new StatusEvent(progress, maximum, message, warn));
	}

	@Override
	public void warn(String message) {
		listener.accept(new StatusEvent(message, true));
	}

	@Override
	public void clearStatus() {
		listener.accept(new StatusEvent(""));
	}

	@Override
	public String getStatusMessage(String appName, StatusEvent event) {
		String message = event.getStatusMessage();
		return message == null ? "" : message;
	}
}
