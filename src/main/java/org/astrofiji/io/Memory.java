package org.astrofiji.io;

import java.io.IOException;
import java.util.Locale;

/**
 * A check before a large allocation that a file's claims ask for: refused with a message saying how
 * much was asked and how much Java has, instead of an OutOfMemoryError after part of the work.
 */
final class Memory {

	private Memory() {}

	/** Fails unless about {@code bytes} more can be allocated; {@code what} says what needs them. */
	static void require(long bytes, String what) throws IOException {
		if (bytes <= free()) return;
		System.gc(); // the estimate counts garbage as used; look again before refusing
		long free = free();
		if (bytes <= free) return;
		throw new IOException(what + " needs " + mb(bytes) + " of memory but Java has " + mb(free) + " free (of at most " +
			mb(Runtime.getRuntime().maxMemory()) + "; raise the maximum with -Xmx)");
	}

	private static long free() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	private static String mb(long bytes) {
		return bytes >= 1L << 40 ? String.format(Locale.ROOT, "%.1f TB", bytes / 0x1p40)
			: String.format(Locale.ROOT, "%d MB", (bytes + (1 << 20) - 1) >> 20);
	}
}
