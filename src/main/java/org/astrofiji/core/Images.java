package org.astrofiji.core;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.RealTypeConverters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Float images for the core algorithms. Numerics run on row-major {@code float[]} arrays behind
 * {@link ArrayImg}s; these helpers get such arrays from any {@link RandomAccessibleInterval} of real
 * values, without a copy when the image already is one.
 */
public final class Images {

	private Images() {}

	/** A new 2-D float image of the given size, backed by {@code data} (row-major, no copy). */
	public static ArrayImg<FloatType, FloatArray> wrap(float[] data, int width, int height) {
		if (data.length != (long) width * height) throw new IllegalArgumentException(
			"pixel array of length " + data.length + " does not fit " + width + "x" + height);
		return ArrayImgs.floats(data, width, height);
	}

	/** A new zero-filled 2-D float image. */
	public static ArrayImg<FloatType, FloatArray> create(int width, int height) {
		return ArrayImgs.floats(width, height);
	}

	/**
	 * The pixels of a 2-D image as a row-major float array: the backing array itself for a
	 * zero-based float {@link ArrayImg} (so writes go to the image), otherwise a converted copy.
	 */
	public static float[] floats(RandomAccessibleInterval<? extends RealType<?>> img) {
		requireDimensions("image", img, 2);
		float[] backing = backingArray(img);
		return backing != null ? backing : copy(img);
	}

	/** A converted copy of the pixels of a 2-D image as a row-major float array. */
	public static float[] copy(RandomAccessibleInterval<? extends RealType<?>> img) {
		requireDimensions("image", img, 2);
		float[] backing = backingArray(img);
		if (backing != null) return backing.clone();
		float[] out = new float[Math.toIntExact(Intervals.numElements(img))];
		RealTypeConverters.copyFromTo(Views.zeroMin(img), ArrayImgs.floats(out, img.dimension(0), img.dimension(1)));
		return out;
	}

	/** A 2-D float image with the same pixels: {@code img} itself when it is a float ArrayImg. */
	@SuppressWarnings("unchecked")
	public static ArrayImg<FloatType, FloatArray> asFloatImg(RandomAccessibleInterval<? extends RealType<?>> img) {
		if (backingArray(img) != null) return (ArrayImg<FloatType, FloatArray>) img;
		return wrap(copy(img), width(img), height(img));
	}

	/** A float image with the same pixels (2-D or 3-D): {@code img} itself when already float-backed. */
	@SuppressWarnings("unchecked")
	public static Img<FloatType> toFloat(RandomAccessibleInterval<? extends RealType<?>> img) {
		if (img.numDimensions() == 2) return asFloatImg(img);
		if (img.numDimensions() == 3) {
			if (img instanceof PlanarImg && ((PlanarImg<?, ?>) img).firstElement() instanceof FloatType) return (Img<FloatType>) img;
			return stack(width(img), height(img), planes(img));
		}
		throw new IllegalArgumentException("only 2-D images and 3-D stacks are supported, got " + size(img));
	}

	/** Planes of a 3-D float image (one row-major array per slice), copied unless it is a float PlanarImg. */
	public static float[][] planes(RandomAccessibleInterval<? extends RealType<?>> img) {
		requireDimensions("image", img, 3);
		int n = Math.toIntExact(img.dimension(2));
		float[][] planes = new float[n][];
		if (img instanceof PlanarImg && ((PlanarImg<?, ?>) img).firstElement() instanceof FloatType) {
			PlanarImg<?, ?> p = (PlanarImg<?, ?>) img;
			for (int z = 0; z < n; z++) planes[z] = (float[]) p.getPlane(z).getCurrentStorageArray();
			return planes;
		}
		for (int z = 0; z < n; z++) planes[z] = copy(Views.hyperSlice(img, 2, img.min(2) + z));
		return planes;
	}

	/** A 3-D float image over the given planes, without copying them. */
	public static PlanarImg<FloatType, FloatArray> stack(int width, int height, float[]... planes) {
		PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(width, height, planes.length);
		for (int z = 0; z < planes.length; z++) {
			if (planes[z].length != (long) width * height) throw new IllegalArgumentException(
				"plane " + z + " does not fit " + width + "x" + height);
			img.setPlane(z, new FloatArray(planes[z]));
		}
		return img;
	}

	public static int width(RandomAccessibleInterval<?> img) {
		return Math.toIntExact(img.dimension(0));
	}

	public static int height(RandomAccessibleInterval<?> img) {
		return Math.toIntExact(img.dimension(1));
	}

	/** "1392x1040" or "512x512x3". */
	public static String size(RandomAccessibleInterval<?> img) {
		StringBuilder sb = new StringBuilder();
		for (int d = 0; d < img.numDimensions(); d++) sb.append(d == 0 ? "" : "x").append(img.dimension(d));
		return sb.toString();
	}

	/** Fails with a message naming the parameter unless the image has {@code n} dimensions. */
	public static void requireDimensions(String name, RandomAccessibleInterval<?> img, int n) {
		if (img == null) throw new IllegalArgumentException(name + ": no image given");
		if (img.numDimensions() != n) throw new IllegalArgumentException(name + " must be a " + n +
			"-D image, got " + img.numDimensions() + "-D (" + size(img) + ")");
	}

	/** Fails with a message naming both parameters unless the images have the same size. */
	public static void requireSameSize(String nameA, RandomAccessibleInterval<?> a, String nameB,
		RandomAccessibleInterval<?> b)
	{
		if (!Intervals.equalDimensions(a, b)) throw new IllegalArgumentException(nameA + " (" + size(a) +
			") and " + nameB + " (" + size(b) + ") differ in size");
	}

	/**
	 * A w x h mask as bytes (row-major, memory order): 1 where the image is non-zero, else 0; null when
	 * no image is given or no pixel is set (an empty selection protects nothing).
	 */
	public static byte[] mask(String name, RandomAccessibleInterval<? extends RealType<?>> img, int w, int h) {
		if (img == null) return null;
		requireDimensions(name, img, 2);
		if (img.dimension(0) != w || img.dimension(1) != h) throw new IllegalArgumentException(name + " (" + size(img) +
			") and image (" + w + "x" + h + ") differ in size");
		byte[] m = new byte[w * h];
		int i = 0;
		boolean any = false;
		for (RealType<?> t : Views.flatIterable(img)) {
			m[i] = t.getRealDouble() != 0 ? (byte) 1 : 0;
			any |= m[i++] != 0;
		}
		return any ? m : null;
	}

	private static float[] backingArray(RandomAccessibleInterval<? extends RealType<?>> img) {
		if (img instanceof ArrayImg && ((Img<?>) img).firstElement() instanceof FloatType) {
			Object access = ((ArrayImg<?, ?>) img).update(null);
			if (access instanceof FloatArray) return ((FloatArray) access).getCurrentStorageArray();
		}
		return null;
	}
}
