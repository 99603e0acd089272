package org.astrofiji.ij1;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.Menus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import java.awt.Checkbox;
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
		Recorder recorder = new Recorder(false);
		new Executer("Simulate Observation...", null); // what a menu click does
		GenericDialog gd = null;
		for (int i = 0; i < 200 && gd == null; i++) {
			for (Window w : Window.getWindows()) if (w instanceof GenericDialog && w.isShowing()) gd = (GenericDialog) w;
			Thread.sleep(50);
		}
		if (gd == null) throw new IllegalStateException("no dialog appeared");
		// fields in parameter order: strings (output, filters), numbers (seed, width, ...), checkboxes
		TextField output = (TextField) gd.getStringFields().get(0);
		output.setText(out.getPath());
		((TextField) gd.getNumericFields().get(0)).setText("7"); // seed
		((TextField) gd.getNumericFields().get(1)).setText("64"); // width
		((TextField) gd.getNumericFields().get(2)).setText("48"); // height
		((TextField) gd.getNumericFields().get(3)).setText("12"); // stars
		((Checkbox) gd.getCheckboxes().get(0)).setState(true); // variable_psf
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
}
