package org.astrofiji.bench;

import java.io.File;
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
 * astroalign's register (find_transform + warp order 3 + footprint: the same work) on the same two
 * files; and Align Images as a whole process beside an astroalign script.
 */
final class RegistrationBench {

	/** Frame FITS position -> reference FITS position of the simulated pairs, about the frame centre. */
	static Transform truth(int w, int h) {
		double cx = (w + 1) / 2.0, cy = (h + 1) / 2.0;
		return Transform.translation(-cx, -cy).then(Transform.similarity(1.0005, 0.35, cx + 12.3, cy - 7.6));
	}

	private RegistrationBench() {}

	static List<Entry> entries() {
		return List.of(entry(1392, 1040, 800, 5), entry(4096, 4096, 5000, 3));
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("Align Images", input(1392, 1040, 800) + ": aligned frame written", in -> {
			Inputs.Frame[] p = pair(in, 1392, 1040, 800);
			return ProcessEntry.Run.astro("Align Images", "frames=\"" + p[0].path() + "\",reference_input=\"" + p[1].path() +
				"\",output=\"" + in.dir("aligned_astro") + "\",overwrite=true").python("astroalign.register script", "register", p[0]
					.path(), p[1].path(), in.file("aligned_peer.fits").getPath()).fresh(new File(in.dir("aligned_astro"), p[0].file
						.getName().replace(".fits", "_aligned.fits")), new File(in.dir("aligned_astro"), "transforms.csv"), in.file("aligned_peer.fits"));
		}));
	}

	private static String input(int w, int h, int stars) {
		return String.format(Locale.ROOT, "simulated %dx%d pair, %d stars, rotation 0.35 deg, shift (12.3, -7.6)", w, h, stars);
	}

	static Entry entry(int w, int h, int stars, int samples) {
		return new Entry("register a pair (detect, find_transform, cubic resample)", input(w, h, stars), in -> {
			Inputs.Frame[] p = pair(in, w, h, stars);
			float[] frame = p[0].data, ref = p[1].data;
			return Entry.Prepared.of(() -> {
				Match m = TransformFinder.of(Transform.Kind.SIMILARITY).find(StarList.detect(frame, w, h), StarList.detect(ref, w, h));
				Warp warp = Warp.of(w, h, m.transform());
				Resampler r = Resampler.of(Interpolation.CUBIC);
				r.image(frame, warp);
				r.dq(frame, warp, ImageWarp.DQ_BITS);
			}).peer("astroalign 2.4 register", "register", p[0].path(), p[1].path());
		// the small pair settles after ~10 calls (C2 compiles its float loops late): warm means after those
		}).samples(samples).warmups((long) w * h < 4_000_000 ? 10 : 2);
	}

	/**
	 * {frame, reference}: stars at random positions with fluxes spread over two decades (Moffat PSF, FWHM
	 * 3 px) on a sky of 200 ADU with Poisson and read noise; the frame's stars at truth^-1 of the reference's.
	 */
	static Inputs.Frame[] pair(Inputs in, int w, int h, int stars) throws Exception {
		float[][] made = new float[2][];
		Inputs.Maker make = () -> {
			if (made[0] == null) {
				SplittableRandom r = new SplittableRandom(14);
				Psf psf = new Psf(Psf.Kind.MOFFAT, 3, 0, 0);
				StarFrame ref = new StarFrame(w, h, psf, 200, 1.5, 6, 21), frame = new StarFrame(w, h, psf, 200, 1.5, 6, 22);
				Transform back = truth(w, h).inverse();
				for (int i = 0; i < stars; i++) {
					double x = r.nextDouble(-20, w + 20), y = r.nextDouble(-20, h + 20), counts = Math.exp(r.nextDouble(Math.log(2e3), Math
						.log(4e5)));
					ref.star(x, y, counts);
					frame.star(back.x(x, y), back.y(x, y), counts);
				}
				made[0] = frame.render(0, 0, 0, 0);
				made[1] = ref.render(0, 0, 0, 0);
			}
			return null;
		};
		Inputs.Frame frame = in.frame("register_frame_" + w, w, h, () -> {
			make.make();
			return made[0];
		});
		Inputs.Frame ref = in.frame("register_ref_" + w, w, h, () -> {
			make.make();
			return made[1];
		});
		return new Inputs.Frame[] { frame, ref };
	}
}
