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
	private final boolean byStars;
	private final double[][] stamps;
	private final double[] eigenvalues;
	private final SymmetricEigen eig;
	/** Elements and their coefficients, made on first use: a model keeps only its first few of the rank's. */
	private final double[][] elements, coefficients;
	private final double total;

	private KarhunenLoeveBasis(int size, double[][] stamps, boolean byStars, SymmetricEigen eig, double[] eigenvalues, double total) {
		this.size = size;
		this.stars = stamps.length;
		this.stamps = stamps;
		this.byStars = byStars;
		this.eig = eig;
		this.eigenvalues = eigenvalues;
		this.elements = new double[eigenvalues.length][];
		this.coefficients = new double[eigenvalues.length][];
		this.total = total;
	}

	/**
	 * The basis of the given stamps.
	 *
	 * @param stamps one row-major size&times;size stamp per star (usually unit-sum; kept by reference, not modified)
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
		return new KarhunenLoeveBasis(size, stamps, byStars, eig, Arrays.copyOf(lambda, rank), trace);
	}

	/**
	 * Makes element i and its coefficients once. Lazily, because projecting every star on every element
	 * (rank &times; stars &times; pixels: 625 &times; 1400 &times; 625 on the 4096&sup2; bench) cost more than the
	 * eigen-decomposition, while a model keeps a handful of elements.
	 */
	private synchronized void make(int i) {
		if (elements[i] != null) return;
		int n = stars, np = size * size;
		double[] vec = eig.vector(i), element = new double[np], coef = new double[n];
		if (byStars) {
			double s = Math.sqrt(eigenvalues[i]);
			for (int j = 0; j < n; j++) {
				double v = vec[j];
				coef[j] = s * v;
				for (int p = 0; p < np; p++) element[p] += v * stamps[j][p];
			}
			for (int p = 0; p < np; p++) element[p] /= s;
		}
		else {
			System.arraycopy(vec, 0, element, 0, np);
			for (int j = 0; j < n; j++) {
				double c = 0;
				for (int p = 0; p < np; p++) c += element[p] * stamps[j][p];
				coef[j] = c;
			}
		}
		if (negative(element)) {
			for (int p = 0; p < np; p++) element[p] = -element[p];
			for (int j = 0; j < n; j++) coef[j] = -coef[j];
		}
		coefficients[i] = coef;
		elements[i] = element;
	}

	private double[] element0(int i) {
		if (i < 0 || i >= eigenvalues.length) throw new IllegalArgumentException("element " + i + " of " + eigenvalues.length);
		make(i);
		return elements[i];
	}

	private double[] coefficients0(int i) {
		element0(i);
		return coefficients[i];
	}

	/**
	 * G[a][b] = row a . row b, symmetric, rows in parallel. Two rows a against two rows b per pass over
	 * the pixels (four sums, half the loads); each sum still runs over p in order, so G is the same
	 * as the plain loop's to the bit.
	 */
	private static double[] gram(double[][] rows, int m, int len) {
		double[] g = new double[m * m];
		int pairs = (m + 1) / 2;
		Parallel.forRange(pairs, 4, (q0, q1) -> {
			for (int q = q0; q < q1; q++) {
				int a = 2 * q;
				double[] ra = rows[a], ra1 = a + 1 < m ? rows[a + 1] : null;
				int b = 0;
				for (; b + 1 <= a; b += 2) {
					double[] rb = rows[b], rb1 = rows[b + 1];
					double s00 = 0, s01 = 0, s10 = 0, s11 = 0;
					if (ra1 != null) {
						for (int p = 0; p < len; p++) {
							double x0 = ra[p], x1 = ra1[p], y0 = rb[p], y1 = rb1[p];
							s00 += x0 * y0;
							s01 += x0 * y1;
							s10 += x1 * y0;
							s11 += x1 * y1;
						}
						g[(a + 1) * m + b] = s10;
						g[(a + 1) * m + b + 1] = s11;
					}
					else {
						for (int p = 0; p < len; p++) {
							s00 += ra[p] * rb[p];
							s01 += ra[p] * rb1[p];
						}
					}
					g[a * m + b] = s00;
					g[a * m + b + 1] = s01;
				}
				// the diagonal block: (a, a), and (a+1, a), (a+1, a+1)
				dot(rows, g, m, len, a, a);
				if (ra1 != null) {
					dot(rows, g, m, len, a + 1, a);
					dot(rows, g, m, len, a + 1, a + 1);
				}
			}
		});
		for (int a = 0; a < m; a++) for (int b = 0; b < a; b++) g[b * m + a] = g[a * m + b];
		return g;
	}

	private static void dot(double[][] rows, double[] g, int m, int len, int a, int b) {
		double[] ra = rows[a], rb = rows[b];
		double s = 0;
		for (int p = 0; p < len; p++) s += ra[p] * rb[p];
		g[a * m + b] = s;
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
		return element0(i).clone();
	}

	/** Coefficient of star j on element i. */
	public double coefficient(int i, int j) {
		return coefficients0(i)[j];
	}

	/** A copy of the coefficients of element i, one per star. */
	public double[] coefficients(int i) {
		return coefficients0(i).clone();
	}

	/** The first k elements as a size&times;size&times;k float stack. */
	public PlanarImg<FloatType, FloatArray> stack(int k) {
		if (k < 1 || k > eigenvalues.length) throw new IllegalArgumentException("number of elements must be 1 to " +
			eigenvalues.length + " (got " + k + ")");
		float[][] planes = new float[k][size * size];
		for (int i = 0; i < k; i++) {
			double[] e = element0(i);
			for (int p = 0; p < size * size; p++) planes[i][p] = (float) e[p];
		}
		return Images.stack(size, size, planes);
	}
}
