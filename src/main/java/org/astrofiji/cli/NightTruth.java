package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;

/**
 * A reduced simulated night against the simulator's truth (its {@code truth/} folder): how well the
 * photometry of every frame recovers the true counts of the bright, isolated, unsaturated stars. The
 * demo prints it; the tests hold it to the photometry tolerance.
 */
public final class NightTruth {

	/** The figures of one comparison. */
	public static final class Photometry {

		/** Star measurements compared (bright isolated stars, every frame of the first epoch). */
		public int stars;
		/** Within 1 % or 3 sigma of the truth, after each frame's aperture correction. */
		public int within;
		/** Largest and median |flux / truth / correction - 1|. */
		public double worst, median;
		/** The aperture corrections (fraction of a star's light in the aperture), per frame. */
		public final List<Double> corrections = new ArrayList<>();

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "photometry against the truth: %d of %d bright isolated star measurements within 1 %% " +
				"or 3 sigma (median deviation %.2f %%, worst %.2f %%; aperture corrections %.3f-%.3f)", within, stars, 100 * median,
				100 * worst, corrections.stream().mapToDouble(d -> d).min().orElse(Double.NaN), corrections.stream().mapToDouble(d -> d)
					.max().orElse(Double.NaN));
		}
	}

	private NightTruth() {}

	/**
	 * Compares {@code out}'s photometry (photometry/&lt;frame&gt;_phot.csv of the frames in
	 * report/frames.csv) of the first epoch with {@code raw}/truth/stars.csv: stars with S/N &gt; 100,
	 * no flags, no other star within 14 px, 15 px from the edges, unsaturated. Each frame's aperture
	 * correction is the median ratio of measured to true counts.
	 */
	public static Photometry photometry(File raw, File out, int width, int height) throws IOException {
		Table truth = CsvTables.read(new File(raw, "truth/stars.csv"));
		Table frames = CsvTables.read(new File(out, "report/frames.csv"));
		String first = frames.getString(0, "epoch");
		for (int i = 0; i < frames.rowCount(); i++) if (frames.getString(i, "epoch").compareTo(first) < 0) first = frames.getString(i, "epoch");
		Photometry p = new Photometry();
		List<Double> devs = new ArrayList<>();
		for (int i = 0; i < frames.rowCount(); i++) {
			File f = new File(out, "photometry/" + frames.getString(i, "frame") + "_phot.csv");
			if (!frames.getString(i, "epoch").equals(first) || !f.isFile()) continue;
			String counts = "counts_" + frames.getString(i, "filter");
			if (!truth.hasColumn(counts)) continue;
			Table t = CsvTables.read(f);
			List<double[]> ratios = new ArrayList<>();
			for (int r = 0; r < t.rowCount(); r++) {
				double x = t.getDouble(r, "x"), y = t.getDouble(r, "y");
				if (t.getDouble(r, "flags") != 0 || !(t.getDouble(r, "snr") > 100) || x < 15 || y < 15 || x > width - 14 || y > height - 14) continue;
				int star = -1;
				boolean isolated = true;
				for (int s = 0; s < truth.rowCount(); s++) {
					double d = Math.hypot(truth.getDouble(s, "x") - x, truth.getDouble(s, "y") - y);
					if (d < 1) star = s;
					else if (d < 14) isolated = false;
				}
				if (star < 0 || !isolated || truth.getDouble(star, "saturated") != 0) continue;
				double flux = t.getDouble(r, "net_flux");
				ratios.add(new double[] { flux / truth.getDouble(star, counts), t.getDouble(r, "net_flux_err") / flux });
			}
			if (ratios.size() < 3) continue;
			double[] sorted = ratios.stream().mapToDouble(a -> a[0]).sorted().toArray();
			double correction = sorted[sorted.length / 2];
			p.corrections.add(correction);
			for (double[] a : ratios) {
				double dev = Math.abs(a[0] / correction - 1);
				devs.add(dev);
				p.stars++;
				if (dev < Math.max(0.01, 3 * a[1])) p.within++;
				p.worst = Math.max(p.worst, dev);
			}
		}
		double[] d = devs.stream().mapToDouble(x -> x).toArray();
		Arrays.sort(d);
		p.median = d.length == 0 ? Double.NaN : d[d.length / 2];
		return p;
	}
}
