package org.astrofiji.core.registration;

import java.util.Locale;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.wcs.Wcs;

/**
 * Registers frames onto a reference image: finds each frame's transform onto the reference's pixel
 * grid, by matching stars ({@link StarList#detect(AstroImage)} on both, {@link TransformFinder}) or
 * from the two WCSs ({@link WcsMapping}), and resamples the frame onto that grid (SCI, ERR, DQ, WCS:
 * {@link ImageWarp}). The reference's stars are detected once, on first use, and shared by every
 * frame and every copy made by the {@code with} methods. Immutable otherwise; {@link #find} may run on
 * several frames at once.
 * <p>
 * The aligned frame's WCS: aligned by WCS, the reference's (the frame now lies on its grid); aligned
 * by stars, the frame's own carried through the transform, or, for a frame without one, the
 * reference's (good to the match's residuals).
 */
public final class Aligner {

	/** How the transform is found. */
	public enum Method {
		/** Matching the stars detected in both images. */
		STARS,
		/** From the sky positions the two images' WCSs give. */
		WCS;

		public static Method of(String s) {
			if (s != null) for (Method m : values()) if (m.name().equalsIgnoreCase(s.trim())) return m;
			throw new IllegalArgumentException("method must be stars or wcs (got '" + s + "')");
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** The reference's stars, detected once for all copies. */
	private static final class Stars {
		private StarList list;

		synchronized StarList of(AstroImage image) {
			if (list == null) list = StarList.detect(image);
			return list;
		}
	}

	private final AstroImage reference;
	private final Wcs referenceWcs;
	private final Method method;
	private final TransformFinder finder;
	private final Resampler resampler;
	private final Stars stars;

	private Aligner(AstroImage reference, Wcs referenceWcs, Method method, TransformFinder finder, Resampler resampler,
		Stars stars)
	{
		this.reference = reference;
		this.referenceWcs = referenceWcs;
		this.method = method;
		this.finder = finder;
		this.resampler = resampler;
		this.stars = stars;
	}

	/**
	 * Alignment onto this reference (one 2-D image) by stars, with a similarity transform (the default
	 * {@link TransformFinder}), resampled by the cubic spline with NaN outside the frame.
	 */
	public static Aligner onto(AstroImage reference) {
		if (reference == null) throw new IllegalArgumentException("reference: no image given");
		reference.require2D("alignment");
		Wcs wcs;
		try {
			wcs = Wcs.of(reference);
		}
		catch (IllegalArgumentException e) {
			wcs = null; // aligning by stars does not need it; by WCS says so
		}
		return new Aligner(reference, wcs, Method.STARS, TransformFinder.of(Transform.Kind.SIMILARITY),
			Resampler.of(Interpolation.CUBIC), new Stars());
	}

	/**
	 * The way transforms are found; {@link Method#WCS} needs a reference with a celestial WCS.
	 *
	 * @throws IllegalArgumentException for WCS when the reference has none that gives sky positions
	 */
	public Aligner by(Method m) {
		if (m == null) throw new IllegalArgumentException("method: none given");
		if (m == Method.WCS) {
			if (referenceWcs == null) throw new IllegalArgumentException("reference " + reference.name() +
				" has no celestial WCS to align onto (method wcs): align by stars, or choose a reference with a WCS");
			if (!referenceWcs.isSupported()) throw new IllegalArgumentException("reference " + reference.name() +
				": its WCS gives no sky positions (" + referenceWcs.note() + "); align by stars");
		}
		return new Aligner(reference, referenceWcs, m, finder, resampler, stars);
	}

	/** The star matching (its transform kind is also the kind fitted to the WCS map). */
	public Aligner finder(TransformFinder f) {
		if (f == null) throw new IllegalArgumentException("transform finder: none given");
		return new Aligner(reference, referenceWcs, method, f, resampler, stars);
	}

	public Aligner resampler(Resampler r) {
		if (r == null) throw new IllegalArgumentException("resampler: none given");
		return new Aligner(reference, referenceWcs, method, finder, r, stars);
	}

	public AstroImage reference() {
		return reference;
	}

	public Method method() {
		return method;
	}

	public Resampler resampler() {
		return resampler;
	}

	/** The reference's stars (detected on first use). */
	public StarList referenceStars() {
		return stars.of(reference);
	}

	/**
	 * The transform taking the frame's FITS positions onto the reference's.
	 *
	 * @throws NoMatchException when the stars cannot be matched with confidence
	 * @throws IllegalArgumentException when the frame has no WCS (method wcs), or the frame and the
	 *           reference do not overlap
	 */
	public Alignment find(AstroImage frame) {
		frame.require2D("alignment");
		Alignment a;
		if (method == Method.WCS) {
			Wcs w = Wcs.of(frame);
			if (w == null) throw new IllegalArgumentException(frame.name() + " has no celestial WCS to align by (method wcs)");
			a = Alignment.of(WcsMapping.between(w, frame.width(), frame.height(), referenceWcs, finder.kind()), frame.width(),
				frame.height());
		}
		else {
			a = Alignment.of(finder.find(StarList.detect(frame), referenceStars()), frame.width(), frame.height());
		}
		if (!overlaps(a.transform(), frame.width(), frame.height())) throw new IllegalArgumentException(frame.name() +
			" does not overlap the reference " + reference.name() + " under its transform (" + a.summary() + ")");
		return a;
	}

	/** Whether some reference pixels sample the frame: a 17 x 17 grid over the reference, mapped back. */
	private boolean overlaps(Transform t, int w, int h) {
		Transform back = t.inverse();
		int n = 16, rw = reference.width(), rh = reference.height();
		for (int j = 0; j <= n; j++) {
			for (int i = 0; i <= n; i++) {
				double x = 1 + (rw - 1) * (double) i / n, y = 1 + (rh - 1) * (double) j / n;
				double sx = back.x(x, y), sy = back.y(x, y);
				if (sx >= 1 && sx <= w && sy >= 1 && sy <= h) return true;
			}
		}
		return false;
	}

	/**
	 * The frame resampled onto the reference's grid (size and WCS, see the class comment); {@code header}
	 * is the output's own header (changed in place).
	 */
	public AstroImage resample(AstroImage frame, Alignment a, FitsHeader header) {
		Warp warp = Warp.of(frame.width(), frame.height(), a.transform(), reference.width(), reference.height());
		boolean moved = method == Method.STARS && ImageWarp.moveWcs(header, a.transform());
		// moved above, or replaced below: ImageWarp must not move it again
		FitsHeader scratch = new FitsHeader();
		AstroImage out = ImageWarp.apply(frame, warp, resampler, scratch);
		if (!moved && referenceWcs != null) {
			referenceWcs.writeTo(header);
			header.addHistory("WCS of the reference " + reference.name() + " (aligned onto its grid by " + method.key() + ")");
		}
		for (String line : scratch.history()) header.addHistory(line);
		header.addHistory("aligned onto " + reference.name() + ": " + a.summary());
		return out.withHeader(header);
	}

	/**
	 * The frame unresampled with the reference's WCS carried onto its grid through the transform (its
	 * own WCS replaced), so that it lines up with the reference on the sky; without a reference WCS the
	 * header keeps the frame's own. {@code header} is the output's own (changed in place).
	 */
	public AstroImage withReferenceWcs(AstroImage frame, Alignment a, FitsHeader header) {
		if (referenceWcs != null) {
			// the frame's pixel p lies at the reference's pixel T(p): T is the frame's new-to-old map
			referenceWcs.transformed(a.transform().matrix()).writeTo(header);
			header.addHistory("WCS of the reference " + reference.name() + " carried through the transform found");
		}
		header.addHistory("transform onto " + reference.name() + ": " + a.summary() + " [" + a.transform() + "]");
		return frame.withHeader(header);
	}
}
