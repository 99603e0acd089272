package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.testutil.CommandTest;

/**
 * Every output of a command is checked before any work and all are published together: the defects
 * of issue 11 item 6 (a FITS written and then the run failing on its table, outputs naming one file,
 * a FITS named .png, Save FITS without an image) and the checks' messages.
 */
class FileOutputsTest extends CommandTest {

	@TempDir
	Path tmp;

	private File frame;
	/** Pixels of the frame that are not whole numbers: what an integer BITPIX rounds. */
	private int fractions;

	@BeforeEach
	void frame() throws IOException {
		float[] a = new float[64 * 48];
		for (int i = 0; i < a.length; i++) {
			a[i] = 100 + (i * 7919 % 97) / 10f;
			if (a[i] != Math.rint(a[i])) fractions++;
		}
		frame = tmp.resolve("frame.fits").toFile();
		FitsWriter.write(frame, false, Hdu.image(Images.wrap(a, 64, 48), new FitsHeader().set("EXPTIME", 10.0, "s")));
	}

	private String failure(String label, Object... kv) {
		Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2) in.put((String) kv[i], kv[i + 1]);
		return assertThrows(RuntimeException.class, () -> Commands.run(context, label, in)).getMessage();
	}

	private List<String> files() throws IOException {
		try (Stream<Path> s = Files.walk(tmp)) {
			return s.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void aTableThatCannotBeWrittenStopsTheRunBeforeItsFitsIsWritten() throws Exception {
		// issue 11: Fit Background wrote its FITS, then failed on the existing csv
		File fits = tmp.resolve("sub.fits").toFile(), csv = tmp.resolve("table.csv").toFile();
		Files.writeString(csv.toPath(), "earlier");
		assertEquals("csv: output " + csv + " already exists; choose another name or set overwrite to replace it",
			failure("Fit Background", "input", frame.getPath(), "box", "16", "output", fits.getPath(), "csv", csv.getPath()));
		assertEquals("Remove Cosmic Rays: table: output " + csv + " already exists; choose another name or set overwrite to " +
			"replace it", "Remove Cosmic Rays: " + failure("Remove Cosmic Rays", "input", frame.getPath(), "output", fits.getPath(),
				"table", csv.getPath()));
		assertEquals("csv: output " + frame + " is an input of this command; inputs are never overwritten", failure(
			"Extract Spectrum", "input", frame.getPath(), "source", "20-22", "background", "0-10,30-47", "output", fits.getPath(),
			"csv", frame.getPath(), "overwrite", "true"));
		assertEquals(List.of("frame.fits", "table.csv"), files(), "nothing written");
		assertEquals("earlier", Files.readString(csv.toPath()));
	}

	@Test
	void twoOutputsNamingOneFileAreRefused() throws Exception {
		File same = tmp.resolve("stars.txt").toFile();
		assertEquals("table_file and regions_file are both " + same + "; give each output its own file", failure("Find Stars",
			"input", frame.getPath(), "table_file", same.getPath(), "regions_file", tmp.resolve(".").resolve("stars.txt").toString()));
		// issue 11: RGB Composite with output equal to stack_output wrote the PNG, then failed
		File png = tmp.resolve("rgb.png").toFile();
		assertEquals("output and stack_output are both " + png + "; give each output its own file", failure("RGB Composite",
			"red_input", frame.getPath(), "green_input", frame.getPath(), "blue_input", frame.getPath(), "output", png.getPath(),
			"stack_output", png.getPath()));
		assertEquals(List.of("frame.fits"), files());
	}

	@Test
	void outputNamesMustFitWhatTheyHold() throws Exception {
		// issue 11: Combine Frames with output=c.png wrote FITS named .png
		File png = tmp.resolve("c.png").toFile();
		assertEquals("output: " + png + " is not a FITS file name; end it in .fits (.fits.gz for gzip, .fits.fz for tile " +
			"compression)", failure("Combine Frames", "files", frame + "," + frame, "output", png.getPath()));
		assertEquals("table_file: " + tmp.resolve("t.fits") + " would be a CSV table named like a FITS file or a picture; give " +
			"it a name ending in .csv", failure("Find Stars", "input", frame.getPath(), "table_file", tmp.resolve("t.fits").toString()));
		assertEquals("output must end in .png, .tif or .tiff (got c.jpg)", failure("RGB Composite", "red_input", frame.getPath(),
			"green_input", frame.getPath(), "blue_input", frame.getPath(), "output", tmp.resolve("c.jpg").toString()));
		assertEquals(List.of("frame.fits"), files());
	}

	@Test
	void aFolderThatCannotBeMadeIsNamedBeforeAnyWork() throws Exception {
		File out = new File(frame, "sub/shifted.fits");
		assertEquals("output: cannot write " + out + ": " + frame + " is a file, not a directory", failure("Shift Image", "input",
			frame.getPath(), "dx", "1", "output", out.getPath()));
		File dir = tmp.resolve("a-dir").toFile();
		assertTrue(dir.mkdir());
		assertEquals("output " + dir + " is a directory, not a file", failure("Rotate Image", "input", frame.getPath(), "angle", "5",
			"output", dir.getPath()));
	}

	@Test
	void outputsAreWrittenTogetherInNewFolders() throws Exception {
		File fits = tmp.resolve("out/fits/sub.fits").toFile(), csv = tmp.resolve("out/tables/sub.csv").toFile();
		Commands.run(context, "Fit Background", Map.of("input", frame.getPath(), "box", "16", "output", fits.getPath(), "csv",
			csv.getPath()));
		assertEquals(List.of("frame.fits", "out", "out/fits", "out/fits/sub.fits", "out/tables", "out/tables/sub.csv"), files());
	}

	@Test
	void aNameTakenBeforeTheCommitPublishesNothing() throws Exception {
		File fits = tmp.resolve("a.fits").toFile(), csv = tmp.resolve("new/b.csv").toFile();
		Object command = new TwoOutputs(frame, fits, csv);
		try (FileOutputs out = FileOutputs.of(command, false).add("output", fits, FileOutputs.Kind.FITS).add("table", csv,
			FileOutputs.Kind.TABLE).check())
		{
			Files.writeString(out.file(fits).toPath(), "fits");
			Files.writeString(out.file(csv).toPath(), "csv");
			// a run racing this one takes a name after the checks
			Files.createDirectories(csv.toPath().getParent());
			Files.writeString(csv.toPath(), "the other run's");
			String m = assertThrows(IOException.class, out::commit).getMessage();
			assertEquals("output " + csv + " already exists; choose another name or set overwrite to replace it; nothing of this run " +
				"was published", m);
		}
		assertEquals(List.of("frame.fits", "new", "new/b.csv"), files());
	}

	@Test
	void anUndeclaredOutputParameterIsAMistakeOfTheCommand() {
		File csv = tmp.resolve("b.csv").toFile();
		String m = assertThrows(IllegalStateException.class, () -> FileOutputs.of(new TwoOutputs(frame, tmp.resolve("a.fits").toFile(), csv),
			false).add("output", tmp.resolve("a.fits").toFile(), FileOutputs.Kind.FITS).check()).getMessage();
		assertEquals("TwoOutputs: the output table is not declared in its FileOutputs", m);
		// its inputs are found by their style: an output equal to one is refused
		String in = assertThrows(IllegalArgumentException.class, () -> FileOutputs.of(new TwoOutputs(frame, frame, null), true)
			.add("output", frame, FileOutputs.Kind.FITS).check()).getMessage();
		assertEquals("output " + frame + " is an input of this command; inputs are never overwritten", in);
	}

	/** A command-like class with an input and two outputs. */
	static final class TwoOutputs {

		@Parameter(style = FileWidget.OPEN_STYLE)
		File input;

		@Parameter(style = FileWidget.SAVE_STYLE)
		File output;

		@Parameter(style = FileWidget.SAVE_STYLE)
		File table;

		TwoOutputs(File input, File output, File table) {
			this.input = input;
			this.output = output;
			this.table = table;
		}
	}

	@Test
	void saveFitsWithoutAnImageIsOneLineAndLeavesNoFile() throws Exception {
		// issue 11: an NPE text and a header-only file
		File out = tmp.resolve("x.fits").toFile();
		assertEquals("no image to save: open one, or give an input FITS file", failure("Save FITS", "path", out.getPath()));
		assertFalse(out.exists());
	}

	@Test
	void saveFitsConvertsAFileHeadless() throws Exception {
		File out = tmp.resolve("x_u16.fits.fz").toFile();
		String summary = (String) Commands.run(context, "Save FITS", Map.of("input", frame.getPath(), "path", out.getPath(),
			"bitpix", "16")).get("summary");
		assertEquals("wrote " + out + " (64x48, BITPIX 16); note: BITPIX 16 rounded or clipped " + fractions + " pixel values", summary);
		FitsImage back = FitsReader.read(out, null);
		assertEquals(16, back.bitpix());
		float[] in = FitsReader.read(frame, null).data();
		for (int i = 0; i < in.length; i++) assertEquals(Math.rint(in[i]), back.data()[i], 0);
		assertEquals("path: output " + frame + " is an input of this command; inputs are never overwritten", failure("Save FITS", "input",
			frame.getPath(), "path", frame.getPath(), "overwrite", "true"));
	}

	@Test
	void saveFitsNeverReplacesTheFileAnImageCameFromWithALossyCopy() throws Exception {
		// issue 11: a macro saving onto the file it opened replaced it with a lossy copy
		AstroImage opened = FitsReader.readImage(frame.getPath());
		byte[] before = Files.readAllBytes(frame.toPath());
		String m = failure("Save FITS", "image", opened, "path", frame.getPath(), "bitpix", "16", "overwrite", "true");
		assertEquals("path: " + frame + " is the file frame.fits came from, and this copy rounds or clips " + fractions + " pixel values " +
			"(BITPIX 16); save to another file or with bitpix -32", m);
		assertArrayEquals(before, Files.readAllBytes(frame.toPath()));
		// lossless: allowed
		Commands.run(context, "Save FITS", Map.of("image", opened, "path", frame.getPath(), "overwrite", "true"));
		assertArrayEquals(opened.data(), FitsReader.read(frame, null).data());
		// an image of one HDU of a multi-extension file would drop the others
		File mef = tmp.resolve("mef.fits").toFile();
		float[] small = { 1, 2, 3, 4, 5, 6 };
		FitsWriter.write(mef, false, List.of(Hdu.empty(new FitsHeader()), Hdu.image(Images.wrap(small, 3, 2), null).withExtname("SCI"),
			Hdu.image(Images.wrap(small, 3, 2), null).withExtname("MODEL")));
		AstroImage sci = FitsReader.readImage(mef + "[SCI]");
		assertEquals("path: " + mef + " is the file mef.fits[SCI] came from, and this copy drops 1 other HDU of the file; save to " +
			"another file", failure("Save FITS", "image", sci, "path", mef.getPath(), "overwrite", "true"));
		assertEquals(3, FitsReader.list(mef).size());
		// the same lossy conversion into another file is done, and said
		File copy = tmp.resolve("copy.fits").toFile();
		assertTrue(((String) Commands.run(context, "Save FITS", Map.of("image", opened, "path", copy.getPath(), "bitpix", "8")).get(
			"summary")).endsWith("; note: BITPIX 8 rounded or clipped " + fractions + " pixel values"));
	}
}
