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
		super("found " + found + " matching star" + (found == 1 ? "" : "s") + ", need " + needed + (why == null || why.isEmpty() ? ""
			: " (" + why + ")"));
		this.found = found;
		this.needed = needed;
	}

	/** Matching stars of the best candidate transform. */
	public int found() {
		return found;
	}

	/** Matching stars that would have made it significant. */
	public int needed() {
		return needed;
	}
}
