package org.astrofiji.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loops inside loops: a loop called on a pool thread runs its chunks there, helped by pool threads
 * that are idle, with the same chunks whoever runs them; {@link Parallel#inline} keeps everything on
 * its thread; failures come back to the caller.
 */
class ParallelTest {

	private int threads;

	@BeforeEach
	void twoThreads() {
		threads = Parallel.threads();
		Parallel.setThreads(2);
	}

	@AfterEach
	void restore() {
		Parallel.setThreads(threads);
	}

	/** The chunks of a loop over [0, n), as "from-to", whoever runs them. */
	private static Set<String> chunks(int n, int minChunk, Set<Thread> ranOn) {
		Set<String> seen = new TreeSet<>();
		Parallel.forRange(n, minChunk, (from, to) -> {
			synchronized (seen) {
				seen.add(from + "-" + to);
			}
			ranOn.add(Thread.currentThread());
			Thread.sleep(2); // long enough for an idle thread to take a chunk
		});
		return seen;
	}

	@Test
	void theCallerIsOneOfTheLoopsThreads() {
		// 8 chunks of 2 ms on 2 threads: the calling thread takes its share (it used to wait for two pool
		// threads), and no third thread joins in
		Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
		assertEquals(8, chunks(100, 1, ranOn).size());
		assertTrue(ranOn.contains(Thread.currentThread()), ranOn.toString());
		assertEquals(2, ranOn.size(), ranOn.toString());
		assertEquals(2, Parallel.threadsHere(), "a top-level thread again after the loop (nested loops inside it run as on the pool)");
	}

	@Test
	void aNestedLoopIsHelpedByAnIdleThreadWithTheSameChunks() throws Exception {
		Set<String> topLevel = chunks(100, 1, ConcurrentHashMap.newKeySet());
		assertEquals(8, topLevel.size(), topLevel.toString()); // 4 chunks per thread
		CountDownLatch firstDone = new CountDownLatch(1);
		Set<Thread> helped = ConcurrentHashMap.newKeySet();
		Set<String> nested = new TreeSet<>();
		// two outer chunks: the first ends at once, the second's inner loops find that thread idle
		Parallel.forRange(2, 1, (from, to) -> {
			if (from == 0) {
				firstDone.countDown();
				return;
			}
			firstDone.await();
			// the idle thread is back in the pool a moment after its chunk returned: try a few loops
			for (int attempt = 0; attempt < 200 && helped.size() < 2; attempt++) {
				helped.clear();
				nested.clear();
				nested.addAll(chunks(100, 1, helped));
			}
		});
		assertEquals(topLevel, nested, "the same chunks nested as at the top level");
		assertEquals(2, helped.size(), "an idle pool thread helped the nested loop");
	}

	@Test
	void inlineRunsEverythingOnTheCallingThread() throws Exception {
		Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
		Set<String> seen = Parallel.inline(() -> chunks(100, 1, ranOn));
		assertEquals(Set.of("0-100"), seen);
		assertEquals(Set.of(Thread.currentThread()), ranOn);
	}

	@Test
	void deepNestingFinishesAndCoversEveryIndexOnce() {
		int n = 37;
		AtomicInteger[] hits = new AtomicInteger[n * n * n];
		for (int i = 0; i < hits.length; i++) hits[i] = new AtomicInteger();
		Parallel.forRange(n, 1, (a0, a1) -> {
			for (int a = a0; a < a1; a++) {
				int ia = a;
				Parallel.forRange(n, 1, (b0, b1) -> {
					for (int b = b0; b < b1; b++) {
						int ib = b;
						Parallel.forRange(n, 1, (c0, c1) -> {
							for (int c = c0; c < c1; c++) hits[(ia * n + ib) * n + c].incrementAndGet();
						});
					}
				});
			}
		});
		for (AtomicInteger h : hits) assertEquals(1, h.get());
	}

	@Test
	void aFailureInANestedChunkReachesTheCaller() {
		List<Integer> bad = List.of(61);
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, 1, (from, to) -> Parallel
			.forRange(100, 1, (a, b) -> {
				for (int i = a; i < b; i++) if (from == 1 && bad.contains(i)) throw new IllegalStateException("index " + i);
			})));
		assertTrue(e.getMessage().contains("index 61"), e.getMessage());
	}
}
