package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;

import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.registration.Interpolation;
import org.astrofiji.core.registration.Resampler;
import org.astrofiji.core.registration.Warp;
import org.astrofiji.core.wcs.Equatorial;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Shift Image, Rotate Image, Find Transform and Align Images through SciJava's CommandService, on a
 * simulated night's B and V frames (same field, same WCS): the B frame shifted by a known amount is
 * found and aligned back; WCS, ERR and DQ in the outputs; every bad input named.
 */
class RegistrationCommandsTest {

	static Context context;
	static CommandService commands;
	@TempDir
	static Path night;
	static final double DX = 12.4, DY = -7.7;
	/** 1 mas in degrees. */
	static final double MAS = 1 / 3.6e6;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		commands.run(SimulateObservationCommand.class, false, "output", night.toFile(), "seed", 3L, "width", 320, "height", 256,
			"stars", 150, "filters", "B,V", "bias_frames", 0, "dark_frames", 0, "flat_frames", 0, "science_frames", 1,
			"epoch2_frames", 0, "cosmics", 5).get();
		// the B frame moved by a known shift, the seed's registration exercise
		commands.run(ShiftImageCommand.class, false, "input", frame("B"), "dx", DX, "dy", DY, "output", shiftedB()).get();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static File frame(String filter) {
		return night.resolve("science_" + filter + "_001.fits").toFile();
	}

	static File shiftedB() {
		return night.resolve("shifted_B.fits").toFile();
	}

	CommandModule run(Class<? extends org.scijava.command.Command> c, Object... keyValues) throws Exception {
		return commands.run(c, false, keyValues).get();
	}

	/** The message of the command's failure. */
	String failure(Class<? extends org.scijava.command.Command> c, Object... keyValues) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(c, keyValues));
		return Commands.rootCause(e).getMessage();
	}

	/** Every pixel p of `after` sees the sky `before` saw at oldToNew^-1(p): checked at a grid of pixels, to 1e-6 mas. */
	static void assertWcsFollows(AstroImage before, AstroImage after, org.astrofiji.core.registration.Transform oldToNew) {
		assertWcsFollows(before, after, oldToNew, 1e-6 * MAS);
	}

	static void assertWcsFollows(AstroImage before, AstroImage after, org.astrofiji.core.registration.Transform oldToNew, double tolerance) {
		Wcs a = Wcs.of(before), b = Wcs.of(after);
		assertNotNull(b, "the output has a WCS");
		for (double x = 1; x <= after.width(); x += after.width() / 7.0) {
			for (double y = 1; y <= after.height(); y += after.height() / 5.0) {
				double[] old = oldToNew.inverse().apply(x, y), s1 = a.pixelToSky(old[0], old[1]), s2 = b.pixelToSky(x, y);
				assertEquals(0, Equatorial.separation(s1[0], s1[1], s2[0], s2[1]), tolerance, "sky at " + x + "," + y);
			}
		}
	}

	@Test
	void shiftImageMovesPixelsWcsAndFlagsAndWritesAnMef() throws Exception {
		AstroImage src = FitsReader.readImage(frame("B").getPath()), out = FitsReader.readImage(shiftedB().getPath() + "[SCI]");
		assertEquals(src.size(), out.size());
		// the pixels are the core's cubic shift (checked against scipy.ndimage.shift in core), flags in DQ
		float[] expected = Resampler.of(Interpolation.CUBIC).image(src.data(), Warp.shift(src.width(), src.height(), DX, DY));
		assertTrue(Arrays.equals(expected, out.data()), "SCI = the core's shift");
		assertTrue(out.hasDq());
		short[] dq = out.dqData();
		// memory column 0..12 (FITS x <= 13.4 -> sampled left of 1) have no data; FITS row y > 256 - 7.7 likewise
		assertEquals(Dq.NO_DATA, dq[100 * src.width() + 5]);
		assertEquals(0, dq[100 * src.width() + 100]);
		assertWcsFollows(src, out, org.astrofiji.core.registration.Transform.translation(DX, DY));
		assertTrue(String.join(" ", out.header().history()).contains("Shift Image: input=science_B_001.fits dx=12.4 dy=-7.7 interpolation=cubic"),
			out.header().history().toString());
		// an open image with ERR: propagated (bilinear at a half pixel: 1/sqrt(2))
		float[] err = new float[src.width() * src.height()];
		Arrays.fill(err, 4);
		CommandModule m = run(ShiftImageCommand.class, "image", src.withErr(err), "dx", 0.5, "dy", 0.0, "interpolation", "bilinear",
			"fill", "zero");
		AstroImage s = (AstroImage) m.getOutput("shifted");
		assertEquals(4 / Math.sqrt(2), s.errData()[100 * src.width() + 100], 1e-5);
		assertEquals(0, s.data()[100 * src.width()], "fill zero");
		assertTrue(((String) m.getOutput("summary")).contains("256 pixels without data"), (String) m.getOutput("summary"));
	}

	@Test
	void rotateImageGrowsTheCanvasAndKeepsTheSky() throws Exception {
		File out = tmp.resolve("rot.fits").toFile();
		CommandModule m = run(RotateImageCommand.class, "input", frame("V"), "angle", 30.0, "grow", true, "output", out);
		AstroImage src = FitsReader.readImage(frame("V").getPath()), r = (AstroImage) m.getOutput("rotated");
		// scipy's reshape size: floor(|cos| w + |sin| h + 1/2) x floor(|sin| w + |cos| h + 1/2)
		assertEquals((int) Math.floor(Math.cos(Math.PI / 6) * 320 + 0.5 * 256 + 0.5), r.width());
		assertEquals((int) Math.floor(0.5 * 320 + Math.cos(Math.PI / 6) * 256 + 0.5), r.height());
		assertWcsFollows(src, r, Warp.rotation(320, 256, 30, true).transform());
		assertWcsFollows(src, FitsReader.readImage(out.getPath() + "[SCI]"), Warp.rotation(320, 256, 30, true).transform());
		// kept canvas, nearest: a quarter turn moves pixels exactly
		AstroImage q = (AstroImage) run(RotateImageCommand.class, "image", src, "angle", 90.0, "interpolation", "nearest").getOutput(
			"rotated");
		// clockwise as displayed (y down on screen): memory (109, 100), (-50.5, -27.5) from the centre (159.5, 127.5),
		// turns to (27.5, -50.5) from it: memory (187, 77)
		assertEquals(src.data()[100 * 320 + 109], q.data()[77 * 320 + 187], 0);
	}

	@Test
	void findTransformRecoversTheShiftFromImagesOrStarTables() throws Exception {
		CommandModule m = run(FindTransformCommand.class, "input", shiftedB(), "reference_input", frame("B"), "transform", "translation");
		Table t = (Table) m.getOutput("transform_table");
		assertEquals(1, t.rowCount());
		// the shifted frame's stars lie at p + (DX, DY): onto the original, the transform is -(DX, DY)
		assertEquals(-DX, t.getDouble(0, "dx"), 0.03);
		assertEquals(-DY, t.getDouble(0, "dy"), 0.03);
		assertEquals("ok", t.getString(0, "status"));
		Table pairs = (Table) m.getOutput("matches");
		assertEquals((int) t.getDouble(0, "matched"), pairs.rowCount());
		for (int r = 0; r < pairs.rowCount(); r++) {
			assertEquals(pairs.getDouble(r, "x") - DX, pairs.getDouble(r, "x_reference"), 0.3);
		}
		// from Find Stars tables, similarity; and onto V (another band of the same field)
		File sb = tmp.resolve("b.csv").toFile(), sv = tmp.resolve("v.csv").toFile(), pairsFile = tmp.resolve("pairs.csv").toFile();
		run(FindStarsCommand.class, "input", shiftedB(), "table_file", sb);
		run(FindStarsCommand.class, "input", frame("V"), "table_file", sv);
		CommandModule s = run(FindTransformCommand.class, "stars", sb, "reference_stars", sv, "table_file", pairsFile);
		Table ts = (Table) s.getOutput("transform_table");
		assertEquals("similarity", ts.getString(0, "kind"));
		assertEquals(1, ts.getDouble(0, "scale"), 1e-3);
		assertEquals(0, ts.getDouble(0, "rotation"), 0.02);
		assertEquals(-DX, ts.getDouble(0, "a02"), 0.3);
		assertEquals(((Table) s.getOutput("matches")).rowCount(), CsvTables.read(pairsFile).rowCount());
		assertTrue(((String) s.getOutput("summary")).startsWith("Find Transform b.csv ("), (String) s.getOutput("summary"));
	}

	@Test
	void alignImagesAlignsFramesByStarsAndByWcsAndReportsFailures() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Files.copy(shiftedB().toPath(), in.resolve("b1.fits"));
		Files.copy(frame("B").toPath(), in.resolve("b2.fits"));
		// a frame of sky only: no stars to match
		AstroImage v = FitsReader.readImage(frame("V").getPath());
		float[] blank = new float[v.width() * v.height()];
		Arrays.fill(blank, 1000);
		FitsWriter.write(in.resolve("b3.fits").toFile(), false, Hdu.image(org.astrofiji.core.Images.wrap(blank, 320, 256), v.header()));
		File out = tmp.resolve("aligned").toFile();
		String msg = failure(AlignImagesCommand.class, "reference_input", frame("V"), "frames", in.resolve("b*.fits").toString(), "output", out);
		assertTrue(msg.startsWith("1 of 3 frames could not be aligned: b3.fits: found 0 matching stars, need 3"), msg);
		assertTrue(msg.contains("wrote 2 frames to " + out), msg);
		Table t = CsvTables.read(new File(out, "transforms.csv"));
		assertEquals(3, t.rowCount());
		assertEquals(-DX, t.getDouble(0, "dx"), 0.05);
		assertEquals(-DY, t.getDouble(0, "dy"), 0.05);
		assertEquals(0, t.getDouble(1, "dx"), 0.05);
		assertTrue(t.getString(2, "status").startsWith("failed: found 0 matching stars"));
		assertFalse(new File(out, "b3_aligned.fits").exists());
		// the aligned shifted frame is the original B again inside (cubic there and back: a smoothing of the noise)
		AstroImage b1 = FitsReader.readImage(new File(out, "b1_aligned.fits").getPath() + "[SCI]"), b = FitsReader.readImage(frame("B")
			.getPath());
		double[] d = residual(b1, b, 40);
		assertTrue(d[0] < 0.02 * d[1], "aligned back: mean |difference| " + d[0] + " vs mean level " + d[1]);
		// its own WCS moved back with it through the transform found: B's again, to the match's accuracy (0.05 px = 50 mas)
		assertWcsFollows(b, b1, org.astrofiji.core.registration.Transform.identity(), 50 * MAS);
		assertTrue(b1.hasDq());

		// by WCS: the shifted frame's WCS moved with it, so it goes straight back, to the reference's WCS
		CommandModule w = run(AlignImagesCommand.class, "reference", v, "image", FitsReader.readImage(shiftedB().getPath() + "[SCI]"),
			"method", "wcs", "transform", "translation");
		Table tw = (Table) w.getOutput("transforms");
		assertEquals(-DX, tw.getDouble(0, "dx"), 1e-6);
		assertEquals(-DY, tw.getDouble(0, "dy"), 1e-6);
		assertEquals("wcs", tw.getString(0, "method"));
		AstroImage aw = (AstroImage) w.getOutput("aligned");
		assertEquals(Wcs.of(v).crpix()[0], Wcs.of(aw).crpix()[0], 0);

		// transforms only: the frame unresampled, with V's WCS carried onto it; a 16-bit reference noted
		File only = tmp.resolve("only").toFile();
		AstroImage v16 = v.withBitpix(16);
		CommandModule o = run(AlignImagesCommand.class, "reference", v16, "frames", shiftedB().getPath(), "resample", false, "output", only);
		AstroImage wcsOnly = FitsReader.readImage(new File(only, "shifted_B_wcs.fits").getPath() + "[SCI]");
		AstroImage sb = FitsReader.readImage(shiftedB().getPath() + "[SCI]");
		assertTrue(Arrays.equals(sb.data(), wcsOnly.data()), "not resampled");
		double[] p1 = Wcs.of(v).pixelToSky(100, 100), p2 = Wcs.of(wcsOnly).pixelToSky(100 + DX, 100 + DY);
		assertTrue(Equatorial.separation(p1[0], p1[1], p2[0], p2[1]) < 0.05 / 3600, "the frame's star lies where V's WCS puts it");
		String summary = (String) o.getOutput("summary");
		assertTrue(summary.contains("note: the images have different pixel types (16-bit, float)"), summary);
		assertTrue(new File(only, "transforms.csv").isFile());
	}

	/** Mean |a - b| and mean |b| over the pixels at least `margin` from the edges where both have values. */
	static double[] residual(AstroImage a, AstroImage b, int margin) {
		float[] x = a.data(), y = b.data();
		double s = 0, l = 0;
		int n = 0;
		for (int r = margin; r < a.height() - margin; r++) {
			for (int c = margin; c < a.width() - margin; c++) {
				int p = r * a.width() + c;
				if (Float.isNaN(x[p]) || Float.isNaN(y[p])) continue;
				s += Math.abs(x[p] - y[p]);
				l += Math.abs(y[p]);
				n++;
			}
		}
		return new double[] { s / n, l / n };
	}

	@Test
	void badInputIsNamedAndNothingIsWritten() throws Exception {
		File out = tmp.resolve("none").toFile();
		AstroImage v = FitsReader.readImage(frame("V").getPath());
		// shift larger than the image
		assertEquals("shift (400.000, 0.00000) moves the whole 320x256 image out of the frame",
			failure(ShiftImageCommand.class, "image", v, "dx", 400.0));
		assertEquals("interpolation must be nearest, bilinear, cubic or lanczos3 (got 'spline')",
			failure(ShiftImageCommand.class, "image", v, "interpolation", "spline"));
		// a reference without WCS when aligning onto WCS
		AstroImage noWcs = v.withHeader(v.headerCopy().removeWcs()).withName("v_nowcs");
		assertEquals("reference v_nowcs has no celestial WCS to align onto (method wcs): align by stars, or choose a reference with a WCS",
			failure(AlignImagesCommand.class, "reference", noWcs, "frames", shiftedB().getPath(), "method", "wcs", "output", out));
		assertFalse(out.exists(), "nothing written");
		// too few stars: one frame, its reason, nothing written
		float[] sky = new float[320 * 256];
		Arrays.fill(sky, 500);
		sky[300] = 5000;
		AstroImage blank = AstroImage.of("blank", sky, 320, 256, new FitsHeader());
		String m = failure(AlignImagesCommand.class, "reference", v, "image", blank, "output", out);
		assertTrue(m.startsWith("blank: found 0 matching stars, need 3 (the source list has only"), m);
		assertFalse(new File(out, "transforms.csv").exists(), "nothing written");
		// no consistent match: two unrelated star fields
		File other = tmp.resolve("other").toFile();
		commands.run(SimulateObservationCommand.class, false, "output", other, "seed", 99L, "width", 320, "height", 256, "stars", 150,
			"filters", "V", "bias_frames", 0, "dark_frames", 0, "flat_frames", 0, "science_frames", 1, "epoch2_frames", 0, "cosmics", 0)
			.get();
		m = failure(FindTransformCommand.class, "input", new File(other, "science_V_001.fits"), "reference", v);
		assertTrue(m.startsWith("found ") && m.contains("need "), m);
		// nothing to align, no reference, a glob that matches nothing, a table without positions
		assertEquals("nothing to align: choose an image or give frames", failure(AlignImagesCommand.class, "reference", v));
		assertEquals("reference: no image; choose an open image or give reference_input", failure(AlignImagesCommand.class, "image", v));
		assertEquals("frames: '" + night.resolve("zz*.fits") + "' matches no FITS file", failure(AlignImagesCommand.class, "reference", v,
			"frames", night.resolve("zz*.fits").toString()));
		File bad = tmp.resolve("bad.csv").toFile();
		Files.writeString(bad.toPath(), "a,b\n1,2\n");
		assertEquals("stars: the table has no x and y columns (it has a, b); give a Find Stars table", failure(FindTransformCommand.class,
			"stars", bad, "reference", v));
		assertEquals("reference: no image and no star table; choose an open image, or give reference_input or reference_stars",
			failure(FindTransformCommand.class, "image", v));
		// an existing output is not replaced
		File exists = tmp.resolve("exists").toFile();
		exists.mkdirs();
		Files.writeString(new File(exists, "shifted_B_aligned.fits").toPath(), "x");
		m = failure(AlignImagesCommand.class, "reference", v, "frames", shiftedB().getPath(), "output", exists);
		assertTrue(m.contains("already exists"), m);
	}

	@Test
	void rgbCompositeAlignsGreenAndBlueOntoRedByStarsOrWcs() throws Exception {
		AstroImage v = FitsReader.readImage(frame("V").getPath()), b = FitsReader.readImage(frame("B").getPath());
		AstroImage shifted = FitsReader.readImage(shiftedB().getPath() + "[SCI]");
		Object[] common = { "method", "linear", "scale_min", "1000", "scale_max", "3000" };
		AstroImage truth = composite(v, b, "none", common), byStars = composite(v, shifted, "stars", common);
		// the blue plane of the aligned composite is the unshifted B's (the cubic shift there and back smooths the noise)
		float[][] t = org.astrofiji.core.Images.planes(truth.sci()), s = org.astrofiji.core.Images.planes(byStars.sci());
		double diff = 0, level = 0;
		int n = 0;
		for (int r = 20; r < 236; r++) {
			for (int c = 20; c < 300; c++) {
				int p = r * 320 + c;
				diff += Math.abs(t[2][p] - s[2][p]);
				level += t[2][p];
				n++;
			}
		}
		assertTrue(diff < 0.05 * level, "blue plane off by " + diff / n + " on a level of " + level / n);
		assertTrue(Arrays.equals(t[0], s[0]), "red is the reference: untouched");
		CommandModule auto = commands.run(RgbCompositeCommand.class, false, "red", v, "green", v, "blue", shifted, "align", "auto")
			.get();
		String summary = (String) auto.getOutput("summary");
		assertTrue(summary.contains("blue aligned onto red: translation by WCS") || summary.contains("blue aligned onto red: similarity by WCS"),
			summary);
		AstroImage noWcs = v.withHeader(new FitsHeader()).withName("plain");
		String m = failure(RgbCompositeCommand.class, "red", v, "green", noWcs, "blue", shifted, "align", "wcs");
		assertEquals("align: green band plain has no celestial WCS to align by (method wcs)", m);
	}

	private AstroImage composite(AstroImage red, AstroImage blue, String align, Object... more) throws Exception {
		File f = Files.createTempFile(tmp, "rgb", ".fits").toFile();
		f.delete();
		Object[] kv = { "red", red, "green", red, "blue", blue, "align", align, "stack_output", f };
		Object[] all = Arrays.copyOf(kv, kv.length + more.length);
		System.arraycopy(more, 0, all, kv.length, more.length);
		return (AstroImage) commands.run(RgbCompositeCommand.class, false, all).get().getOutput("stack");
	}

	@Test
	void extractSpectrumTurnsATiltedTraceOntoTheRowsWithAngle() throws Exception {
		// a trace rising at 5 degrees (counter-clockwise as displayed) through the centre, on a flat sky
		int w = 200, h = 100;
		double sigma = 1.5, amplitude = 100, tilt = Math.tan(Math.toRadians(5));
		float[] img = new float[w * h];
		for (int my = 0; my < h; my++) {
			for (int mx = 0; mx < w; mx++) {
				double x = mx + 1, y = h - my, yc = 50.5 + tilt * (x - 100.5), d = (y - yc) * Math.cos(Math.toRadians(5));
				img[my * w + mx] = (float) (10 + amplitude * Math.exp(-d * d / (2 * sigma * sigma)));
			}
		}
		AstroImage a = AstroImage.of("tilted", img, w, h, new FitsHeader());
		double perColumn = amplitude * sigma * Math.sqrt(2 * Math.PI) / Math.cos(Math.toRadians(5));
		for (double angle : new double[] { 0, 5 }) {
			CommandModule m = commands.run(ExtractSpectrumCommand.class, false, "image", a, "angle", angle, "source", "43-56", "background",
				"5-25,75-95", "order", 1).get();
			Table sp = (Table) m.getOutput("spectrum");
			double worst = 0;
			for (int r = 20; r < 180; r++) worst = Math.max(worst, Math.abs(sp.getDouble(r, "flux") / perColumn - 1));
			// rotated, every column holds the trace's whole flux (the rotation keeps a column's flux to the spline's accuracy);
			// not rotated, the trace leaves the source rows towards the ends
			if (angle == 5) assertTrue(worst < 0.01, "rotated: worst column off by " + worst);
			else assertTrue(worst > 0.3, "not rotated: worst column off by only " + worst);
			if (angle == 5) assertTrue(((String) m.getOutput("summary")).startsWith("Extract Spectrum on tilted rotated by 5 deg"));
		}
	}
}
