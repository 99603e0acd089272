package org.astrofiji.io;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * A calibration run's products as files among {@link Products}: images as SCI, ERR, DQ (and COUNT)
 * MEF files ({@link Hdu#of}), flags as a 16-bit image with the DQ marker ({@link Hdu#flags}), read
 * back from the staged files in bands. Closing it closes those readers.
 */
public final class CalibrationOutput implements CalibrationProducts.Output, AutoCloseable {

	private final Products products, reduced;
	private final List<FitsBandReader> readers = new ArrayList<>();

	public CalibrationOutput(Products products) {
		this(products, null);
	}

	/** Products, with the reduced science frames among {@code reduced} (null: among the others). */
	public CalibrationOutput(Products products, Products reduced) {
		this.products = products;
		this.reduced = reduced;
	}

	@Override
	public void write(String file, AstroImage image, int[] count) throws Exception {
		products.write(file, count == null ? Hdu.of(image) : Hdu.of(image, Hdu.count(count, image.width(), image.height())));
	}

	@Override
	public void writeReduced(String file, AstroImage image) throws Exception {
		(reduced == null ? products : reduced).write(file, Hdu.of(image));
	}

	@Override
	public void writeFlags(String file, short[] flags, int width, int height, FitsHeader header) throws Exception {
		products.write(file, List.of(Hdu.flags(ArrayImgs.unsignedShorts(flags, width, height), header, "of the detector")));
	}

	@Override
	public RowSource readBack(String file) throws Exception {
		boolean inReduced = reduced != null && reduced.names().contains(file);
		FitsBandReader r = FitsBandReader.open((inReduced ? reduced : products).file(file), "SCI");
		readers.add(r);
		return FrameFiles.source(r);
	}

	@Override
	public void close() {
		FrameFiles.close(readers);
		readers.clear();
	}
}
