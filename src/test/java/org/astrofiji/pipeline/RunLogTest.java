package org.astrofiji.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines of a log kept elsewhere (an engine's task) are put on the night's clock. */
class RunLogTest {

	@Test
	void appendedLinesCountFromTheNightsStart() {
		RunLog night = new RunLog(null);
		List<String> task = List.of("     1.25 s  ran            0.50 s  run(\"Find Stars...\", \"k=5\");",
			"             failed: Find Stars: no stars", "     0.75 s  # a note");
		night.append(task, night.startMillis() + 2000);
		List<String> lines = night.lines();
		assertEquals("     3.25 s  ran            0.50 s  run(\"Find Stars...\", \"k=5\");", lines.get(0));
		assertEquals(task.get(1), lines.get(1));
		assertEquals("     2.75 s  # a note", lines.get(2));
		night.append(List.of("     1.00 s  # earlier"), night.startMillis() - 500);
		assertTrue(night.lines().get(3).startsWith("     0.50 s  #"), night.lines().get(3));
	}
}
