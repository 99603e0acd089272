package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.CommandTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandInfo;

/**
 * The bad-pixel mask of Master Calibration on a simulated night against its truth, and what it does
 * for L.A.Cosmic on the calibrated frames (run as macros/remove_cosmic_rays_lacosmic.ijm runs it:
 * border=reflect, the DQ bad+hot+dead bits as bad pixels by default). Targets: >= 95 % of the
 * simulated hot pixels in bad_pixels.fits with < 0.1 % false flags; L.A.Cosmic recall >= 99 % and
 * precision >= 97 % over the reduced science frames.
 * <p>
 * A 512x512 B/V/R night with two science frames per filter keeps it quick. The demo's night (1024x1024,
 * three frames per filter) gives the figures quoted in the README: run with
 * {@code -Dastrofiji.night=demo}.
 */
class BadPixelsNightTest extends CommandTest {

	@TempDir
	static Path tmp;
	static File night, out;
	static int size, frames;

	@BeforeAll
	static void calibrateNight() throws Exception {
		boolean demo = "demo".equals(System.getProperty("astrofiji.night"));
		size = demo ? 1024 : 512;
		frames = demo ? 3 : 2;
		night = tmp.resolve("night").toFile();
		out = tmp.resolve("calibrated").toFile();
		long t0 = System.nanoTime();
		commands.run(SimulateObservationCommand.class, false, "output", night, "seed", 1L, "width", size, "height", size,
			"stars", demo ? 300 : 75, "science_frames", frames, "epoch2_frames", 0).get();
		long t1 = System.nanoTime();
		commands.run(MasterCalibrationCommand.class, false, "directory", night, "bias", "bias_*.fits", "darks", "dark_*.fits",
			"flats", "flat_*.fits", "science", "science_*.fits", "output", out).get();
		System.out.printf(Locale.ROOT, "%dx%d night: simulated in %.1f s, calibrated in %.1f s%n", size, size, (t1 - t0) / 1e9,
			(System.nanoTime() - t1) / 1e9);
	}

	static float[] read(File f, String hdu) throws Exception {
		return FitsReader.read(f, hdu).data();
	}

	/** >= 95 % of the simulated hot pixels flagged, < 0.1 % of the other pixels. */
	@Test
	void badPixelMaskHoldsTheSimulatedHotPixels() throws Exception {
		FitsImage mask = FitsReader.read(new File(out, "bad_pixels.fits"), null);
		assertEquals(16, mask.bitpix());
		assertEquals(Dq.MARKER_VALUE, mask.header().getString(Dq.MARKER_KEY));
		float[] flags = mask.data(), dark = read(new File(night, "truth/dark_current.fits"), null);
		// the simulator's hot pixels have 50 to 3000 times the base dark current (0.02 e-/s; 5x that in the glow)
		int hot = 0, found = 0, other = 0, falseFlags = 0;
		for (int p = 0; p < dark.length; p++) {
			boolean truth = dark[p] > 0.5, flagged = ((int) flags[p] & Dq.HOT) != 0;
			if (truth) {
				hot++;
				if (flagged) found++;
			}
			else {
				other++;
				if (flagged) falseFlags++;
			}
			assertEquals(0, (int) flags[p] & Dq.DEAD, "the simulator makes no dead pixels");
		}
		double recall = (double) found / hot, falseRate = (double) falseFlags / other;
		System.out.printf(Locale.ROOT, "bad_pixels.fits: %d of %d simulated hot pixels flagged (%.2f %%), %d false (%.4f %%)%n",
			found, hot, 100 * recall, falseFlags, 100 * falseRate);
		assertTrue(hot > 40, "the simulator makes hot pixels: " + hot);
		assertTrue(recall >= 0.95, "hot pixels flagged: " + recall);
		assertTrue(falseRate < 0.001, "false flags: " + falseRate);
		assertEquals(found + falseFlags, mask.header().getDouble("NHOT"), 0);
		// every reduced frame carries the flags in its DQ; a hot pixel keeps its (dark-subtracted) value
		AstroImage red = FitsReader.readImage(new File(out, "science_V_001_red.fits").getPath());
		short[] dq = red.dqData();
		for (int p = 0; p < dq.length; p++) assertEquals((int) flags[p], dq[p] & (Dq.HOT | Dq.DEAD), "pixel " + p);
	}

	/**
	 * L.A.Cosmic on every reduced science frame with the DQ bad pixels (default bad_flags) and the
	 * macro's options: recall over the simulated cosmic-ray pixels that are not on or next to a flagged
	 * bad pixel (L.A.Cosmic never flags those: it grows the bad-pixel mask by one), precision over every
	 * flagged pixel (a flagged neighbour of a hit counts against it), and no hot pixel flagged.
	 */
	@Test
	void laCosmicWithTheBadPixelMaskFindsTheCosmicRaysAndLittleElse() throws Exception {
		long hits = 0, found = 0, flagged = 0, right = 0, hitsOnBad = 0, onHot = 0;
		float[] dark = read(new File(night, "truth/dark_current.fits"), null);
		long t0 = System.nanoTime();
		CommandInfo info = Commands.find(commands, "Remove Cosmic Rays");
		for (String f : new String[] { "B", "V", "R" }) {
			for (int i = 1; i <= frames; i++) {
				String name = String.format(Locale.ROOT, "science_%s_%03d", f, i);
				File cleaned = tmp.resolve(name + "_cr.fits").toFile();
				Map<String, String> options = macroOptions();
				options.put("input", new File(out, name + "_red.fits").getPath());
				options.put("output", cleaned.getPath());
				Commands.run(context, info, Commands.convert(context, info, options));
				float[] mask = read(cleaned, "CRMASK"), truth = read(new File(night, "truth/crmask_" + name + ".fits"), null);
				short[] dq = FitsReader.readImage(new File(out, name + "_red.fits").getPath()).dqData();
				long h = 0, fd = 0, fl = 0, ok = 0, onBad = 0;
				for (int p = 0; p < truth.length; p++) {
					boolean t = truth[p] != 0, m = mask[p] != 0;
					if (m) fl++;
					if (m && t) ok++;
					if (m && dark[p] > 0.5) onHot++;
					if (!t) continue;
					if (nearBad(dq, p, size)) {
						onBad++;
						continue;
					}
					h++;
					if (m) fd++;
				}
				System.out.printf(Locale.ROOT, "%s: %d cosmic-ray pixels (%d on or next to bad pixels), %d flagged: recall %.4f, " +
					"precision %.4f%n", name, h + onBad, onBad, fl, (double) fd / h, (double) ok / fl);
				hits += h;
				found += fd;
				flagged += fl;
				right += ok;
				hitsOnBad += onBad;
			}
		}
		double recall = (double) found / hits, precision = (double) right / flagged;
		System.out.printf(Locale.ROOT, "L.A.Cosmic on %d reduced frames (%.1f s): recall %.4f (%d of %d; %d more on bad pixels), " +
			"precision %.4f (%d of %d)%n", 3 * frames, (System.nanoTime() - t0) / 1e9, recall, found, hits, hitsOnBad, precision, right,
			flagged);
		assertEquals(0, onHot, "simulated hot pixels flagged as cosmic rays");
		assertTrue(hits > 300, "enough cosmic-ray pixels: " + hits);
		assertTrue(recall >= 0.99, "recall " + recall);
		assertTrue(precision >= 0.97, "precision " + precision);
	}

	/** The options macros/remove_cosmic_rays_lacosmic.ijm gives Remove Cosmic Rays (its key=value words). */
	static Map<String, String> macroOptions() throws Exception {
		String macro = Files.readString(Path.of("macros", "remove_cosmic_rays_lacosmic.ijm"));
		Matcher m = Pattern.compile("run\\(\"Remove Cosmic Rays\\.\\.\\.\", \"([^\"]*)\"").matcher(macro);
		assertTrue(m.find(), "the macro runs Remove Cosmic Rays");
		Map<String, String> options = new LinkedHashMap<>();
		for (String word : m.group(1).trim().split("\\s+")) {
			String[] kv = word.split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		assertEquals("lacosmic", options.get("method"));
		return options;
	}

	/** On or next to a pixel flagged bad, hot or dead. */
	static boolean nearBad(short[] dq, int p, int w) {
		int x = p % w, y = p / w;
		for (int dy = -1; dy <= 1; dy++) {
			for (int dx = -1; dx <= 1; dx++) {
				int xx = x + dx, yy = y + dy;
				if (xx >= 0 && yy >= 0 && xx < w && yy < dq.length / w && (dq[yy * w + xx] & Dq.DETECTOR) != 0) return true;
			}
		}
		return false;
	}
}
