package org.astrofiji.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.astrofiji.core.registration.ImageWarp;
import org.astrofiji.core.registration.Interpolation;
import org.astrofiji.core.registration.Match;
import org.astrofiji.core.registration.Resampler;
import org.astrofiji.core.registration.StarList;
import org.astrofiji.core.registration.Transform;
import org.astrofiji.core.registration.TransformFinder;
import org.astrofiji.core.registration.Warp;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;

/**
 * Bench entries of registration: a simulated pair (the same stars, the second frame's moved by a known
 * similarity, both with sky and noise) registered end to end — stars detected in both frames, the
 * transform found, the frame resampled with the cubic spline and its no-data footprint — beside
 * astroalign's register (find_transform + warp order 3 + footprint: the same work), run by the
 * oracle's align.py on the same two FITS files in the same session. Target: 1392x1040 at least 10x
 * faster; 4096x4096 with 5 000 stars reported.
 */
final class RegistrationBench {

	/** Frame FITS position -> reference FITS position of the simulated pairs, about the frame centre. */
	static Transform truth(int w, int h) {
		double cx = (w + 1) / 2.0, cy = (h + 1) / 2.0;
		return Transform.translation(-cx, -cy).then(Transform.similarity(1.0005, 0.35, cx + 12.3, cy - 7.6));
	}

	private RegistrationBench() {}

	static List<Bench.Entry> entries() {
		return List.of(entry(1392, 1040, 800, 5), entry(4096, 4096, 5000, 3));
	}

	static Bench.Entry entry(int w, int h, int stars, int runs) {
		return new Bench.Entry("register a pair (detect, find_transform, cubic resample)", String.format(Locale.ROOT,
			"simulated %dx%d pair, %d stars, rotation 0.35 deg, shift (12.3, -7.6)", w, h, stars), "astroalign register", Double.NaN, runs,
			scratch -> prepare(scratch, w, h, stars));
	}

	/** The pair written for the peer, the peer timed, and our work (warmed up) with the peer's time. */
	static Bench.Work prepare(Path scratch, int w, int h, int stars) throws Exception {
		float[][] pair = pair(w, h, stars);
		File frame = BenchData.write(scratch, "register_frame_" + w, pair[0], w, h), ref = BenchData.write(scratch, "register_ref_" + w,
			pair[1], w, h);
		double peer = BenchData.oracleSeconds("align.py", "register", frame.getPath(), ref.getPath(), "-o", scratch.resolve(
			"astroalign_" + w).toString(), "--repeat", "3");
		Transform truth = truth(w, h);
		Bench.Work work = () -> {
			Match m = TransformFinder.of(Transform.Kind.SIMILARITY).find(StarList.detect(pair[0], w, h), StarList.detect(pair[1], w, h));
			Warp warp = Warp.of(w, h, m.transform());
			Resampler r = Resampler.of(Interpolation.CUBIC);
			r.image(pair[0], warp);
			r.dq(pair[0], warp, ImageWarp.DQ_BITS);
		};
		Match check = TransformFinder.of(Transform.Kind.SIMILARITY).find(StarList.detect(pair[0], w, h), StarList.detect(pair[1], w, h));
		System.err.printf(Locale.ROOT, "bench: %dx%d pair: %s; off the truth by %.4f px at most over the frame%n", w, h, check.summary(),
			check.transform().maxDistance(truth, 1, 1, w, h));
		return BenchData.withPeer(BenchData.warm(work, 2), peer, Double.isNaN(peer) ? "astroalign register (oracle not available)"
			: "astroalign 2.4 register, same pair, same time");
	}

	/**
	 * {frame, reference}: stars at random positions with fluxes spread over two decades (Moffat PSF, FWHM
	 * 3 px) on a sky of 200 ADU with Poisson and read noise; the frame's stars at truth^-1 of the reference's.
	 */
	static float[][] pair(int w, int h, int stars) {
		SplittableRandom r = new SplittableRandom(14);
		Psf psf = new Psf(Psf.Kind.MOFFAT, 3, 0, 0);
		StarFrame ref = new StarFrame(w, h, psf, 200, 1.5, 6, 21), frame = new StarFrame(w, h, psf, 200, 1.5, 6, 22);
		Transform back = truth(w, h).inverse();
		for (int i = 0; i < stars; i++) {
			double x = r.nextDouble(-20, w + 20), y = r.nextDouble(-20, h + 20), counts = Math.exp(r.nextDouble(Math.log(2e3), Math.log(4e5)));
			ref.star(x, y, counts);
			frame.star(back.x(x, y), back.y(x, y), counts);
		}
		return new float[][] { frame.render(0, 0, 0, 0), ref.render(0, 0, 0, 0) };
	}
}
