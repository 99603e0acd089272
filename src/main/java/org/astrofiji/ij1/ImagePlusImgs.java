package org.astrofiji.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import net.imglib2.view.Views;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;

/**
 * ImagePlus and imglib2 images over the same pixel arrays: no copy in either direction for 8-, 16-
 * and 32-bit images and stacks. A stack (or hyperstack) becomes a 3-D image of all its slices.
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() {}

	/** The pixels of an ImagePlus as an imglib2 image of their own type, sharing the arrays. */
	public static Img<? extends RealType<?>> wrap(ImagePlus imp) {
		int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
		ImageStack stack = imp.getStack();
		switch (imp.getType()) {
			case ImagePlus.GRAY32: {
				if (n == 1) return ArrayImgs.floats((float[]) imp.getProcessor().getPixels(), w, h);
				PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(w, h, n);
				for (int z = 0; z < n; z++) img.setPlane(z, new FloatArray((float[]) stack.getPixels(z + 1)));
				return img;
			}
			case ImagePlus.GRAY16: {
				if (imp.getCalibration().isSigned16Bit()) return calibratedCopy(imp);
				if (n == 1) return ArrayImgs.unsignedShorts((short[]) imp.getProcessor().getPixels(), w, h);
				PlanarImg<UnsignedShortType, ShortArray> img = PlanarImgs.unsignedShorts(w, h, n);
				for (int z = 0; z < n; z++) img.setPlane(z, new ShortArray((short[]) stack.getPixels(z + 1)));
				return img;
			}
			case ImagePlus.GRAY8: {
				if (imp.getCalibration().calibrated()) return calibratedCopy(imp);
				if (n == 1) return ArrayImgs.unsignedBytes((byte[]) imp.getProcessor().getPixels(), w, h);
				PlanarImg<UnsignedByteType, ByteArray> img = PlanarImgs.unsignedBytes(w, h, n);
				for (int z = 0; z < n; z++) img.setPlane(z, new ByteArray((byte[]) stack.getPixels(z + 1)));
				return img;
			}
			default:
				throw new IllegalArgumentException("'" + imp.getTitle() + "' is an RGB image; astronomical images " +
					"must be single-channel (split the channels with Image > Color > Split Channels)");
		}
	}

	/** Calibrated 8/16-bit data (e.g. ImageJ's signed 16-bit) as float copies of the calibrated values. */
	private static Img<FloatType> calibratedCopy(ImagePlus imp) {
		int n = imp.getStackSize();
		float[][] planes = new float[n][];
		for (int z = 0; z < n; z++) {
			ImageProcessor ip = imp.getStack().getProcessor(z + 1);
			ip.setCalibrationTable(imp.getCalibration().getCTable());
			planes[z] = (float[]) ip.convertToFloat().getPixels();
		}
		return n == 1 ? Images.wrap(planes[0], imp.getWidth(), imp.getHeight()) : Images.stack(imp.getWidth(), imp.getHeight(), planes);
	}

	/**
	 * An ImagePlus over the pixels of a 2-D or 3-D image: float, unsigned 8 and 16-bit array/planar
	 * images are shared; other real types are converted to 32-bit float. Colour ({@link ARGBType})
	 * images become RGB images, sharing the int array of an array/planar image.
	 */
	@SuppressWarnings("unchecked")
	public static ImagePlus toImagePlus(RandomAccessibleInterval<?> image, String title) {
		Object type = Views.iterable(image).firstElement();
		if (type instanceof ARGBType) return rgb((RandomAccessibleInterval<ARGBType>) image, title);
		if (!(type instanceof RealType)) throw new IllegalArgumentException("cannot show an image of " +
			type.getClass().getSimpleName() + " pixels in ImageJ");
		RandomAccessibleInterval<? extends RealType<?>> img = (RandomAccessibleInterval<? extends RealType<?>>) image;
		int w = Images.width(img), h = Images.height(img);
		int n = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		ImageStack stack = new ImageStack(w, h);
		Object first = img instanceof Img ? ((Img<?>) img).firstElement() : null;
		if (img instanceof ArrayImg && n == 1 && (first instanceof FloatType || first instanceof UnsignedShortType ||
			first instanceof UnsignedByteType))
		{
			stack.addSlice(processor(((ArrayImg<?, ?>) img).update(null), w, h));
		}
		else if (img instanceof PlanarImg && (first instanceof FloatType || first instanceof UnsignedShortType ||
			first instanceof UnsignedByteType))
		{
			for (int z = 0; z < n; z++) stack.addSlice(processor(((PlanarImg<?, ?>) img).getPlane(z), w, h));
		}
		else {
			float[][] planes = n == 1 && img.numDimensions() == 2 ? new float[][] { Images.copy(img) } : Images.planes(img);
			for (float[] p : planes) stack.addSlice(new FloatProcessor(w, h, p));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.resetDisplayRange();
		return imp;
	}

	/** An RGB ImagePlus over ARGB pixels (alpha ignored, as ImageJ does): int arrays shared where possible. */
	private static ImagePlus rgb(RandomAccessibleInterval<ARGBType> img, String title) {
		int w = Images.width(img), h = Images.height(img);
		int n = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		if (img.numDimensions() > 3) throw new IllegalArgumentException("only 2-D images and 3-D stacks are supported, got " +
			Images.size(img));
		ImageStack stack = new ImageStack(w, h);
		if (img instanceof ArrayImg && n == 1 && ((ArrayImg<?, ?>) img).update(null) instanceof IntArray) {
			stack.addSlice(new ColorProcessor(w, h, ((IntArray) ((ArrayImg<?, ?>) img).update(null)).getCurrentStorageArray()));
		}
		else if (img instanceof PlanarImg && ((PlanarImg<?, ?>) img).getPlane(0) instanceof IntArray) {
			for (int z = 0; z < n; z++) stack.addSlice(new ColorProcessor(w, h,
				((IntArray) ((PlanarImg<?, ?>) img).getPlane(z)).getCurrentStorageArray()));
		}
		else {
			for (int z = 0; z < n; z++) {
				RandomAccessibleInterval<ARGBType> plane = n == 1 && img.numDimensions() == 2 ? img
					: Views.hyperSlice(img, 2, img.min(2) + z);
				int[] pixels = new int[w * h];
				Cursor<ARGBType> c = Views.flatIterable(plane).cursor();
				for (int i = 0; c.hasNext(); i++) pixels[i] = c.next().get();
				stack.addSlice(new ColorProcessor(w, h, pixels));
			}
		}
		return new ImagePlus(title, stack);
	}

	private static ImageProcessor processor(Object access, int w, int h) {
		if (access instanceof FloatArray) return new FloatProcessor(w, h, ((FloatArray) access).getCurrentStorageArray());
		if (access instanceof ShortArray) return new ShortProcessor(w, h, ((ShortArray) access).getCurrentStorageArray(), null);
		return new ByteProcessor(w, h, ((ByteArray) access).getCurrentStorageArray());
	}

	/**
	 * Where an ImagePlus keeps the uncertainty and data-quality planes of the image it shows: image
	 * properties holding the imglib2 images themselves (ERR float, DQ 16-bit flags). They stay with that
	 * ImagePlus; ImageJ's own commands (Duplicate, Crop, ...) do not carry them over, and planes whose size
	 * no longer matches the image are ignored.
	 */
	public static final String ERR_PROPERTY = "astrofiji.ERR", DQ_PROPERTY = "astrofiji.DQ";

	/**
	 * The image an ImagePlus shows, as the commands take it: 32-bit pixels shared (others converted to
	 * float), the header of its Info, and the ERR and DQ it carries when they still fit its size.
	 */
	@SuppressWarnings("unchecked")
	public static AstroImage astroImage(ImagePlus imp) {
		int bits = imp.getBitDepth();
		AstroImage a = AstroImage.of(imp.getTitle(), Images.toFloat(wrap(imp)), header(imp)).withBitpix(bits == 32 ? -32 : bits);
		Object err = imp.getProperty(ERR_PROPERTY), dq = imp.getProperty(DQ_PROPERTY);
		if (err instanceof Img && fits((Img<?>) err, a)) a = a.withErr((Img<FloatType>) err);
		if (dq instanceof Img && fits((Img<?>) dq, a)) a = a.withDq((Img<UnsignedShortType>) dq);
		return a;
	}

	private static boolean fits(Img<?> plane, AstroImage a) {
		return net.imglib2.util.Intervals.equalDimensions(plane, a.sci());
	}

	/**
	 * An ImagePlus showing an image: SCI shared, the header as Info and properties, ERR and DQ attached
	 * ({@link #ERR_PROPERTY}), displayed with the astronomer's range ({@link DisplayRange}: zscale).
	 */
	public static ImagePlus toImagePlus(AstroImage image) {
		ImagePlus imp = toImagePlus(image.sci(), image.name());
		DisplayRange.apply(imp);
		setHeader(imp, image.header());
		if (image.hasErr()) imp.setProperty(ERR_PROPERTY, image.err());
		if (image.hasDq()) imp.setProperty(DQ_PROPERTY, image.dq());
		return imp;
	}

	/** The FITS header kept in an image's Info property (ImageJ's FITS reader keeps it there too). */
	public static FitsHeader header(ImagePlus imp) {
		Object info = imp.getProperty("Info");
		FitsHeader h = FitsCards.parse(info instanceof String ? (String) info : null);
		return h.setSource(imp.getTitle());
	}

	/**
	 * Stores a header as the image's Info (FITS cards, where Image > Show Info and ImageJ's FITS writer
	 * find them) and each keyword's value as an image property, so a macro reads
	 * {@code Property.get("EXPTIME")} without parsing cards.
	 */
	public static void setHeader(ImagePlus imp, FitsHeader header) {
		imp.setProperty("Info", FitsCards.toText(header));
		for (String key : header.keys()) {
			String v = header.getString(key);
			if (v != null && !v.isEmpty()) imp.setProp(key, v);
		}
	}
}
