package org.astrofiji.core.psf;

import java.io.Serializable;

/**
 * Everything that defines a {@link LauerPsf}, as plain numbers: what a PSF model file stores
 * ({@code org.astrofiji.io.PsfModelFiles} documents the FITS layout) and what {@link LauerPsf#of}
 * rebuilds a model from. Arrays are copied in and out.
 */
public final class PsfModelDescription implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Size of the image the model was estimated on, pixels. */
	public final int width, height;
	/** Stamp side (odd). */
	public final int size;
	/** Degree of the coefficient polynomials. */
	public final int degree;
	/** PSF stars used in the fit, and rejected by it. */
	public final int stars, rejectedStars;
	/** inf_loss asked for (NaN when the number of elements was given), and the loss of the kept elements. */
	public final double infLoss, loss;
	/** Whether the stamps were centred exactly on the stars (the PSF centre is then the centre of the central pixel). */
	public final boolean recentred;
	private final double[][] basis, coefficients;

	/**
	 * @param basis one row-major size&times;size element per row (orthonormal)
	 * @param coefficients one row per element: the polynomial coefficients in {@link FieldPolynomial}'s term order
	 */
	public PsfModelDescription(int width, int height, int size, int degree, int stars, int rejectedStars, double infLoss,
		double loss, boolean recentred, double[][] basis, double[][] coefficients)
	{
		this.width = width;
		this.height = height;
		this.size = size;
		this.degree = degree;
		this.stars = stars;
		this.rejectedStars = rejectedStars;
		this.infLoss = infLoss;
		this.loss = loss;
		this.recentred = recentred;
		this.basis = deepCopy(basis);
		this.coefficients = deepCopy(coefficients);
		validate();
	}

	/** Fails with a message naming the first inconsistent value. */
	private void validate() {
		if (width < 1 || height < 1) throw new IllegalArgumentException("PSF model: image size " + width + "x" + height +
			" is not positive");
		if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("PSF model: stamp size " + size + " is not odd");
		if (size > Math.min(width, height)) throw new IllegalArgumentException("PSF model: stamp size " + size +
			" is larger than the " + width + "x" + height + " image");
		if (degree < 0) throw new IllegalArgumentException("PSF model: degree " + degree + " is negative");
		if (basis.length < 1) throw new IllegalArgumentException("PSF model: no basis elements");
		if (coefficients.length != basis.length) throw new IllegalArgumentException("PSF model: " + coefficients.length +
			" coefficient rows for " + basis.length + " basis elements");
		for (int i = 0; i < basis.length; i++) {
			if (basis[i].length != size * size) throw new IllegalArgumentException("PSF model: basis element " + (i + 1) +
				" has " + basis[i].length + " pixels, not " + size + "x" + size);
			if (coefficients[i].length != FieldPolynomial.terms(degree)) throw new IllegalArgumentException("PSF model: " +
				coefficients[i].length + " coefficients for element " + (i + 1) + ", degree " + degree + " needs " +
				FieldPolynomial.terms(degree));
			for (double v : basis[i]) if (!Double.isFinite(v)) throw new IllegalArgumentException("PSF model: basis element " +
				(i + 1) + " has a NaN or infinite pixel");
			for (double v : coefficients[i]) if (!Double.isFinite(v)) throw new IllegalArgumentException(
				"PSF model: element " + (i + 1) + " has a NaN or infinite coefficient");
		}
	}

	/** Number of basis elements. */
	public int elements() {
		return basis.length;
	}

	/** A copy of basis element i. */
	public double[] basis(int i) {
		return basis[i].clone();
	}

	/** A copy of the polynomial coefficients of element i. */
	public double[] coefficients(int i) {
		return coefficients[i].clone();
	}

	private static double[][] deepCopy(double[][] a) {
		double[][] c = new double[a.length][];
		for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
		return c;
	}
}
