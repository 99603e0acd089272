package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Wcs;
import org.junit.jupiter.api.Test;

/**
 * Frames aligned onto a reference against the simulator's truth: the same stars rendered at positions
 * moved by a known similarity, found by stars and by WCS, resampled with the WCS following; bad input.
 */
class AlignerTest {

	static final int W = 300, H = 240;
	/** Frame FITS position -> reference FITS position. */
	static final Transform TRUTH = Transform.translation(-150.5, -120.5).then(Transform.similarity(1.002, 1.5, 150.5 + 7.3,
		120.5 - 4.6));
	static final double SCALE = 1.0 / 3600;

	/** Reference and frame: 80 stars, the frame's at TRUTH^-1 of the reference's, noise; TAN WCSs that agree on the sky. */
	static AstroImage[] pair(boolean withWcs) {
		SplittableRandom r = new SplittableRandom(17);
		Psf psf = new Psf(Psf.Kind.GAUSSIAN, 3, 0, 0);
		StarFrame ref = new StarFrame(W, H, psf, 100, 2, 5, 1), frame = new StarFrame(W, H, psf, 100, 2, 5, 2);
		Transform back = TRUTH.inverse();
		for (int i = 0; i < 80; i++) {
			double x = r.nextDouble(-20, W + 20), y = r.nextDouble(-20, H + 20), counts = Math.exp(r.nextDouble(Math.log(3e3), Math.log(3e5)));
			ref.star(x, y, counts);
			frame.star(back.x(x, y), back.y(x, y), counts);
		}
		FitsHeader hr = new FitsHeader(), hf = new FitsHeader();
		if (withWcs) {
			Wcs wr = Wcs.tan(150.5, 120.5, 83.8, -5.4, new double[] { -SCALE, 0, 0, SCALE });
			wr.writeTo(hr);
			// the frame's pixel p lies at the reference's pixel TRUTH(p)
			wr.transformed(TRUTH.matrix()).writeTo(hf);
		}
		return new AstroImage[] { AstroImage.of("ref", ref.render(0, 0, 0, 0), W, H, hr),
			AstroImage.of("frame", frame.render(0, 0, 0, 0), W, H, hf) };
	}

	@Test
	void byStarsAndByWcsTheTransformIsFoundAndTheFrameResampledOntoTheReference() {
		AstroImage[] p = pair(true);
		Aligner stars = Aligner.onto(p[0]);
		Alignment a = stars.find(p[1]);
		assertSame(Aligner.Method.STARS, a.method());
		double err = a.transform().maxDistance(TRUTH, 1, 1, W, H);
		assertTrue(err < 0.05, "by stars: off by " + err + " px over the image: " + a);
		assertTrue(a.matched() >= 25, a.summary());
		double[] shift = a.centreShift();
		assertEquals(7.3, shift[0], 0.05);
		assertEquals(-4.6, shift[1], 0.05);

		Alignment b = stars.by(Aligner.Method.WCS).find(p[1]);
		assertSame(Aligner.Method.WCS, b.method());
		assertEquals(0, b.transform().maxDistance(TRUTH, 1, 1, W, H), 1e-6, "two TAN WCSs about one point: an exact similarity");
		assertEquals(0, b.matched());
		assertTrue(b.rms() < 1e-6);

		// resampled: the frame's stars land on the reference's, and the aligned WCS agrees with the reference's
		AstroImage out = stars.resample(p[1], a, p[1].headerCopy());
		assertEquals(W, out.width());
		assertTrue(out.hasDq());
		Wcs wr = Wcs.of(p[0]), wo = Wcs.of(out);
		for (double[] q : new double[][] { { 1, 1 }, { 150, 120 }, { 300, 240 } }) {
			double[] s1 = wr.pixelToSky(q[0], q[1]), s2 = wo.pixelToSky(q[0], q[1]);
			assertTrue(Equatorial.separation(s1[0], s1[1], s2[0], s2[1]) < 0.05 * SCALE, "aligned WCS at " + q[0] + "," + q[1]);
		}
		StarList in = StarList.detect(out), refStars = stars.referenceStars();
		Match m = TransformFinder.of(Transform.Kind.TRANSLATION).find(in, refStars);
		assertTrue(Math.hypot(m.transform().tx(), m.transform().ty()) < 0.05, "aligned frame vs reference: " + m);
		// the corner the frame did not cover has no data
		short[] dq = out.dqData();
		int noData = 0;
		for (short q : dq) if ((q & Dq.NO_DATA) != 0) noData++;
		assertTrue(noData > 0 && noData < W * H / 10, noData + " pixels without data");

		// by WCS: the reference's WCS exactly
		AstroImage byWcs = stars.by(Aligner.Method.WCS).resample(p[1], b, p[1].headerCopy());
		assertEquals(wr.crpix()[0], Wcs.of(byWcs).crpix()[0], 0);

		// transforms only: the frame unresampled with the reference's WCS carried onto it
		AstroImage frameOnly = stars.withReferenceWcs(p[1], a, p[1].headerCopy());
		assertSame(p[1].sci(), frameOnly.sci());
		double[] fp = TRUTH.inverse().apply(100, 80), s1 = wr.pixelToSky(100, 80), s2 = Wcs.of(frameOnly).pixelToSky(fp[0], fp[1]);
		assertTrue(Equatorial.separation(s1[0], s1[1], s2[0], s2[1]) < 0.05 * SCALE);
	}

	@Test
	void withoutWcsTheAlignedFrameHasNoneAndAliasesAreRefused() {
		AstroImage[] p = pair(false);
		Aligner al = Aligner.onto(p[0]).finder(TransformFinder.of(Transform.Kind.AFFINE));
		Alignment a = al.find(p[1]);
		assertEquals(Transform.Kind.AFFINE, a.transform().kind());
		assertTrue(a.transform().maxDistance(TRUTH, 1, 1, W, H) < 0.08, a.toString());
		assertNull(Wcs.of(al.resample(p[1], a, new FitsHeader())));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> al.by(Aligner.Method.WCS));
		assertEquals("reference ref has no celestial WCS to align onto (method wcs): align by stars, or choose a reference with a WCS",
			e.getMessage());
		AstroImage[] q = pair(true);
		e = assertThrows(IllegalArgumentException.class, () -> Aligner.onto(q[0]).by(Aligner.Method.WCS).find(p[1]));
		assertEquals("frame has no celestial WCS to align by (method wcs)", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Aligner.Method.of("triangles"));
	}

	@Test
	void emptyAndDistantFramesAreRefusedClearly() {
		AstroImage[] p = pair(true);
		float[] sky = new float[W * H];
		java.util.Arrays.fill(sky, 100);
		AstroImage blank = AstroImage.of("blank", sky, W, H, new FitsHeader());
		NoMatchException none = assertThrows(NoMatchException.class, () -> Aligner.onto(p[0]).find(blank));
		assertTrue(none.getMessage().startsWith("found 0 matching stars, need 3 (the source list has only 0 stars)"), none.getMessage());
		// a frame 2 degrees away on the sky: its WCS maps it off the reference
		FitsHeader far = new FitsHeader();
		Wcs.tan(150.5, 120.5, 85.8, -5.4, new double[] { -SCALE, 0, 0, SCALE }).writeTo(far);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aligner.onto(p[0]).by(Aligner.Method.WCS)
			.find(p[1].withHeader(far)));
		assertTrue(e.getMessage().startsWith("frame does not overlap the reference ref"), e.getMessage());
	}
}
