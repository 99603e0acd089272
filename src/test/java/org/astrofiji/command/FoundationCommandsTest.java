package org.astrofiji.command;

import org.astrofiji.core.image.AstroImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.CommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Open FITS, Save FITS and Simulate Observation through SciJava's CommandService, as scripts call them. */
class FoundationCommandsTest extends CommandTest {

	@TempDir
	Path tmp;

	@Test
	void openFitsReturnsTheImageWithItsHeader() throws Exception {
		File f = tmp.resolve("mef.fits").toFile();
		float[] sci = { 1, 2, 3, 4, 5, 6 };
		FitsWriter.write(f, false, List.of(Hdu.empty(new FitsHeader().set("EXPTIME", 12.5, "")),
			Hdu.image(Images.wrap(sci, 3, 2), null).withExtname("SCI"), Hdu.image(Images.wrap(new float[6], 3, 2), null).withExtname("ERR")));
		CommandModule m = commands.run(OpenFitsCommand.class, false, "path", f, "hdu", "sci").get();
		AstroImage img = (AstroImage) m.getOutput("image");
		assertEquals("mef.fits[SCI]", img.name());
		assertArrayEquals(sci, img.data());
		assertEquals(12.5, img.header().getDouble("EXPTIME"), 0);
		assertTrue(img.hasErr(), "SCI opens with its ERR");
		assertEquals("mef.fits[ERR]", ((AstroImage) commands.run(OpenFitsCommand.class, false, "path",
			new File(f.getPath() + "[2]")).get().getOutput("image")).name());
	}

	@Test
	void saveFitsWritesAnyPixelTypeWithItsHeaderAndHistory() throws Exception {
		File f = tmp.resolve("u16.fits").toFile();
		short[] raw = { 0, 1000, (short) 65535, 42 };
		CommandModule m = commands.run(SaveFitsCommand.class, false, "image", AstroImage.of("u16", Images.toFloat(
			ArrayImgs.unsignedShorts(raw, 2, 2)), new FitsHeader().set("FILTER", "V", "")), "path", f, "bitpix", "16",
			"overwrite", false).get();
		assertTrue(((String) m.getOutput("summary")).startsWith("wrote " + f));
		FitsImage back = FitsReader.read(f, null);
		assertArrayEquals(new float[] { 0, 1000, 65535, 42 }, back.data());
		assertEquals("V", back.header().getString("FILTER"));
		assertEquals("Astro Fiji " + org.astrofiji.core.Version.get() + " Save FITS: path=u16.fits bitpix=16",
			back.header().history().get(0));
		Exception e = assertThrows(Exception.class, () -> commands.run(SaveFitsCommand.class, false, "image",
			ArrayImgs.unsignedShorts(raw, 2, 2), "path", f, "bitpix", "16").get());
		assertTrue(Commands.rootCause(e).getMessage().contains("already exists"), Commands.rootCause(e).toString());
		assertEquals(UnsignedShortType.class, ArrayImgs.unsignedShorts(raw, 2, 2).firstElement().getClass());
	}

	@Test
	void simulateObservationWritesANightWithTruth() throws Exception {
		File dir = tmp.resolve("night").toFile();
		CommandModule m = commands.run(SimulateObservationCommand.class, false, "output", dir, "seed", 5L, "width", 96,
			"height", 80, "stars", 25, "filters", "V,R", "bias_frames", 2, "dark_frames", 1, "flat_frames", 2,
			"science_frames", 1, "epoch2_frames", 1).get();
		assertTrue(((String) m.getOutput("summary")).contains(": 11 raw frames, "), (String) m.getOutput("summary"));
		FitsImage sci = FitsReader.read(new File(dir, "science_R_001.fits"), null);
		assertEquals(96, sci.width());
		assertEquals(80, sci.height());
		assertEquals(16, sci.bitpix());
		assertEquals("R", sci.header().getString("FILTER"));
		assertTrue(String.join(" ", sci.header().history()).startsWith("Astro Fiji " + org.astrofiji.core.Version.get() +
			" Simulate Observation: seed=5 width=96 height=80 filters=V,R stars=25 fwhm=3 psf=moffat"));
		Table stars = CsvTables.read(new File(dir, "truth/stars.csv"));
		assertEquals(25, stars.rowCount());
		assertTrue(stars.hasColumn("counts_R"));
		Table night = CsvTables.read(new File(dir, "night.csv"));
		assertEquals(2 + 2 + 2 * 2 + 2 + 1, night.rowCount());
		assertEquals(8, FitsReader.read(new File(dir, "truth/crmask_science_V_001.fits"), null).bitpix());
		// a second run into the same directory needs overwrite
		Exception e = assertThrows(Exception.class, () -> commands.run(SimulateObservationCommand.class, false,
			"output", dir, "width", 96, "height", 80).get());
		assertTrue(Commands.rootCause(e).getMessage().contains("already holds a simulated night"));
	}

	@Test
	void valuesAreConvertedAndCheckedAgainstTheParameters() {
		CommandInfo info = commands.getCommand(SimulateObservationCommand.class);
		Map<String, Object> ok = Commands.convert(context, info, Map.of("fwhm", "2.5", "stars", "12", "psf", "gaussian",
			"variable_psf", "true"));
		assertEquals(2.5, ok.get("fwhm"));
		assertEquals(12, ok.get("stars"));
		assertEquals(true, ok.get("variable_psf"));
		assertEquals("fwhm must be at least 0.5 (got 0.1)", assertThrows(IllegalArgumentException.class,
			() -> Commands.convert(context, info, Map.of("fwhm", "0.1"))).getMessage());
		assertEquals("psf must be one of [moffat, gaussian] (got 'airy')", assertThrows(IllegalArgumentException.class,
			() -> Commands.convert(context, info, Map.of("psf", "airy"))).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Commands.convert(context, info,
			Map.of("fwhmm", "3"))).getMessage().startsWith("Simulate Observation has no parameter 'fwhmm'; did you mean 'fwhm'?; its parameters are: output, seed,"));
		assertEquals("stars: 'many' is not a valid int", assertThrows(IllegalArgumentException.class,
			() -> Commands.convert(context, info, Map.of("stars", "many"))).getMessage());
		assertEquals(info, Commands.find(commands, "Simulate Observation..."));
		assertEquals(info, Commands.find(commands, SimulateObservationCommand.class.getName()));
	}

	@Test
	void requiredParametersAreNamedWhenMissing() {
		CommandInfo info = commands.getCommand(OpenFitsCommand.class);
		assertEquals("Open FITS: path is required", assertThrows(IllegalArgumentException.class,
			() -> Commands.run(context, info, Map.of())).getMessage());
	}
}
