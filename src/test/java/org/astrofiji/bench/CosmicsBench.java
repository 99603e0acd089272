package org.astrofiji.bench;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Progress;
import org.astrofiji.core.cosmics.LaCosmic;
import org.astrofiji.core.cosmics.MedianCosmics;

/**
 * Bench entries of Remove Cosmic Rays, on the 1392x1040 M13 frame and the STIS long-slit frame of
 * ../shared/data when present (otherwise simulated frames of the same size; the table says which):
 * L.A.Cosmic beside astroscrappy (OpenMP: timed on one thread and on all cores), the median recipe
 * beside scipy's medfilt and ndimage.median_filter.
 */
final class CosmicsBench {

	static final String M13 = "m13-orion-ssdsi/M13_blue_0001.fits", STIS = "hst-stis-3c120-longslit/3c120_stis.fits.gz";

	private CosmicsBench() {}

	static String m13Input() {
		return Inputs.real(M13) ? "1392x1040 M13_blue_0001 (int16)" : "1392x1040 simulated star field (M13 data absent)";
	}

	static List<Entry> entries() {
		List<Entry> e = new ArrayList<>();
		e.add(new Entry("cosmic rays L.A.Cosmic, 4 iterations", m13Input(), in -> {
			Inputs.Frame f = in.sharedOr(M13, null, 1392, 1040, 300);
			LaCosmic.Settings s = new LaCosmic.Settings();
			s.gain = 1;
			s.readNoise = 5;
			return Entry.Prepared.of(() -> LaCosmic.run(f.data, f.width, f.height, s, Progress.NONE)).threadedPeer(
				"astroscrappy 1.1 detect_cosmics", "lacosmic", f.path(), "-", "1", "5");
		}).samples(5));
		e.add(new Entry("cosmic rays median 5x5 recipe", m13Input(), in -> {
			Inputs.Frame f = in.sharedOr(M13, null, 1392, 1040, 300);
			MedianCosmics.Settings s = new MedianCosmics.Settings();
			return Entry.Prepared.of(() -> MedianCosmics.run(f.data, f.width, f.height, s, Progress.NONE)).peer(
				"scipy.signal.medfilt recipe", "median_cosmics", f.path(), "-", "medfilt").peer("scipy.ndimage.median_filter recipe",
					"median_cosmics", f.path(), "-", "median_filter");
		}).samples(5));
		e.add(new Entry("cosmic rays median recipe, STIS", Inputs.real(STIS) ? "511x512 STIS SCI, sigma = median(ERR), rows 230-279 " +
			"protected" : "511x512 simulated frame (STIS data absent), rows 230-279 protected", in -> {
				Inputs.Frame f = in.sharedOr(STIS, "1", 511, 512, 100);
				Inputs.Frame err = Inputs.real(STIS) ? in.sharedOr(STIS, "2", 511, 512, 100) : null;
				MedianCosmics.Settings s = new MedianCosmics.Settings();
				if (err != null) s.err = err.data;
				s.protectedRows = IndexRanges.memoryRows(IndexRanges.parse("protect_rows", "230-279", f.height, "row"), f.height);
				String errPath = err == null ? "-" : err.path();
				return Entry.Prepared.of(() -> MedianCosmics.run(f.data, f.width, f.height, s, Progress.NONE)).peer(
					"scipy.signal.medfilt recipe", "median_cosmics", f.path(), "-", "medfilt", errPath, "230:280").peer(
						"scipy.ndimage.median_filter recipe", "median_cosmics", f.path(), "-", "median_filter", errPath, "230:280");
			}).warmups(5));
		return e;
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Remove Cosmic Rays, lacosmic", m13Input() + ", gain 1, read noise 5", in -> {
			Inputs.Frame f = in.sharedOr(M13, null, 1392, 1040, 300);
			return ProcessEntry.Run.astro("Remove Cosmic Rays", "input=\"" + f.path() + "\",gain=1,readnoise=5,output=\"" + in.file(
				"lacosmic_astro.fits") + "\",overwrite=true").python("astroscrappy script", "lacosmic", f.path(), in.file(
					"lacosmic_peer.fits").getPath(), "1", "5").fresh(in.file("lacosmic_astro.fits"), in.file("lacosmic_peer.fits"));
		}), new ProcessEntry("Remove Cosmic Rays, median", m13Input(), in -> {
			Inputs.Frame f = in.sharedOr(M13, null, 1392, 1040, 300);
			return ProcessEntry.Run.astro("Remove Cosmic Rays", "input=\"" + f.path() + "\",method=median,output=\"" + in.file(
				"median_astro.fits") + "\",overwrite=true").python("scipy.ndimage.median_filter script", "median_cosmics", f.path(), in
					.file("median_peer.fits").getPath(), "median_filter").fresh(in.file("median_astro.fits"), in.file(
						"median_peer.fits"));
		}), new ProcessEntry("Remove Cosmic Rays, lacosmic, ten frames in one run", tenInput() + ", gain 1, read noise 5", in -> {
			List<File> frames = tenFrames(in);
			File out = in.dir("ten_out");
			List<File> outputs = new ArrayList<>();
			for (File f : frames) {
				outputs.add(new File(out, f.getName().replace(".fits", "_astro.fits")));
				outputs.add(new File(out, f.getName().replace(".fits", "_peer.fits")));
			}
			return ProcessEntry.Run.astro("Remove Cosmic Rays", "input=\"" + frames.get(0).getParent() + "/*.fits\",gain=1,readnoise=5," +
				"output=\"" + out + "/{name}_astro.fits\",overwrite=true").pythonPerFrame("astroscrappy script, once per frame", "lacosmic",
					frames, f -> List.of(f.getPath(), new File(out, f.getName().replace(".fits", "_peer.fits")).getPath(), "1", "5")).fresh(
						outputs.toArray(new File[0]));
		}).samples(3));
	}

	static String tenInput() {
		return Inputs.real(M13) ? "10 x 1392x1040 int16 frames (M13_blue_0001-0005, twice)" : "10 x 1392x1040 simulated 16-bit frames";
	}

	/** Ten frames in a folder of their own: the five M13 frames twice (as int16, as they come), else simulated ones. */
	static List<File> tenFrames(Inputs in) throws Exception {
		File dir = in.dir("ten");
		List<File> frames = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			File f = new File(dir, String.format(Locale.ROOT, "frame_%02d.fits", i + 1));
			frames.add(f);
			if (f.isFile()) continue;
			File shared = Inputs.sharedData(M13.replace("0001", String.format(Locale.ROOT, "%04d", i % 5 + 1)));
			if (shared != null) Files.copy(shared.toPath(), f.toPath());
			else Files.copy(in.frame("sim16_1392x1040", 1392, 1040, 16, () -> Inputs.simulatedFrame(1392, 1040, 300)).file.toPath(),
				f.toPath());
		}
		return frames;
	}
}
