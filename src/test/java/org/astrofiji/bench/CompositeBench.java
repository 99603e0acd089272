package org.astrofiji.bench;

import java.util.List;
import java.util.Random;

import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.RgbComposer;

/**
 * Bench entries of the RGB composite on three synthetic bands: Lupton beside astropy's make_lupton_rgb
 * and the classic per-channel asinh (min/max levels) beside img_scale's asinh, at the size of the
 * 2MASS set and at 4096x4096; and the Lupton PNG of three 4096² files as a whole process.
 */
public final class CompositeBench {

	private CompositeBench() {}

	static List<Entry> entries() {
		return List.of(entry("RGB composite lupton", 721, 720, lupton(), "lupton"), entry("RGB composite classic asinh", 721, 720,
			classic(), "asinh"), entry("RGB composite lupton", 4096, 4096, lupton(), "lupton"), entry("RGB composite classic asinh", 4096,
				4096, classic(), "asinh"));
	}

	static List<ProcessEntry> processes() {
		return List.of(new ProcessEntry("RGB Composite, lupton", "3 x 4096x4096 float32 files -> 8-bit PNG", in -> {
			List<Inputs.Frame> b = bands(in, 4096, 4096);
			return ProcessEntry.Run.astro("RGB Composite", "red_input=\"" + b.get(0).path() + "\",green_input=\"" + b.get(1).path() +
				"\",blue_input=\"" + b.get(2).path() + "\",minimum=100,stretch=400,q=8,output=\"" + in.file("rgb_astro.png") +
				"\",overwrite=true").python("make_lupton_rgb script", "rgb", "lupton", b.get(0).path(), b.get(1).path(), b.get(2).path(), in
					.file("rgb_peer.png").getPath()).fresh(in.file("rgb_astro.png"), in.file("rgb_peer.png"));
		}).samples(3));
	}

	private static RgbComposer lupton() {
		return new RgbComposer().minimum(100).stretch(400).q(8);
	}

	private static RgbComposer classic() {
		return new RgbComposer().method(RgbComposer.Method.CLASSIC).levels(RgbComposer.AutoLevels.MINMAX, 0, 1).nonLinear(20);
	}

	private static Entry entry(String name, int w, int h, RgbComposer composer, String method) {
		return new Entry(name, "3 x " + w + "x" + h + " float32 -> 8-bit RGB", in -> {
			List<Inputs.Frame> b = bands(in, w, h);
			Channels ch = Channels.of(w, h, b.get(0).data, b.get(1).data, b.get(2).data);
			return Entry.Prepared.of(() -> composer.apply(ch, Progress.NONE)).peer(method.equals("lupton") ? "astropy make_lupton_rgb"
				: "img_scale asinh (numpy)", "rgb", method, b.get(0).path(), b.get(1).path(), b.get(2).path());
		}).samples(w > 1000 ? 5 : 7).warmups(w > 1000 ? 3 : 10);
	}

	private static List<Inputs.Frame> bands(Inputs in, int w, int h) throws Exception {
		return List.of(in.frame("band_r_" + w, w, h, () -> band(w, h, 1, 1.0)), in.frame("band_g_" + w, w, h, () -> band(w, h, 2, 0.8)),
			in.frame("band_b_" + w, w, h, () -> band(w, h, 3, 0.6)));
	}

	/** Sky 100 with Gaussian noise 10 and bright Gaussian stars: a band of a star field. */
	public static float[] band(int w, int h, long seed, double brightness) {
		Random rng = new Random(seed);
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = (float) (100 + 10 * rng.nextGaussian());
		Random pos = new Random(99); // the same stars in every band
		int stars = w * h / 4000;
		for (int s = 0; s < stars; s++) {
			int cx = (int) (pos.nextDouble() * w), cy = (int) (pos.nextDouble() * h);
			double peak = brightness * 50000 * Math.pow(pos.nextDouble(), 4);
			for (int y = Math.max(0, cy - 6); y < Math.min(h, cy + 7); y++) {
				for (int x = Math.max(0, cx - 6); x < Math.min(w, cx + 7); x++) {
					double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
					a[y * w + x] += (float) (peak * Math.exp(-r2 / 4.5));
				}
			}
		}
		return a;
	}
}
