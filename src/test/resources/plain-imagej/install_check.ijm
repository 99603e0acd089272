// Run by PlainImageJInstallIT in a plain ImageJ (java -jar ij.jar) with Astro Fiji installed as the README
// says: a gzipped FITS frame, stars found (and none on a frame without any), nResults read, three filters
// composited without naming the bands (red must be the reddest FILTER). Argument: "<dir>" for -batch runs,
// "<dir> gui" to end on an open dialog and a displayed frame for a screenshot.
args = split(getArgument(), " ");
dir = args[0];
gui = args.length > 1;
setBatchMode(!gui);
run("Open FITS...", "path=[" + dir + "science_V_001.fits.gz]");
run("Find Stars...", "threshold_mode=background k=5");
stars = nResults;
run("Open FITS...", "path=[" + dir + "no_stars.fits]");
run("Find Stars...", "threshold_mode=background k=5");
none = nResults;
close("*");
// opened in the order B, V, R: the dialog must still propose R as red
run("Open FITS...", "path=[" + dir + "science_B_001.fits]");
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
run("Open FITS...", "path=[" + dir + "science_R_001.fits]");
run("RGB Composite...", "method=lupton minimum=[2000,1700,1400] stretch=3000 q=8 output=[" + dir + "rgb.png] overwrite");
File.saveString("stars=" + stars + "\nnone=" + none + "\n" + getInfo("log"), dir + "result.txt");
if (gui) {
	close("*");
	run("Open FITS...", "path=[" + dir + "science_V_001.fits.gz]");
	// beside the dialog, 1.5x: the zscale display of a new frame
	run("Set... ", "zoom=150");
	setLocation(840, 90);
	File.saveString("ready", dir + "ready.txt");
	run("Find Stars...");
}
