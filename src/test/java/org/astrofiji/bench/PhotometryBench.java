package org.astrofiji.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;
import org.astrofiji.core.photometry.AperturePhotometry;
import org.astrofiji.core.photometry.PhotometrySettings;
import org.astrofiji.core.photometry.Pixels;
import org.astrofiji.core.photometry.Target;

/**
 * Bench entries of aperture photometry: photutils' recipe (exact circular aperture r = 5, the median
 * of an 8-12 px annulus, positions fixed) on the M67 plate at the stars Find Stars detects (the plate of
 * ../shared/data, or a simulated frame of its size), and 100 000 positions on a simulated 4096² frame,
 * beside photutils on the same frame and positions; and Aperture Photometry as a whole process.
 */
final class PhotometryBench {

	private static final String M67 = "m67-poss-plate/M6707HH.fits";

	private PhotometryBench() {}

	private static String m67Input() {
		return Inputs.real(M67) ? "M67 plate 1059x1059, the stars Find Stars detects" : "simulated 1059x1059, 1500 stars (../shared absent)";
	}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.add(new Entry("aperture photometry exact r=5, annulus 8-12 median", m67Input(), in -> measure(in.sharedOr(M67, null, 1059,
			1059, 1500), positions(in, "m67", in.sharedOr(M67, null, 1059, 1059, 1500)))).samples(9).warmups(5));
		e.add(new Entry("aperture photometry, 100 000 sources", "4096x4096 simulated frame, 100 000 positions", in -> measure(in.simulated(
			4096, 4096, 10000), random(in))).samples(3).warmups(2));
		return e;
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Aperture Photometry", m67Input() + ": CSV table", in -> {
			Inputs.Frame f = in.sharedOr(M67, null, 1059, 1059, 1500);
			File pos = positions(in, "m67", f);
			// the plate has no GAIN: the command refuses to guess one for its error column (the peer computes none)
			return ProcessEntry.Run.astro("Aperture Photometry", "input=\"" + f.path() + "\",positions=\"" + pos + "\",centroid=none,gain=1," +
				"table_file=\"" + in.file("phot_astro.csv") + "\",overwrite=true").python("photutils script", "photometry", f.path(), pos
					.getPath(), in.file("phot_peer.csv").getPath()).fresh(in.file("phot_astro.csv"), in
					.file("phot_peer.csv"));
		}));
	}

	/** Our photometry of the positions (FITS) beside photutils on the same frame and positions. */
	private static Entry.Prepared measure(Inputs.Frame f, File positions) throws Exception {
		List<Target> targets = new ArrayList<>();
		List<String> lines = Files.readAllLines(positions.toPath(), StandardCharsets.UTF_8);
		for (int i = 1; i < lines.size(); i++) {
			String[] xy = lines.get(i).split(",");
			targets.add(Target.at(Integer.toString(i), Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
		}
		Pixels px = Pixels.of(f.data, f.width, f.height);
		PhotometrySettings s = new PhotometrySettings(); // r = 5, annulus 8-12, median, exact, no centring: photutils' recipe
		return Entry.Prepared.of(() -> AperturePhotometry.measure(px, targets, s, Progress.NONE)).peer(String.format(
			"photutils 1.6, %d sources", targets.size()), "photometry", f.path(), positions.getPath());
	}

	/** The stars Find Stars detects on the frame, as a CSV of FITS positions (made once). */
	private static File positions(Inputs in, String name, Inputs.Frame f) throws Exception {
		File csv = in.file(name + "_positions.csv");
		if (!csv.isFile()) {
			Table stars = StarFinder.find(f.data, f.width, f.height, new DetectionSettings(), Progress.NONE).table();
			write(csv, stars.column("x"), stars.column("y"));
		}
		return csv;
	}

	/** 100 000 random FITS positions on a 4096² frame. */
	private static File random(Inputs in) throws Exception {
		File csv = in.file("random_positions.csv");
		if (!csv.isFile()) {
			Random rnd = new Random(16);
			double[] x = new double[100_000], y = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				x[i] = 1 + 4095 * rnd.nextDouble();
				y[i] = 1 + 4095 * rnd.nextDouble();
			}
			write(csv, x, y);
		}
		return csv;
	}

	private static void write(File csv, double[] x, double[] y) throws Exception {
		StringBuilder sb = new StringBuilder("x,y\n");
		for (int i = 0; i < x.length; i++) sb.append(x[i]).append(',').append(y[i]).append('\n');
		Files.write(csv.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
	}
}
