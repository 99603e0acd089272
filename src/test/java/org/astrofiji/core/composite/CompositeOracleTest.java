package org.astrofiji.core.composite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Progress;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Acceptance against the shared oracle (../shared/oracle/rgb.py, astropy 5.2.1): expected values made
 * by src/test/oracle/composite_expected.py. Lupton: every pixel of make_lupton_rgb's uint8 image
 * within +-1 DN (the expected PNGs are the oracle's PNGs, origin lower, so memory row y of ours is row
 * y of theirs). Classic asinh: the float composite to 1e-6 on sampled pixels, its per-channel sums and
 * the 8-bit histogram of every pixel, for given and automatic levels.
 */
class CompositeOracleTest {

	static final String EXPECTED = "/expected/composite/";

	static Channels sdss() throws IOException {
		File d = SharedData.dir("sdss-gri-lupton");
		return channels(new File(d, "reprojected_sdss_i.fits"), new File(d, "reprojected_sdss_r.fits"),
			new File(d, "reprojected_sdss_g.fits"));
	}

	static Channels twoMass() throws IOException {
		File d = SharedData.dir("2mass-jhk-galactic-center");
		return channels(new File(d, "gc_2mass_k.fits"), new File(d, "gc_2mass_h.fits"), new File(d, "gc_2mass_j.fits"));
	}

	/**
	 * The 2MASS bands exactly as astropy.io.fits (and so the oracle) reads them: the 16-bit values
	 * scaled in float32 arithmetic, raw·(float)BSCALE + (float)BZERO, which rounds twice. Our reader
	 * rounds the exact value once, so 12 % of the pixels differ from astropy's by one float32 step;
	 * feeding astropy's values compares the composite algorithms alone.
	 */
	static Channels twoMassAsAstropyReadsIt() throws IOException {
		File d = SharedData.dir("2mass-jhk-galactic-center");
		float[][] bands = new float[3][];
		int nx = 0, ny = 0;
		String[] names = { "gc_2mass_k.fits", "gc_2mass_h.fits", "gc_2mass_j.fits" };
		for (int c = 0; c < 3; c++) {
			try (Fits fits = new Fits(new File(d, names[c]))) {
				BasicHDU<?> hdu = fits.readHDU();
				short[][] raw = (short[][]) hdu.getKernel();
				float bscale = (float) hdu.getHeader().getDoubleValue("BSCALE", 1);
				float bzero = (float) hdu.getHeader().getDoubleValue("BZERO", 0);
				ny = raw.length;
				nx = raw[0].length;
				bands[c] = new float[nx * ny];
				for (int r = 0; r < ny; r++) {
					int y = Coordinates.memoryRow(r, ny);
					for (int x = 0; x < nx; x++) bands[c][y * nx + x] = (float) raw[r][x] * bscale + bzero;
				}
			}
			catch (FitsException e) {
				throw new IOException(e);
			}
		}
		return Channels.of(nx, ny, bands[0], bands[1], bands[2]);
	}

	static Channels channels(File r, File g, File b) throws IOException {
		FitsImage[] f = { FitsReader.read(r, null), FitsReader.read(g, null), FitsReader.read(b, null) };
		return Channels.of(f[0].pixels(), f[1].pixels(), f[2].pixels(), f[0].name(), f[1].name(), f[2].name());
	}

	@Test
	void luptonSdssDefaultsEqualsAstropyOnEveryPixel() throws Exception {
		checkLupton("lupton_sdss_s5_q8.png", sdss(), new RgbComposer().minimum(0).stretch(5).q(8));
	}

	@Test
	void luptonSdssStretchHalfQ10EqualsAstropyOnEveryPixel() throws Exception {
		checkLupton("lupton_sdss_s0.5_q10.png", sdss(), new RgbComposer().minimum(0).stretch(0.5).q(10));
	}

	@Test
	void luptonTwoMassPerChannelMinimumEqualsAstropyOnEveryPixel() throws Exception {
		RgbComposer lupton = new RgbComposer().minimum(500, 480, 150).stretch(150).q(6);
		// with astropy's own input values: every row equals astropy's (CRC-32 of each row's R, G, B bytes)
		Composite asAstropy = lupton.apply(twoMassAsAstropyReadsIt(), Progress.NONE);
		List<Map<String, String>> rows = SharedData.csv(EXPECTED + "lupton_gc2mass_rows.csv");
		assertEquals(asAstropy.height(), rows.size());
		List<String> differing = new ArrayList<>();
		for (Map<String, String> r : rows) {
			int y = Integer.parseInt(r.get("row"));
			CRC32 crc = new CRC32();
			for (int x = 0; x < asAstropy.width(); x++) for (int c = 0; c < 3; c++) crc.update(asAstropy.value(c, x, y));
			if (crc.getValue() != Long.parseLong(r.get("crc32"))) differing.add("FITS row " + (int) Coordinates.fitsY(y, asAstropy.height()));
		}
		assertTrue(differing.isEmpty(), differing.size() + " rows differ from astropy's: " + differing);
		// end to end through our FITS reader (inputs one float32 step apart on 12 % of the pixels): within
		// 1 DN of that composite, on every pixel
		Composite ours = lupton.apply(twoMass(), Progress.NONE);
		compare("lupton_gc2mass end to end", ours, (c, x, y) -> asAstropy.value(c, x, y), ours.width(), ours.height());
	}

	/** A value of the expected composite: channel, memory x and y. */
	interface Expected8 {
		int value(int c, int x, int y);
	}

	static void checkLupton(String expected, Channels ch, RgbComposer composer) throws IOException {
		Composite ours = composer.apply(ch, Progress.NONE);
		BufferedImage png = png(expected);
		assertEquals(ch.width(), png.getWidth());
		assertEquals(ch.height(), png.getHeight());
		compare(expected, ours, (c, x, y) -> (png.getRGB(x, y) >> (16 - 8 * c)) & 0xff, ch.width(), ch.height());
	}

	/** Every pixel of every channel within 1 DN; says how many differ and where the largest difference is. */
	static void compare(String expected, Composite ours, Expected8 want8, int width, int height) {
		long[] off = new long[3];
		int worst = 0;
		String where = "";
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				for (int c = 0; c < 3; c++) {
					int want = want8.value(c, x, y), got = ours.value(c, x, y), d = Math.abs(got - want);
					if (d > 0) off[c]++;
					if (d > worst) {
						worst = d;
						where = String.format(Locale.ROOT, "%s at FITS (%d, %d): ours %d, astropy %d", Channels.NAMES[c],
							(int) Coordinates.fitsX(x), (int) Coordinates.fitsY(y, height), got, want);
					}
				}
			}
		}
		System.out.printf(Locale.ROOT, "%s: %dx%d, pixels off by 1 DN: red %d, green %d, blue %d; largest difference %d %s%n",
			expected, width, height, off[0], off[1], off[2], worst, where);
		assertTrue(worst <= 1, expected + ": largest difference " + worst + " DN, " + where);
	}

	@Test
	void classicAsinhGivenLevels() throws Exception {
		checkClassic("sdss_given", sdss(), new RgbComposer().method(RgbComposer.Method.CLASSIC).scaleMin(0).scaleMax(5)
			.nonLinear(0.5), 1e-6);
	}

	@Test
	void classicAsinhAutomaticMinMaxLevels() throws Exception {
		RgbComposer c = new RgbComposer().method(RgbComposer.Method.CLASSIC).levels(RgbComposer.AutoLevels.MINMAX, 0, 0);
		checkClassic("sdss_minmax", sdss(), c.nonLinear(2), 1e-6);
		checkClassic("gc2mass_minmax", twoMassAsAstropyReadsIt(), c.nonLinear(20), 1e-6);
		// end to end through our reader: one float32 step of input (6e-5 at 500) moves the stretch by up to
		// ~1e-6 where it is steepest (at the black point, 1/(non_linear asinh((max - min)/non_linear)))
		checkClassic("gc2mass_minmax", twoMass(), c.nonLinear(20), 2e-6);
	}

	@Test
	void classicAsinhAutomaticSeedLevels() throws Exception {
		// the seed's automatic levels: mean + 0.75 std .. mean + 5 std, the defaults
		RgbComposer c = new RgbComposer().method(RgbComposer.Method.CLASSIC);
		checkClassic("sdss_sigma", sdss(), c.nonLinear(0.5), 1e-6);
		checkClassic("gc2mass_sigma", twoMassAsAstropyReadsIt(), c.nonLinear(20), 1e-6);
		checkClassic("gc2mass_sigma", twoMass(), c.nonLinear(20), 2e-6);
	}

	static void checkClassic(String name, Channels ch, RgbComposer composer, double tolerance) throws IOException {
		Composite ours = composer.keepFloats(true).apply(ch, Progress.NONE);
		int w = ch.width(), h = ch.height();
		double worst = 0;
		int samples = 0;
		for (Map<String, String> row : SharedData.csv(EXPECTED + "classic_" + name + ".csv")) {
			int col = Integer.parseInt(row.get("col")), y = Coordinates.memoryRow(Integer.parseInt(row.get("row")), h);
			for (int c = 0; c < 3; c++) {
				double want = Double.parseDouble(row.get("rgb".substring(c, c + 1)));
				double got = ours.planes()[c][y * w + col];
				worst = Math.max(worst, Math.abs(got - want));
				assertEquals(want, got, tolerance, name + " " + Channels.NAMES[c] + " at numpy row " + row.get("row") + ", col " + col);
				// the oracle's PNG (origin lower) at the same place on the sky
				int png = Integer.parseInt(row.get("png_" + "rgb".charAt(c)));
				assertTrue(Math.abs(ours.value(c, col, y) - png) <= 1, name + " 8-bit " + Channels.NAMES[c] + " at numpy row " +
					row.get("row") + ", col " + col + ": ours " + ours.value(c, col, y) + ", oracle PNG " + png);
			}
			samples++;
		}
		List<String> report = new ArrayList<>();
		for (Map<String, String> row : SharedData.csv(EXPECTED + "classic_levels.csv")) {
			if (!row.get("case").equals(name)) continue;
			int c = Integer.parseInt(row.get("channel"));
			double lo = Double.parseDouble(row.get("low")), hi = Double.parseDouble(row.get("high"));
			// levels to float32 precision: astropy scales 16-bit 2MASS data in float32 (rounding twice), our
			// reader rounds the exact BZERO + BSCALE * value once, so inputs may differ by one float32 step
			assertEquals(lo, ours.low(c), 0x1p-22 * Math.max(1, Math.abs(lo)), name + " " + Channels.NAMES[c] + " scale_min");
			assertEquals(hi, ours.high(c), 0x1p-22 * Math.max(1, Math.abs(hi)), name + " " + Channels.NAMES[c] + " scale_max");
			float[] p = ours.planes()[c];
			double sum = 0, sumsq = 0;
			long zeros = 0, ones = 0;
			long[] hist = new long[256];
			for (int i = 0; i < p.length; i++) {
				sum += p[i];
				sumsq += (double) p[i] * p[i];
				if (p[i] == 0) zeros++;
				if (p[i] == 1) ones++;
				hist[(ours.argb()[i] >> (16 - 8 * c)) & 0xff]++;
			}
			// every pixel enters: the sums agree to a fraction of the tolerance per pixel (ours are stored as float32)
			assertEquals(Double.parseDouble(row.get("sum")), sum, 0.1 * tolerance * p.length, name + " sum " + Channels.NAMES[c]);
			assertEquals(Double.parseDouble(row.get("sumsq")), sumsq, 0.1 * tolerance * p.length, name + " sumsq " +
				Channels.NAMES[c]);
			assertEquals(Long.parseLong(row.get("zeros")), zeros, 1e-4 * p.length, name + " pixels at 0, " + Channels.NAMES[c]);
			assertEquals(Long.parseLong(row.get("ones")), ones, 1e-4 * p.length, name + " pixels at 1, " + Channels.NAMES[c]);
			String[] eh = row.get("png_histogram").split(" ");
			long moved = 0;
			for (int k = 0; k < 256; k++) moved += Math.abs(Long.parseLong(eh[k]) - hist[k]);
			// an 8-bit value moves only where a pixel's 255 v lies within 255 tolerance of an integer
			assertTrue(moved <= 1e-3 * p.length, name + " 8-bit histogram of " + Channels.NAMES[c] + ": " + moved +
				" counts differ from the oracle PNG's");
			report.add(String.format(Locale.ROOT, "%s sum %+.2e, 8-bit histogram moved %d", Channels.NAMES[c],
				sum - Double.parseDouble(row.get("sum")), moved));
		}
		assertEquals(3, report.size(), name + ": expected rows for 3 channels");
		System.out.printf(Locale.ROOT, "classic %s (%s): %d sampled pixels, largest difference %.2e; %s%n", name,
			ch.label(0), samples, worst, String.join(", ", report));
	}

	static BufferedImage png(String name) throws IOException {
		try (InputStream in = CompositeOracleTest.class.getResourceAsStream(EXPECTED + name)) {
			if (in == null) throw new IOException("missing test resource " + EXPECTED + name);
			return ImageIO.read(in);
		}
	}
}
