package org.astrofiji.core.background;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.stats.Medians;

/**
 * The spatially varying sky background and its noise, estimated on a mesh of boxes as SExtractor and
 * SEP ({@code sep.Background}) do it: the reusable sky and noise model of star detection, photometry,
 * PSF estimation and image subtraction.
 * <p>
 * <b>Algorithm</b> (SEP 1.2.1 = SExtractor; the arithmetic follows SEP's single/double precision
 * steps, so maps agree with sep's to float rounding):
 * <ol>
 * <li>The image is cut into boxes of {@code boxWidth x boxHeight} pixels starting at the first pixel
 * of the FITS array (bottom-left as displayed); the last column and row of boxes may be narrower.</li>
 * <li>Each box gets a sigma-clipped, histogram-based mode estimate and noise (see
 * {@link BoxEstimator}: 2.5&middot;median &minus; 1.5&middot;mean, or the median when the box is
 * crowded). NaN and masked pixels are skipped.</li>
 * <li>Boxes with fewer than half of their pixels valid (e.g. all NaN or masked) are <em>interpolated</em>:
 * they take the average of the nearest valid boxes (in box units; ties are averaged), as SExtractor
 * does. {@link #interpolatedBoxes()} counts them.</li>
 * <li>The mesh is median filtered over {@code filterWidth x filterHeight} boxes (the window shrinks
 * symmetrically at the mesh edges); a box is replaced by the median only when it differs from it by
 * at least {@code filterThreshold} (0: always). The noise mesh takes the median of its window at the
 * same boxes.</li>
 * <li>The global background and RMS are the medians of the filtered meshes (the RMS median over the
 * positive values when it is not positive).</li>
 * <li>Full-resolution maps come from SEP's bicubic spline: a spline through each column of box
 * centres, evaluated at the pixel row, then a spline along the row through those values (natural
 * boundaries, extrapolated beyond the outer box centres). As in SEP, the box centre of box i is at
 * x = (i + 1/2)&middot;boxWidth &minus; 1/2 along x but y = (j + 1/2)&middot;boxHeight along y (0-based
 * FITS array pixels), and with a single row of boxes the interpolation along x is linear.</li>
 * </ol>
 * <b>Orientation.</b> All arrays are in memory (ImageJ) orientation like the image they came from:
 * index {@code y * width + x} with y = 0 the top row, which is the last row of the FITS array. Box
 * row 0 of the mesh accessors is the bottom row of boxes (FITS rows 0 .. boxHeight-1).
 * <p>
 * <b>Use.</b> {@code MeshBackground b = MeshBackground.compute(img);} then {@link #globalBack()},
 * {@link #globalRms()}, {@link #back(int, int)} / {@link #rms(int, int)} per pixel, {@link #back()} /
 * {@link #rms()} as full maps (computed once, on first use, multi-threaded), {@link #backRows()} /
 * {@link #rmsRows()} (or {@link #backRow}) to stream bands of rows without full maps,
 * {@link #rmsSplines()} for the noise at single pixels or rows without its full map,
 * {@link #subtract(float[])}. The object is immutable once built and
 * safe to share between threads.
 */
public final class MeshBackground {

	/** Box and filter sizes, thresholds; SEP's defaults (64 x 64 boxes, 3 x 3 filter, threshold 0). */
	public static final class Settings {

		public int boxWidth = 64, boxHeight = 64;
		public int filterWidth = 3, filterHeight = 3;
		/** A box is median filtered only when it differs from the median by at least this much. */
		public double filterThreshold = 0;
		/** Pixels whose mask value is above this are excluded (SEP's maskthresh, inclusive limit). */
		public double maskThreshold = 0;

		public Settings box(int size) {
			return box(size, size);
		}

		public Settings box(int width, int height) {
			boxWidth = width;
			boxHeight = height;
			return this;
		}

		public Settings filter(int size) {
			return filter(size, size);
		}

		public Settings filter(int width, int height) {
			filterWidth = width;
			filterHeight = height;
			return this;
		}

		public Settings filterThreshold(double t) {
			filterThreshold = t;
			return this;
		}

		public Settings maskThreshold(double t) {
			maskThreshold = t;
			return this;
		}

		/**
		 * The one rule for a median filter over the mesh, whatever the key is called: an odd number of
		 * boxes, at least 1 (an even size would silently act as the next odd one: the window is centred).
		 */
		public static void checkFilter(String key, int size) {
			if (size < 1 || size % 2 == 0) throw new IllegalArgumentException(key + " must be an odd number of boxes >= 1 (got " +
				size + ")");
		}

		/** Fails with a message naming the setting ({@code box}, {@code filter}, ...). */
		public void validate(int width, int height) {
			if (boxWidth < 1 || boxHeight < 1) throw new IllegalArgumentException("box must be at least 1 pixel (got " +
				boxWidth + "x" + boxHeight + ")");
			if (boxWidth > width || boxHeight > height) throw new IllegalArgumentException("box (" + boxWidth + "x" +
				boxHeight + " px) is larger than the image (" + width + "x" + height + "); use a box of at most " +
				Math.min(width, height) + " px");
			checkFilter("filter", filterWidth);
			checkFilter("filter", filterHeight);
			if (Double.isNaN(filterThreshold) || filterThreshold < 0) throw new IllegalArgumentException(
				"filter_threshold must be 0 or more (got " + filterThreshold + ")");
		}

		@Override
		public String toString() {
			return "box " + boxWidth + "x" + boxHeight + ", filter " + filterWidth + "x" + filterHeight + ", threshold " +
				filterThreshold;
		}
	}

	private final int width, height, nx, ny, bw, bh;
	private final Settings settings;
	/** Filtered mesh (FITS order: index j * nx + i, j = 0 the bottom row of boxes). */
	private final float[] meshBack, meshSigma;
	/** SEP's spline coefficients along y of each mesh column. */
	private final float[] dBack, dSigma;
	private final boolean[] interpolated;
	private final int interpolatedCount;
	private final float globalBack, globalRms;
	private volatile float[] backMap, rmsMap;
	/** Interpolation weights along x and the first pixel of each node interval (see {@link #xWeights}). */
	private float[] wcdx, wcdx3, wdx, wdx3, xPivots;
	private int[] segStart;

	private MeshBackground(int width, int height, Settings s, float[] back, float[] sigma, boolean[] interpolated,
		float globalBack, float globalRms)
	{
		this.width = width;
		this.height = height;
		this.settings = s;
		this.bw = s.boxWidth;
		this.bh = s.boxHeight;
		this.nx = (width - 1) / bw + 1;
		this.ny = (height - 1) / bh + 1;
		this.meshBack = back;
		this.meshSigma = sigma;
		this.interpolated = interpolated;
		int n = 0;
		for (boolean b : interpolated) if (b) n++;
		this.interpolatedCount = n;
		this.globalBack = globalBack;
		this.globalRms = globalRms;
		this.dBack = columnSplines(back);
		this.dSigma = columnSplines(sigma);
		if (nx > 1) xWeights();
	}

	/** The background of an image with SEP's default settings. */
	public static MeshBackground compute(RandomAccessibleInterval<? extends RealType<?>> image) {
		return compute(image, null, new Settings(), Progress.NONE);
	}

	/**
	 * The background of a 2-D image.
	 *
	 * @param mask null, or an image of the same size: pixels whose mask value is above
	 *          {@link Settings#maskThreshold} (default 0, so any positive value) are not used
	 */
	public static MeshBackground compute(RandomAccessibleInterval<? extends RealType<?>> image,
		RandomAccessibleInterval<? extends RealType<?>> mask, Settings settings, Progress progress)
	{
		Images.requireDimensions("image", image, 2);
		float[] m = null;
		if (mask != null) {
			Images.requireDimensions("mask", mask, 2);
			Images.requireSameSize("image", image, "mask", mask);
			m = Images.floats(mask);
		}
		return compute(Images.floats(image), m, Images.width(image), Images.height(image), settings, progress);
	}

	/**
	 * The background of row-major pixels in memory orientation (see the class notes).
	 *
	 * @param mask null, or one value per pixel (excluded when above the mask threshold)
	 */
	public static MeshBackground compute(float[] data, float[] mask, int width, int height, Settings settings,
		Progress progress)
	{
		if (data.length != (long) width * height) throw new IllegalArgumentException("image: " + data.length +
			" pixels do not fit " + width + "x" + height);
		if (mask != null && mask.length != data.length) throw new IllegalArgumentException("mask: " + mask.length +
			" values for " + data.length + " pixels");
		Settings s = settings == null ? new Settings() : settings;
		s.validate(width, height);
		int bw = s.boxWidth, bh = s.boxHeight;
		int nx = (width - 1) / bw + 1, ny = (height - 1) / bh + 1;
		float[] back = new float[nx * ny], sigma = new float[nx * ny];
		int[] done = { 0 };
		Parallel.forRange(ny, 1, (from, to) -> {
			BoxEstimator est = new BoxEstimator(data, mask, s.maskThreshold, width, height);
			for (int j = from; j < to; j++) {
				int r0 = j * bh, r1 = Math.min(height, r0 + bh);
				for (int i = 0; i < nx; i++) {
					int c0 = i * bw, c1 = Math.min(width, c0 + bw);
					if (!est.exactly(r0, r1, c0, c1)) {
						if (mask == null && c0 + BoxEstimator.RUN * bw <= width) { // full boxes side by side
							est.estimateRow(r0, r1, c0, bw, back, sigma, j * nx + i);
							i += BoxEstimator.RUN - 1;
							continue;
						}
						est.sepPasses(r0, r1, c0, c1);
					}
					back[j * nx + i] = est.back;
					sigma[j * nx + i] = est.sigma;
				}
				synchronized (done) {
					progress.report("background mesh", (double) ++done[0] / ny);
				}
			}
		});
		boolean[] bad = new boolean[nx * ny];
		boolean anyGood = false;
		for (int k = 0; k < bad.length; k++) {
			bad[k] = back[k] <= BoxEstimator.BAD;
			anyGood |= !bad[k];
		}
		if (!anyGood) throw new IllegalArgumentException("image: no box of " + bw + "x" + bh +
			" px has at least half of its pixels valid (not NaN, not masked); nothing to estimate the background from");
		float[] global = filter(back, sigma, nx, ny, s);
		return new MeshBackground(width, height, s, back, sigma, bad, global[0], global[1]);
	}

	/**
	 * SExtractor's filterback: fills bad boxes from their nearest valid neighbours, median filters the
	 * mesh in place, and returns {global background, global rms}.
	 */
	private static float[] filter(float[] back, float[] sigma, int nx, int ny, Settings s) {
		int np = nx * ny;
		float[] back2 = back.clone();
		for (int py = 0, i = 0; py < ny; py++) {
			for (int px = 0; px < nx; px++, i++) {
				if (back[i] > BoxEstimator.BAD) continue;
				float d2min = 1e30f, val = 0, sval = 0;
				int nmin = 0;
				for (int y = 0, j = 0; y < ny; y++) {
					for (int x = 0; x < nx; x++, j++) {
						if (!(back[j] > BoxEstimator.BAD)) continue;
						float d2 = (float) (x - px) * (x - px) + (y - py) * (y - py);
						if (d2 < d2min) {
							val = back[j];
							sval = sigma[j];
							nmin = 1;
							d2min = d2;
						}
						else if (d2 == d2min) {
							val += back[j];
							sval += sigma[j];
							nmin++;
						}
					}
				}
				back2[i] = nmin > 0 ? val / nmin : 0f;
				sigma[i] = nmin > 0 ? sval / nmin : 1f;
			}
		}
		System.arraycopy(back2, 0, back, 0, np);
		float[] sigma2 = new float[np];
		int npx = s.filterWidth / 2, npy = s.filterHeight / 2;
		// the window shrinks to fit the mesh, so it never holds more than the mesh (a filter of 99999 is the whole mesh)
		float[] bwin = new float[(int) Math.min(2L * npx + 1, nx) * (int) Math.min(2L * npy + 1, ny)], swin = new float[bwin.length];
		for (int py = 0; py < ny; py++) {
			int npy2 = Math.min(Math.min(npy, ny - 1 - py), py);
			for (int px = 0; px < nx; px++) {
				int npx2 = Math.min(Math.min(npx, nx - 1 - px), px);
				int n = 0;
				for (int y = py - npy2; y <= py + npy2; y++) {
					for (int x = px - npx2; x <= px + npx2; x++) {
						bwin[n] = back[y * nx + x];
						swin[n++] = sigma[y * nx + x];
					}
				}
				int k = py * nx + px;
				float med = Medians.sortedMedian(bwin, n);
				if (Math.abs(med - back[k]) >= s.filterThreshold) {
					back2[k] = med;
					sigma2[k] = Medians.sortedMedian(swin, n);
				}
				else {
					back2[k] = back[k];
					sigma2[k] = sigma[k];
				}
			}
		}
		System.arraycopy(back2, 0, back, 0, np);
		System.arraycopy(sigma2, 0, sigma, 0, np);
		float gback = Medians.sortedMedian(back2, np);
		float grms = Medians.sortedMedian(sigma2, np); // sorts sigma2 in place
		if (grms <= 0) {
			int first = 0;
			while (first < np && !(sigma2[first] > 0)) first++;
			grms = first < np ? Medians.sortedMedian(Arrays.copyOfRange(sigma2, first, np), np - first) : 1f;
		}
		return new float[] { gback, grms };
	}

	/** SEP's makebackspline: spline coefficients along y for every mesh column. */
	private float[] columnSplines(float[] map) {
		float[] d = new float[map.length];
		if (ny < 2) return d;
		float[] u = new float[ny - 1];
		for (int x = 0; x < nx; x++) {
			d[x] = 0;
			u[0] = 0;
			for (int y = 1; y < ny - 1; y++) {
				float temp = -1 / (d[(y - 1) * nx + x] + 4);
				d[y * nx + x] = temp;
				temp *= u[y - 1] - 6 * (map[(y + 1) * nx + x] + map[(y - 1) * nx + x] - 2 * map[y * nx + x]);
				u[y] = temp;
			}
			d[(ny - 1) * nx + x] = 0;
			for (int y = ny - 2; y >= 1; y--) {
				d[y * nx + x] = (d[y * nx + x] * d[(y + 1) * nx + x] + u[y]) / 6f;
			}
		}
		return d;
	}

	/**
	 * SEP's bkg_line_flt_internal: the map along FITS-array row {@code y}, written to
	 * {@code line[off .. off + width)}; {@code node}/{@code dnode}/{@code u} are scratch of length nx.
	 */
	private void line(float[] values, float[] dvalues, int y, float[] line, int off, float[] node, float[] dnode, float[] u) {
		if (ny > 1) {
			rowSpline(values, dvalues, y, node, dnode, u);
			interpolate(node, dnode, line, off);
		}
		else interpolate(values, dvalues, line, off); // one row of boxes: the nodes themselves, with zero second derivatives (SEP)
	}

	/**
	 * The spline along FITS-array row y (ny > 1): its nodes and their second derivatives into
	 * {@code node}, {@code dnode}; {@code u} is scratch of length nx.
	 */
	private void rowSpline(float[] values, float[] dvalues, int y, float[] node, float[] dnode, float[] u) {
		nodes(values, dvalues, y, node);
		if (nx > 1) {
			dnode[0] = 0;
			u[0] = 0;
			float[] pivots = xPivots;
			for (int x = 1; x < nx - 1; x++) {
				float temp = pivots[x];
				dnode[x] = temp;
				temp *= u[x - 1] - 6 * (node[x + 1] + node[x - 1] - 2 * node[x]);
				u[x] = temp;
			}
			dnode[nx - 1] = 0;
			for (int x = nx - 2; x >= 1; x--) dnode[x] = (dnode[x] * dnode[x + 1] + u[x]) / 6f;
		}
	}

	/** The spline through each mesh column evaluated at FITS-array row y: the nodes of that row's spline along x. */
	private void nodes(float[] values, float[] dvalues, int y, float[] node) {
		float dy = (float) ((float) y / bh - 0.5);
		int yl = (int) dy;
		dy -= yl;
		if (yl >= ny - 1) {
			yl = ny - 2;
			dy = (float) (dy + 1.0);
		}
		float cdy = 1 - dy;
		float dy3 = dy * dy * dy - dy;
		float cdy3 = cdy * cdy * cdy - cdy;
		int lo = nx * yl, hi = lo + nx;
		for (int x = 0; x < nx; x++) {
			node[x] = cdy * values[lo + x] + dy * values[hi + x] + cdy3 * dvalues[lo + x] + dy3 * dvalues[hi + x];
		}
	}

	/** The spline along x through nodes nd (second derivatives dn) at every pixel of the row. */
	private void interpolate(float[] nd, float[] dn, float[] line, int off) {
		if (nx > 1) {
			// the weights along x are the same on every row (see xWeights): per spline interval, a
			// straight loop over its pixels with the same float operations as SEP's
			for (int k = 0; k < segStart.length - 1; k++) {
				float b0 = nd[k], d0 = dn[k], b1 = nd[k + 1], d1 = dn[k + 1];
				for (int p = segStart[k], end = segStart[k + 1]; p < end; p++) {
					line[off + p] = wcdx[p] * (b0 + wcdx3[p] * d0) + wdx[p] * (b1 + wdx3[p] * d1);
				}
			}
		}
		else Arrays.fill(line, off, off + width, nd[0]);
	}

	/**
	 * {@link #line} for FITS-array rows y and y + 1 at once (several rows of boxes and columns), each
	 * with the same float operations: the two splines' chains of dependent divisions overlap, and
	 * each pixel's weights are read once for both rows. Scratch: {node, dnode, u} of each row.
	 */
	private void twoLines(float[] values, float[] dvalues, int y, float[] out, int off0, int off1, float[][] scratch) {
		float[] n0 = scratch[0], d0 = scratch[1], u0 = scratch[2], n1 = scratch[3], d1 = scratch[4], u1 = scratch[5];
		nodes(values, dvalues, y, n0);
		nodes(values, dvalues, y + 1, n1);
		float[] pivots = xPivots;
		d0[0] = d1[0] = 0;
		u0[0] = u1[0] = 0;
		for (int x = 1; x < nx - 1; x++) {
			float p = pivots[x];
			d0[x] = p;
			d1[x] = p;
			u0[x] = p * (u0[x - 1] - 6 * (n0[x + 1] + n0[x - 1] - 2 * n0[x]));
			u1[x] = p * (u1[x - 1] - 6 * (n1[x + 1] + n1[x - 1] - 2 * n1[x]));
		}
		d0[nx - 1] = d1[nx - 1] = 0;
		for (int x = nx - 2; x >= 1; x--) {
			d0[x] = (d0[x] * d0[x + 1] + u0[x]) / 6f;
			d1[x] = (d1[x] * d1[x + 1] + u1[x]) / 6f;
		}
		for (int k = 0; k < segStart.length - 1; k++) {
			float a0 = n0[k], e0 = d0[k], a1 = n0[k + 1], e1 = d0[k + 1];
			float b0 = n1[k], f0 = d1[k], b1 = n1[k + 1], f1 = d1[k + 1];
			for (int p = segStart[k], end = segStart[k + 1]; p < end; p++) {
				float c = wcdx[p], c3 = wcdx3[p], w = wdx[p], w3 = wdx3[p];
				out[off0 + p] = c * (a0 + c3 * e0) + w * (a1 + w3 * e1);
				out[off1 + p] = c * (b0 + c3 * f0) + w * (b1 + w3 * f1);
			}
		}
	}

	/**
	 * SEP's walk along a row: dx starts at (1/bw - 1)/2 and grows by 1/bw per pixel in single
	 * precision, restarting at the node interval's changepoint; recorded once as per-pixel weights
	 * cdx, cdx^2 - 1, dx, dx^2 - 1 and the first pixel of each node interval.
	 */
	private void xWeights() {
		// SEP's spline along a row starts each step with -1 / (d[x - 1] + 4), where d[x - 1] is that
		// same value of the step before (d[0] = 0): the same floats on every row, computed once here
		xPivots = new float[nx];
		for (int x = 1; x < nx - 1; x++) xPivots[x] = -1 / (xPivots[x - 1] + 4);
		wcdx = new float[width];
		wcdx3 = new float[width];
		wdx = new float[width];
		wdx3 = new float[width];
		int[] start = new int[nx];
		int changepoint = bw / 2;
		float xstep = (float) (1.0 / bw);
		float dx = (xstep - 1) / 2;
		float dx0 = ((bw + 1) % 2) * xstep / 2;
		int lo = 0;
		for (int p = 0, i = 0, x = 0; p < width; p++, i++, dx += xstep) {
			if (i == changepoint && x > 0 && x < nx - 1) {
				lo++;
				start[lo] = p;
				dx = dx0;
			}
			float cdx = 1 - dx;
			wcdx[p] = cdx;
			wcdx3[p] = cdx * cdx - 1;
			wdx[p] = dx;
			wdx3[p] = dx * dx - 1;
			if (i == bw) {
				x++;
				i = 0;
			}
		}
		// intervals 0 .. lo are used; the last runs to the end of the row
		segStart = Arrays.copyOf(start, lo + 2);
		segStart[lo + 1] = width;
	}

	/**
	 * Memory rows [from, to) of the map into {@code out} from {@code offset}: FITS-array rows in pairs
	 * ({@link #twoLines}), the same values whatever the range (each row's float operations are its own).
	 */
	private void fill(float[] values, float[] dvalues, int from, int to, float[] out, int offset) {
		float[][] scratch = new float[6][nx];
		// memory row m is FITS row height - 1 - m, written at offset + (m - from) * width
		int y = height - to, end = height - from, top = offset + (height - 1 - from) * width;
		if (ny > 1 && nx > 1) {
			for (; y + 1 < end; y += 2) twoLines(values, dvalues, y, out, top - y * width, top - (y + 1) * width, scratch);
		}
		for (; y < end; y++) line(values, dvalues, y, out, top - y * width, scratch[0], scratch[1], scratch[2]);
	}

	/** A map's rows: copied from the full map once it is made, else computed band by band. */
	private final class MapRows implements RowSource {

		private final boolean back;

		MapRows(boolean back) {
			this.back = back;
		}

		@Override
		public int width() {
			return width;
		}

		@Override
		public int height() {
			return height;
		}

		@Override
		public String name() {
			return back ? "background" : "background rms";
		}

		@Override
		public void read(int from, int rows, float[] out, int offset) {
			int to = from + rows;
			if (from < 0 || to > height || from > to) throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + height);
			float[] full = back ? backMap : rmsMap;
			if (full != null) System.arraycopy(full, from * width, out, offset, (to - from) * width);
			else if (back) MeshBackground.this.fill(meshBack, dBack, from, to, out, offset);
			else MeshBackground.this.fill(meshSigma, dSigma, from, to, out, offset);
		}
	}

	// ------------------------------------------------------------------ the model

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public Settings settings() {
		return settings;
	}

	/** SEP's globalback: the median of the filtered background mesh. */
	public float globalBack() {
		return globalBack;
	}

	/** SEP's globalrms: the median of the filtered noise mesh. */
	public float globalRms() {
		return globalRms;
	}

	/**
	 * The full-resolution background map, row-major in memory orientation. Computed on first use and
	 * kept: the array is shared, do not modify it (copy it, or use {@link #subtract(float[])}).
	 */
	public float[] back() {
		float[] m = backMap;
		if (m == null) {
			synchronized (this) {
				if (backMap == null) backMap = RowSource.readAll(new MapRows(true));
				m = backMap;
			}
		}
		return m;
	}

	/** The full-resolution noise (RMS) map, like {@link #back()}. */
	public float[] rms() {
		float[] m = rmsMap;
		if (m == null) {
			synchronized (this) {
				if (rmsMap == null) rmsMap = RowSource.readAll(new MapRows(false));
				m = rmsMap;
			}
		}
		return m;
	}

	/** {@link #back()} as an imglib2 image (the same memory). */
	public ArrayImg<FloatType, FloatArray> backImage() {
		return Images.wrap(back(), width, height);
	}

	/** {@link #rms()} as an imglib2 image (the same memory). */
	public ArrayImg<FloatType, FloatArray> rmsImage() {
		return Images.wrap(rms(), width, height);
	}

	/** The background at memory pixel (x, y) (y = 0 the top row), read from the full map. */
	public float back(int x, int y) {
		return back()[y * width + x];
	}

	/** The noise at memory pixel (x, y), read from the full map. */
	public float rms(int x, int y) {
		return rms()[y * width + x];
	}

	/**
	 * The background map band by band (memory rows; the same values as {@link #back()}): computed per
	 * band while the full map is not made, so a writer or a subtraction needs no full-size array.
	 */
	public RowSource backRows() {
		return new MapRows(true);
	}

	/** The noise map band by band, like {@link #backRows()}. */
	public RowSource rmsRows() {
		return new MapRows(false);
	}

	/** One memory row of the background (y = 0 the top row) into {@code out}, without the full map. */
	public void backRow(int y, float[] out) {
		row(meshBack, dBack, y, out);
	}

	/** One memory row of the noise map into {@code out}, without the full map. */
	public void rmsRow(int y, float[] out) {
		row(meshSigma, dSigma, y, out);
	}

	/**
	 * The noise map at single pixels and whole rows without the full map: each row's spline along x,
	 * made once (2 x nx floats per row: 2 MB for 4096^2 in 64 px boxes, against 64 MB for the map).
	 */
	public RowSplines rmsSplines() {
		return new RowSplines(meshSigma, dSigma);
	}

	/**
	 * A map's spline along every row ({@link #rmsSplines()}), evaluated on demand with the same float
	 * operations as the full map, so {@link #at} and {@link #row} give exactly its values. Immutable
	 * once made; safe to share between threads.
	 */
	public final class RowSplines {

		/** Nodes and second derivatives of each memory row's spline (the same arrays for one row of boxes). */
		private final float[][] node, dnode;
		/** The node interval of each column (nx > 1). */
		private final int[] interval;

		private RowSplines(float[] values, float[] dvalues) {
			node = new float[height][];
			dnode = new float[height][];
			if (ny > 1) {
				Parallel.forRange(height, 64, (m0, m1) -> {
					float[] u = new float[nx];
					for (int m = m0; m < m1; m++) {
						float[] nd = new float[nx], dn = new float[nx];
						rowSpline(values, dvalues, height - 1 - m, nd, dn, u);
						node[m] = nd;
						dnode[m] = dn;
					}
				});
			}
			else {
				Arrays.fill(node, values);
				Arrays.fill(dnode, dvalues);
			}
			interval = new int[nx > 1 ? width : 0];
			if (nx > 1) for (int k = 0; k < segStart.length - 1; k++) Arrays.fill(interval, segStart[k], segStart[k + 1], k);
		}

		/** The map at memory pixel (x, y) (y = 0 the top row). */
		public float at(int x, int y) {
			float[] nd = node[y], dn = dnode[y];
			if (nx == 1) return nd[0];
			int k = interval[x];
			// interpolate's expression, term for term
			return wcdx[x] * (nd[k] + wcdx3[x] * dn[k]) + wdx[x] * (nd[k + 1] + wdx3[x] * dn[k + 1]);
		}

		/** Memory row y of the map into {@code out[off .. off + width)}. */
		public void row(int y, float[] out, int off) {
			interpolate(node[y], dnode[y], out, off);
		}
	}

	private void row(float[] values, float[] dvalues, int y, float[] out) {
		if (y < 0 || y >= height) throw new IndexOutOfBoundsException("row " + y + " of " + height);
		if (out.length < width) throw new IllegalArgumentException("row buffer of " + out.length + " for width " + width);
		line(values, dvalues, height - 1 - y, out, 0, new float[nx], new float[nx], new float[nx]);
	}

	/** A new array: {@code data - back}, same layout (NaN stays NaN). */
	public float[] subtract(float[] data) {
		if (data.length != width * height) throw new IllegalArgumentException("image of " + data.length +
			" pixels, background of " + width + "x" + height);
		return BackgroundModel.difference(data, back());
	}


	// ------------------------------------------------------------------ the mesh

	/** Number of box columns. */
	public int meshColumns() {
		return nx;
	}

	/** Number of box rows. */
	public int meshRows() {
		return ny;
	}

	/** The filtered background of box (i, j); j = 0 is the bottom row of boxes (FITS rows 0 .. box-1). */
	public float meshBack(int i, int j) {
		return meshBack[j * nx + i];
	}

	/** The filtered noise of box (i, j). */
	public float meshRms(int i, int j) {
		return meshSigma[j * nx + i];
	}

	/** True when box (i, j) had too few valid pixels and was filled from its nearest valid boxes. */
	public boolean isInterpolated(int i, int j) {
		return interpolated[j * nx + i];
	}

	/** How many boxes had too few valid pixels (under half) and were filled from their neighbours. */
	public int interpolatedBoxes() {
		return interpolatedCount;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "mesh background %dx%d (%s): %dx%d boxes, %d interpolated, " +
			"global back %.6g, global rms %.6g", width, height, settings, nx, ny, interpolatedCount, globalBack, globalRms);
	}
}
