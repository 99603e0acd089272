package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.Target;
import org.astrofiji.io.FitsReader;

/**
 * Bench entries of aperture photometry: photutils' recipe (exact circular aperture r = 5, the median
 * of an 8-12 px annulus, positions fixed) on the M67 plate at the stars Find Stars detects (the plate of
 * {@code ../shared/data}, or a simulated frame of its size), and 100 000 positions on a simulated 4096²
 * frame. The same positions are given to the oracle's {@code photometry.py} (photutils 1.6), whose
 * time on the same input, measured at the same time, is reported beside ours.
 */
final class PhotometryBench {

	private static final String M67 = "m67-poss-plate/M6707HH.fits";

	private PhotometryBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		boolean plate = BenchData.sharedData(M67) != null;
		e.add(new Bench.Entry("aperture photometry exact r=5, annulus 8-12 median", plate ? "M67 plate 1059x1059, the stars Find Stars detects"
			: "simulated 1059x1059, 1500 stars (../shared absent)", "", Double.NaN, 15, scratch -> {
				float[] img = plate ? FitsReader.read(BenchData.sharedData(M67), null).data() : BenchData.simulatedFrame(1059, 1059, 1500);
				Table stars = StarFinder.find(img, 1059, 1059, new DetectionSettings(), Progress.NONE).table();
				return measure(scratch, "m67", img, 1059, 1059, stars.column("x"), stars.column("y"), 5);
			}));
		e.add(new Bench.Entry("aperture photometry, 100 000 sources", "4096x4096 simulated frame, 100 000 positions", "", Double.NaN, 5,
			scratch -> {
				float[] img = BenchData.simulatedFrame(4096, 4096, 10000);
				Random rnd = new Random(16);
				double[] x = new double[100_000], y = new double[x.length];
				for (int i = 0; i < x.length; i++) {
					x[i] = 1 + 4095 * rnd.nextDouble();
					y[i] = 1 + 4095 * rnd.nextDouble();
				}
				return measure(scratch, "sim4096", img, 4096, 4096, x, y, 1);
			}));
		return e;
	}

	/** Our photometry of the positions (FITS), timed beside photometry.py on the same frame and positions. */
	private static Bench.Work measure(Path scratch, String name, float[] img, int w, int h, double[] x, double[] y, int peerRuns)
		throws Exception
	{
		List<Target> targets = new ArrayList<>();
		for (int i = 0; i < x.length; i++) targets.add(Target.at(Integer.toString(i + 1), x[i], y[i]));
		Pixels px = Pixels.of(img, w, h);
		PhotometrySettings s = new PhotometrySettings(); // r = 5, annulus 8-12, median, exact, no centring: photutils' recipe
		File fits = BenchData.write(scratch, name, img, w, h), csv = positions(scratch, name, x, y);
		double peer = BenchData.oracleSeconds("photometry.py", fits.getPath(), "-o", scratch.resolve(name + "_phot").toString(),
			"--positions", csv.getPath(), "--repeat", Integer.toString(peerRuns));
		Bench.Work work = BenchData.warm(() -> AperturePhotometry.measure(px, targets, s, Progress.NONE), 5);
		return BenchData.withPeer(work, peer, Double.isNaN(peer) ? "photutils (oracle not available)" : String.format(Locale.ROOT,
			"photutils 1.6, %d sources, same frame, same time", x.length));
	}

	/** The positions as photometry.py reads them: 0-based numpy coordinates. */
	private static File positions(Path scratch, String name, double[] x, double[] y) throws IOException {
		StringBuilder sb = new StringBuilder("x,y\n");
		for (int i = 0; i < x.length; i++) sb.append(x[i] - 1).append(',').append(y[i] - 1).append('\n');
		File f = scratch.resolve(name + "_positions.csv").toFile();
		Files.write(f.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
		return f;
	}
}
