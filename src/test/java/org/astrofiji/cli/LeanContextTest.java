package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.command.DeclaredCommandInfo;

/** The lean context of a one-shot {@code astro run}: the same commands as SciJava's CommandService finds, run the same way. */
class LeanContextTest {

	@Test
	void findsEveryCommandAsCommandServiceDoes() {
		try (Context full = new Context(CommandService.class)) {
			CommandService cs = full.service(CommandService.class);
			List<String> labels = Commands.labels(cs);
			assertTrue(labels.size() >= 20, labels.toString());
			for (String label : labels) {
				CommandInfo expected = Commands.find(cs, label);
				for (String name : List.of(label, label.toUpperCase(), label + "...", expected.getClassName())) {
					CommandInfo lean = LeanContext.find(name);
					assertNotNull(lean, name);
					assertEquals(expected.getClassName(), lean.getClassName(), name);
					assertEquals(expected.getTitle(), lean.getTitle(), name);
					// made from the build's copy of the annotations (DeclarationsTest holds it equal to SciJava's)
					assertTrue(lean instanceof DeclaredCommandInfo, name);
				}
			}
			assertEquals(labels, Commands.labels(LeanContext.commands()));
			assertNull(LeanContext.find("Find Star"));
			assertNull(LeanContext.find("org.scijava.command.Command"));
		}
	}

	@Test
	void servesTheCommandsThatNeedOnlyItsStatusService() {
		try (Context lean = LeanContext.create()) {
			assertTrue(LeanContext.serves(lean, LeanContext.find("Find Stars")));
			assertTrue(LeanContext.serves(lean, LeanContext.find("Simulate Observation")));
			assertFalse(LeanContext.serves(lean, LeanContext.find("Reduce Night"))); // it takes the context
		}
	}

	@Test
	void runsACommandWithItsStatusServiceInjected() throws Exception {
		try (Context lean = LeanContext.create()) {
			List<StatusEvent> events = new ArrayList<>();
			lean.service(DirectStatusService.class).listen(events::add);
			CommandInfo info = LeanContext.find("Simulate Observation");
			java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lean");
			try {
				Map<String, Object> in = Commands.convertsDirectly(info, Map.of("output", dir.toString(), "width", "32", "height", "32",
					"stars", "3", "filters", "V", "bias_frames", "1", "dark_frames", "0", "flat_frames", "0", "science_frames", "1",
					"epoch2_frames", "0"));
				assertNotNull(in);
				Commands.run(lean, info, in);
				assertTrue(new java.io.File(dir.toFile(), "science_V_001.fits").isFile());
				StatusEvent last = events.get(events.size() - 1);
				assertEquals(100, last.getProgressValue());
				assertEquals(100, last.getProgressMaximum());
			}
			finally {
				org.astrofiji.io.OutputFiles.deleteTree(dir);
			}
		}
	}

	@Test
	void valuesOnlySciJavasConvertersReadAreLeftToTheFullContext() {
		CommandInfo info = LeanContext.find("Find Stars");
		assertNull(Commands.convertsDirectly(info, Map.of("image", "foo")));
		assertEquals(Map.of("k", 4.5, "min_area", 3), Commands.convertsDirectly(info, Map.of("k", "4.5", "min_area", "3")));
		assertNotNull(Commands.convertsDirectly(info, Map.of("table_file", "/tmp/x.csv", "overwrite", "true")));
	}
}
