package org.astrofiji.core.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a simulated night holds. Public fields with realistic defaults for a small-telescope CCD;
 * {@link #validate()} names the first bad setting.
 */
public final class SimulationSettings {

	public long seed = 1;
	public int width = 1024, height = 1024;
	/** Stars in the field. */
	public int stars = 300;
	/** Seeing FWHM at the field centre, pixels. */
	public double fwhm = 3.0;
	public Psf.Kind psf = Psf.Kind.MOFFAT;
	/** FWHM grows by 30 % and ellipticity to 0.2 towards the corners (radial orientation). */
	public boolean variablePsf = false;
	/** Cosmic-ray events per science exposure (singles, clumps and tracks). */
	public int cosmics = 40;
	/** Filters with flats and science frames, e.g. "B,V,R". */
	public List<String> filters = new ArrayList<>(Arrays.asList("B", "V", "R"));
	public int biasFrames = 5, darkFrames = 3, flatFrames = 5, scienceFrames = 3;
	/** Science exposure time, s; darks are taken at this and at three times this. */
	public double exposure = 60;
	/** Second-epoch frames (first filter of the list) with a transient and variable stars. */
	public int epoch2Frames = 2;
	/** Detector. */
	public double gain = 1.5, readNoise = 6, biasLevel = 1000, darkCurrent = 0.02, saturation = 65535;
	/** Sky in V, e-/s per pixel (other bands scale with their usual sky brightness). */
	public double sky = 20;
	/** Brightest and faintest star in V, total e-/s. */
	public double brightest = 3e5, faintest = 150;

	public SimulationSettings() {}

	/** Fails with a message naming the first setting out of range. */
	public SimulationSettings validate() {
		require(width >= 16 && height >= 16, "width and height must be at least 16 (got " + width + "x" + height + ")");
		require((long) width * height <= 1L << 28, "width x height must be at most 2^28 pixels");
		require(stars >= 0, "stars must be >= 0");
		require(fwhm >= 0.5 && fwhm <= 50, "fwhm must be between 0.5 and 50 pixels (got " + fwhm + ")");
		require(cosmics >= 0, "cosmics must be >= 0");
		require(!filters.isEmpty(), "filters must name at least one filter");
		for (String f : filters) require(f.matches("[A-Za-z0-9_+-]{1,16}"), "filter names must be letters and digits (got '" + f + "')");
		require(biasFrames >= 0 && darkFrames >= 0 && flatFrames >= 0 && scienceFrames >= 0 && epoch2Frames >= 0,
			"frame counts must be >= 0");
		require(exposure > 0, "exposure must be > 0");
		require(gain > 0, "gain must be > 0 (got " + gain + ")");
		require(readNoise >= 0, "read_noise must be >= 0");
		require(biasLevel >= 0 && biasLevel < saturation, "bias level must be in [0, saturation)");
		require(darkCurrent >= 0 && sky >= 0, "dark current and sky must be >= 0");
		require(faintest > 0 && brightest >= faintest, "star fluxes must satisfy 0 < faintest <= brightest");
		return this;
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	/**
	 * Parses "B,V,R" (or "B V R"). An empty entry ("B,,V") or a filter named twice is refused, not
	 * dropped: it is a typo, and the night would hold fewer bands than asked for.
	 */
	public static List<String> parseFilters(String list) {
		String t = list == null ? "" : list.trim();
		List<String> f = new ArrayList<>();
		for (String s : t.split(t.contains(",") ? "\\s*,\\s*" : "\\s+", -1)) {
			if (s.isBlank()) throw new IllegalArgumentException("filters: '" + list + "' has an empty entry; give filter names " +
				"separated by commas, e.g. B,V,R");
			if (f.contains(s.trim())) throw new IllegalArgumentException("filters: " + s.trim() + " is named twice in '" + list + "'");
			f.add(s.trim());
		}
		return f;
	}

	/** Sky relative to the first filter, and star brightness by colour, per band. */
	static double skyFactor(String filter) {
		switch (filter.toUpperCase(Locale.ROOT)) {
			case "U": return 0.3;
			case "B": return 0.55;
			case "R": return 1.5;
			case "I": return 2.2;
			default: return 1;
		}
	}

	/** How strongly a star's colour index dims (positive) or brightens it in this band, magnitudes per unit colour. */
	static double colourTerm(String filter) {
		switch (filter.toUpperCase(Locale.ROOT)) {
			case "U": return 1.6;
			case "B": return 1.0;
			case "R": return -0.6;
			case "I": return -1.1;
			default: return 0;
		}
	}
}
