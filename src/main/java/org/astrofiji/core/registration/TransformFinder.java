package org.astrofiji.core.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the transform that takes one star list onto another without a prior guess (the transform that
 * astroalign's find_transform(source, target) returns).
 * <ol>
 * <li>The brightest {@link #controlPoints} stars of each list are the control stars.</li>
 * <li>Candidates: for a similarity or affine transform, triangles of each control star and its nearest
 * neighbours are matched by their similarity invariants (side ratios, k-d tree) and each matched pair
 * of triangles proposes the similarity through its vertices; for a translation, every pair of control
 * stars votes for its offset (grid of {@link #tolerance}-sized cells), the fast path for frames that
 * only drift.</li>
 * <li>Each candidate is scored by the control stars it maps within {@code tolerance} of a target control
 * star (RANSAC's consensus, over all candidates instead of a random sample); the best is refined by
 * least squares on its one-to-one matches until they stop changing.</li>
 * <li>Significance: a match is accepted only if chance cannot explain it: the expected number of
 * candidates that would match as many stars by coincidence (candidates tried x the Poisson tail of
 * chance coincidences, each mapped star having the local density of target stars around it) must stay
 * under {@link #maxFalseAlarms}, and at least 3 stars must match. Otherwise a {@link NoMatchException}
 * says how many matched and how many were needed: a wrong transform is never returned.</li>
 * <li>All isolated stars of both lists (no other star within 2 tolerances, so that a star cannot pair
 * with its neighbour's partner) are then matched one-to-one within the tolerance, the model
 * (translation, similarity or affine) is fitted by least squares, and pairs whose residual exceeds
 * {@link #clip} times the residual scale (from the median residual) are rejected, until the set is
 * stable. The fit's own 1-sigma error over the source stars' extent must stay within
 * {@link #maxError}, or the transform is refused as too uncertain.</li>
 * </ol>
 * The result does not depend on the thread count (the search is single-threaded; it takes milliseconds).
 * Mirror-imaged frames (a reflection) are not matched.
 */
public final class TransformFinder {

	/** Median of a 2-D Gaussian's radial distance in units of the per-axis sigma: sqrt(2 ln 2). */
	private static final double RAYLEIGH_MEDIAN = Math.sqrt(2 * Math.log(2));

	private final Transform.Kind kind;
	private final double tolerance;
	private final int controlPoints, neighbours;
	private final double maxFalseAlarms, clip, maxError;

	private TransformFinder(Transform.Kind kind, double tolerance, int controlPoints, int neighbours, double maxFalseAlarms,
		double clip, double maxError)
	{
		if (kind == null) throw new IllegalArgumentException("transform kind: none given");
		if (!(tolerance > 0) || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tolerance must be > 0 px (got " +
			tolerance + ")");
		if (controlPoints < 3) throw new IllegalArgumentException("control_points must be at least 3 (got " + controlPoints + ")");
		if (neighbours < 2) throw new IllegalArgumentException("neighbours must be at least 2 (got " + neighbours + ")");
		if (!(maxFalseAlarms > 0)) throw new IllegalArgumentException("max false alarms must be > 0 (got " + maxFalseAlarms + ")");
		if (!(clip > 0)) throw new IllegalArgumentException("clip must be > 0 (got " + clip + ")");
		if (!(maxError > 0)) throw new IllegalArgumentException("max_error must be > 0 px (got " + maxError + ")");
		this.kind = kind;
		this.tolerance = tolerance;
		this.controlPoints = controlPoints;
		this.neighbours = neighbours;
		this.maxFalseAlarms = maxFalseAlarms;
		this.clip = clip;
		this.maxError = maxError;
	}

	/**
	 * A finder of the given kind with the defaults: tolerance 2 px, the 50 brightest stars as control
	 * stars with 5 neighbours each (astroalign's defaults), at most 0.01 false alarms, clipping at 4, and
	 * a transform known to 0.5 px (1 sigma) over the source stars' extent.
	 */
	public static TransformFinder of(Transform.Kind kind) {
		return new TransformFinder(kind, 2, 50, 5, 0.01, 4, 0.5);
	}

	/** Largest distance between a transformed source star and its target star for them to match, pixels. */
	public TransformFinder tolerance(double px) {
		return new TransformFinder(kind, px, controlPoints, neighbours, maxFalseAlarms, clip, maxError);
	}

	/** How many of the brightest stars of each list search for the transform. */
	public TransformFinder controlPoints(int n) {
		return new TransformFinder(kind, tolerance, n, neighbours, maxFalseAlarms, clip, maxError);
	}

	/** Nearest neighbours of each control star that form its triangles. */
	public TransformFinder neighbours(int n) {
		return new TransformFinder(kind, tolerance, controlPoints, n, maxFalseAlarms, clip, maxError);
	}

	/** The largest accepted expected number of chance matches as good as the one found. */
	public TransformFinder maxFalseAlarms(double nfa) {
		return new TransformFinder(kind, tolerance, controlPoints, neighbours, nfa, clip, maxError);
	}

	/** Pairs with a residual over clip x the residual scale are rejected from the final fit. */
	public TransformFinder clip(double k) {
		return new TransformFinder(kind, tolerance, controlPoints, neighbours, maxFalseAlarms, k, maxError);
	}

	/**
	 * The largest accepted 1-sigma error of the transform (propagated from the residuals through the fit,
	 * see {@link Match#error}) over the bounding box of the source stars, pixels.
	 */
	public TransformFinder maxError(double px) {
		return new TransformFinder(kind, tolerance, controlPoints, neighbours, maxFalseAlarms, clip, px);
	}

	public Transform.Kind kind() {
		return kind;
	}

	public double tolerance() {
		return tolerance;
	}

	/**
	 * The transform taking {@code source} positions onto {@code target} positions.
	 *
	 * @throws NoMatchException when the lists cannot be matched with confidence
	 */
	public Match find(StarList source, StarList target) {
		if (source == null || target == null) throw new IllegalArgumentException("star lists: " + (source == null ? "source" :
			"target") + " not given");
		if (source.size() < 3 || target.size() < 3) throw new NoMatchException(0, 3, "the " + (source.size() < 3 ? "source" :
			"target") + " list has only " + Math.min(source.size(), target.size()) + " star" + (Math.min(source.size(),
				target.size()) == 1 ? "" : "s"));
		Points s = new Points(source, source.brightest(controlPoints)), t = new Points(target, target.brightest(controlPoints));
		KdTree tTree = new KdTree(t.x, t.y);

		Candidate best = kind == Transform.Kind.TRANSLATION ? vote(s, t, tTree) : triangles(s, t, tTree);
		if (best.transform == null) throw new NoMatchException(0, 3, "no " + (kind == Transform.Kind.TRANSLATION ? "offset"
			: "triangle of bright stars") + " is shared by the two lists");

		// refine on the control stars, then test significance
		Pairs control = refine(best.transform, s, t, tTree, false);
		double lambda = chanceMatches(control.transform, s, t, tTree);
		int needed = needed(lambda, best.tried, best.defining, s.size());
		if (control.size() < needed) {
			throw new NoMatchException(control.size(), needed, String.format(Locale.ROOT,
				"among the %d and %d brightest stars; fewer could be chance", s.size(), t.size()));
		}
		double nfa = best.tried * poissonTail(lambda, control.size() - best.defining);

		// all isolated stars (in crowded groups a star could pair with its neighbour's partner), with clipping
		Points sa = new Points(source, isolated(source)), ta = new Points(target, isolated(target));
		Pairs all = refine(control.transform, sa, ta, new KdTree(ta.x, ta.y), true);
		if (all.size() < 3) {
			sa = new Points(source, null);
			ta = new Points(target, null);
			all = refine(control.transform, sa, ta, new KdTree(ta.x, ta.y), true);
		}
		if (all.size() < 3) throw new NoMatchException(all.size(), 3, "after rejecting outliers");
		int n = all.size();
		int[] si = new int[n], ti = new int[n];
		double[] res = new double[n], px = new double[n], py = new double[n];
		for (int k = 0; k < n; k++) {
			si[k] = sa.index[all.s[k]];
			ti[k] = ta.index[all.t[k]];
			res[k] = all.d[k];
			px[k] = sa.x[all.s[k]];
			py[k] = sa.y[all.s[k]];
		}
		double[] cov = Fit.covariance(all.transform.kind(), px, py, n);
		Match match = new Match(all.transform, si, ti, res, cov, control.size(), s.size(), t.size(), best.tried, nfa);
		// the transform must be known over the whole field the source stars cover, not only where they match
		double x0 = Double.POSITIVE_INFINITY, y0 = x0, x1 = Double.NEGATIVE_INFINITY, y1 = x1;
		for (int i = 0; i < source.size(); i++) {
			x0 = Math.min(x0, source.x(i));
			x1 = Math.max(x1, source.x(i));
			y0 = Math.min(y0, source.y(i));
			y1 = Math.max(y1, source.y(i));
		}
		double error = match.maxError(x0, y0, x1, y1);
		if (!(error <= maxError)) throw NoMatchException.uncertain(n, error, maxError);
		return match;
	}

	/** Positions (FITS) of a subset of a star list, with their indices in the list. */
	private static final class Points {
		final double[] x, y;
		final int[] index;

		Points(StarList list, int[] subset) {
			int n = subset == null ? list.size() : subset.length;
			x = new double[n];
			y = new double[n];
			index = new int[n];
			for (int i = 0; i < n; i++) {
				int k = subset == null ? i : subset[i];
				index[i] = k;
				x[i] = list.x(k);
				y[i] = list.y(k);
			}
		}

		int size() {
			return x.length;
		}
	}

	/** Indices of the stars with no other star of their list within 2 tolerances. */
	private int[] isolated(StarList list) {
		Points all = new Points(list, null);
		KdTree tree = new KdTree(all.x, all.y);
		double r = 2 * tolerance;
		int[] keep = new int[list.size()];
		int n = 0;
		for (int i = 0; i < list.size(); i++) if (tree.count(all.x[i], all.y[i], r) == 1) keep[n++] = i;
		return Arrays.copyOf(keep, n);
	}

	/** The best candidate transform, how many were tried and how many stars define one. */
	private static final class Candidate {
		Transform transform;
		int score = -1, tried, defining;
		double spread = Double.POSITIVE_INFINITY;
	}

	/** Candidates from matched triangles: the similarity through each pair's vertices. */
	private Candidate triangles(Points s, Points t, KdTree tTree) {
		Candidate best = new Candidate();
		best.defining = 3;
		double minSide = 5 * tolerance;
		Triangles ts = Triangles.of(s.x, s.y, neighbours, minSide), tt = Triangles.of(t.x, t.y, neighbours, minSide);
		if (ts.size() == 0 || tt.size() == 0) return best;
		KdTree inv = new KdTree(tt.u, tt.v);
		double[] px = new double[3], py = new double[3], qx = new double[3], qy = new double[3];
		int stop = (int) Math.ceil(0.8 * Math.min(s.size(), t.size()));
		for (int i = 0; i < ts.size() && best.score < stop; i++) {
			double radius = Math.min(0.03, 1.5 * tolerance / ts.longest[i]);
			int src = i;
			List<Integer> found = new ArrayList<>();
			inv.within(ts.u[i], ts.v[i], radius, found::add);
			found.sort(null); // a fixed order, whatever the tree's layout
			for (int j : found) {
				if (tt.ccw[j] != ts.ccw[src]) continue;
				best.tried++;
				int[] sv = { ts.a[src], ts.b[src], ts.c[src] }, tv = { tt.a[j], tt.b[j], tt.c[j] };
				for (int k = 0; k < 3; k++) {
					px[k] = s.x[sv[k]];
					py[k] = s.y[sv[k]];
					qx[k] = t.x[tv[k]];
					qy[k] = t.y[tv[k]];
				}
				Transform h = Fit.fit(Transform.Kind.SIMILARITY, px, py, qx, qy, 3);
				if (h == null) continue;
				boolean close = true;
				for (int k = 0; k < 3 && close; k++) close = Math.hypot(h.x(px[k], py[k]) - qx[k], h.y(px[k], py[k]) - qy[k]) <= tolerance;
				if (close) score(h, s, t, tTree, best);
			}
		}
		return best;
	}

	/** The translation most control-star pairs agree on (offsets voted into tolerance-sized cells). */
	private Candidate vote(Points s, Points t, KdTree tTree) {
		Candidate best = new Candidate();
		best.defining = 1;
		best.tried = s.size() * t.size();
		Map<Long, List<double[]>> cells = new HashMap<>();
		for (int i = 0; i < s.size(); i++) {
			for (int j = 0; j < t.size(); j++) {
				double dx = t.x[j] - s.x[i], dy = t.y[j] - s.y[i];
				cells.computeIfAbsent(key(Math.floor(dx / tolerance), Math.floor(dy / tolerance)), k -> new ArrayList<>())
					.add(new double[] { dx, dy });
			}
		}
		// the 3x3 block of cells with the most votes, in a fixed order of cells
		long[] keys = cells.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
		int bestVotes = 0;
		long bestKey = 0;
		for (long k : keys) {
			int votes = 0;
			for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) {
				List<double[]> c = cells.get(k + key(a, b));
				if (c != null) votes += c.size();
			}
			if (votes > bestVotes) {
				bestVotes = votes;
				bestKey = k;
			}
		}
		if (bestVotes == 0) return best;
		List<double[]> offsets = new ArrayList<>();
		for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) {
			List<double[]> c = cells.get(bestKey + key(a, b));
			if (c != null) offsets.addAll(c);
		}
		double[] dx = new double[offsets.size()], dy = new double[offsets.size()];
		for (int i = 0; i < dx.length; i++) {
			dx[i] = offsets.get(i)[0];
			dy[i] = offsets.get(i)[1];
		}
		score(Transform.translation(median(dx), median(dy)), s, t, tTree, best);
		return best;
	}

	/** Cell key of integer cell coordinates (cx, cy); keys of neighbouring cells differ by key(a, b). */
	private static long key(double cx, double cy) {
		return (long) cx * (1L << 32) + (long) cy;
	}

	/** Counts the control stars the candidate maps onto a target control star; keeps it if the best so far. */
	private void score(Transform h, Points s, Points t, KdTree tTree, Candidate best) {
		int n = 0;
		double spread = 0;
		for (int i = 0; i < s.size(); i++) {
			double x = h.x(s.x[i], s.y[i]), y = h.y(s.x[i], s.y[i]);
			int j = tTree.nearest(x, y, tolerance);
			if (j >= 0) {
				n++;
				spread += Math.hypot(t.x[j] - x, t.y[j] - y);
			}
		}
		if (n > best.score || n == best.score && spread < best.spread) {
			best.score = n;
			best.spread = spread;
			best.transform = h;
		}
	}

	/** One-to-one matches of a transform and the model fitted to them. */
	private static final class Pairs {
		Transform transform;
		int[] s = new int[0], t = new int[0];
		double[] d = new double[0];

		int size() {
			return s.length;
		}
	}

	/**
	 * Alternates one-to-one matching within the tolerance and a least-squares fit of the model until the
	 * matches stop changing; with {@code clipping}, pairs beyond clip x the residual scale are dropped
	 * before each fit.
	 */
	private Pairs refine(Transform start, Points s, Points t, KdTree tTree, boolean clipping) {
		Pairs p = new Pairs();
		p.transform = start;
		for (int iter = 0; iter < 30; iter++) {
			Pairs m = match(p.transform, s, t, tTree);
			if (clipping && m.size() >= 3) m = clipped(m);
			if (m.size() == 0) {
				m.transform = p.transform;
				return m;
			}
			m.transform = fitOrKeep(m, s, t, p.transform);
			boolean same = Arrays.equals(m.s, p.s) && Arrays.equals(m.t, p.t);
			p = m;
			if (same) break;
		}
		// residuals of the final transform
		for (int k = 0; k < p.size(); k++) {
			double x = p.transform.x(s.x[p.s[k]], s.y[p.s[k]]), y = p.transform.y(s.x[p.s[k]], s.y[p.s[k]]);
			p.d[k] = Math.hypot(x - t.x[p.t[k]], y - t.y[p.t[k]]);
		}
		return p;
	}

	/** The model fitted to the pairs; a lower kind when the pairs cannot carry it (e.g. 2 stars for affine). */
	private Transform fitOrKeep(Pairs m, Points s, Points t, Transform previous) {
		int n = m.size();
		double[] px = new double[n], py = new double[n], qx = new double[n], qy = new double[n];
		for (int k = 0; k < n; k++) {
			px[k] = s.x[m.s[k]];
			py[k] = s.y[m.s[k]];
			qx[k] = t.x[m.t[k]];
			qy[k] = t.y[m.t[k]];
		}
		Transform f = Fit.fit(kind, px, py, qx, qy, n);
		if (f == null && kind == Transform.Kind.AFFINE) f = Fit.fit(Transform.Kind.SIMILARITY, px, py, qx, qy, n);
		return f != null ? f : previous;
	}

	/** Each source star's nearest target star within the tolerance, each target star kept for its closest source star. */
	private Pairs match(Transform h, Points s, Points t, KdTree tTree) {
		int[] owner = new int[t.size()];
		double[] dist = new double[t.size()];
		Arrays.fill(owner, -1);
		for (int i = 0; i < s.size(); i++) {
			double x = h.x(s.x[i], s.y[i]), y = h.y(s.x[i], s.y[i]);
			int j = tTree.nearest(x, y, tolerance);
			if (j < 0) continue;
			double d = Math.hypot(t.x[j] - x, t.y[j] - y);
			if (owner[j] < 0 || d < dist[j]) {
				owner[j] = i;
				dist[j] = d;
			}
		}
		List<int[]> pairs = new ArrayList<>();
		for (int j = 0; j < owner.length; j++) if (owner[j] >= 0) pairs.add(new int[] { owner[j], j });
		pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
		Pairs p = new Pairs();
		p.s = new int[pairs.size()];
		p.t = new int[pairs.size()];
		p.d = new double[pairs.size()];
		for (int k = 0; k < p.s.length; k++) {
			p.s[k] = pairs.get(k)[0];
			p.t[k] = pairs.get(k)[1];
			p.d[k] = dist[p.t[k]];
		}
		return p;
	}

	/** The pairs whose residual is within clip x sigma, sigma from the median residual (Rayleigh). */
	private Pairs clipped(Pairs m) {
		double sigma = median(m.d.clone()) / RAYLEIGH_MEDIAN;
		// a floor far below any centroid error, so exact (noise-free) positions are not clipped by rounding
		double limit = Math.max(clip * sigma, 1e-6 * tolerance);
		int n = 0;
		for (double d : m.d) if (d <= limit) n++;
		if (n == m.size()) return m;
		Pairs p = new Pairs();
		p.s = new int[n];
		p.t = new int[n];
		p.d = new double[n];
		for (int k = 0, o = 0; k < m.size(); k++) {
			if (m.d[k] > limit) continue;
			p.s[o] = m.s[k];
			p.t[o] = m.t[k];
			p.d[o++] = m.d[k];
		}
		return p;
	}

	/**
	 * Expected number of control stars a transform maps within the tolerance of some target control star
	 * by chance: for each source star mapped inside the target stars' bounding box, (n + 1) t^2 / R^2 with
	 * n the target stars within R = 10 t of it (its local density; the +1 keeps it above 0 and counts a
	 * real match against the transform, conservatively).
	 */
	private double chanceMatches(Transform h, Points s, Points t, KdTree tTree) {
		double x0 = Double.POSITIVE_INFINITY, y0 = x0, x1 = Double.NEGATIVE_INFINITY, y1 = x1;
		for (int j = 0; j < t.size(); j++) {
			x0 = Math.min(x0, t.x[j]);
			x1 = Math.max(x1, t.x[j]);
			y0 = Math.min(y0, t.y[j]);
			y1 = Math.max(y1, t.y[j]);
		}
		double r = 10 * tolerance, lambda = 0;
		for (int i = 0; i < s.size(); i++) {
			double x = h.x(s.x[i], s.y[i]), y = h.y(s.x[i], s.y[i]);
			if (x < x0 - tolerance || x > x1 + tolerance || y < y0 - tolerance || y > y1 + tolerance) continue;
			lambda += Math.min(1, (tTree.count(x, y, r) + 1) * (tolerance * tolerance) / (r * r));
		}
		return lambda;
	}

	/** Smallest number of matches (at least 3) whose false-alarm number is within the limit. */
	private int needed(double lambda, int tried, int defining, int max) {
		for (int k = 3; k <= max; k++) if (Math.max(1, tried) * poissonTail(lambda, k - defining) <= maxFalseAlarms) return k;
		return max + 1;
	}

	/** P(X >= m) for X ~ Poisson(lambda), summed from m upwards (accurate in the far tail). */
	static double poissonTail(double lambda, int m) {
		if (m <= 0) return 1;
		if (lambda <= 0) return 0;
		double logTerm = -lambda + m * Math.log(lambda) - logFactorial(m), sum = 0;
		for (int j = m; j < m + 1000; j++) {
			double term = Math.exp(logTerm);
			sum += term;
			if (j > lambda && term < 1e-17 * sum) break;
			logTerm += Math.log(lambda) - Math.log(j + 1);
		}
		return Math.min(1, sum);
	}

	private static double logFactorial(int n) {
		double s = 0;
		for (int i = 2; i <= n; i++) s += Math.log(i);
		return s;
	}

	private static double median(double[] a) {
		Arrays.sort(a);
		int n = a.length;
		return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
	}
}
