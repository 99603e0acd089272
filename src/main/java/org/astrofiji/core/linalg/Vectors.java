package org.astrofiji.core.linalg;

/** Sign conventions that make decompositions reproducible. */
final class Vectors {

	private Vectors() {}

	/** Flips v so that its largest-magnitude component (the first of equals) is positive; true when it flipped. */
	static boolean canonical(double[] v) {
		int big = 0;
		for (int i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[big]) * (1 + 1e-12)) big = i;
		if (v[big] >= 0) return false;
		for (int i = 0; i < v.length; i++) v[i] = -v[i];
		return true;
	}
}
