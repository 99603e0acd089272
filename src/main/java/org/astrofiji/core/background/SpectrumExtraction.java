package org.astrofiji.core.background;

import org.astrofiji.core.IndexRanges;
import java.util.Locale;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.linalg.Polynomials;

/**
 * Long-slit spectrum extraction: a background polynomial across the slit at every wavelength, fitted
 * over background rows (optionally cosmic-ray cleaned first), subtracted, and the source rows summed
 * into a 1-D spectrum. This is the python4astronomers HST/STIS 3C120 recipe generalised:
 * quadratic over rows 10-199 and 300-479 of each column, spectrum = sum of rows 250-259.
 * <p>
 * Rows along the slit are 0-based indices of the FITS array ("rows" for {@link Dispersion#X}, where
 * the wavelength runs along x and each column is one wavelength; "columns" for {@link Dispersion#Y}).
 * The background fit is {@link PolynomialBackground} (numpy.polyfit semantics) per column (X) or per
 * row (Y). A {@link CosmicRayCleaner}, when given, cleans the image first, but only its background
 * rows are used: the source rows are summed from the image as given. NaN pixels are skipped in
 * every sum and counted; a wavelength whose source pixels are all NaN has no flux (NaN).
 */
public final class SpectrumExtraction {

	/** Direction of the wavelength axis in the image. */
	public enum Dispersion {
		/** Wavelength along x: each column is one wavelength, the slit runs along y (STIS). */
		X,
		/** Wavelength along y: each row is one wavelength, the slit runs along x (ALFOSC). */
		Y;

		public static Dispersion of(String s) {
			switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "x": return X;
				case "y": return Y;
				default: throw new IllegalArgumentException("dispersion must be x or y (got '" + s + "')");
			}
		}
	}

	/** What to extract. */
	public static final class Settings {

		public Dispersion dispersion = Dispersion.X;
		/** Source rows along the slit (0-based FITS array), summed into the spectrum. */
		public int[] source;
		/** Background rows along the slit (0-based FITS array), where the polynomial is fitted. */
		public int[] background;
		public int order = 2;
		public double sigmaClip = 0;
		/** Cleans the image before the fit (background rows only); null for none. */
		public CosmicRayCleaner cleaner;
	}

	/** The spectrum, the profiles and the 2-D images behind them. */
	public static final class Result {

		public final Dispersion dispersion;
		public final int width, height;
		public final int[] source, background;
		/** The image with its background rows taken from the cleaned image (memory orientation). */
		public final float[] working;
		/** The background fit (its model is in memory orientation). */
		public final PolynomialBackground.Result fit;
		/** Per wavelength pixel (0-based along the dispersion axis of the FITS array). */
		public final double[] spectrum, backgroundSum;
		public final int[] pixels, skipped;
		/** Per position along the slit (0-based FITS array): sums along the wavelength axis. */
		public final double[] profile, profileSubtracted;
		/** Pixels in the background rows the cleaner changed. */
		public final long cleaned;

		Result(Settings s, int width, int height, float[] working, PolynomialBackground.Result fit, long cleaned) {
			this.dispersion = s.dispersion;
			this.width = width;
			this.height = height;
			this.source = s.source.clone();
			this.background = s.background.clone();
			this.working = working;
			this.fit = fit;
			this.cleaned = cleaned;
			int nw = wavelengths(), ns = slitLength();
			spectrum = new double[nw];
			backgroundSum = new double[nw];
			pixels = new int[nw];
			skipped = new int[nw];
			profile = new double[ns];
			profileSubtracted = new double[ns];
		}

		public int wavelengths() {
			return dispersion == Dispersion.X ? width : height;
		}

		public int slitLength() {
			return dispersion == Dispersion.X ? height : width;
		}

		/** Memory index of (wavelength index, slit index), both 0-based in the FITS array. */
		int index(int wave, int slit) {
			return dispersion == Dispersion.X ? Coordinates.memoryRow(slit, height) * width + wave
				: Coordinates.memoryRow(wave, height) * width + slit;
		}

		/** The background-subtracted image: {@link #working} minus the model. */
		public float[] subtracted() {
			return fit.subtract(working);
		}

		/** Name of the FITS position column along the dispersion: x_fits or y_fits. */
		public String positionColumn() {
			return dispersion == Dispersion.X ? "x_fits" : "y_fits";
		}

		/**
		 * The spectrum: FITS position along the dispersion (1-based), flux (sum over the source rows
		 * after background subtraction), background (the model summed over the same pixels), pixels
		 * summed and pixels skipped as NaN.
		 */
		public Table table() {
			String pos = positionColumn();
			Table t = new Table("Spectrum", pos, "flux", "background", "n_pixels", "n_skipped");
			for (int k = 0; k < spectrum.length; k++) t.addRow((double) (k + 1), spectrum[k], backgroundSum[k],
				(double) pixels[k], (double) skipped[k]);
			return t;
		}

		public Plot spectrumPlot() {
			double[] x = new double[spectrum.length];
			for (int k = 0; k < x.length; k++) x[k] = k + 1;
			String along = dispersion == Dispersion.X ? "rows" : "columns";
			return new Plot("Spectrum (" + along + " " + IndexRanges.format(source) + ", background subtracted)",
				positionColumn() + " (pixel along the dispersion, 1-based)", "flux (sum over source " + along + ")")
					.add("spectrum", x, spectrum.clone(), Plot.Style.LINE, "black");
		}

		public Plot profilePlot() {
			double[] x = new double[profile.length];
			for (int k = 0; k < x.length; k++) x[k] = k;
			String along = dispersion == Dispersion.X ? "row" : "column";
			return new Plot("Spatial profile (source " + IndexRanges.format(source) + ", background " + IndexRanges.format(background) +
				")", along + " along the slit (0-based FITS array, as the ranges)", "sum along the wavelength axis")
					.add("image", x, profile.clone(), Plot.Style.LINE, "black")
					.add("background subtracted", x, profileSubtracted.clone(), Plot.Style.LINE, "red");
		}
	}

	private SpectrumExtraction() {}

	/**
	 * Extracts the spectrum.
	 *
	 * @param data row-major pixels in memory orientation (not modified)
	 */
	public static Result extract(float[] data, int width, int height, Settings s, Progress progress) {
		if (data.length != (long) width * height) throw new IllegalArgumentException("image: " + data.length +
			" pixels do not fit " + width + "x" + height);
		boolean x = s.dispersion == Dispersion.X;
		int slit = x ? height : width;
		String what = x ? "row" : "column";
		if (s.source == null || s.source.length == 0) throw new IllegalArgumentException("source: give the " + what +
			"s of the spectrum along the slit, e.g. 250-259 (0-based FITS array " + what + "s)");
		if (s.background == null || s.background.length == 0) throw new IllegalArgumentException("background: give the " +
			what + "s of the background along the slit, e.g. 10-199,300-479 (0-based FITS array " + what + "s)");
		for (int[] r : new int[][] { s.source, s.background }) {
			for (int i : r) if (i < 0 || i >= slit) throw new IllegalArgumentException((r == s.source ? "source" : "background") +
				": " + what + " " + i + " is outside the image (0-" + (slit - 1) + ")");
		}
		int common = IndexRanges.firstCommon(s.source, s.background);
		if (common >= 0) throw new IllegalArgumentException("background: " + what + " " + common +
			" is also a source " + what + "; source (" + IndexRanges.format(s.source) + ") and background (" +
			IndexRanges.format(s.background) + ") must not overlap");
		float[] working = data.clone();
		long changed = 0;
		if (s.cleaner != null) {
			float[] clean = s.cleaner.clean(data, width, height, progress.range(0, 0.5));
			if (clean.length != data.length) throw new IllegalArgumentException("the cosmic-ray cleaner returned " +
				clean.length + " pixels for " + data.length);
			for (int b : s.background) {
				for (int w = 0, nw = x ? width : height; w < nw; w++) {
					int i = x ? Coordinates.memoryRow(b, height) * width + w : Coordinates.memoryRow(w, height) * width + b;
					if (Float.floatToIntBits(working[i]) != Float.floatToIntBits(clean[i])) changed++;
					working[i] = clean[i];
				}
			}
		}
		PolynomialBackground.Settings ps = new PolynomialBackground.Settings();
		ps.axis = x ? PolynomialBackground.Axis.COLUMNS : PolynomialBackground.Axis.ROWS;
		ps.order = s.order;
		ps.samples = s.background;
		ps.sigmaClip = s.sigmaClip;
		ps.samplesName = "background";
		PolynomialBackground.Result fit = PolynomialBackground.fit(working, null, width, height, ps,
			progress.range(s.cleaner == null ? 0 : 0.5, 0.95));
		Result r = new Result(s, width, height, working, fit, changed);
		int nw = r.wavelengths(), withData = 0;
		for (int w = 0; w < nw; w++) {
			double[] coef = fit.coefficients[w];
			double flux = 0, bsum = 0;
			int n = 0, skip = 0;
			for (int src : s.source) {
				double v = working[r.index(w, src)];
				if (Double.isNaN(v)) {
					skip++;
					continue;
				}
				double b = Polynomials.polyval(coef, src);
				flux += v - b;
				bsum += b;
				n++;
			}
			// no source pixel with data: no flux (NaN), not a flux of 0
			r.spectrum[w] = n == 0 ? Double.NaN : flux;
			r.backgroundSum[w] = n == 0 ? Double.NaN : bsum;
			r.pixels[w] = n;
			r.skipped[w] = skip;
			withData += n > 0 ? 1 : 0;
		}
		if (withData == 0) throw new IllegalArgumentException("source: every source " + what + " pixel is NaN (no data); " +
			"nothing to extract");
		for (int p = 0; p < slit; p++) {
			double sum = 0, sub = 0;
			for (int w = 0; w < nw; w++) {
				double v = working[r.index(w, p)];
				if (Double.isNaN(v)) continue;
				sum += v;
				sub += v - Polynomials.polyval(fit.coefficients[w], p);
			}
			r.profile[p] = sum;
			r.profileSubtracted[p] = sub;
		}
		progress.report("spectrum", 1);
		return r;
	}
}
