// Star profiles of a night's V frame (Plugins > Astronomy > Fit Star Profiles...): the bright unflagged stars
// Find Stars lists (its CSV table as positions) fitted by elliptical Moffat profiles over a constant sky,
// weighted by the frame's ERR when it has one; the table with errors, the FWHM over the field as a map,
// the fitted ellipses on the image and the seed's 1-D Gaussian fit of the brightest star's row as a plot
// with error bars. Then one star, marked with the point tool, fitted alone with a circular Gaussian. Uses the
// reduced frame calibrated/science_V_001_red.fits when Master Calibration made one (./astro demo does), else
// the raw frame. Writes <night>/psf/<frame>_bright.csv (the positions), _profiles.csv and
// fit_star_profiles.txt.
// Argument: the night's directory. Headless:
//   ./astro macro macros/fit_star_profiles.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "psf/";
File.makeDirectory(out);
frame = "calibrated/science_V_001_red.fits";
if (!File.exists(dir + frame)) frame = "science_V_001.fits";
stem = replace(File.getName(frame), ".fits", "");
run("Open FITS...", "path=[" + dir + frame + "]");
title = getTitle();
run("Find Stars...", "threshold_mode=background k=20 exclude_flagged table_file=[" + out + stem + "_bright.csv] overwrite");
run("Fit Star Profiles...", "model=moffat positions=[" + out + stem + "_bright.csv] map_degree=2 map_binning=32 " +
	"plot_star=0 table_file=[" + out + stem + "_profiles.csv] overwrite");
fitted = 0;
fwhm = 0;
beta = 0;
for (i = 0; i < nResults; i++) {
	if (getResultString("status", i) != "ok") continue;
	fitted++;
	fwhm += getResult("fwhm", i);
	beta += getResult("beta", i);
}
fwhm /= fitted;
beta /= fitted;
print(fitted + " of " + nResults + " Moffat fits converged: mean FWHM " + d2s(fwhm, 3) + " px, beta " + d2s(beta, 3));
// the first star marked on the image, fitted alone (ImageJ's display coordinates are FITS x - 0.5, height - FITS y + 0.5)
x = getResult("x", 0);
y = getResult("y", 0);
selectImage(title);
makePoint(x - 0.5, getHeight() - y + 0.5);
run("Fit Star Profiles...", "model=gaussian circular plot_star=-1");
File.saveString(stem + "," + fitted + "," + d2s(fwhm, 6) + "," + d2s(beta, 6) + "," + d2s(x, 6) + "," + d2s(y, 6) + "," + nResults +
	"," + d2s(getResult("x", 0), 6) + "," + d2s(getResult("fwhm", 0), 6) + "\n", out + "fit_star_profiles.txt");
