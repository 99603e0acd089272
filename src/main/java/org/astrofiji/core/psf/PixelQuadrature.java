package org.astrofiji.core.psf;

/** Gauss-Legendre quadrature of a profile over a unit pixel, with more points where it is steep. */
final class PixelQuadrature {

	/** Nodes and weights on [-0.5, 0.5] for 2, 4 and 6 points. */
	private static final double[][] NODES = {
		{ -0.288675134594813, 0.288675134594813 },
		{ -0.430568155797026, -0.169990521792428, 0.169990521792428, 0.430568155797026 },
		{ -0.466234757101576, -0.330604693233132, -0.119309593041598, 0.119309593041598, 0.330604693233132, 0.466234757101576 } };
	private static final double[][] WEIGHTS = {
		{ 0.5, 0.5 },
		{ 0.173927422568727, 0.326072577431273, 0.326072577431273, 0.173927422568727 },
		{ 0.085662246189585, 0.180380786524069, 0.233956967286346, 0.233956967286346, 0.180380786524069, 0.085662246189585 } };

	private PixelQuadrature() {}

	static double integrate(Profile p, double dx, double dy) {
		double r = Math.sqrt(dx * dx + dy * dy), fwhm = p.fwhm();
		int order = r < 2 * fwhm ? 2 : r < 5 * fwhm ? 1 : 0;
		double[] x = NODES[order], wt = WEIGHTS[order];
		double s = 0;
		for (int i = 0; i < x.length; i++) {
			double row = 0;
			for (int j = 0; j < x.length; j++) row += wt[j] * p.value(dx + x[i], dy + x[j]);
			s += wt[i] * row;
		}
		return s;
	}
}
