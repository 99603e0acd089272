package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;


import org.astrofiji.core.Images;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Progress;
import org.astrofiji.core.cosmics.LaCosmic;
import org.astrofiji.core.cosmics.MedianCosmics;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;

/**
 * Bench entries of Remove Cosmic Rays, on the frames the oracle timed (TIMINGS.md): the 1392x1040
 * M13 frame and the STIS long-slit frame from ../shared/data when present, otherwise simulated
 * frames of the same size (the table says which). The peers' times are astroscrappy single-threaded
 * and scipy's medfilt recipe, core computation only, as here.
 */
final class CosmicsBench {

	private CosmicsBench() {}

	static List<Bench.Entry> entries() {
		List<Bench.Entry> e = new ArrayList<>();
		File m13 = BenchData.sharedData("m13-orion-ssdsi/M13_blue_0001.fits");
		File stis = BenchData.sharedData("hst-stis-3c120-longslit/3c120_stis.fits.gz");
		String m13Input = m13 != null ? "1392x1040 M13_blue_0001 (int16)" : "1392x1040 simulated star field (M13 data absent)";
		e.add(new Bench.Entry("cosmic rays L.A.Cosmic, 4 iterations", m13Input,
			"astroscrappy 1.1, 1 thread", 1.3347, 5, scratch -> {
				FitsImage f = m13 != null ? FitsReader.read(m13, null) : simulated(1392, 1040);
				LaCosmic.Settings s = new LaCosmic.Settings();
				s.gain = 1;
				s.readNoise = 5;
				return BenchData.warm(() -> LaCosmic.run(f.data(), f.width(), f.height(), s, Progress.NONE), 3);
			}));
		e.add(new Bench.Entry("cosmic rays median 5x5 recipe", m13Input, "scipy.signal.medfilt recipe", 1.2957, 5,
			scratch -> {
				FitsImage f = m13 != null ? FitsReader.read(m13, null) : simulated(1392, 1040);
				MedianCosmics.Settings s = new MedianCosmics.Settings();
				return BenchData.warm(() -> MedianCosmics.run(f.data(), f.width(), f.height(), s, Progress.NONE), 3);
			}));
		e.add(new Bench.Entry("cosmic rays median recipe, STIS", stis != null ? "511x512 STIS SCI, sigma = median(ERR), " +
			"rows 230-279 protected" : "511x512 simulated frame (STIS data absent)", "scipy.signal.medfilt recipe", 0.2199, 7,
			scratch -> {
				FitsImage f = stis != null ? FitsReader.read(stis, "1") : simulated(511, 512);
				MedianCosmics.Settings s = new MedianCosmics.Settings();
				if (stis != null) s.err = FitsReader.read(stis, "2").data();
				s.protectedRows = IndexRanges.memoryRows(IndexRanges.parse("protect_rows", "230-279", f.height(), "row"), f.height());
				return BenchData.warm(() -> MedianCosmics.run(f.data(), f.width(), f.height(), s, Progress.NONE), 3);
			}));
		return e;
	}

	/** One raw science frame of a simulated star field with cosmic rays. */
	static FitsImage simulated(int w, int h) throws IOException {
		return new FitsImage("simulated", Images.wrap(BenchData.simulatedFrame(w, h, 300), w, h), null, null, 0, 16);
	}
}
