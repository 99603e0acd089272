package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.Version;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.photometry.EpochVariability;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.stats.Medians;
import org.astrofiji.core.stats.Percentiles;
import org.astrofiji.core.subtraction.CandidateMontage;
import org.astrofiji.core.stats.Select;
import org.astrofiji.io.ChartPng;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.OutputFiles;
import org.astrofiji.io.PsfModelFiles;
import org.astrofiji.io.RgbFiles;

/**
 * {@code report.html}: what a night run used and skipped (and why), the masters' statistics, each
 * frame's FWHM, background, stars and cosmic rays as a table ({@code report/frames.csv}) and plots, the
 * variable stars and their light curves, the colour-magnitude diagram and the colour composite. Built from the products on disk only, so a
 * resumed run reports exactly what an uninterrupted one does; pictures are PNG files in
 * {@code report/}, and the page loads nothing from the network.
 */
final class NightReport {

	private static final int W = 520, H = 300, PSF_GRID = 4;
	/** A star is variable when its flux changed by at least this fraction and this many sigma. */
	static final double MIN_CHANGE = 0.05, MIN_SIGNIFICANCE = 5;
	/** Only stars without another reference star within this many FWHM (of the reference frame) are searched. */
	static final double ISOLATION_FWHM = 4;

	private final NightPipeline.Result r;
	private final NightLayout layout;
	private final StringBuilder html = new StringBuilder();

	private NightReport(NightPipeline.Result r) {
		this.r = r;
		this.layout = r.layout;
	}

	static void write(NightPipeline.Result r, Context context) throws IOException {
		new NightReport(r).build();
	}

	private void build() throws IOException {
		File pictures = layout.reportDir();
		java.nio.file.Files.createDirectories(pictures.toPath());
		head();
		frames();
		notDone();
		masters();
		perFrame();
		psfs();
		variables();
		transients();
		colours();
		html.append("<h2>Files</h2>\n<p><a href=\"run.log\">run.log</a>: every command with its parameters and time; ")
			.append("<a href=\"replay.ijm\">replay.ijm</a>: the same commands as an ImageJ macro (<code>./astro macro replay.ijm</code>).</p>\n");
		html.append("</body>\n</html>\n");
		byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
		OutputFiles.write(layout.report(), true, out -> out.write(bytes));
	}

	private void head() {
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Reduce Night: ")
			.append(esc(r.plan.input().getName())).append("</title>\n<style>\n")
			.append("body{font-family:sans-serif;margin:1.5em;max-width:1200px;color:#222}")
			.append("table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}")
			.append("th{background:#eee}td.n{text-align:right}tr.skipped td,tr.failed td{background:#fde8e8}")
			.append("img{border:1px solid #ccc;margin:4px}code{background:#f4f4f4}\n</style>\n</head>\n<body>\n");
		html.append("<h1>Reduce Night</h1>\n<p>").append(esc(Version.software())).append(": <code>").append(esc(r.plan.input()
			.getPath())).append("</code> into <code>").append(esc(layout.root().getPath())).append("</code>. ").append(esc(r.plan
				.toString())).append(". Reference epoch: ").append(r.referenceEpoch.isEmpty() ? "none" : esc(r.referenceEpoch))
			.append("; alignment and photometry reference: ").append(r.referenceFrame == null ? "none" : esc(r.referenceFrame.name))
			.append(".</p>\n");
		html.append("<p><b>").append(r.complete() ? "Every frame was processed." : (r.plan.skipped().size() + r.failed.size()) +
			" frames were skipped or failed (see below).").append("</b></p>\n");
	}

	private void frames() {
		html.append("<h2>Frames</h2>\n");
		table(r.frames(), "status");
	}

	private void notDone() {
		List<String> items = new ArrayList<>(r.plan.notes());
		items.addAll(r.notes);
		for (Map.Entry<String, String> e : r.stepFailures.entrySet()) items.add(e.getKey() + " failed: " + e.getValue());
		if (items.isEmpty()) return;
		html.append("<h2>Not done, and why</h2>\n<ul>\n");
		for (String s : items) html.append("<li>").append(esc(s)).append("</li>\n");
		html.append("</ul>\n");
	}

	/** Median, robust sigma, range and frames combined of every master; hot and dead pixels. */
	private void masters() throws IOException {
		File[] files = layout.masters().listFiles((d, n) -> n.startsWith("master_") && n.endsWith(".fits") || n.equals("bad_pixels.fits"));
		if (files == null || files.length == 0) return;
		Arrays.sort(files);
		Table t = new Table("masters", "file", "frames", "median", "robust_sigma", "min", "max", "note");
		for (File f : files) {
			AstroImage m = FitsReader.readImage(f.getPath());
			if (f.getName().equals("bad_pixels.fits")) {
				t.addRow(f.getName(), "", Double.NaN, Double.NaN, Double.NaN, Double.NaN, String.format(Locale.ROOT, "%s hot, %s dead pixels",
					header(m, "NHOT"), header(m, "NDEAD")));
				continue;
			}
			double[] s = stats(m.data());
			t.addRow(f.getName(), header(m, "NCOMBINE"), s[0], s[1], s[2], s[3], "");
		}
		html.append("<h2>Masters</h2>\n");
		table(t, null);
	}

	private static String header(AstroImage m, String key) {
		Double v = m.header().getDouble(key);
		return v == null ? "" : String.valueOf(v.longValue());
	}

	/** Median, 1.4826 MAD, min and max of the finite values. */
	static double[] stats(float[] v) {
		float[] a = new float[v.length];
		int n = 0;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float x : v) {
			if (Float.isNaN(x) || Float.isInfinite(x)) continue;
			a[n++] = x;
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		if (n == 0) return new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN };
		double median = Select.median(a, n);
		return new double[] { median, Medians.MAD_TO_SIGMA_ROUNDED * Select.mad(a, n, median, new float[n]), min, max };
	}

	/** The table of each science frame's measures, its CSV and one plot per measure. */
	private void perFrame() throws IOException {
		Table t = frameStats();
		if (t.rowCount() == 0) return;
		CsvTables.write(new File(layout.reportDir(), "frames.csv"), t, true);
		html.append("<h2>Each frame</h2>\n<p>FWHM: median of the unflagged stars Find Stars measured (px); background and rms: ")
			.append("the mesh's global values (ADU); cosmic rays: events found; aligned rms: of the star match (px); psf stars: the stars the PSF model was fitted to; ")
			.append("photometry: reference stars measured without flags. Also as <a href=\"report/frames.csv\">frames.csv</a>.</p>\n");
		table(t, null);
		String[][] plots = { { "fwhm", "FWHM (px)" }, { "background", "background (ADU)" }, { "stars", "stars" }, { "cosmic_rays",
			"cosmic-ray events" } };
		for (String[] p : plots) {
			Plot plot = new Plot(p[1] + " per frame", "frame", p[1]);
			for (String filter : r.plan.filters()) {
				List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
				for (int row = 0; row < t.rowCount(); row++) {
					if (!t.getString(row, "filter").equals(filter.isEmpty() ? "(none)" : filter)) continue;
					xs.add((double) row + 1);
					ys.add(t.getDouble(row, p[0]));
				}
				plot.add(filter.isEmpty() ? "(none)" : filter, unbox(xs), unbox(ys), Plot.Style.POINTS, colour(filter));
			}
			File png = new File(layout.reportDir(), p[0] + ".png");
			ChartPng.write(png, plot, W, H, true);
			html.append("<img src=\"report/").append(png.getName()).append("\" width=\"").append(W).append("\" height=\"").append(H)
				.append("\" alt=\"").append(esc(p[1])).append("\">\n");
		}
	}

	private Table frameStats() throws IOException {
		Table t = new Table("frames", "frame", "filter", "epoch", "fwhm", "background", "rms", "stars", "cosmic_rays", "aligned_rms",
			"psf_stars", "photometry");
		Table transforms = layout.transforms().isFile() ? CsvTables.read(layout.transforms()) : null;
		for (NightFrame f : r.plan.science()) {
			double fwhm = Double.NaN, stars = Double.NaN, back = Double.NaN, rms = Double.NaN, cr = Double.NaN, arms = Double.NaN,
				phot = Double.NaN, psfStars = Double.NaN;
			if (layout.stars(f).isFile()) {
				Table s = CsvTables.read(layout.stars(f));
				stars = s.rowCount();
				fwhm = medianFwhm(s);
			}
			if (layout.background(f).isFile()) {
				Table b = CsvTables.read(layout.background(f));
				if (b.rowCount() > 0 && b.hasColumn("global_back")) {
					back = b.getDouble(0, "global_back");
					rms = b.getDouble(0, "global_rms");
				}
			}
			if (layout.cosmics(f).isFile()) cr = CsvTables.read(layout.cosmics(f)).rowCount();
			if (transforms != null) {
				for (int i = 0; i < transforms.rowCount(); i++) {
					if (transforms.getString(i, "frame").startsWith(f.stem() + "_sky") && transforms.hasColumn("rms")) arms = transforms
						.getDouble(i, "rms");
				}
			}
			if (layout.psfStars(f).isFile()) {
				Table p = CsvTables.read(layout.psfStars(f));
				int used = 0;
				for (int i = 0; i < p.rowCount(); i++) if (p.getDouble(i, "rejected") == 0) used++;
				psfStars = used;
			}
			if (layout.photometry(f).isFile()) {
				Table p = CsvTables.read(layout.photometry(f));
				int ok = 0;
				for (int i = 0; i < p.rowCount(); i++) if (p.getDouble(i, "flags") == 0) ok++;
				phot = ok;
			}
			t.addRow(f.stem(), f.filterLabel(), f.epoch(), fwhm, back, rms, stars, cr, arms, psfStars, phot);
		}
		return t;
	}

	/**
	 * Per filter with two or more epochs: the reference stars whose flux changed between the first and
	 * the last epoch ({@link EpochVariability} on the frames' photometry), as {@code report/variables.csv}
	 * and a light-curve plot (with the points, {@code report/lightcurves_<filter>.csv}).
	 */
	private void variables() throws IOException {
		Table found = new Table("variables", "id", "x", "y", "filter", "ratio", "ratio_err", "delta_mag", "significance");
		List<String> filters = new ArrayList<>();
		StringBuilder pictures = new StringBuilder();
		for (String filter : r.plan.filters()) {
			List<NightFrame> frames = new ArrayList<>();
			for (NightFrame f : r.processed()) if (f.filter.equals(filter) && layout.photometry(f).isFile()) frames.add(f);
			frames.sort(java.util.Comparator.comparingDouble((NightFrame f) -> f.mjd).thenComparing(f -> f.name));
			List<String> epochs = new ArrayList<>();
			for (String e : r.plan.epochs()) for (NightFrame f : frames) if (f.epoch().equals(e) && !epochs.contains(e)) epochs.add(e);
			if (epochs.size() < 2) continue;
			filters.add(filter.isEmpty() ? "(none)" : filter);
			Table first = CsvTables.read(layout.photometry(frames.get(0)));
			Map<Long, Integer> index = new java.util.HashMap<>();
			for (int i = 0; i < first.rowCount(); i++) index.put((long) first.getDouble(i, "id"), i);
			int n = first.rowCount();
			double[][] flux = new double[frames.size()][n], err = new double[frames.size()][n];
			int[] epoch = new int[frames.size()];
			for (int f = 0; f < frames.size(); f++) {
				Arrays.fill(flux[f], Double.NaN);
				Arrays.fill(err[f], Double.NaN);
				epoch[f] = epochs.indexOf(frames.get(f).epoch());
				Table t = f == 0 ? first : CsvTables.read(layout.photometry(frames.get(f)));
				for (int row = 0; row < t.rowCount(); row++) {
					Integer i = index.get((long) t.getDouble(row, "id"));
					if (i == null || t.getDouble(row, "flags") != 0) continue;
					flux[f][i] = t.getDouble(row, "net_flux");
					err[f][i] = t.getDouble(row, "net_flux_err");
				}
			}
			// a neighbour's light in the aperture changes with the seeing: crowded stars would look variable
			// (they still help to scale the frames)
			double radius = ISOLATION_FWHM * referenceFwhm();
			List<EpochVariability.Star> vars = new ArrayList<>();
			for (EpochVariability.Star v : EpochVariability.of(flux, err, epoch).variables(MIN_SIGNIFICANCE, MIN_CHANGE)) {
				boolean isolated = true;
				for (int j = 0; j < n && isolated; j++) isolated = j == v.index || !(Math.hypot(first.getDouble(v.index, "x") - first
					.getDouble(j, "x"), first.getDouble(v.index, "y") - first.getDouble(j, "y")) < radius);
				if (isolated) vars.add(v);
			}
			if (vars.isEmpty()) continue;
			String safe = NightLayout.safe(filter.isEmpty() ? "nofilter" : filter);
			Table points = new Table("light curves", "id", "frame", "mjd", "flux", "flux_err", "relative");
			Plot plot = new Plot("Variable stars in " + (filter.isEmpty() ? "(no filter)" : filter), "days since " + frames.get(0).name,
				"flux / first epoch's");
			String[] colours = { "red", "blue", "green", "black", "magenta", "orange" };
			for (int k = 0; k < vars.size(); k++) {
				EpochVariability.Star v = vars.get(k);
				long id = (long) first.getDouble(v.index, "id");
				found.addRow(id, first.getDouble(v.index, "x"), first.getDouble(v.index, "y"), filter, v.ratio, v.ratioError, v.deltaMag(),
					v.significance());
				List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
				for (int f = 0; f < frames.size(); f++) {
					points.addRow(id, frames.get(f).stem(), frames.get(f).mjd, v.flux[f], v.fluxError[f], v.flux[f] / v.first);
					if (Double.isNaN(v.flux[f]) || k >= colours.length) continue;
					xs.add(frames.get(f).mjd - frames.get(0).mjd);
					ys.add(v.flux[f] / v.first);
				}
				if (k < colours.length) plot.add("star " + id, unbox(xs), unbox(ys), Plot.Style.POINTS, colours[k]);
			}
			CsvTables.write(new File(layout.reportDir(), "lightcurves_" + safe + ".csv"), points, true);
			File png = new File(layout.reportDir(), "lightcurves_" + safe + ".png");
			ChartPng.write(png, plot, W, H, true);
			pictures.append("<img src=\"report/").append(esc(png.getName())).append("\" width=\"").append(W).append("\" height=\"")
				.append(H).append("\" alt=\"light curves in ").append(esc(filter)).append("\">\n");
		}
		if (filters.isEmpty()) return;
		CsvTables.write(new File(layout.reportDir(), "variables.csv"), found, true);
		html.append("<h2>Variable stars</h2>\n<p>Isolated reference stars (no other within ").append(number(ISOLATION_FWHM)).append(
			" FWHM) whose flux changed between the first and the last epoch by at least ")
			.append(number(100 * MIN_CHANGE)).append(" % and ").append(number(MIN_SIGNIFICANCE)).append(
				" sigma, each frame put on the first frame's scale by the median flux ratio of all stars (")
			.append(esc(String.join(", ", filters))).append("; <a href=\"report/variables.csv\">variables.csv</a>, light curves in ")
			.append("<code>report/lightcurves_&lt;filter&gt;.csv</code>). ratio: last epoch / first; delta_mag: last - first.</p>\n");
		if (found.rowCount() == 0) html.append("<p>None.</p>\n");
		else table(found, null);
		html.append(pictures);
	}

	/** The candidates of each difference (subtraction/&lt;filter&gt;_&lt;epoch&gt;_candidates.csv): x, y, S_corr, flux. */
	private void transients() throws IOException {
		StringBuilder sec = new StringBuilder();
		for (String filter : r.plan.filters()) {
			for (String epoch : r.plan.epochs()) {
				File f = layout.candidates(filter, epoch);
				if (epoch.equals(r.referenceEpoch) || !f.isFile()) continue;
				Table t = CsvTables.read(f);
				Table shown = new Table("candidates", "x", "y", "s_corr", "flux", "flux_err");
				for (int i = 0; i < t.rowCount(); i++) shown.addRow(t.getDouble(i, "x"), t.getDouble(i, "y"), t.getDouble(i, "s_corr"), t
					.getDouble(i, "flux"), t.getDouble(i, "flux_err"));
				File diff = layout.difference(filter, epoch);
				sec.append("<h3>").append(esc(NightSteps.group(filter, epoch))).append(" minus ").append(esc(NightPipeline.shown(
					r.referenceEpoch))).append("</h3>\n<p>").append(t.rowCount()).append(" candidates (<a href=\"subtraction/").append(esc(f
						.getName()))
					.append("\">").append(esc(f.getName())).append("</a>; difference, S_corr and P_D in <code>subtraction/").append(esc(diff
						.getName())).append("</code>).</p>\n");
				if (shown.rowCount() > 0) table(shown, null, sec);
				cutouts(diff, sec);
			}
		}
		if (sec.length() == 0) return;
		html.append("<h2>Transient candidates</h2>\n<p>Image Subtraction (ZOGY) of each epoch's combined frame minus the reference epoch's ")
			.append("(same grid, no alignment): peaks of |S_corr| at or above the threshold; x, y FITS pixels, flux in the difference's ")
			.append("units (negative: fainter than in the reference).</p>\n").append(sec);
	}

	/**
	 * The candidates' cut-outs from the difference file's montage (its CUTOUTS extension, Image
	 * Subtraction's): per candidate R, N and D as PNG files in report/, in noise &sigma; units (as the
	 * montage holds them), one grey scale per candidate from -3 to the 99.5th percentile of its three
	 * panels (at least 5), so a candidate's R, N and D compare directly. NaN (beyond the image) is dark blue.
	 */
	private void cutouts(File diff, StringBuilder sec) throws IOException {
		if (!diff.isFile()) return;
		boolean has = false;
		for (FitsReader.HduInfo i : FitsReader.list(diff)) has |= CandidateMontage.EXTNAME.equals(i.extname);
		if (!has) return;
		AstroImage m = FitsReader.readImage(diff.getPath() + "[" + CandidateMontage.EXTNAME + "]");
		FitsHeader h = m.header();
		int size = (int) h.getDouble("CUTSIZE", 0), rows = (int) h.getDouble("CUTROWS", 0);
		if (size < 3 || rows < 1) return;
		String stem = diff.getName().replaceAll("(_diff)?\\.fits(\\.gz|\\.fz)?$", "");
		float[] all = m.data();
		sec.append("<p>Cut-outs of the ").append(rows).append(rows == 1 ? " strongest candidate" : " strongest candidates").append(
			": reference R, new N, difference D (each in its noise &sigma;, grey from -3&sigma; up).</p>\n<div>\n");
		for (int k = 0; k < rows; k++) {
			float[][] panels = new float[3][];
			float[] row = new float[3 * size * size];
			for (int i = 0; i < 3; i++) {
				panels[i] = CandidateMontage.panel(all, m.width(), size, k, i);
				System.arraycopy(panels[i], 0, row, i * size * size, size * size);
			}
			double lo = -3, hi = Math.max(5, Percentiles.of(row, 99.5)[0]);
			sec.append("<figure style=\"display:inline-block;margin:4px\">");
			for (int i = 0; i < 3; i++) {
				int[] rgb = new int[size * size];
				for (int q = 0; q < rgb.length; q++) {
					float v = panels[i][q];
					int g = (int) Math.round(255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo))));
					rgb[q] = Float.isFinite(v) ? g << 16 | g << 8 | g : 0x20204a;
				}
				String panel = CandidateMontage.PANELS.get(i);
				File png = new File(layout.reportDir(), "cut_" + stem + "_" + (k + 1) + "_" + panel + ".png");
				RgbFiles.write(png, true, rgb, size, size, null);
				sec.append("<img src=\"report/").append(esc(png.getName())).append("\" width=\"").append(3 * size).append("\" height=\"")
					.append(3 * size).append("\" style=\"image-rendering:pixelated;margin-right:2px\" alt=\"").append(panel).append(
						" of candidate ").append(k + 1).append("\">");
			}
			String label = h.getString("CUT" + (k + 1));
			sec.append("<figcaption>").append(esc(label == null ? "row " + (k + 1) : label)).append(
				"</figcaption></figure>\n");
		}
		sec.append("</div>\n");
	}

	/** The median FWHM of the reference frame's unflagged stars (px); NaN without one. */
	private double referenceFwhm() throws IOException {
		if (r.referenceFrame == null || !layout.stars(r.referenceFrame).isFile()) return Double.NaN;
		return medianFwhm(CsvTables.read(layout.stars(r.referenceFrame)));
	}

	private static double medianFwhm(Table s) {
		List<Double> w = new ArrayList<>();
		for (int i = 0; i < s.rowCount(); i++) if (s.getDouble(i, "flags") == 0 && s.getDouble(i, "fwhm") > 0) w.add(s.getDouble(i, "fwhm"));
		return w.isEmpty() ? Double.NaN : Medians.median(unbox(w));
	}

	/**
	 * Each frame's PSF over the field: the model's PSF at the centres of a 4x4 grid
	 * ({@link LauerPsf#montage}), square-root scaled to its peak so the wings show.
	 */
	private void psfs() throws IOException {
		List<NightFrame> with = new ArrayList<>();
		for (NightFrame f : r.plan.science()) if (layout.psf(f).isFile()) with.add(f);
		if (with.isEmpty()) return;
		html.append("<h2>PSF</h2>\n<p>Each frame's PSF model (Estimate PSF, Lauer 2002: <code>psf/&lt;frame&gt;_psf.fits</code>) at the ")
			.append("centres of a ").append(PSF_GRID).append("&times;").append(PSF_GRID).append(
				" grid over the field, laid out like the field; square-root scale, each montage to its own peak.</p>\n");
		for (NightFrame f : with) {
			LauerPsf model = LauerPsf.of(PsfModelFiles.read(layout.psf(f)));
			String caption = f.stem();
			ArrayImg<FloatType, FloatArray> m;
			try {
				m = model.montage(PSF_GRID);
			}
			catch (IllegalArgumentException e) {
				// a model of a few stars, extrapolated to the corners, can have no flux there: its centre only
				m = model.montage(1);
				caption += " (centre only: " + e.getMessage() + ")";
			}
			float[] v = m.update(null).getCurrentStorageArray();
			int w = (int) m.dimension(0), h = (int) m.dimension(1);
			double peak = 0;
			for (float x : v) peak = Math.max(peak, x);
			int[] rgb = new int[v.length];
			for (int i = 0; i < v.length; i++) {
				int g = peak > 0 && v[i] > 0 ? (int) Math.round(255 * Math.sqrt(Math.min(1, v[i] / peak))) : 0;
				rgb[i] = g << 16 | g << 8 | g;
			}
			File png = new File(layout.reportDir(), "psf_" + f.stem() + ".png");
			RgbFiles.write(png, true, rgb, w, h, null);
			html.append("<figure style=\"display:inline-block;margin:4px\"><img src=\"report/").append(esc(png.getName()))
				.append("\" width=\"").append(2 * w).append("\" height=\"").append(2 * h).append(
					"\" style=\"image-rendering:pixelated\" alt=\"PSF of ").append(esc(f.stem())).append("\"><figcaption>").append(esc(
					caption)).append("</figcaption></figure>\n");
		}
	}

	/** The colour-magnitude diagram from photometry/cmd.csv, and the composite. */
	private void colours() throws IOException {
		if (layout.cmd().isFile()) {
			Table t = CsvTables.read(layout.cmd());
			String colour = null;
			for (String c : t.columns()) if (colour == null && c.contains("-") && !c.endsWith("_err")) colour = c;
			if (colour != null) {
				String band = colour.substring(colour.indexOf('-') + 1);
				Plot p = new Plot("Colour-magnitude diagram, epoch " + NightPipeline.shown(r.cmdEpoch), colour, "mag_" + band);
				p.add("stars", t.column(colour), t.column("mag_" + band), Plot.Style.POINTS, "black").invertY();
				File png = new File(layout.reportDir(), "cmd.png");
				ChartPng.write(png, p, W, 420, true);
				html.append("<h2>Colour-magnitude diagram</h2>\n<p>").append(t.rowCount()).append(
					" reference stars measured on the combined frames (<a href=\"photometry/cmd.csv\">cmd.csv</a>).</p>\n<img src=\"report/cmd.png\" width=\"")
					.append(W).append("\" height=\"420\" alt=\"colour-magnitude diagram\">\n");
			}
		}
		if (layout.composite().isFile() && !r.rgb.isEmpty()) {
			html.append("<h2>Colour composite</h2>\n<p>").append(esc(NightSteps.and(r.rgb))).append(
				" as red, green and blue: the combined, calibrated, cleaned and aligned frames (Lupton asinh).</p>\n")
				.append("<img src=\"composite.png\" style=\"max-width:100%\" alt=\"colour composite\">\n");
		}
	}

	private static String colour(String filter) {
		double nm = org.astrofiji.core.composite.Filters.wavelength(filter);
		if (Double.isNaN(nm)) return "black";
		return nm < 420 ? "purple" : nm < 500 ? "blue" : nm < 600 ? "green" : nm < 700 ? "red" : "brown";
	}

	private static double[] unbox(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	/** A table as HTML; rows whose {@code statusColumn} is not "used" are marked. */
	private void table(Table t, String statusColumn) {
		table(t, statusColumn, html);
	}

	private static void table(Table t, String statusColumn, StringBuilder html) {
		html.append("<table>\n<tr>");
		for (String c : t.columns()) html.append("<th>").append(esc(c)).append("</th>");
		html.append("</tr>\n");
		for (int row = 0; row < t.rowCount(); row++) {
			String status = statusColumn == null ? "" : t.getString(row, statusColumn);
			html.append(status.isEmpty() || status.equals("used") ? "<tr>" : "<tr class=\"" + esc(status) + "\">");
			for (String c : t.columns()) {
				Object v = t.get(row, c);
				if (v instanceof Number) html.append("<td class=\"n\">").append(number(((Number) v).doubleValue())).append("</td>");
				else html.append("<td>").append(esc(v == null ? "" : v.toString())).append("</td>");
			}
			html.append("</tr>\n");
		}
		html.append("</table>\n");
	}

	static String number(double v) {
		if (Double.isNaN(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
		return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3g", v);
	}

	static String esc(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			switch (c) {
				case '<': sb.append("&lt;"); break;
				case '>': sb.append("&gt;"); break;
				case '&': sb.append("&amp;"); break;
				case '"': sb.append("&quot;"); break;
				default: sb.append(c);
			}
		}
		return sb.toString();
	}
}
