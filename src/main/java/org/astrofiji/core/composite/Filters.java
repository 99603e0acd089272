package org.astrofiji.core.composite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Central wavelengths of common astronomical filters, from the FILTER keyword's text, so that a colour
 * composite can put the reddest band in red: Johnson-Cousins UBVRI, SDSS u'g'r'i'z', 2MASS JHKs, and
 * the usual narrow bands (H-alpha, H-beta, [OIII], [SII], [NII]). Names are matched loosely
 * ("Johnson V", "sdss_g", "g'", "Ks", "Halpha", "OIII").
 */
public final class Filters {

	/** nm, for the normalised names (lower case, without "johnson", "bessell", "sdss", punctuation). */
	private static final Map<String, Double> NM = Map.ofEntries(
		Map.entry("u", 365.0), Map.entry("b", 445.0), Map.entry("v", 551.0), Map.entry("r", 658.0), Map.entry("i", 806.0),
		Map.entry("up", 354.0), Map.entry("gp", 475.0), Map.entry("rp", 622.0), Map.entry("ip", 763.0), Map.entry("zp", 905.0),
		Map.entry("g", 475.0), Map.entry("z", 905.0), Map.entry("y", 1020.0),
		Map.entry("j", 1250.0), Map.entry("h", 1650.0), Map.entry("k", 2190.0), Map.entry("ks", 2150.0),
		Map.entry("ha", 656.3), Map.entry("halpha", 656.3), Map.entry("hb", 486.1), Map.entry("hbeta", 486.1),
		Map.entry("oiii", 500.7), Map.entry("o3", 500.7), Map.entry("sii", 671.6), Map.entry("s2", 671.6),
		Map.entry("nii", 658.4), Map.entry("n2", 658.4), Map.entry("blue", 445.0), Map.entry("green", 530.0),
		Map.entry("red", 640.0));

	private Filters() {}

	/** The central wavelength in nm of a FILTER value, or NaN when it is not a filter we know. */
	public static double wavelength(String filter) {
		if (filter == null) return Double.NaN;
		String f = filter.trim().toLowerCase(Locale.ROOT).replace("'", "p").replace("α", "alpha").replace("β", "beta");
		f = f.replaceAll("^(johnson|cousins|bessell|bessel|sdss|2mass|mko|filter)[-_ ]*", "");
		f = f.replaceAll("[-_ \\[\\]()]", "");
		if (f.endsWith("band")) f = f.substring(0, f.length() - 4);
		Double nm = NM.get(f);
		return nm == null ? Double.NaN : nm;
	}

	/**
	 * The indices of the bands to show as red, green and blue: the first three with a known wavelength,
	 * reddest first; null when fewer than three are known (then keep the given order).
	 */
	public static int[] redGreenBlue(List<String> filters) {
		List<Integer> known = new ArrayList<>();
		for (int i = 0; i < filters.size() && known.size() < 3; i++) if (!Double.isNaN(wavelength(filters.get(i)))) known.add(i);
		if (known.size() < 3) return null;
		known.sort(Comparator.comparingDouble((Integer i) -> wavelength(filters.get(i))).reversed());
		return new int[] { known.get(0), known.get(1), known.get(2) };
	}
}
