package org.astrofiji.core.registration;

import java.util.Locale;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.wcs.Wcs;

/**
 * Resamples a whole {@link AstroImage} through a {@link Warp}: SCI, ERR (propagated), DQ and the WCS
 * of the header, the one place where the commands (Shift, Rotate, Align Images, the options of other
 * commands) move an image onto another pixel grid.
 * <p>
 * DQ of the output ({@link #DQ_BITS}): every input flag is carried to the output pixels whose
 * interpolation touches the flagged pixel (dilated by the kernel's footprint); {@link Dq#NO_DATA} marks
 * pixels outside the source's footprint (SCI = the fill value) or touching a NaN or no-data input pixel
 * (SCI NaN: input pixels flagged no-data count as NaN); {@link Dq#EDGE} marks pixels whose value relies on the mirrored extension past the
 * source's edge (within 1 px of it for the cubic spline, 2 px for Lanczos-3). {@link Dq#INTERPOLATED} is
 * not set: every resampled pixel is interpolated, and a pixel that drew on a flagged one already carries
 * that pixel's flag.
 * <p>
 * WCS: {@code Wcs.transformed} with the map from the new grid to the old one (the inverse of the warp's
 * transform), so every output pixel keeps the sky position of the source point it was sampled at; SIP
 * distortion is carried exactly.
 */
public final class ImageWarp {

	/** The DQ bits of a resampling: all flags carried, {@link Dq#NO_DATA} and {@link Dq#EDGE} set. */
	public static final DqBits DQ_BITS = DqBits.of(0x7FFF, Dq.NO_DATA, Dq.EDGE);

	private ImageWarp() {}

	/**
	 * The source resampled through {@code warp}: SCI, ERR when the source has one, DQ always (at least
	 * the no-data and edge bits), and {@code header} (the output's own, changed in place) with the WCS
	 * moved onto the new grid and a HISTORY line naming the transform.
	 */
	public static AstroImage apply(AstroImage source, Warp warp, Resampler resampler, FitsHeader header) {
		source.require2D("resampling");
		if (source.width() != warp.sourceWidth() || source.height() != warp.sourceHeight()) throw new IllegalArgumentException(
			source.name() + " (" + source.size() + ") does not fit the resampling of a " + warp.sourceWidth() + "x" +
				warp.sourceHeight() + " image");
		float[] data = noDataAsNaN(source.data(), source.dqData());
		float[] sci = resampler.image(data, warp);
		float[] err = source.hasErr() ? resampler.error(nanWhere(source.errData(), data), warp) : null;
		short[] dq = resampler.dq(source.dqData(), data, warp, DQ_BITS);
		moveWcs(header, warp.transform());
		header.addHistory(String.format(Locale.ROOT, "resampled (%s%s) %dx%d -> %dx%d through %s", resampler.interpolation().key(),
			resampler.conservesFlux() ? ", flux conserved" : "", warp.sourceWidth(), warp.sourceHeight(), warp.width(),
			warp.height(), warp.transform()));
		return AstroImage.of(source.name(), sci, warp.width(), warp.height(), header).withErr(err).withDq(dq);
	}

	/** The pixels with those flagged {@link Dq#NO_DATA} as NaN (a copy when any changes), so no value spreads from them. */
	static float[] noDataAsNaN(float[] data, short[] dq) {
		if (dq == null) return data;
		float[] out = data;
		for (int p = 0; p < data.length; p++) {
			if ((dq[p] & Dq.NO_DATA) != 0 && data[p] == data[p]) {
				if (out == data) out = data.clone();
				out[p] = Float.NaN;
			}
		}
		return out;
	}

	/** The errors with NaN where the pixels are NaN (a copy when any changes): no error without a value. */
	private static float[] nanWhere(float[] err, float[] data) {
		float[] out = err;
		for (int p = 0; p < err.length; p++) {
			if (data[p] != data[p] && err[p] == err[p]) {
				if (out == err) out = err.clone();
				out[p] = Float.NaN;
			}
		}
		return out;
	}

	/**
	 * Moves the header's WCS (if any) onto the grid that {@code oldToNew} takes its pixel grid to: the
	 * new grid's pixel p sees what the old one saw at oldToNew^-1(p). A WCS that cannot be read is
	 * removed, with a HISTORY line saying why (it could not be moved, and kept it would be wrong).
	 *
	 * @return whether the header had a WCS that was moved
	 */
	public static boolean moveWcs(FitsHeader header, Transform oldToNew) {
		Wcs wcs;
		try {
			wcs = Wcs.from(header);
		}
		catch (IllegalArgumentException e) {
			header.removeWcs().addHistory("WCS removed: it could not be read to follow the resampling (" + e.getMessage() + ")");
			return false;
		}
		if (wcs == null) return false;
		wcs.transformed(oldToNew.inverse().matrix()).writeTo(header);
		return true;
	}
}
