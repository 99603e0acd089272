package org.astrofiji.core.psf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The Lauer PSF on ProperImage's real pair (ESO 085-030, two 60 s epochs, 1024x682), with the default
 * selection (ProperImage's detection and cuts) and its saturation level of 65000: the first KL element
 * is the mean star shape, and fewer elements are needed the more information may be lost.
 * <p>
 * ProperImage's figures on the same frames (research notes): stamps 21x21 (15 + 6), 83 and 81 PSF
 * stars, and for -004 1, 3 and 46 elements at inf_loss 0.25, 0.1 and 0.01. They are printed beside
 * ours, not asserted: ProperImage cuts stamps 6 pixels larger than its FWHM-based estimate, does not
 * test isolation or saturation inside stamps, and takes the covariance of mean-subtracted stamps.
 */
class EsoPsfTest {

	@Test
	void epoch004() throws Exception {
		check("aligned_eso085-030-004.fit", 83, new int[] { 46, 3, 1 });
	}

	@Test
	void epoch005() throws Exception {
		check("aligned_eso085-030-005.fit", 81, null);
	}

	static void check(String name, int properStars, int[] properCounts) throws Exception {
		FitsImage img = FitsReader.read(SharedData.file("eso085-030-two-epochs/" + name), null);
		PsfStarSettings s = new PsfStarSettings();
		s.saturation = 65000;
		PsfStars stars = PsfStarSelector.select(img.data(), null, img.width(), img.height(), s, Progress.NONE);
		KarhunenLoeveBasis kl = KarhunenLoeveBasis.of(stars.stamps(), stars.stampSize());
		int n = stars.stampSize() * stars.stampSize();
		double[] mean = new double[n];
		for (PsfStar st : stars.stars()) for (int p = 0; p < n; p++) mean[p] += st.stamp()[p] / stars.count();
		double corr = correlation(kl.element(0), mean);
		double[] losses = { 0.01, 0.1, 0.25 };
		int[] counts = new int[losses.length];
		for (int i = 0; i < losses.length; i++) counts[i] = kl.count(losses[i]);
		double[] fr = kl.energyFractions();
		System.out.printf(Locale.ROOT, "%s: %s%n  stamps %dx%d (ProperImage 21x21), %d PSF stars (ProperImage %d); energy fractions " +
			"%.3f %.3f %.3f %.3f %.3f; elements for inf_loss 0.01/0.1/0.25: %d/%d/%d%s; corr(B1, mean stamp) %.5f%n", name,
			stars.summary(), stars.stampSize(), stars.stampSize(), stars.count(), properStars, fr[0], fr[1], fr[2], fr[3], fr[4],
			counts[0], counts[1], counts[2], properCounts == null ? "" : String.format(Locale.ROOT, " (ProperImage %d/%d/%d)",
				properCounts[0], properCounts[1], properCounts[2]), corr);
		assertTrue(stars.count() >= 20, "PSF stars: " + stars.count());
		assertTrue(corr >= 0.99, "first element vs mean stamp: " + corr);
		for (int i = 1; i < counts.length; i++) assertTrue(counts[i] <= counts[i - 1], "elements not increasing with inf_loss");
		// and the whole model builds, with a unit-sum PSF anywhere on the frame
		LauerPsf psf = LauerPsf.estimate(stars, new LauerPsf.Settings());
		double sum = 0;
		for (double v : psf.at(1, img.height())) sum += v;
		System.out.println("  " + psf.summary());
		assertTrue(Math.abs(sum - 1) < 1e-12);
	}

	static double correlation(double[] a, double[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i] / a.length;
			mb += b[i] / b.length;
		}
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return ab / Math.sqrt(aa * bb);
	}
}
