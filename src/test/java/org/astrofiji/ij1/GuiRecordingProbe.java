package org.astrofiji.ij1;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.Menus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import java.awt.Checkbox;
import java.awt.Component;
import java.awt.Container;
import java.awt.Label;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.nio.file.Files;

/**
 * Drives the bridge as a user does, in a real (X) display: a menu click on Simulate Observation...,
 * typing into the dialog, OK, with the macro recorder open. Prints what the recorder wrote. Run by
 * GuiRecordingTest under Xvfb in its own JVM (the test JVM is headless).
 */
public final class GuiRecordingProbe {

	public static void main(String[] args) throws Exception {
		File out = new File(args[0]);
		new ImageJ(ImageJ.NO_SHOW);
		Menus.getCommands().put("Simulate Observation...",
			"org.astrofiji.ij1.CommandBridge(\"org.astrofiji.command.SimulateObservationCommand\")");
		// built on the event thread, as AWT wants (PreviewGuiProbe hung once building it on main)
		Recorder[] made = new Recorder[1];
		EventQueue.invokeAndWait(() -> made[0] = new Recorder(false));
		Recorder recorder = made[0];
		new Executer("Simulate Observation...", null); // what a menu click does
		GenericDialog gd = null;
		for (int i = 0; i < 200 && gd == null; i++) {
			for (Window w : Window.getWindows()) if (w instanceof GenericDialog && w.isShowing()) gd = (GenericDialog) w;
			Thread.sleep(50);
		}
		if (gd == null) throw new IllegalStateException("no dialog appeared");
		// fields found by their labels (the parameter names), wherever the dialog's sections put them
		((TextField) field(gd, "output")).setText(out.getPath());
		((TextField) field(gd, "seed")).setText("7");
		((TextField) field(gd, "width")).setText("64");
		((TextField) field(gd, "height")).setText("48");
		((TextField) field(gd, "stars")).setText("12");
		((Checkbox) field(gd, "variable_psf")).setState(true);
		GenericDialog dialog = gd;
		EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(dialog.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
		for (int i = 0; i < 600 && !new File(out, "night.csv").exists(); i++) Thread.sleep(50);
		Thread.sleep(500);
		String text = recorder.getText();
		Files.writeString(new File(out, "recorded.ijm").toPath(), text);
		System.out.println("RECORDED:" + text);
		IJ.getInstance();
		System.exit(0);
	}

	/** The input component of the dialog field labelled {@code key} (a label followed by it, or a checkbox). */
	static Component field(Container c, String key) {
		Component[] all = c.getComponents();
		for (int i = 0; i < all.length; i++) {
			// GenericDialog shows '_' as a space
			if (all[i] instanceof Checkbox && key.equals(((Checkbox) all[i]).getLabel().trim().replace(' ', '_'))) return all[i];
			if (all[i] instanceof Label && key.equals(((Label) all[i]).getText().trim().replace(' ', '_')) && i + 1 < all.length) {
				Component next = all[i + 1];
				// a numeric field sits in a panel with its units; a file field in a panel with its button
				if (next instanceof Container && !(next instanceof TextField)) for (Component k : ((Container) next).getComponents()) {
					if (k instanceof TextField) return k;
				}
				return next;
			}
			if (all[i] instanceof Container) {
				Component f = field((Container) all[i], key);
				if (f != null) return f;
			}
		}
		return null;
	}
}
