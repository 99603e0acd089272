package org.astrofiji.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The radix sort gives exactly Arrays.sort's order: signs, zeros, infinities, NaN, ties, every size. */
class FloatSortTest {

	@Test
	void sortsAsArraysSort() {
		Random rnd = new Random(3);
		FloatSort sorter = new FloatSort();
		float[] special = { -0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
			Float.MAX_VALUE, -Float.MAX_VALUE };
		for (int n : new int[] { 0, 1, 5, 63, 64, 65, 250, 1000, 5000 }) {
			for (int kind = 0; kind < 4; kind++) {
				float[] a = new float[n + 3];
				for (int i = 0; i < a.length; i++) {
					switch (kind) {
						case 0: a[i] = (float) Math.rint(3700 + 170 * rnd.nextGaussian()); break; // a sky of integer counts
						case 1: a[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10)); break; // signs, exponents
						case 2: a[i] = special[rnd.nextInt(special.length)]; break;
						default: a[i] = 42; // one value: every pass skipped
					}
				}
				float[] expected = a.clone();
				Arrays.sort(expected, 0, n);
				sorter.sort(a, n);
				// compared by bits: -0 and 0, NaN in place; the values beyond n untouched
				int[] e = new int[a.length], g = new int[a.length];
				for (int i = 0; i < a.length; i++) {
					e[i] = Float.floatToIntBits(expected[i]);
					g[i] = Float.floatToIntBits(a[i]);
				}
				assertArrayEquals(e, g, "n " + n + " kind " + kind);
			}
		}
	}
}
