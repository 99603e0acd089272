package org.astrofiji.core.simulate;

/** A simulated star: memory position (pixel centres at integers), V flux in e-/s, colour index. */
public final class Star {

	public final int id;
	public final double x, y;
	public final double flux;
	public final double colour;
	/** Flux ratio epoch 2 / epoch 1 (1 for constant stars). */
	public final double variability;

	Star(int id, double x, double y, double flux, double colour, double variability) {
		this.id = id;
		this.x = x;
		this.y = y;
		this.flux = flux;
		this.colour = colour;
		this.variability = variability;
	}

	/** Flux in a band, e-/s. */
	public double flux(String filter) {
		return flux * Math.pow(10, -0.4 * colour * SimulationSettings.colourTerm(filter));
	}

	Star withVariability(double v) {
		return new Star(id, x, y, flux, colour, v);
	}
}
