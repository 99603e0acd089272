package org.astrofiji.io;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How nom-tam-fits talks to users: through us. Its log records (warnings with Java stack traces,
 * printed before our own one-line error) go to our logger at FINE, i.e. only when debugging; its
 * exception messages are cut to their first line, without its advice to call its own API.
 */
final class NomTam {

	/** Held so the configuration outlives garbage collection (loggers are weakly referenced). */
	private static final Logger NOM_TAM = Logger.getLogger("nom.tam");
	private static final Logger DEBUG = Logger.getLogger("org.astrofiji.io");

	static {
		NOM_TAM.setUseParentHandlers(false);
		NOM_TAM.addHandler(new Handler() {

			@Override
			public void publish(LogRecord r) {
				if (DEBUG.isLoggable(Level.FINE)) DEBUG.log(Level.FINE, "nom-tam-fits: " + r.getMessage(), r.getThrown());
			}

			@Override
			public void flush() {}

			@Override
			public void close() {}
		});
	}

	private NomTam() {}

	/** Routes nom-tam's logging (once; every class that calls into nom-tam calls this first). */
	static void quiet() {
		// the work is done by the static initializer
	}

	/**
	 * The reason an exception gives, for our own message: its first line without nom-tam's
	 * "--> Try FitsFactory..." advice, or its type where the message alone says nothing (a bare number
	 * such as the -98304 of a NegativeArraySizeException, or no message at all). Causes are followed
	 * while a wrapper adds nothing.
	 */
	static String reason(Throwable e) {
		String m = e.getMessage();
		if (m != null) {
			int nl = m.indexOf('\n');
			if (nl >= 0) m = m.substring(0, nl);
			int arrow = m.indexOf("-->");
			if (arrow >= 0) m = m.substring(0, arrow);
			m = m.trim();
			if (m.endsWith(":") || m.endsWith(";") || m.endsWith(",")) m = m.substring(0, m.length() - 1).trim();
		}
		if ((m == null || m.isEmpty() || m.equals(String.valueOf(e.getCause()))) && e.getCause() != null && e.getCause() != e)
			return reason(e.getCause());
		if (m == null || m.isEmpty() || !m.matches(".*[A-Za-z]{2}.*")) {
			String type = e.getClass().getSimpleName();
			return m == null || m.isEmpty() ? type : type + " " + m;
		}
		return m;
	}
}
