// Aperture photometry of a night's V frame (Plugins > Astronomy > Aperture Photometry...): the stars Find
// Stars detects, re-centred (windowed centroid) and measured in r = 5 px apertures with the median of a
// sky annulus of 8-12 px; errors from the frame's ERR (a reduced frame) or the CCD equation (GAIN,
// RDNOISE). Then the brightest star is marked with the point tool and measured again: marked points (or
// the ROI Manager's entries) are positions too. Uses the reduced frame calibrated/science_V_001_red.fits
// when Master Calibration made one (./astro demo does), else the raw frame. Writes
// <night>/photometry/<frame>_phot.csv (the table) and _phot.reg (the apertures, for DS9).
// Argument: the night's directory. Headless:
//   ./astro macro macros/aperture_photometry.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "photometry/";
File.makeDirectory(out);
frame = "calibrated/science_V_001_red.fits";
if (!File.exists(dir + frame)) frame = "science_V_001.fits";
stem = replace(File.getName(frame), ".fits", "");
run("Open FITS...", "path=[" + dir + frame + "]");
title = getTitle();
run("Aperture Photometry...", "radii=5 inner_radius=8 outer_radius=12 sky=median centroid=windowed " +
	"table_file=[" + out + stem + "_phot.csv] regions_file=[" + out + stem + "_phot.reg] overwrite");
stars = nResults;
apertures = Overlay.size;
// the brightest star without flags
best = -1;
for (i = 0; i < stars; i++) {
	if (getResult("flags", i) == 0 && (best < 0 || getResult("net_flux", i) > getResult("net_flux", best))) best = i;
}
x = getResult("x", best);
y = getResult("y", best);
flux = getResult("net_flux", best);
mag = getResult("mag", best);
magErr = getResult("mag_err", best);
print(stars + " stars measured on " + title + "; the brightest unflagged at FITS (" + d2s(x, 2) + ", " + d2s(y, 2) +
	"): mag " + d2s(mag, 3) + " +- " + d2s(magErr, 3));
// mark it (ImageJ's display coordinates are FITS x - 0.5, height - FITS y + 0.5) and measure it alone
selectImage(title);
makePoint(x - 0.5, getHeight() - y + 0.5);
run("Aperture Photometry...", "radii=5 inner_radius=8 outer_radius=12");
marked = getResult("net_flux", 0);
print("the marked star: net flux " + d2s(marked, 1) + " (" + d2s(flux, 1) + " in the table)");
File.saveString(stem + "," + stars + "," + apertures + "," + d2s(x, 6) + "," + d2s(y, 6) + "," + d2s(flux, 6) + "," +
	d2s(marked, 6) + "," + nResults + "\n", out + "aperture_photometry.txt");
