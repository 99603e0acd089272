package org.astrofiji.io;

import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.astrofiji.core.Version;

/**
 * 8-bit-per-channel colour pictures (PNG or TIFF, by the file's extension) of packed RGB pixels, with
 * the FITS header that goes with them. Written with the JDK's javax.imageio, atomically.
 * <p>
 * Orientation: the pixels are in ImageJ orientation (row 0 at the top, FITS row 1 at the bottom), and
 * so is the picture: north up where the FITS file has north up, as DS9 shows it and as matplotlib's
 * {@code imsave(..., origin='lower')} writes it (what astropy's make_lupton_rgb does).
 * <p>
 * The header text (one FITS card per line) goes into the PNG as a {@code tEXt} "Comment" chunk, and
 * into the TIFF as ImageJ's own metadata (tags 50838/50839, "info"), so ImageJ and Fiji open the TIFF
 * with the header as its Info, WCS included.
 */
public final class RgbFiles {

	/** ImageJ's private TIFF tags (registered with Adobe) and the "IJIJ" / "info" metadata codes. */
	private static final int META_DATA_BYTE_COUNTS = 50838, META_DATA = 50839;
	private static final int MAGIC = 0x494a494a, INFO = 0x696e666f;

	private RgbFiles() {}

	/** True for the file names this class writes: .png, .tif, .tiff (any case). */
	public static boolean isRgbFile(File f) {
		String n = f.getName().toLowerCase(Locale.ROOT);
		return n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff");
	}

	/**
	 * Writes packed 0xRRGGBB pixels (row-major, alpha ignored) as PNG or TIFF by {@code file}'s
	 * extension, with the header's text (may be null); never over an existing file unless overwrite.
	 */
	public static void write(File file, boolean overwrite, int[] rgb, int width, int height, FitsHeader header)
		throws IOException
	{
		if (!isRgbFile(file)) throw new IOException("output " + file + ": a colour picture is written as .png, .tif or " +
			".tiff");
		if (rgb.length != (long) width * height) throw new IllegalArgumentException("pixel array of length " + rgb.length +
			" does not fit " + width + "x" + height);
		boolean png = file.getName().toLowerCase(Locale.ROOT).endsWith(".png");
		BufferedImage img = image(rgb, width, height);
		String text = header == null ? "" : FitsCards.toText(header);
		OutputFiles.write(file, overwrite, out -> {
			try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
				if (png) writePng(ios, img, text);
				else writeTiff(ios, img, text);
			}
		});
	}

	/** A BufferedImage over the int array itself (no copy), 8-bit RGB. */
	static BufferedImage image(int[] rgb, int width, int height) {
		DirectColorModel cm = new DirectColorModel(24, 0xff0000, 0xff00, 0xff);
		WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(rgb, rgb.length), width, height, width,
			new int[] { 0xff0000, 0xff00, 0xff }, null);
		return new BufferedImage(cm, raster, false, null);
	}

	private static void writePng(ImageOutputStream ios, BufferedImage img, String text) throws IOException {
		ImageWriter writer = writer("png");
		try {
			ImageWriteParam param = writer.getDefaultWriteParam();
			IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
			String format = "javax_imageio_png_1.0";
			IIOMetadataNode root = new IIOMetadataNode(format);
			IIOMetadataNode chunks = new IIOMetadataNode("tEXt");
			chunks.appendChild(textEntry("Software", Version.software()));
			if (!text.isEmpty()) chunks.appendChild(textEntry("Comment", latin1(text)));
			root.appendChild(chunks);
			md.mergeTree(format, root);
			writer.setOutput(ios);
			writer.write(null, new IIOImage(img, null, md), param);
		}
		finally {
			writer.dispose();
		}
	}

	private static IIOMetadataNode textEntry(String keyword, String value) {
		IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
		e.setAttribute("keyword", keyword);
		e.setAttribute("value", value);
		return e;
	}

	private static void writeTiff(ImageOutputStream ios, BufferedImage img, String text) throws IOException {
		ImageWriter writer = writer("tiff");
		try {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType("ZLib"); // Adobe Deflate (TIFF compression 8), which ImageJ reads
			IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
			TIFFDirectory dir = TIFFDirectory.createFromMetadata(md);
			if (!text.isEmpty()) {
				byte[] info = ByteBuffer.allocate(12 + 2 * text.length()).putInt(MAGIC).putInt(INFO).putInt(1)
					.put(text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE)).array();
				dir.addTIFFField(new TIFFField(new TIFFTag("ImageJMetaDataByteCounts", META_DATA_BYTE_COUNTS,
					1 << TIFFTag.TIFF_LONG), TIFFTag.TIFF_LONG, 2, new long[] { 12, info.length - 12 }));
				dir.addTIFFField(new TIFFField(new TIFFTag("ImageJMetaData", META_DATA, 1 << TIFFTag.TIFF_BYTE),
					TIFFTag.TIFF_BYTE, info.length, info));
			}
			writer.setOutput(ios);
			writer.write(null, new IIOImage(img, null, dir.getAsMetadata()), param);
		}
		finally {
			writer.dispose();
		}
	}

	private static ImageWriter writer(String format) throws IOException {
		Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
		if (!it.hasNext()) throw new IOException("this Java has no " + format.toUpperCase(Locale.ROOT) + " writer");
		return it.next();
	}

	/** PNG tEXt is Latin-1: FITS headers are ASCII anyway; anything else becomes '?'. */
	private static String latin1(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (char c : s.toCharArray()) sb.append(c < 256 ? c : '?');
		return sb.toString();
	}
}
