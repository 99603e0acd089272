package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.astrofiji.core.Images;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many frames in one {@code astro run}: a glob or a list as {@code input}, outputs named by
 * {@code {name}} or put in a folder, each frame's result the same as its own run, a failing frame
 * reported by name with the others still done, and an output that would take several frames refused
 * before any work.
 */
class BatchRunTest {

	@TempDir
	Path tmp;

	/** A 64x48 frame of noise around 100 with a few hot pixels (the median recipe's cosmic rays). */
	private File frame(File dir, String name, long seed) throws Exception {
		Random r = new Random(seed);
		float[] a = new float[64 * 48];
		for (int i = 0; i < a.length; i++) a[i] = (float) (100 + 3 * r.nextGaussian());
		for (int k = 0; k < 5; k++) a[r.nextInt(a.length)] = 5000;
		dir.mkdirs();
		File f = new File(dir, name);
		FitsWriter.write(f, false, Hdu.image(Images.wrap(a, 64, 48), null));
		return f;
	}

	private static final class Run {
		int rc;
		String out, err;
	}

	private static Run astro(String... args) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		Run r = new Run();
		r.rc = Astro.main(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		r.out = out.toString(StandardCharsets.UTF_8);
		r.err = err.toString(StandardCharsets.UTF_8);
		return r;
	}

	@Test
	void aGlobRunsEveryFrameAndReportsTheOneThatFails() throws Exception {
		File in = tmp.resolve("in").toFile(), out = tmp.resolve("out").toFile();
		File a = frame(in, "a.fits", 1), b = frame(in, "b.fits", 2), c = frame(in, "c.fits", 3);
		File bad = new File(in, "bad.fits");
		Files.writeString(bad.toPath(), "not a FITS file");
		out.mkdirs();
		Run r = astro("run", "Remove Cosmic Rays", "input=" + in + "/*.fits,method=median,output=" + out + "/{name}_clean.fits");
		assertEquals(1, r.rc, r.err);
		assertTrue(r.err.contains("error: Remove Cosmic Rays: " + bad + ": "), r.err);
		String[] lines = r.err.trim().split("\n");
		assertEquals("error: Remove Cosmic Rays: 1 of 4 frames failed: " + bad, lines[lines.length - 1]);
		for (File f : new File[] { a, b, c }) {
			assertTrue(r.out.contains("== " + f), r.out);
			File batch = new File(out, f.getName().replace(".fits", "_clean.fits"));
			File single = tmp.resolve("single_" + f.getName()).toFile();
			Run one = astro("run", "Remove Cosmic Rays", "input=" + f + ",method=median,output=" + single);
			assertEquals(0, one.rc, one.err);
			assertArrayEquals(FitsReader.read(single, null).data(), FitsReader.read(batch, null).data(), f.getName());
		}
		assertFalse(new File(out, "bad_clean.fits").exists());
		assertEquals(3, out.list().length, Arrays.toString(out.list()));
	}

	@Test
	void aListIntoAFolderKeepsTheFramesNames() throws Exception {
		File in = tmp.resolve("in").toFile(), out = tmp.resolve("out").toFile();
		File a = frame(in, "a.fits", 1), b = frame(in, "b.fit", 2);
		out.mkdirs();
		Run r = astro("run", "Remove Cosmic Rays", "input=\"" + a + "," + b + "\",method=median,output=" + out + "/");
		assertEquals(0, r.rc, r.err);
		assertTrue(new File(out, "a.fits").isFile() && new File(out, "b.fit").isFile(), Arrays.toString(out.list()));
		assertTrue(r.err.contains("Remove Cosmic Rays finished 2 of 2 frames"), r.err);
	}

	@Test
	void oneOutputFileForSeveralFramesIsRefusedBeforeAnyWork() throws Exception {
		File in = tmp.resolve("in").toFile();
		frame(in, "a.fits", 1);
		frame(in, "b.fits", 2);
		File one = tmp.resolve("one.fits").toFile();
		Run r = astro("run", "Remove Cosmic Rays", "input=" + in + "/*.fits,method=median,output=" + one);
		assertEquals(1, r.rc, r.err);
		assertEquals("error: Remove Cosmic Rays: output: one file (" + one + ") for 2 frames; put {name} (the frame's file name) in it, " +
			"e.g. output=" + tmp.resolve("{name}_one.fits") + ", or give a folder\n", r.err.substring(r.err.indexOf("error:")));
		assertFalse(one.exists());

		// two frames of one name in two folders would write one file
		File x = frame(tmp.resolve("x").toFile(), "a.fits", 3), y = frame(tmp.resolve("y").toFile(), "a.fits", 4);
		r = astro("run", "Remove Cosmic Rays", "input=\"" + x + "," + y + "\",method=median,output=" + tmp + "/{name}_clean.fits");
		assertEquals(1, r.rc, r.err);
		assertTrue(r.err.contains("output: frames " + x + " and " + y + " would both write " + tmp + "/a_clean.fits"), r.err);
		assertFalse(tmp.resolve("a_clean.fits").toFile().exists());
	}

	@Test
	void theNameIsTheFileNameWithoutItsFitsExtension() {
		assertEquals("M13_blue_0001", BatchRun.stem("M13_blue_0001.fits"));
		assertEquals("frame", BatchRun.stem("frame.fits.fz"));
		assertEquals("frame", BatchRun.stem("frame.FIT.gz"));
		assertEquals("frame.txt", BatchRun.stem("frame.txt"));
	}
}
