package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.PsfModel;
import org.junit.jupiter.api.Test;

/**
 * The FWHM map from per-star fits of the simulator's variable PSF (FWHM +30 % and ellipticity 0.2
 * towards the corners): the map follows the true FWHM across the field.
 */
class FwhmMapTest {

	@Test
	void followsTheSimulatorsVariablePsf() {
		int side = 1024;
		PsfModel model = new PsfModel(Psf.Kind.GAUSSIAN, 3, true, side, side);
		VariablePsfField f = new VariablePsfField(side, side, 300, 2e4, 3e5, 200, 15, model::at, 4);
		double[] x = new double[f.stars.size()], y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			x[i] = Coordinates.fitsX(f.stars.get(i)[0]);
			y[i] = Coordinates.fitsY(f.stars.get(i)[1], side);
		}
		ProfileFit[] fits = StarFitter.fit(f.image, null, side, side, x, y, new StarFitter.Settings());
		FwhmMap map = FwhmMap.of(fits, side, side, 2, 64);
		System.out.println(map.summary());
		assertEquals(16, map.image().dimension(0));
		assertEquals(16, map.image().dimension(1));
		float[] m = Images.floats(map.image());
		// map pixel (i, j) is the block of memory columns 64 i .. 64 i + 63, rows 64 j ...
		double centre = m[8 * 16 + 8], corner = m[0];
		double tc = trueFwhm(model, 8 * 64 + 31.5, 8 * 64 + 31.5), tk = trueFwhm(model, 31.5, 31.5);
		System.out.printf("FWHM map: centre %.3f corner %.3f (truth %.3f, %.3f; ratio %.3f vs %.3f)%n", centre, corner, tc, tk,
			corner / centre, tk / tc);
		assertEquals(tk / tc, corner / centre, 0.02);
		// fitted (point-sampled) Gaussians of pixel-integrated stars are a little wider than the truth
		assertEquals(tc, centre, 0.05 * tc);
		assertEquals(map.at(Coordinates.fitsX(31.5), Coordinates.fitsY(31.5, side)), corner, 1e-5);
		assertTrue(map.fit().rejected().size() < 0.1 * fits.length);
	}

	static double trueFwhm(PsfModel model, double mx, double my) {
		Psf p = model.at(mx, my);
		return p.fwhm() * Math.sqrt(1 - p.ellipticity());
	}
}
