package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs appear whole or not at all, and "never replace an existing output" holds when runs race:
 * threads and processes writing the same names, a process killed while writing, a read-only folder.
 */
class OutputFilesTest {

	@TempDir
	Path tmp;

	private static final int RUNS = 6;

	@Test
	void racingWritersOfOneFileExactlyOneWins() throws Exception {
		File out = tmp.resolve("race.csv").toFile();
		// every run passes the early check and finishes writing before any publishes: the old window
		CyclicBarrier written = new CyclicBarrier(RUNS);
		ExecutorService pool = Executors.newFixedThreadPool(RUNS);
		try {
			List<Future<String>> runs = new ArrayList<>();
			for (int i = 0; i < RUNS; i++) {
				String text = "run " + i;
				runs.add(pool.submit(() -> {
					try {
						OutputFiles.write(out, false, o -> {
							o.write(text.getBytes(StandardCharsets.UTF_8));
							await(written);
						});
						return "won " + text;
					}
					catch (IOException e) {
						return e.getMessage();
					}
				}));
			}
			List<String> results = new ArrayList<>();
			for (Future<String> f : runs) results.add(f.get(60, TimeUnit.SECONDS));
			List<String> winners = results.stream().filter(r -> r.startsWith("won ")).collect(Collectors.toList());
			assertEquals(1, winners.size(), results.toString());
			assertEquals(winners.get(0).substring(4), Files.readString(out.toPath()));
			for (String r : results) {
				if (!r.startsWith("won ")) assertEquals("output " + out + " already exists; choose another name or set " +
					"overwrite to replace it", r);
			}
			assertEquals(List.of("race.csv"), list(tmp), "no temporary file left");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void overwriteReplaces() throws Exception {
		File out = tmp.resolve("x.txt").toFile();
		OutputFiles.write(out, false, o -> o.write('1'));
		assertEquals("output " + out + " already exists; choose another name or set overwrite to replace it",
			assertThrows(IOException.class, () -> OutputFiles.write(out, false, o -> o.write('2'))).getMessage());
		OutputFiles.write(out, true, o -> o.write('3'));
		assertEquals("3", Files.readString(out.toPath()));
	}

	@Test
	void aReadOnlyFolderIsNamedNotTheTemporaryFile() throws Exception {
		File dir = tmp.resolve("locked").toFile();
		assertTrue(dir.mkdir());
		assertTrue(dir.setWritable(false));
		boolean immutable = false;
		try {
			if (Files.isWritable(dir.toPath())) immutable = chattr("+i", dir); // root writes anywhere, except there
			assumeFalse(Files.isWritable(dir.toPath()) && !immutable, "running as a user who can write anywhere");
			File out = new File(dir, "x.fits");
			String m = assertThrows(IOException.class, () -> OutputFiles.write(out, false, o -> o.write(1))).getMessage();
			assertEquals("cannot write " + out + ": no permission to create files in " + dir, m);
			String s = assertThrows(IOException.class, () -> OutputSet.create(new File(dir, "sub"), false)).getMessage();
			assertEquals("cannot write " + new File(dir, "sub") + ": no permission to create files in " + dir, s);
		}
		finally {
			if (immutable) chattr("-i", dir);
			dir.setWritable(true);
		}
	}

	private static boolean chattr(String flag, File dir) {
		try {
			return new ProcessBuilder("chattr", flag, dir.getPath()).redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException | InterruptedException e) {
			return false;
		}
	}

	@Test
	void racingOutputSetsPublishAllOrNothing() throws Exception {
		for (int round = 0; round < 5; round++) {
			File dir = tmp.resolve("night" + round).toFile();
			CyclicBarrier staged = new CyclicBarrier(RUNS);
			ExecutorService pool = Executors.newFixedThreadPool(RUNS);
			try {
				List<Future<String>> runs = new ArrayList<>();
				for (int i = 0; i < RUNS; i++) {
					String tag = "seed " + i;
					boolean reversed = i % 2 == 1;
					runs.add(pool.submit(() -> {
						try (OutputSet set = OutputSet.create(dir, false)) {
							List<String> names = new ArrayList<>(List.of("a.fits", "b.csv", "truth/stars.csv"));
							if (reversed) Collections.reverse(names);
							set.checkFree(names);
							for (String n : names) Files.writeString(set.file(n).toPath(), tag);
							await(staged);
							set.commit();
							return "won " + tag;
						}
						catch (IOException e) {
							return e.getMessage();
						}
					}));
				}
				List<String> results = new ArrayList<>();
				for (Future<String> f : runs) results.add(f.get(60, TimeUnit.SECONDS));
				List<String> winners = results.stream().filter(r -> r.startsWith("won ")).collect(Collectors.toList());
				assertEquals(1, winners.size(), results.toString());
				String tag = winners.get(0).substring(4);
				for (String n : List.of("a.fits", "b.csv", "truth/stars.csv")) {
					assertEquals(tag, Files.readString(new File(dir, n).toPath()), n + " of " + results);
				}
				for (String r : results) {
					if (!r.startsWith("won ")) assertTrue(r.matches("output " + Pattern.quote(dir.toString()) +
						"/(a\\.fits|b\\.csv|truth/stars\\.csv) already exists; .*; nothing of this run was published in " +
						Pattern.quote(dir.toString())), r);
				}
				assertEquals(List.of("a.fits", "b.csv", "truth"), list(dir.toPath()), "staging directories removed");
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void aTakenNameLeavesTheFolderAsItWas() throws Exception {
		File dir = tmp.toFile();
		Files.writeString(tmp.resolve("b.csv"), "earlier");
		try (OutputSet set = OutputSet.create(dir, false)) {
			Files.writeString(set.file("a.fits").toPath(), "new");
			Files.writeString(set.file("c/d.csv").toPath(), "new");
			Files.writeString(set.file("b.csv").toPath(), "new");
			String m = assertThrows(IOException.class, set::commit).getMessage();
			assertEquals("output " + new File(dir, "b.csv") + " already exists; choose another name or set overwrite to " +
				"replace it; nothing of this run was published in " + dir, m);
		}
		assertEquals(List.of("b.csv"), list(tmp));
		assertEquals("earlier", Files.readString(tmp.resolve("b.csv")));
		assertThrows(IllegalArgumentException.class, () -> OutputSet.create(dir, false).file("../escape.txt"));
	}

	@Test
	void aSetCreatesNothingBeforeItsCommit() throws Exception {
		File night = tmp.resolve("new/night").toFile();
		try (OutputSet set = OutputSet.create(night, false)) {
			Files.writeString(set.file("bias.fits").toPath(), "b");
			Files.writeString(set.file("truth/stars.csv").toPath(), "s");
			assertEquals(List.of(), visible(tmp), "only a hidden staging directory, in the deepest existing directory");
		}
		assertEquals(List.of(), list(tmp), "a set that is closed without its commit leaves nothing, not even its directories");
		try (OutputSet set = OutputSet.create(night, false)) {
			Files.writeString(set.file("bias.fits").toPath(), "b");
			Files.writeString(set.file("truth/stars.csv").toPath(), "s");
			set.commit();
		}
		assertEquals("s", Files.readString(night.toPath().resolve("truth/stars.csv")));
		assertEquals(List.of("new"), list(tmp));
	}

	@Test
	void filesInSeveralDirectoriesArePublishedTogether() throws Exception {
		Path a = Files.createDirectory(tmp.resolve("a"));
		File fits = a.resolve("x.fits").toFile(), csv = tmp.resolve("b/c/x.csv").toFile(), taken = tmp.resolve("taken.reg").toFile();
		Files.writeString(taken.toPath(), "earlier");
		try (OutputSet set = OutputSet.create(false)) {
			for (File f : List.of(fits, csv, taken)) Files.writeString(set.file(f).toPath(), "new");
			assertEquals(set.file(fits), set.file(fits), "the same staged path when asked again");
			String m = assertThrows(IOException.class, set::commit).getMessage();
			assertEquals("output " + taken + " already exists; choose another name or set overwrite to replace it; nothing of " +
				"this run was published", m);
		}
		assertEquals(List.of("a", "taken.reg"), list(tmp), "b/c made for the commit and removed again");
		assertEquals(List.of(), list(a));
		assertEquals("earlier", Files.readString(taken.toPath()));
		try (OutputSet set = OutputSet.create(false)) {
			for (File f : List.of(fits, csv)) Files.writeString(set.file(f).toPath(), f.getName());
			assertEquals(List.of(fits, csv), set.commit());
		}
		assertEquals("x.fits", Files.readString(fits.toPath()));
		assertEquals("x.csv", Files.readString(csv.toPath()));
		assertEquals(List.of("x.fits"), list(a));
	}

	private static List<String> visible(Path dir) throws IOException {
		return list(dir).stream().filter(n -> !n.startsWith(".")).collect(Collectors.toList());
	}

	@Test
	void aKilledRunsTemporaryFileIsRemovedByTheNextRunNotALiveOnes() throws Exception {
		File out = tmp.resolve("frame.fits").toFile();
		Process killed = worker("hang", out.toString());
		awaitLine(killed, "started");
		killed.destroyForcibly().waitFor(); // SIGKILL: no cleanup of its own
		List<String> left = list(tmp);
		assertEquals(1, left.size(), left.toString());
		assertTrue(left.get(0).startsWith(".frame.fits.") && left.get(0).endsWith(".part"), left.toString());
		Process live = worker("hang", out.toString());
		try {
			awaitLine(live, "started");
			List<String> both = list(tmp);
			assertEquals(2, both.size(), both.toString());
			both.remove(left.get(0));
			// a later run: started after both temporary files were made, so both are older than it. The JDK
			// takes a process's start from /proc (boot time in whole seconds + clock ticks), up to ~1 s
			// early, so a file made less than a second before the run can look younger than it (CI saw
			// the killed run's file kept): age both by a minute, as a leftover of an earlier run would be
			FileTime minuteAgo = FileTime.from(Instant.now().minusSeconds(60));
			for (String name : List.of(left.get(0), both.get(0))) Files.setLastModifiedTime(tmp.resolve(name), minuteAgo);
			Process next = worker("write", out.toString(), "done");
			assertEquals(0, next.waitFor(), stderr(next));
			assertEquals("done", Files.readString(out.toPath()));
			List<String> after = list(tmp);
			assertEquals(List.of(both.get(0), "frame.fits").stream().sorted().collect(Collectors.toList()), after,
				"the killed run's file is gone, the live run's stays");
		}
		finally {
			live.destroyForcibly().waitFor();
		}
		// files younger than this process are never touched by it, even without a lock
		Path young = tmp.resolve(".other.fits.1234abcd.part");
		Files.writeString(young, "x");
		Path old = tmp.resolve(".other.fits.5678abcd.part");
		Files.writeString(old, "x");
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600 * 24 * 365)));
		// nor those of another output
		Path otherOutput = tmp.resolve(".other.fits.gz.9abcdef0.part");
		Files.writeString(otherOutput, "x");
		Files.setLastModifiedTime(otherOutput, FileTime.from(Instant.now().minusSeconds(3600 * 24 * 365)));
		OutputFiles.write(tmp.resolve("other.fits").toFile(), false, o -> o.write(1));
		assertTrue(Files.exists(young));
		assertFalse(Files.exists(old));
		assertTrue(Files.exists(otherOutput));
	}

	@Test
	void racingProcessesPublishOneWholeSet() throws Exception {
		File dir = tmp.resolve("night").toFile();
		File go = tmp.resolve("go").toFile();
		Process a = worker("set", dir.toString(), "seed-1", go.toString());
		Process b = worker("set", dir.toString(), "seed-2", go.toString());
		awaitLine(a, "staged");
		awaitLine(b, "staged");
		assertTrue(go.createNewFile());
		int ea = a.waitFor(), eb = b.waitFor();
		String errA = stderr(a), errB = stderr(b);
		assertEquals(1, ea + eb, "exactly one process fails: " + errA + errB);
		String loser = ea == 1 ? errA : errB;
		assertTrue(loser.contains(" already exists; ") && loser.contains("nothing of this run was published in " + dir), loser);
		String tag = ea == 0 ? "seed-1" : "seed-2";
		for (String n : List.of("a.txt", "b.txt", "truth/c.txt")) assertEquals(tag, Files.readString(new File(dir, n).toPath()));
		assertEquals(List.of("a.txt", "b.txt", "truth"), list(dir.toPath()));
	}

	@Test
	void aKilledRunsStagingDirectoryIsRemoved() throws Exception {
		Path stale = tmp.resolve(".astro-staging-12345");
		Files.createDirectories(stale.resolve("truth"));
		Files.writeString(stale.resolve(OutputSet.LOCK), "");
		Files.writeString(stale.resolve("truth/stars.csv"), "x");
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
		try (OutputSet set = OutputSet.create(tmp.toFile(), false)) {
			assertFalse(Files.exists(stale));
		}
		assertEquals(List.of(), list(tmp));
	}

	private static List<String> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static void await(CyclicBarrier b) throws IOException {
		try {
			b.await(60, TimeUnit.SECONDS);
		}
		catch (Exception e) {
			throw new IOException("barrier: " + e, e);
		}
	}

	private static Process worker(String... args) throws IOException {
		List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-cp",
			System.getProperty("java.class.path"), OutputWorker.class.getName()));
		cmd.addAll(List.of(args));
		return new ProcessBuilder(cmd).start();
	}

	private static void awaitLine(Process p, String line) throws IOException {
		BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		String got = r.readLine();
		assertEquals(line, got, "worker output; stderr: " + (got == null ? stderr(p) : ""));
	}

	private static String stderr(Process p) throws IOException {
		return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
	}
}
