// Open a raw frame of a simulated night with its FITS header, report it, and save a 32-bit float copy
// and a gzip-compressed 16-bit copy (Plugins > Astronomy > Open FITS... / Save FITS...).
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/open_save_fits.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
getStatistics(area, mean, min, max, std);
print("opened " + getTitle() + ": " + getWidth() + "x" + getHeight() + ", mean " + d2s(mean, 3) +
	", EXPTIME " + Property.get("EXPTIME") + " s, FILTER " + Property.get("FILTER"));
File.makeDirectory(dir + "copies");
run("Save FITS...", "path=[" + dir + "copies/science_V_001.fits] bitpix=-32 overwrite");
run("Save FITS...", "path=[" + dir + "copies/science_V_001_u16.fits.gz] bitpix=16 overwrite");
File.saveString(getTitle() + "," + getWidth() + "," + getHeight() + "," + d2s(mean, 6) + "," + getPixel(10, 20) + "\n",
	dir + "copies/open_save_fits.csv");
print("saved " + dir + "copies/science_V_001.fits and science_V_001_u16.fits.gz");
