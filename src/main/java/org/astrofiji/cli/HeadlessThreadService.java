package org.astrofiji.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.service.AbstractService;
import org.scijava.thread.DefaultThreadService;
import org.scijava.thread.ThreadService;

/**
 * The thread service of a headless {@code astro run}: SciJava's own, except that what it hands to the
 * AWT event thread ({@link #invoke}, which delivers published events, and {@link #queue(Runnable)})
 * runs on the caller's thread and on a queue of its own instead. With SciJava's service the first
 * progress event of a run started AWT (toolkit, graphics environment, event thread: 20-40 ms and ~130
 * classes) in a process that shows nothing. Not a discovered plugin: only {@link Astro#commandContext()}
 * puts it in its context, so Fiji and the ImageJ bridge keep SciJava's.
 */
public final class HeadlessThreadService extends AbstractService implements ThreadService {

	private static final String EVENTS = "astro-events";

	@Parameter
	private LogService log; // made before this service: SciJava's service, used inside, needs it

	private final DefaultThreadService threads = new DefaultThreadService();

	@Override
	public void initialize() {
		threads.setContext(getContext());
	}

	@Override
	public boolean isDispatchThread() {
		return false;
	}

	@Override
	public void invoke(Runnable code) {
		code.run();
	}

	@Override
	public void queue(Runnable code) {
		threads.queue(EVENTS, code);
	}

	@Override
	public <V> Future<V> run(Callable<V> code) {
		return threads.run(code);
	}

	@Override
	public Future<?> run(Runnable code) {
		return threads.run(code);
	}

	@Override
	public ExecutorService getExecutorService() {
		return threads.getExecutorService();
	}

	@Override
	public void setExecutorService(ExecutorService executor) {
		threads.setExecutorService(executor);
	}

	@Override
	public Future<?> queue(String id, Runnable code) {
		return threads.queue(id, code);
	}

	@Override
	public <V> Future<V> queue(String id, Callable<V> code) {
		return threads.queue(id, code);
	}

	@Override
	public Thread getParent(Thread thread) {
		return threads.getParent(thread);
	}

	@Override
	public ThreadContext getThreadContext(Thread thread) {
		return threads.getThreadContext(thread);
	}

	@Override
	public Thread newThread(Runnable r) {
		return threads.newThread(r);
	}

	@Override
	public void dispose() {
		threads.dispose();
	}
}
