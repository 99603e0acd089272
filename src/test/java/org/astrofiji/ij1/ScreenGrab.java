package org.astrofiji.ij1;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Saves a screenshot of the X display it runs on once a marker file appears, then presses Escape (to
 * close the dialog it shows). Run by PlainImageJInstallIT beside a plain ImageJ on the same Xvfb display.
 */
public final class ScreenGrab {

	public static void main(String[] args) throws Exception {
		File marker = new File(args[0]), png = new File(args[1]);
		for (int i = 0; i < 1200 && !marker.exists(); i++) Thread.sleep(100);
		if (!marker.exists()) throw new IllegalStateException("no marker " + marker);
		Thread.sleep(Long.parseLong(args.length > 2 ? args[2] : "4000")); // the dialog draws
		Robot robot = new Robot();
		ImageIO.write(robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize())), "png", png);
		robot.keyPress(KeyEvent.VK_ESCAPE);
		robot.keyRelease(KeyEvent.VK_ESCAPE);
	}
}
