package org.astrofiji.core.composite;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;

/**
 * The three bands of a colour composite, mapped to red, green and blue: 2-D images of one size as
 * row-major float arrays (ImageJ orientation, FITS row 1 at the bottom). NaN means no data. Each
 * channel has a name for messages ("green (science_V_001.fits)").
 */
public final class Channels {

	/** The channel names, in order. */
	public static final String[] NAMES = { "red", "green", "blue" };

	private final int width, height;
	private final float[][] data;
	private final String[] labels;

	private Channels(int width, int height, float[][] data, String[] labels) {
		this.width = width;
		this.height = height;
		this.data = data;
		this.labels = labels;
	}

	/**
	 * The channels of three images, which must be 2-D and of one size, each with some data (not all
	 * NaN). The pixels of float images are used in place (never modified), others are converted.
	 *
	 * @param sources what each image is, for messages (e.g. its file name); may be null
	 */
	public static Channels of(RandomAccessibleInterval<? extends RealType<?>> red,
		RandomAccessibleInterval<? extends RealType<?>> green, RandomAccessibleInterval<? extends RealType<?>> blue,
		String... sources)
	{
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<? extends RealType<?>>[] imgs = new RandomAccessibleInterval[] { red, green, blue };
		String[] labels = new String[3];
		for (int c = 0; c < 3; c++) {
			String src = sources != null && c < sources.length ? sources[c] : null;
			labels[c] = src == null || src.isEmpty() ? NAMES[c] : NAMES[c] + " (" + src + ")";
			if (imgs[c] == null) throw new IllegalArgumentException(NAMES[c] + ": no image given");
			if (imgs[c].numDimensions() != 2) throw new IllegalArgumentException(labels[c] + " must be a single 2-D image, " +
				"got " + imgs[c].numDimensions() + "-D (" + Images.size(imgs[c]) + "); give one plane per channel");
		}
		for (int c = 1; c < 3; c++) {
			if (imgs[c].dimension(0) != imgs[0].dimension(0) || imgs[c].dimension(1) != imgs[0].dimension(1))
				throw new IllegalArgumentException(labels[0] + " (" + Images.size(imgs[0]) + ") and " + labels[c] + " (" +
					Images.size(imgs[c]) + ") differ in size; the channels must be aligned images of one size");
		}
		float[][] data = new float[3][];
		for (int c = 0; c < 3; c++) data[c] = Images.floats(imgs[c]);
		Channels ch = new Channels(Images.width(imgs[0]), Images.height(imgs[0]), data, labels);
		for (int c = 0; c < 3; c++) {
			if (ch.finiteCount(c) == 0) throw new IllegalArgumentException(labels[c] + ": every pixel is NaN or " +
				"infinite (no data)");
		}
		return ch;
	}

	/** Channels over row-major float arrays of the given size (not copied). */
	public static Channels of(int width, int height, float[] red, float[] green, float[] blue) {
		return of(Images.wrap(red, width, height), Images.wrap(green, width, height), Images.wrap(blue, width, height));
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The pixels of channel c (0 red, 1 green, 2 blue), row-major; not to be modified. */
	public float[] data(int c) {
		return data[c];
	}

	/** "green" or "green (science_V_001.fits)". */
	public String label(int c) {
		return labels[c];
	}

	/**
	 * Every {@code step}-th pixel in x and y (the pixel values themselves, not averages): a quick
	 * preview of a large composite keeps the look of the full one.
	 */
	public Channels subsample(int step) {
		if (step <= 1) return this;
		int w = (width + step - 1) / step, h = (height + step - 1) / step;
		float[][] d = new float[3][w * h];
		for (int c = 0; c < 3; c++) {
			float[] src = data[c], dst = d[c];
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) dst[y * w + x] = src[y * step * width + x * step];
		}
		return new Channels(w, h, d, labels.clone());
	}

	/** Number of finite (not NaN, not infinite) pixels of channel c. */
	long finiteCount(int c) {
		float[] a = data[c];
		long[] perRow = new long[height];
		Parallel.forRange(height, Math.max(1, 65536 / Math.max(1, width)), (from, to) -> {
			for (int y = from; y < to; y++) {
				long n = 0;
				for (int i = y * width, end = i + width; i < end; i++) if (Float.isFinite(a[i])) n++;
				perRow[y] = n;
			}
		});
		long n = 0;
		for (long r : perRow) n += r;
		return n;
	}
}
