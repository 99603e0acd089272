package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.psf.FieldPolynomial;
import org.astrofiji.core.psf.PsfModelDescription;

/**
 * PSF model files: a spatially varying Lauer (KL) PSF ({@link org.astrofiji.core.psf.LauerPsf}) as a
 * three-HDU FITS file any FITS reader can take apart.
 * <p>
 * <b>Layout</b> (version 1)
 * <table>
 * <caption>HDUs of a PSF model file</caption>
 * <tr><th>HDU</th><th>EXTNAME</th><th>data</th></tr>
 * <tr><td>0</td><td>(primary)</td><td>none; the metadata cards below</td></tr>
 * <tr><td>1</td><td>BASIS</td><td>BITPIX -64 cube, NAXIS1 = NAXIS2 = PSFSIZE, NAXIS3 = PSFNEL: the
 * orthonormal basis elements B<sub>i</sub>, one plane each, in image orientation (FITS row 1 at the
 * bottom, like the image the model describes); numpy {@code basis[i]} is element i + 1</td></tr>
 * <tr><td>2</td><td>COEFFS</td><td>BITPIX -64 image, NAXIS1 = PSFNTERM, NAXIS2 = PSFNEL: row i
 * (numpy {@code coeffs[i]}) holds the polynomial coefficients of element i + 1; cards TERMn name
 * term n ("1", "u", "v", "u^2", "u v", "v^2", ...: by total degree, then by the power of v)</td></tr>
 * </table>
 * Primary cards: PSFTYPE = 'LAUER-KL', PSFVERS = 1, PSFIMW/PSFIMH (size of the image modelled, pixels),
 * PSFSIZE (stamp side, odd), PSFNEL (elements), PSFDEG (polynomial degree), PSFNTERM (terms),
 * PSFNSTAR/PSFNREJ (PSF stars used / rejected by the coefficient fit), PSFILOSS (inf_loss asked for;
 * absent when the number of elements was given), PSFLOSS (information loss of the kept elements),
 * PSFRECEN (T: stamps centred exactly on the stars, so the PSF centre is the centre of the central
 * pixel).
 * <p>
 * <b>Evaluating it elsewhere</b>: for a star at FITS pixel (x, y), u = 2(x &minus; 1)/(PSFIMW &minus; 1)
 * &minus; 1 and v = 2(y &minus; 1)/(PSFIMH &minus; 1) &minus; 1; a<sub>i</sub> = &Sigma;<sub>t</sub>
 * coeffs[i, t] u<sup>p<sub>t</sub></sup> v<sup>q<sub>t</sub></sup>; P = &Sigma;<sub>i</sub> a<sub>i</sub>
 * basis[i], divided by its sum.
 * <p>
 * Reading goes through {@link FitsReader}, which delivers 32-bit floats: a model read back agrees with
 * the one written to float precision (relative 1e-7).
 * <p>
 * <b>Image form.</b> In ImageJ the model is one image ({@link #toImage}): the basis as a stack with
 * the primary cards above and the coefficients as cards PSCeeett; {@link #read} also takes such an
 * image saved as a one-HDU FITS file.
 */
public final class PsfModelFiles {

	public static final String TYPE = "LAUER-KL";
	public static final int VERSION = 1;

	private PsfModelFiles() {}

	/**
	 * Writes a model.
	 *
	 * @param primary extra cards for the primary header (provenance, HISTORY), or null
	 */
	public static void write(File file, boolean overwrite, PsfModelDescription d, FitsHeader primary) throws IOException {
		FitsHeader h = cards(primary == null ? new FitsHeader() : primary.copy(), d);
		int k = d.size, n = d.elements(), nt = FieldPolynomial.terms(d.degree);
		double[] planes = new double[k * k * n], coef = new double[nt * n];
		for (int i = 0; i < n; i++) System.arraycopy(d.basis(i), 0, planes, i * k * k, k * k);
		FieldPolynomial names = new FieldPolynomial(d.width, d.height, d.degree, new double[0][]);
		FitsHeader ch = new FitsHeader();
		for (int t = 0; t < nt; t++) ch.set("TERM" + (t + 1), names.termName(t), "u^p v^q of column " + (t + 1));
		for (int i = 0; i < n; i++) {
			// the writer flips rows: memory row n-1-i becomes FITS row i (numpy coeffs[i])
			System.arraycopy(d.coefficients(i), 0, coef, Coordinates.memoryRow(i, n) * nt, nt);
		}
		FitsWriter.write(file, overwrite, List.of(Hdu.empty(h),
			Hdu.image(ArrayImgs.doubles(planes, k, k, n), new FitsHeader()).withExtname("BASIS").withBitpix(-64),
			Hdu.image(ArrayImgs.doubles(coef, nt, n), ch).withExtname("COEFFS").withBitpix(-64)));
	}

	/** Sets the model's metadata cards (the primary header of a model file) on h. */
	private static FitsHeader cards(FitsHeader h, PsfModelDescription d) {
		h.set("PSFTYPE", TYPE, "spatially varying PSF: KL basis + polynomial fields")
			.set("PSFVERS", VERSION, "PSF model file layout version")
			.set("PSFIMW", d.width, "width of the image modelled, pixels")
			.set("PSFIMH", d.height, "height of the image modelled, pixels")
			.set("PSFSIZE", d.size, "stamp side, pixels")
			.set("PSFNEL", d.elements(), "basis elements (BASIS planes, COEFFS rows)")
			.set("PSFDEG", d.degree, "degree of the coefficient polynomials")
			.set("PSFNTERM", FieldPolynomial.terms(d.degree), "polynomial terms (COEFFS columns)")
			.set("PSFNSTAR", d.stars, "PSF stars")
			.set("PSFNREJ", d.rejectedStars, "PSF stars rejected by the coefficient fit")
			.set("PSFLOSS", d.loss, "information loss of the kept elements")
			.set("PSFRECEN", d.recentred, "stamps centred exactly on the stars")
			.addComment("u = 2(x-1)/(PSFIMW-1)-1, v = 2(y-1)/(PSFIMH-1)-1 for FITS pixel (x, y)")
			.addComment("a_i = sum_t COEFFS[i,t] u^p_t v^q_t; PSF = sum_i a_i BASIS[i] / its sum");
		if (Double.isNaN(d.infLoss)) h.remove("PSFILOSS");
		else h.set("PSFILOSS", d.infLoss, "inf_loss asked for");
		return h;
	}

	/**
	 * The model as one image, as Estimate PSF shows it in ImageJ ("the open model"): the basis
	 * elements as a PSFSIZE&times;PSFSIZE&times;PSFNEL stack (one plane for one element), the header
	 * holding the primary cards of a model file plus every coefficient as a card
	 * {@link #coefficientKey PSCeeett} (element eee, term tt, both from 1). Saved with Save FITS it
	 * is a one-HDU file that {@link #read} also takes; planes are 32-bit floats.
	 *
	 * @param header cards to start from (provenance), or null
	 */
	public static AstroImage toImage(String name, PsfModelDescription d, FitsHeader header) {
		int k = d.size, n = d.elements(), nt = FieldPolynomial.terms(d.degree);
		if (n > 999 || nt > 99) throw new IllegalArgumentException("a PSF model of " + n + " elements and " + nt +
			" terms does not fit the image form's coefficient cards (at most 999 and 99)");
		FitsHeader h = cards(header == null ? new FitsHeader() : header.copy(), d);
		float[][] planes = new float[n][k * k];
		for (int i = 0; i < n; i++) {
			double[] b = d.basis(i), c = d.coefficients(i);
			for (int p = 0; p < k * k; p++) planes[i][p] = (float) b[p];
			for (int t = 0; t < nt; t++) h.set(coefficientKey(i, t), c[t], "coefficient of element " + (i + 1) + ", term " + (t + 1));
		}
		return n == 1 ? AstroImage.of(name, planes[0], k, k, h) : AstroImage.of(name, Images.stack(k, k, planes), h);
	}

	/** The card of coefficient t of element i (both from 0) in the image form: PSC, element (3 digits), term (2 digits). */
	public static String coefficientKey(int i, int t) {
		return String.format(Locale.ROOT, "PSC%03d%02d", i + 1, t + 1);
	}

	/** Whether a header describes a PSF model of this layout (PSFTYPE = 'LAUER-KL'). */
	public static boolean isModel(FitsHeader h) {
		return TYPE.equals(h.getString("PSFTYPE"));
	}

	/**
	 * The model of an image in the form {@link #toImage} makes (an open basis image, or one saved as
	 * FITS); an image of another kind fails naming what is missing.
	 */
	public static PsfModelDescription fromImage(AstroImage image) {
		return fromImage(image, image.name(), "PSF basis image (the basis of Estimate PSF)");
	}

	private static PsfModelDescription fromImage(AstroImage image, String where, String kind) {
		FitsHeader h = image.header();
		Layout l = layout(h, where, kind);
		int planes = image.depth();
		if (image.width() != l.size || image.height() != l.size || planes != l.elements) throw new IllegalArgumentException(where +
			" is " + image.size() + ", but its PSF model cards say " + l.size + "x" + l.size + "x" + l.elements + " (PSFSIZE, PSFNEL)");
		float[][] f = planes == 1 ? new float[][] { image.data() } : Images.planes(image.sci());
		double[][] basis = new double[l.elements][l.size * l.size], coef = new double[l.elements][l.terms];
		for (int i = 0; i < l.elements; i++) {
			for (int p = 0; p < basis[i].length; p++) basis[i][p] = f[i][p];
			for (int t = 0; t < l.terms; t++) {
				Double v = h.getDouble(coefficientKey(i, t));
				if (v == null) throw new IllegalArgumentException(where + " has no coefficient card " + coefficientKey(i, t) +
					" (element " + (i + 1) + ", term " + (t + 1) + "): not a basis image made by Estimate PSF");
				coef[i][t] = v;
			}
		}
		return l.description(basis, coef);
	}


	public static PsfModelDescription read(File file) throws IOException {
		boolean hasBasis = false;
		for (FitsReader.HduInfo i : FitsReader.list(file)) hasBasis |= "BASIS".equalsIgnoreCase(i.extname);
		if (!hasBasis) {
			// a basis image of Estimate PSF saved as FITS carries the model in its cards
			AstroImage image = FitsReader.readImage(file.getPath());
			if (isModel(image.header())) return fromImage(image, file.getPath(), "PSF model file");
			throw new IllegalArgumentException(file + " is not a PSF model file: it has no BASIS extension");
		}
		// an extension's header carries the primary's cards too
		FitsHeader h = FitsReader.readHeader(file, "BASIS");
		Layout l = layout(h, file.getPath(), "PSF model file");
		int k = l.size, n = l.elements, nt = l.terms;
		FitsImage b = extension(file, "BASIS"), c = extension(file, "COEFFS");
		if (b.width() != k || b.height() != k || b.depth() != n) throw new IllegalArgumentException(file + ": BASIS is " +
			Images.size(b.pixels()) + ", expected " + k + "x" + k + "x" + n + " (PSFSIZE, PSFNEL)");
		if (c.width() != nt || c.height() != n || c.depth() != 1) throw new IllegalArgumentException(file + ": COEFFS is " +
			Images.size(c.pixels()) + ", expected " + nt + "x" + n + " (PSFNTERM x PSFNEL)");
		float[][] planes = n == 1 ? new float[][] { b.data() } : Images.planes(b.pixels());
		float[] cf = c.data();
		double[][] basis = new double[n][k * k], coef = new double[n][nt];
		for (int i = 0; i < n; i++) {
			for (int p = 0; p < k * k; p++) basis[i][p] = planes[i][p];
			int row = Coordinates.memoryRow(i, n);
			for (int t = 0; t < nt; t++) coef[i][t] = cf[row * nt + t];
		}
		return l.description(basis, coef);
	}

	/** The metadata cards of a model, checked. */
	private static final class Layout {

		final int width, height, size, elements, degree, terms, stars, rejected;
		final double infLoss, loss;
		final boolean recentred;

		Layout(FitsHeader h, String where) {
			width = integer(h, "PSFIMW", where);
			height = integer(h, "PSFIMH", where);
			size = integer(h, "PSFSIZE", where);
			elements = integer(h, "PSFNEL", where);
			degree = integer(h, "PSFDEG", where);
			terms = integer(h, "PSFNTERM", where);
			if (terms != FieldPolynomial.terms(Math.max(0, degree))) throw new IllegalArgumentException(where + ": PSFNTERM = " + terms +
				" does not fit PSFDEG = " + degree);
			stars = integer(h, "PSFNSTAR", where);
			rejected = integer(h, "PSFNREJ", where);
			Double il = h.getDouble("PSFILOSS");
			infLoss = il == null ? Double.NaN : il;
			loss = h.getDouble("PSFLOSS", Double.NaN);
			String rec = h.getString("PSFRECEN");
			recentred = "T".equalsIgnoreCase(rec) || "true".equalsIgnoreCase(rec);
		}

		PsfModelDescription description(double[][] basis, double[][] coef) {
			return new PsfModelDescription(width, height, size, degree, stars, rejected, infLoss, loss, recentred, basis, coef);
		}
	}

	/** The checked cards of a model, or an error naming what is wrong with them. */
	private static Layout layout(FitsHeader h, String where, String kind) {
		String type = h.getString("PSFTYPE");
		if (!TYPE.equals(type)) throw new IllegalArgumentException(where + " is not a " + kind + ": PSFTYPE is " + (type == null ?
			"missing" : "'" + type + "'") + " (expected '" + TYPE + "')");
		int version = integer(h, "PSFVERS", where);
		if (version > VERSION) throw new IllegalArgumentException(where + ": PSF model layout version " + version +
			" is newer than this reader (" + VERSION + ")");
		return new Layout(h, where);
	}

	private static FitsImage extension(File file, String name) throws IOException {
		for (FitsReader.HduInfo i : FitsReader.list(file)) {
			if (name.equalsIgnoreCase(i.extname)) return FitsReader.read(file, name);
		}
		throw new IllegalArgumentException(file + " is not a PSF model file: no " + name + " extension");
	}

	private static int integer(FitsHeader h, String key, String where) {
		Double v = h.getDouble(key);
		if (v == null || v != Math.rint(v)) throw new IllegalArgumentException(where + ": PSF model keyword " + key + " is " +
			(v == null ? "missing" : String.format(Locale.ROOT, "%s, not an integer", v)));
		return (int) Math.rint(v);
	}
}
