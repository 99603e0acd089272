package org.astrofiji.core.registration;

/**
 * Two star lists could not be matched with confidence: too few stars, or no transform under which
 * enough stars coincide to rule out chance. Says how many matching stars were found and how many were
 * needed.
 */
public final class NoMatchException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final int found, needed;

	NoMatchException(int found, int needed, String why) {
		this(found, needed, "found " + found + " matching star" + (found == 1 ? "" : "s") + ", need " + needed + (why == null ||
			why.isEmpty() ? "" : " (" + why + ")"), true);
	}

	private NoMatchException(int found, int needed, String message, boolean full) {
		super(message);
		this.found = found;
		this.needed = needed;
	}

	/** Enough stars matched, but the transform they give is too uncertain. */
	static NoMatchException uncertain(int found, double error, double limit) {
		return new NoMatchException(found, 0, String.format(java.util.Locale.ROOT,
			"found %d matching stars, but the transform they give is uncertain by %.2f px (1 sigma) at the edge of the star field, " +
				"more than max_error %.2f px: the matched stars are too few, too noisy or too concentrated", found, error, limit), true);
	}

	/** Matching stars of the best candidate transform. */
	public int found() {
		return found;
	}

	/**
	 * Matching stars that would have made it significant; 0 when enough matched but the transform was too
	 * uncertain.
	 */
	public int needed() {
		return needed;
	}
}
