package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.CommandTest;

/**
 * Issue 11: two Simulate Observation runs into one new folder made a night mixing both seeds. Two runs
 * of a multi-file product racing into one folder now end with exactly one whole product: the winner's
 * files only, the loser failing with a message naming a file, nothing of it left behind.
 */
class RacingProductsTest extends CommandTest {

	@TempDir
	Path tmp;

	private static final String NIGHT = "width=48,height=40,stars=6,filters=V,bias_frames=2,dark_frames=1,flat_frames=2," +
		"science_frames=2,epoch2_frames=1";

	@Test
	void twoSimulatedNightsIntoOneFolderGiveOneWholeNight() throws Exception {
		for (int round = 0; round < 3; round++) {
			File dir = tmp.resolve("night" + round).toFile();
			List<String> results = race(i -> Map.of("output", dir.getPath(), "seed", String.valueOf(i + 1)), "Simulate Observation",
				NIGHT);
			int winner = winner(results);
			String loser = results.get(1 - winner);
			assertTrue(Pattern.matches("output " + Pattern.quote(dir.getPath()) + "/\\S+ already exists; choose another name or " +
				"set overwrite to replace it; nothing of this run was published in " + Pattern.quote(dir.getPath()), loser) ||
				loser.equals("output " + dir + " already holds a simulated night (night.csv); set overwrite or choose another directory"),
				loser);
			List<String> fits = files(dir.toPath(), ".fits");
			assertEquals(19, fits.size(), fits.toString()); // 9 raw frames and 10 truth images of one night
			for (String f : fits) {
				String history = String.join(" ", FitsReader.readHeader(new File(dir, f), null).history());
				assertTrue(history.contains(" seed=" + (winner + 1) + " "), f + " is the winner's: " + history);
			}
			assertEquals(List.of(), hidden(dir.toPath()), "no staging directory or temporary file left");
			assertEquals(List.of(), hidden(tmp), "nothing left beside the folder");
		}
	}

	@Test
	void twoCalibrationsIntoOneFolderGiveOneWholeSet() throws Exception {
		File night = tmp.resolve("raw").toFile();
		Commands.run(context, "Simulate Observation", with(Map.of("output", night.getPath(), "seed", "7"), NIGHT));
		for (int round = 0; round < 2; round++) {
			File out = tmp.resolve("calibrated" + round).toFile();
			// the runs differ by hot_sigma, which every product's HISTORY names
			List<String> results = race(i -> Map.of("directory", night.getPath(), "output", out.getPath(), "hot_sigma", String
				.valueOf(5 + i)), "Master Calibration", "");
			int winner = winner(results);
			String loser = results.get(1 - winner);
			assertTrue(Pattern.matches("output " + Pattern.quote(out.getPath()) + "/\\S+ already exists; choose another name or " +
				"set overwrite to replace it; nothing of this run was published in " + Pattern.quote(out.getPath()), loser) ||
				loser.equals("output " + out + " already holds calibration products (calibration_summary.csv); set overwrite or " +
					"choose another directory"), loser);
			List<String> fits = files(out.toPath(), ".fits");
			assertTrue(fits.size() >= 8, fits.toString());
			for (String f : fits) {
				String history = String.join(" ", FitsReader.readHeader(new File(out, f), null).history());
				assertTrue(history.contains(" hot_sigma=" + (5 + winner) + " "), f + " is the winner's: " + history);
			}
			assertTrue(new File(out, "calibration_summary.csv").isFile());
			assertEquals(List.of(), hidden(out.toPath()));
		}
		assertEquals(List.of(), hidden(tmp));
	}

	/** Two runs of a command started together; their results ("ok" or the message), in run order. */
	private List<String> race(java.util.function.IntFunction<Map<String, String>> options, String label, String common)
		throws Exception
	{
		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<String>> runs = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				Map<String, Object> in = with(options.apply(i), common);
				runs.add(pool.submit(() -> {
					start.await(60, TimeUnit.SECONDS);
					try {
						Commands.run(context, label, in);
						return "ok";
					}
					catch (RuntimeException e) {
						return e.getMessage();
					}
				}));
			}
			List<String> results = new ArrayList<>();
			for (Future<String> f : runs) results.add(f.get(300, TimeUnit.SECONDS));
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static int winner(List<String> results) {
		assertEquals(1, results.stream().filter("ok"::equals).count(), "exactly one run wins: " + results);
		return results.get(0).equals("ok") ? 0 : 1;
	}

	private static Map<String, Object> with(Map<String, String> options, String common) {
		Map<String, Object> all = new java.util.HashMap<>(options);
		for (String kv : common.isEmpty() ? new String[0] : common.split(",")) all.put(kv.split("=")[0], kv.split("=")[1]);
		return all;
	}

	private static List<String> files(Path dir, String suffix) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(p -> p.toString().endsWith(suffix)).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors
				.toList());
		}
	}

	private static List<String> hidden(Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(p -> p.getFileName().toString().startsWith(".")).map(Path::toString).collect(Collectors.toList());
		}
	}
}
