// Sky background of a science frame with SExtractor's mesh (Plugins > Astronomy > Fit Background...):
// 64x64-pixel boxes, sigma-clipped mode per box, 3x3 median filter, bicubic spline, as sep.Background.
// Writes the background-subtracted frame with the background and rms maps as extensions, and the
// global values. Argument: a simulated night's directory (./astro demo or simulate_night.ijm). Headless:
//   ./astro macro macros/mesh_background.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
File.makeDirectory(dir + "background");
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
run("Fit Background...", "model=mesh box=64 filter=3 filter_threshold=0 result=both output=[" + dir +
	"background/science_V_001_sky.fits] csv=[" + dir + "background/science_V_001_sky.csv] overwrite");
// the subtracted frame carries the global values in its header
selectImage("science_V_001-subtracted");
sky = parseFloat(Property.get("BKGLEVEL"));
rms = parseFloat(Property.get("BKGRMS"));
getStatistics(area, mean);
selectImage("science_V_001-background");
corner = getPixel(0, 0);
print("science_V_001: sky " + d2s(sky, 2) + " ADU, noise " + d2s(rms, 2) + " ADU; mean after subtraction " + d2s(mean, 2) +
	" ADU; wrote " + dir + "background/science_V_001_sky.fits");
File.saveString(d2s(sky, 6) + "," + d2s(rms, 6) + "," + d2s(mean, 6) + "," + d2s(corner, 6) + "\n", dir + "background/mesh_background.txt");
