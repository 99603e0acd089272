// Remove cosmic rays from every science frame of a night with L.A.Cosmic (Plugins > Astronomy >
// Remove Cosmic Rays...). Gain, read noise and saturation come from each frame's GAIN, RDNOISE and
// SATURATE header cards; border=reflect also handles stars close to the edges. Reduced frames
// (Master Calibration's <frame>_red.fits) bring their hot and dead pixels in DQ, which are left alone;
// for raw frames give the mask as badpix=[.../bad_pixels.fits]. sigclip=5.5 sigfrac=0.5 rather than
// astroscrappy's 4.5 and 0.3: on calibrated frames, whose noise is known exactly, those flag noise peaks
// (a quarter of the flags on the demo's night); these find the same cosmic rays (see the README).
// Writes into cosmics/: <frame>_cr.fits (SCI = cleaned, CRMASK = 255 on cosmic rays), <frame>_cr.csv
// (the events) and cosmics_lacosmic.csv (pixels and events per frame).
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/remove_cosmic_rays_lacosmic.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a night with science_*.fits frames");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "cosmics/";
File.makeDirectory(out);
report = "frame,pixels,events\n";
list = getFileList(dir);
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!startsWith(name, "science_") || !endsWith(name, ".fits")) continue;
	stem = replace(name, ".fits", "");
	run("Open FITS...", "path=[" + dir + name + "]");
	run("Remove Cosmic Rays...", "method=lacosmic border=reflect sigclip=5.5 sigfrac=0.5 objlim=5 niter=4 " +
		"output=[" + out + stem + "_cr.fits] table=[" + out + stem + "_cr.csv] overwrite");
	selectImage(stem + "-crmask");
	getStatistics(area, mean);
	pixels = round(area * mean / 255);
	events = split(File.openAsString(out + stem + "_cr.csv"), "\n");
	report = report + stem + "," + pixels + "," + (events.length - 1) + "\n";
	print(stem + ": " + pixels + " cosmic-ray pixels in " + (events.length - 1) + " events");
	close("*");
}
File.saveString(report, out + "cosmics_lacosmic.csv");
