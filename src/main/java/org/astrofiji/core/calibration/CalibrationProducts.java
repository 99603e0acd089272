package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import org.astrofiji.core.wcs.Wcs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * The products of a calibration run as they go out: their file names ({@code master_bias.fits},
 * {@code master_dark_60s.fits}, {@code <frame>_red.fits}, {@code combined_<filter>.fits},
 * {@code bad_pixels.fits}, {@code calibration_summary.csv}) and headers: the first input frame's header
 * (WCS removed from masters and trimmed frames), NCOMBINE, CALTYPE and the exposure time of masters,
 * the calibrated SATURATE of reduced frames, and HISTORY with the run's parameters, the inputs and what
 * was done. Where they are stored is the {@link Output}'s business.
 */
public final class CalibrationProducts implements MasterCalibration.Sink {

	/** The summary table's file. */
	public static final String SUMMARY = "calibration_summary.csv";

	/** Where the products are stored. */
	public interface Output {

		/** Stores an image (SCI, ERR, DQ) and, for combinations, the frames used per pixel (else null). */
		void write(String file, AstroImage image, int[] count) throws Exception;

		/** Stores a reduced science frame (SCI, ERR, DQ): where the reduced frames go may differ from the masters. */
		default void writeReduced(String file, AstroImage image) throws Exception {
			write(file, image, null);
		}

		/** Stores {@link org.astrofiji.core.image.Dq} flags as a 16-bit image. */
		void writeFlags(String file, short[] flags, int width, int height, FitsHeader header) throws Exception;

		/** A stored image read back in bands (for the science combination). */
		RowSource readBack(String file) throws Exception;
	}

	private final Output out;
	private final String history;
	private final MasterCalibration.Settings settings;
	private final Map<String, Frame> frames = new LinkedHashMap<>();

	/**
	 * @param frames every frame of the run (the products start from their headers)
	 * @param history the HISTORY line naming the run and its parameters
	 */
	public CalibrationProducts(Output out, Collection<List<Frame>> frames, String history, MasterCalibration.Settings settings) {
		this.out = out;
		this.history = history;
		this.settings = settings;
		for (List<Frame> l : frames) for (Frame f : l) this.frames.put(f.name, f);
	}

	/** The file of a product label: "master_bias.fits". */
	public static String file(String label) {
		return label + ".fits";
	}

	/**
	 * A copy of a frame's header with the run's HISTORY, its WCS following the trim (CRPIX moves with the
	 * first pixel kept); empty when the frame is unknown.
	 */
	private FitsHeader header(String frame) {
		Frame f = frames.get(frame);
		FitsHeader h = f == null ? new FitsHeader() : f.header.copy();
		if (f != null && f.trim != null && h.hasWcs()) {
			try {
				Wcs wcs = Wcs.from(h);
				if (wcs == null) h.removeWcs();
				else wcs.cropped(f.trim.fitsX1(), f.trim.fitsY1()).writeTo(h);
			}
			catch (IllegalArgumentException e) {
				h.removeWcs().addHistory("WCS removed: it could not be read to follow the trim (" + e.getMessage() + ")");
			}
		}
		return h.addHistory(history);
	}

	@Override
	public void master(Master m) throws Exception {
		FitsHeader h = header(m.inputs.get(0)).removeWcs();
		h.set("NCOMBINE", m.inputs.size(), "number of frames combined");
		h.set("CALTYPE", m.kind, "master calibration frame");
		if (!Double.isNaN(m.exptime)) h.set(settings.exptimeKey, m.exptime, "exposure time of the master, s");
		h.addHistory("inputs: " + String.join(" ", m.inputs));
		h.addHistory(m.description);
		out.write(file(m.label), m.image(h), m.count);
	}

	@Override
	public RowSource reduced(Reduced r) throws Exception {
		FitsHeader h = header(r.frame.name);
		if (!Double.isNaN(r.saturation)) h.set("SATURATE", r.saturation, "lowest calibrated value of a saturated pixel");
		h.addHistory("calibrated: " + r.description);
		out.writeReduced(file(r.label), r.image(h));
		return settings.combineScience ? out.readBack(file(r.label)) : null;
	}

	@Override
	public void combined(String label, String filter, CombineResult r, List<String> inputs) throws Exception {
		String first = "";
		for (Frame f : frames.values()) if (MasterCalibration.reducedLabel(f.name).equals(inputs.get(0))) first = f.name;
		FitsHeader h = header(first);
		h.set("NCOMBINE", inputs.size(), "number of reduced frames combined");
		h.addHistory("inputs: " + String.join(" ", inputs));
		h.addHistory(r.summary());
		out.write(file(label), r.image(label, h), r.count);
	}

	@Override
	public void badPixels(BadPixels b) throws Exception {
		FitsHeader h = new FitsHeader().set("NHOT", b.hot(), "hot pixels (flag 8)").set("NDEAD", b.dead(),
			"dead or low-response pixels (flag 16)");
		h.set("HOTSIGMA", settings.hotSigma, "hot: dark current above local median + k sigma");
		h.set("DEADFRAC", settings.deadFraction, "dead: flat below this fraction of local median");
		h.addHistory(history);
		for (String n : b.notes()) h.addHistory(n);
		out.writeFlags(file(MasterCalibration.BAD_PIXELS), b.flags, b.width, b.height, h);
	}

	/**
	 * The run's summary table with file names: every frame used and the product it went into, every
	 * product, then the frames a glob matched but IMAGETYP excluded.
	 */
	public static Table summary(MasterCalibration.Result result, FrameSelection.Result selection) {
		Table t = result.summary;
		for (int r = 0; r < t.rowCount(); r++) {
			String p = t.getString(r, "product"), type = t.getString(r, "type");
			if (!p.isEmpty()) t.set(r, "product", file(p));
			if (type.startsWith("master") || type.startsWith("combined") || type.equals("bad pixel mask")) {
				t.set(r, "file", file(t.getString(r, "file")));
			}
		}
		for (FrameSelection.Skipped s : selection.skipped) t.addRow(s.name, "skipped", "", Double.NaN, "", s.note);
		return t;
	}
}
