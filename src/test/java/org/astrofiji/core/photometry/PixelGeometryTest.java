package org.astrofiji.core.photometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The exact pixel overlaps against geometry: the two independent formulas (corner function for discs,
 * disc-polygon sums for ellipses) against each other, total areas against pi r^2, and values worked
 * out by hand.
 */
class PixelGeometryTest {

	static final int W = 200, H = 150;

	/** The weights of a shape as a full image (0 off the footprint). */
	static double[] weights(Aperture ap, double cx, double cy, Overlap ov) {
		Footprint f = new Footprint().build(ap, cx, cy, W, H, ov);
		double[] img = new double[W * H];
		for (int k = 0; k < f.n; k++) img[f.pixel[k]] = f.weight[k];
		return img;
	}

	@Test
	void discRectangleAgreesWithTheDiscPolygonSum() {
		SplittableRandom rnd = new SplittableRandom(3);
		for (int t = 0; t < 20000; t++) {
			double r = 0.05 + 10 * rnd.nextDouble();
			double x0 = (rnd.nextDouble() - 0.5) * 3 * r, y0 = (rnd.nextDouble() - 0.5) * 3 * r;
			double x1 = x0 + rnd.nextDouble() * 2 * r, y1 = y0 + rnd.nextDouble() * 2 * r;
			double a = PixelGeometry.discRectangle(r, x0, y0, x1, y1);
			double[] px = { x0 / r, x1 / r, x1 / r, x0 / r }, py = { y0 / r, y0 / r, y1 / r, y1 / r };
			double b = r * r * PixelGeometry.discPolygon(px, py, 4);
			assertEquals(b, a, 1e-12 * r * r, "r=" + r + " [" + x0 + "," + x1 + "]x[" + y0 + "," + y1 + "]");
			assertTrue(a >= -1e-12 * r * r && a <= (x1 - x0) * (y1 - y0) + 1e-12 * r * r);
		}
	}

	@Test
	void handWorkedValues() {
		// a disc of radius 1/2 inside one pixel, a unit disc centred on a pixel corner (a quarter in each of 4 pixels)
		double[] w = weights(Aperture.circle(0.5), 10, 20, Overlap.exact());
		assertEquals(Math.PI / 4, w[20 * W + 10], 1e-15);
		assertEquals(Math.PI / 4, sum(w), 1e-15);
		w = weights(Aperture.circle(1), 10.5, 20.5, Overlap.exact());
		for (int p : new int[] { 20 * W + 10, 20 * W + 11, 21 * W + 10, 21 * W + 11 }) assertEquals(Math.PI / 4, w[p], 1e-14);
		// half a pixel-wide strip: the disc r = 1 at a pixel centre covers the side pixels by the segment beyond x = 1/2
		w = weights(Aperture.circle(1), 10, 20, Overlap.exact());
		// segment beyond x = 1/2 (pi/3 - sqrt(3)/4) minus two caps beyond (1/2, 1/2) (pi/12 - sqrt(3)/4 + 1/4 each)
		assertEquals(Math.PI / 6 + Math.sqrt(3) / 4 - 0.5, w[20 * W + 11], 1e-14);
		assertEquals(1, w[20 * W + 10], 0);
		// center: lattice points strictly inside r = 5 (the 12 on the circle are out, as in photutils)
		assertEquals(69, sum(weights(Aperture.circle(5), 50, 50, Overlap.center())), 0);
		assertEquals(69 - 1, sum(weights(Aperture.annulus(1, 5), 50, 50, Overlap.center())), 0);
	}

	@Test
	void areasSumToTheAnalyticArea() {
		SplittableRandom rnd = new SplittableRandom(5);
		for (double r : new double[] { 0.2, 0.5, 0.7071, 1, 2.5, 5, 12.3, 40 }) {
			for (int t = 0; t < 10; t++) {
				double cx = 70 + rnd.nextDouble(), cy = 70 + rnd.nextDouble();
				assertEquals(Math.PI * r * r, sum(weights(Aperture.circle(r), cx, cy, Overlap.exact())), 1e-12 * r * r, "r=" + r);
				assertEquals(Math.PI * (r * r - 0.09 * r * r), sum(weights(Aperture.annulus(0.3 * r, r), cx, cy, Overlap.exact())),
					1e-12 * r * r);
				double b = 0.4 * r, th = 360 * rnd.nextDouble();
				assertEquals(Math.PI * r * b, sum(weights(Aperture.ellipse(r, b, th), cx, cy, Overlap.exact())), 1e-12 * r * r,
					"ellipse a=" + r + " theta=" + th);
				assertEquals(Math.PI * r * b * (1 - 0.25), sum(weights(Aperture.ellipticalAnnulus(0.5 * r, r, b, th), cx, cy,
					Overlap.exact())), 1e-12 * r * r);
			}
		}
	}

	@Test
	void ellipsesWithEqualAxesAreCirclesAndTurnWithTheirAngle() {
		SplittableRandom rnd = new SplittableRandom(7);
		for (int t = 0; t < 20; t++) {
			double cx = 60 + 20 * rnd.nextDouble(), cy = 60 + 20 * rnd.nextDouble(), r = 1 + 9 * rnd.nextDouble();
			assertArrayClose(weights(Aperture.circle(r), cx, cy, Overlap.exact()), weights(Aperture.ellipse(r, r, 33), cx, cy,
				Overlap.exact()), 1e-12);
			assertArrayClose(weights(Aperture.ellipse(r, 0.5 * r, 90), cx, cy, Overlap.exact()), weights(Aperture.ellipse(0.5 * r, r,
				0), cx, cy, Overlap.exact()), 1e-12);
			for (Overlap ov : new Overlap[] { Overlap.center(), Overlap.subpixel(4) }) {
				double[] c = weights(Aperture.circle(r), cx, cy, ov), e = weights(Aperture.ellipse(r, r, 0), cx, cy, ov);
				assertArrayClose(c, e, 0);
			}
		}
		// FITS angles: +45 degrees points up-right in FITS, which is up (smaller memory y) and right in memory
		double[] w = weights(Aperture.ellipse(5, 0.3, 45), 10, 10, Overlap.exact());
		assertTrue(w[7 * W + 13] > 0.1, "up-right pixel inside");
		assertEquals(0, w[13 * W + 13], 0, "down-right pixel outside");
	}

	@Test
	void subpixelsConvergeToTheExactOverlapAndOneSubpixelIsTheCentre() {
		double cx = 40.3, cy = 41.7;
		for (Aperture ap : new Aperture[] { Aperture.circle(4.2), Aperture.ellipse(6, 2.5, 20), Aperture.annulus(3, 7.5) }) {
			double[] exact = weights(ap, cx, cy, Overlap.exact()), fine = weights(ap, cx, cy, Overlap.subpixel(200));
			for (int p = 0; p < exact.length; p++) assertEquals(exact[p], fine[p], 0.012, ap + " pixel " + p);
			assertArrayClose(weights(ap, cx, cy, Overlap.center()), weights(ap, cx, cy, Overlap.subpixel(1)), 0);
			// center weights are 0 or 1 and subpixel(n) weights multiples of 1/n^2
			for (double v : weights(ap, cx, cy, Overlap.subpixel(5))) assertEquals(Math.rint(v * 25), v * 25, 1e-12);
		}
	}

	@Test
	void footprintsAreClippedToTheImage() {
		// a disc centred on the corner pixel: a quarter is off the image on each side
		Footprint f = new Footprint().build(Aperture.circle(3), 0, 0, W, H, Overlap.exact());
		double quarter = PixelGeometry.discRectangle(3, -0.5, -0.5, 10, 10);
		assertEquals(quarter, f.area, 1e-12);
		for (int k = 0; k < f.n; k++) assertTrue(f.pixel[k] % W <= 3 && f.pixel[k] / W <= 3);
		assertEquals(0, new Footprint().build(Aperture.circle(3), -3.5, 10, W, H, Overlap.exact()).n);
		assertEquals(0, new Footprint().build(Aperture.circle(3), 10, H + 2.5, W, H, Overlap.exact()).n);
		assertTrue(new Footprint().build(Aperture.circle(3), -3.4, 10, W, H, Overlap.exact()).area > 0);
	}

	static double sum(double[] v) {
		double s = 0;
		for (double x : v) s += x;
		return s;
	}

	static void assertArrayClose(double[] a, double[] b, double tol) {
		for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol, "pixel " + i);
	}
}
