package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Saves an image (a stack as a cube) as FITS with its header: 32-bit float by default, or 16-bit
 * unsigned (BZERO = 32768) and the other integer types on request; atomically, and never over an
 * existing file unless {@code overwrite} is set. Headless, {@code input} names a FITS file to convert
 * instead (another BITPIX, gzip or tile compression). Replacing the very file an open image came from
 * with a copy that loses something (values rounded or clipped by an integer BITPIX, 64-bit values kept
 * as 32-bit floats, other HDUs of the file) is refused; a lossy conversion into another file is noted
 * in the summary.
 */
@Plugin(type = Command.class, label = "Save FITS", headless = true,
	description = "Save an image as FITS with its header (BITPIX -32, -64, 16, 8 or 32)")
public class SaveFitsCommand extends ImageInputCommand {

	@Parameter(label = "path", style = FileWidget.SAVE_STYLE, persist = false,
		description = "The FITS file to write (.fits, .fits.gz for gzip, .fits.fz for lossless tile compression)")
	private File path;

	@Parameter(label = "bitpix", choices = { "-32", "-64", "16", "8", "32" },
		description = "Pixel type of SCI: -32 float (default), -64 double, 16 unsigned with BZERO 32768, 8 unsigned, 32 signed (ERR stays float, DQ 16-bit)")
	private String bitpix = "-32";

	@Parameter(label = "overwrite", description = "Replace the file if it exists (never the file an open image came from with a lossy copy)")
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("path", path, FileOutputs.Kind.FITS).check()) {
			if (input == null && image == null) throw new IllegalArgumentException("no image to save: open one, or give an input FITS file");
			AstroImage img = source();
			int b = Integer.parseInt(bitpix);
			long changed = FitsWriter.changedBy(b, img.sci());
			FitsHeader h = img.headerCopy();
			// float output stores the pixels exactly; integer output quantizes them, which history records
			if (b > 0) h.addHistory(Provenance.of(this));
			List<Hdu> hdus = Hdu.of(img.withHeader(h));
			// SCI is the first HDU with data
			int sci = hdus.get(0).hasData() ? 0 : 1;
			hdus.set(sci, hdus.get(sci).withBitpix(b));
			int source = sourceHdus(img);
			if (source >= 0) {
				List<String> losses = losses(img, b, changed);
				int dropped = source - (int) hdus.stream().filter(Hdu::hasData).count();
				if (dropped > 0) losses.add("drops " + dropped + " other HDU" + (dropped == 1 ? "" : "s") + " of the file");
				if (!losses.isEmpty()) throw new IllegalArgumentException("path: " + path + " is the file " + img.name() +
					" came from, and this copy " + String.join(" and ", losses) + "; save to another file" +
					(changed > 0 ? " or with bitpix -32" : ""));
			}
			FitsWriter.write(out.file(path), true, hdus);
			out.commit();
			summary = "wrote " + path + " (" + img.size() + ", BITPIX " + b + (img.hasErr() || img.hasDq()
				? "; SCI, " + (img.hasErr() ? "ERR, " : "") + (img.hasDq() ? "DQ" : "") : "").replaceAll(", $", "") + ")" +
				(changed > 0 ? "; note: BITPIX " + b + " rounded or clipped " + changed + " pixel values" : "");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** What a copy at this BITPIX loses against the file the image came from. */
	private static List<String> losses(AstroImage img, int b, long changed) {
		List<String> l = new ArrayList<>();
		if (changed > 0) l.add("rounds or clips " + changed + " pixel values (BITPIX " + b + ")");
		if (Math.abs(img.bitpix()) == 64 || img.bitpix() == 32 && beyondFloat(img)) l.add("keeps the file's " + img.bitpix() +
			"-bit values only as 32-bit floats");
		return l;
	}

	/** True when a value of a 32-bit integer image may have been rounded by its float copy (|v| > 2^24). */
	private static boolean beyondFloat(AstroImage img) {
		for (FloatType t : img.sci()) if (Math.abs(t.get()) > (1 << 24)) return true;
		return false;
	}

	/**
	 * When {@code path} is the file the open image was read from (it has the image's name, without an
	 * [EXT] selector, and holds an image of its size): the number of its HDUs holding data; else -1.
	 */
	private int sourceHdus(AstroImage img) {
		if (input != null || !path.isFile() || !img.name().replaceAll("\\[[^\\]]*\\]$", "").equals(path.getName())) return -1;
		try {
			int data = 0;
			boolean same = false;
			for (FitsReader.HduInfo hdu : FitsReader.list(path)) {
				if (hdu.axes.length > 0) data++;
				same |= hdu.isImage() && hdu.axes.length >= 2 && hdu.axes[0] == img.width() && hdu.axes[1] == img.height();
			}
			return same ? data : -1;
		}
		catch (IOException e) {
			return -1; // an unreadable file is not the image's source
		}
	}
}
