package org.astrofiji.spark;

import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The SciJava context of this JVM, which the tasks run the commands with: made on first use in an
 * executor, the driver's own in local mode (one JVM). Commands are thread-safe over one context, as
 * the local scheduler runs them.
 */
final class Workers {

	private static Context context;

	private Workers() {}

	static synchronized Context context() {
		if (context == null) context = new Context(CommandService.class);
		return context;
	}

	/** The driver's context, for the tasks of a local-mode run. */
	static synchronized void use(Context c) {
		if (context == null) context = c;
	}

	/** Forgets {@code c} when it is this JVM's (the driver disposes of it). */
	static synchronized void release(Context c) {
		if (context == c) context = null;
	}
}
