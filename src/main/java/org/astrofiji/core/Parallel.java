package org.astrofiji.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-threading for the core algorithms: work is split into contiguous chunks of an index range
 * (usually image rows), each chunk writes only its own part of the output, so results do not depend
 * on the number of threads.
 * <p>
 * The thread count defaults to the number of cores; set the system property
 * {@code astrofiji.threads} (or call {@link #setThreads}) to change it.
 * <p>
 * Work that runs on the pool's threads (a frame scheduler's frames, say) can itself call
 * {@link #forRange}: the calling thread runs the chunks itself, and pool threads that are idle at that
 * moment help (the last frames of a night, when fewer frames than threads are left). The chunks are
 * the same whoever runs them, so which threads help never changes a result.
 */
public final class Parallel {

	/** A piece of work over the index range [from, to). */
	@FunctionalInterface
	public interface RangeTask {
		void run(int from, int to) throws Exception;
	}

	/** How a thread runs a nested {@link #forRange}. */
	private enum Nesting {
		/** Not inside parallel work: use the pool. */
		NONE,
		/** A pool thread: run the chunks here, with idle pool threads helping. */
		POOL,
		/** Inside {@link #inline}: everything on this thread. */
		INLINE
	}

	private static final ThreadLocal<Nesting> NESTING = ThreadLocal.withInitial(() -> Nesting.NONE);
	private static volatile int threads = Integer.getInteger("astrofiji.threads",
		Runtime.getRuntime().availableProcessors());
	private static ExecutorService pool;
	private static int poolSize;
	/**
	 * Threads running chunks now: pool threads running a task and callers of {@link #forRange} running their
	 * share (pool threads not counted are idle and may help nested loops).
	 */
	private static final AtomicInteger busy = new AtomicInteger();

	private Parallel() {}

	public static int threads() {
		return Math.max(1, threads);
	}

	/**
	 * The threads work started on this thread may use: 1 inside {@link #inline} and on a pool thread
	 * (its siblings are busy; {@link #forRange} lets idle ones help, work outside it cannot know), else
	 * {@link #threads()}.
	 */
	public static int threadsHere() {
		return NESTING.get() == Nesting.NONE ? threads() : 1;
	}

	public static void setThreads(int n) {
		threads = Math.max(1, n);
	}

	/**
	 * Runs {@code task} on this thread with every nested {@link #forRange} inline (one thread): for an
	 * engine that runs many such tasks side by side on threads of its own.
	 */
	public static <T> T inline(java.util.concurrent.Callable<T> task) throws Exception {
		Nesting was = NESTING.get();
		NESTING.set(Nesting.INLINE);
		try {
			return task.call();
		}
		finally {
			NESTING.set(was);
		}
	}

	/**
	 * Runs {@code task} over [0, n) in contiguous chunks of at least {@code minChunk} indices, on up to
	 * {@link #threads()} threads (the calling thread one of them), and returns when all chunks are done. An
	 * exception in any chunk is rethrown (unchecked) after the others finish.
	 */
	public static void forRange(int n, int minChunk, RangeTask task) {
		if (n <= 0) return;
		Nesting nesting = NESTING.get();
		int t = nesting == Nesting.INLINE ? 1 : threads();
		int chunks = Math.max(1, Math.min(t * 4, n / Math.max(1, minChunk)));
		if (t == 1 || chunks == 1) {
			run(task, 0, n);
			return;
		}
		int size = (n + chunks - 1) / chunks;
		chunks = (n + size - 1) / size;
		if (nesting == Nesting.POOL) {
			helped(n, size, chunks, task, t);
			return;
		}
		ExecutorService ex = pool(t);
		List<Future<?>> futures = new ArrayList<>();
		AtomicInteger next = new AtomicInteger();
		// a fixed number of workers pull chunks in order: balanced, and no nested-pool deadlock
		Runnable worker = () -> {
			for (int c; (c = next.getAndIncrement()) * size < n;) {
				int from = c * size;
				run(task, from, Math.min(n, from + size));
			}
		};
		int workers = Math.min(t, chunks);
		for (int w = 1; w < workers; w++) futures.add(ex.submit(worker));
		// this thread is the first worker, counted busy as a pool thread running a task is (so nested loops
		// find t threads, not t + 1): one hand-off fewer per loop, and no wake-up to collect the result (on this
		// VM a loop of a few ms was slower on 2 threads than on 1 while the caller only waited)
		Throwable failure = null;
		NESTING.set(Nesting.POOL);
		busy.incrementAndGet();
		try {
			worker.run();
		}
		catch (Throwable e) {
			failure = e;
		}
		finally {
			busy.decrementAndGet();
			NESTING.set(Nesting.NONE);
		}
		for (Future<?> f : futures) {
			try {
				f.get();
			}
			catch (ExecutionException e) {
				if (failure == null) failure = e.getCause();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = new IllegalStateException("interrupted", e);
			}
		}
		if (failure != null) throw unchecked(failure);
	}

	/**
	 * A loop called on a pool thread: this thread pulls chunks until none is left, idle pool threads
	 * pull them too. It waits only for chunks another thread has started, never for a helper still in
	 * the pool's queue (that one finds no chunk left when it runs), so it cannot deadlock.
	 */
	private static void helped(int n, int size, int chunks, RangeTask task, int t) {
		AtomicInteger next = new AtomicInteger();
		CountDownLatch finished = new CountDownLatch(chunks);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Runnable loop = () -> {
			for (int c; (c = next.getAndIncrement()) < chunks;) {
				try {
					// after a failure the remaining chunks are only counted off
					if (failure.get() == null) {
						int from = c * size;
						task.run(from, Math.min(n, from + size));
					}
				}
				catch (Throwable e) {
					failure.compareAndSet(null, e);
				}
				finally {
					finished.countDown();
				}
			}
		};
		ExecutorService ex = idlePool(t);
		int helpers = ex == null ? 0 : Math.min(chunks - 1, t - busy.get());
		for (int h = 0; h < helpers; h++) ex.execute(loop);
		loop.run();
		boolean interrupted = false;
		while (true) {
			try {
				finished.await();
				break;
			}
			catch (InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
		Throwable e = failure.get();
		if (e != null) throw unchecked(e);
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

	/** The pool when it has {@code size} threads (never a new one: a nested loop must not replace the pool it runs on). */
	private static synchronized ExecutorService idlePool(int size) {
		return poolSize == size ? pool : null;
	}

	private static synchronized ExecutorService pool(int size) {
		if (pool == null || poolSize != size) {
			if (pool != null) pool.shutdown();
			AtomicInteger count = new AtomicInteger();
			pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
				Thread th = new Thread(() -> {
					NESTING.set(Nesting.POOL);
					r.run();
				}, "astrofiji-worker-" + count.incrementAndGet());
				th.setDaemon(true);
				return th;
			}) {
				@Override
				protected void beforeExecute(Thread th, Runnable r) {
					busy.incrementAndGet();
				}

				@Override
				protected void afterExecute(Runnable r, Throwable e) {
					busy.decrementAndGet();
				}
			};
			poolSize = size;
		}
		return pool;
	}
}
