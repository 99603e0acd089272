package org.astrofiji.io;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * A calibration run's products as files of an {@link OutputSet} (published together by its commit):
 * images as SCI, ERR, DQ (and COUNT) MEF files ({@link Hdu#of}), flags as a 16-bit image with the DQ
 * marker ({@link Hdu#flags}), read back from the staged files in bands. Closing it closes those readers.
 */
public final class CalibrationOutput implements CalibrationProducts.Output, AutoCloseable {

	private final OutputSet products;
	private final List<FitsBandReader> readers = new ArrayList<>();

	public CalibrationOutput(OutputSet products) {
		this.products = products;
	}

	@Override
	public void write(String file, AstroImage image, int[] count) throws Exception {
		FitsWriter.write(products.file(file), true, count == null ? Hdu.of(image) : Hdu.of(image, Hdu.count(count, image.width(),
			image.height())));
	}

	@Override
	public void writeFlags(String file, short[] flags, int width, int height, FitsHeader header) throws Exception {
		FitsWriter.write(products.file(file), true, Hdu.flags(ArrayImgs.unsignedShorts(flags, width, height), header, "of the detector"));
	}

	@Override
	public RowSource readBack(String file) throws Exception {
		FitsBandReader r = FitsBandReader.open(products.file(file), "SCI");
		readers.add(r);
		return FrameFiles.source(r);
	}

	@Override
	public void close() {
		FrameFiles.close(readers);
		readers.clear();
	}
}
