package org.astrofiji.core.background;

import java.util.Locale;

import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.RowSource;

/**
 * The background models behind one call: SExtractor's mesh ({@link MeshBackground}), a polynomial per
 * column or per row over background lines ({@link PolynomialBackground}), or a 2-D polynomial surface
 * ({@link PolynomialSurface}). What Fit Background and the night pipeline run.
 */
public final class BackgroundModel {

	public enum Kind {
		MESH, COLUMNS, ROWS, SURFACE;

		public static Kind of(String name) {
			for (Kind k : values()) if (k.name().equalsIgnoreCase(name == null ? "" : name.trim())) return k;
			throw new IllegalArgumentException("model must be mesh, columns, rows or surface (got '" + name + "')");
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** What to fit; validated by {@link #fit}. */
	public static final class Settings {

		public Kind kind = Kind.MESH;
		/** Background rows (columns model) or columns (rows model), 0-based FITS array indices; empty: all. */
		public String ranges = "";
		/** Polynomial order (columns, rows, surface). */
		public int order = 2;
		/** Mesh box size and median filter size in boxes. */
		public int box = 64, filter = 3;
		/** Median-filter a box only when it differs from the median by at least this (mesh). */
		public double filterThreshold;
		/** Clip samples beyond this many rms residuals and refit (polynomials; 0: plain least squares). */
		public double sigmaClip;
	}

	/**
	 * The fitted background, its rms map (mesh only), the model's table and what was done. The maps are
	 * row bands: the mesh's are computed band by band (its spline) until someone makes the full map.
	 */
	public static final class Result {

		public final RowSource back;
		/** The mesh's rms map, or null. */
		public final RowSource rms;
		public final Table table;
		public final String description;
		/** The mesh's global background and rms (NaN for the polynomial models). */
		public final double globalBack, globalRms;

		Result(RowSource back, RowSource rms, Table table, String description, double globalBack, double globalRms) {
			this.back = back;
			this.rms = rms;
			this.table = table;
			this.description = description;
			this.globalBack = globalBack;
			this.globalRms = globalRms;
		}

		/** {@code data - back}, a new array (NaN stays NaN), made on all threads. */
		public float[] subtract(float[] data) {
			return RowSource.readAll(subtracted(data));
		}

		/**
		 * {@code data - back} band by band (the same values as {@link #subtract}), each band when it is
		 * asked for: no full-size array for the background nor for the difference (a 4096^2 frame's new
		 * 64 MB array costs a fresh JVM ~47 ms of page faults). {@code data} must not change meanwhile.
		 */
		public RowSource subtracted(float[] data) {
			return new Difference(data, back);
		}
	}

	/** {@code data - model}, a band of rows at a time. */
	private static final class Difference implements RowSource {

		private final float[] data;
		private final RowSource model;

		Difference(float[] data, RowSource model) {
			if (data.length != (long) model.width() * model.height()) throw new IllegalArgumentException("image of " +
				data.length + " pixels, background of " + model.width() + "x" + model.height());
			this.data = data;
			this.model = model;
		}

		@Override
		public int width() {
			return model.width();
		}

		@Override
		public int height() {
			return model.height();
		}

		@Override
		public String name() {
			return "data - " + model.name();
		}

		@Override
		public void read(int row, int rows, float[] out, int offset) throws Exception {
			model.read(row, rows, out, offset);
			difference(data, row * width(), out, offset, out, offset, rows * width()); // in place: the model's rows become the difference
		}
	}

	private BackgroundModel() {}

	/**
	 * {@code data - model}, a new array: every model's subtraction, on all threads. (On a 4096^2 frame in
	 * a fresh JVM most of its time is the new array's first touch, ~47 ms of page faults, not the loop.)
	 */
	static float[] difference(float[] data, float[] model) {
		checkSize(data, model);
		float[] out = new float[data.length];
		Parallel.forRange(data.length, 1 << 16, (from, to) -> difference(data, from, model, from, out, from, to - from));
		return out;
	}

	private static void checkSize(float[] data, float[] model) {
		if (data.length != model.length) throw new IllegalArgumentException("image of " + data.length +
			" pixels, background of " + model.length);
	}

	/** The one {@code data - model} loop: {@code n} values from each offset ({@code out} may be {@code model}, at its offset). */
	private static void difference(float[] data, int d, float[] model, int m, float[] out, int o, int n) {
		for (int k = 0; k < n; k++) out[o + k] = data[d + k] - model[m + k];
	}

	/**
	 * Fits the model to row-major pixels in memory orientation; {@code mask} (may be null) is non-zero
	 * where a pixel must not be used.
	 */
	public static Result fit(float[] data, float[] mask, int w, int h, Settings s, Progress progress) {
		switch (s.kind) {
			case MESH: {
				MeshBackground b = MeshBackground.compute(data, mask, w, h,
					new MeshBackground.Settings().box(s.box).filter(s.filter).filterThreshold(s.filterThreshold), progress);
				Table t = new Table("Background", "global_back", "global_rms", "boxes_x", "boxes_y", "interpolated_boxes");
				t.addRow((double) b.globalBack(), (double) b.globalRms(), (double) b.meshColumns(), (double) b.meshRows(),
					(double) b.interpolatedBoxes());
				String what = String.format(Locale.ROOT, "mesh of %dx%d boxes of %d px, filter %d: global background %.6g, rms %.6g%s",
					b.meshColumns(), b.meshRows(), s.box, s.filter, b.globalBack(), b.globalRms(), b.interpolatedBoxes() == 0 ? ""
						: "; " + b.interpolatedBoxes() + " boxes with under half their pixels valid were interpolated from their neighbours");
				return new Result(b.backRows(), b.rmsRows(), t, what, b.globalBack(), b.globalRms());
			}
			case COLUMNS:
			case ROWS: {
				PolynomialBackground.Settings ps = new PolynomialBackground.Settings();
				boolean columns = s.kind == Kind.COLUMNS;
				ps.axis = columns ? PolynomialBackground.Axis.COLUMNS : PolynomialBackground.Axis.ROWS;
				ps.samples = IndexRanges.parse("ranges", s.ranges, columns ? h : w, columns ? "row" : "column");
				ps.order = s.order;
				ps.sigmaClip = s.sigmaClip;
				PolynomialBackground.Result r = PolynomialBackground.fit(data, mask, w, h, ps, progress);
				String what = String.format(Locale.ROOT, "order-%d polynomial along each %s over %s %s: %d lines fitted%s%s%s",
					s.order, columns ? "column" : "row", columns ? "rows" : "columns", IndexRanges.format(r.samples),
					r.lines() - r.unfitted(), r.unfitted() == 0 ? "" : ", " + r.unfitted() + " left without a model (too few valid samples)",
					r.totalSkipped() == 0 ? "" : ", " + r.totalSkipped() + " NaN or masked samples skipped",
					r.totalClipped() == 0 ? "" : ", " + r.totalClipped() + " samples clipped");
				return new Result(RowSource.of("background", r.model, w, h), null, r.table(), what, Double.NaN, Double.NaN);
			}
			default: {
				PolynomialSurface.Settings ps = new PolynomialSurface.Settings();
				ps.order = s.order;
				ps.sigmaClip = s.sigmaClip;
				PolynomialSurface.Result r = PolynomialSurface.fit(data, mask, w, h, ps, progress);
				String what = String.format(Locale.ROOT,
					"order-%d surface from %d pixels (%d clipped, %d NaN or masked skipped, %d fits): rms residual %.6g",
					s.order, r.used, r.clipped, r.skipped, r.iterations, r.rms);
				return new Result(RowSource.of("background", r.model, w, h), null, r.table(), what, Double.NaN, Double.NaN);
			}
		}
	}
}
