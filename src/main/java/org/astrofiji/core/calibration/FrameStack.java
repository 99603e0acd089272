package org.astrofiji.core.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.astrofiji.core.Globs;
import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CombineSettings.Scale;
import org.astrofiji.core.image.FitsHeader;

/**
 * The frames of one combination: their names, exposure times (NaN when unknown) and weights, read
 * from their headers or given, and the settings that combine them (complete, never changed after).
 * Makes the table of what each frame contributed and the header of the result.
 */
public final class FrameStack {

	public final List<String> names;
	public final double[] exposures;
	/** Weight of each frame, or null for equal weights. */
	public final double[] weights;
	public final CombineSettings settings;

	private FrameStack(List<String> names, double[] exposures, double[] weights, CombineSettings rejection, Scale scale) {
		this.names = List.copyOf(names);
		this.exposures = exposures;
		this.weights = weights;
		CombineSettings s = rejection.copy();
		s.scale = scale;
		s.exposures = exposures;
		s.weights = weights;
		this.settings = s.validate(names.size());
	}

	/**
	 * Frames with headers (files). Exposure times come from {@code exptimeKey}, required when
	 * {@code scale} is exposure; {@code weights} is empty (equal), one number per frame, or a header keyword.
	 */
	public static FrameStack of(List<String> names, List<FitsHeader> headers, CombineSettings rejection, Scale scale,
		String weights, String exptimeKey)
	{
		int n = names.size();
		double[] exposure = new double[n];
		for (int i = 0; i < n; i++) {
			FitsHeader h = headers.get(i);
			exposure[i] = scale == Scale.EXPOSURE ? h.requireDouble(exptimeKey, "to scale by exposure (scale=exposure)")
				: h.getDoubleOrNaN(exptimeKey);
		}
		return new FrameStack(names, exposure, weights(weights, headers, n), rejection, scale);
	}

	/** The {@code n} slices of an open stack ("slice 1" ...): no exposure times, weights only as numbers. */
	public static FrameStack slices(int n, CombineSettings rejection, Scale scale, String weights) {
		if (scale == Scale.EXPOSURE) throw new IllegalArgumentException(
			"scale=exposure needs files: the slices of an open stack carry no exposure times");
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= n; i++) names.add("slice " + i);
		double[] none = new double[n];
		Arrays.fill(none, Double.NaN);
		return new FrameStack(names, none, weights(weights, null, n), rejection, scale);
	}

	/** Weights from a list of numbers or from a header keyword of every frame (null headers: an open stack). */
	private static double[] weights(String weights, List<FitsHeader> headers, int n) {
		String w = weights == null ? "" : weights.trim();
		if (w.isEmpty()) return null;
		List<String> parts = Globs.split(w);
		double[] out = new double[n];
		if (parts.size() == 1 && !parts.get(0).matches("[-+0-9.eE]+")) {
			if (headers == null) throw new IllegalArgumentException("weights: '" + w +
				"' is a header keyword, but an open stack has no per-slice headers; give one number per slice");
			for (int i = 0; i < n; i++) out[i] = headers.get(i).requireDouble(parts.get(0), "as the weight (weights=" + w + ")");
			return out;
		}
		if (parts.size() != n) throw new IllegalArgumentException("weights: " + parts.size() + " numbers for " + n + " frames");
		for (int i = 0; i < n; i++) {
			try {
				out[i] = Double.parseDouble(parts.get(i));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("weights: '" + parts.get(i) + "' is not a number");
			}
		}
		return out;
	}

	/** What each frame contributed: exposure time, scale factor and weight. */
	public Table table(CombineResult r) {
		Table t = new Table("combined frames", "frame", "exptime", "scale", "weight");
		for (int i = 0; i < names.size(); i++) t.addRow(names.get(i), exposures[i], r.scaleFactors[i], weights == null ? 1.0 :
			weights[i]);
		return t;
	}

	/**
	 * The header of the result: {@code base} (the first frame's) with NCOMBINE, the mean exposure time
	 * when every frame has one, and HISTORY: the run, the inputs and what the combination did.
	 */
	public FitsHeader header(FitsHeader base, String exptimeKey, String history, CombineResult r) {
		boolean all = true;
		double mean = 0;
		for (double t : exposures) {
			all &= !Double.isNaN(t);
			mean += t / exposures.length;
		}
		if (all) base.set(exptimeKey, mean, "mean exposure time of the combined frames, s");
		base.set("NCOMBINE", names.size(), "number of frames combined");
		base.addHistory(history);
		base.addHistory("inputs: " + String.join(" ", names));
		base.addHistory(r.summary());
		return base;
	}
}
