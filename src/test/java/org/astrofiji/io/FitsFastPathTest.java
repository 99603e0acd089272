package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.FitsHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct paths of plain uncompressed image HDUs (the reader's data unit in its chunks or in small ones, the
 * writer's own BITPIX -32 pixels) against nom-tam-fits' decoding and encoding of the same files: every
 * BITPIX, with and without BSCALE/BZERO, BLANK for integers, 2-D and cubes.
 */
class FitsFastPathTest {

	@TempDir
	Path tmp;

	private static final int NX = 301, NY = 67, NZ = 3;

	@Test
	void readingMatchesNomTamDecodingForEveryBitpix() throws Exception {
		for (int bitpix : new int[] { 8, 16, 32, 64, -32, -64 }) {
			for (boolean scaled : new boolean[] { false, true }) {
				for (boolean cube : new boolean[] { false, true }) {
					String what = "BITPIX " + bitpix + (scaled ? " scaled" : "") + (cube ? " cube" : "");
					File f = tmp.resolve(what.replace(' ', '_') + ".fits").toFile();
					Object stored = stored(bitpix, cube, new Random(bitpix * 7 + (scaled ? 1 : 0)));
					ImageHDU hdu = (ImageHDU) Fits.makeHDU(stored);
					Header h = hdu.getHeader();
					double scale = scaled ? 2.5 : 1, zero = scaled ? -100.25 : 0;
					if (scaled) {
						h.addValue("BSCALE", scale, "");
						h.addValue("BZERO", zero, "");
					}
					Long blank = bitpix > 0 ? Long.valueOf(blankOf(bitpix)) : null;
					if (blank != null) h.addValue("BLANK", blank, "");
					try (Fits fits = new Fits()) {
						fits.addHDU(hdu);
						fits.write(f);
					}
					float[] expected = expected(f, scale, zero, blank);
					float[] direct = readAll(f, true), pieces = readAll(f, false);
					File gz = tmp.resolve(f.getName() + ".gz").toFile();
					Files.write(gz.toPath(), FitsBytes.gzip(Files.readAllBytes(f.toPath())));
					float[] decoded = readAll(gz, true); // gzip: nom-tam decodes, RawPixels scales
					assertArrayEquals(expected, direct, what + ", read directly");
					assertArrayEquals(expected, pieces, what + ", read in small chunks");
					assertArrayEquals(expected, decoded, what + ", nom-tam decoded");
					if (blank != null) assertTrue(Float.isNaN(direct[(NY - 1) * NX + 5]), what + ": BLANK at FITS (6, 1)");
				}
			}
		}
	}

	@Test
	void writtenFloatsMatchNomTamsEncodingInEveryLayout() throws Exception {
		float[] v = new float[NX * NY];
		Random random = new Random(3);
		for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * 1e4);
		v[17] = Float.NaN;
		v[18] = Float.NEGATIVE_INFINITY;
		v[19] = Float.MIN_VALUE;
		float[][] planes = { v, v.clone(), v.clone() };
		planes[2][0] = 42;
		FitsHeader header = new FitsHeader().set("OBJECT", "M13", "").addHistory("by the test");
		// one image; a cube; an MEF mixing our pixels (SCI) with nom-tam's (16-bit DQ); gzip
		File one = tmp.resolve("one.fits").toFile(), cube = tmp.resolve("cube.fits").toFile();
		File mef = tmp.resolve("mef.fits").toFile(), gz = tmp.resolve("one.fits.gz").toFile();
		FitsWriter.write(one, false, Hdu.image(Images.wrap(v, NX, NY), header));
		FitsWriter.write(cube, false, Hdu.image(Images.stack(NX, NY, planes), header));
		FitsWriter.write(mef, false, List.of(Hdu.empty(header), Hdu.image(Images.wrap(v, NX, NY), header).withExtname("SCI"),
			Hdu.image(Images.wrap(planes[2], NX, NY), null).withExtname("DQ").withBitpix(16),
			Hdu.image(Images.wrap(v, NX, NY), null).withExtname("ERR")));
		FitsWriter.write(gz, false, Hdu.image(Images.wrap(v, NX, NY), header));
		assertArrayEquals(flipped(v), (float[]) kernelOf(one, 0), "one image");
		assertArrayEquals(flipped(v), (float[]) kernelOf(gz, 0), "gzip");
		assertArrayEquals(flipped(v), (float[]) kernelOf(mef, 1), "SCI of the MEF");
		assertArrayEquals(flipped(v), (float[]) kernelOf(mef, 3), "ERR after nom-tam's DQ");
		float[] dq = FitsReader.read(mef.getPath() + "[DQ]").data();
		for (int i = 0; i < dq.length; i++) assertEquals(Math.max(0, Math.min(65534, Math.rint(planes[2][i]))), dq[i], 0, "DQ " + i);
		Object c = kernelOf(cube, 0);
		for (int z = 0; z < NZ; z++) {
			float[] plane = new float[NX * NY];
			System.arraycopy(c, z * NX * NY, plane, 0, NX * NY);
			assertArrayEquals(flipped(planes[z]), plane, "cube plane " + z);
		}
		for (File f : new File[] { one, cube, mef }) {
			assertEquals(0, f.length() % FitsLayout.BLOCK, f + " ends on a FITS block");
			byte[] b = Files.readAllBytes(f.toPath());
			for (int i = b.length - 100; i < b.length; i++) assertEquals(0, b[i], f + ": zero padding");
		}
		Header h = headerOf(one, 0);
		assertEquals(-32, h.getIntValue("BITPIX"));
		assertEquals(NX, h.getIntValue("NAXIS1"));
		assertEquals(NY, h.getIntValue("NAXIS2"));
		assertEquals("M13", h.getStringValue("OBJECT"));
		assertEquals(3, headerOf(cube, 0).getIntValue("NAXIS"));
		assertEquals(NZ, headerOf(cube, 0).getIntValue("NAXIS3"));
		assertEquals("ERR", headerOf(mef, 3).getStringValue("EXTNAME"));
	}

	@Test
	void integerPlanesReadFromTheirArraysAreWrittenAsThroughACursor() throws Exception {
		Random random = new Random(5);
		short[] flags = new short[NX * NY];
		int[] counts = new int[NX * NY];
		for (int i = 0; i < flags.length; i++) {
			flags[i] = (short) random.nextInt(65536);
			counts[i] = random.nextInt(70000) - 1000; // some below 0 and above 65535: clipped for BITPIX 16
		}
		flags[0] = 0;
		flags[1] = (short) 32767;
		flags[2] = (short) 32768;
		flags[3] = (short) 65535;
		File direct = tmp.resolve("direct.fits").toFile(), cursor = tmp.resolve("cursor.fits").toFile();
		// the same pixels as the ArrayImgs (their arrays read directly) and as views (read through a cursor)
		FitsWriter.write(direct, false, List.of(Hdu.image(ArrayImgs.unsignedShorts(flags, NX, NY), null).withBitpix(16),
			Hdu.image(ArrayImgs.ints(counts, NX, NY), null).withExtname("COUNT").withBitpix(16)));
		FitsWriter.write(cursor, false, List.of(Hdu.image(Views.zeroMin(Views.translate(ArrayImgs.unsignedShorts(flags, NX, NY), 3, 4)),
			null).withBitpix(16), Hdu.image(Views.zeroMin(Views.translate(ArrayImgs.ints(counts, NX, NY), 3, 4)), null).withExtname("COUNT")
				.withBitpix(16)));
		float[] dq = FitsReader.read(direct.getPath()).data(), count = FitsReader.read(direct.getPath() + "[COUNT]").data();
		assertArrayEquals(FitsReader.read(cursor.getPath()).data(), dq);
		assertArrayEquals(FitsReader.read(cursor.getPath() + "[COUNT]").data(), count);
		for (int i = 0; i < flags.length; i++) {
			assertEquals(flags[i] & 0xFFFF, dq[i], 0, "DQ " + i);
			assertEquals(Math.max(0, Math.min(65535, counts[i])), count[i], 0, "COUNT " + i);
		}
		List<String> note = FitsReader.read(direct.getPath() + "[COUNT]").header().history();
		assertEquals(FitsReader.read(cursor.getPath() + "[COUNT]").header().history(), note, "the clipping note");
		assertTrue(note.toString().contains("clipped for BITPIX 16"), note.toString());
	}

	/** Random stored values of the type of {@code bitpix}, the BLANK value among them, in FITS order. */
	private static Object stored(int bitpix, boolean cube, Random r) {
		int nz = cube ? NZ : 1;
		Object planes;
		switch (bitpix) {
			case 8: planes = new byte[nz][NY][NX]; break;
			case 16: planes = new short[nz][NY][NX]; break;
			case 32: planes = new int[nz][NY][NX]; break;
			case 64: planes = new long[nz][NY][NX]; break;
			case -32: planes = new float[nz][NY][NX]; break;
			default: planes = new double[nz][NY][NX];
		}
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < NY; y++) {
				Object row = Array.get(Array.get(planes, z), y);
				for (int x = 0; x < NX; x++) {
					long v = r.nextLong();
					switch (bitpix) {
						case 8: ((byte[]) row)[x] = (byte) v; break;
						case 16: ((short[]) row)[x] = (short) v; break;
						case 32: ((int[]) row)[x] = (int) v; break;
						case 64: ((long[]) row)[x] = v >> r.nextInt(64); break;
						case -32: ((float[]) row)[x] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10)); break;
						default: ((double[]) row)[x] = r.nextGaussian() * Math.pow(10, r.nextInt(80) - 40);
					}
				}
				if (y == 0 && bitpix > 0) Array.set(row, 5, narrow(bitpix, blankOf(bitpix)));
			}
		}
		return cube ? planes : Array.get(planes, 0);
	}

	private static long blankOf(int bitpix) {
		return bitpix == 8 ? 255 : bitpix == 16 ? -32768 : bitpix == 32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
	}

	private static Object narrow(int bitpix, long v) {
		return bitpix == 8 ? (Object) (byte) v : bitpix == 16 ? (Object) (short) v : bitpix == 32 ? (Object) (int) v : (Object) v;
	}

	/**
	 * The physical values computed here from nom-tam's stored values (BLANK as NaN, else
	 * BZERO + BSCALE * stored in double, rounded once to float; BITPIX 8 unsigned), in memory order.
	 */
	private static float[] expected(File f, double scale, double zero, Long blank) throws Exception {
		Object kernel = kernelOf(f, -1);
		int n = Array.getLength(kernel);
		float[] fits = new float[n];
		for (int i = 0; i < n; i++) {
			Object o = Array.get(kernel, i);
			double stored;
			if (o instanceof Byte) stored = ((Byte) o) & 0xFF;
			else stored = ((Number) o).doubleValue();
			boolean isBlank = blank != null && !(o instanceof Float || o instanceof Double) &&
				(o instanceof Byte ? (((Byte) o) & 0xFF) : ((Number) o).longValue()) == blank;
			fits[i] = isBlank ? Float.NaN : (float) (zero + scale * stored);
		}
		float[] memory = new float[n];
		int planes = n / (NX * NY);
		for (int z = 0; z < planes; z++) {
			for (int y = 0; y < NY; y++) System.arraycopy(fits, z * NX * NY + y * NX, memory, z * NX * NY + (NY - 1 - y) * NX, NX);
		}
		return memory;
	}

	/** nom-tam's stored values of HDU {@code index} (-1: the first), flattened in FITS order, as a float[] or Object[]. */
	private static Object kernelOf(File f, int index) throws Exception {
		try (Fits fits = new Fits(f)) {
			BasicHDU<?> hdu = fits.getHDU(Math.max(0, index));
			Object k = hdu.getKernel();
			java.util.List<Object> flat = new java.util.ArrayList<>();
			flatten(k, flat);
			if (index >= 0) {
				float[] out = new float[flat.size()];
				for (int i = 0; i < out.length; i++) out[i] = (Float) flat.get(i);
				return out;
			}
			return flat.toArray();
		}
	}

	private static void flatten(Object a, java.util.List<Object> out) {
		int n = Array.getLength(a);
		for (int i = 0; i < n; i++) {
			Object e = Array.get(a, i);
			if (e != null && e.getClass().isArray()) flatten(e, out);
			else out.add(e);
		}
	}

	private static Header headerOf(File f, int index) throws Exception {
		try (Fits fits = new Fits(f)) {
			return fits.getHDU(index).getHeader();
		}
	}

	private static float[] flipped(float[] memory) {
		float[] fits = new float[memory.length];
		for (int y = 0; y < NY; y++) System.arraycopy(memory, (NY - 1 - y) * NX, fits, y * NX, NX);
		return fits;
	}

	/** Read with the reader's chunks, or with chunks of 1000 bytes: bands of a few rows, longer rows in pieces. */
	private static float[] readAll(File f, boolean wholeChunks) throws Exception {
		int saved = RawPixels.chunkBytes;
		if (!wholeChunks) RawPixels.chunkBytes = 1000;
		try {
			FitsImage img = FitsReader.read(f, null);
			float[][] planes = img.pixels().numDimensions() == 2 ? new float[][] { img.data() } : Images.planes(img.pixels());
			float[] all = new float[planes.length * NX * NY];
			for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, all, z * NX * NY, NX * NY);
			return all;
		}
		finally {
			RawPixels.chunkBytes = saved;
		}
	}
}
