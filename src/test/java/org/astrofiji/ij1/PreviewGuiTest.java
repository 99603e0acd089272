package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.RgbComposer;
import org.astrofiji.io.RgbFiles;
import org.astrofiji.testutil.HeadlessImageJ;
import org.astrofiji.testutil.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live preview of a Previewable command (RGB Composite) in a real X display (Xvfb): ticking
 * "preview" shows the composite, editing Q updates it, OK closes it and shows the result; the
 * recorded macro line has the parameters (not the preview checkbox) and replays to the same
 * composite headless. Skipped where Xvfb is not installed.
 */
class PreviewGuiTest {

	@TempDir
	Path tmp;

	@Test
	void previewFollowsTheDialogAndIsNotRecorded() throws Exception {
		assumeTrue(VirtualDisplay.available(), "Xvfb not installed");
		File gui = tmp.resolve("gui").toFile();
		String log;
		try (VirtualDisplay x = VirtualDisplay.start(tmp.resolve("xvfb.log").toFile())) {
			log = x.runJava(PreviewGuiProbe.class, tmp.resolve("probe.log").toFile(), 300, gui.getPath());
		}
		List<String> report = Files.readAllLines(new File(gui, "report.txt").toPath());
		for (String line : report) assertTrue(line.endsWith(" ok"), line + "\n" + String.join("\n", report) + "\n" + log);
		assertEquals(8, report.size(), String.join("\n", report));
		String recorded = "";
		for (String line : Files.readAllLines(new File(gui, "recorded.ijm").toPath())) {
			if (line.startsWith("run(\"RGB Composite...\"")) recorded = line;
		}
		assertTrue(recorded.startsWith("run(\"RGB Composite...\", \"red=r green=g blue=b method=lupton scales=1 minimum=20 stretch=300 q=1.5 "),
			recorded);
		assertFalse(recorded.contains("preview"), recorded);
		assertFalse(recorded.contains("red_input"), recorded);
		// the recorded line replays headless to the same composite
		File png = tmp.resolve("replay.png").toFile();
		StringBuilder macro = new StringBuilder("setBatchMode(true);\n");
		float[][] bands = new float[3][];
		for (int c = 0; c < 3; c++) {
			bands[c] = PreviewGuiProbe.band(new double[] { 1, 0.6, 0.3 }[c]);
			macro.append("newImage('").append("rgb".charAt(c)).append("', '32-bit black', ").append(PreviewGuiProbe.W).append(", ")
				.append(PreviewGuiProbe.H).append(", 1);\n");
			for (int y = 0; y < PreviewGuiProbe.H; y++) for (int x = 0; x < PreviewGuiProbe.W; x++) macro.append("setPixel(").append(x)
				.append(",").append(y).append(",").append(bands[c][y * PreviewGuiProbe.W + x]).append(");");
			macro.append('\n');
		}
		macro.append(recorded.replace(" output=[]", " output=[" + png + "]")).append('\n');
		HeadlessImageJ.runMacro(macro.toString(), null);
		int[] want = new RgbComposer().minimum(20).stretch(300).q(1.5).apply(Channels.of(PreviewGuiProbe.W, PreviewGuiProbe.H,
			bands[0], bands[1], bands[2]), Progress.NONE).argb();
		var img = javax.imageio.ImageIO.read(png);
		int[] got = img.getRGB(0, 0, PreviewGuiProbe.W, PreviewGuiProbe.H, null, 0, PreviewGuiProbe.W);
		for (int i = 0; i < want.length; i++) want[i] |= 0xff000000;
		assertArrayEquals(want, got);
		assertTrue(RgbFiles.isRgbFile(png));
	}
}
