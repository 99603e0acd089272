package org.astrofiji.core.psf;

import java.util.Arrays;

import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.linalg.SymmetricEigen;

/**
 * The Karhunen-Lo&egrave;ve (principal component) basis of a set of PSF star stamps, as in Lauer (2002):
 * orthonormal stamps B<sub>i</sub> such that each star stamp is s<sub>j</sub> = &Sigma;<sub>i</sub>
 * c<sub>ij</sub> B<sub>i</sub> exactly, ordered by the energy &lambda;<sub>i</sub> = &Sigma;<sub>j</sub>
 * c<sub>ij</sub>&sup2; they carry, so that the first k elements give the best k-term approximation of the
 * stamps in the least-squares sense.
 * <p>
 * <b>Computation.</b> With the stamps as the columns of M (pixels &times; stars) the basis is the left
 * singular vectors of M. It is obtained from the symmetric eigen-decomposition ({@link SymmetricEigen}) of the smaller of
 * the two Gram matrices: M<sup>T</sup>M (stars &times; stars; B<sub>i</sub> = M v<sub>i</sub> /
 * &radic;&lambda;<sub>i</sub>, c<sub>ij</sub> = &radic;&lambda;<sub>i</sub> v<sub>ij</sub>) when there are
 * fewer stars than pixels, otherwise M M<sup>T</sup> (pixels &times; pixels; B<sub>i</sub> its eigenvectors,
 * c<sub>ij</sub> = &lang;B<sub>i</sub>, s<sub>j</sub>&rang;). Both give the same basis; the choice only bounds
 * the cost by the smaller dimension (1000 stars of 21&times;21 pixels: a 441&times;441 problem). The
 * Gram matrix is accumulated in a fixed order, so the result does not depend on the thread count.
 * <p>
 * Unlike ProperImage, which takes the covariance of mean-subtracted stamps and leaves the elements
 * unnormalised (sum &asymp; &plusmn;&radic;n), the matrix here is the plain second moment (no mean removed:
 * a unit-sum stamp loses only the constant 1/npix, so the spectra agree closely) and the elements are
 * orthonormal. Each element's sign is chosen so that its pixel sum is positive (or, for a zero-sum
 * element, its largest pixel), so the first element looks like the PSF.
 * <p>
 * <b>Information loss.</b> Keeping the first k elements loses the fraction
 * 1 &minus; &Sigma;<sub>i&lt;k</sub> &lambda;<sub>i</sub> / &Sigma; &lambda; of the stamps' energy;
 * {@link #count(double)} is the smallest k (at least 1) whose loss is at most {@code inf_loss}, the
 * rule ProperImage applies to its eigenvalues.
 */
public final class KarhunenLoeveBasis {

	private final int size, stars;
	private final double[] eigenvalues;
	private final double[][] elements, coefficients;
	private final double total;

	private KarhunenLoeveBasis(int size, int stars, double[] eigenvalues, double[][] elements, double[][] coefficients,
		double total)
	{
		this.size = size;
		this.stars = stars;
		this.eigenvalues = eigenvalues;
		this.elements = elements;
		this.coefficients = coefficients;
		this.total = total;
	}

	/**
	 * The basis of the given stamps.
	 *
	 * @param stamps one row-major size&times;size stamp per star (usually unit-sum)
	 * @param size the stamp side
	 */
	public static KarhunenLoeveBasis of(double[][] stamps, int size) {
		int n = stamps.length, np = size * size;
		if (size < 1) throw new IllegalArgumentException("stamp size must be positive (got " + size + ")");
		if (n < 1) throw new IllegalArgumentException("the KL basis needs at least one stamp");
		for (int j = 0; j < n; j++) {
			if (stamps[j].length != np) throw new IllegalArgumentException("stamp " + j + " has " + stamps[j].length +
				" pixels, not " + size + "x" + size);
			for (double v : stamps[j]) if (!Double.isFinite(v)) throw new IllegalArgumentException("stamp " + j +
				" has a NaN or infinite pixel");
		}
		boolean byStars = n <= np;
		int m = byStars ? n : np;
		double[] gram;
		if (byStars) gram = gram(stamps, n, np);
		else {
			// pixel-major copy: row p holds pixel p of every stamp
			double[][] pix = new double[np][n];
			for (int j = 0; j < n; j++) for (int p = 0; p < np; p++) pix[p][j] = stamps[j][p];
			gram = gram(pix, np, n);
		}
		double trace = 0;
		for (int i = 0; i < m; i++) trace += gram[i * m + i];
		if (!(trace > 0)) throw new IllegalArgumentException("the stamps are all zero");
		SymmetricEigen eig = SymmetricEigen.of(gram, m);
		double[] lambda = eig.values();
		// elements beyond the numerical rank carry no information and cannot be normalised
		double floor = Math.max(0, lambda[0]) * 1e-13 * m;
		int rank = 0;
		while (rank < m && lambda[rank] > floor) rank++;
		double[] values = Arrays.copyOf(lambda, rank);
		double[][] elements = new double[rank][np], coef = new double[rank][n];
		for (int i = 0; i < rank; i++) {
			double[] vec = eig.vector(i);
			if (byStars) {
				double s = Math.sqrt(values[i]);
				for (int j = 0; j < n; j++) {
					double v = vec[j];
					coef[i][j] = s * v;
					for (int p = 0; p < np; p++) elements[i][p] += v * stamps[j][p];
				}
				for (int p = 0; p < np; p++) elements[i][p] /= s;
			}
			else {
				System.arraycopy(vec, 0, elements[i], 0, np);
				for (int j = 0; j < n; j++) {
					double c = 0;
					for (int p = 0; p < np; p++) c += elements[i][p] * stamps[j][p];
					coef[i][j] = c;
				}
			}
			if (negative(elements[i])) {
				for (int p = 0; p < np; p++) elements[i][p] = -elements[i][p];
				for (int j = 0; j < n; j++) coef[i][j] = -coef[i][j];
			}
		}
		return new KarhunenLoeveBasis(size, n, values, elements, coef, trace);
	}

	/** G[a][b] = row a . row b, symmetric, rows in parallel. */
	private static double[] gram(double[][] rows, int m, int len) {
		double[] g = new double[m * m];
		Parallel.forRange(m, 8, (a0, a1) -> {
			for (int a = a0; a < a1; a++) {
				double[] ra = rows[a];
				for (int b = 0; b <= a; b++) {
					double[] rb = rows[b];
					double s = 0;
					for (int p = 0; p < len; p++) s += ra[p] * rb[p];
					g[a * m + b] = s;
				}
			}
		});
		for (int a = 0; a < m; a++) for (int b = 0; b < a; b++) g[b * m + a] = g[a * m + b];
		return g;
	}

	/** Whether the element should be flipped: negative sum, or for a zero sum a negative largest pixel. */
	private static boolean negative(double[] e) {
		double sum = 0, norm1 = 0, big = 0;
		for (double v : e) {
			sum += v;
			norm1 += Math.abs(v);
			if (Math.abs(v) > Math.abs(big)) big = v;
		}
		return Math.abs(sum) > 1e-9 * norm1 ? sum < 0 : big < 0;
	}

	/** Stamp side. */
	public int size() {
		return size;
	}

	/** Number of stamps. */
	public int stars() {
		return stars;
	}

	/** Number of elements (the numerical rank of the stamps, at most min(stars, pixels)). */
	public int rank() {
		return eigenvalues.length;
	}

	/** Energy of element i (eigenvalue), descending. */
	public double eigenvalue(int i) {
		return eigenvalues[i];
	}

	/** Fraction of the stamps' energy carried by each element, descending. */
	public double[] energyFractions() {
		double[] f = new double[eigenvalues.length];
		for (int i = 0; i < f.length; i++) f[i] = eigenvalues[i] / total;
		return f;
	}

	/** Fraction of the stamps' energy lost when only the first k elements are kept. */
	public double loss(int k) {
		if (k < 0) throw new IllegalArgumentException("number of elements must be >= 0 (got " + k + ")");
		double kept = 0;
		for (int i = 0; i < Math.min(k, eigenvalues.length); i++) kept += eigenvalues[i];
		return Math.max(0, 1 - kept / total);
	}

	/** The smallest number of elements (at least 1) whose information loss is at most {@code infLoss}. */
	public int count(double infLoss) {
		requireInfLoss(infLoss);
		for (int k = 1; k <= eigenvalues.length; k++) if (loss(k) <= infLoss + 1e-12) return k;
		return eigenvalues.length;
	}

	/** Fails unless {@code inf_loss} is in [0, 1]. */
	public static void requireInfLoss(double infLoss) {
		if (!(infLoss >= 0 && infLoss <= 1)) throw new IllegalArgumentException("inf_loss must be between 0 and 1 (got " +
			infLoss + ")");
	}

	/** A copy of element i (row-major size&times;size, unit L2 norm). */
	public double[] element(int i) {
		return elements[i].clone();
	}

	/** Coefficient of star j on element i. */
	public double coefficient(int i, int j) {
		return coefficients[i][j];
	}

	/** A copy of the coefficients of element i, one per star. */
	public double[] coefficients(int i) {
		return coefficients[i].clone();
	}

	/** The first k elements as a size&times;size&times;k float stack. */
	public PlanarImg<FloatType, FloatArray> stack(int k) {
		if (k < 1 || k > eigenvalues.length) throw new IllegalArgumentException("number of elements must be 1 to " +
			eigenvalues.length + " (got " + k + ")");
		float[][] planes = new float[k][size * size];
		for (int i = 0; i < k; i++) for (int p = 0; p < size * size; p++) planes[i][p] = (float) elements[i][p];
		return Images.stack(size, size, planes);
	}
}
