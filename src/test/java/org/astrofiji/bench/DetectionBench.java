package org.astrofiji.bench;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.detection.DetectionSettings;
import org.astrofiji.core.detection.StarFinder;

/**
 * Bench entries of Find Stars on frames of ../shared/data (M13, the M67 plate; simulated frames of the
 * same size without it) and a simulated 4096² frame: the seed recipe beside a plain ndimage.label +
 * center_of_mass, local maxima beside skimage's peak_local_max, the default detection (mesh background,
 * 3x3 kernel, deblending, windowed centres) beside sep's Background + extract + winpos; and the default
 * detection as a whole process beside the same sep script.
 */
final class DetectionBench {

	private static final String M67 = "m67-poss-plate/M6707HH.fits";

	private DetectionBench() {}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		String m13 = Inputs.real(CosmicsBench.M13) ? "M13_blue_0001 1392x1040" : "simulated 1392x1040 (../shared absent)";
		e.add(new Entry("label + centre of mass (global mean + 3 std, 8-conn)", m13, in -> {
			Inputs.Frame f = in.sharedOr(CosmicsBench.M13, null, 1392, 1040, 300);
			DetectionSettings s = DetectionSettings.scipyLabeling(3);
			return Entry.Prepared.of(() -> StarFinder.find(f.data, f.width, f.height, s, Progress.NONE)).peer(
				"scipy.ndimage label + center_of_mass", "label_centres", f.path(), "-", "3");
		}).warmups(5));
		e.add(new Entry("local maxima (min_distance 5, mean + 5 std)", m13, in -> {
			Inputs.Frame f = in.sharedOr(CosmicsBench.M13, null, 1392, 1040, 300);
			DetectionSettings s = DetectionSettings.scipyLabeling(5);
			s.method = DetectionSettings.Method.PEAKS;
			return Entry.Prepared.of(() -> StarFinder.find(f.data, f.width, f.height, s, Progress.NONE)).peer(
				"skimage peak_local_max", "peaks", f.path(), "-", "5");
		}).warmups(5));
		e.add(new Entry("default detection (mesh, kernel, deblending, windowed centres)", Inputs.real(M67)
			? "M67 plate 1059x1059, ~1600 sources" : "simulated 1059x1059, 1500 stars (../shared absent)", in -> detection(in.sharedOr(M67,
				null, 1059, 1059, 1500))).warmups(5));
		e.add(new Entry("default detection (mesh, kernel, deblending, windowed centres)", "4096x4096 simulated raw V frame, 10 000 stars",
			in -> detection(in.simulated(4096, 4096, 10000))).samples(5));
		return e;
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Find Stars, default settings", "4096x4096 simulated raw V frame, 10 000 stars: CSV table", in -> {
			Inputs.Frame f = in.simulated(4096, 4096, 10000);
			return ProcessEntry.Run.astro("Find Stars", "input=\"" + f.path() + "\",table_file=\"" + in.file("stars_astro.csv") +
				"\",overwrite=true").python("sep script (Background, extract, winpos)", "find_stars", f.path(), in.file("stars_peer.csv")
					.getPath()).fresh(in.file("stars_astro.csv"), in.file("stars_peer.csv"));
		}), new ProcessEntry("Find Stars, seed recipe (global 3 std, centre of mass)", Inputs.real(CosmicsBench.M13)
			? "M13_blue_0001 1392x1040: CSV table" : "simulated 1392x1040: CSV table", in -> {
				Inputs.Frame f = in.sharedOr(CosmicsBench.M13, null, 1392, 1040, 300);
				return ProcessEntry.Run.astro("Find Stars", "input=\"" + f.path() + "\",threshold_mode=global,k=3,fwhm=0,min_area=1," +
					"deblend=none,weights=image,table_file=\"" + in.file("seed_astro.csv") + "\",overwrite=true").python(
						"scipy.ndimage label + center_of_mass script", "label_centres", f.path(), in.file("seed_peer.csv").getPath(), "3").fresh(in.file(
						"seed_astro.csv"), in.file("seed_peer.csv"));
			}));
	}

	private static Entry.Prepared detection(Inputs.Frame f) {
		DetectionSettings s = new DetectionSettings();
		return Entry.Prepared.of(() -> StarFinder.find(f.data, f.width, f.height, s, Progress.NONE)).peer(
			"sep 1.2 Background + extract + winpos", "find_stars", f.path(), "-");
	}
}
