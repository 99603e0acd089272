package org.astrofiji.io;

import java.util.ArrayList;
import java.util.List;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.Images;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

/**
 * One HDU to write: pixels in ImageJ orientation (2-D, or 3-D for a cube; null for a header-only
 * primary), the descriptive header, the extension name and the BITPIX to store them with.
 * The pixels of a 2-D image may also be {@link RowSource} (a computed image: see
 * {@link AstroImage#rows()}), which the writer takes band by band without a full-size array.
 * Immutable; the {@code with...} methods return changed copies.
 */
public final class Hdu {

	/** BITPIX values the writer supports: float, double, unsigned 8 and 16 bit, signed 32 bit. */
	public static final int[] BITPIX_CHOICES = { -32, -64, 8, 16, 32 };

	private final RandomAccessibleInterval<? extends RealType<?>> data;
	/** The pixels band by band when they are computed (data is then null). */
	private final RowSource bands;
	private final FitsHeader header;
	private final String extname;
	private final int bitpix;

	private Hdu(RandomAccessibleInterval<? extends RealType<?>> data, FitsHeader header, String extname, int bitpix) {
		this(data, null, header, extname, bitpix);
	}

	private Hdu(RandomAccessibleInterval<? extends RealType<?>> data, RowSource bands, FitsHeader header, String extname,
		int bitpix)
	{
		if (data != null && (data.numDimensions() < 2 || data.numDimensions() > 3)) throw new IllegalArgumentException(
			"only 2-D images and 3-D cubes can be written as FITS, got " + data.numDimensions() + "-D");
		this.bands = data == null ? bands : null;
		boolean known = false;
		for (int b : BITPIX_CHOICES) known |= b == bitpix;
		if (!known) throw new IllegalArgumentException("bitpix must be one of -32, -64, 8, 16 (unsigned) or 32, got " + bitpix);
		this.data = data;
		this.header = header == null ? new FitsHeader() : header;
		this.extname = extname;
		this.bitpix = bitpix;
	}

	/** An image stored as 32-bit float. */
	public static Hdu image(RandomAccessibleInterval<? extends RealType<?>> data, FitsHeader header) {
		return new Hdu(data, header, null, -32);
	}

	/**
	 * SCI of an image stored as 32-bit float: a computed image's rows (see {@link AstroImage#rows()}) while
	 * its array is not made, else its pixels.
	 */
	public static Hdu image(AstroImage image, FitsHeader header) {
		if (image.isComputedLazily()) return new Hdu(null, image.rows(), header, null, -32);
		return image(image.sci(), header);
	}

	/** A header without data: the primary HDU of a multi-extension file. */
	public static Hdu empty(FitsHeader header) {
		return new Hdu(null, header, null, -32);
	}

	/**
	 * The HDUs of an image: one primary image when it has neither ERR, DQ nor extra extensions;
	 * otherwise the header in an empty primary, then SCI (with the whole header too, so opening
	 * file.fits[SCI] shows its provenance), ERR (float) and DQ (16-bit flags) with the header's HISTORY, and the
	 * extra extensions.
	 */
	public static List<Hdu> of(AstroImage image, Hdu... extensions) {
		List<Hdu> hdus = new ArrayList<>();
		FitsHeader h = image.header();
		if (!image.hasErr() && !image.hasDq() && extensions.length == 0) {
			hdus.add(image(image, h));
			return hdus;
		}
		hdus.add(empty(h));
		hdus.add(image(image, h.copy()).withExtname("SCI"));
		// ERR and DQ carry the image's HISTORY too: each HDU read on its own still tells how it was made
		if (image.hasErr()) hdus.add(image(image.err(), h.historyCards().addComment("uncertainty (1 sigma) of SCI"))
			.withExtname("ERR"));
		if (image.hasDq()) hdus.add(flags(image.dq(), h.historyCards(), "of SCI").withExtname("DQ"));
		for (Hdu e : extensions) hdus.add(e);
		return hdus;
	}

	/**
	 * {@link Dq} flags stored as 16-bit integers, marked as Astro Fiji's ({@link Dq#MARKER_KEY}) with
	 * the legend of the bits in COMMENT cards after the cards of {@code header}; {@code of} says
	 * whose flags they are ("of SCI").
	 */
	public static Hdu flags(RandomAccessibleInterval<? extends RealType<?>> dq, FitsHeader header, String of) {
		FitsHeader h = header.copy().set(Dq.MARKER_KEY, Dq.MARKER_VALUE, "flag bits as below")
			.addComment("data quality flags " + of + ", one bit each (0 = good):");
		for (String line : Dq.legend()) h.addComment(line);
		return image(dq, h).withBitpix(16);
	}

	/** The COUNT extension of a combination: the number of frames used at each pixel (16-bit). */
	public static Hdu count(int[] count, int width, int height) {
		return image(ArrayImgs.ints(count, width, height), new FitsHeader().addComment("number of frames combined at each pixel"))
			.withExtname("COUNT").withBitpix(16);
	}

	public Hdu withExtname(String name) {
		return new Hdu(data, bands, header, name, bitpix);
	}

	public Hdu withBitpix(int b) {
		return new Hdu(data, bands, header, extname, b);
	}

	public Hdu withHeader(FitsHeader h) {
		return new Hdu(data, bands, h, extname, bitpix);
	}

	/** The pixels (null for a header-only HDU); computed rows are made into a new array here. */
	public RandomAccessibleInterval<? extends RealType<?>> data() {
		return bands == null ? data : Images.wrap(RowSource.readAll(bands), bands.width(), bands.height());
	}

	/** The pixels band by band when they are computed, else null (then see {@link #data()}). */
	public RowSource bands() {
		return bands;
	}

	/** False for a header-only HDU. */
	public boolean hasData() {
		return data != null || bands != null;
	}

	public FitsHeader header() {
		return header;
	}

	public String extname() {
		return extname;
	}

	public int bitpix() {
		return bitpix;
	}
}
