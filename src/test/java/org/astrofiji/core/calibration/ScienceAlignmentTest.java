package org.astrofiji.core.calibration;

import org.astrofiji.core.image.RowSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.core.simulate.Psf;
import org.astrofiji.core.simulate.StarFrame;
import org.junit.jupiter.api.Test;

/**
 * align_science on reduced frames that drifted by known amounts: combined after alignment, the stars
 * sit where the first frame has them (centres of light against the first frame's noiseless image);
 * combined without it they do not.
 */
class ScienceAlignmentTest {

	private static final int W = 400, H = 300;
	/** Where each frame's stars are shifted, FITS pixels (the first is the reference). */
	private static final double[][] SHIFTS = { { 0, 0 }, { 7.3, -4.6 }, { -5.2, 3.9 }, { 2.6, 6.1 } };

	private final StarFrame field = new StarFrame(W, H, new Psf(Psf.Kind.MOFFAT, 3, 0, 0), 100, 2, 5, 17);
	private final List<double[]> stars = new ArrayList<>();

	ScienceAlignmentTest() {
		SplittableRandom r = new SplittableRandom(5);
		for (int i = 0; i < 150; i++) {
			double[] s = { r.nextDouble(-10, W + 10), r.nextDouble(-10, H + 10), Math.exp(r.nextDouble(Math.log(2e3), Math.log(2e5))) };
			field.star(s[0], s[1], s[2]);
			stars.add(s);
		}
	}

	private List<Frame> frames() {
		List<Frame> science = new ArrayList<>();
		for (int i = 0; i < SHIFTS.length; i++) {
			String name = "science_V_00" + (i + 1) + ".fits";
			Frame f = new Frame(name, RowSource.of(name, field.render(i, 0, SHIFTS[i][0], SHIFTS[i][1]), W, H), 60, "V");
			f.gain = 2;
			f.readNoise = 5;
			science.add(f);
		}
		return science;
	}

	private MasterCalibrationTest.Products combine(boolean align) throws Exception {
		MasterCalibration.Settings s = new MasterCalibration.Settings();
		s.combineScience = true;
		s.alignScience = align;
		MasterCalibrationTest.Products out = new MasterCalibrationTest.Products();
		MasterCalibration.run(List.of(), List.of(), List.of(), frames(), s, out, Progress.NONE);
		return out;
	}

	@Test
	void alignedFramesCombineOntoTheFirstFramesGrid() throws Exception {
		float[] truth = field.ideal(0, 0, 0);
		CombineResult aligned = combine(true).combined.get("combined_V");
		double rms = rmsOffset(aligned.value, truth);
		assertTrue(rms < 0.02, "centres of light in the aligned combination vs the first frame's: RMS " + rms + " px");
		assertTrue(aligned.description.contains("frames aligned onto science_V_001_red by their stars"), aligned.description);
		// the alignment's NaN outside each frame's footprint is skipped, not combined
		assertEquals(0, aligned.empty);
		assertTrue(aligned.nanSkipped > 0, "pixels outside the drifted frames: " + aligned.nanSkipped);
		double unaligned = rmsOffset(combine(false).combined.get("combined_V").value, truth);
		assertTrue(unaligned > 1, "without align_science the stars are smeared: RMS " + unaligned + " px");
	}

	@Test
	void theSummaryNotesEachFramesTransform() throws Exception {
		MasterCalibration.Settings s = new MasterCalibration.Settings();
		s.combineScience = s.alignScience = true;
		MasterCalibration.Result r = MasterCalibration.run(List.of(), List.of(), List.of(), frames(), s,
			new MasterCalibrationTest.Products(), Progress.NONE);
		int noted = 0;
		for (int i = 0; i < r.summary.rowCount(); i++) {
			String note = r.summary.getString(i, "note");
			if (note.contains("aligned onto science_V_001_red: similarity by ")) noted++;
		}
		assertEquals(SHIFTS.length - 1, noted, "one note per frame after the first");
	}

	@Test
	void badSettingsAndUnmatchableFramesFailNamingThem() throws Exception {
		MasterCalibration.Settings s = new MasterCalibration.Settings();
		s.alignScience = true;
		assertTrue(assertThrows(IllegalArgumentException.class, s::validate).getMessage().startsWith("align_science aligns the " +
			"frames combine_science combines"));
		List<Frame> science = frames();
		float[] blank = new float[W * H];
		Arrays.fill(blank, 100);
		science.set(2, new Frame("science_V_003.fits", RowSource.of("science_V_003.fits", blank, W, H), 60, "V"));
		s.combineScience = true;
		String m = assertThrows(IllegalArgumentException.class, () -> MasterCalibration.run(List.of(), List.of(), List.of(), science, s,
			new MasterCalibrationTest.Products(), Progress.NONE)).getMessage();
		assertTrue(m.startsWith("align_science: science_V_003_red could not be aligned onto science_V_001_red: "), m);
	}

	/**
	 * RMS distance between the centres of light (sky 100 removed, 9x9 boxes) of the bright isolated stars
	 * in {@code img} and in {@code truth}: the box's truncation biases both alike.
	 */
	private double rmsOffset(float[] img, float[] truth) {
		double sum = 0;
		int n = 0;
		for (double[] s : stars) {
			if (s[2] < 3e4 || s[0] < 20 || s[0] > W - 20 || s[1] < 20 || s[1] > H - 20 || crowded(s)) continue;
			double[] a = centre(img, s), b = centre(truth, s);
			sum += (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
			n++;
		}
		assertTrue(n >= 10, "bright isolated stars: " + n);
		return Math.sqrt(sum / n);
	}

	private boolean crowded(double[] s) {
		for (double[] o : stars) if (o != s && Math.hypot(o[0] - s[0], o[1] - s[1]) < 12 && o[2] > s[2] / 100) return true;
		return false;
	}

	private static double[] centre(float[] img, double[] s) {
		int cx = (int) Math.rint(Coordinates.memoryX(s[0])), cy = (int) Math.rint(Coordinates.memoryY(s[1], H));
		double sx = 0, sy = 0, f = 0;
		for (int y = cy - 4; y <= cy + 4; y++) {
			for (int x = cx - 4; x <= cx + 4; x++) {
				double v = img[y * W + x] - 100;
				sx += v * x;
				sy += v * y;
				f += v;
			}
		}
		return new double[] { sx / f, sy / f };
	}
}
