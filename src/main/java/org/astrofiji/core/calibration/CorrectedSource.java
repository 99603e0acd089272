package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

/**
 * A raw frame read in bands with its corrections applied on the fly, so that calibration frames can
 * be corrected and combined without holding them in memory: overscan level subtracted, trimmed to the
 * data section, a master bias subtracted and a master dark (times a factor) subtracted, in that order
 * and in double precision: {@code raw - overscan - bias - k dark}.
 */
public final class CorrectedSource implements RowSource {

	private final RowSource raw;
	private final Section trim;
	private final Overscan overscan;
	private final float[] bias, dark;
	private final double darkScale;
	private final String name;

	/**
	 * @param trim the data section (null: the whole frame)
	 * @param overscan levels to subtract (null: none)
	 * @param bias master bias of the trimmed size (null: none)
	 * @param dark master dark of the trimmed size (null: none), multiplied by {@code darkScale}
	 */
	public CorrectedSource(RowSource raw, Section trim, Overscan overscan, float[] bias, float[] dark, double darkScale) {
		this.raw = raw;
		this.trim = trim == null ? Section.all(raw.width(), raw.height()) : trim;
		this.overscan = overscan;
		this.bias = bias;
		this.dark = dark;
		this.darkScale = darkScale;
		this.name = raw.name();
		int n = this.trim.width * this.trim.height;
		if (bias != null && bias.length != n) throw new IllegalArgumentException(name + ": the master bias (" + bias.length +
			" pixels) does not fit the data section " + this.trim + " (" + this.trim.width + "x" + this.trim.height + ")");
		if (dark != null && dark.length != n) throw new IllegalArgumentException(name + ": the master dark (" + dark.length +
			" pixels) does not fit the data section " + this.trim + " (" + this.trim.width + "x" + this.trim.height + ")");
		if (overscan != null) overscan.requireCovers(this.trim, name);
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public int width() {
		return trim.width;
	}

	@Override
	public int height() {
		return trim.height;
	}

	@Override
	public void read(int row, int rows, float[] dst, int offset) throws Exception {
		int w = trim.width, rw = raw.width();
		boolean whole = trim.x0 == 0 && w == rw;
		float[] src;
		int srcOffset;
		if (whole) { // read in place, correct in place
			raw.read(trim.y0 + row, rows, dst, offset);
			src = dst;
			srcOffset = offset;
		}
		else {
			src = new float[rows * rw];
			raw.read(trim.y0 + row, rows, src, 0);
			srcOffset = trim.x0;
		}
		if (overscan == null && bias == null && dark == null) {
			if (!whole) for (int r = 0; r < rows; r++) System.arraycopy(src, r * rw + srcOffset, dst, offset + r * w, w);
			return;
		}
		for (int r = 0; r < rows; r++) {
			int y = row + r, rawY = trim.y0 + y;
			int in = (whole ? offset + r * w : r * rw + srcOffset), out = offset + r * w, m = y * w;
			for (int x = 0; x < w; x++) {
				double v = src[in + x];
				if (overscan != null) v -= overscan.level(trim.x0 + x, rawY);
				if (bias != null) v -= bias[m + x];
				if (dark != null) v -= darkScale * dark[m + x];
				dst[out + x] = (float) v;
			}
		}
	}
}
