package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.LauerPsf;
import org.astrofiji.core.psf.PsfModelDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PSF model file layout: round trip, numpy order of the extensions, wrong files. */
class PsfModelFilesTest {

	@TempDir
	Path tmp;

	/** Two 5x5 elements with distinct pixels, degree-1 fields (3 terms). */
	static PsfModelDescription model(double infLoss) {
		double[][] basis = new double[2][25], coef = { { 0.2, 0.01, -0.02 }, { 0.003, 0.04, 0.005 } };
		for (int p = 0; p < 25; p++) {
			int x = p % 5 - 2, y = p / 5 - 2;
			basis[0][p] = Math.exp(-0.5 * (x * x + y * y)) / 2.5;
			basis[1][p] = 0.1 * x * Math.exp(-0.5 * (x * x + y * y)) + 0.001 * y;
		}
		return new PsfModelDescription(200, 120, 5, 1, 30, 2, infLoss, 0.0123, true, basis, coef);
	}

	@Test
	void roundTripKeepsTheModel() throws Exception {
		for (double il : new double[] { 0.05, Double.NaN }) {
			PsfModelDescription d = model(il);
			File f = tmp.resolve("psf" + il + ".fits").toFile();
			PsfModelFiles.write(f, false, d, new FitsHeader().addHistory("test model"));
			PsfModelDescription r = PsfModelFiles.read(f);
			assertEquals(d.width, r.width);
			assertEquals(d.height, r.height);
			assertEquals(d.size, r.size);
			assertEquals(d.degree, r.degree);
			assertEquals(d.stars, r.stars);
			assertEquals(d.rejectedStars, r.rejectedStars);
			assertEquals(d.infLoss, r.infLoss, 0);
			assertEquals(d.loss, r.loss, 1e-12);
			assertTrue(r.recentred);
			for (int i = 0; i < 2; i++) {
				for (int p = 0; p < 25; p++) assertEquals(d.basis(i)[p], r.basis(i)[p], 1e-7 * Math.abs(d.basis(i)[p]) + 1e-12);
				for (int t = 0; t < 3; t++) assertEquals(d.coefficients(i)[t], r.coefficients(i)[t], 1e-7 * Math.abs(d.coefficients(i)[t]));
			}
			double[] a = LauerPsf.of(d).at(33.5, 97), b = LauerPsf.of(r).at(33.5, 97);
			for (int p = 0; p < a.length; p++) assertEquals(a[p], b[p], 1e-6 * a[12]);
		}
	}

	@Test
	void oneElementModel() throws Exception {
		PsfModelDescription two = model(0.2);
		PsfModelDescription d = new PsfModelDescription(200, 120, 5, 0, 3, 0, 0.2, 0.1, false, new double[][] { two.basis(0) },
			new double[][] { { 1.5 } });
		File f = tmp.resolve("one.fits").toFile();
		PsfModelFiles.write(f, false, d, null);
		PsfModelDescription r = PsfModelFiles.read(f);
		assertEquals(1, r.elements());
		assertEquals(d.basis(0)[12], r.basis(0)[12], 1e-7);
		assertEquals(1.5, r.coefficients(0)[0], 0);
	}

	@Test
	void extensionsAreInNumpyOrder() throws Exception {
		PsfModelDescription d = model(0.1);
		File f = tmp.resolve("layout.fits").toFile();
		PsfModelFiles.write(f, false, d, null);
		try (Fits fits = new Fits(f)) {
			assertEquals("LAUER-KL", fits.getHDU(0).getHeader().getStringValue("PSFTYPE"));
			assertEquals(2, fits.getHDU(0).getHeader().getIntValue("PSFNEL"));
			ImageHDU basis = (ImageHDU) fits.getHDU(1), coeffs = (ImageHDU) fits.getHDU(2);
			assertEquals("BASIS", basis.getHeader().getStringValue("EXTNAME"));
			assertEquals(-64, basis.getBitPix());
			double[][][] cube = (double[][][]) basis.getKernel();
			// numpy basis[i][row][col]: FITS row 0 is the bottom row = memory row 4
			assertEquals(d.basis(1)[4 * 5 + 3], cube[1][0][3], 0);
			double[][] c = (double[][]) coeffs.getKernel();
			assertEquals(d.coefficients(0)[2], c[0][2], 0);
			assertEquals(d.coefficients(1)[1], c[1][1], 0);
			assertEquals("u", coeffs.getHeader().getStringValue("TERM2"));
		}
	}

	@Test
	void wrongFilesFailClearly() throws Exception {
		File plain = tmp.resolve("plain.fits").toFile();
		FitsWriter.write(plain, false, Hdu.image(Images.wrap(new float[35], 7, 5), new FitsHeader()));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.read(plain));
		assertEquals(plain + " is not a PSF model file: it has no BASIS extension", e.getMessage());
		File typed = tmp.resolve("typed.fits").toFile();
		FitsWriter.write(typed, false, List.of(Hdu.empty(new FitsHeader().set("PSFTYPE", "PSFEX", "")),
			Hdu.image(ArrayImgs.doubles(5, 5), new FitsHeader()).withExtname("BASIS")));
		e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.read(typed));
		assertEquals(typed + " is not a PSF model file: PSFTYPE is 'PSFEX' (expected 'LAUER-KL')", e.getMessage());
		// a consistent header over a basis of the wrong size
		File f = tmp.resolve("good.fits").toFile();
		PsfModelFiles.write(f, false, model(0.1), null);
		FitsHeader h = FitsReader.readHeader(f, "BASIS");
		File bad = tmp.resolve("bad.fits").toFile();
		FitsHeader primary = new FitsHeader();
		for (String k : new String[] { "PSFTYPE", "PSFVERS", "PSFIMW", "PSFIMH", "PSFSIZE", "PSFNEL", "PSFDEG", "PSFNTERM", "PSFNSTAR",
			"PSFNREJ" }) {
			String v = h.getString(k);
			if (k.equals("PSFTYPE")) primary.set(k, v, "");
			else primary.set(k, Double.parseDouble(v), "");
		}
		FitsWriter.write(bad, false, List.of(Hdu.empty(primary), Hdu.image(ArrayImgs.doubles(5, 5, 3), new FitsHeader())
			.withExtname("BASIS"), Hdu.image(ArrayImgs.doubles(3, 2), new FitsHeader()).withExtname("COEFFS")));
		e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.read(bad));
		assertEquals(bad + ": BASIS is 5x5x3, expected 5x5x2 (PSFSIZE, PSFNEL)", e.getMessage());
		// an existing output is not replaced without overwrite
		assertThrows(java.io.IOException.class, () -> PsfModelFiles.write(f, false, model(0.1), null));
	}

	/** The open model: the basis as an image whose header holds the layout and the coefficients. */
	@Test
	void imageFormKeepsTheModelThroughImageJsInfoAndAFile() throws Exception {
		PsfModelDescription d = model(0.05);
		org.astrofiji.core.image.AstroImage img = PsfModelFiles.toImage("frame-basis", d, new FitsHeader().addHistory("made here"));
		assertEquals("5x5x2", img.size());
		assertEquals("PSC00203", PsfModelFiles.coefficientKey(1, 2));
		assertEquals(d.coefficients(1)[2], img.header().getDouble("PSC00203"), 0);
		// as ImageJ keeps it: the header as Info text, parsed back
		FitsHeader info = FitsCards.parse(FitsCards.toText(img.header()));
		PsfModelDescription r = PsfModelFiles.fromImage(img.withHeader(info));
		assertEquals(d.width, r.width);
		assertEquals(d.degree, r.degree);
		assertEquals(d.infLoss, r.infLoss, 0);
		for (int i = 0; i < 2; i++) {
			for (int t = 0; t < 3; t++) assertEquals(d.coefficients(i)[t], r.coefficients(i)[t], 0, "coefficients are exact");
			for (int p = 0; p < 25; p++) assertEquals((float) d.basis(i)[p], r.basis(i)[p], 0);
		}
		// Save FITS of the image: a one-HDU file read() takes
		File f = tmp.resolve("basis.fits").toFile();
		FitsWriter.write(f, false, Hdu.of(img));
		PsfModelDescription s = PsfModelFiles.read(f);
		double[] a = LauerPsf.of(d).at(150, 20), b = LauerPsf.of(s).at(150, 20);
		for (int p = 0; p < a.length; p++) assertEquals(a[p], b[p], 1e-6 * a[12]);
		// one element: a plain image
		PsfModelDescription one = new PsfModelDescription(200, 120, 5, 0, 3, 0, Double.NaN, 0.1, false, new double[][] { d.basis(0) },
			new double[][] { { 1.5 } });
		assertEquals("5x5", PsfModelFiles.toImage("one", one, null).size());
		assertEquals(1.5, PsfModelFiles.fromImage(PsfModelFiles.toImage("one", one, null)).coefficients(0)[0], 0);
		// other images
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.fromImage(
			org.astrofiji.core.image.AstroImage.of("science", new float[25], 5, 5, new FitsHeader())));
		assertEquals("science is not a PSF basis image (the basis of Estimate PSF): PSFTYPE is missing (expected 'LAUER-KL')",
			e.getMessage());
		FitsHeader cut = img.headerCopy().remove("PSC00102");
		e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.fromImage(img.withHeader(cut)));
		assertEquals("frame-basis has no coefficient card PSC00102 (element 1, term 2): not a basis image made by Estimate PSF",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PsfModelFiles.fromImage(img.withHeader(img.headerCopy().set("PSFNEL",
			3, ""))));
		assertEquals("frame-basis is 5x5x2, but its PSF model cards say 5x5x3 (PSFSIZE, PSFNEL)", e.getMessage());
	}
}
