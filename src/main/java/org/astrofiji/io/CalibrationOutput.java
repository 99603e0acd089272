package org.astrofiji.io;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * A calibration run's products as files of an {@link OutputSet} (published together by its commit):
 * images as SCI, ERR, DQ (and COUNT) MEF files ({@link Hdu#of}), flags as a 16-bit image with the DQ
 * marker ({@link Hdu#flags}), read back from the staged files in bands. Closing it closes those readers.
 */
public final class CalibrationOutput implements CalibrationProducts.Output, AutoCloseable {

	private final OutputSet products;
	/** Where the reduced science frames go (null: among the other products). */
	private final File reducedDir;
	private final Set<String> reduced = new HashSet<>();
	private final List<FitsBandReader> readers = new ArrayList<>();

	public CalibrationOutput(OutputSet products) {
		this(products, null);
	}

	/** Products, with the reduced science frames in {@code reducedDir} (null: among the others). */
	public CalibrationOutput(OutputSet products, File reducedDir) {
		this.products = products;
		this.reducedDir = reducedDir;
	}

	@Override
	public void write(String file, AstroImage image, int[] count) throws Exception {
		FitsWriter.write(products.file(file), true, count == null ? Hdu.of(image) : Hdu.of(image, Hdu.count(count, image.width(),
			image.height())));
	}

	@Override
	public void writeReduced(String file, AstroImage image) throws Exception {
		reduced.add(file);
		FitsWriter.write(staged(file), true, Hdu.of(image));
	}

	/** The staged path of a product: a reduced frame in its own directory when one is given. */
	private File staged(String file) throws Exception {
		return reducedDir != null && reduced.contains(file) ? products.file(new File(reducedDir, file)) : products.file(file);
	}

	@Override
	public void writeFlags(String file, short[] flags, int width, int height, FitsHeader header) throws Exception {
		FitsWriter.write(products.file(file), true, Hdu.flags(ArrayImgs.unsignedShorts(flags, width, height), header, "of the detector"));
	}

	@Override
	public RowSource readBack(String file) throws Exception {
		FitsBandReader r = FitsBandReader.open(staged(file), "SCI");
		readers.add(r);
		return FrameFiles.source(r);
	}

	@Override
	public void close() {
		FrameFiles.close(readers);
		readers.clear();
	}
}
