package org.astrofiji.io;

import java.io.File;
import java.io.IOException;

import org.astrofiji.core.Table;
import org.astrofiji.core.calibration.CalibrationProducts;
import org.astrofiji.core.calibration.Master;
import org.astrofiji.core.calibration.MasterCalibration;
import org.astrofiji.core.image.AstroImage;

/**
 * The products of a calibration made in parts ({@link MasterCalibration.Settings#make}): masters made
 * by earlier runs are read back from the output directory, and each part's summary rows are kept as a
 * small CSV in its hidden folder {@value #PARTS} (published with the part's other products), from which
 * the summary part writes {@code calibration_summary.csv}.
 */
public final class CalibrationStore implements MasterCalibration.Stored {

	/** The folder of the parts' summary rows, in the output directory. */
	public static final String PARTS = ".calibration_parts";

	private final File dir;
	private final OutputSet products;

	/** Reads from {@code dir} and records rows into {@code products} (the run's output set on {@code dir}). */
	public CalibrationStore(File dir, OutputSet products) {
		this.dir = dir;
		this.products = products;
	}

	/** The file of a part's summary rows. */
	public static File rowsFile(File dir, String part) {
		return new File(new File(dir, PARTS), part + ".csv");
	}

	@Override
	public Master master(String kind, String label, double exptime, String filter) throws IOException {
		File f = new File(dir, CalibrationProducts.file(label));
		if (!f.isFile()) throw new IllegalArgumentException("products: " + label + " is needed but " + f +
			" does not exist (make it first)");
		AstroImage m = FitsReader.readImage(f.getPath());
		if (m.errData() == null) throw new IllegalArgumentException(f + " has no ERR extension: not a master of Master Calibration");
		return Master.stored(kind, label, m.width(), m.height(), m.data(), m.errData(), exptime, filter);
	}

	@Override
	public short[] badPixels(int width, int height) throws IOException {
		File f = new File(dir, CalibrationProducts.file(MasterCalibration.BAD_PIXELS));
		if (!f.isFile()) throw new IllegalArgumentException("products: " + MasterCalibration.BAD_PIXELS + " is needed but " + f +
			" does not exist (make it first)");
		AstroImage m = FitsReader.readImage(f.getPath());
		if (m.width() != width || m.height() != height) throw new IllegalArgumentException(f + " is " + m.width() + "x" + m.height() +
			" but the masters are " + width + "x" + height);
		float[] v = m.data();
		short[] flags = new short[v.length];
		for (int i = 0; i < v.length; i++) flags[i] = (short) v[i];
		return flags;
	}

	@Override
	public void rows(String part, Table rows) throws IOException {
		CsvTables.write(products.file(new File(PARTS, part + ".csv").getPath()), rows, true);
	}

	@Override
	public Table rows(String part) throws IOException {
		File f = rowsFile(dir, part);
		if (!f.isFile()) throw new IllegalArgumentException("products: the summary needs part " + part + " but " + f +
			" does not exist (make it first)");
		return CsvTables.read(f);
	}
}
