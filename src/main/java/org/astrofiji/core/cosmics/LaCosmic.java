package org.astrofiji.core.cosmics;

import java.util.Locale;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.psf.Convolution;
import org.astrofiji.core.stats.MedianFilter;
import org.astrofiji.core.stats.MedianFilter.Border;
import org.astrofiji.core.stats.Medians;

/**
 * L.A.Cosmic (van Dokkum 2001, PASP 113, 1420) as astroscrappy 1.1 implements it, with its
 * parameters, defaults and single-precision arithmetic, so that the masks agree pixel for pixel.
 * <p>
 * In electrons (image x gain): saturated stars are masked first (pixels at or above {@code satLevel}
 * whose 7x7 separable median exceeds a tenth of it, grown by two 5x5 dilations, plus the given bad
 * pixels grown by one). Then, {@code iterations} times: the Laplacian of the image subsampled 2x2,
 * clipped at zero and rebinned (L+), is divided by twice the noise (square root of the median-filtered
 * variance: image + readnoise^2, or the given variance; plus the given background), and its own
 * median-filtered version is subtracted (S'). Candidates have S' > sigclip and a contrast S' / F >
 * objlim against the fine-structure image F (median 3 minus median 7 of it, or the PSF-convolved
 * image for {@code fsmode} convolve, divided by the noise). Candidates are grown twice by 3x3:
 * first keeping neighbours with S' > sigclip, then with S' > sigfrac x sigclip. Flagged pixels are
 * replaced ({@link CleanType}) before the next iteration; the search stops early when an iteration
 * flags nothing. The separable medians ({@code sepmed}, default) are 7/5/9 wide; without it the full
 * 5/3/7 medians; by default both copy the input in the border band, as astroscrappy does
 * ({@link Settings#border} can pad instead).
 * <p>
 * NaN pixels are treated as bad pixels (never flagged, not used for cleaning) and stay NaN.
 * Differences from astroscrappy: {@link CleanType#MEDIAN} is the plain 5x5 median of the image
 * before cleaning (astroscrappy 1.1's unmasked median cleaning reads uninitialized memory).
 */
public final class LaCosmic {

	/** How flagged pixels are replaced between iterations and in the result (5x5 neighbourhood). */
	public enum CleanType {
		/** Mean of the neighbours that are neither flagged nor bad. */
		MEANMASK,
		/** Median (lower middle value) of the neighbours that are neither flagged nor bad. */
		MEDMASK,
		/** Median of all 25 values. */
		MEDIAN,
		/** Inverse-distance weighted mean of the good neighbours. */
		IDW;

		public static CleanType of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException | NullPointerException e) {
				throw new IllegalArgumentException("cleantype must be meanmask, medmask, median or idw (got '" + name + "')");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** How the fine-structure image is built. */
	public enum FineStructure {
		/** median3 - median7 (separable 5 and 9 with sepmed), van Dokkum's recipe. */
		MEDIAN,
		/** The image convolved with a PSF kernel, minus its median. */
		CONVOLVE;

		public static FineStructure of(String name) {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException | NullPointerException e) {
				throw new IllegalArgumentException("fsmode must be median or convolve (got '" + name + "')");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** Parameters with astroscrappy's defaults; the names in messages are the command's keys. */
	public static final class Settings {

		/** e-/ADU. */
		public double gain = 1.0;
		/** e-. */
		public double readNoise = 6.5;
		public double sigClip = 4.5, sigFrac = 0.3, objLim = 5.0;
		/** Saturation level, electrons. */
		public double satLevel = 65536.0;
		public int iterations = 4;
		public boolean sepMed = true;
		public CleanType cleanType = CleanType.MEANMASK;
		public FineStructure fineStructure = FineStructure.MEDIAN;
		public PsfKernel.Model psfModel = PsfKernel.Model.GAUSS;
		public double psfFwhm = 2.5, psfBeta = 4.765;
		public int psfSize = 7;
		/**
		 * Edges: {@link Border#COPY} is astroscrappy's (the Laplacian treats pixels beyond the edge as
		 * zero, median filters keep their input within half their size of the edge, the two-pixel border
		 * is not cleaned; stars within 4 pixels of the edge can look like cosmic rays).
		 * {@link Border#REFLECT} mirrors the image for the Laplacian and the medians, and cleans up to the
		 * edge.
		 */
		public Border border = Border.COPY;
		/** Background (sky) model in image units, same size, in-memory orientation; null for none. */
		public float[] background;
		/** Variance in image units squared, same size, in-memory orientation; null to use the noise model. */
		public float[] variance;
		/** Bad pixels (non-zero), never flagged; same size, in-memory orientation; null for none. */
		public byte[] badPixels;

		void validate(int w, int h) {
			positive("gain", gain, "e-/ADU");
			if (!(readNoise >= 0) || Double.isInfinite(readNoise)) throw new IllegalArgumentException("readnoise must be >= 0 e- " +
				"(got " + readNoise + ")");
			positive("sigclip", sigClip, "");
			positive("sigfrac", sigFrac, "");
			positive("objlim", objLim, "");
			if (!(satLevel > 0)) throw new IllegalArgumentException("satlevel must be > 0 e- (got " + satLevel + ")");
			if (iterations < 1) throw new IllegalArgumentException("niter must be at least 1 (got " + iterations + ")");
			if (cleanType == null || fineStructure == null || psfModel == null) throw new IllegalArgumentException(
				"cleantype, fsmode and psfmodel must be set");
			if (border != Border.COPY && border != Border.REFLECT) throw new IllegalArgumentException("border must be copy " +
				"(astroscrappy) or reflect for lacosmic (got " + border + ")");
			if (fineStructure == FineStructure.CONVOLVE) PsfKernel.make(psfModel, psfFwhm, psfSize, psfBeta);
			sameSize("bkg", background, w, h);
			sameSize("var", variance, w, h);
			if (badPixels != null && badPixels.length != (long) w * h) throw new IllegalArgumentException("bad-pixel mask " +
				"must have the image's size " + w + "x" + h);
		}

		private static void positive(String key, double v, String unit) {
			if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(key + " must be > 0" +
				(unit.isEmpty() ? "" : " " + unit) + " (got " + v + ")");
		}

		private static void sameSize(String key, float[] a, int w, int h) {
			if (a != null && a.length != (long) w * h) throw new IllegalArgumentException(key + " must have the image's size " +
				w + "x" + h + " (it has " + a.length + " pixels)");
		}
	}

	private static final int MIN_ROWS = 16;

	private final int nx, ny, n;
	private final Settings s;
	/** The median filter's key plane; null (each median allocates its own) once the search is done. */
	private MedianFilter.Workspace workspace = new MedianFilter.Workspace();
	private byte[] rowOr;

	private LaCosmic(int nx, int ny, Settings s) {
		this.nx = nx;
		this.ny = ny;
		this.n = nx * ny;
		this.s = s;
	}

	/** Runs L.A.Cosmic on a w x h image (in-memory orientation, not modified). */
	public static CosmicRayMask run(float[] image, int w, int h, Settings s, Progress progress) {
		if (image.length != (long) w * h) throw new IllegalArgumentException("image: pixel array does not fit " + w + "x" + h);
		s.validate(w, h);
		return new LaCosmic(w, h, s).detect(image, progress);
	}

	/**
	 * The work, on arrays in the FITS array's row order (numpy's), so that every floating-point
	 * operation happens in astroscrappy's order. Memory: the planes of the search live in
	 * {@link #search} alone, so that they are garbage before the result is made; the image in electrons
	 * is built straight from the input and becomes the cleaned output in place.
	 */
	private CosmicRayMask detect(float[] memoryImage, Progress progress) {
		float gain = (float) s.gain;
		byte[] mask = new byte[n];
		if (s.badPixels != null) {
			byte[] bad = s.badPixels;
			for (int y = 0; y < ny; y++) {
				for (int x = 0, p = y * nx, q = (ny - 1 - y) * nx; x < nx; x++) mask[q + x] = bad[p + x] != 0 ? (byte) 1 : 0;
			}
		}
		// NaN is no data: a bad pixel, given a harmless value so that no median sees it
		int nanCount = 0;
		float[] clean = new float[n];
		float fill = hasNaN(memoryImage) ? nanFill(memoryImage) : 0;
		for (int y = 0; y < ny; y++) {
			for (int x = 0, p = y * nx, q = (ny - 1 - y) * nx; x < nx; x++) {
				float v = memoryImage[p + x];
				if (v != v) {
					v = fill;
					mask[q + x] = 1;
					nanCount++;
				}
				clean[q + x] = v * gain;
			}
		}
		float[] bkg = null;
		if (s.background != null) {
			bkg = flip(s.background);
			float bfill = hasNaN(bkg) ? nanFill(bkg) : 0;
			for (int i = 0; i < n; i++) bkg[i] = (bkg[i] != bkg[i] ? bfill : bkg[i]) * gain;
		}
		byte[] crmask = new byte[n];
		int[] runs = search(clean, bkg, mask, crmask, progress);
		int iterationsRun = runs[0], repeatsSkipped = runs[1];
		// the median filter's and the dilation's buffers (a 4-byte and a 1-byte plane) are no longer needed
		workspace = null;
		rowOr = null;
		if (bkg != null) for (int i = 0; i < n; i++) clean[i] += bkg[i];
		for (int i = 0; i < n; i++) clean[i] /= gain;
		float[] cleanedMemory = flipInPlace(clean);
		byte[] maskMemory = flipInPlace(crmask);
		for (int i = 0; i < n; i++) {
			if (memoryImage[i] != memoryImage[i]) cleanedMemory[i] = Float.NaN;
			maskMemory[i] = maskMemory[i] != 0 ? (byte) 255 : 0;
		}
		String iterations = repeatsSkipped > 0 ? String.format(Locale.ROOT, "; iteration %d added nothing, the other %d would " +
			"repeat it", iterationsRun, repeatsSkipped) : iterationsRun < s.iterations ? String.format(Locale.ROOT,
				"; iteration %d found nothing", iterationsRun) : "";
		String summary = String.format(Locale.ROOT, "L.A.Cosmic: gain %s e-/ADU, readnoise %s e-, sigclip %s, sigfrac %s, " +
			"objlim %s, satlevel %s e-, niter %d%s, %s (%s borders), cleantype %s, fsmode %s%s", num(s.gain), num(s.readNoise),
			num(s.sigClip), num(s.sigFrac), num(s.objLim), num(s.satLevel), s.iterations, iterations,
			s.sepMed ? "separable medians" : "full medians", s.border, s.cleanType, s.fineStructure, nanCount > 0 ? "; " + nanCount +
				" NaN pixels skipped" : "");
		progress.report("L.A.Cosmic: done", 1);
		return new CosmicRayMask(nx, ny, memoryImage, cleanedMemory, maskMemory, summary);
	}

	/**
	 * The saturated-star mask and the iterations: flags cosmic rays in {@code crmask} and cleans
	 * {@code clean} (electrons, background subtracted on return when given) in place. Returns the
	 * iterations run and those skipped as repeats.
	 * <p>
	 * Four float planes besides {@code clean}: the variance and three working planes, which hold
	 * several quantities in turn (same values, same operations as separate arrays, since the one
	 * before is dead, or read only at the same pixel, when the next is written): the median of the
	 * variance, then the noise, then the median of L+, then S'; the median of the fine structure,
	 * then F; the first median of the fine structure (dead once F is made), then L+. Before the loop,
	 * they are the scratch of the fallback medians and of the saturated-star median.
	 */
	private int[] search(float[] clean, float[] bkg, byte[] mask, byte[] crmask, Progress progress) {
		float gain = (float) s.gain, rn = (float) s.readNoise, rn2 = rn * rn;
		float sat = (float) s.satLevel, sigclip = (float) s.sigClip, objlim = (float) s.objLim;
		float sigcliplow = (float) s.sigFrac * sigclip;
		float[] var = new float[n];
		if (s.variance != null) {
			float[] v = s.variance;
			float vfill = hasNaN(v) ? nanFill(v) : 0, gg = gain * gain;
			for (int y = 0; y < ny; y++) {
				for (int x = 0, p = y * nx, q = (ny - 1 - y) * nx; x < nx; x++) {
					float vx = (v[p + x] != v[p + x] ? vfill : v[p + x]) * gg;
					var[q + x] = bkg != null ? vx - bkg[q + x] : vx;
				}
			}
		}
		else if (bkg != null) for (int i = 0; i < n; i++) var[i] = clean[i] - bkg[i] + rn2;
		else for (int i = 0; i < n; i++) var[i] = clean[i] + rn2;

		float[] noise = new float[n], f = new float[n], work = new float[n];
		progress.report("L.A.Cosmic: saturated stars", 0.02);
		maskSaturated(clean, mask, sat, noise);
		if (bkg != null) for (int i = 0; i < n; i++) clean[i] -= bkg[i];

		float backgroundLevel = goodMedian(clean, mask, work), backgroundVarLevel = goodMedian(var, mask, noise);
		float[] psf = s.fineStructure == FineStructure.CONVOLVE ? PsfKernel.make(s.psfModel, s.psfFwhm, s.psfSize, s.psfBeta) : null;

		byte[] cosmics = new byte[n], grown = new byte[n];
		int iterationsRun = 0, repeatsSkipped = 0;
		for (int it = 0; it < s.iterations; it++) {
			double p0 = 0.05 + 0.9 * it / s.iterations, dp = 0.9 / s.iterations;
			progress.report("L.A.Cosmic: iteration " + (it + 1) + " of " + s.iterations, p0);
			iterationsRun++;
			median(var, s.sepMed ? 7 : 5, noise);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) {
					float m = noise[i];
					if (bkg != null) m += bkg[i];
					if (m < 0.00001f) m = 0.00001f;
					noise[i] = (float) Math.sqrt(m);
				}
			});
			// F before L+ (astroscrappy makes L+ first; neither reads the other), so that L+ divided by
			// the noise is the noise's last use and S' can take its plane
			float[] fine;
			// astroscrappy's float sums, not the double/FFT Convolution.convolve: the masks compare to a threshold
			if (psf != null) fine = Convolution.directSinglePrecision(clean, nx, ny, psf, s.psfSize, s.psfSize);
			else fine = median(clean, s.sepMed ? 5 : 3, work);
			median(fine, s.sepMed ? 9 : 7, f);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) {
					float v = (fine[i] - f[i]) / noise[i];
					f[i] = v < 0.01f ? 0.01f : v;
				}
			});
			progress.report("L.A.Cosmic: iteration " + (it + 1) + " of " + s.iterations, p0 + 0.3 * dp);
			float[] lplus = work, sp = noise;
			if (s.border == Border.COPY) laplacianPlus(clean, lplus);
			else reflectedLaplacianPlus(clean, lplus);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) lplus[i] = lplus[i] / (2.0f * noise[i]);
			});
			progress.report("L.A.Cosmic: iteration " + (it + 1) + " of " + s.iterations, p0 + 0.5 * dp);
			median(lplus, s.sepMed ? 7 : 5, sp);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) sp[i] = lplus[i] - sp[i];
			});
			progress.report("L.A.Cosmic: iteration " + (it + 1) + " of " + s.iterations, p0 + 0.8 * dp);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) cosmics[i] = sp[i] > sigclip && mask[i] == 0 && sp[i] / f[i] > objlim ? (byte) 1 : 0;
			});
			dilate3(cosmics, grown);
			Parallel.forRange(n, 1 << 14, (a, b) -> {
				for (int i = a; i < b; i++) grown[i] = grown[i] != 0 && mask[i] == 0 && sp[i] > sigclip ? (byte) 1 : 0;
			});
			// the second growth into the first candidates' plane, no longer needed
			byte[] grown2 = cosmics;
			dilate3(grown, grown2);
			int found = 0, added = 0;
			for (int i = 0; i < n; i++) {
				if (grown2[i] != 0 && mask[i] == 0 && sp[i] > sigcliplow) {
					found++;
					if (crmask[i] == 0) {
						added++;
						crmask[i] = 1;
					}
				}
			}
			if (found == 0) break;
			// Nothing new: cleaning the same pixels again from the same neighbours gives the same image,
			// so every further iteration would find exactly this again (not so for the plain median,
			// which reads cleaned pixels).
			if (added == 0 && s.cleanType != CleanType.MEDIAN) {
				repeatsSkipped = s.iterations - iterationsRun;
				break;
			}
			clean(clean, crmask, mask, backgroundLevel);
			clean(var, crmask, mask, backgroundVarLevel);
		}
		return new int[] { iterationsRun, repeatsSkipped };
	}

	// ---------------------------------------------------------------------------------------------
	// steps

	/**
	 * Saturated stars (and grown bad pixels) into {@code mask}, from the image in electrons;
	 * {@code scratch} (a plane) takes the median.
	 */
	private void maskSaturated(float[] clean, byte[] mask, float sat, float[] scratch) {
		boolean anySaturated = false, anyBad = false;
		for (int i = 0; i < n; i++) {
			anySaturated |= clean[i] >= sat;
			anyBad |= mask[i] != 0;
		}
		if (anyBad) {
			byte[] grow = new byte[n];
			dilate3(mask, grow);
			System.arraycopy(grow, 0, mask, 0, n);
		}
		if (!anySaturated) return;
		float[] m5 = median(clean, s.sepMed ? 7 : 5, scratch);
		float tenth = (float) (sat / 10.0);
		byte[] satPixels = new byte[n];
		for (int i = 0; i < n; i++) satPixels[i] = clean[i] >= sat && m5[i] > tenth ? (byte) 1 : 0;
		byte[] dil = dilate5(satPixels, 2);
		for (int i = 0; i < n; i++) if (dil[i] != 0) mask[i] = 1;
	}

	/**
	 * L+ of van Dokkum: the Laplacian of the image subsampled 2x2 (each pixel repeated into a 2x2 block),
	 * negative values set to zero, block-averaged back. Computed straight from the image with the
	 * operations in astroscrappy's order, including its edge rules (edge rows of the first image row
	 * in double precision).
	 */
	private void laplacianPlus(float[] c, float[] out) {
		Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> {
			for (int j = y0; j < y1; j++) {
				int row = j * nx;
				if (j == 0 || j == ny - 1) {
					for (int i = 0; i < nx; i++) out[row + i] = edgePixel(c, j, i);
					continue;
				}
				out[row] = edgePixel(c, j, 0);
				if (nx > 1) out[row + nx - 1] = edgePixel(c, j, nx - 1);
				for (int i = 1, p = row + 1; i < nx - 1; i++, p++) {
					// the four subpixels of pixel p and their neighbours, in astroscrappy's order
					float v = c[p], l = c[p - 1], r = c[p + 1], d = c[p - nx], u = c[p + nx];
					float v4 = 4.0f * v;
					float a0 = v4 - v - l;
					float a00 = a0 - v - d;
					float a10 = a0 - u - v;
					float q = v4 - r - v;
					float a11 = q - u - v;
					float a01 = q - v - d;
					float sum = clip(a00) + clip(a10);
					sum += clip(a11);
					sum += clip(a01);
					out[p] = sum / 4.0f;
				}
			}
		});
	}

	/**
	 * L+ with the image mirrored about its edges (the subpixel beyond an edge equals the edge one), so
	 * that a smooth edge has no Laplacian: for padded borders.
	 */
	private void reflectedLaplacianPlus(float[] c, float[] out) {
		int pw = nx + 2, ph = ny + 2;
		float[] p = new float[pw * ph];
		for (int j = 0; j < ph; j++) {
			int sj = Math.min(Math.max(j - 1, 0), ny - 1);
			for (int i = 0; i < pw; i++) p[j * pw + i] = c[sj * nx + Math.min(Math.max(i - 1, 0), nx - 1)];
		}
		float[] po = new float[pw * ph];
		new LaCosmic(pw, ph, s).laplacianPlus(p, po);
		for (int j = 0; j < ny; j++) System.arraycopy(po, (j + 1) * pw + 1, out, j * nx, nx);
	}

	/** L+ of pixel (row j, column i) through the general subpixel rules. */
	private float edgePixel(float[] c, int j, int i) {
		float p = clip(sub(c, 2 * j, 2 * i));
		p += clip(sub(c, 2 * j + 1, 2 * i));
		p += clip(sub(c, 2 * j + 1, 2 * i + 1));
		p += clip(sub(c, 2 * j, 2 * i + 1));
		return p / 4.0f;
	}

	/**
	 * Negative values to zero, without a branch: the sign bit clears all bits. (astroscrappy keeps
	 * -0.0 and turns other negatives into +0.0; zeros of either sign behave the same from here on,
	 * and NaN cannot occur because NaN pixels are replaced beforehand.)
	 */
	private static float clip(float v) {
		int b = Float.floatToRawIntBits(v);
		return Float.intBitsToFloat(b & ~(b >> 31));
	}

	/** The Laplacian at (row b, column a) of the 2x2-subsampled image, astroscrappy's edge rules included. */
	private float sub(float[] c, int b, int a) {
		int rows = 2 * ny, cols = 2 * nx;
		float s = at(c, b, a);
		boolean top = b == rows - 1, bottom = b == 0, left = a == 0, right = a == cols - 1;
		if (!top && !bottom && !left && !right) {
			float p = 4.0f * s;
			p -= at(c, b, a + 1);
			p -= at(c, b, a - 1);
			p -= at(c, b + 1, a);
			p -= at(c, b - 1, a);
			return p;
		}
		if (bottom) {
			// astroscrappy's first row (and its two corners) are computed in double precision
			if (left) return (float) (4.0 * s - at(c, 0, 1) - at(c, 1, 0));
			if (right) return (float) (4.0 * s - at(c, 0, a - 1) - at(c, 1, a));
			return (float) (4.0 * s - at(c, 0, a + 1) - at(c, 0, a - 1) - at(c, 1, a));
		}
		float p = 4.0f * s;
		if (top) {
			if (left) {
				p -= at(c, b, 1);
				p -= at(c, b - 1, 0);
			}
			else if (right) {
				p -= at(c, b, a - 1);
				p -= at(c, b - 1, a);
			}
			else {
				p -= at(c, b, a + 1);
				p -= at(c, b, a - 1);
				p -= at(c, b - 1, a);
			}
			return p;
		}
		if (left) {
			p -= at(c, b, 1);
			p -= at(c, b + 1, 0);
			p -= at(c, b - 1, 0);
		}
		else {
			p -= at(c, b, a - 1);
			p -= at(c, b + 1, a);
			p -= at(c, b - 1, a);
		}
		return p;
	}

	private float at(float[] c, int b, int a) {
		return c[(b >> 1) * nx + (a >> 1)];
	}

	/** 3x3 binary dilation of {@code in} into {@code out}; the one-pixel border keeps the input. */
	private void dilate3(byte[] in, byte[] out) {
		System.arraycopy(in, 0, out, 0, n);
		if (nx < 3 || ny < 3) return;
		if (rowOr == null) rowOr = new byte[n];
		byte[] h3 = rowOr;
		Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> {
			for (int j = y0; j < y1; j++) {
				for (int p = j * nx + 1, end = j * nx + nx - 1; p < end; p++) h3[p] = (byte) (in[p - 1] | in[p] | in[p + 1]);
			}
		});
		Parallel.forRange(ny - 2, MIN_ROWS, (y0, y1) -> {
			for (int j = y0 + 1; j < y1 + 1; j++) {
				for (int p = j * nx + 1, end = j * nx + nx - 1; p < end; p++) out[p] = (byte) (h3[p - nx] | h3[p] | h3[p + nx]);
			}
		});
	}

	/**
	 * The median filter of L.A.Cosmic into {@code out}: separable (size 5, 7 or 9) with sepmed, else
	 * square (3, 5 or 7), with the chosen borders.
	 */
	private float[] median(float[] data, int size, float[] out) {
		if (s.sepMed) return MedianFilter.separable(data, nx, ny, size, s.border, out, workspace);
		float[] m = MedianFilter.square(data, nx, ny, size, s.border);
		System.arraycopy(m, 0, out, 0, n);
		return out;
	}

	/**
	 * Binary dilation by the 5x5 square without its corners, {@code times} times, zeros beyond the
	 * edge: the union of the dilations by a 5x3 and a 3x5 rectangle, each done as two 1-D passes.
	 */
	private byte[] dilate5(byte[] in, int times) {
		byte[] cur = in;
		for (int t = 0; t < times; t++) {
			byte[] h1 = new byte[n], h2 = new byte[n], src = cur;
			Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> {
				for (int j = y0; j < y1; j++) {
					int row = j * nx;
					for (int i = 0; i < nx; i++) {
						int a1 = src[row + i] | (i > 0 ? src[row + i - 1] : 0) | (i < nx - 1 ? src[row + i + 1] : 0);
						h1[row + i] = (byte) a1;
						h2[row + i] = (byte) (a1 | (i > 1 ? src[row + i - 2] : 0) | (i < nx - 2 ? src[row + i + 2] : 0));
					}
				}
			});
			byte[] out = new byte[n];
			Parallel.forRange(ny, MIN_ROWS, (y0, y1) -> {
				for (int j = y0; j < y1; j++) {
					int row = j * nx;
					for (int i = 0; i < nx; i++) {
						int p = row + i;
						int v = h2[p] | h1[p];
						if (j > 0) v |= h2[p - nx] | h1[p - nx];
						if (j < ny - 1) v |= h2[p + nx] | h1[p + nx];
						if (j > 1) v |= h1[p - 2 * nx];
						if (j < ny - 2) v |= h1[p + 2 * nx];
						out[p] = (byte) v;
					}
				}
			});
			cur = out;
		}
		return cur;
	}

	/**
	 * Replaces the flagged pixels of {@code a} in place from their 5x5 neighbourhood. With copied
	 * borders the two-pixel border is left alone, as astroscrappy does; otherwise border pixels use the
	 * neighbours that exist.
	 */
	private void clean(float[] a, byte[] cr, byte[] bad, float fallback) {
		float[] before = s.cleanType == CleanType.MEDIAN ? a.clone() : null;
		int margin = s.border == Border.COPY ? 2 : 0;
		Parallel.forRange(Math.max(0, ny - 2 * margin), MIN_ROWS, (y0, y1) -> {
			float[] buf = new float[25];
			for (int j = y0 + margin; j < y1 + margin; j++) {
				int l0 = Math.max(-2, -j), l1 = Math.min(2, ny - 1 - j);
				for (int i = margin; i < nx - margin; i++) {
					int p = j * nx + i;
					if (cr[p] == 0) continue;
					int k0 = Math.max(-2, -i), k1 = Math.min(2, nx - 1 - i);
					switch (s.cleanType) {
						case MEANMASK: {
							float sum = 0;
							int count = 0;
							for (int l = l0; l <= l1; l++) {
								for (int k = k0; k <= k1; k++) {
									int q = p + l * nx + k;
									if (cr[q] == 0 && bad[q] == 0) {
										sum += a[q];
										count++;
									}
								}
							}
							a[p] = count == 0 ? fallback : sum / count;
							break;
						}
						case MEDMASK: {
							int count = 0;
							for (int l = l0; l <= l1; l++) {
								for (int k = k0; k <= k1; k++) {
									int q = p + l * nx + k;
									if (cr[q] == 0 && bad[q] == 0) buf[count++] = a[q];
								}
							}
							a[p] = count == 0 ? fallback : Medians.lowerMedianInPlace(buf, count);
							break;
						}
						case MEDIAN: {
							int count = 0;
							for (int l = l0; l <= l1; l++) for (int k = k0; k <= k1; k++) buf[count++] = before[p + l * nx + k];
							a[p] = Medians.lowerMedianInPlace(buf, count);
							break;
						}
						default: {
							float val = 0, wsum = 0;
							for (int l = l0; l <= l1; l++) {
								for (int k = k0; k <= k1; k++) {
									int q = p + l * nx + k;
									if (cr[q] == 0 && bad[q] == 0) {
										float wt = IDW[(l + 2) * 5 + k + 2];
										val += wt * a[q];
										wsum += wt;
									}
								}
							}
							a[p] = wsum < 1e-6 ? fallback : val / wsum;
						}
					}
				}
			}
		});
	}

	/** Inverse-distance weights of the 5x5 neighbours (centre 0), as astroscrappy stores them in float32. */
	private static final float[] IDW = {
		0.35355339f, 0.4472136f, 0.5f, 0.4472136f, 0.35355339f,
		0.4472136f, 0.70710678f, 1f, 0.70710678f, 0.4472136f,
		0.5f, 1f, 0f, 1f, 0.5f,
		0.4472136f, 0.70710678f, 1f, 0.70710678f, 0.4472136f,
		0.35355339f, 0.4472136f, 0.5f, 0.4472136f, 0.35355339f };

	/**
	 * Lower median of the pixels not in {@code mask} (astroscrappy's fallback levels); 0 if none.
	 * {@code good} (a plane) is the scratch.
	 */
	private float goodMedian(float[] a, byte[] mask, float[] good) {
		int m = 0;
		for (int i = 0; i < n; i++) if (mask[i] == 0) good[m++] = a[i];
		return m == 0 ? 0 : Medians.lowerMedianInPlace(good, m);
	}

	private static boolean hasNaN(float[] a) {
		for (float v : a) if (v != v) return true;
		return false;
	}

	/** Median of the non-NaN values (0 if none): what NaN pixels are replaced by internally. */
	private static float nanFill(float[] a) {
		double m = Medians.median(a);
		return m == m ? (float) m : 0;
	}

	private float[] flip(float[] a) {
		float[] b = new float[n];
		for (int y = 0; y < ny; y++) System.arraycopy(a, y * nx, b, (ny - 1 - y) * nx, nx);
		return b;
	}

	/** Rows in reverse order, in place (the FITS array's order to the in-memory one and back). */
	private float[] flipInPlace(float[] a) {
		swapRows(a, new float[nx]);
		return a;
	}

	private byte[] flipInPlace(byte[] a) {
		swapRows(a, new byte[nx]);
		return a;
	}

	/** Swaps row y with row ny - 1 - y of a primitive array of rows of nx, through {@code row}. */
	private void swapRows(Object a, Object row) {
		for (int y = 0, z = ny - 1; y < z; y++, z--) {
			System.arraycopy(a, y * nx, row, 0, nx);
			System.arraycopy(a, z * nx, a, y * nx, nx);
			System.arraycopy(row, 0, a, z * nx, nx);
		}
	}

	private static String num(double d) {
		return MedianCosmics.fmt(d);
	}
}
