package org.astrofiji.core.simulate;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Coordinates;
import org.astrofiji.core.Images;
import org.astrofiji.core.Parallel;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;

/**
 * Simulates a night at a small telescope with a CCD camera, frame by frame, and its truth.
 * <p>
 * Raw frames (unsigned 16-bit ADU, as cameras write them): biases, darks at two exposure times,
 * twilight flats and science frames of one star field per filter, and a second epoch of the field
 * with a transient and variable stars. Each raw pixel is
 * {@code bias(x) + [Poisson(R (sky + stars) t + dark t) + cosmic rays] / gain + read noise}, rounded and
 * clipped at saturation, where R is the flat-field response (mean 1). So the ideal calibrated frame,
 * written as truth, is exactly {@code (sky + stars) t / gain}. Each frame's bias level is offset by a
 * small random amount (0.5 ADU rms, as real bias levels drift), recorded as truth in its SIMBOFF card.
 * <p>
 * Truth: the star list (FITS positions, fluxes), transients and variables, cosmic-ray masks and
 * events, ideal calibrated frames, flat responses, bias and dark-current images, and PSF stamps on a
 * grid. Everything is a deterministic function of the settings: every frame row draws from its own
 * random stream, so the thread count does not matter.
 */
public final class NightSimulator {

	/** Where the frames go: the command writes them as FITS and CSV. */
	public interface Sink {

		/** RAW frames are stored as the camera would (16-bit), TRUTH as float, MASK as 8-bit. */
		enum Kind { RAW, TRUTH, MASK }

		void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header)
			throws IOException;

		void table(String name, Table table) throws IOException;
	}

	/** What was made. */
	public static final class Summary {

		public int rawFrames, truthFiles, stars, saturatedStars, cosmicRays, transients, variables;

		@Override
		public String toString() {
			return rawFrames + " raw frames, " + truthFiles + " truth files; " + stars + " stars (" + saturatedStars +
				" saturated), " + cosmicRays + " cosmic rays, " + transients + " transients, " + variables + " variable stars";
		}
	}

	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
	private static final double FLAT_EXPOSURE = 3, FLAT_LEVEL = 25000, READOUT = 12;

	private final SimulationSettings s;
	private final Sink sink;
	private final Progress progress;
	private final int w, h;
	private final Detector detector;
	private final Summary summary = new Summary();
	private final Table night = new Table("night", "file", "imagetyp", "filter", "exptime", "date_obs");
	private final Table cosmics = CosmicRays.table();
	private LocalDateTime clock;
	private int frameIndex, plannedFrames;
	/** Each star's largest value in its epoch-1 stamp (kept while rendering, for the truth table's peaks). */
	private double[] stampPeaks;

	private NightSimulator(SimulationSettings s, Sink sink, Progress progress) {
		this.s = s.validate();
		this.sink = sink;
		this.progress = progress;
		this.w = s.width;
		this.h = s.height;
		this.detector = new Detector(s);
		this.clock = LocalDateTime.of(2026, 3, 21, 19, 30, 0);
	}

	/** Simulates the night described by the settings into the sink. */
	public static Summary run(SimulationSettings settings, Sink sink, Progress progress) throws IOException {
		return new NightSimulator(settings, sink, progress).run();
	}

	/** The filter of the second epoch: V when observed, else the first filter. */
	public static String epoch2Filter(SimulationSettings s) {
		for (String f : s.filters) if (f.equalsIgnoreCase("V")) return f;
		return s.filters.get(0);
	}

	private Summary run() throws IOException {
		int nf = s.filters.size();
		plannedFrames = s.biasFrames + 2 * s.darkFrames + nf * (s.flatFrames + s.scienceFrames) + s.epoch2Frames;
		List<Star> stars = StarField.stars(s);
		PsfModel psf = new PsfModel(s.psf, s.fwhm, s.variablePsf, w, h);
		stampPeaks = new double[stars.size()];

		for (int i = 1; i <= s.biasFrames; i++) raw(String.format("bias_%03d", i), "Bias Frame", null, 0, null, null, 0);
		for (double t : new double[] { s.exposure, 3 * s.exposure }) {
			for (int i = 1; i <= s.darkFrames; i++) raw(String.format(Locale.ROOT, "dark_%03.0fs_%03d", t, i), "Dark Frame",
				null, t, null, null, 0);
		}
		for (String f : s.filters) {
			float[] response = detector.flat(f);
			for (int i = 1; i <= s.flatFrames; i++) {
				double level = FLAT_LEVEL * (1 + 0.1 * (i - (s.flatFrames + 1) / 2.0) / Math.max(1, s.flatFrames));
				raw(String.format("flat_%s_%03d", f, i), "Flat Field", f, FLAT_EXPOSURE, response, uniform(level / FLAT_EXPOSURE), 0);
			}
			truth("truth/flat_" + f, Images.wrap(response, w, h), note("true flat-field response (mean 1)"));
			float[] scene = scene(stars, f, psf, false);
			science("science", f, stars, scene, response, s.scienceFrames, 1);
		}
		if (s.epoch2Frames > 0) epoch2(stars);
		finish(stars, psf);
		return summary;
	}

	/** e-/s per pixel of sky and stars, before the flat response. */
	private float[] scene(List<Star> stars, String filter, PsfModel psf, boolean epoch2) {
		float[] scene = uniform(s.sky * SimulationSettings.skyFactor(filter));
		StarField.render(stars, filter, 1, epoch2, psf, scene, w, h, epoch2 ? null : stampPeaks);
		return scene;
	}

	private void science(String prefix, String filter, List<Star> stars, float[] scene, float[] response, int n,
		int epoch) throws IOException
	{
		for (int i = 1; i <= n; i++) raw(String.format("%s_%s_%03d", prefix, filter, i), "Light Frame", filter,
			s.exposure, response, scene, s.cosmics);
		float[] ideal = new float[w * h];
		for (int p = 0; p < ideal.length; p++) ideal[p] = (float) (scene[p] * s.exposure / s.gain);
		truth("truth/ideal_" + (epoch == 2 ? "epoch2_" : "") + filter, Images.wrap(ideal, w, h),
			note("ideal calibrated " + prefix + " frame: (sky + stars) * EXPTIME / GAIN, ADU"));
	}

	/** The same field later: seeing 25 % worse, variable stars changed, transients appeared. */
	private void epoch2(List<Star> stars) throws IOException {
		String f = epoch2Filter(s);
		clock = clock.plusDays(30);
		List<Star> later = StarField.withVariables(stars, s, 5);
		PsfModel psf2 = new PsfModel(s.psf, 1.25 * s.fwhm, s.variablePsf, w, h);
		float[] scene = scene(later, f, psf2, true);
		Table transients = new Table("transients", "id", "x", "y", "flux", "counts", "filter");
		Rng rng = Rng.of(s.seed, 301, 0);
		double radius = 4 * s.fwhm;
		for (int k = 0, tries = 0; k < 2 && tries < 1000; tries++) {
			double x = rng.uniform(30, w - 31), y = rng.uniform(30, h - 31);
			boolean clear = true;
			for (Star st : stars) clear &= Math.hypot(st.x - x, st.y - y) > radius;
			if (!clear) continue;
			double flux = s.faintest * rng.uniform(15, 60);
			Psf p = psf2.at(x, y);
			StarField.add(scene, w, h, p.stamp(x - Math.rint(x), y - Math.rint(y)), (int) Math.rint(x), (int) Math.rint(y), flux);
			transients.addRow(k + 1, Coordinates.fitsX(x), Coordinates.fitsY(y, h), flux, flux * s.exposure / s.gain, f);
			k++;
		}
		summary.transients = transients.rowCount();
		float[] response = detector.flat(f);
		science("epoch2", f, later, scene, response, s.epoch2Frames, 2);
		Table variables = new Table("variables", "id", "x", "y", "flux_epoch1", "flux_epoch2", "ratio", "filter");
		for (Star st : later) {
			if (st.variability == 1) continue;
			variables.addRow(st.id, Coordinates.fitsX(st.x), Coordinates.fitsY(st.y, h), st.flux(f), st.flux(f) * st.variability,
				st.variability, f);
		}
		summary.variables = variables.rowCount();
		table("truth/transients", transients);
		table("truth/variables", variables);
		psfTruth("truth/psf_epoch2", psf2);
	}

	/**
	 * One raw frame: electrons from the sources through the flat response, dark current, cosmic rays,
	 * then bias, read noise, quantization and saturation.
	 */
	private void raw(String name, String type, String filter, double t, float[] response, float[] rate, int crCount)
		throws IOException
	{
		int index = ++frameIndex;
		progress.report("simulating " + name, (index - 1.0) / Math.max(1, plannedFrames));
		float[] extra = new float[w * h];
		byte[] crMask = null;
		int crEvents = 0;
		// cosmic rays arrive at a rate proportional to the exposure time
		int nCr = crCount > 0 ? crCount : (int) Math.round(s.cosmics * t / s.exposure);
		if (nCr > 0 && t > 0) {
			crMask = new byte[w * h];
			double skyE = (rate == null ? 0 : s.sky) * t;
			double noise = Math.sqrt(skyE + s.readNoise * s.readNoise + detector.dark[0] * t);
			crEvents = CosmicRays.add(Rng.of(s.seed, 401, index), nCr, Math.max(noise, 5), extra, crMask, w, h,
				type.equals("Light Frame") ? cosmics : new Table("", "frame", "id", "type", "npix", "x", "y"), name);
		}
		float offset = (float) (0.5 * Rng.of(s.seed, 402, index).gaussian());
		float[] adu = new float[w * h];
		Parallel.forRange(h, 16, (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				Rng rng = Rng.of(s.seed, 1000 + index, y);
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					double mean = detector.dark[p] * t;
					if (rate != null) mean += response[p] * rate[p] * t;
					double e = rng.poisson(mean) + extra[p];
					double v = detector.biasColumns[x] + offset + (e + s.readNoise * rng.gaussian()) / s.gain;
					adu[p] = (float) Math.max(0, Math.min(s.saturation, Math.rint(v)));
				}
			}
		});
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("IMAGETYP", type);
		header.put("EXPTIME", t);
		if (filter != null) header.put("FILTER", filter);
		header.put("DATE-OBS", ISO.format(clock));
		header.put("OBJECT", type.equals("Light Frame") ? "SIM-FIELD" : type.split(" ")[0].toLowerCase(Locale.ROOT));
		header.put("GAIN", s.gain);
		header.put("RDNOISE", s.readNoise);
		header.put("SATURATE", s.saturation);
		header.put("CCD-TEMP", -20.0);
		header.put("TELESCOP", "Astro Fiji simulator");
		header.put("INSTRUME", "SIMCAM");
		header.put("BUNIT", "adu");
		if (type.equals("Light Frame")) wcs(header);
		if (crMask != null && type.equals("Light Frame")) header.put("SIMNCR", crEvents);
		header.put("SIMBOFF", (double) offset); // truth: this frame's bias offset from truth/bias.fits, ADU
		night.addRow(name, type, filter == null ? "" : filter, t, ISO.format(clock));
		clock = clock.plusSeconds((long) Math.ceil(t + READOUT));
		sink.image(name, Sink.Kind.RAW, Images.wrap(adu, w, h), header);
		summary.rawFrames++;
		if (crMask != null && type.equals("Light Frame")) {
			float[] m = new float[w * h];
			for (int p = 0; p < m.length; p++) m[p] = crMask[p] & 0xFF;
			summary.cosmicRays += crEvents;
			truthImage("truth/crmask_" + name, Sink.Kind.MASK, Images.wrap(m, w, h), note("cosmic-ray pixels of " + name + " (255)"));
		}
	}

	/** A simple tangent-plane WCS, 1 arcsec per pixel, north up. */
	private void wcs(Map<String, Object> header) {
		header.put("CTYPE1", "RA---TAN");
		header.put("CTYPE2", "DEC--TAN");
		header.put("CRPIX1", (w + 1) / 2.0);
		header.put("CRPIX2", (h + 1) / 2.0);
		header.put("CRVAL1", 150.0);
		header.put("CRVAL2", 30.0);
		header.put("CDELT1", -1 / 3600.0);
		header.put("CDELT2", 1 / 3600.0);
		header.put("CUNIT1", "deg");
		header.put("CUNIT2", "deg");
		header.put("RADESYS", "ICRS");
		header.put("EQUINOX", 2000.0);
	}

	private void finish(List<Star> stars, PsfModel psf) throws IOException {
		List<String> bands = s.filters;
		List<String> cols = new ArrayList<>(List.of("id", "x", "y", "colour"));
		for (String f : bands) {
			cols.add("flux_" + f);
			cols.add("counts_" + f);
		}
		cols.add("peak_" + bands.get(0));
		cols.add("saturated");
		Table table = new Table("stars", cols.toArray(new String[0]));
		for (int i = 0; i < stars.size(); i++) {
			Star st = stars.get(i);
			int r = table.addRow();
			table.set(r, "id", st.id).set(r, "x", Coordinates.fitsX(st.x)).set(r, "y", Coordinates.fitsY(st.y, h))
				.set(r, "colour", st.colour);
			boolean saturated = false;
			for (String f : bands) {
				table.set(r, "flux_" + f, st.flux(f)).set(r, "counts_" + f, st.flux(f) * s.exposure / s.gain);
				double peak = peak(stampPeaks[i], st, f);
				if (f.equals(bands.get(0))) table.set(r, "peak_" + f, peak);
				saturated |= peak + s.biasLevel > 0.95 * s.saturation;
			}
			table.set(r, "saturated", saturated ? 1 : 0);
			if (saturated) summary.saturatedStars++;
		}
		summary.stars = stars.size();
		table("truth/stars", table);
		table("truth/cosmics", cosmics);
		psfTruth("truth/psf", psf);
		truth("truth/bias", Images.wrap(detector.biasImage(), w, h), note("true bias level and column pattern, ADU"));
		truth("truth/dark_current", Images.wrap(detector.dark.clone(), w, h), note("true dark current, e-/s"));
		table("night", night);
		progress.report("simulation done", 1);
	}

	/** Expected peak of a star in one science frame, ADU above sky (flat response 1). */
	private double peak(double stampPeak, Star st, String f) {
		return stampPeak * st.flux(f) * s.exposure / s.gain + s.sky * SimulationSettings.skyFactor(f) * s.exposure / s.gain;
	}

	/** PSF stamps (sum 1) at the centres of a 3x3 grid of the field, as a cube, and their table. */
	private void psfTruth(String name, PsfModel psf) throws IOException {
		Table grid = new Table("psf grid", "index", "x", "y", "fwhm", "ellipticity", "angle_deg");
		List<Psf> psfs = new ArrayList<>();
		int radius = 0;
		for (int j = 0; j < 3; j++) {
			for (int i = 0; i < 3; i++) {
				double x = Math.rint((i + 0.5) * w / 3.0), y = Math.rint((j + 0.5) * h / 3.0);
				Psf p = psf.at(x, y);
				psfs.add(p);
				radius = Math.max(radius, p.radius());
				grid.addRow(psfs.size(), Coordinates.fitsX(x), Coordinates.fitsY(y, h), p.fwhm(), p.ellipticity(),
					Math.toDegrees(p.angle()));
			}
		}
		int size = 2 * radius + 1;
		float[][] planes = new float[psfs.size()][size * size];
		for (int k = 0; k < psfs.size(); k++) {
			double[] st = psfs.get(k).stamp(0, 0);
			int n = (int) Math.round(Math.sqrt(st.length)), off = radius - n / 2;
			for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) planes[k][(j + off) * size + i + off] = (float) st[j * n + i];
		}
		truthImage(name, Sink.Kind.TRUTH, Images.stack(size, size, planes), note("PSF stamps (sum 1), one plane per row of " + name + "_grid.csv"));
		table(name + "_grid", grid);
	}

	private void truth(String name, RandomAccessibleInterval<FloatType> img, Map<String, Object> header) throws IOException {
		truthImage(name, Sink.Kind.TRUTH, img, header);
	}

	private void truthImage(String name, Sink.Kind kind, RandomAccessibleInterval<FloatType> img, Map<String, Object> header)
		throws IOException
	{
		sink.image(name, kind, img, header);
		summary.truthFiles++;
	}

	private void table(String name, Table t) throws IOException {
		sink.table(name, t);
		summary.truthFiles++;
	}

	private float[] uniform(double v) {
		float[] a = new float[w * h];
		java.util.Arrays.fill(a, (float) v);
		return a;
	}

	private static Map<String, Object> note(String what) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("COMMENT", what);
		return m;
	}
}
