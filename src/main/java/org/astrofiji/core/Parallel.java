package org.astrofiji.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multi-threading for the core algorithms: work is split into contiguous chunks of an index range
 * (usually image rows), each chunk writes only its own part of the output, so results do not depend
 * on the number of threads.
 * <p>
 * The thread count defaults to the number of cores; set the system property
 * {@code astrofiji.threads} (or call {@link #setThreads}) to change it.
 */
public final class Parallel {

	/** A piece of work over the index range [from, to). */
	@FunctionalInterface
	public interface RangeTask {
		void run(int from, int to) throws Exception;
	}

	private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);
	private static volatile int threads = Integer.getInteger("astrofiji.threads",
		Runtime.getRuntime().availableProcessors());
	private static ExecutorService pool;
	private static int poolSize;

	private Parallel() {}

	public static int threads() {
		return Math.max(1, threads);
	}

	public static void setThreads(int n) {
		threads = Math.max(1, n);
	}

	/**
	 * Runs {@code task} on this thread with every nested {@link #forRange} inline (one thread), as the
	 * workers of a frame scheduler do: for an engine that runs many such tasks side by side.
	 */
	public static <T> T inline(java.util.concurrent.Callable<T> task) throws Exception {
		boolean was = WORKER.get();
		WORKER.set(true);
		try {
			return task.call();
		}
		finally {
			WORKER.set(was);
		}
	}

	/**
	 * Runs {@code task} over [0, n) in contiguous chunks of at least {@code minChunk} indices, on up to
	 * {@link #threads()} threads, and returns when all chunks are done. An exception in any chunk is
	 * rethrown (unchecked) after the others finish.
	 */
	public static void forRange(int n, int minChunk, RangeTask task) {
		if (n <= 0) return;
		// nested calls from a worker run inline: the pool is fixed-size and must not wait on itself
		int t = WORKER.get() ? 1 : threads();
		int chunks = Math.max(1, Math.min(t * 4, n / Math.max(1, minChunk)));
		if (t == 1 || chunks == 1) {
			run(task, 0, n);
			return;
		}
		int size = (n + chunks - 1) / chunks;
		ExecutorService ex = pool(t);
		List<Future<?>> futures = new ArrayList<>();
		AtomicInteger next = new AtomicInteger();
		// a fixed number of workers pull chunks in order: balanced, and no nested-pool deadlock
		int workers = Math.min(t, chunks);
		for (int w = 0; w < workers; w++) {
			futures.add(ex.submit(() -> {
				for (int c; (c = next.getAndIncrement()) * size < n;) {
					int from = c * size;
					run(task, from, Math.min(n, from + size));
				}
				return null;
			}));
		}
		RuntimeException failure = null;
		for (Future<?> f : futures) {
			try {
				f.get();
			}
			catch (ExecutionException e) {
				if (failure == null) failure = unchecked(e.getCause());
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = new IllegalStateException("interrupted", e);
			}
		}
		if (failure != null) throw failure;
	}

	private static void run(RangeTask task, int from, int to) {
		try {
			task.run(from, to);
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
	}

	private static RuntimeException unchecked(Throwable t) {
		if (t instanceof RuntimeException) return (RuntimeException) t;
		if (t instanceof Error) throw (Error) t;
		return new IllegalStateException(t.getMessage(), t);
	}

	private static synchronized ExecutorService pool(int size) {
		if (pool == null || poolSize != size) {
			if (pool != null) pool.shutdown();
			AtomicInteger count = new AtomicInteger();
			pool = Executors.newFixedThreadPool(size, r -> {
				Thread th = new Thread(() -> {
					WORKER.set(true);
					r.run();
				}, "astrofiji-worker-" + count.incrementAndGet());
				th.setDaemon(true);
				return th;
			});
			poolSize = size;
		}
		return pool;
	}
}
