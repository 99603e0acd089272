package org.astrofiji.core.registration;

/**
 * A resampling geometry: a source image size, an output image size, and the {@link Transform} that
 * takes source pixel positions to output pixel positions (FITS coordinates of each grid). The
 * {@link Resampler} evaluates every output pixel at the inverse image of its centre.
 */
public final class Warp {

	private final int sourceWidth, sourceHeight, width, height;
	private final Transform transform;

	private Warp(int sourceWidth, int sourceHeight, Transform transform, int width, int height) {
		if (sourceWidth < 1 || sourceHeight < 1) throw new IllegalArgumentException("source image size must be at least 1x1 (got " +
			sourceWidth + "x" + sourceHeight + ")");
		if (width < 1 || height < 1) throw new IllegalArgumentException("output image size must be at least 1x1 (got " + width +
			"x" + height + ")");
		if ((long) width * height > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("output image of " + width + "x" +
			height + " pixels is too large for one array");
		if (transform == null) throw new IllegalArgumentException("transform: none given");
		if (transform.det() == 0) throw new IllegalArgumentException("transform is not invertible: " + transform);
		this.sourceWidth = sourceWidth;
		this.sourceHeight = sourceHeight;
		this.transform = transform;
		this.width = width;
		this.height = height;
	}

	/** Source w x h resampled through {@code transform} onto an output of width x height. */
	public static Warp of(int w, int h, Transform transform, int width, int height) {
		return new Warp(w, h, transform, width, height);
	}

	/** Source resampled through {@code transform} onto a grid of the same size. */
	public static Warp of(int w, int h, Transform transform) {
		return new Warp(w, h, transform, w, h);
	}

	/**
	 * The image moved by (dx, dy) pixels, FITS directions (dx right, dy up), on the same grid: what was
	 * at (x, y) is at (x + dx, y + dy). scipy.ndimage.shift(data, (dy, dx)) on the FITS array. A shift of
	 * the whole width or height or more leaves nothing and is refused.
	 */
	public static Warp shift(int w, int h, double dx, double dy) {
		if (!Double.isFinite(dx) || !Double.isFinite(dy)) throw new IllegalArgumentException("shift must be finite (got dx = " +
			dx + ", dy = " + dy + ")");
		if (Math.abs(dx) >= w || Math.abs(dy) >= h) throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
			"shift (%g, %g) moves the whole %dx%d image out of the frame", dx, dy, w, h));
		return new Warp(w, h, Transform.translation(dx, dy), w, h);
	}

	/**
	 * The image rotated about its centre by {@code angleDeg}, clockwise as displayed with FITS row 1 at
	 * the bottom (DS9, ImageJ), the sense of ImageJ's Image > Transform > Rotate; this is
	 * scipy.ndimage.rotate(data, angleDeg) on the FITS array (its positive angles turn the array
	 * counter-clockwise when row 0 is shown on top). With {@code grow} the canvas becomes the bounding
	 * box of the rotated image, floor(|cos| w + |sin| h + 1/2) by floor(|sin| w + |cos| h + 1/2) as
	 * scipy's {@code reshape=True}; the centre of the input grid lands on the centre of the output grid.
	 */
	public static Warp rotation(int w, int h, double angleDeg, boolean grow) {
		if (!Double.isFinite(angleDeg)) throw new IllegalArgumentException("angle must be finite (got " + angleDeg + ")");
		// clockwise as displayed = negative (counter-clockwise) angle of the FITS-coordinate transform
		Transform r = Transform.rotation(-angleDeg, 0, 0);
		int ow = w, oh = h;
		if (grow) {
			double c = Math.abs(r.matrix()[0]), s = Math.abs(r.matrix()[3]);
			ow = (int) Math.floor(c * w + s * h + 0.5);
			oh = (int) Math.floor(s * w + c * h + 0.5);
		}
		Transform t = Transform.rotationOnto(-angleDeg, (w + 1) / 2.0, (h + 1) / 2.0, (ow + 1) / 2.0, (oh + 1) / 2.0);
		return new Warp(w, h, t, Math.max(1, ow), Math.max(1, oh));
	}

	public int sourceWidth() {
		return sourceWidth;
	}

	public int sourceHeight() {
		return sourceHeight;
	}

	/** Output width. */
	public int width() {
		return width;
	}

	/** Output height. */
	public int height() {
		return height;
	}

	/** Source FITS position to output FITS position. */
	public Transform transform() {
		return transform;
	}

	/**
	 * The affine map from an output pixel's memory position (x right, y down, 0-based) to the source
	 * memory position sampled there, as {m00, m01, m02, m10, m11, m12}: the two vertical flips between
	 * memory and FITS coordinates around the inverse transform.
	 */
	double[] outputToSourceMemory() {
		Transform fromOut = Transform.affine(1, 0, 1, 0, -1, height);
		Transform toSrc = Transform.affine(1, 0, -1, 0, -1, sourceHeight);
		if (transform.isTranslation()) {
			// exact offsets for a shift: x - dx and y + dy (+ the height difference)
			double[] m = transform.matrix();
			return new double[] { 1, 0, -m[2], 0, 1, m[5] + (sourceHeight - height) };
		}
		return fromOut.then(transform.inverse()).then(toSrc).matrix();
	}

	@Override
	public String toString() {
		return sourceWidth + "x" + sourceHeight + " -> " + width + "x" + height + " via " + transform;
	}
}
