package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

import org.astrofiji.io.OutputFiles;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The session {@code ./astro} records into its class-data-sharing archive after a build
 * ({@code java -XX:ArchiveClassesAtExit=target/app/astro.jsa ... Astro --archive-training}): every
 * command of the launcher run once on a tiny simulated night, so the classes a command loads are in
 * the archive, parsed and verified, and the next JVM maps them instead of loading them. A step that
 * fails is skipped: the archive only gets fewer classes.
 */
final class ArchiveTraining {

	private ArchiveTraining() {}

	/** The steps, as {@code astro run} takes them; {@code ${d}} is the training directory. */
	static final List<String[]> STEPS = List.of(
		new String[] { "Simulate Observation", "output=\"${d}\",seed=1,width=96,height=96,stars=25,bias_frames=2,dark_frames=2," +
			"flat_frames=2,science_frames=2,overwrite=true" },
		new String[] { "Combine Frames", "directory=\"${d}\",pattern=bias_*.fits,method=median,output=\"${d}/bias.fits\",overwrite=true" },
		new String[] { "Master Calibration", "directory=\"${d}\",bias=bias_*.fits,darks=dark_*.fits,flats=flat_*.fits," +
			"science=science_*.fits,combine_science=true,output=\"${d}/cal\",overwrite=true" },
		new String[] { "Remove Cosmic Rays", "input=\"${d}/science_V_001.fits\",gain=1,readnoise=5,output=\"${d}/la.fits\",overwrite=true" },
		new String[] { "Remove Cosmic Rays", "input=\"${d}/science_V_001.fits\",method=median,output=\"${d}/med.fits\",overwrite=true" },
		new String[] { "Fit Background", "input=\"${d}/science_V_001.fits\",result=both,output=\"${d}/bkg.fits\",overwrite=true" },
		new String[] { "Fit Background", "input=\"${d}/science_V_001.fits\",model=columns,ranges=0-40,output=\"${d}/cols.fits\"," +
			"overwrite=true" },
		new String[] { "Fit Background", "input=\"${d}/science_V_001.fits\",model=rows,ranges=0-40,output=\"${d}/rows.fits\"," +
			"overwrite=true" },
		new String[] { "Find Stars", "input=\"${d}/science_V_001.fits\",table_file=\"${d}/stars.csv\",regions_file=\"${d}/stars.reg\"," +
			"output=\"${d}/labels.fits\",overwrite=true" },
		new String[] { "Find Stars", "input=\"${d}/science_V_001.fits\",threshold_mode=global,k=3,fwhm=0,min_area=1,deblend=none," +
			"weights=image" },
		new String[] { "Find Stars", "input=\"${d}/science_V_001.fits\",method=peaks" },
		new String[] { "Aperture Photometry", "input=\"${d}/science_V_001.fits\",positions=\"${d}/stars.csv\"," +
			"table_file=\"${d}/phot.csv\",overwrite=true" },
		new String[] { "Radial Profile", "input=\"${d}/science_V_001.fits\",centre=\"48,48\"" },
		new String[] { "Shift Image", "input=\"${d}/science_B_001.fits\",dx=1.5,dy=-2.25,output=\"${d}/shift.fits\",overwrite=true" },
		new String[] { "Rotate Image", "input=\"${d}/science_B_001.fits\",angle=10,output=\"${d}/rot.fits\",overwrite=true" },
		new String[] { "Find Transform", "input=\"${d}/science_B_001.fits\",reference_input=\"${d}/science_V_001.fits\"" },
		new String[] { "Align Images", "frames=\"${d}/science_B_001.fits\",reference_input=\"${d}/science_V_001.fits\"," +
			"output=\"${d}/aligned\",overwrite=true" },
		new String[] { "RGB Composite", "red_input=\"${d}/science_R_001.fits\",green_input=\"${d}/science_V_001.fits\"," +
			"blue_input=\"${d}/science_B_001.fits\",output=\"${d}/rgb.png\",overwrite=true" },
		new String[] { "RGB Composite", "red_input=\"${d}/science_R_001.fits\",green_input=\"${d}/science_V_001.fits\"," +
			"blue_input=\"${d}/science_B_001.fits\",method=classic,levels=minmax,output=\"${d}/classic.png\",overwrite=true" },
		new String[] { "Open FITS", "path=\"${d}/la.fits\"" });

	/** Runs the session in a temporary directory, then deletes it; returns 0. */
	static int run() throws IOException {
		File dir = Files.createTempDirectory("astro-training").toFile();
		PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
		try {
			// as astro run and help take them (the lean context), then the full context's classes (runs it serves)
			for (String[] step : STEPS) {
				int code = RunCommand.run(step[0], step[1].replace("${d}", dir.getPath()), quiet, System.err);
				System.err.println("training: " + step[0] + (code == 0 ? ": ok" : ": failed, skipped"));
			}
			Astro.help(new String[] { "--markdown" }, quiet);
			Astro.help(new String[0], quiet);
			try (Context context = Astro.commandContext()) {
				String[] step = STEPS.get(STEPS.size() - 1);
				RunCommand.run(context, step[0], step[1].replace("${d}", dir.getPath()), quiet, quiet);
				Astro.help(context, context.service(CommandService.class).getCommands(), new String[] { "--markdown" }, quiet);
			}
		}
		finally {
			OutputFiles.deleteTree(dir.toPath());
		}
		return 0;
	}

}
