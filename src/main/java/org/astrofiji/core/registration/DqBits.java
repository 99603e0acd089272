package org.astrofiji.core.registration;

/**
 * Which data-quality bits a resampling carries and which it sets; the bit values come from the
 * caller's DQ flag set (no values are fixed here).
 * <ul>
 * <li>{@code carry}: the input bits that are dilated: every output pixel gets the OR of these bits of
 * all input pixels its interpolation touches (the taps with non-zero weight).</li>
 * <li>{@code noData}: set on output pixels without a value: sampled outside the source, or touching a
 * NaN pixel or an input pixel with any of the {@code noDataInput} bits (by default {@code noData}
 * itself).</li>
 * <li>{@code interpolated}: set on output pixels that have a value but whose interpolation reached past
 * the source's edge, so part of the value comes from the mirrored border (within 1 px of the edge for
 * the cubic spline, 2 px for Lanczos-3, never for nearest or bilinear).</li>
 * </ul>
 * A bit value of 0 means "do not set".
 */
public final class DqBits {

	final int carry, noData, interpolated, noDataInput;

	private DqBits(int carry, int noData, int interpolated, int noDataInput) {
		this.carry = carry;
		this.noData = noData;
		this.interpolated = interpolated;
		this.noDataInput = noDataInput;
	}

	/** Carry the {@code carry} bits; set {@code noData} and {@code interpolated} as described above. */
	public static DqBits of(int carry, int noData, int interpolated) {
		return new DqBits(carry, noData, interpolated, noData);
	}

	/** The same, with another set of input bits that mean "no data" (0: only NaN pixels). */
	public DqBits withNoDataInput(int mask) {
		return new DqBits(carry, noData, interpolated, mask);
	}

	public int carry() {
		return carry;
	}

	public int noData() {
		return noData;
	}

	public int interpolated() {
		return interpolated;
	}

	public int noDataInput() {
		return noDataInput;
	}
}
