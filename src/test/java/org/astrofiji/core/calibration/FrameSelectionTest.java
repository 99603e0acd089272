package org.astrofiji.core.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.astrofiji.core.Globs;
import org.astrofiji.core.calibration.FrameSelection.Type;
import org.astrofiji.core.image.FitsHeader;
import org.junit.jupiter.api.Test;

/** Frame classification by name and IMAGETYP, without files: names and headers the test makes. */
class FrameSelectionTest {

	@Test
	void globsMatchNamesAsShellsDo() {
		assertTrue(Globs.matches("*BIAS*", "night_bias_001.fits"));
		assertTrue(Globs.matches("flat_?_00[1-3].fits", "FLAT_V_002.FITS"));
		assertFalse(Globs.matches("flat_?_00[1-3].fits", "flat_V_004.fits"));
		// plain names (no wildcard) are compared, ignoring case, as their globs would match
		assertTrue(Globs.matches("bias_001.fits, Science_R_005.fits", "science_r_005.FITS"));
		assertFalse(Globs.matches("science_R_005.fits", "science_R_0051.fits"));
		assertFalse(Globs.matches("science.R_005.fits", "scienceXR_005.fits"));
		assertTrue(Globs.matches("sci_[!b]*.fits", "sci_v.fits"));
		assertFalse(Globs.matches("sci_[!b]*.fits", "sci_b.fits"));
		assertTrue(Globs.matches("a.fits, b*.fit", "b2.fit"));
		assertFalse(Globs.matches("a.fits", "a_fits"), "a dot is a dot");
		assertFalse(Globs.matches("", "a.fits"));
		assertEquals(List.of("a", "b c", "d"), Globs.split(" a, b c;;d\n"));
	}

	static final Map<String, String> TYPES = Map.of("b1.fits", "Bias Frame", "b2.fits", "zero", "dark60.fits", "Dark Frame",
		"flat_dark.fits", "Flat Field", "m42.fits", "Light Frame", "focus.fits", "Focus", "notype.fits", "");

	static FitsHeader header(String name) {
		FitsHeader h = new FitsHeader().setSource(name);
		String t = TYPES.get(name);
		return t == null || t.isEmpty() ? h : h.set("IMAGETYP", t, "");
	}

	static final List<String> NAMES = List.of("b1.fits", "b2.fits", "dark60.fits", "flat_dark.fits", "focus.fits", "m42.fits",
		"notype.fits");

	/**
	 * IMAGETYP decides among the frames a glob matched ("flat_dark" is a flat, not a dark); a frame
	 * without the keyword is taken by name; a calibration frame is no science frame; frames skipped
	 * for their IMAGETYP are listed unless another type took them.
	 */
	@Test
	void imagetypDecidesAmongTheMatchedFrames() throws Exception {
		FrameSelection.Result r = FrameSelection.by("IMAGETYP").glob(Type.BIAS, "b*").select(NAMES, "/night",
			FrameSelectionTest::header);
		assertEquals(List.of("b1.fits", "b2.fits"), r.frames(Type.BIAS));
		assertEquals(List.of("dark60.fits"), r.frames(Type.DARK));
		assertEquals(List.of("flat_dark.fits"), r.frames(Type.FLAT));
		assertEquals(List.of("m42.fits", "notype.fits"), r.frames(Type.SCIENCE));
		assertEquals(1, r.skipped.size());
		assertEquals("focus.fits", r.skipped.get(0).name);
		assertEquals("science glob matched it but IMAGETYP = 'Focus'", r.skipped.get(0).note);
		// by name only
		r = FrameSelection.by("").glob(Type.BIAS, "b*").glob(Type.SCIENCE, "m42.fits").select(NAMES, "/night",
			FrameSelectionTest::header);
		assertEquals(List.of("dark60.fits", "flat_dark.fits"), r.frames(Type.DARK));
		assertEquals(List.of("flat_dark.fits"), r.frames(Type.FLAT), "by name alone both calibration globs take it");
		// empty globs: nothing of that type; the default dark and flat globs may match nothing
		r = FrameSelection.by("IMAGETYP").glob(Type.BIAS, "").glob(Type.SCIENCE, "").select(List.of("x.fits"), "/night",
			FrameSelectionTest::header);
		assertTrue(r.frames(Type.BIAS).isEmpty() && r.frames(Type.DARK).isEmpty() && r.frames(Type.SCIENCE).isEmpty());
	}

	@Test
	void aGlobThatSelectsNothingIsNamed() {
		assertEquals("darks: 'dk_*' matched no FITS file in /night", assertThrows(IllegalArgumentException.class,
			() -> FrameSelection.by("IMAGETYP").glob(Type.BIAS, "b*").glob(Type.DARK, "dk_*").select(NAMES, "/night", FrameSelectionTest::header))
				.getMessage());
		assertEquals("bias: 'dark*' matched 1 files but none has IMAGETYP in [Bias Frame,bias,zero] (found Dark Frame); change " +
			"bias_types, or give imagetyp_key= empty to select by name only", assertThrows(IllegalArgumentException.class,
				() -> FrameSelection.by("IMAGETYP").glob(Type.BIAS, "dark*").select(NAMES, "/night", FrameSelectionTest::header))
					.getMessage());
		assertEquals("science: 'zz*' matched no FITS file in /night; give science= empty for masters only", assertThrows(
			IllegalArgumentException.class, () -> FrameSelection.by("IMAGETYP").glob(Type.BIAS, "b*").glob(Type.SCIENCE, "zz*")
				.select(NAMES, "/night", FrameSelectionTest::header)).getMessage());
	}
}
