package org.astrofiji.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.SharedData;

/**
 * Reduce Night on bad input (every problem named before anything runs, or the frame skipped with its
 * reason while the rest is processed) and on the real nights of ../shared (bias and flats without
 * darks; science frames only).
 */
class NightInputsTest {

	static Context context;
	static File root, night;

	@BeforeAll
	static void simulate() throws Exception {
		context = new Context(CommandService.class);
		root = Files.createTempDirectory("astro-inputs").toFile();
		night = new File(root, "night");
		Commands.run(context, "Simulate Observation", Map.ofEntries(Map.entry("output", night.getPath()), Map.entry("seed", "3"),
			Map.entry("width", "160"), Map.entry("height", "160"), Map.entry("stars", "40"), Map.entry("filters", "V"),
			Map.entry("bias_frames", "2"), Map.entry("dark_frames", "0"), Map.entry("flat_frames", "2"), Map.entry("science_frames", "2"),
			Map.entry("epoch2_frames", "0"), Map.entry("cosmics", "5")));
	}

	@AfterAll
	static void cleanUp() throws IOException {
		context.dispose();
		NightPipelineTest.delete(root);
	}

	static NightPipeline.Result reduce(File input, File output, String config, String reference) throws IOException {
		NightPipeline.Settings s = new NightPipeline.Settings();
		s.input = input;
		s.output = output;
		s.reference = reference;
		if (config != null) {
			s.config = new File(root, "settings.txt");
			Files.writeString(s.config.toPath(), config);
		}
		return NightPipeline.run(context, s);
	}

	static String error(File input, File output, String config, String reference) {
		return assertThrows(IllegalArgumentException.class, () -> reduce(input, output, config, reference)).getMessage();
	}

	@Test
	void everyProblemIsNamedBeforeAnythingRuns() throws Exception {
		File out = new File(root, "never");
		File empty = new File(root, "empty");
		empty.mkdirs();
		assertTrue(error(new File(root, "missing"), out, null, "").startsWith("input: "));
		assertTrue(error(empty, out, null, "").contains("input: no FITS files"), error(empty, out, null, ""));
		String e = error(night, out, "find_star.k = 5\n", "");
		assertTrue(e.contains("find_star.k: no step 'find_star'; did you mean 'find_stars'?") && e.contains("line 1"), e);
		e = error(night, out, "# deeper\n\nfind_stars.kk = 5\n", "");
		assertTrue(e.contains("line 3: find_stars.kk: Find Stars has no parameter 'kk'; did you mean 'k'?"), e);
		e = error(night, out, "remove_cosmic_rays.input = x.fits\n", "");
		assertTrue(e.contains("the pipeline sets input of Remove Cosmic Rays itself"), e);
		e = error(night, out, "find_stars.k = five\n", "");
		assertTrue(e.contains("find_stars.k: k: 'five' is not a valid double"), e);
		e = error(night, out, "remove_cosmic_rays.method = fast\n", "");
		assertTrue(e.contains("method must be one of [lacosmic, median]"), e);
		e = error(night, out, "find_stars.k 5\n", "");
		assertTrue(e.contains("line 1: 'find_stars.k 5' is not <step>.<key> = <value>"), e);
		e = error(night, out, "find_stars.k = 5\nfind_stars.k = 6\n", "");
		assertTrue(e.contains("find_stars.k is set twice"), e);
		e = error(night, out, "# only a comment\n", "");
		assertTrue(e.contains("sets nothing: no <step>.<key> = <value> line"), e);
		e = error(night, out, null, "2020-01-01");
		assertTrue(e.contains("reference: no epoch '2020-01-01'") && e.contains("2026-03-21"), e);
		assertFalse(out.exists(), "nothing ran");
		File foreign = new File(root, "foreign");
		foreign.mkdirs();
		Files.writeString(new File(foreign, "notes.txt").toPath(), "mine");
		e = error(night, foreign, null, "");
		assertTrue(e.contains("holds files but no earlier Reduce Night run"), e);
		assertTrue(error(night, night, null, "").contains("output must not be the input directory"));
	}

	/**
	 * A frame of another size, a science frame without FILTER, a damaged file and a dark without
	 * EXPTIME are skipped with their reasons; the rest is reduced, and the command ends with an error
	 * naming them (a batch job's exit status).
	 */
	@Test
	void badFramesAreSkippedWithTheirReasons() throws Exception {
		File in = new File(root, "mixed");
		in.mkdirs();
		for (String n : night.list((d, n) -> n.endsWith(".fits"))) Files.copy(new File(night, n).toPath(), new File(in, n).toPath());
		AstroImage v = FitsReader.readImage(new File(night, "science_V_001.fits").getPath());
		float[] small = new float[100 * 100];
		for (int y = 0; y < 100; y++) System.arraycopy(v.data(), y * 160, small, y * 100, 100);
		FitsWriter.write(new File(in, "science_V_small.fits"), false, Hdu.image(ArrayImgs.floats(small, 100, 100), v.headerCopy()));
		FitsWriter.write(new File(in, "science_nofilter.fits"), false, Hdu.image(v.sci(), v.headerCopy().remove("FILTER")));
		FitsHeader dark = v.headerCopy().remove("EXPTIME").set("IMAGETYP", "Dark Frame", "");
		FitsWriter.write(new File(in, "dark_noexp.fits"), false, Hdu.image(v.sci(), dark));
		Files.writeString(new File(in, "broken.fits").toPath(), "SIMPLE  = T  this is not a FITS file");
		File out = new File(root, "mixed-out");
		NightPipeline.Result r = reduce(in, out, null, "");
		assertFalse(r.complete());
		Map<String, String> why = new java.util.HashMap<>();
		for (NightFrame f : r.plan.skipped()) why.put(f.name, f.skipReason());
		assertTrue(why.get("broken.fits").startsWith("unreadable: "), why.toString());
		assertTrue(why.get("science_V_small.fits").contains("size 100x100 differs from the night's 160x160"), why.toString());
		assertTrue(why.get("science_nofilter.fits").contains("no filter keyword, and the flats are for V"), why.toString());
		assertTrue(why.get("dark_noexp.fits").contains("no positive EXPTIME"), why.toString());
		assertEquals(4, why.size(), why.toString());
		assertEquals(2, r.processed().size());
		String html = NightPipelineTest.read(r.layout.report());
		for (String reason : why.values()) assertTrue(html.contains(NightReport.esc(reason)), reason);
		assertTrue(html.contains("colour-magnitude diagram: needs two filters"), "the report says why there is no CMD");
		// the command: the same run (now up to date), ending in an error that names the skipped frames
		String e = assertThrows(IllegalStateException.class, () -> Commands.run(context, "Reduce Night", Map.of("input", in.getPath(),
			"output", out.getPath()))).getMessage();
		assertTrue(e.contains("left out 4 frames") && e.contains("science_V_small.fits"), e);
	}

	/** TIRCAM2 J band: bias and flats but no darks, no FILTER, no IMAGETYP; every frame calibrated. */
	@Test
	void aRealNightWithoutDarks() throws Exception {
		File in = SharedData.dir("tircam2-ic310-jband");
		NightPipeline.Result r = reduce(in, new File(root, "tircam2"), null, "");
		assertEquals(3, r.plan.used(org.astrofiji.core.calibration.FrameSelection.Type.BIAS).size());
		assertEquals(5, r.plan.used(org.astrofiji.core.calibration.FrameSelection.Type.FLAT).size());
		assertEquals(5, r.plan.science().size());
		assertTrue(r.plan.notes().contains("no dark frames: no dark current subtracted, no hot pixels flagged"), r.plan.notes().toString());
		explained(r);
	}

	/** M13 from a small telescope: five science frames and nothing else. */
	@Test
	void aRealNightOfScienceFramesOnly() throws Exception {
		File in = SharedData.dir("m13-orion-ssdsi");
		NightPipeline.Result r = reduce(in, new File(root, "m13"), null, "");
		assertEquals(5, r.plan.science().size());
		assertTrue(r.plan.notes().containsAll(List.of("no bias frames: no bias subtracted", "no flat fields: the frames are not " +
			"flat-fielded, no dead pixels flagged")), r.plan.notes().toString());
		explained(r);
	}

	/**
	 * Every science frame was calibrated, cleaned and measured; each frame left out later and each step
	 * not done is in the report with its reason.
	 */
	static void explained(NightPipeline.Result r) throws IOException {
		String html = NightPipelineTest.read(r.layout.report());
		for (NightFrame f : r.plan.science()) {
			assertTrue(r.layout.stars(f).isFile(), f.name + " has no star table");
			assertTrue(html.contains(f.name), f.name);
		}
		for (Map.Entry<String, String> e : r.failed.entrySet()) assertTrue(html.contains(NightReport.esc(e.getValue())), e.toString());
		for (String note : r.plan.notes()) assertTrue(html.contains(NightReport.esc(note)), note);
		assertTrue(html.contains("colour-magnitude diagram: needs two filters") && html.contains("colour composite: needs three filters"));
		Table frames = r.frames();
		System.out.println(r.summary());
		assertEquals(r.plan.frames().size(), frames.rowCount());
		assertTrue(new String(Files.readAllBytes(r.layout.replay().toPath()), StandardCharsets.UTF_8).contains("run(\"Master Calibration...\""));
	}
}
