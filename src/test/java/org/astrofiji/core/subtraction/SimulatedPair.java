package org.astrofiji.core.subtraction;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.simulate.FieldEpochs;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.SimulationSettings;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * A simulated reference and new image of one field ({@link FieldEpochs}): seeing 3 then 4 px, sky 20
 * then 35 e-/s, transparency 1 then 0.8 (so &beta; = 0.8), one transient and five variable stars in
 * the new image; with the simulator's truth to judge a subtraction by.
 */
final class SimulatedPair {

	static final double BETA = 0.8;

	final SimulationSettings settings = new SimulationSettings();
	final FieldEpochs field;
	final FieldEpochs.Epoch ref = new FieldEpochs.Epoch().fwhm(3).sky(20).transparency(1).seed(1);
	final FieldEpochs.Epoch nw = new FieldEpochs.Epoch().fwhm(4).sky(35).transparency(BETA).changed(true).seed(2);
	final float[] r, n;

	SimulatedPair(long seed, int size, boolean variablePsf) {
		SimulationSettings s = settings;
		s.width = size;
		s.height = size;
		s.stars = 600 * size * size / (1024 * 1024);
		s.seed = seed;
		s.psf = Psf.Kind.GAUSSIAN;
		s.variablePsf = variablePsf;
		s.brightest = 3000;
		s.faintest = 20;
		field = new FieldEpochs(s, 5, 1, 60);
		r = field.frame(ref);
		n = field.frame(nw);
	}

	int width() {
		return settings.width;
	}

	/** Both images prepared with their PSFs estimated (model, constant, gaussian or moffat) with the default settings. */
	Epoch[] epochs(PsfFields.Kind kind) {
		PsfStarSettings ps = new PsfStarSettings();
		LauerPsf.Settings ls = new LauerPsf.Settings();
		int w = width();
		PsfField pr = PsfFields.estimate(kind, r, null, w, w, ps, ls, Progress.NONE).field;
		PsfField pn = PsfFields.estimate(kind, n, null, w, w, ps, ls, Progress.NONE).field;
		return new Epoch[] { epoch("reference", r, pr), epoch("new", n, pn) };
	}

	Epoch epoch(String name, float[] data, PsfField psf) {
		Epoch.Settings es = new Epoch.Settings();
		es.gain = settings.gain;
		return Epoch.of(name, data, null, null, width(), width(), psf, es, Progress.NONE);
	}

	/** Whether memory pixel p is free of sources in both noiseless images (within 5 % of the noise). */
	boolean[] sourceFree() {
		float[] ir = field.ideal(ref), in = field.ideal(nw);
		double t = settings.exposure, g = settings.gain;
		double skyR = ref.sky * t / g, skyN = nw.sky * t / g, sr = field.noise(ref), sn = field.noise(nw);
		boolean[] free = new boolean[ir.length];
		for (int p = 0; p < free.length; p++) free[p] = ir[p] - skyR <= 0.05 * sr && in[p] - skyN <= 0.05 * sn;
		return free;
	}

	/** FITS position of the transient. */
	double[] transientAt() {
		Table t = field.transients();
		return new double[] { t.getDouble(0, "x"), t.getDouble(0, "y") };
	}

	/**
	 * The transient's expected significance from the truth alone: its flux &alpha; (reference ADU) times
	 * &radic;(&Sigma;<sub>k</sub> &beta;&sup2;|P&#770;r|&sup2;|P&#770;n|&sup2; / (&sigma;n&sup2;|P&#770;r|&sup2; +
	 * &beta;&sup2;&sigma;r&sup2;|P&#770;n|&sup2;) / N), the paper's S/N of a point source in D over
	 * background noise (the source's own Poisson noise lowers it by well under 1 %).
	 */
	double expectedSignificance() {
		double[] t = transientAt();
		double alpha = field.transients().getDouble(0, "flux") * settings.exposure / settings.gain;
		double[] pr = field.psf(ref, t[0], t[1]), pn = field.psf(nw, t[0], t[1]);
		int m = 128;
		double[] a = grid(pr, m), b = grid(pn, m);
		DoubleFFT_2D fft = new DoubleFFT_2D(m, m);
		fft.complexForward(a);
		fft.complexForward(b);
		double sr2 = Math.pow(field.noise(ref), 2), sn2 = Math.pow(field.noise(nw), 2), b2 = BETA * BETA, sum = 0;
		for (int k = 0; k < m * m; k++) {
			double pr2 = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1], pn2 = b[2 * k] * b[2 * k] + b[2 * k + 1] * b[2 * k + 1];
			sum += b2 * pr2 * pn2 / (sn2 * pr2 + b2 * sr2 * pn2);
		}
		return alpha * Math.sqrt(sum / (m * m));
	}

	private static double[] grid(double[] stamp, int m) {
		int s = (int) Math.round(Math.sqrt(stamp.length)), c = s / 2;
		double[] g = new double[2 * m * m];
		for (int j = 0; j < s; j++) for (int i = 0; i < s; i++) g[2 * (Math.floorMod(j - c, m) * m + Math.floorMod(i - c, m))] =
			stamp[j * s + i];
		return g;
	}

	/** Whether a candidate (FITS) lies within {@code radius} of the transient or of a star that varied. */
	boolean explained(Candidate c, double radius) {
		double[] t = transientAt();
		if (Math.hypot(c.x - t[0], c.y - t[1]) <= radius) return true;
		Table st = field.stars();
		for (int i = 0; i < st.rowCount(); i++) {
			if (st.getDouble(i, "variability") != 1 && Math.hypot(st.getDouble(i, "x") - c.x, st.getDouble(i, "y") - c.y) <= radius)
				return true;
		}
		return false;
	}

	/** Memory index of a FITS position. */
	int index(double x, double y) {
		return (int) Math.rint(Coordinates.memoryY(y, width())) * width() + (int) Math.rint(Coordinates.memoryX(x));
	}
}
