package org.astrofiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.EventQueue;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccessibleInterval;

import org.astrofiji.command.Commands;

/**
 * The live preview of a {@link org.astrofiji.command.Previewable} command's dialog: while its
 * "preview" checkbox is ticked, every edit re-reads the dialog, and a background thread computes the
 * command's preview and shows it in one window, which closes with the dialog. Only the newest request
 * is computed; a failure (an invalid value while typing) shows in the status bar, never blocks OK.
 * <p>
 * ImageJ records a dialog's values through its first DialogListener when the dialog closes (the call
 * with a null event), so the fields are always read here, in order, even when no preview is shown.
 */
final class DialogPreview implements DialogListener {

	/** Reads all of the dialog's fields, in order (GenericDialog's getNext... calls). */
	interface Reader {
		Map<String, Object> read(GenericDialog gd);
	}

	/** Turns what the fields hold into a preview image; throws for values that do not work. */
	interface Maker {
		RandomAccessibleInterval<?> make(Map<String, Object> fields) throws Exception;
	}

	/** Longest side of the preview, in pixels. */
	static final int SIZE = 640;

	private final String title;
	private final Checkbox box;
	private final Reader reader;
	private final Maker maker;
	private final AtomicInteger generation = new AtomicInteger();
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "astrofiji-preview");
		t.setDaemon(true);
		return t;
	});
	private ImagePlus window; // touched on the event thread only

	DialogPreview(String title, Checkbox box, Reader reader, Maker maker) {
		this.title = title + " preview";
		this.box = box;
		this.reader = reader;
		this.maker = maker;
	}

	@Override
	public boolean dialogItemChanged(GenericDialog gd, AWTEvent e) {
		Map<String, Object> fields;
		try {
			fields = reader.read(gd);
		}
		catch (RuntimeException ex) { // e.g. a whole number being typed; OK reports it properly
			if (e != null && box.getState()) IJ.showStatus("preview: " + message(ex));
			return true;
		}
		if (e == null) return true; // the dialog is closing; the read above was for the recorder
		if (!box.getState()) {
			generation.incrementAndGet();
			closeWindow();
			return true;
		}
		int g = generation.incrementAndGet();
		worker.submit(() -> compute(g, fields));
		return true;
	}

	private void compute(int g, Map<String, Object> fields) {
		if (g != generation.get()) return; // a newer edit is queued
		try {
			long t0 = System.nanoTime();
			RandomAccessibleInterval<?> img = maker.make(fields);
			if (img == null || g != generation.get()) return;
			ImagePlus fresh = ImagePlusImgs.toImagePlus(img, title);
			double ms = (System.nanoTime() - t0) / 1e6;
			EventQueue.invokeLater(() -> {
				if (g != generation.get()) return;
				show(fresh);
				IJ.showStatus(String.format(java.util.Locale.ROOT, "preview %dx%d (%.0f ms)", fresh.getWidth(), fresh.getHeight(), ms));
			});
		}
		catch (Throwable t) {
			if (g == generation.get()) IJ.showStatus("preview: " + message(t));
		}
	}

	private void show(ImagePlus fresh) {
		if (window == null || window.getWindow() == null) {
			window = fresh;
			window.show();
		}
		else {
			window.setStack(fresh.getStack());
			window.updateAndDraw();
		}
	}

	/** Stops previewing and closes the preview window (called when the dialog is done). */
	void close() {
		generation.incrementAndGet();
		worker.shutdownNow();
		if (EventQueue.isDispatchThread()) closeWindow();
		else EventQueue.invokeLater(this::closeWindow);
	}

	private void closeWindow() {
		if (window == null) return;
		window.changes = false;
		window.close();
		window = null;
	}

	/** The preview window, when one is shown (for tests). */
	ImagePlus window() {
		return window;
	}

	private static String message(Throwable t) {
		Throwable c = t instanceof Exception ? Commands.rootCause(t) : t;
		return c.getMessage() == null ? c.toString() : c.getMessage();
	}
}
