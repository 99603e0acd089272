package org.astrofiji.core.photometry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import org.astrofiji.core.Plot;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;

/**
 * Differential photometry of a target against an ensemble of comparison stars over a series of
 * frames: in each frame the target and the comparisons are measured with the same settings (re-centred
 * when the settings centre, each starting from where it was found in the frame before, so a drifting
 * field is followed), the ensemble flux is the sum of the comparison fluxes {@code C}, and the
 * relative flux {@code T / C} has the error {@code T/C sqrt((sT/T)^2 + sum(sC_i^2)/C^2)}. A frame where
 * the target or a comparison has no positive flux, or a star could not be centred, gets NaN and a flag
 * (the ensemble is not silently changed).
 */
public final class LightCurve {

	/** One frame: its mid-exposure time (e.g. MJD from {@link ObservationTime}), airmass (NaN: unknown) and pixels. */
	public static final class Frame {

		public final String name;
		public final double time, airmass;
		public final Pixels pixels;

		public Frame(String name, double time, Pixels pixels) {
			this(name, time, Double.NaN, pixels);
		}

		public Frame(String name, double time, double airmass, Pixels pixels) {
			this.name = name;
			this.time = time;
			this.airmass = airmass;
			this.pixels = pixels;
		}
	}

	/** One point of the curve (it keeps the frame's name, time and airmass, not its pixels). */
	public static final class Point {

		public final String frame;
		public final double time, airmass;
		/** Target first, then the comparisons, as measured in this frame. */
		public final List<Measurement> stars;
		public final double ensemble, ensembleError, relative, relativeError;
		public final int flags;

		Point(Frame frame, List<Measurement> stars, double ensemble, double ensembleError, double relative, double relativeError,
			int flags)
		{
			this.frame = frame.name;
			this.time = frame.time;
			this.airmass = frame.airmass;
			this.stars = stars;
			this.ensemble = ensemble;
			this.ensembleError = ensembleError;
			this.relative = relative;
			this.relativeError = relativeError;
			this.flags = flags;
		}
	}

	private final List<Point> points;
	private final int aperture;

	private LightCurve(List<Point> points, int aperture) {
		this.points = Collections.unmodifiableList(points);
		this.aperture = aperture;
	}

	/**
	 * The light curve of {@code target} against {@code comparisons} (FITS positions in the first frame)
	 * in {@code aperture} (index into the settings' apertures).
	 */
	public static LightCurve measure(List<Frame> frames, Target target, List<Target> comparisons, PhotometrySettings settings,
		int aperture, Progress progress)
	{
		return measure(frames.size(), frames::get, target, comparisons, settings, aperture, progress);
	}

	/**
	 * The same over {@code count} frames that {@code frames} supplies one at a time, in order (read from
	 * files as they are needed: only one frame's pixels need be in memory).
	 */
	public static LightCurve measure(int count, IntFunction<Frame> frames, Target target, List<Target> comparisons,
		PhotometrySettings settings, int aperture, Progress progress)
	{
		settings.validate();
		if (count == 0) throw new IllegalArgumentException("a light curve needs at least one frame");
		if (comparisons.isEmpty()) throw new IllegalArgumentException("a light curve needs at least one comparison star");
		if (aperture < 0 || aperture >= settings.apertures.size()) throw new IllegalArgumentException("aperture " + aperture +
			" does not exist (there are " + settings.apertures.size() + ")");
		List<Target> stars = new ArrayList<>();
		stars.add(target);
		for (int i = 0; i < comparisons.size(); i++) {
			Target c = comparisons.get(i);
			double d = Math.hypot(c.x - target.x, c.y - target.y);
			if (d < 1) throw new IllegalArgumentException("comparison star " + (i + 1) + " (" + c.id + ") is the target (" +
				String.format(java.util.Locale.ROOT, "%.2f", d) + " px from it)");
			for (int j = 0; j < i; j++) {
				if (Math.hypot(c.x - comparisons.get(j).x, c.y - comparisons.get(j).y) < 1) throw new IllegalArgumentException(
					"comparison stars " + (j + 1) + " and " + (i + 1) + " are the same star");
			}
			stars.add(c);
		}
		List<Point> points = new ArrayList<>();
		for (int f = 0; f < count; f++) {
			progress.report("light curve", (double) f / count);
			Frame frame = frames.apply(f);
			List<Measurement> ms = AperturePhotometry.measure(frame.pixels, stars, settings, Progress.NONE).measurements();
			int flags = 0;
			double c = 0, c2 = 0;
			for (int k = 0; k < ms.size(); k++) {
				Measurement m = ms.get(k);
				flags |= m.flags;
				if (k > 0) {
					c += m.flux[aperture];
					c2 += m.fluxError[aperture] * m.fluxError[aperture];
				}
			}
			double t = ms.get(0).flux[aperture], st = ms.get(0).fluxError[aperture];
			boolean ok = t > 0 && c > 0 && (flags & (Measurement.OFF_IMAGE | Measurement.NO_SKY | Measurement.CENTROID |
				Measurement.NOT_POSITIVE)) == 0;
			double rel = ok ? t / c : Double.NaN;
			double relErr = ok ? rel * Math.sqrt(st * st / (t * t) + c2 / (c * c)) : Double.NaN;
			points.add(new Point(frame, ms, c, Math.sqrt(c2), rel, relErr, flags));
			// follow the field: the next frame starts where each star was found
			for (int k = 0; k < stars.size(); k++) stars.set(k, stars.get(k).at(ms.get(k).x, ms.get(k).y));
		}
		progress.report("light curve", 1);
		return new LightCurve(points, aperture);
	}

	public List<Point> points() {
		return points;
	}

	/** The relative fluxes divided by their median (1 = the typical level). */
	public double[] normalized() {
		List<Double> ok = new ArrayList<>();
		for (Point p : points) if (Double.isFinite(p.relative)) ok.add(p.relative);
		double[] v = new double[ok.size()];
		for (int i = 0; i < v.length; i++) v[i] = ok.get(i);
		java.util.Arrays.sort(v);
		double median = v.length == 0 ? Double.NaN : Sky.median(v, 0, v.length);
		double[] out = new double[points.size()];
		for (int i = 0; i < out.length; i++) out[i] = points.get(i).relative / median;
		return out;
	}

	/**
	 * One row per frame: frame, time (airmass when a frame has one), rel_flux, rel_flux_err,
	 * rel_flux_norm, the ensemble tot_C_flux and tot_C_flux_err, and per star (T1 the target, C2, C3, ...
	 * the comparisons as AstroImageJ names them) x, y, flux, flux_err and sky; flags (OR over the stars).
	 */
	public Table table(String title) {
		int n = points.isEmpty() ? 0 : points.get(0).stars.size();
		boolean airmass = false;
		for (Point p : points) airmass |= Double.isFinite(p.airmass);
		Table t = new Table(title, "frame", "time");
		if (airmass) t.addColumn("airmass");
		for (String c : new String[] { "rel_flux", "rel_flux_err", "rel_flux_norm", "tot_C_flux", "tot_C_flux_err" }) t.addColumn(c);
		for (int k = 0; k < n; k++) {
			String s = label(k);
			t.addColumn("x_" + s).addColumn("y_" + s).addColumn("flux_" + s).addColumn("flux_err_" + s).addColumn("sky_" + s);
		}
		t.addColumn("flags");
		double[] norm = normalized();
		for (int i = 0; i < points.size(); i++) {
			Point p = points.get(i);
			int r = t.addRow();
			if (airmass) t.set(r, "airmass", p.airmass);
			t.set(r, "frame", p.frame).set(r, "time", p.time).set(r, "rel_flux", p.relative)
				.set(r, "rel_flux_err", p.relativeError).set(r, "rel_flux_norm", norm[i]).set(r, "tot_C_flux", p.ensemble)
				.set(r, "tot_C_flux_err", p.ensembleError).set(r, "flags", p.flags);
			for (int k = 0; k < n; k++) {
				Measurement m = p.stars.get(k);
				String s = label(k);
				t.set(r, "x_" + s, m.x).set(r, "y_" + s, m.y).set(r, "flux_" + s, m.flux[aperture])
					.set(r, "flux_err_" + s, m.fluxError[aperture]).set(r, "sky_" + s, m.sky);
			}
		}
		return t;
	}

	/** The normalized relative flux against time. */
	public Plot plot(String title) {
		return plot(title, 0, 1, "time");
	}

	/**
	 * The normalized relative flux against {@code (time - zero) / unit}, e.g. minutes since the first
	 * frame: ImageJ plots in single precision, which cannot tell MJDs minutes apart.
	 */
	public Plot plot(String title, double zero, double unit, String timeLabel) {
		double[] t = new double[points.size()];
		for (int i = 0; i < t.length; i++) t[i] = (points.get(i).time - zero) / unit;
		return new Plot(title, timeLabel, "relative flux (normalized)").add("T1 / ensemble", t, normalized(), Plot.Style.POINTS,
			"blue");
	}

	private static String label(int k) {
		return (k == 0 ? "T" : "C") + (k + 1);
	}
}
