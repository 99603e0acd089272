package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Sip;
import org.astrofiji.core.wcs.Wcs;
import org.junit.jupiter.api.Test;

/**
 * Whole images through a warp: the WCS follows the pixels (a star's sky position before and after a
 * shift, a rotation and an affine map, TAN-SIP), ERR propagated, DQ flags carried and set.
 */
class ImageWarpTest {

	private static final int W = 160, H = 120;
	/** 1 mas in degrees. */
	private static final double MAS = 1 / 3.6e6;

	/** A TAN-SIP WCS of 0.5"/px, rotated by 20 degrees, with a second-order distortion. */
	static Wcs wcs() {
		double s = 0.5 / 3600, r = Math.toRadians(20);
		Wcs tan = Wcs.tan(70.5, 55.5, 201.25, -43.1, new double[] { -s * Math.cos(r), s * Math.sin(r), s * Math.sin(r), s * Math.cos(r) });
		double[][] a = { { 0, 0, 2e-6 }, { 0, 3e-6, 0 }, { -1e-6, 0, 0 } };
		double[][] b = { { 0, 0, -1e-6 }, { 0, 0, 0 }, { 2.5e-6, 0, 0 } };
		return tan.withSip(Sip.of(a, b, null, null));
	}

	/** A noiseless image of three Gaussian stars with the WCS above, flat ERR, and no DQ. */
	static AstroImage starImage() {
		StarFrame f = new StarFrame(W, H, new Psf(Psf.Kind.GAUSSIAN, 4, 0, 0), 0, 1, 0, 1).star(60.3, 50.7, 1e5).star(110.6, 80.2, 5e4)
			.star(30.2, 90.9, 3e4);
		FitsHeader h = new FitsHeader();
		wcs().writeTo(h);
		float[] err = new float[W * H];
		Arrays.fill(err, 2f);
		return AstroImage.of("stars", f.ideal(0, 0, 0), W, H, h).withErr(err);
	}

	/** Centre of light (FITS) of the pixels within r of (x, y). */
	static double[] centroid(AstroImage img, double x, double y, double r) {
		float[] d = img.data();
		int w = img.width(), h = img.height();
		double s = 0, sx = 0, sy = 0;
		for (int my = 0; my < h; my++) {
			for (int mx = 0; mx < w; mx++) {
				double fx = Coordinates.fitsX(mx), fy = Coordinates.fitsY(my, h);
				if (Math.hypot(fx - x, fy - y) > r || !(d[my * w + mx] == d[my * w + mx])) continue;
				s += d[my * w + mx];
				sx += d[my * w + mx] * fx;
				sy += d[my * w + mx] * fy;
			}
		}
		return new double[] { sx / s, sy / s };
	}

	/** The star at (x, y) of the source is at the same sky position in the warped image (its centre found anew). */
	private static double skyError(AstroImage src, AstroImage out, Transform t, double x, double y) {
		double[] before = centroid(src, x, y, 12);
		double[] guess = t.apply(before[0], before[1]);
		double[] after = centroid(out, guess[0], guess[1], 12);
		double[] p = Wcs.of(src).pixelToSky(before[0], before[1]), q = Wcs.of(out).pixelToSky(after[0], after[1]);
		return Equatorial.separation(p[0], p[1], q[0], q[1]);
	}

	@Test
	void aStarKeepsItsSkyPositionThroughShiftsRotationsAndAffineMaps() {
		AstroImage src = starImage();
		Warp[] warps = { Warp.shift(W, H, 3.37, -2.81), Warp.rotation(W, H, 33, true), Warp.rotation(W, H, -90, false),
			Warp.of(W, H, Transform.affine(1.05, 0.08, -4, -0.03, 0.97, 6), W, H) };
		for (Warp warp : warps) {
			for (Interpolation in : new Interpolation[] { Interpolation.CUBIC, Interpolation.LANCZOS3, Interpolation.BILINEAR }) {
				AstroImage out = ImageWarp.apply(src, warp, Resampler.of(in), src.headerCopy());
				assertEquals(warp.width(), out.width());
				// the WCS itself: each new pixel sees the sky the old WCS gives at the pixel it was sampled from
				Wcs a = Wcs.of(src), b = Wcs.of(out);
				assertTrue(b.sip() != null, "SIP carried");
				for (double[] p : new double[][] { { 1, 1 }, { 80.5, 60.5 }, { 150, 7 } }) {
					double[] old = warp.transform().inverse().apply(p[0], p[1]);
					double[] s1 = a.pixelToSky(old[0], old[1]), s2 = b.pixelToSky(p[0], p[1]);
					assertEquals(0, Equatorial.separation(s1[0], s1[1], s2[0], s2[1]), 1e-6 * MAS, warp + " at " + Arrays.toString(p));
				}
				// and the stars: the centre of light found again lies at the same sky position within 1 mas (0.002 px)
				for (double[] star : new double[][] { { 60.3, 50.7 }, { 110.6, 80.2 } }) {
					double e = skyError(src, out, warp.transform(), star[0], star[1]);
					// the spline keeps first moments; Lanczos-3 does not (its weights put a centre of light off by up to
					// 0.02 px: 11.8 mas = 0.024 px for this shift), nor bilinear when the scale changes (5 mas)
					double limit = in == Interpolation.CUBIC ? MAS : 15 * MAS;
					assertTrue(e < limit, warp + " " + in + ": star at " + Arrays.toString(star) + " moved by " + e * 3.6e6 + " mas on the sky");
				}
				assertTrue(String.join("", out.header().history()).contains("resampled (" + in.key()), out.header().history().toString());
			}
		}
	}

	@Test
	void errIsPropagatedAndDqCarriedDilatedWithNoDataAndEdgeBits() {
		int w = 40, h = 30;
		float[] sci = new float[w * h], err = new float[w * h];
		Arrays.fill(sci, 100);
		Arrays.fill(err, 2);
		short[] dq = new short[w * h];
		int hot = Coordinates.memoryIndex(20, 15, w, h), noData = Coordinates.memoryIndex(30, 10, w, h);
		dq[hot] = Dq.HOT;
		dq[noData] = Dq.NO_DATA; // a finite value flagged as no data: counts as NaN
		AstroImage src = AstroImage.of("flat", sci, w, h, new FitsHeader()).withErr(err).withDq(dq);
		Warp shift = Warp.shift(w, h, 0.5, 0);
		AstroImage out = ImageWarp.apply(src, shift, Resampler.of(Interpolation.BILINEAR), new FitsHeader());
		float[] o = out.data(), e = out.errData();
		short[] q = out.dqData();
		// bilinear at half a pixel: two equal weights of 1/2, error sqrt(2 (1/2)^2) x 2
		int centre = Coordinates.memoryIndex(10, 20, w, h);
		assertEquals(100, o[centre], 1e-4);
		assertEquals(Math.sqrt(0.5) * 2, e[centre], 1e-6);
		assertEquals(0, q[centre]);
		// the hot pixel at x = 20 reaches the outputs at x = 20.5 and 21.5 (samples 20 and 21; weight 1/2 each)
		for (int x = 19; x <= 22; x++) {
			int p = Coordinates.memoryIndex(x, 15, w, h);
			assertEquals(x == 20 || x == 21 ? Dq.HOT : 0, q[p], "x = " + x);
		}
		// the no-data pixel: NaN and NO_DATA where it is touched
		for (int x = 30; x <= 31; x++) {
			int p = Coordinates.memoryIndex(x, 10, w, h);
			assertEquals(Dq.NO_DATA, q[p]);
			assertTrue(Float.isNaN(o[p]) && Float.isNaN(e[p]));
		}
		// the first column sampled at x = 0.5 is outside: NaN, no data
		for (int y = 1; y <= h; y++) {
			int p = Coordinates.memoryIndex(1, y, w, h);
			assertTrue(Float.isNaN(o[p]));
			assertEquals(Dq.NO_DATA, q[p]);
		}
		// cubic: the column next to the border relies on the mirrored extension: EDGE
		AstroImage cubic = ImageWarp.apply(src, shift, Resampler.of(Interpolation.CUBIC), new FitsHeader());
		short[] qc = cubic.dqData();
		assertEquals(Dq.EDGE, qc[Coordinates.memoryIndex(2, 5, w, h)]);
		assertEquals(0, qc[Coordinates.memoryIndex(3, 5, w, h)]);
		assertEquals(Dq.EDGE, qc[Coordinates.memoryIndex(w, 5, w, h)]);
		// the hot flag spreads over the cubic footprint: samples 18.5 .. 22.5 touch x = 20
		for (int x = 17; x <= 24; x++) {
			assertEquals(x >= 19 && x <= 22 ? Dq.HOT : 0, qc[Coordinates.memoryIndex(x, 15, w, h)] & Dq.HOT, "cubic x = " + x);
		}
		assertFalse(cubic.hasErr() && Float.isNaN(cubic.errData()[centre]));
	}

	@Test
	void anImageWithoutWcsOrErrGetsNoneAndAnUnreadableWcsIsDropped() {
		AstroImage plain = AstroImage.of("plain", new float[20 * 10], 20, 10, new FitsHeader());
		AstroImage out = ImageWarp.apply(plain, Warp.shift(20, 10, 1, 1), Resampler.of(Interpolation.NEAREST), new FitsHeader());
		assertNull(out.err());
		assertNull(Wcs.of(out));
		assertTrue(out.hasDq(), "DQ always: the pixels shifted in have no data");
		FitsHeader broken = new FitsHeader().set("CTYPE1", "RA---TAN", "").set("CTYPE2", "DEC--TAN", "").set("CD1_1", 0.0, "")
			.set("CD2_2", 0.0, "");
		AstroImage b = ImageWarp.apply(plain.withHeader(broken), Warp.shift(20, 10, 1, 1), Resampler.of(Interpolation.NEAREST),
			broken.copy());
		assertFalse(b.header().hasWcs());
		assertTrue(b.header().history().get(0).startsWith("WCS removed"), b.header().history().toString());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageWarp.apply(plain, Warp.shift(21, 10,
			1, 1), Resampler.of(Interpolation.CUBIC), new FitsHeader()));
		assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
	}
}
