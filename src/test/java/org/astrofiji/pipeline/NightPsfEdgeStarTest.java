package org.astrofiji.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;

/**
 * A night whose R frames once lost their PSF models (found by the 200-frame bench night): on
 * science_R_005 and _009 the first pass rejected a star near the edge of the PSF stars' spread, and
 * the second pass's coefficient fields, fitted without it, had no flux at its position, so Estimate
 * PSF failed ("the PSF model has no positive flux at (x=49.4, y=220.1)"). The frames come from the
 * bench's simulation (seed 1, 200 frames); the test reduces only what those two frames need.
 */
class NightPsfEdgeStarTest {

	@Test
	void everyFrameOfTheBenchNightGetsItsPsfModel() throws Exception {
		File root = Files.createTempDirectory("astro-psf-edge").toFile();
		try (Context context = new Context(CommandService.class)) {
			File sim = new File(root, "sim"), raw = new File(root, "raw"), out = new File(root, "out");
			Commands.run(context, "Simulate Observation", Map.ofEntries(Map.entry("output", sim.getPath()), Map.entry("seed", "1"),
				Map.entry("width", "256"), Map.entry("height", "256"), Map.entry("stars", "60"), Map.entry("bias_frames", "10"),
				Map.entry("dark_frames", "5"), Map.entry("flat_frames", "5"), Map.entry("science_frames", "50"), Map.entry("epoch2_frames",
					"15")));
			raw.mkdirs();
			for (File f : sim.listFiles()) {
				String n = f.getName();
				if (n.startsWith("bias_") || n.startsWith("dark_") || n.startsWith("flat_R_") || n.equals("science_R_005.fits") || n.equals(
					"science_R_009.fits")) Files.copy(f.toPath(), new File(raw, n).toPath());
			}
			NightPipeline.Settings s = new NightPipeline.Settings();
			s.input = raw;
			s.output = out;
			NightPipeline.Result r = NightPipeline.run(context, s);
			assertTrue(r.failed.isEmpty(), r.summary());
			for (NightFrame f : r.plan.science()) assertTrue(r.layout.psf(f).isFile(), f.name + ": no PSF model");
		}
		finally {
			NightPipelineTest.delete(root);
		}
	}
}
