package org.astrofiji.ij1;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import java.awt.Checkbox;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.awt.event.TextEvent;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.RgbComposer;

/**
 * Drives the RGB Composite dialog as a user does, in a real (X) display: three open images, the
 * macro recorder open, the "preview" checkbox ticked, Q edited (the preview follows), OK. Writes what
 * it saw to report.txt (one check per line, "name ok" or "name FAILED ...") and the recorded macro to
 * recorded.ijm. Run by PreviewGuiTest under Xvfb in its own JVM.
 */
public final class PreviewGuiProbe {

	static final int W = 60, H = 40;
	static final List<String> report = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		File out = new File(args[0]);
		out.mkdirs();
		try {
			probe(out);
		}
		catch (Throwable t) {
			report.add("probe FAILED " + t);
		}
		Files.write(new File(out, "report.txt").toPath(), report);
		System.exit(0);
	}

	static float[] band(double scale) {
		float[] a = new float[W * H];
		for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
			double r2 = (x - 30) * (x - 30) + (y - 20) * (y - 20);
			a[y * W + x] = (float) (scale * (10 + 400 * Math.exp(-r2 / 60.0) + (x * 7 + y * 13) % 5));
		}
		return a;
	}

	static void probe(File out) throws Exception {
		new ImageJ(ImageJ.NO_SHOW);
		Menus.getCommands().put("RGB Composite...",
			"org.astrofiji.ij1.CommandBridge(\"org.astrofiji.command.RgbCompositeCommand\")");
		float[][] bands = { band(1), band(0.6), band(0.3) };
		for (int c = 0; c < 3; c++) new ImagePlus("rgb".substring(c, c + 1), new ij.process.FloatProcessor(W, H, bands[c].clone())).show();
		Channels ch = Channels.of(W, H, bands[0], bands[1], bands[2]);
		// built on the event thread, as AWT wants: built on main, its pack() held the AWT tree lock while the event
		// thread, activating an image window, recorded into the Recorder's text area and waited for that lock
		// (a deadlock: the probe hung once in a full verify)
		Recorder[] made = new Recorder[1];
		EventQueue.invokeAndWait(() -> made[0] = new Recorder(false));
		Recorder recorder = made[0];
		new Executer("RGB Composite...", null);
		GenericDialog gd = waitFor(() -> {
			for (Window w : Window.getWindows()) if (w instanceof GenericDialog && w.isShowing()) return (GenericDialog) w;
			return null;
		}, 60000);
		if (gd == null) throw new IllegalStateException("no dialog appeared");
		Checkbox box = (Checkbox) gd.getCheckboxes().lastElement();
		check("preview checkbox", "preview".equals(box.getLabel()), box.getLabel());
		// the file alternatives (red_input ...) are not asked: the text fields are minimum, scale_min, scale_max,
		// scales, output, stack_output (strings in dialog order: scales, minimum, scale_min, scale_max, output, stack_output)
		check("text fields", gd.getStringFields().size() == 6, "" + gd.getStringFields().size());
		((TextField) gd.getStringFields().get(1)).setText("20"); // minimum (after scales)
		((TextField) gd.getNumericFields().get(0)).setText("300"); // stretch
		EventQueue.invokeAndWait(() -> {
			box.setState(true);
			gd.itemStateChanged(new ItemEvent(box, ItemEvent.ITEM_STATE_CHANGED, box, ItemEvent.SELECTED));
		});
		int[] want8 = new RgbComposer().minimum(20).stretch(300).q(8).apply(ch, Progress.NONE).argb();
		ImagePlus preview = waitFor(() -> previewShowing(want8), 30000);
		check("preview shown", preview != null, "no preview window matching the composite (minimum 20, stretch 300, Q 8)");
		TextField q = (TextField) gd.getNumericFields().get(1);
		EventQueue.invokeAndWait(() -> {
			q.setText("1.5");
			gd.textValueChanged(new TextEvent(q, TextEvent.TEXT_VALUE_CHANGED));
		});
		int[] want15 = new RgbComposer().minimum(20).stretch(300).q(1.5).apply(ch, Progress.NONE).argb();
		check("preview follows q", waitFor(() -> previewShowing(want15), 30000) != null, "the preview did not update to Q 1.5");
		check("two different looks", !Arrays.equals(want8, want15), "Q 8 and Q 1.5 gave the same composite");
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
		ImagePlus result = waitFor(() -> WindowManager.getImage("r-composite"), 30000);
		check("result shown", result != null, "no r-composite window");
		if (result != null) check("result is the composite", Arrays.equals((int[]) result.getProcessor().getPixels(), want15),
			"the result differs from the core composite");
		check("preview closed", waitFor(() -> WindowManager.getImage("RGB Composite preview") == null ? Boolean.TRUE : null,
			5000) != null, "the preview window is still open");
		Thread.sleep(500);
		String text = recorder.getText();
		Files.writeString(new File(out, "recorded.ijm").toPath(), text);
		IJ.getInstance();
	}

	static ImagePlus previewShowing(int[] want) {
		ImagePlus p = WindowManager.getImage("RGB Composite preview");
		if (p == null || p.getWidth() != W || p.getHeight() != H) return null;
		return Arrays.equals((int[]) p.getProcessor().getPixels(), want) ? p : null;
	}

	static void check(String name, boolean ok, String detail) {
		report.add(name + (ok ? " ok" : " FAILED " + detail));
	}

	static <T> T waitFor(Supplier<T> what, long ms) throws InterruptedException {
		for (long t = 0; t < ms; t += 50) {
			T v = what.get();
			if (v != null) return v;
			Thread.sleep(50);
		}
		return null;
	}
}
