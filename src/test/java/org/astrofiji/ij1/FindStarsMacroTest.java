package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.testutil.HeadlessImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macros/find_stars.ijm run headless as users run it (ij1-patcher, as Fiji's --headless), checked by what it writes. */
class FindStarsMacroTest {

	@TempDir
	static Path night;

	static void run(String macro, String arg) throws Exception {
		HeadlessImageJ.runMacro(Files.readString(new File("macros", macro).toPath()), arg);
	}

	@BeforeAll
	static void simulateNight() throws Exception {
		run("simulate_night.ijm", night.toString());
	}

	@Test
	void findStarsMacroWritesTableRegionsAndReport() throws Exception {
		run("find_stars.ijm", night.toString());
		Path stars = night.resolve("stars");
		String[] report = Files.readString(stars.resolve("find_stars.csv")).trim().split(",");
		Table table = CsvTables.read(stars.resolve("science_V_001_stars.csv").toFile());
		assertEquals("science_V_001.fits", report[0]);
		int n = Integer.parseInt(report[1]);
		assertEquals(table.rowCount(), n, "the macro's nResults is the CSV's row count");
		assertEquals(n, Integer.parseInt(report[2]), "one overlay ellipse per star on the frame");
		assertEquals(n, (int) Double.parseDouble(report[3]), "the label image holds labels 1..n");
		assertEquals(table.getDouble(0, "x"), Double.parseDouble(report[4]), 1e-6);
		assertEquals(table.getDouble(0, "y"), Double.parseDouble(report[5]), 1e-6);
		// the night holds 200 stars in 512x512 (a raw frame, cosmic rays included); the brightest 100 at
		// least 3 px inside the frame are found within 1 px (stars cut by the edge have shifted centres), but
		// for three that are mere shoulders of 2-5 times brighter stars 3 to 5 px away
		Table truth = CsvTables.read(night.resolve("truth/stars.csv").toFile());
		List<Integer> inside = new java.util.ArrayList<>();
		for (int i = 0; i < truth.rowCount(); i++) {
			double x = truth.getDouble(i, "x"), y = truth.getDouble(i, "y");
			if (x >= 3 && y >= 3 && x <= 510 && y <= 510) inside.add(i);
		}
		Integer[] order = inside.toArray(new Integer[0]);
		java.util.Arrays.sort(order, (a, b) -> Double.compare(truth.getDouble(b, "counts_V"), truth.getDouble(a, "counts_V")));
		int found = 0;
		for (int k = 0; k < 100; k++) {
			double x = truth.getDouble(order[k], "x"), y = truth.getDouble(order[k], "y"), best = 1e9;
			for (int r = 0; r < n; r++) best = Math.min(best, Math.hypot(table.getDouble(r, "x") - x, table.getDouble(r, "y") - y));
			if (best < 1) found++;
		}
		assertTrue(found >= 97, found + " of the 100 brightest stars inside the frame found");
		List<String> regions = Files.readAllLines(stars.resolve("science_V_001_stars.reg"));
		assertEquals("image", regions.get(3));
		assertEquals(n, regions.stream().filter(l -> l.startsWith("ellipse(")).count());
	}
}
