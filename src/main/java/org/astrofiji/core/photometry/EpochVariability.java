package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.astrofiji.core.stats.Medians;

/**
 * Which stars changed brightness between two epochs, from forced photometry of the same stars on
 * every frame of one filter (the night pipeline measures the reference frame's stars on each aligned
 * frame). Each frame is put on the first frame's scale by the median ratio of the fluxes of the stars
 * both measured (transparency, exposure time and seeing change every star alike); each star's scaled
 * fluxes are averaged per epoch (inverse-variance weights; the error grown by the scatter when the
 * frames disagree more than their errors say); the change is the ratio of the last epoch's mean to
 * the first's, with its error and its significance {@code |ratio - 1| / error}. A star is variable when
 * the change is both significant and large: the significance guards against noise, the size against
 * the percent-level systematics (aperture losses, flat-field residuals) errors do not include.
 */
public final class EpochVariability {

	/** One star's light curve and change. */
	public static final class Star {

		public final int index;
		/** Flux per frame on the first frame's scale, and its 1-sigma error (NaN: not measured). */
		public final double[] flux, fluxError;
		/** Mean scaled flux of the first and the last epoch, last / first and its 1-sigma error. */
		public final double first, last, ratio, ratioError;

		Star(int index, double[] flux, double[] fluxError, double first, double last, double ratio, double ratioError) {
			this.index = index;
			this.flux = flux;
			this.fluxError = fluxError;
			this.first = first;
			this.last = last;
			this.ratio = ratio;
			this.ratioError = ratioError;
		}

		/** |ratio - 1| in units of its error (NaN when the star lacks an epoch). */
		public double significance() {
			return Math.abs(ratio - 1) / ratioError;
		}

		/** The change in magnitudes, last minus first (positive: fainter). */
		public double deltaMag() {
			return -2.5 * Math.log10(ratio);
		}
	}

	/** Frames need this many stars in common with the first frame to be scaled. */
	public static final int MIN_COMMON = 3;

	private final double[] scale;
	private final List<Star> stars;

	private EpochVariability(double[] scale, List<Star> stars) {
		this.scale = scale;
		this.stars = stars;
	}

	/**
	 * The change of every star: {@code flux[frame][star]} and {@code error[frame][star]} (NaN where a
	 * star was not measured or flagged), {@code epoch[frame]} the frame's epoch (0 = the first, the
	 * largest = the last). A frame with fewer than {@link #MIN_COMMON} stars in common with the first
	 * frame is left out (its scale NaN).
	 */
	public static EpochVariability of(double[][] flux, double[][] error, int[] epoch) {
		int frames = flux.length;
		if (frames == 0 || error.length != frames || epoch.length != frames) throw new IllegalArgumentException(
			"flux, error and epoch need one entry per frame (got " + frames + ", " + error.length + ", " + epoch.length + ")");
		int n = flux[0].length;
		int lastEpoch = 0;
		for (int f = 0; f < frames; f++) {
			if (flux[f].length != n || error[f].length != n) throw new IllegalArgumentException("frame " + f + " has " + flux[f].length +
				" fluxes and " + error[f].length + " errors, frame 0 " + n);
			if (epoch[f] < 0) throw new IllegalArgumentException("epoch of frame " + f + " is negative (" + epoch[f] + ")");
			lastEpoch = Math.max(lastEpoch, epoch[f]);
		}
		double[] scale = new double[frames];
		for (int f = 0; f < frames; f++) {
			double[] ratios = new double[n];
			int k = 0;
			for (int i = 0; i < n; i++) {
				double r = flux[f][i] / flux[0][i];
				if (flux[0][i] > 0 && Double.isFinite(r) && r > 0) ratios[k++] = r;
			}
			scale[f] = k < MIN_COMMON ? Double.NaN : Medians.median(Arrays.copyOf(ratios, k));
		}
		List<Star> stars = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			double[] v = new double[frames], e = new double[frames];
			for (int f = 0; f < frames; f++) {
				boolean ok = Double.isFinite(scale[f]) && Double.isFinite(flux[f][i]) && error[f][i] > 0;
				v[f] = ok ? flux[f][i] / scale[f] : Double.NaN;
				e[f] = ok ? error[f][i] / scale[f] : Double.NaN;
			}
			double[] a = mean(v, e, epoch, 0), b = mean(v, e, epoch, lastEpoch);
			double ratio = b[0] / a[0];
			double err = Math.abs(ratio) * Math.hypot(a[1] / a[0], b[1] / b[0]);
			stars.add(new Star(i, v, e, a[0], b[0], ratio, lastEpoch == 0 ? Double.NaN : err));
		}
		return new EpochVariability(scale, Collections.unmodifiableList(stars));
	}

	/** Weighted mean and its error of one epoch's fluxes; the error grown by sqrt(reduced chi^2) when above 1. */
	private static double[] mean(double[] v, double[] e, int[] epoch, int which) {
		double sw = 0, swv = 0;
		int k = 0;
		for (int f = 0; f < v.length; f++) {
			if (epoch[f] != which || Double.isNaN(v[f])) continue;
			double w = 1 / (e[f] * e[f]);
			sw += w;
			swv += w * v[f];
			k++;
		}
		if (k == 0) return new double[] { Double.NaN, Double.NaN };
		double m = swv / sw, chi2 = 0;
		for (int f = 0; f < v.length; f++) {
			if (epoch[f] != which || Double.isNaN(v[f])) continue;
			double d = (v[f] - m) / e[f];
			chi2 += d * d;
		}
		double grow = k > 1 ? Math.max(1, Math.sqrt(chi2 / (k - 1))) : 1;
		return new double[] { m, grow / Math.sqrt(sw) };
	}

	/** Each frame's factor onto the first frame's scale (flux / factor); NaN for a frame left out. */
	public double[] scales() {
		return scale.clone();
	}

	/** Every star, in input order. */
	public List<Star> stars() {
		return stars;
	}

	/**
	 * The stars whose change is at least {@code minSignificance} sigma and at least {@code minChange}
	 * (a fraction: 0.05 = 5 %) in either direction, most significant first.
	 */
	public List<Star> variables(double minSignificance, double minChange) {
		if (!(minSignificance >= 0) || !(minChange >= 0)) throw new IllegalArgumentException("minSignificance and minChange must be >= 0 (got " +
			minSignificance + ", " + minChange + ")");
		List<Star> out = new ArrayList<>();
		for (Star s : stars) if (s.significance() >= minSignificance && Math.abs(s.ratio - 1) >= minChange) out.add(s);
		out.sort((a, b) -> a.significance() != b.significance() ? Double.compare(b.significance(), a.significance()) : Integer.compare(
			a.index, b.index));
		return out;
	}
}
