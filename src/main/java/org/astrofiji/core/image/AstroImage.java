package org.astrofiji.core.image;

import net.imglib2.Dimensions;
import net.imglib2.FinalDimensions;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;

/**
 * An astronomical image, the one image type every workflow takes and returns: 32-bit float pixels
 * (SCI, 2-D, or 3-D for a cube) in ImageJ orientation, optionally their 1-sigma uncertainty (ERR, same
 * units) and data-quality flags (DQ, {@link Dq} bits), and the FITS header, which also holds the world
 * coordinate system ({@code core.wcs.Wcs.of(image)} reads it; a command that changes the pixel grid
 * writes the new one into the output's header).
 * <p>
 * Immutable as a whole: the {@code with...} methods return a new image sharing the other planes. The
 * planes are not copied, so a caller that changes pixels in place owns them; the header is the
 * image's own object, so {@link #header()} is copied before it is changed ({@link #headerCopy()}).
 * In files an image with ERR or DQ is a multi-extension FITS file (SCI, ERR, DQ); in ImageJ, ERR and DQ
 * travel with the ImagePlus (see the ImageJ bridge).
 * <p>
 * A {@linkplain #computed computed} image (a model evaluated on demand) makes its SCI array on the first
 * call of {@link #sci()} or {@link #data()}; until then {@link #rows()} gives its pixels band by band, so
 * a FITS writer needs no full-size array for it.
 */
public final class AstroImage {

	/** The name of an image that was given none. */
	public static final String UNNAMED = "image";

	private final String name;
	/** SCI, or null for a computed image ({@link #pixels} then makes it). */
	private final Img<FloatType> sci;
	private final Computed pixels;
	private final Img<FloatType> err;
	private final Img<UnsignedShortType> dq;
	private final FitsHeader header;
	private final int bitpix;

	/** The SCI pixels of a computed image: made from the row bands on first use, then kept. */
	private static final class Computed {

		final int width, height;
		/** Dropped once the array is made (it may hold large inputs). */
		private volatile RowSource bands;
		private volatile Img<FloatType> img;

		Computed(RowSource bands) {
			this.bands = bands;
			this.width = bands.width();
			this.height = bands.height();
		}

		Img<FloatType> img() {
			Img<FloatType> i = img;
			if (i == null) {
				synchronized (this) {
					if (img == null) {
						img = Images.wrap(RowSource.readAll(bands), width, height);
						bands = null;
					}
					i = img;
				}
			}
			return i;
		}

		/** The rows: from the array once it is made (a copy), else computed. */
		RowSource rows(String name) {
			RowSource b = bands;
			return b != null ? b : RowSource.of(name, Images.floats(img), width, height);
		}
	}

	private AstroImage(String name, Img<FloatType> sci, Img<FloatType> err, Img<UnsignedShortType> dq, FitsHeader header,
		int bitpix)
	{
		this(name, sci, null, err, dq, header, bitpix);
	}

	private AstroImage(String name, Img<FloatType> sci, Computed pixels, Img<FloatType> err, Img<UnsignedShortType> dq,
		FitsHeader header, int bitpix)
	{
		if (sci == null && pixels == null) throw new IllegalArgumentException("an image needs pixels");
		this.name = name == null || name.isEmpty() ? UNNAMED : name;
		this.sci = sci;
		this.pixels = sci == null ? pixels : null;
		this.err = err;
		this.dq = dq;
		this.header = header == null ? new FitsHeader() : header;
		this.bitpix = bitpix;
		if (err != null) requireSameSize("ERR", err);
		if (dq != null) requireSameSize("DQ", dq);
	}

	/** An image of these pixels with this header (which it then owns); no ERR, no DQ. */
	public static AstroImage of(String name, Img<FloatType> sci, FitsHeader header) {
		return new AstroImage(name, sci, null, null, header, -32);
	}

	/** A 2-D image over a row-major array (ImageJ orientation), without copying. */
	public static AstroImage of(String name, float[] sci, int width, int height, FitsHeader header) {
		return of(name, Images.wrap(sci, width, height), header);
	}

	/**
	 * A 2-D image whose pixels are computed from {@code rows} when first needed (see the class notes), with
	 * this header (which it then owns); no ERR, no DQ. The rows of an array ({@link RowSource#of}) are that array.
	 */
	public static AstroImage computed(String name, RowSource rows, FitsHeader header) {
		if (rows instanceof RowSource.OfArray) return of(name, ((RowSource.OfArray) rows).array(), rows.width(), rows.height(), header);
		return new AstroImage(name, null, new Computed(rows), null, null, header, -32);
	}

	public AstroImage withName(String newName) {
		return new AstroImage(newName, sci, pixels, err, dq, header, bitpix);
	}

	/** The same image with other pixels of the same size (ERR and DQ kept: the caller says they still hold). */
	public AstroImage withSci(Img<FloatType> pixels) {
		return new AstroImage(name, pixels, err, dq, header, bitpix);
	}

	/** With this uncertainty plane (null: none); it must have SCI's size. */
	public AstroImage withErr(Img<FloatType> uncertainty) {
		return new AstroImage(name, sci, pixels, uncertainty, dq, header, bitpix);
	}

	public AstroImage withErr(float[] uncertainty) {
		return withErr(uncertainty == null ? null : Images.wrap(uncertainty, width(), height()));
	}

	/** With these flags (null: none); they must have SCI's size. */
	public AstroImage withDq(Img<UnsignedShortType> flags) {
		return new AstroImage(name, sci, pixels, err, flags, header, bitpix);
	}

	public AstroImage withDq(short[] flags) {
		return withDq(flags == null ? null : ArrayImgs.unsignedShorts(flags, width(), height()));
	}

	/** With this header (which the new image then owns). */
	public AstroImage withHeader(FitsHeader h) {
		return new AstroImage(name, sci, pixels, err, dq, h, bitpix);
	}

	/** The same image, noting the pixel type its values came from (FITS BITPIX: 8, 16, 32, 64, -32, -64). */
	public AstroImage withBitpix(int storedBitpix) {
		return new AstroImage(name, sci, pixels, err, dq, header, storedBitpix);
	}

	/** The pixel type the values came from (-32 unless noted): for messages; the pixels are always float. */
	public int bitpix() {
		return bitpix;
	}

	/** The title in ImageJ and in messages: "frame.fits", "frame.fits[SCI]". */
	public String name() {
		return name;
	}

	/** SCI (a computed image makes its array on the first call). */
	public Img<FloatType> sci() {
		return sci != null ? sci : pixels.img();
	}

	/**
	 * SCI of a 2-D image band by band: a computed image's rows are computed (no full array) until
	 * {@link #sci()} made them; any other image's are copied from its pixels.
	 */
	public RowSource rows() {
		if (pixels != null) return pixels.rows(name);
		require2D("rows");
		return RowSource.of(name, data(), width(), height());
	}

	/** True while this is a computed image whose SCI array has not been made. */
	public boolean isComputedLazily() {
		return pixels != null && pixels.img == null;
	}

	/** The uncertainty (1 sigma), or null. */
	public Img<FloatType> err() {
		return err;
	}

	/** The data-quality flags, or null. */
	public Img<UnsignedShortType> dq() {
		return dq;
	}

	public boolean hasErr() {
		return err != null;
	}

	public boolean hasDq() {
		return dq != null;
	}

	/** The image's header. Copy it before changing it: {@link #headerCopy()}. */
	public FitsHeader header() {
		return header;
	}

	public FitsHeader headerCopy() {
		return header.copy();
	}

	/** SCI of a 2-D image as a row-major array (the image's own storage when it has one, else a copy). */
	public float[] data() {
		return Images.floats(sci());
	}

	/** ERR as a row-major array, or null. */
	public float[] errData() {
		return err == null ? null : Images.floats(err);
	}

	/** DQ as a row-major array (the image's own storage when it has one, else a copy), or null. */
	public short[] dqData() {
		if (dq == null) return null;
		if (dq instanceof ArrayImg && ((ArrayImg<?, ?>) dq).update(null) instanceof ShortArray) {
			return ((ShortArray) ((ArrayImg<?, ?>) dq).update(null)).getCurrentStorageArray();
		}
		short[] copy = new short[Math.toIntExact(net.imglib2.util.Intervals.numElements(dq))];
		int i = 0;
		for (UnsignedShortType t : dq) copy[i++] = (short) t.get();
		return copy;
	}

	/** SCI's dimensions (a computed image's without making its array). */
	private Dimensions shape() {
		return sci != null ? sci : new FinalDimensions(pixels.width, pixels.height);
	}

	public int width() {
		return (int) shape().dimension(0);
	}

	public int height() {
		return (int) shape().dimension(1);
	}

	/** Planes of a cube, 1 for a 2-D image. */
	public int depth() {
		return shape().numDimensions() > 2 ? (int) shape().dimension(2) : 1;
	}

	public boolean is2D() {
		return shape().numDimensions() == 2;
	}

	/** "1392x1040" (or "100x100x3"). */
	public String size() {
		Dimensions d = shape();
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < d.numDimensions(); i++) sb.append(i == 0 ? "" : "x").append(d.dimension(i));
		return sb.toString();
	}

	/**
	 * This image, which must be one 2-D image: a stack (or a colour cube) is named as the error of the
	 * command or step {@code who}.
	 */
	public AstroImage require2D(String who) {
		if (!is2D()) throw new IllegalArgumentException(name + ": " + who + " works on one 2-D image, got " + size() +
			" (a stack or a colour cube: split it first)");
		return this;
	}

	private void requireSameSize(String what, Img<?> plane) {
		Dimensions s = shape();
		boolean same = plane.numDimensions() == s.numDimensions();
		for (int d = 0; same && d < s.numDimensions(); d++) same = plane.dimension(d) == s.dimension(d);
		if (!same) throw new IllegalArgumentException(name + ": " + what + " (" + Images.size(plane) + ") and SCI (" +
			size() + ") differ in size");
	}

	@Override
	public String toString() {
		return name + " (" + size() + (err != null ? ", ERR" : "") + (dq != null ? ", DQ" : "") + ")";
	}
}
