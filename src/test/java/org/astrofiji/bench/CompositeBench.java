package org.astrofiji.bench;

import java.util.List;
import java.util.Random;

import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.RgbComposer;

/**
 * Bench entries of the RGB composite: Lupton and the classic per-channel asinh (automatic seed
 * levels, so the statistics pass is timed too) on three synthetic bands, at the size of the oracle's
 * 2MASS timing (peer: TIMINGS.md) and at 4096x4096 (target: under 1 s).
 */
public final class CompositeBench {

	private CompositeBench() {}

	static List<Bench.Entry> entries() {
		return List.of(
			entry("RGB composite lupton", 721, 720, "make_lupton_rgb", 0.0567, lupton()),
			entry("RGB composite classic asinh", 721, 720, "img_scale asinh", 0.0265, classic()),
			entry("RGB composite lupton", 4096, 4096, "", Double.NaN, lupton()),
			entry("RGB composite classic asinh", 4096, 4096, "", Double.NaN, classic()));
	}

	private static RgbComposer lupton() {
		return new RgbComposer().minimum(100).stretch(400).q(8);
	}

	private static RgbComposer classic() {
		return new RgbComposer().method(RgbComposer.Method.CLASSIC).nonLinear(20);
	}

	private static Bench.Entry entry(String name, int w, int h, String peer, double peerSeconds, RgbComposer composer) {
		return new Bench.Entry(name, "3 x " + w + "x" + h + " float32 -> 8-bit RGB", peer, peerSeconds, 5, scratch -> {
			Channels ch = Channels.of(w, h, band(w, h, 1, 1.0), band(w, h, 2, 0.8), band(w, h, 3, 0.6));
			return () -> composer.apply(ch, Progress.NONE);
		});
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
