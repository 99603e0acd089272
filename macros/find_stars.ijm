// Find the stars of a simulated night's V frame (Plugins > Astronomy > Find Stars...): a results table,
// ellipses on the image, the label image, a CSV table and a DS9 region file in <night>/stars/.
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/find_stars.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
File.makeDirectory(dir + "stars");
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
frame = getTitle();
run("Find Stars...", "threshold_mode=background k=3 fwhm=2 min_area=5 table_file=[" + dir + "stars/science_V_001_stars.csv] " +
	"regions_file=[" + dir + "stars/science_V_001_stars.reg] overwrite");
stars = nResults;
x = getResult("x", 0);
y = getResult("y", 0);
// the frame stays the active image; the label image opens beside it
labelsImage = "science_V_001-labels";
selectImage(labelsImage);
getStatistics(area, mean, min, max);
selectImage(frame);
marks = Overlay.size;
print("found " + stars + " stars in " + frame + " (" + marks + " ellipses drawn, label image " + labelsImage + " up to " + max + ")");
print("first star at FITS (" + d2s(x, 3) + ", " + d2s(y, 3) + ")");
File.saveString(frame + "," + stars + "," + marks + "," + max + "," + d2s(x, 6) + "," + d2s(y, 6) + "\n", dir + "stars/find_stars.csv");
