package org.astrofiji.command;

import org.astrofiji.core.image.AstroImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.cosmics.CosmicRayMask;
import org.astrofiji.core.cosmics.LaCosmic;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsCards;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;

/** Remove Cosmic Rays through SciJava's CommandService and the checked path the bridge and CLI use. */
class RemoveCosmicRaysCommandTest {

	static Context context;
	static CommandService commands;
	static CommandInfo info;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		info = commands.getCommand(RemoveCosmicRaysCommand.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static final int W = 80, H = 60;

	/** Sky of 1000 ADU with noise and three hits; and an ERR image of 2 with one odd value. */
	static float[] frame() {
		Random r = new Random(11);
		float[] a = new float[W * H];
		for (int i = 0; i < a.length; i++) a[i] = (float) (1000 + 20 * r.nextGaussian());
		a[10 * W + 10] += 2000;
		a[30 * W + 40] += 1500;
		a[31 * W + 41] += 1800;
		return a;
	}

	File mef(String name, FitsHeader header, float[] err) throws Exception {
		File f = tmp.resolve(name).toFile();
		FitsWriter.write(f, false, List.of(Hdu.empty(header), Hdu.image(Images.wrap(frame(), W, H), null).withExtname("SCI"),
			Hdu.image(Images.wrap(err, err.length / H, H), null).withExtname("ERR")));
		return f;
	}

	static float[] err(int w) {
		float[] e = new float[w * H];
		java.util.Arrays.fill(e, 20);
		return e;
	}

	Module run(Map<String, ?> values) {
		return Commands.run(context, info, Commands.convert(context, info, values));
	}

	@Test
	void medianRecipeWithTheInputsErrExtensionWritesSciAndCrmask() throws Exception {
		File in = mef("frame.fits", new FitsHeader().set("EXPTIME", 30, ""), err(W));
		File out = tmp.resolve("clean.fits").toFile(), csv = tmp.resolve("events.csv").toFile();
		Module m = run(Map.of("input", in.getPath() + "[SCI]", "method", "median", "sigma_from", "err", "border", "reflect",
			"protect_rows", "0-5", "output", out.getPath(), "table", csv.getPath()));
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("3 pixels in 2 events"), summary);
		assertTrue(summary.contains("sigma 20.0000 (median of err)"), summary);
		assertTrue(summary.contains("ERR of frame.fits[SCI]"), summary);
		FitsImage sci = FitsReader.read(out, "SCI"), crmask = FitsReader.read(out, "CRMASK");
		assertEquals(8, crmask.bitpix());
		assertEquals(255f, crmask.data()[10 * W + 10], 0);
		@SuppressWarnings("unchecked")
		Img<FloatType> cleaned = ((AstroImage) m.getOutput("cleaned")).sci();
		assertArrayEquals(Images.floats(cleaned), sci.data());
		assertTrue(Math.abs(sci.data()[10 * W + 10] - 1000) < 100);
		List<String> history = sci.header().history();
		String all = String.join(" ", history);
		assertTrue(all.contains("Remove Cosmic Rays: input=frame.fits[SCI] method=median protect_rows=0-5 border=reflect size=5 " +
			"threshold=8 sigma_from=err"), all);
		assertTrue(all.contains("rows 0-5 protected: 3 pixels in 2 events"), all);
		assertEquals(30, sci.header().getDouble("EXPTIME"), 0);
		Table events = CsvTables.read(csv);
		assertEquals(2, events.rowCount());
		// FITS raster order: the pair (memory rows 30-31 = FITS rows 30-29) before the single (FITS row 50)
		assertEquals(2, events.getDouble(0, "npix"), 0);
		assertEquals(41.5, events.getDouble(0, "x"), 1e-9); // FITS x of memory columns 40 and 41
		assertEquals(29.5, events.getDouble(0, "y"), 1e-9);
		assertEquals(50, events.getDouble(1, "y"), 1e-9);
		assertEquals(2, ((Table) m.getOutput("cosmic_rays")).rowCount());
		assertEquals(2, ((Marks) m.getOutput("marks")).size());
		// an existing output is not replaced without overwrite
		RuntimeException e = assertThrows(RuntimeException.class, () -> run(Map.of("input", in.getPath() + "[SCI]", "method",
			"median", "output", out.getPath())));
		assertTrue(e.getMessage().contains("exists"), e.getMessage());
	}

	@Test
	void laCosmicTakesGainReadNoiseAndSaturationFromTheHeader() throws Exception {
		FitsHeader h = new FitsHeader().set("GAIN", 2.0, "").set("RDNOISE", 7.0, "").set("SATURATE", 30000.0, "");
		File in = mef("gain.fits", h, err(W));
		Module m = run(Map.of("input", in.getPath() + "[SCI]"));
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("gain 2 from GAIN") && summary.contains("readnoise 7 from RDNOISE") &&
			summary.contains("satlevel 60000 e-"), summary);
		LaCosmic.Settings s = new LaCosmic.Settings();
		s.gain = 2;
		s.readNoise = 7;
		s.satLevel = 60000;
		CosmicRayMask core = LaCosmic.run(frame(), W, H, s, Progress.NONE);
		@SuppressWarnings("unchecked")
		Img<UnsignedByteType> mask = (Img<UnsignedByteType>) m.getOutput("crmask");
		byte[] got = new byte[W * H];
		int i = 0;
		for (UnsignedByteType t : mask) got[i++] = (byte) t.get();
		assertArrayEquals(core.mask(), got);
		for (int p : new int[] { 10 * W + 10, 30 * W + 40, 31 * W + 41 }) assertEquals((byte) 255, got[p]);
		// given values win over the header
		m = run(Map.of("input", in.getPath() + "[SCI]", "gain", "1.5", "readnoise", "4"));
		assertTrue(((String) m.getOutput("summary")).contains("gain 1.5 e-/ADU, readnoise 4 e-"));
	}

	@Test
	void anOpenImageWithAHeaderAndASelection() throws Exception {
		float[] data = frame();
		byte[] roi = new byte[W * H];
		for (int y = 5; y < 15; y++) for (int x = 5; x < 15; x++) roi[y * W + x] = (byte) 255;
		File out = tmp.resolve("open-roi.fits").toFile();
		CommandModule m = commands.run(RemoveCosmicRaysCommand.class, false, "image", AstroImage.of("open", data.clone(), W, H,
			new FitsHeader().set("GAIN", 1.0, "").set("OBJECT", "test", "")), "roi", ArrayImgs.unsignedBytes(roi, W, H),
			"output", out).get();
		@SuppressWarnings("unchecked")
		Img<FloatType> cleaned = ((AstroImage) m.getOutput("cleaned")).sci();
		float[] c = Images.floats(cleaned);
		assertEquals(data[10 * W + 10], c[10 * W + 10], 0); // inside the selection: left alone
		assertTrue(Math.abs(c[30 * W + 40] - 1000) < 100);
		FitsHeader h = ((AstroImage) m.getOutput("cleaned")).header();
		assertEquals("test", h.getString("OBJECT"));
		assertTrue(String.join(" ", h.history()).contains("selection protected: 2 pixels in 1 event"), h.history().toString());
		FitsHeader mh = FitsReader.readHeader(out, "CRMASK");
		assertTrue(FitsCards.toText(mh).contains("255 = cosmic ray"));
	}

	@Test
	void stisRecipeThroughTheCommandEqualsTheOracle() throws Exception {
		File stis = new File(SharedData.dir("hst-stis-3c120-longslit"), "3c120_stis.fits.gz");
		Module m = run(Map.of("input", stis.getPath() + "[1]", "method", "median", "sigma_from", "err", "protect_rows",
			"230:280"));
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("2068 pixels in 1480 events"), summary);
		assertTrue(summary.contains("sigma 7.47180 (median of err)"), summary);
	}

	@Test
	void badInputIsNamed() throws Exception {
		File in = mef("bad.fits", new FitsHeader(), err(W));
		String sci = in.getPath() + "[SCI]";
		// an ERR image of another shape
		File other = mef("other.fits", new FitsHeader(), err(W - 1));
		assertError(Map.of("input", sci, "method", "median", "sigma_from", "err", "err", other.getPath() + "[ERR]"),
			"err other.fits[ERR] (79x60) and the image bad.fits[SCI] (80x60) differ in size");
		assertError(Map.of("input", other.getPath() + "[SCI]", "method", "median", "sigma_from", "err"), "differ in size");
		// gain <= 0: the limits, the header, the core
		assertError(Map.of("input", sci, "gain", "-1"), "gain must be at least 0");
		File zeroGain = mef("zero.fits", new FitsHeader().set("GAIN", 0.0, ""), err(W));
		assertError(Map.of("input", zeroGain.getPath() + "[SCI]"), "gain: header card GAIN");
		// kernel size even or below 3
		assertError(Map.of("input", sci, "method", "median", "size", "4"), "size must be an odd number");
		assertError(Map.of("input", sci, "method", "median", "size", "1"), "size must be at least 3");
		// issue 11: a kernel far larger than the image ran out of memory; refused, naming the key (W x H = 80 x 60)
		assertError(Map.of("input", sci, "method", "median", "size", "99999"), "size 99999 is larger than the 80x60 image: a 159 px " +
			"window already covers all of it from any pixel");
		assertError(Map.of("input", sci, "fsmode", "convolve", "psfsize", "99999"), "psfsize 99999 is larger than the 80x60 image");
		// a protected range outside the image
		assertError(Map.of("input", sci, "protect_rows", "50-70"), "protect_rows: rows 50-70 lie outside the image");
		// an RGB image (a 3-plane cube)
		File rgb = tmp.resolve("rgb.fits").toFile();
		FitsWriter.write(rgb, false, Hdu.image(Images.stack(4, 3, new float[12], new float[12], new float[12]), null));
		assertError(Map.of("input", rgb.getPath()), "rgb.fits: Remove Cosmic Rays works on one 2-D image, got 4x3x3 (a stack or a colour cube: split it first)");
		Exception e = assertThrows(Exception.class, () -> commands.run(RemoveCosmicRaysCommand.class, false, "image",
			Images.stack(4, 3, new float[12], new float[12], new float[12])).get());
		assertTrue(Commands.rootCause(e).getMessage().startsWith("image: Remove Cosmic Rays works on one 2-D image"),
			Commands.rootCause(e).getMessage());
		// sigma_from=err without any ERR image; sigma_from=value without a value
		assertError(Map.of("input", rgb.getPath().replace("rgb", "bad") + "[SCI]", "method", "median", "sigma_from", "err",
			"err", tmp.resolve("missing.fits").toString()), "missing.fits");
		File plain = tmp.resolve("plain.fits").toFile();
		FitsWriter.write(plain, false, Hdu.image(Images.wrap(frame(), W, H), null));
		assertError(Map.of("input", plain.getPath(), "method", "median", "sigma_from", "err"), "err: sigma_from=err needs an ERR image: plain.fits has none");
		assertError(Map.of("input", sci, "method", "median", "sigma_from", "value"), "sigma must be > 0 when sigma_from=value");
		assertError(Map.of("input", sci, "method", "median", "border", "copy"), "border: copy is for lacosmic");
		// the input file is never written over
		assertError(Map.of("input", sci, "output", in.getPath(), "overwrite", "true"), "bad.fits");
	}

	void assertError(Map<String, String> values, String part) {
		RuntimeException e = assertThrows(RuntimeException.class, () -> run(new HashMap<>(values)));
		assertTrue(e.getMessage() != null && e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
	}
}
