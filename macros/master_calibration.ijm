// Calibrate a night (Plugins > Astronomy > Master Calibration...): master bias, darks (scaled by
// exposure time) and flats per filter, every science frame reduced and the frames of each filter
// combined. Then open the reduced V frame and report its sky level and noise.
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/master_calibration.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a night of raw frames");
if (!endsWith(dir, "/")) dir = dir + "/";
out = dir + "calibrated/";
setBatchMode(true);
run("Master Calibration...", "directory=[" + dir + "] bias=bias_*.fits darks=dark_*.fits flats=flat_*.fits " +
	"science=science_*.fits method=median scale_darks flat_scale=median combine_science output=[" + out + "] overwrite");
run("Open FITS...", "path=[" + out + "science_V_001_red.fits] hdu=SCI");
getStatistics(area, mean, min, max, std);
List.setMeasurements;
median = List.getValue("Median");
print("reduced " + getTitle() + ": " + getWidth() + "x" + getHeight() + ", median " + d2s(median, 3) + " ADU");
File.saveString(getTitle() + "," + getWidth() + "," + getHeight() + "," + d2s(median, 6) + "," + d2s(mean, 6) + "\n",
	out + "master_calibration.csv");
