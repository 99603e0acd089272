// The median-filter recipe (Plugins > Astronomy > Remove Cosmic Rays... with method=median): flag
// pixels where |image - 5x5 median| / sigma > 8 and replace them by the median. sigma is 1.4826 MAD of
// (image - median) here; sigma_from=err takes the median of an ERR image instead (the STIS tutorial's
// choice). Rows given in protect_rows (0-based rows of the FITS array, as numpy counts them) and the
// selection are left untouched: this run protects rows 100-149 and the 64x64 box made below.
// Writes cosmics/science_V_001_median.fits (SCI, CRMASK) and cosmics/cosmics_median.csv.
// Argument: a night's directory with science_V_001.fits. Headless:
//   ./astro macro macros/remove_cosmic_rays_median.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a night with science_V_001.fits");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "cosmics/";
File.makeDirectory(out);
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
makeRectangle(16, 16, 64, 64);
run("Remove Cosmic Rays...", "method=median size=5 threshold=8 sigma_from=mad border=reflect protect_rows=100-149 " +
	"output=[" + out + "science_V_001_median.fits] overwrite");
selectImage("science_V_001-crmask");
getStatistics(area, mean);
flagged = round(area * mean / 255);
// flagged pixels inside the box and in the protected rows (FITS rows 101-150 are ImageJ rows h-150 .. h-101)
makeRectangle(16, 16, 64, 64);
getStatistics(area, mean);
inBox = round(area * mean / 255);
makeRectangle(0, getHeight() - 150, getWidth(), 50);
getStatistics(area, mean);
inRows = round(area * mean / 255);
File.saveString("frame,flagged,in_box,in_rows\nscience_V_001," + flagged + "," + inBox + "," + inRows + "\n",
	out + "cosmics_median.csv");
print("median recipe: " + flagged + " pixels flagged, " + inBox + " in the protected box, " + inRows + " in the protected rows");
