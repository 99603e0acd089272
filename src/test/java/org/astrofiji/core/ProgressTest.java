package org.astrofiji.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProgressTest {

	@Test
	void rangeMapsFractionsOntoItsPart() {
		List<Double> seen = new ArrayList<>();
		Progress p = (stage, f) -> seen.add(f);
		p.range(0.2, 0.6).report("x", 0.5);
		assertEquals(List.of(0.4), seen);
	}

	@Test
	void splitReportsTheMeanOfItsParts() {
		List<Double> seen = new ArrayList<>();
		Progress[] parts = ((Progress) (stage, f) -> seen.add(f)).split(2);
		parts[0].report("a", 1);
		parts[1].report("b", 0.5);
		parts[1].report("b", 1);
		assertEquals(List.of(0.5, 0.75, 1.0), seen);
	}

	/** Two threads each reporting rising fractions: the means arrive rising (they are formed and passed on under one lock). */
	@Test
	void splitMeansArriveInOrderFromTwoThreads() throws InterruptedException {
		List<Double> seen = new ArrayList<>();
		Progress[] parts = ((Progress) (stage, f) -> seen.add(f)).split(2);
		int n = 20_000;
		Thread[] t = new Thread[2];
		for (int k = 0; k < 2; k++) {
			Progress mine = parts[k];
			t[k] = new Thread(() -> {
				for (int i = 1; i <= n; i++) mine.report("s", i / (double) n);
			});
		}
		for (Thread x : t) x.start();
		for (Thread x : t) x.join();
		assertEquals(2 * n, seen.size());
		for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) >= seen.get(i - 1), "report " + i + " went back");
		assertEquals(1.0, seen.get(seen.size() - 1), 0);
	}
}
