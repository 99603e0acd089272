package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.Context;

/**
 * {@code astro demo [dir]}: simulates a night into {@code dir} and runs every workflow on it through
 * the same commands and macros users call, printing what each step wrote. A workflow adds its step to
 * {@link #STEPS}.
 */
public final class Demo {

	/** One step of the demo. */
	interface Step {

		String title();

		void run(Demo demo) throws Exception;
	}

	/** A step that runs one command as {@code astro run} would. */
	static Step command(String title, String label, String options) {
		return new Step() {

			@Override
			public String title() {
				return title;
			}

			@Override
			public void run(Demo d) {
				d.command(label, options.replace("${dir}", d.dir.getPath()));
			}
		};
	}

	/** A step that runs one of the macros shipped in the jar, headless, with the demo directory as argument. */
	static Step macro(String title, String name) {
		return macro(title, name, "");
	}

	/** The same with a folder of the demo directory as argument. */
	static Step macro(String title, String name, String folder) {
		return new Step() {

			@Override
			public String title() {
				return title;
			}

			@Override
			public void run(Demo d) throws Exception {
				d.macro(name, folder.isEmpty() ? d.dir : new File(d.dir, folder));
			}
		};
	}

	/** The demo, in order. Each workflow adds its step here. */
	static final List<Step> STEPS = List.of(
		command("Simulate a night: biases, darks, flats, B/V/R science, second epoch, truth",
			"Simulate Observation", "output=\"${dir}\",seed=1,overwrite=true"),
		macro("Open a raw frame with its header and save float and 16-bit copies (macro)", "open_save_fits.ijm"),
		command("Master calibration: master bias, darks and flats, hot-pixel mask, every science frame reduced and combined per filter",
			"Master Calibration", "directory=\"${dir}\",bias=bias_*.fits,darks=dark_*.fits,flats=flat_*.fits," +
				"science=science_*.fits,combine_science=true,output=\"${dir}/calibrated\",overwrite=true"),
		macro("Remove cosmic rays from every calibrated science frame with L.A.Cosmic, hot pixels left alone (macro)",
			"remove_cosmic_rays_lacosmic.ijm", "calibrated"),
		macro("Mesh sky background of a science frame: subtracted frame with BKG and RMS maps (macro)", "mesh_background.ijm"),
		macro("Find the stars of the V frame: table, ellipses, label image, CSV and DS9 regions in stars/ (macro)",
			"find_stars.ijm"),
		command("Find stars with the seed recipe (global mean + 2 std, 8-connected, centre of mass) and its histograms",
			"Find Stars", "input=\"${dir}/science_V_001.fits\",threshold_mode=global,k=2,fwhm=0,min_area=1,deblend=none," +
				"weights=image,plots=true,table_file=\"${dir}/stars/science_V_001_seed.csv\"," +
				"output=\"${dir}/stars/science_V_001_labels.fits\",overwrite=true"),
		macro("Colour composite of the R, V, B science frames: Lupton PNG and classic asinh TIFF (macro)",
			"rgb_composite.ijm"),
		macro("Registration: the B frame shifted by (12.4, -7.7) px, its shift found against V, aligned back onto V and rotated (macro)",
			"align_images.ijm"),
		macro("Aperture photometry of the reduced V frame: table, apertures, DS9 regions in photometry/ (macro)",
			"aperture_photometry.ijm"),
		macro("Colour-magnitude diagram of the reduced B and V frames: table and PNG in photometry/ (macro)",
			"colour_magnitude.ijm"),
		macro("Radial profile of the brightest star, the seed's recipe with PROS annuli (macro)", "radial_profile.ijm"),
		macro("PSF of the reduced V frame (Lauer 2002): basis, montage, residual, PSF stars and model file in psf/, the PSF at five positions (macro)",
			"estimate_psf.ijm"),
		macro("Moffat profiles of the bright stars of the reduced V frame: table, FWHM map, ellipses, the seed's 1-D fit plotted (macro)",
			"fit_star_profiles.ijm"),
		new Step() {

			@Override
			public String title() {
				return "Light curve of a simulated transit over " + DemoSeries.FRAMES + " drifting frames in series/ (macro)";
			}

			@Override
			public void run(Demo d) throws Exception {
				File series = new File(d.dir, "series");
				Files.createDirectories(series.toPath());
				DemoSeries.write(series, true);
				d.out.println("      wrote " + DemoSeries.FRAMES + " frames, positions.csv and truth.csv into " + series);
				d.macro("light_curve.ijm", series);
			}
		},
		macro("Image subtraction (ZOGY) of the V frame's second epoch: D, S_corr and transient candidates in subtraction/ (macro)",
			"image_subtraction.ijm"),
		macro("Proper coadd of the three reduced V frames cleaned of cosmic rays: R, its PSF and score in calibrated/cosmics/coadd/ (macro)",
			"proper_coadd.ijm", "calibrated/cosmics"));

	/** Marks a directory as the demo's own, so a rerun may replace its files. */
	static final String MARKER = ".astro-demo";

	private final File dir;
	private final PrintStream out, err;
	private final Context context;
	private int failures;

	private Demo(File dir, PrintStream out, PrintStream err, Context context) {
		this.dir = dir;
		this.out = out;
		this.err = err;
		this.context = context;
	}

	public static int run(File dir, PrintStream out, PrintStream err) throws Exception {
		File marker = new File(dir, MARKER);
		String[] existing = dir.list();
		if (existing != null && existing.length > 0 && !marker.exists()) {
			err.println("error: " + dir + " exists and is not an earlier demo directory; give an empty or new directory");
			return 2;
		}
		Files.createDirectories(dir.toPath());
		Files.writeString(marker.toPath(), "written by astro demo; a rerun replaces its files\n");
		out.println("Astro Fiji demo in " + dir.getAbsolutePath());
		long t0 = System.nanoTime();
		try (Context context = new Context()) {
			Demo demo = new Demo(dir, out, err, context);
			int n = 0;
			for (Step step : STEPS) {
				out.println();
				out.printf(Locale.ROOT, "[%d/%d] %s%n", ++n, STEPS.size(), step.title());
				long s0 = System.nanoTime();
				try {
					step.run(demo);
				}
				catch (Exception e) {
					demo.failures++;
					err.println("error: " + e.getMessage());
				}
				out.printf(Locale.ROOT, "      (%.1f s)%n", (System.nanoTime() - s0) / 1e9);
			}
			out.println();
			out.printf(Locale.ROOT, "demo %s in %.1f s; files in %s%n", demo.failures == 0 ? "finished" : "had " +
				demo.failures + " failing steps", (System.nanoTime() - t0) / 1e9, dir.getAbsolutePath());
			return demo.failures == 0 ? 0 : 1;
		}
	}

	void command(String label, String options) {
		out.println("      ./astro run \"" + label + "\" '" + options + "'");
		int code = RunCommand.run(context, label, options, indent(out), err);
		if (code != 0) throw new IllegalStateException(label + " failed");
	}

	void macro(String name, File argument) throws Exception {
		File macro = extract(name);
		out.println("      ./astro macro macros/" + name + " " + argument.getPath());
		PrintStream saved = System.out;
		System.setOut(indent(saved));
		try {
			if (HeadlessMacro.run(Astro.appDir(), macro, argument.getAbsolutePath()) != 0) throw new IllegalStateException(
				"macro " + name + " was aborted");
		}
		finally {
			System.setOut(saved);
		}
	}

	/** The macro shipped in the jar, copied next to the demo data. */
	private File extract(String name) throws IOException {
		try (InputStream in = Demo.class.getResourceAsStream("/macros/astro_fiji/" + name)) {
			if (in == null) throw new IOException("macro " + name + " is not in the Astro Fiji jar");
			File f = new File(new File(dir, "macros"), name);
			Files.createDirectories(f.getParentFile().toPath());
			Files.writeString(f.toPath(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			return f;
		}
	}

	private static PrintStream indent(PrintStream out) {
		return new PrintStream(out, true) {

			@Override
			public void println(String s) {
				List<String> lines = new ArrayList<>(List.of(s.split("\n")));
				for (String line : lines) super.println("      " + line);
			}
		};
	}
}
