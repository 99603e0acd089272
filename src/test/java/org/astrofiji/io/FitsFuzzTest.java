package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.Fits;

import org.astrofiji.core.Images;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FITS reader against damaged and hostile files (issue 11): mutants of valid files (every
 * BITPIX, scaled, BLANK, cubes, MEF, tables, gzip, tile compression, and small real files of
 * ../shared when present; see {@link FitsMutator}) are listed, read whole and read in bands. Every
 * outcome must be
 * <ul>
 * <li>a read whose pixels are what the file says ({@link FitsOracle} works them out independently;
 * where a card that shapes or scales the data is not valid there is no right reading, and a read
 * that succeeds is counted as wrong), reading in bands giving the same pixels; or
 * <li>an IOException or IllegalArgumentException whose message is one line naming the file, without
 * nom-tam's internals;
 * </ul>
 * never another exception, an OutOfMemoryError, or a read taking more than 2 s of CPU (60 s of wall
 * time is taken as a hang).
 * <p>
 * {@code -Dfuzz.count=N} (default 300) sets the number of mutants, {@code -Dfuzz.seed=S} the random
 * seed (mutant i uses S + i, so a failure reported as mutant i is reproduced with
 * {@code -Dfuzz.seed=S+i -Dfuzz.count=1}); failing mutants are kept in target/fuzz-failures, and so
 * are refused ones whose message matches the regular expression {@code -Dfuzz.keep=...}. The counts
 * of outcomes and refusal messages are written to target/fuzz-report.txt.
 */
class FitsFuzzTest {

	@TempDir
	static Path tmp;

	private static final List<FitsMutator.Seed> SEEDS = new ArrayList<>();
	private static final long CPU_LIMIT_NS = 2_000_000_000L, WALL_LIMIT_S = 60;

	@BeforeAll
	static void seeds() throws Exception {
		int w = 23, h = 17;
		float[] ramp = new float[w * h];
		for (int i = 0; i < ramp.length; i++) ramp[i] = (i * 37) % 251;
		float[] withNaN = ramp.clone();
		withNaN[5] = Float.NaN;
		float[] signed = new float[w * h];
		for (int i = 0; i < signed.length; i++) signed[i] = (i % 2 == 0 ? -1 : 1) * (i * 7919L % 100003) - 0.25f * (i % 4);
		seed("u8.fits", Hdu.image(Images.wrap(ramp, w, h), null).withBitpix(8));
		seed("u16.fits", Hdu.image(Images.wrap(withNaN.clone(), w, h), null).withBitpix(16));
		seed("i32.fits", Hdu.image(Images.wrap(signed.clone(), w, h), null).withBitpix(32));
		seed("f32.fits", Hdu.image(Images.wrap(withNaN.clone(), w, h), null));
		seed("f64.fits", Hdu.image(Images.wrap(signed.clone(), w, h), null).withBitpix(-64));
		float[] cube = new float[9 * 7 * 3];
		for (int i = 0; i < cube.length; i++) cube[i] = i * 0.5f;
		seed("cube.fits", Hdu.image(ArrayImgs.floats(cube, 9, 7, 3), null));
		List<Hdu> mef = List.of(Hdu.empty(null), Hdu.image(Images.wrap(signed.clone(), w, h), null).withExtname("SCI"),
			Hdu.image(Images.wrap(ramp.clone(), w, h), null).withExtname("ERR"),
			Hdu.image(ArrayImgs.unsignedBytes(new byte[w * h], w, h), null).withExtname("DQ").withBitpix(8));
		seed("mef.fits", mef);
		seed("mef.fits.gz", mef);
		seed("mef.fits.fz", mef);
		seed("u16.fits.gz", List.of(Hdu.image(Images.wrap(withNaN.clone(), w, h), null).withBitpix(16)));
		seed("u16.fits.fz", List.of(Hdu.image(Images.wrap(withNaN.clone(), w, h), null).withBitpix(16)));
		seed("f32.fits.fz", List.of(Hdu.image(Images.wrap(withNaN.clone(), w, h), null)));
		// scaled integers and a table, as other software writes them
		short[][] s16 = new short[h][w];
		long[][] s64 = new long[h][w];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			s16[y][x] = (short) ((x * 1000 + y * 77) - 20000);
			s64[y][x] = (x - 11L) * 123456789L * (y + 1);
		}
		s16[3][4] = -32768;
		raw("i16-scaled.fits", Fits.makeHDU(s16), "BSCALE", 0.25, "BZERO", 1000.0, "BLANK", -32768L);
		raw("i64-scaled.fits", Fits.makeHDU(s64), "BSCALE", 2.5, "BZERO", -7.0);
		try (Fits fits = new Fits()) {
			fits.addHDU(Fits.makeHDU(new float[][] { { 1, 2, 3 }, { 4, 5, 6 } }));
			BinaryTable t = new BinaryTable();
			t.addColumn(new double[] { 1, 2, 3 });
			t.addColumn(new int[] { 4, 5, 6 });
			fits.addHDU(Fits.makeHDU(t));
			File f = tmp.resolve("table.fits").toFile();
			fits.write(f);
			SEEDS.add(new FitsMutator.Seed("table.fits", Files.readAllBytes(f.toPath()), false));
		}
		// small real files, when ../shared is there
		for (String real : new String[] { "gemini-gmos-cr-cutout/gmos.fits", "tircam2-ic310-jband/IC310_1.fits",
			"hst-stis-3c120-longslit/3c120_stis.fits.gz" })
		{
			File f = new File(new File(SharedData.root(), "data"), real);
			if (f.isFile()) SEEDS.add(new FitsMutator.Seed(f.getName(), Files.readAllBytes(f.toPath()), true));
		}
		for (FitsMutator.Seed s : SEEDS) {
			File f = tmp.resolve("seed-" + s.name).toFile();
			Files.write(f.toPath(), s.bytes);
			// the oracle agrees with the reader on every valid file
			Outcome o = run(f, s.tiled ? null : FitsOracle.expected(s.bytes));
			assertEquals(null, o.failure, s.name + " reads: " + o.failure);
			assertTrue(o.read > 0, s.name);
		}
	}

	private static void seed(String name, Hdu hdu) throws IOException {
		seed(name, List.of(hdu));
	}

	private static void seed(String name, List<Hdu> hdus) throws IOException {
		File f = tmp.resolve(name).toFile();
		FitsWriter.write(f, false, hdus);
		SEEDS.add(new FitsMutator.Seed(name, Files.readAllBytes(f.toPath()), false));
	}

	private static void raw(String name, BasicHDU<?> hdu, Object... cards) throws Exception {
		for (int i = 0; i < cards.length; i += 2) {
			Object v = cards[i + 1];
			if (v instanceof Double) hdu.getHeader().addValue((String) cards[i], (Double) v, "");
			else hdu.getHeader().addValue((String) cards[i], (Long) v, "");
		}
		File f = tmp.resolve(name).toFile();
		try (Fits fits = new Fits()) {
			fits.addHDU(hdu);
			fits.write(f);
		}
		SEEDS.add(new FitsMutator.Seed(name, Files.readAllBytes(f.toPath()), false));
	}

	@Test
	void mutantsReadRightOrFailClearly() throws Exception {
		int count = Integer.getInteger("fuzz.count", 300);
		long seed = Long.getLong("fuzz.seed", 20261204L);
		String keepMatching = System.getProperty("fuzz.keep");
		Map<String, int[]> byOp = new TreeMap<>();
		Map<String, Integer> outcomes = new TreeMap<>();
		Map<String, Integer> messages = new TreeMap<>();
		Map<String, Long> seedMillis = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		long slowest = 0;
		String slowestMutant = "";
		ExecutorService worker = newWorker();
		Path dir = Files.createDirectories(tmp.resolve("mutants"));
		long t0 = System.nanoTime();
		try {
			for (int i = 0; i < count; i++) {
				long tm = System.nanoTime();
				Random r = new Random(seed + i);
				// real files are larger: one mutant in ten
				List<FitsMutator.Seed> pool = new ArrayList<>();
				boolean real = r.nextInt(10) == 0;
				for (FitsMutator.Seed s : SEEDS) if (s.real == real) pool.add(s);
				if (pool.isEmpty()) for (FitsMutator.Seed s : SEEDS) pool.add(s);
				FitsMutator.Mutant m = FitsMutator.mutate(pool.get(r.nextInt(pool.size())), r);
				File f = dir.resolve("m" + i + "-" + m.seed.name).toFile();
				Files.write(f.toPath(), m.bytes);
				FitsOracle.Invalid invalid = null;
				Map<Integer, float[]> expected = null;
				if (!m.seed.tiled) {
					try {
						expected = FitsOracle.expected(m.bytes);
					}
					catch (FitsOracle.Invalid e) {
						invalid = e;
					}
				}
				Map<Integer, float[]> exp = expected;
				FitsOracle.Invalid inv = invalid;
				Future<Outcome> future = worker.submit(() -> run(f, inv == null ? exp : null, inv));
				Outcome o;
				try {
					o = future.get(WALL_LIMIT_S, TimeUnit.SECONDS);
				}
				catch (TimeoutException e) {
					future.cancel(true);
					worker.shutdownNow();
					worker = newWorker(); // the stuck thread is left behind (daemon)
					o = new Outcome();
					o.kind = "hang";
					o.failure = "no answer in " + WALL_LIMIT_S + " s";
				}
				catch (ExecutionException e) {
					o = new Outcome();
					o.kind = "unclear";
					o.failure = "worker: " + e.getCause();
				}
				if (o.failure == null && o.cpuNanos > CPU_LIMIT_NS) {
					o.kind = "slow";
					o.failure = String.format(Locale.ROOT, "%.2f s of CPU", o.cpuNanos / 1e9);
				}
				if (o.cpuNanos > slowest) {
					slowest = o.cpuNanos;
					slowestMutant = "mutant " + i + " (" + m + ")";
				}
				outcomes.merge(o.kind, 1, Integer::sum);
				if (o.message != null) messages.merge(shape(o.message, f), 1, Integer::sum);
				byOp.computeIfAbsent(m.op, k -> new int[2])[o.kind.equals("read") ? 0 : 1]++;
				if (o.failure != null) {
					failures.add("mutant " + i + " (" + m + "): " + o.kind + ": " + o.failure);
					keep(f);
				}
				else if (o.message != null && keepMatching != null && o.message.matches(keepMatching)) {
					System.out.println("kept mutant " + i + " (" + m + "): " + o.message);
					keep(f);
				}
				else Files.delete(f.toPath());
				seedMillis.merge(m.seed.name, (System.nanoTime() - tm) / 1_000_000, Long::sum);
			}
		}
		finally {
			worker.shutdownNow();
		}
		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
			"fuzz: %d mutants of %d seeds (seed %d) in %.1f s: %s; slowest %.3f s CPU: %s%n", count, SEEDS.size(), seed,
			(System.nanoTime() - t0) / 1e9, outcomes, slowest / 1e9, slowestMutant));
		for (Map.Entry<String, int[]> e : byOp.entrySet()) report.append(String.format(Locale.ROOT, "  %-15s %6d read, %6d refused%n",
			e.getKey(), e.getValue()[0], e.getValue()[1]));
		report.append("time by seed (ms): ").append(seedMillis).append('\n');
		report.append("refusals, by message (file name and numbers replaced):\n");
		messages.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> report.append(
			String.format(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey())));
		System.out.print(report);
		writeReport(report + String.join("\n", failures));
		assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures; " + report);
	}

	/** What reading one file gave. */
	static final class Outcome {

		/** read, error (a clear one), unclear, wrong, oom, hang, slow. */
		String kind = "read";
		String failure;
		/** The message of a clear refusal. */
		String message;
		int read;
		long cpuNanos;
	}

	private static Outcome run(File f, Map<Integer, float[]> expected) {
		return run(f, expected, null);
	}

	/**
	 * Lists the file, reads its default image, and reads every image HDU (one, for large files)
	 * whole and in bands; the first failure ends it. The CPU time is that of the slowest single call.
	 */
	private static Outcome run(File f, Map<Integer, float[]> expected, FitsOracle.Invalid invalid) {
		Outcome o = new Outcome();
		ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
		String step = "list";
		try {
			long c = cpu.getCurrentThreadCpuTime();
			List<FitsReader.HduInfo> infos = FitsReader.list(f);
			o.cpuNanos = Math.max(o.cpuNanos, cpu.getCurrentThreadCpuTime() - c);
			step = "read";
			c = cpu.getCurrentThreadCpuTime();
			FitsImage first = FitsReader.read(f, null);
			o.cpuNanos = Math.max(o.cpuNanos, cpu.getCurrentThreadCpuTime() - c);
			check(first, expected, invalid, o);
			o.read++;
			List<Integer> images = new ArrayList<>();
			for (FitsReader.HduInfo info : infos) if (info.isImage()) images.add(info.index);
			// large (real) files: their default image is read once more, in bands, only
			if (f.length() > 200_000) images = List.of(first.hduIndex());
			for (int index : images) {
				step = "read HDU " + index;
				c = cpu.getCurrentThreadCpuTime();
				FitsImage img = f.length() > 200_000 ? first : FitsReader.read(f, String.valueOf(index));
				o.cpuNanos = Math.max(o.cpuNanos, cpu.getCurrentThreadCpuTime() - c);
				check(img, expected, invalid, o);
				o.read++;
				if (img.depth() > 1) continue;
				step = "bands of HDU " + index;
				c = cpu.getCurrentThreadCpuTime();
				try (FitsBandReader bands = FitsBandReader.open(f, String.valueOf(index))) {
					float[] all = new float[bands.width() * bands.height()];
					int band = Math.max(1, bands.height() / 3);
					for (int row = 0; row < bands.height(); row += band) {
						int rows = Math.min(band, bands.height() - row);
						bands.read(row, rows, all, row * bands.width());
					}
					o.cpuNanos = Math.max(o.cpuNanos, cpu.getCurrentThreadCpuTime() - c);
					if (!same(all, img.data())) fail(o, "wrong", "bands of HDU " + index + " differ from the whole image");
				}
			}
		}
		catch (OutOfMemoryError e) {
			fail(o, "oom", step + ": " + e);
		}
		catch (IOException | IllegalArgumentException e) {
			String unclear = unclear(e, f);
			if (unclear != null) fail(o, "unclear", step + ": " + unclear + ": " + e);
			else if (o.failure == null) {
				o.kind = "error";
				o.message = e.getMessage();
			}
		}
		catch (Throwable e) {
			fail(o, "unclear", step + ": " + e);
		}
		return o;
	}

	private static void check(FitsImage img, Map<Integer, float[]> expected, FitsOracle.Invalid invalid, Outcome o) {
		if (o.failure != null) return;
		if (invalid != null) {
			fail(o, "wrong", img.name() + " was read though " + invalid.getMessage());
			return;
		}
		if (!java.util.Set.of(8, 16, 32, 64, -32, -64).contains(img.bitpix()) || img.width() < 1 || img.height() < 1) {
			fail(o, "wrong", img.name() + " read with BITPIX " + img.bitpix() + ", " + img.width() + "x" + img.height());
			return;
		}
		float[] e = expected == null ? null : expected.get(img.hduIndex());
		if (e == null) return;
		float[] got = flat(img);
		if (!same(e, got)) fail(o, "wrong", img.name() + ": pixels differ from what the file says");
	}

	private static float[] flat(FitsImage img) {
		float[] out = new float[(int) Views.iterable(img.pixels()).size()];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(img.pixels())) out[i++] = t.getRealFloat();
		return out;
	}

	private static boolean same(float[] a, float[] b) {
		if (a.length != b.length) return false;
		for (int i = 0; i < a.length; i++) if (!(a[i] == b[i] || Float.isNaN(a[i]) && Float.isNaN(b[i]))) return false;
		return true;
	}

	/** A message with the file and the numbers taken out, to count messages of one kind together. */
	private static String shape(String message, File f) {
		return message.replace(f.getPath(), "<file>").replace(f.getName(), "<file>").replaceAll("\\d+", "#")
			.replaceAll("'[^']*'", "'…'");
	}

	/** Why a refusal is not clear, or null when it is. */
	static String unclear(Exception e, File f) {
		String m = e.getMessage();
		if (m == null || m.isBlank()) return "no message";
		if (!m.contains(f.getName())) return "does not name the file";
		if (m.contains("\n")) return "more than one line";
		if (m.contains("-->") || m.contains("FitsFactory") || m.contains("HDU -1") || m.contains(".part")) return "nom-tam internals";
		if (m.length() > 600) return "too long";
		return null;
	}

	private static void fail(Outcome o, String kind, String why) {
		if (o.failure != null) return;
		o.kind = kind;
		o.failure = why;
	}

	private static ExecutorService newWorker() {
		return Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "fuzz-reader");
			t.setDaemon(true);
			return t;
		});
	}

	private static void keep(File mutant) throws IOException {
		Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
		Files.copy(mutant.toPath(), dir.resolve(mutant.getName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	private static void writeReport(String text) throws IOException {
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "fuzz-report.txt"), text);
	}
}
