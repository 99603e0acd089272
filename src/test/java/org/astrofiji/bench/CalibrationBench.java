package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.calibration.CombineResult;
import org.astrofiji.core.calibration.CombineSettings;
import org.astrofiji.core.calibration.Frame;
import org.astrofiji.core.calibration.Master;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.core.calibration.Reduced;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.calibration.StackCombiner;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Bench entries of the calibration workflow: combines and a bias + flat reduction in memory beside
 * ccdproc and numpy on the same 16-bit frames; Combine Frames as a whole process beside a ccdproc
 * script; and the large stack, 40 x 4096² 16-bit frames median-combined from files by {@code ./astro
 * run} with {@code -Xmx2g}, beside numpy reading each file once in row bands
 * ({@code src/test/bench/median_bands.py}) and the machine's floor for that job.
 */
final class CalibrationBench {

	/** The large stack. */
	static final int FRAMES = 40, SIZE = 4096;

	private CalibrationBench() {}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.add(new Entry("median combine (in memory)", "5 x 1024x1024 16-bit frames, with ERR and COUNT", in -> {
			List<Inputs.Frame> f = frames(in, "dark", 5, 1024, 1024, 1, 0);
			return combine(f, new CombineSettings(), "median");
		}).command("Combine Frames"));
		e.add(new Entry("sigma-clip combine (in memory)", "5 x 1024x1024 16-bit frames, one pass mean/std 3/3", in -> {
			List<Inputs.Frame> f = frames(in, "clip", 5, 1024, 1024, 2, 0);
			CombineSettings s = new CombineSettings();
			s.method = CombineSettings.Method.SIGMA_CLIP;
			return combine(f, s, "sigclip");
		}).command("Combine Frames"));
		e.add(new Entry("reduce bias + flat (in memory)", "3 bias + 5 flats + 5 science, 512x512, median", in -> {
			List<Inputs.Frame> bias = frames(in, "bias", 3, 512, 512, 3, 0), flats = frames(in, "flat", 5, 512, 512, 4, 5000),
				sci = frames(in, "sci", 5, 512, 512, 5, 400);
			MasterCalibration.Settings s = new MasterCalibration.Settings();
			s.flatScale = CombineSettings.Scale.NONE;
			List<Frame> b = calibrationFrames(bias), f = calibrationFrames(flats), sc = calibrationFrames(sci);
			List<String> args = new ArrayList<>(List.of(in.dir("reduced").getPath(), "3", "5"));
			for (List<Inputs.Frame> l : List.of(bias, flats, sci)) for (Inputs.Frame x : l) args.add(x.path());
			return Entry.Prepared.of(() -> MasterCalibration.run(b, List.of(), f, sc, s, new NullSink(), Progress.NONE)).peer(
				"ccdproc 2.4 combine, subtract_bias, flat_correct", "reduce", args.toArray(new String[0]));
		}).command("Master Calibration"));
		return e;
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Combine Frames, median", "5 x 1024x1024 16-bit frames", in -> {
			List<Inputs.Frame> f = frames(in, "dark", 5, 1024, 1024, 1, 0);
			List<String> args = new ArrayList<>(List.of(in.file("combined_peer.fits").getPath(), "median", "ccdproc"));
			for (Inputs.Frame x : f) args.add(x.path());
			return ProcessEntry.Run.astro("Combine Frames", "directory=\"" + f.get(0).file.getParent() + "\",pattern=dark_*.fits," +
				"method=median,output=\"" + in.file("combined_astro.fits") + "\",overwrite=true").python("ccdproc.combine script",
					"combine", args.toArray(new String[0])).fresh(in.file("combined_astro.fits"), in.file("combined_peer.fits"));
		}), new ProcessEntry("Combine Frames, median, -Xmx2g", FRAMES + " x " + SIZE + "x" + SIZE + " 16-bit frames (1.3 GB)", in -> {
			List<String> args = new ArrayList<>(List.of(in.file("median40_numpy.fits").getPath()));
			File dir = largeStack(in);
			for (int i = 0; i < FRAMES; i++) args.add(new File(dir, name(i)).getPath());
			return ProcessEntry.Run.astro("Combine Frames", "directory=\"" + dir + "\",pattern=frame_*.fits,method=median,output=\"" +
				in.file("median40.fits") + "\",overwrite=true").env("ASTRO_JAVA_OPTS", "-Xmx2g").python(
					"numpy, each file read once in row bands", "median_bands", args.toArray(new String[0])).fresh(in.file("median40.fits"), in.file(
						"median40_numpy.fits"));
		}).samples(3).floor(CalibrationBench::floor));
	}

	/** Frames of 16-bit values (a level plus {@code add}, a column pattern, noise, hot pixels), as 16-bit FITS files. */
	static List<Inputs.Frame> frames(Inputs in, String prefix, int n, int w, int h, long seed, double add) throws Exception {
		List<Inputs.Frame> frames = new ArrayList<>();
		File dir = in.dir("frames_" + w);
		for (int i = 0; i < n; i++) {
			long s = seed * 1000 + i;
			frames.add(in.frame(dir.getName() + "/" + prefix + "_" + i, w, h, 16, () -> {
				float[] a = new float[w * h];
				fill(a, w, h, s, 1000);
				for (int p = 0; p < a.length; p++) a[p] = (float) Math.rint(a[p] + add * (1 + 0.1 * Math.cos(p * 1e-5)));
				return a;
			}));
		}
		return frames;
	}

	private static Entry.Prepared combine(List<Inputs.Frame> frames, CombineSettings s, String method) {
		List<float[]> planes = new ArrayList<>();
		List<String> files = new ArrayList<>();
		for (Inputs.Frame f : frames) {
			planes.add(f.data);
			files.add(f.path());
		}
		int w = frames.get(0).width, h = frames.get(0).height;
		List<String> ccdproc = new ArrayList<>(List.of("-", method, "ccdproc")), numpy = new ArrayList<>(List.of("-", method, "numpy"));
		ccdproc.addAll(files);
		numpy.addAll(files);
		return Entry.Prepared.of(() -> StackCombiner.combine(planes, w, h, s, Progress.NONE)).peer("ccdproc 2.4 combine", "combine",
			ccdproc.toArray(new String[0])).peer(method.equals("median") ? "numpy.median" : "astropy sigma_clip + mean", "combine", numpy
				.toArray(new String[0]));
	}

	private static List<Frame> calibrationFrames(List<Inputs.Frame> frames) {
		List<Frame> list = new ArrayList<>();
		for (Inputs.Frame f : frames) list.add(new Frame(f.file.getName(), RowSource.of(f.file.getName(), f.data, f.width, f.height), 10,
			"J"));
		return list;
	}

	/**
	 * Fills a frame with {@code level} + column pattern + noise (about 8 ADU rms) + a hot pixel every
	 * 4099 pixels, rounded: cheap to make (xorshift per row), deterministic, thread-count independent.
	 */
	static void fill(float[] a, int w, int h, long seed, double level) {
		Parallel.forRange(h, 64, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				long s = seed * 0x9E3779B97F4A7C15L + y * 0xBF58476D1CE4E5B9L + 1;
				for (int x = 0; x < w; x++) {
					s ^= s << 13;
					s ^= s >>> 7;
					s ^= s << 17;
					// four bytes: a sum of uniforms is close enough to Gaussian noise for timing
					double noise = ((s & 0xFF) + (s >>> 8 & 0xFF) + (s >>> 16 & 0xFF) + (s >>> 24 & 0xFF) - 510) * 0.11;
					int p = y * w + x;
					double v = level + 3 * Math.sin(x * 0.05) + noise + (p % 4099 == 0 ? 20000 : 0);
					a[p] = (float) Math.rint(v);
				}
			}
		});
	}

	private static String name(int i) {
		return String.format(Locale.ROOT, "frame_%02d.fits", i);
	}

	/** The 40 frames of the large stack, written once. */
	static File largeStack(Inputs in) throws IOException {
		File dir = in.dir("stack40");
		float[] a = null;
		for (int i = 0; i < FRAMES; i++) {
			File f = new File(dir, name(i));
			if (f.isFile()) continue;
			if (a == null) a = new float[SIZE * SIZE];
			fill(a, SIZE, SIZE, 77 + i, 1000 + 2 * i);
			FitsWriter.write(f, true, Hdu.image(Images.wrap(a, SIZE, SIZE), new FitsHeader().set("EXPTIME", 30.0, "s")).withBitpix(16));
		}
		return dir;
	}

	/**
	 * The machine's floor for the large stack, in seconds: one read of the 40 files (from the page
	 * cache, as both sides read them) and the selection of the median of 40 values per pixel on all
	 * cores by the combine's own median networks ({@link SelectionFloor}: timed on a band of 256 rows of
	 * every frame decoded in memory, times 16, in a JVM started as the command's).
	 */
	static ProcessEntry.Floor.Result floor(Inputs in) throws Exception {
		File dir = largeStack(in);
		ByteBuffer buf = ByteBuffer.allocateDirect(1 << 24);
		long t0 = System.nanoTime();
		for (int i = 0; i < FRAMES; i++) {
			try (FileChannel ch = FileChannel.open(new File(dir, name(i)).toPath(), StandardOpenOption.READ)) {
				while (ch.read(buf) > 0) buf.clear();
			}
			buf.clear();
		}
		double read = (System.nanoTime() - t0) / 1e9;
		// the selection as the command makes it (median networks on all cores, ERR and COUNT included) on row bands
		// of every frame held in memory, in a JVM started as ./astro run starts Combine Frames (SelectionFloor). Per-pixel
		// quickselect, the floor's first form, stopped being a floor once the combine used the networks (sixth stop);
		// timed in the bench JVM, whose heap the machine takes back between calls, each call's fresh band buffers and
		// outputs cost more than the selection (3.1 s against the whole command's 2.4 s, ninth stop)
		List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx2g"));
		String opts = System.getProperty("astrofiji.bench.fullcompiler.opts", "").trim();
		if (!opts.isEmpty()) cmd.addAll(List.of(opts.split("\\s+")));
		cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SelectionFloor.class.getName()));
		List<String> args = new ArrayList<>(List.of(Integer.toString(SIZE)));
		for (int i = 0; i < FRAMES; i++) args.add(new File(dir, name(i)).getPath());
		String out = Cold.run(cmd, args.toArray(new String[0]));
		if (!out.contains("select ")) throw new IllegalStateException("the selection floor printed no time: " + out.trim());
		double select = Double.parseDouble(out.substring(out.lastIndexOf("select ") + 7).trim());
		return new ProcessEntry.Floor.Result(read + select, String.format(Locale.ROOT, "reading the files once %.2f s + " +
			"the selection on all cores %.2f s", read, select));
	}

	/** Keeps nothing: only the computation is timed. */
	static final class NullSink implements MasterCalibration.Sink {

		@Override
		public void master(Master m) {}

		@Override
		public RowSource reduced(Reduced r) {
			return null;
		}

		@Override
		public void combined(String label, String filter, CombineResult r, List<String> inputs) {}
	}
}
