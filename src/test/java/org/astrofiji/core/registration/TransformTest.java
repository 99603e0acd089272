package org.astrofiji.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Transform algebra, conventions and the WCS mapping, against hand-computed values. */
class TransformTest {

	@Test
	void similarityRotatesCounterClockwiseInFitsCoordinates() {
		Transform t = Transform.similarity(2, 90, 10, -5);
		// (1, 0) turns to (0, 1), doubles to (0, 2), moves by (10, -5)
		assertArrayEquals(new double[] { 10, -3 }, t.apply(1, 0), 0);
		assertEquals(2, t.scale(), 1e-15);
		assertEquals(90, t.rotationDeg(), 1e-12);
		assertEquals(Transform.Kind.SIMILARITY, t.kind());
		assertEquals(180, Transform.similarity(1, 180, 0, 0).rotationDeg(), 0);
		assertEquals(-30, Transform.similarity(1, -30, 0, 0).rotationDeg(), 1e-12);
	}

	@Test
	void rotationAboutAPointKeepsIt() {
		Transform t = Transform.rotation(33, 512.5, 300.25);
		assertArrayEquals(new double[] { 512.5, 300.25 }, t.apply(512.5, 300.25), 1e-12);
		Transform onto = Transform.rotationOnto(33, 512.5, 300.25, 10, 20);
		assertArrayEquals(new double[] { 10, 20 }, onto.apply(512.5, 300.25), 1e-12);
		// a point 10 px right of the centre lands 10 px along the 33 degree direction
		double[] p = onto.apply(522.5, 300.25);
		assertEquals(10 + 10 * Math.cos(Math.toRadians(33)), p[0], 1e-12);
		assertEquals(20 + 10 * Math.sin(Math.toRadians(33)), p[1], 1e-12);
	}

	@Test
	void inverseAndCompositionUndoEachOther() {
		SplittableRandom r = new SplittableRandom(3);
		for (int k = 0; k < 50; k++) {
			Transform a = Transform.affine(r.nextDouble(0.5, 2), r.nextDouble(-0.5, 0.5), r.nextDouble(-100, 100), r.nextDouble(-0.5, 0.5),
				r.nextDouble(0.5, 2), r.nextDouble(-100, 100));
			Transform b = Transform.similarity(r.nextDouble(0.8, 1.2), r.nextDouble(-180, 180), r.nextDouble(-50, 50), r.nextDouble(-50, 50));
			double x = r.nextDouble(0, 1000), y = r.nextDouble(0, 1000);
			double[] p = a.then(b).apply(x, y), q = a.apply(x, y);
			assertArrayEquals(b.apply(q[0], q[1]), p, 1e-9, "then = apply a, then b");
			assertArrayEquals(new double[] { x, y }, a.then(a.inverse()).apply(x, y), 1e-9);
			assertArrayEquals(new double[] { x, y }, b.inverse().then(b).apply(x, y), 1e-9);
			assertEquals(Transform.Kind.AFFINE, a.then(b).kind());
			assertEquals(Transform.Kind.SIMILARITY, b.inverse().kind());
			assertEquals(1 / b.scale(), b.inverse().scale(), 1e-12);
			assertEquals(-b.rotationDeg(), b.inverse().rotationDeg(), 1e-9);
		}
		assertEquals(Transform.Kind.TRANSLATION, Transform.translation(1, 2).then(Transform.translation(3, 4)).kind());
		assertArrayEquals(new double[] { 1, 0, 4, 0, 1, 6 }, Transform.translation(1, 2).then(Transform.translation(3, 4)).matrix(), 0);
	}

	@Test
	void zeroBasedMatricesGainOneOnBothAxes() {
		// numpy: x0' = 2 x0 + 3 (x = column), y0' = y0 - 1; in FITS x = x0 + 1
		Transform t = Transform.ofZeroBased(Transform.Kind.AFFINE, new double[] { 2, 0, 3, 0, 1, -1 });
		double[] p = t.apply(1, 1); // FITS (1, 1) = numpy (0, 0) -> numpy (3, -1) = FITS (4, 0)
		assertArrayEquals(new double[] { 4, 0 }, p, 1e-12);
		assertEquals(Transform.Kind.AFFINE, t.kind());
	}

	@Test
	void maxDistanceIsAtACorner() {
		Transform a = Transform.translation(0, 0), b = Transform.similarity(1, 0.01, 0, 0);
		// rotation about the origin by 0.01 deg: the far corner (1000, 1000) moves most
		assertEquals(Math.hypot(1000, 1000) * 2 * Math.sin(Math.toRadians(0.005)), a.maxDistance(b, 1, 1, 1000, 1000), 1e-9);
	}

	@Test
	void quarterTurnsAreExact() {
		assertArrayEquals(new double[] { 0, -1, 0, 1, 0, 0 }, Transform.similarity(1, 90, 0, 0).matrix(), 0);
		assertArrayEquals(new double[] { -1, 0, 0, 0, -1, 0 }, Transform.similarity(1, 180, 0, 0).matrix(), 0);
		assertArrayEquals(new double[] { 0, 1, 0, -1, 0, 0 }, Transform.similarity(1, -90, 0, 0).matrix(), 0);
	}

	@Test
	void badTransformsAreRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transform.affine(1, 2, 0, 2, 4, 0));
		assertTrue(e.getMessage().contains("invertible"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Transform.similarity(0, 10, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> Transform.translation(Double.NaN, 0));
		assertThrows(IllegalArgumentException.class, () -> Transform.Kind.of("projective"));
		assertEquals(Transform.Kind.AFFINE, Transform.Kind.of(" Affine "));
	}
}
