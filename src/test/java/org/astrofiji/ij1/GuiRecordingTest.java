package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.HeadlessImageJ;
import org.astrofiji.testutil.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Menu + dialog: a user fills in the bridge's dialog with the recorder open (in a real X display,
 * Xvfb); the recorded line uses the parameter names as keys, and replaying it headless gives the
 * same result. Skipped where Xvfb is not installed (apt-get install xvfb).
 */
class GuiRecordingTest {

	@TempDir
	Path tmp;

	@Test
	void dialogRecordsTheDocumentedMacroLineAndItReplays() throws Exception {
		assumeTrue(VirtualDisplay.available(), "Xvfb not installed");
		File gui = tmp.resolve("gui").toFile();
		try (VirtualDisplay x = VirtualDisplay.start(tmp.resolve("xvfb.log").toFile())) {
			x.runJava(GuiRecordingProbe.class, tmp.resolve("probe.log").toFile(), 300, gui.getPath());
		}
		String recorded = Files.readString(new File(gui, "recorded.ijm").toPath()).trim();
		assertEquals("run(\"Simulate Observation...\", \"seed=7 width=64 height=48 filters=B,V,R stars=12 fwhm=3 " +
			"psf=moffat variable_psf sky=20 cosmics=40 exposure=60 gain=1.5 read_noise=6 bias_frames=5 dark_frames=3 flat_frames=5 " +
			"science_frames=3 epoch2_frames=2 output=" + gui + "\");", recorded);
		File replay = tmp.resolve("replay").toFile();
		HeadlessImageJ.runMacro(recorded.replace(gui.getPath(), replay.getPath()), null);
		for (String f : new String[] { "science_V_002.fits", "flat_R_005.fits", "epoch2_V_001.fits" }) {
			assertArrayEquals(FitsReader.read(new File(gui, f), null).data(), FitsReader.read(new File(replay, f), null).data(), f);
		}
	}
}
