package org.astrofiji.core.subtraction;

import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfStarSettings;
import org.astrofiji.core.wcs.Wcs;

/**
 * Proper image subtraction of two {@link AstroImage}s on one grid, end to end: each image prepared
 * ({@link Epoch}: background, variance, left-out pixels from NaN, saturation and its DQ), its PSF
 * given as a Lauer model or estimated ({@link PsfFields}), the subtraction ({@link ProperSubtraction})
 * and its transient candidates ({@link TransientFinder}). The outputs are images in the new image's
 * geometry with its header (the grid is the reference's, so its WCS holds).
 */
public final class ImageSubtraction {

	/** What to do. */
	public static final class Settings {

		public PsfFields.Kind psf = PsfFields.Kind.GAUSSIAN;
		/** Given Lauer models (psf = model), or null to estimate them on the images. */
		public LauerPsf modelReference, modelNew;
		public final ProperSubtraction.Settings subtraction = new ProperSubtraction.Settings();
		public final TransientFinder.Settings candidates = new TransientFinder.Settings();
		/** Saturation level, image units; 0 = each header's SATURATE, else none; infinity = none. */
		public double saturation = 0;
		/** Background mesh box, pixels (the images' and the PSF star selection's). */
		public int box = 64;
		/** The sources' own noise in the variances (counts / gain; ERR planes are not used, see {@link Epoch}); false = background noise only. */
		public boolean sourceNoise = true;
	}

	/** The outputs. */
	public static final class Result {

		public final Subtraction subtraction;
		/** D (SCI) with the outputs' DQ, and S_corr (SCI) with the same DQ. */
		public final AstroImage difference, correctedScore;
		/** P_D at the image centre, unit sum. */
		public final float[] psfD;
		public final List<Candidate> candidates;
		public final Table table;
		public final Marks marks;
		public final String summary;

		Result(Subtraction subtraction, AstroImage difference, AstroImage correctedScore, float[] psfD, List<Candidate> candidates,
			Table table, Marks marks, String summary)
		{
			this.subtraction = subtraction;
			this.difference = difference;
			this.correctedScore = correctedScore;
			this.psfD = psfD;
			this.candidates = candidates;
			this.table = table;
			this.marks = marks;
			this.summary = summary;
		}
	}

	private ImageSubtraction() {}

	public static Result run(AstroImage reference, AstroImage newImage, Settings s, Progress progress) {
		reference.require2D("reference");
		newImage.require2D("image");
		if (reference.width() != newImage.width() || reference.height() != newImage.height()) throw new IllegalArgumentException(
			String.format(Locale.ROOT, "the new image %s is %s but the reference %s is %s: align them first (align=true)",
				newImage.name(), newImage.size(), reference.name(), reference.size()));
		// the two images are prepared side by side (each alike on any thread: the same epochs for any thread
		// count); when both fail, the reference's error is the one reported, as when they ran in turn
		Epoch[] epochs = new Epoch[2];
		RuntimeException[] failed = new RuntimeException[2];
		Progress[] ep = progress.range(0, 0.6).split(2);
		Parallel.forRange(2, 1, (i0, i1) -> {
			for (int i = i0; i < i1; i++) {
				try {
					epochs[i] = i == 0 ? epoch("reference " + reference.name(), reference, s, s.modelReference, ep[0])
						: epoch("new image " + newImage.name(), newImage, s, s.modelNew, ep[1]);
				}
				catch (RuntimeException x) {
					failed[i] = x;
				}
			}
		});
		for (RuntimeException x : failed) if (x != null) throw x;
		Epoch r = epochs[0], n = epochs[1];
		Subtraction sub = ProperSubtraction.run(r, n, s.subtraction, progress.range(0.6, 0.95));
		Wcs wcs;
		try {
			wcs = Wcs.of(reference);
		}
		catch (IllegalArgumentException e) {
			wcs = null;
		}
		List<Candidate> found = TransientFinder.find(sub, s.candidates, wcs);
		double radius = TransientFinder.radius(sub, s.candidates);
		Table table = TransientFinder.table(found, wcs != null && wcs.isSupported());
		Marks marks = TransientFinder.marks(found, radius);
		int w = sub.width(), h = sub.height();
		FitsHeader dh = newImage.headerCopy().set("BUNIT", "", "ZOGY difference image D (unit background noise)")
			.set("ZOGYBETA", sub.fluxRatio().beta, "flux ratio F_new / F_ref").set("ZOGYFD", sub.fluxD(), "flux scale F_D of D");
		AstroImage d = AstroImage.of("D of " + newImage.name(), Images.wrap(sub.difference(), w, h), dh).withDq(sub.dq());
		FitsHeader sh = dh.copy().set("BUNIT", "", "ZOGY corrected score S_corr (significance)");
		AstroImage sc = AstroImage.of("S_corr of " + newImage.name(), Images.wrap(sub.correctedScore(), w, h), sh).withDq(sub.dq());
		double[] pd = sub.psf();
		float[] psfD = new float[pd.length];
		for (int i = 0; i < pd.length; i++) psfD[i] = (float) pd[i];
		progress.report("transient candidates", 1);
		String summary = String.format(Locale.ROOT, "%s; %s; %d candidate%s at |S_corr| >= %s", r.summary(), n.summary(), found.size(),
			found.size() == 1 ? "" : "s", String.format(Locale.ROOT, "%.3g", s.candidates.threshold)) + "\n" + sub.summary();
		return new Result(sub, d, sc, psfD, found, table, marks, summary);
	}

	/**
	 * One image prepared for subtraction or coaddition: its PSF (the model when given and psf = model,
	 * else estimated as {@code s.psf} says), background, variance and left-out pixels (NaN, its DQ,
	 * saturation: {@code s.saturation}, 0 = the header's SATURATE).
	 */
	public static Epoch epoch(String name, AstroImage img, Settings s, LauerPsf model, Progress progress) {
		img.require2D(name);
		float[] data = img.data();
		int w = img.width(), h = img.height();
		short[] dq = img.hasDq() ? img.dqData() : null;
		double sat = s.saturation == 0 ? CcdKeys.saturation(img.header(), 0).value : s.saturation;
		PsfField psf;
		if (s.psf == PsfFields.Kind.MODEL && model != null) psf = PsfFields.of(model);
		else {
			PsfStarSettings ps = new PsfStarSettings();
			if (sat > 0 && Double.isFinite(sat)) ps.saturation = sat;
			ps.boxSize = s.box;
			int[] flags = null;
			if (dq != null) {
				flags = new int[dq.length];
				for (int i = 0; i < dq.length; i++) flags[i] = dq[i] & 0xffff;
			}
			try {
				psf = PsfFields.estimate(s.psf, data, flags, w, h, ps, new LauerPsf.Settings(), progress.range(0, 0.8)).field;
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
			}
		}
		Epoch.Settings es = new Epoch.Settings();
		es.saturation = sat > 0 && Double.isFinite(sat) ? sat : Double.POSITIVE_INFINITY;
		es.gain = CcdKeys.gain(img.header(), 0, 1).value;
		es.sourceNoise = s.sourceNoise;
		es.box = s.box;
		return Epoch.of(name, data, s.sourceNoise && img.hasErr() ? img.errData() : null, dq, w, h, psf, es, progress.range(0.8, 1));
	}
}
