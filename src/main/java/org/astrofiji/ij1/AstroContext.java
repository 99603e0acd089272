package org.astrofiji.ij1;

import ij.IJ;

import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;

/**
 * The SciJava context the bridge runs commands in: Fiji's own when running inside Fiji (so commands
 * share its services and status bar), otherwise one built over the plugin class loader, which in
 * plain ImageJ 1 is the only loader that sees the jars in {@code plugins/}.
 */
public final class AstroContext {

	private static Context context;
	/** Strongly held: the event service keeps subscribers only weakly. */
	private static StatusToImageJ statusListener;

	private AstroContext() {}

	public static synchronized Context get() {
		if (context != null) return context;
		if (isImageJLegacyPresent()) {
			// imagej-legacy answers this call with Fiji's running context
			Object o = IJ.runPlugIn("org.scijava.Context", "");
			if (o instanceof Context) return context = (Context) o;
		}
		ClassLoader loader = AstroContext.class.getClassLoader();
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			context = new Context(new PluginIndex(new DefaultPluginFinder(loader)));
		}
		finally {
			thread.setContextClassLoader(saved);
		}
		// our own context: nothing else shows its status events, so forward them to ImageJ
		statusListener = new StatusToImageJ();
		context.service(EventService.class).subscribe(statusListener);
		return context;
	}

	private static boolean isImageJLegacyPresent() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, AstroContext.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException e) {
			return false;
		}
	}

	/** Shows command progress in ImageJ's status bar and progress bar. */
	public static final class StatusToImageJ {

		@EventHandler
		public void onStatus(StatusEvent e) {
			if (e.getStatusMessage() != null && !e.getStatusMessage().isEmpty()) IJ.showStatus(e.getStatusMessage());
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e.getProgressMaximum());
		}
	}
}
