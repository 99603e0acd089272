package org.astrofiji.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;
import org.astrofiji.core.background.PolynomialBackground;

/**
 * Bench entries of Fit Background: the mesh (background and RMS maps) beside sep.Background, the
 * polynomial per column and per row beside numpy.polyfit (BLAS threads: timed on one thread and on
 * all cores), on the same files; and the mesh as a whole process beside a sep script.
 */
final class BackgroundBench {

	private BackgroundBench() {}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		// raw frames hold integers, which take the mesh's exact counting pass; a calibrated frame (here the
		// same frame in electrons) takes SEP's three passes, so both are timed
		e.add(new Entry("mesh background (back + rms maps)", "4096x4096 simulated raw frame (integer ADU), 64/3", in -> mesh(in.simulated(4096,
			4096, 4000))).samples(5));
		e.add(new Entry("mesh background (back + rms maps)", "4096x4096 the same frame in electrons (gain 1.37: not integers), 64/3", in -> mesh(
			in.frame("sim_4096x4096_4000_electrons", 4096, 4096, () -> electrons(Inputs.simulatedFrame(4096, 4096, 4000))))).samples(5));
		e.add(new Entry("mesh background (back + rms maps)", "1392x1040 simulated raw frame (integer ADU, M13 size), 64/3", in -> mesh(in
			.simulated(1392, 1040, 300))).warmups(10));
		e.add(new Entry("polynomial per column (STIS recipe)", "511x512, rows 10-199,300-479, order 2", in -> {
			Inputs.Frame f = in.frame("ramp_511x512", 511, 512, () -> ramp(511, 512));
			PolynomialBackground.Settings s = new PolynomialBackground.Settings();
			s.samples = IndexRanges.parse("ranges", "10-199,300-479", 512, "row");
			return Entry.Prepared.of(() -> PolynomialBackground.fit(f.data, null, 511, 512, s, Progress.NONE)).threadedPeer(
				"numpy.polyfit", "polyfit", f.path(), "-", "10:200,300:480", "2", "column");
		}).warmups(40).samples(11));
		e.add(new Entry("polynomial per row (ALFOSC)", "400x1051, columns 10-89,125-389, order 2", in -> {
			Inputs.Frame f = in.frame("ramp_400x1051", 400, 1051, () -> ramp(400, 1051));
			PolynomialBackground.Settings s = new PolynomialBackground.Settings();
			s.axis = PolynomialBackground.Axis.ROWS;
			s.samples = IndexRanges.parse("ranges", "10-89,125-389", 400, "column");
			return Entry.Prepared.of(() -> PolynomialBackground.fit(f.data, null, 400, 1051, s, Progress.NONE)).threadedPeer(
				"numpy.polyfit", "polyfit", f.path(), "-", "10:90,125:390", "2", "row");
		}).warmups(40).samples(11));
		return e;
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Fit Background, mesh", "4096x4096 simulated frame: subtracted, BKG and RMS written", in -> {
			Inputs.Frame f = in.simulated(4096, 4096, 4000);
			File ours = in.file("mesh_astro.fits"), peer = in.file("mesh_peer.fits");
			return ProcessEntry.Run.astro("Fit Background", "input=\"" + f.path() + "\",result=both,output=\"" + ours + "\",overwrite=true")
				.python("sep.Background script", "mesh_background", f.path(), peer.getPath()).fresh(ours, peer);
		}).floor(READ_WRITE_FLOOR));
	}

	/**
	 * The whole-process floor of Fit Background's job: a JVM started as {@code ./astro run} starts one
	 * (its one-shot options: C1, no performance data, 2 MB pages where offered) that only reads the frame and writes the three images' bytes
	 * ({@link ReadWriteFloor}) to a new file; one run per round of the samples.
	 */
	static final ProcessEntry.RoundFloor READ_WRITE_FLOOR = new ProcessEntry.RoundFloor("a JVM that only reads the frame and " +
		"writes the three images' 192 MB to a new file, no mesh, no command, no FITS library", in -> {
			Inputs.Frame f = in.simulated(4096, 4096, 4000);
			File out = in.file("mesh_floor.fits");
			String classes = new File(ReadWriteFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
			List<String> cmd = new java.util.ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath()));
			String oneshot = System.getProperty("astrofiji.bench.oneshot", "").trim(); // ./astro run's options (C1, pages, ...)
			if (!oneshot.isEmpty()) cmd.addAll(List.of(oneshot.split("\\s+")));
			cmd.addAll(List.of("-cp", classes, ReadWriteFloor.class.getName(), f.path(), out.getPath()));
			java.nio.file.Files.deleteIfExists(out.toPath());
			double t = Processes.run(cmd, java.util.Map.of()).seconds;
			java.nio.file.Files.deleteIfExists(out.toPath());
			return t;
		});

	/** What sep.Background's peer times: the mesh, then the full background and RMS maps. */
	private static Entry.Prepared mesh(Inputs.Frame f) {
		return Entry.Prepared.of(() -> {
			MeshBackground b = MeshBackground.compute(f.data, null, f.width, f.height, new MeshBackground.Settings(), Progress.NONE);
			b.back();
			b.rms();
		}).peer("sep 1.2 Background, back(), rms()", "mesh_background", f.path());
	}

	/** A smooth frame with a little structure (the polynomial fit's time does not depend on the values). */
	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 20 + (i % w) * 0.01f + (i / w) * 0.02f + (i * 7919 % 101) * 0.1f;
		return a;
	}

	/** ADU to electrons at a gain of 1.37 e-/ADU: what a calibrated frame holds. */
	private static float[] electrons(float[] adu) {
		for (int i = 0; i < adu.length; i++) adu[i] *= 1.37f;
		return adu;
	}
}
